/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * \\.\pipe\spoolss: SPOOLER_PIPE_INSTANCES message-pipe instances, one thread each. A
 * client's uid, pid and session come from the pipe (SO_PEERCRED, pidfd, cgroup), never
 * from a request. Every request is validated before use; a bad one gets an ERROR and the
 * connection stays. A document in progress belongs to its connection: if the client
 * goes away before END_DOC, the job was never accepted and its data is discarded.
 */
#include <errno.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <session0/pipes.h>
#include <session0/session0.h>

#include "shared/io-util.h"
#include "shared/log.h"
#include "shared/macro.h"
#include "spooler.h"

struct conn {
        struct spooler *sp;
        struct s0_pipe *pipe;
        struct s0_pipe_peer peer;
        char user[S0_SPOOL_USER_MAX];
        struct job *doc; /* between START_DOC and END_DOC */
        int doc_fd;
        union {
                struct s0_spool_header hdr;
                uint8_t bytes[S0_SPOOL_MSG_MAX];
                uint64_t align; /* the job records hold 64-bit fields */
        } in, out;
};

static int reply(struct conn *c, size_t n) {
        size_t w;
        c->out.hdr.size = (uint32_t) n;
        return s0_pipe_write(c->pipe, c->out.bytes, n, &w);
}

static int reply_error(struct conn *c, uint32_t code, const char *text) {
        struct s0_spool_error *m = (void *) c->out.bytes;
        memset(m, 0, sizeof *m);
        s0_spool_header_init(&m->hdr, S0_SPOOL_ERROR, sizeof *m);
        m->code = code;
        snprintf(m->text, sizeof m->text, "%s", text);
        return reply(c, sizeof *m);
}

static int reply_ok(struct conn *c, uint32_t job, uint32_t value) {
        struct s0_spool_ok *m = (void *) c->out.bytes;
        memset(m, 0, sizeof *m);
        s0_spool_header_init(&m->hdr, S0_SPOOL_OK, sizeof *m);
        m->job = job;
        m->value = value;
        return reply(c, sizeof *m);
}

/* Document names go into records and messages: control characters become '?'. */
static void sanitize(char *s) {
        for (; *s; s++)
                if ((unsigned char) *s < 0x20 || *s == 0x7f)
                        *s = '?';
}

static void doc_discard(struct conn *c) {
        if (!c->doc)
                return;
        c->doc_fd = safe_close(c->doc_fd);
        store_data_discard(c->sp, c->doc->id);
        free(c->doc);
        c->doc = NULL;
}

static int do_enum_printers(struct conn *c) {
        struct s0_spool_printers *m = (void *) c->out.bytes;
        struct spooler *sp = c->sp;

        memset(m, 0, sizeof *m);
        pthread_mutex_lock(&sp->lock);
        for (size_t i = 0; i < sp->n_printers; i++) {
                struct printer *p = &sp->printers[i];
                struct s0_spool_printer_info *pi = &m->printers[m->count++];
                memset(pi, 0, sizeof *pi);
                snprintf(pi->name, sizeof pi->name, "%s", p->name);
                snprintf(pi->driver, sizeof pi->driver, "%s", p->driver);
                snprintf(pi->status_text, sizeof pi->status_text, "%s", p->status_text);
                pi->capabilities = p->capabilities;
                pi->status = p->status;
                pi->host_pid = p->host_pid;
                for (struct job *j = sp->jobs; j; j = j->next)
                        pi->jobs += strcasecmp(j->printer, p->name) == 0 && j->state < S0_JOB_DONE;
        }
        pthread_mutex_unlock(&sp->lock);
        s0_spool_header_init(&m->hdr, S0_SPOOL_PRINTERS, 0);
        return reply(c, sizeof *m + m->count * sizeof m->printers[0]);
}

static int do_open_printer(struct conn *c) {
        const struct s0_spool_open_printer *q = (const void *) c->in.bytes;
        bool found;
        pthread_mutex_lock(&c->sp->lock);
        found = printer_find(c->sp, q->printer) != NULL;
        pthread_mutex_unlock(&c->sp->lock);
        if (!found)
                return reply_error(c, S0_SPOOL_ERR_INVALID_PRINTER_NAME, "no such printer");
        return reply_ok(c, 0, 0);
}

static int do_start_doc(struct conn *c) {
        const struct s0_spool_start_doc *q = (const void *) c->in.bytes;
        struct spooler *sp = c->sp;
        struct printer *p;
        struct job *j;
        struct timespec ts;
        int r;

        if (c->doc)
                return reply_error(c, S0_SPOOL_ERR_INVALID_PARAMETER, "a document is already open");
        j = calloc(1, sizeof *j);
        if (!j)
                return reply_error(c, S0_SPOOL_ERR_GEN_FAILURE, "out of memory");
        pthread_mutex_lock(&sp->lock);
        p = printer_find(sp, q->printer);
        if (p) {
                snprintf(j->printer, sizeof j->printer, "%s", p->name);
                if (p->capabilities && !(p->capabilities & (1u << q->datatype)))
                        p = NULL, r = S0_SPOOL_ERR_INVALID_DATATYPE;
                else if (jobs_active(sp) >= SPOOLER_JOBS_MAX)
                        p = NULL, r = S0_SPOOL_ERR_NOT_ENOUGH_QUOTA;
                else
                        j->id = sp->next_id++, r = 0;
        } else
                r = S0_SPOOL_ERR_INVALID_PRINTER_NAME;
        pthread_mutex_unlock(&sp->lock);
        if (r) {
                free(j);
                return reply_error(c, (uint32_t) r, r == S0_SPOOL_ERR_INVALID_PRINTER_NAME ? "no such printer" :
                                                    r == S0_SPOOL_ERR_INVALID_DATATYPE ? "the printer's driver does not take this datatype" :
                                                                                          "the print queue is full");
        }
        j->state = S0_JOB_SPOOLING;
        j->priority = S0_SPOOL_PRIORITY_DEFAULT;
        j->uid = c->peer.uid;
        j->gid = c->peer.gid;
        j->session = c->peer.session;
        j->datatype = q->datatype;
        (void) clock_gettime(CLOCK_REALTIME, &ts);
        j->submitted_ns = (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
        snprintf(j->user, sizeof j->user, "%s", c->user);
        snprintf(j->document, sizeof j->document, "%s", q->document[0] ? q->document : "Untitled");
        sanitize(j->document);
        r = store_data_create(sp, j->id, &c->doc_fd);
        if (r < 0) {
                free(j);
                log_error_errno(r, "Cannot create spool file");
                return reply_error(c, S0_SPOOL_ERR_GEN_FAILURE, "cannot create the spool file");
        }
        c->doc = j;
        return reply_ok(c, j->id, 0);
}

static int do_write(struct conn *c) {
        size_t n = c->in.hdr.size - sizeof(struct s0_spool_header);
        int r;
        if (!c->doc)
                return reply_error(c, S0_SPOOL_ERR_SPL_NO_STARTDOC, "no document started");
        if (c->doc->size + n > SPOOLER_JOB_BYTES_MAX)
                return reply_error(c, S0_SPOOL_ERR_DISK_FULL, "the document is too large");
        r = loop_write(c->doc_fd, c->in.bytes + sizeof(struct s0_spool_header), n);
        if (r < 0)
                return reply_error(c, r == -ENOSPC ? S0_SPOOL_ERR_DISK_FULL : S0_SPOOL_ERR_GEN_FAILURE,
                                   "cannot write the spool file");
        c->doc->size += n;
        return reply_ok(c, c->doc->id, (uint32_t) n);
}

static int do_end_doc(struct conn *c) {
        struct spooler *sp = c->sp;
        struct job *j = c->doc;
        uint32_t id;
        int r;

        if (!j)
                return reply_error(c, S0_SPOOL_ERR_SPL_NO_STARTDOC, "no document started");
        j->state = S0_JOB_QUEUED;
        pthread_mutex_lock(&sp->lock);
        j->order = sp->next_order++; /* last in the queue */
        pthread_mutex_unlock(&sp->lock);
        r = store_accept(sp, j, c->doc_fd);
        if (r < 0) {
                log_error_errno(r, "Cannot commit job %" PRIu32, j->id);
                doc_discard(c);
                return reply_error(c, r == -ENOSPC ? S0_SPOOL_ERR_DISK_FULL : S0_SPOOL_ERR_GEN_FAILURE,
                                   "cannot commit the job to disk");
        }
        c->doc_fd = safe_close(c->doc_fd);
        c->doc = NULL;
        id = j->id;
        pthread_mutex_lock(&sp->lock);
        jobs_insert(sp, j);
        pthread_cond_broadcast(&sp->work);
        pthread_mutex_unlock(&sp->lock);
        log_info("job %" PRIu32 " accepted: '%s' from %s (uid %u, session %" PRIu32 "), %" PRIu64 " bytes, printer %s",
                 id, j->document, c->user, (unsigned) c->peer.uid, c->peer.session, j->size, j->printer);
        /* j is the printer thread's from here on: only id is used */
        return reply_ok(c, id, 0);
}

static int do_enum_jobs(struct conn *c) {
        const struct s0_spool_enum_jobs *q = (const void *) c->in.bytes;
        struct s0_spool_jobs *m = (void *) c->out.bytes;
        struct spooler *sp = c->sp;
        uint32_t index = 0;

        memset(m, 0, sizeof *m);
        pthread_mutex_lock(&sp->lock);
        if (q->printer[0] && !printer_find(sp, q->printer)) {
                pthread_mutex_unlock(&sp->lock);
                return reply_error(c, S0_SPOOL_ERR_INVALID_PRINTER_NAME, "no such printer");
        }
        for (struct job *j = sp->jobs; j; j = j->next) {
                struct s0_spool_job_info *ji;
                if (q->printer[0] && strcasecmp(j->printer, q->printer) != 0)
                        continue;
                if (index++ < q->first || m->count >= S0_SPOOL_JOBS_PAGE)
                        continue;
                ji = &m->jobs[m->count++];
                memset(ji, 0, sizeof *ji);
                *ji = (struct s0_spool_job_info) { .id = j->id, .state = j->state, .paused = j->paused, .uid = j->uid,
                                                   .session = j->session, .datatype = j->datatype, .priority = j->priority, .size = j->size,
                                                   .submitted_ns = j->submitted_ns };
                snprintf(ji->printer, sizeof ji->printer, "%s", j->printer);
                snprintf(ji->user, sizeof ji->user, "%s", j->user);
                snprintf(ji->document, sizeof ji->document, "%s", j->document);
                snprintf(ji->status_text, sizeof ji->status_text, "%s", j->status);
                /* where the output went is the owner's business */
                if (c->peer.uid == 0 || c->peer.uid == j->uid)
                        snprintf(ji->output, sizeof ji->output, "%s", j->output);
        }
        m->total = index;
        pthread_mutex_unlock(&sp->lock);
        s0_spool_header_init(&m->hdr, S0_SPOOL_JOBS, 0);
        return reply(c, sizeof *m + m->count * sizeof m->jobs[0]);
}

static const char *command_name(uint32_t cmd) {
        switch (cmd) {
        case S0_JOB_CONTROL_PAUSE: return "pause";
        case S0_JOB_CONTROL_RESUME: return "resume";
        case S0_JOB_CONTROL_CANCEL: return "cancel";
        case S0_JOB_CONTROL_RESTART: return "restart";
        default: return "delete";
        }
}

static int do_set_job(struct conn *c) {
        const struct s0_spool_set_job *q = (const void *) c->in.bytes;
        struct spooler *sp = c->sp;
        uint32_t err = 0, owner_session = S0_SESSION_NONE;
        char owner[S0_SPOOL_USER_MAX] = "";
        struct job *j;

        pthread_mutex_lock(&sp->lock);
        j = jobs_find(sp, q->job);
        if (!j)
                err = S0_SPOOL_ERR_INVALID_PARAMETER;
        else if (c->peer.uid != 0 && c->peer.uid != j->uid) {
                /* Windows: Manage Documents is the owner's (CREATOR OWNER) and the admins' */
                err = S0_SPOOL_ERR_ACCESS_DENIED;
                owner_session = j->session;
                snprintf(owner, sizeof owner, "%s", j->user);
        } else
                switch (q->command) {
                case S0_JOB_CONTROL_PAUSE:
                case S0_JOB_CONTROL_RESUME:
                        if (j->state == S0_JOB_QUEUED || j->state == S0_JOB_PRINTING) {
                                j->paused = q->command == S0_JOB_CONTROL_PAUSE;
                                (void) store_save(sp, j);
                                pthread_cond_broadcast(&sp->work);
                        }
                        break;
                case S0_JOB_CONTROL_CANCEL:
                case S0_JOB_CONTROL_DELETE:
                        if (j->state == S0_JOB_QUEUED) {
                                j->state = S0_JOB_CANCELLED;
                                snprintf(j->status, sizeof j->status, "cancelled by %s", c->user);
                                (void) store_save(sp, j);
                                store_remove_data(sp, j->id);
                        } else if (j->state >= S0_JOB_DONE && q->command == S0_JOB_CONTROL_DELETE) {
                                /* a finished job is no one's pointer but the list's */
                                jobs_remove(sp, j);
                                store_remove(sp, q->job);
                                free(j);
                        } else if (j->state == S0_JOB_PRINTING) {
                                j->cancel = true;
                                struct printer *p = printer_find(sp, j->printer);
                                if (p)
                                        printer_cancel(p, j->id);
                        }
                        break;
                default:
                        err = S0_SPOOL_ERR_NOT_SUPPORTED;
                }
        pthread_mutex_unlock(&sp->lock);
        if (err == S0_SPOOL_ERR_ACCESS_DENIED) {
                log_notice("refused: %s (uid %u, session %" PRIu32 ") may not %s job %" PRIu32 " of %s", c->user,
                           (unsigned) c->peer.uid, c->peer.session, command_name(q->command), q->job, owner);
                notify_audit(sp, c->peer.session, (int32_t) err, "%s job %" PRIu32 " of %s by %s",
                             command_name(q->command), q->job, owner, c->user);
                (void) owner_session;
                return reply_error(c, err, "the job belongs to another user");
        }
        if (err)
                return reply_error(c, err, err == S0_SPOOL_ERR_INVALID_PARAMETER ? "no such job" : "not supported");
        return reply_ok(c, q->job, 0);
}

/* Checks and applies one SET_JOB_INFO under sp->lock; 0 or a Win32 error. */
static uint32_t set_job_info_locked(struct conn *c, const struct s0_spool_set_job_info *q, struct job *j) {
        struct spooler *sp = c->sp;
        int r;

        /* Windows: a job that is gone, or printed, is ERROR_INVALID_PARAMETER; so is moving
         * the job that is printing (it has no place in the queue any more) */
        if (j->state >= S0_JOB_DONE || (q->position && j->state != S0_JOB_QUEUED))
                return S0_SPOOL_ERR_INVALID_PARAMETER;
        if (q->priority && q->priority < S0_SPOOL_PRIORITY_MIN)
                return S0_SPOOL_ERR_INVALID_PARAMETER;
        if (q->document[0]) {
                snprintf(j->document, sizeof j->document, "%s", q->document);
                sanitize(j->document);
        }
        if (q->priority && q->priority != j->priority) {
                j->priority = q->priority;
                if (j->state == S0_JOB_QUEUED && !q->position)
                        jobs_requeue_by_priority(sp, j);
        }
        if (q->position)
                jobs_move(sp, j, q->position); /* an explicit place wins over the priority order */
        r = store_save(sp, j);
        if (r < 0) {
                log_error_errno(r, "Cannot save job %" PRIu32, j->id);
                return S0_SPOOL_ERR_GEN_FAILURE;
        }
        pthread_cond_broadcast(&sp->work);
        return 0;
}

static int do_set_job_info(struct conn *c) {
        const struct s0_spool_set_job_info *q = (const void *) c->in.bytes;
        struct spooler *sp = c->sp;
        char owner[S0_SPOOL_USER_MAX] = "";
        uint32_t err;
        struct job *j;

        pthread_mutex_lock(&sp->lock);
        j = jobs_find(sp, q->job);
        if (!j)
                err = S0_SPOOL_ERR_INVALID_PARAMETER;
        else if (c->peer.uid != 0 && c->peer.uid != j->uid) {
                err = S0_SPOOL_ERR_ACCESS_DENIED; /* Manage Documents: the owner's and root's */
                snprintf(owner, sizeof owner, "%s", j->user);
        } else
                err = set_job_info_locked(c, q, j);
        pthread_mutex_unlock(&sp->lock);
        if (err == S0_SPOOL_ERR_ACCESS_DENIED) {
                log_notice("refused: %s (uid %u, session %" PRIu32 ") may not change job %" PRIu32 " of %s", c->user,
                           (unsigned) c->peer.uid, c->peer.session, q->job, owner);
                notify_audit(sp, c->peer.session, (int32_t) err, "change job %" PRIu32 " of %s by %s", q->job, owner,
                             c->user);
                return reply_error(c, err, "the job belongs to another user");
        }
        if (err)
                return reply_error(c, err, err == S0_SPOOL_ERR_INVALID_PARAMETER ? "no such queued job, or a bad value"
                                                                                 : "cannot save the job");
        return reply_ok(c, q->job, 0);
}

static int dispatch(struct conn *c, size_t n) {
        if (s0_spool_msg_validate(c->in.bytes, n) < 0)
                return reply_error(c, S0_SPOOL_ERR_INVALID_PARAMETER, "malformed request");
        switch (c->in.hdr.type) {
        case S0_SPOOL_ENUM_PRINTERS: return do_enum_printers(c);
        case S0_SPOOL_OPEN_PRINTER: return do_open_printer(c);
        case S0_SPOOL_START_DOC: return do_start_doc(c);
        case S0_SPOOL_WRITE: return do_write(c);
        case S0_SPOOL_END_DOC: return do_end_doc(c);
        case S0_SPOOL_ABORT_DOC:
                if (!c->doc)
                        return reply_error(c, S0_SPOOL_ERR_SPL_NO_STARTDOC, "no document started");
                doc_discard(c);
                return reply_ok(c, 0, 0);
        case S0_SPOOL_ENUM_JOBS: return do_enum_jobs(c);
        case S0_SPOOL_SET_JOB: return do_set_job(c);
        case S0_SPOOL_SET_JOB_INFO: return do_set_job_info(c);
        default: return reply_error(c, S0_SPOOL_ERR_INVALID_PARAMETER, "not a request");
        }
}

static void serve(struct conn *c) {
        struct passwd pw, *res = NULL;
        char buf[1024];

        if (s0_pipe_peer(c->pipe, &c->peer) < 0) {
                /* in no session (or gone): there is nobody to print for, nor to tell */
                (void) reply_error(c, S0_SPOOL_ERR_ACCESS_DENIED, "the client is in no session");
                return;
        }
        if (getpwuid_r(c->peer.uid, &pw, buf, sizeof buf, &res) == 0 && res)
                snprintf(c->user, sizeof c->user, "%s", pw.pw_name);
        else
                snprintf(c->user, sizeof c->user, "%u", (unsigned) c->peer.uid);
        for (;;) {
                size_t n;
                int r = s0_pipe_read(c->pipe, c->in.bytes, sizeof c->in.bytes, &n);
                if (r < 0)
                        break; /* the client left */
                if (r == 1) {
                        /* larger than any message: cannot happen on a message pipe of 64 KiB */
                        (void) reply_error(c, S0_SPOOL_ERR_INVALID_PARAMETER, "message too long");
                        break;
                }
                if (dispatch(c, n) < 0)
                        break;
        }
        doc_discard(c);
}

static void *instance_thread(void *arg) {
        struct conn *c = arg;
        for (;;) {
                int r = s0_pipe_connect(c->pipe);
                if (r >= 0)
                        serve(c);
                else if (r != -EPIPE) {
                        log_error_errno(r, "ConnectNamedPipe on \\\\.\\pipe\\" S0_SPOOL_PIPE_NAME " failed");
                        return NULL;
                }
                (void) s0_pipe_disconnect(c->pipe);
                memset(&c->peer, 0, sizeof c->peer);
        }
}

int server_start(struct spooler *sp) {
        for (unsigned i = 0; i < SPOOLER_PIPE_INSTANCES; i++) {
                struct s0_pipe_create_args a = {
                        .runtime_dir = sp->runtime_dir,
                        .name = S0_SPOOL_PIPE_NAME,
                        /* the first instance claims the name: a squatter makes us fail safe (A17) */
                        .flags = S0_PIPE_MESSAGE | S0_PIPE_READ_MESSAGE | (i == 0 ? S0_PIPE_FIRST_INSTANCE : 0),
                        .max_instances = SPOOLER_PIPE_INSTANCES,
                };
                struct conn *c = calloc(1, sizeof *c);
                pthread_t t;
                int r;

                if (!c)
                        return -ENOMEM;
                c->sp = sp;
                c->doc_fd = -1;
                r = s0_pipe_create(&a, &c->pipe);
                if (r < 0) {
                        free(c);
                        return log_error_errno(r, "Cannot create \\\\.\\pipe\\" S0_SPOOL_PIPE_NAME "%s",
                                               r == -EACCES && i == 0 ? " (someone else holds the name)" : "");
                }
                r = -pthread_create(&t, NULL, instance_thread, c);
                if (r < 0)
                        return log_error_errno(r, "Cannot start a pipe thread");
                (void) pthread_detach(t);
        }
        return 0;
}
