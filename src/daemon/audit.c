/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The audit journal. Three places hold events:
 *   the ring      the last AUDIT_RING_SIZE events in memory, seq s at ring[s % size]:
 *                 what queries (S0_MSG_EVENTS) and followers read;
 *   the journal   <audit-dir>/events.log and events.log.1, JSON lines, each file at most
 *                 --audit-max-kb: when the next line would not fit, events.log is renamed
 *                 over events.log.1 and a new one begun -- so the disk holds between one
 *                 and two files' worth of the newest events, never more;
 *   followers     connections subscribed with S0_MSG_EVENTS_FOLLOW: each new event is
 *                 pushed at once, from the ring, at the follower's own pace.
 * Recording never blocks and never fails a crossing: a write the disk refuses (full,
 * EIO, read-only) loses that event from the journal only (it stays in the ring), and is
 * counted. The journal must be on a local file system: write() on a hung network mount
 * would stall the daemon.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <session0/session0.h>

#include "audit.h"
#include "daemon.h"
#include "shared/audit-json.h"
#include "shared/cgroup-path.h"
#include "shared/log.h"
#include "shared/macro.h"

#define JOURNAL "events.log"
#define JOURNAL_OLD "events.log.1"
#define TAIL_READ 8192 /* enough for several whole lines */
#define RATE_SLOTS 64
#define NO_UID 0xFFFFFFFFu

struct follower {
        uint64_t conn_id;
        uint32_t cookie;
        uid_t uid;           /* what it may read */
        uint32_t session;    /* filter */
        uint32_t kind;       /* filter */
        uint64_t pos;        /* the next seq to look at */
        bool gap;            /* events before pos were dropped: say so in the next page */
        bool waiting_out;    /* EPOLLOUT requested: its socket was full */
        struct follower *next;
};

struct rate_slot {
        uid_t uid;
        int64_t second;
        uint32_t count;
        bool used;
};

/* The request control.c is dispatching, to be recorded when its handler returns. */
struct pending {
        bool active, replied;
        uint64_t conn_id;
        uint32_t cookie;
        uint32_t kind;
        uint32_t target_session;
        uint32_t session; /* the caller's, read before the handler (JOIN moves it) */
        int result;
        char target[S0_EVENT_TARGET_MAX];
};

struct s0_audit {
        bool journal;         /* false: --audit-dir none */
        char *dir;
        int dir_fd, log_fd;
        uint64_t size, max_bytes;
        int64_t reopen_after; /* CLOCK_MONOTONIC seconds: no retry before */
        uint64_t lost, written;
        uint64_t next_seq;
        uint64_t ring_count;  /* events in the ring: seqs [next_seq - ring_count, next_seq) */
        struct s0_event ring[AUDIT_RING_SIZE];
        struct follower *followers;
        unsigned n_followers, n_user_followers; /* all; those of non-root uids */
        struct rate_slot rate[RATE_SLOTS];
        struct pending cur;
        struct s0_rep_event_list *page; /* S0_MSG_SIZE_MAX bytes, for pushes */
};

static int64_t now_mono_sec(void) {
        struct timespec ts;
        (void) clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t) ts.tv_sec;
}

static int64_t now_real_ns(void) {
        struct timespec ts;
        (void) clock_gettime(CLOCK_REALTIME, &ts);
        return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- the journal on disk --------------------------------------------------------- */

static int mkdir_parents(const char *path, mode_t mode) {
        char buf[4096];
        if (snprintf(buf, sizeof buf, "%s", path) >= (int) sizeof buf)
                return -ENAMETOOLONG;
        for (char *p = buf + 1; *p; p++)
                if (*p == '/') {
                        *p = 0;
                        if (mkdir(buf, 0755) < 0 && errno != EEXIST)
                                return -errno;
                        *p = '/';
                }
        if (mkdir(buf, mode) < 0 && errno != EEXIST)
                return -errno;
        return 0;
}

static void journal_close(struct s0_audit *a) {
        a->log_fd = safe_close(a->log_fd);
        a->dir_fd = safe_close(a->dir_fd);
}

/* Opens (creating) the directory and events.log. The files are root's, 0640: the
 * journal names who tried what; users read their part through the daemon. */
static int journal_open(struct s0_audit *a) {
        struct stat st;
        int r;

        if (a->dir_fd < 0) {
                r = mkdir_parents(a->dir, 0750);
                if (r < 0)
                        return r;
                a->dir_fd = open(a->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (a->dir_fd < 0)
                        return -errno;
        }
        a->log_fd = openat(a->dir_fd, JOURNAL, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC,
                           0640);
        if (a->log_fd < 0)
                return -errno;
        if (fstat(a->log_fd, &st) < 0 || !S_ISREG(st.st_mode)) {
                a->log_fd = safe_close(a->log_fd);
                return -EBADF;
        }
        a->size = (uint64_t) st.st_size;
        return 0;
}

/* events.log becomes events.log.1 (replacing the older one), and a new events.log begins. */
static int journal_rotate(struct s0_audit *a) {
        a->log_fd = safe_close(a->log_fd);
        if (renameat(a->dir_fd, JOURNAL, a->dir_fd, JOURNAL_OLD) < 0)
                return -errno;
        return journal_open(a);
}

static void journal_lost(struct s0_audit *a, int r) {
        a->lost++;
        if (a->lost % AUDIT_LOST_LOG_EVERY == 1)
                log_warning("Audit journal '%s/" JOURNAL "': event not written (%s); %" PRIu64
                            " lost so far, the next %u losses are not logged",
                            a->dir, strerror(-r), a->lost, AUDIT_LOST_LOG_EVERY - 1);
}

static void journal_write(struct s0_audit *a, const struct s0_event *e) {
        char line[AUDIT_JSON_LINE_MAX];
        ssize_t k;
        int n, r;

        if (!a->journal)
                return;
        if (a->log_fd < 0) {
                int64_t now = now_mono_sec();
                if (now < a->reopen_after) {
                        journal_lost(a, -EBADF);
                        return;
                }
                r = journal_open(a);
                if (r < 0) {
                        a->reopen_after = now + 1; /* not one failing open() per event */
                        journal_lost(a, r);
                        return;
                }
        }
        n = audit_event_format_json(e, line, sizeof line - 1);
        if (n < 0) {
                journal_lost(a, n);
                return;
        }
        line[n++] = '\n';
        if (a->size + (uint64_t) n > a->max_bytes && a->size > 0) {
                r = journal_rotate(a);
                if (r < 0) {
                        a->reopen_after = now_mono_sec() + 1;
                        journal_lost(a, r);
                        return;
                }
        }
        do
                k = write(a->log_fd, line, (size_t) n);
        while (k < 0 && errno == EINTR);
        if (k == n) {
                a->size += (uint64_t) n;
                a->written++;
                return;
        }
        /* A partial line would corrupt the one after it: cut it off again. */
        if (k > 0)
                (void) ftruncate(a->log_fd, (off_t) a->size);
        journal_lost(a, k < 0 ? -errno : -ENOSPC);
}

/* The highest seq in the file name, from its tail; -ENOENT if none. */
static int journal_file_last_seq(int dir_fd, const char *name, uint64_t *ret) {
        _cleanup_close_ int fd = openat(dir_fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        char buf[TAIL_READ];
        struct stat st;
        off_t off;
        ssize_t n;

        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
                return -EBADF;
        off = st.st_size > TAIL_READ ? st.st_size - TAIL_READ : 0;
        n = pread(fd, buf, sizeof buf, off);
        if (n < 0)
                return -errno;
        return audit_json_tail_seq(buf, (size_t) n, off > 0, ret);
}

static void journal_continue_seq(struct s0_audit *a) {
        uint64_t seq;
        if (a->dir_fd < 0)
                return;
        /* events.log is the newer file; it may have just been rotated and be empty */
        if (journal_file_last_seq(a->dir_fd, JOURNAL, &seq) == 0 ||
            journal_file_last_seq(a->dir_fd, JOURNAL_OLD, &seq) == 0)
                a->next_seq = seq + 1;
}

/* ---- identity, visibility, rate ---------------------------------------------------- */

/* The session of pid, from its cgroup: what the kernel says, not what anyone claims. */
static uint32_t session_of_pid(struct s0_daemon *d, pid_t pid) {
        _cleanup_free_ char *path = NULL;
        uint32_t id;

        if (pid <= 0 || proc_cgroup_path(pid, &path) < 0)
                return S0_SESSION_NONE;
        if (s0_session_from_cgroup_path(d->root_path, path, &id) < 0)
                return S0_SESSION_NONE;
        return id;
}

static uint32_t session_uid(struct s0_daemon *d, uint32_t id) {
        struct s0_session *s = id == S0_SESSION_NONE ? NULL : session_get(d, id);
        return s && s->uid != (uid_t) -1 ? (uint32_t) s->uid : NO_UID;
}

static bool event_visible(const struct s0_event *e, uid_t uid) {
        return uid == 0 || e->uid == uid || e->target_uid == uid;
}

static bool event_matches(const struct s0_event *e, uint32_t session, uint32_t kind) {
        if (kind != S0_EVENT_NONE && e->kind != kind)
                return false;
        return session == S0_SESSION_NONE || e->session == session || e->target_session == session;
}

/* 0: record it; 1: over the limit, record one "suppressed" event instead; 2: drop. */
static int rate_check(struct s0_audit *a, uid_t uid) {
        int64_t sec = now_mono_sec();
        struct rate_slot *slot = NULL, *oldest = &a->rate[0];

        if (uid == 0)
                return 0;
        for (unsigned i = 0; i < RATE_SLOTS; i++) {
                struct rate_slot *s = &a->rate[i];
                if (s->used && s->uid == uid) {
                        slot = s;
                        break;
                }
                if (!s->used || s->second < oldest->second || (oldest->used && !s->used))
                        oldest = s;
        }
        if (!slot) {
                /* the least recently active uid gives its slot up: at worst it starts a new count */
                slot = oldest;
                *slot = (struct rate_slot){ .uid = uid, .second = sec, .used = true };
        }
        if (slot->second != sec) {
                slot->second = sec;
                slot->count = 0;
        }
        slot->count++;
        if (slot->count <= AUDIT_RATE_PER_UID)
                return 0;
        return slot->count == AUDIT_RATE_PER_UID + 1 ? 1 : 2;
}

/* ---- followers ----------------------------------------------------------------------- */

static uint64_t ring_oldest(const struct s0_audit *a) { return a->next_seq - a->ring_count; }

static const struct s0_event *ring_get(const struct s0_audit *a, uint64_t seq) {
        return &a->ring[seq % AUDIT_RING_SIZE];
}

/* Fills page with up to max events from *pos on that uid may read and that match;
 * *pos ends after the last event looked at. Returns the count. */
static uint32_t page_fill(const struct s0_audit *a, struct s0_rep_event_list *page, uint64_t *pos, uid_t uid,
                          uint32_t session, uint32_t kind, uint32_t max) {
        uint32_t count = 0;
        uint64_t s = *pos;

        for (; s < a->next_seq && count < max; s++) {
                const struct s0_event *e = ring_get(a, s);
                if (event_visible(e, uid) && event_matches(e, session, kind))
                        page->events[count++] = *e;
        }
        *pos = s;
        return count;
}

static void follower_want_out(struct s0_daemon *d, struct s0_conn *c, struct follower *f, bool on) {
        struct epoll_event ev = { .events = EPOLLIN | (on ? EPOLLOUT : 0), .data.ptr = &c->w };
        if (f->waiting_out == on)
                return;
        if (epoll_ctl(d->epoll_fd, EPOLL_CTL_MOD, c->w.fd, &ev) == 0)
                f->waiting_out = on;
}

/* Sends f what it has not seen, as far as its socket takes it. Returns -EPIPE if the
 * connection is broken (the follower is then dropped by the caller). */
static int follower_pump(struct s0_daemon *d, struct follower *f) {
        struct s0_audit *a = d->audit;
        struct s0_conn *c = conn_by_id(d, f->conn_id);
        struct s0_rep_event_list *page = a->page;

        if (!c)
                return -EPIPE;
        for (;;) {
                uint64_t pos;
                uint32_t count;
                size_t size;
                ssize_t k;

                /* drop the oldest: a slow follower gets a gap, never unbounded memory */
                if (f->pos < ring_oldest(a)) {
                        f->pos = ring_oldest(a);
                        f->gap = true;
                }
                if (a->next_seq - f->pos > AUDIT_FOLLOW_BACKLOG_MAX) {
                        f->pos = a->next_seq - AUDIT_FOLLOW_BACKLOG_MAX;
                        f->gap = true;
                }
                pos = f->pos;
                count = page_fill(a, page, &pos, f->uid, f->session, f->kind, (uint32_t) S0_EVENT_LIST_MAX);
                if (count == 0 && !f->gap) {
                        f->pos = pos;
                        follower_want_out(d, c, f, false);
                        return 0;
                }
                page->count = count;
                page->flags = f->gap ? S0_EVENTS_GAP : 0;
                page->next_seq = pos;
                size = sizeof *page + count * sizeof page->events[0];
                msg_header_init(&page->hdr, S0_MSG_EVENT_LIST, size, f->cookie);
                do
                        k = send(c->w.fd, page, size, MSG_DONTWAIT | MSG_NOSIGNAL);
                while (k < 0 && errno == EINTR);
                if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS)) {
                        follower_want_out(d, c, f, true);
                        return 0;
                }
                if (k < 0 || (size_t) k != size)
                        return -EPIPE;
                f->pos = pos;
                f->gap = false;
                if (pos >= a->next_seq) {
                        follower_want_out(d, c, f, false);
                        return 0;
                }
        }
}

/* Root's followers (s0-scm, every session host, s0-ui0detect) have a cap of their own:
 * users filling theirs cannot keep services or windows from hearing of session changes. */
static void follower_count_drop(struct s0_audit *a, const struct follower *f) {
        a->n_followers--;
        if (f->uid != 0)
                a->n_user_followers--;
}

static void followers_pump_all(struct s0_daemon *d) {
        struct s0_audit *a = d->audit;
        for (struct follower **p = &a->followers; *p;) {
                struct follower *f = *p;
                /* a blocked follower resumes on EPOLLOUT, not on every event */
                if (!f->waiting_out && follower_pump(d, f) < 0) {
                        *p = f->next;
                        follower_count_drop(a, f);
                        free(f);
                        continue;
                }
                if (f->waiting_out && !conn_by_id(d, f->conn_id)) {
                        *p = f->next;
                        follower_count_drop(a, f);
                        free(f);
                        continue;
                }
                p = &f->next;
        }
}

void audit_conn_writable(struct s0_daemon *d, struct s0_conn *c) {
        struct s0_audit *a = d->audit;
        if (!a)
                return;
        for (struct follower **p = &a->followers; *p; p = &(*p)->next) {
                struct follower *f = *p;
                if (f->conn_id != c->id)
                        continue;
                /* EPOLLOUT stays on until the pump has sent everything */
                if (follower_pump(d, f) < 0) {
                        *p = f->next;
                        follower_count_drop(a, f);
                        free(f);
                }
                return;
        }
}

/* ---- recording ------------------------------------------------------------------------- */

static void record_event(struct s0_daemon *d, const struct s0_conn *c, uint32_t kind, uint32_t flags,
                         uint32_t session, uint32_t target_session, const char *target, int result) {
        struct s0_audit *a = d->audit;
        struct s0_event *e;
        uid_t uid = c ? c->uid : 0;
        char why[96];

        if (!a)
                return;
        switch (rate_check(a, uid)) {
        case 0:
                break;
        case 1:
                kind = S0_EVENT_SUPPRESSED;
                flags = 0;
                target_session = S0_SESSION_NONE;
                snprintf(why, sizeof why, "more than %u events in a second from this uid: rest of the second dropped",
                         AUDIT_RATE_PER_UID);
                target = why;
                result = -EBUSY;
                break;
        default:
                return;
        }
        e = &a->ring[a->next_seq % AUDIT_RING_SIZE];
        memset(e, 0, sizeof *e);
        e->seq = a->next_seq;
        e->time_ns = now_real_ns();
        e->kind = kind;
        e->result = result;
        e->pid = c ? (int32_t) c->pid : (int32_t) getpid();
        e->uid = (uint32_t) uid;
        e->session = session;
        e->target_session = target_session;
        e->target_uid = session_uid(d, target_session);
        e->flags = flags;
        if (target_session != S0_SESSION_NONE && session != target_session)
                e->flags |= S0_EVENT_CROSS_SESSION;
        if (target)
                (void) snprintf(e->target, sizeof e->target, "%s", target);
        a->next_seq++;
        if (a->ring_count < AUDIT_RING_SIZE)
                a->ring_count++;
        journal_write(a, e);
        followers_pump_all(d);
}

void audit_record(struct s0_daemon *d, const struct s0_conn *c, uint32_t kind, uint32_t target_session,
                  const char *target, int result) {
        if (!d->audit)
                return;
        record_event(d, c, kind, 0, c ? session_of_pid(d, c->pid) : S0_SESSION_NONE, target_session, target, result);
}

/* Which requests are crossings, and what they aim at. Queries (LIST, SESSION_OF) are
 * how WTSEnumerateSessions and ProcessIdToSessionId work and are answered for anyone:
 * recorded only when refused. */
static uint32_t request_kind(uint16_t type) {
        switch (type) {
        case S0_MSG_LOGON:
                return S0_EVENT_LOGON;
        case S0_MSG_LOGOFF:
                return S0_EVENT_LOGOFF;
        case S0_MSG_DISCONNECT:
                return S0_EVENT_DISCONNECT;
        case S0_MSG_JOIN:
                return S0_EVENT_JOIN;
        case S0_MSG_SPAWN:
                return S0_EVENT_SPAWN;
        case S0_MSG_OBJ_REAP:
                return S0_EVENT_OBJ_REAP;
        case S0_MSG_LIST:
                return S0_EVENT_LIST;
        case S0_MSG_SESSION_OF:
                return S0_EVENT_SESSION_OF;
        default:
                return S0_EVENT_NONE;
        }
}

/* Keeps the beginning of src: a target longer than an event holds is cut, on purpose. */
static void target_copy(char *dst, size_t size, const char *src) {
        size_t l = strnlen(src, size - 1);
        memcpy(dst, src, l);
        dst[l] = 0;
}

static void target_append(char *dst, size_t size, const char *src) {
        size_t l = strlen(dst);
        target_copy(dst + l, size - l, src);
}

void audit_request_begin(struct s0_daemon *d, const struct s0_conn *c, const void *buf, size_t n) {
        const struct s0_msg_header *h = buf;
        struct s0_audit *a = d->audit;
        struct pending *p;

        if (!a)
                return;
        p = &a->cur;
        p->active = false;
        p->kind = request_kind(h->type);
        if (p->kind == S0_EVENT_NONE)
                return;
        p->active = true;
        p->replied = false;
        p->conn_id = c->id;
        p->cookie = h->cookie;
        p->result = 0;
        p->target_session = S0_SESSION_NONE;
        p->target[0] = 0;
        /* LIST and SESSION_OF are recorded only when refused: no /proc read for them now */
        p->session = p->kind == S0_EVENT_LIST || p->kind == S0_EVENT_SESSION_OF ? S0_SESSION_NONE
                                                                                   : session_of_pid(d, c->pid);
        switch (h->type) {
        case S0_MSG_LOGON:
                target_copy(p->target, sizeof p->target, ((const struct s0_req_logon *) buf)->user);
                break;
        case S0_MSG_JOIN:
                target_copy(p->target, sizeof p->target, ((const struct s0_req_join *) buf)->user);
                break;
        case S0_MSG_LOGOFF:
        case S0_MSG_DISCONNECT:
                p->target_session = ((const struct s0_req_session *) buf)->session_id;
                break;
        case S0_MSG_OBJ_REAP: {
                const struct s0_req_obj_reap *m = buf;
                p->target_session = m->session;
                target_copy(p->target, sizeof p->target, m->file);
                break;
        }
        case S0_MSG_SPAWN: {
                /* validated: argc >= 1 strings follow the fixed part, the first is argv[0] */
                const struct s0_req_spawn *m = buf;
                const char *argv0 = (const char *) (m + 1);
                p->target_session = m->session_id;
                target_copy(p->target, sizeof p->target, argv0);
                if (m->user[0]) {
                        target_append(p->target, sizeof p->target, " (as ");
                        target_append(p->target, sizeof p->target, m->user);
                        target_append(p->target, sizeof p->target, ")");
                }
                break;
        }
        case S0_MSG_SESSION_OF:
                snprintf(p->target, sizeof p->target, "pid %d", ((const struct s0_req_pid *) buf)->pid);
                break;
        default:
                break;
        }
        (void) n;
}

void audit_request_reply(struct s0_daemon *d, const struct s0_conn *c, const void *msg, size_t size) {
        const struct s0_msg_header *h = msg;
        struct pending *p = d->audit ? &d->audit->cur : NULL;

        if (!p || !p->active || p->replied || c->id != p->conn_id || size < sizeof *h || h->cookie != p->cookie)
                return;
        p->replied = true;
        switch (h->type) {
        case S0_MSG_ERROR:
                if (size >= sizeof(struct s0_rep_error))
                        p->result = ((const struct s0_rep_error *) msg)->error;
                break;
        case S0_MSG_SESSION:
                if (size >= sizeof(struct s0_rep_session) && p->kind == S0_EVENT_LOGON)
                        p->target_session = ((const struct s0_rep_session *) msg)->session_id;
                break;
        case S0_MSG_JOINED:
                if (size >= sizeof(struct s0_rep_joined))
                        p->target_session = ((const struct s0_rep_joined *) msg)->session_id;
                break;
        default:
                break;
        }
}

void audit_request_end(struct s0_daemon *d, const struct s0_conn *c) {
        struct pending *p = d->audit ? &d->audit->cur : NULL;

        if (!p || !p->active || c->id != p->conn_id)
                return;
        p->active = false;
        if ((p->kind == S0_EVENT_LIST || p->kind == S0_EVENT_SESSION_OF) && p->result != -EPERM &&
            p->result != -EACCES)
                return;
        if (p->session == S0_SESSION_NONE && (p->kind == S0_EVENT_LIST || p->kind == S0_EVENT_SESSION_OF))
                p->session = session_of_pid(d, c->pid);
        record_event(d, c, p->kind, 0, p->session, p->target_session, p->target, p->result);
}

void audit_bad_message(struct s0_daemon *d, const struct s0_conn *c, int r, const void *buf, size_t n) {
        const struct s0_msg_header *h = buf;
        char what[64];

        if (!d->audit)
                return;
        /* only numbers from the message: its text is the sender's */
        if (n >= sizeof *h)
                snprintf(what, sizeof what, "message type %u, %zu bytes", (unsigned) h->type, n);
        else
                snprintf(what, sizeof what, "message of %zu bytes", n);
        audit_record(d, c, S0_EVENT_BAD_MESSAGE, S0_SESSION_NONE, what, r);
}

/* ---- the requests ------------------------------------------------------------------------ */

void handle_events(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_events *req) {
        struct s0_audit *a = d->audit;
        _cleanup_free_ struct s0_rep_event_list *rep = NULL;
        uint32_t max = req->max && req->max < S0_EVENT_LIST_MAX ? req->max : (uint32_t) S0_EVENT_LIST_MAX;
        uint64_t pos = req->from_seq;
        size_t size;

        if (!a) {
                (void) conn_reply_error(d, c, req->hdr.cookie, -EOPNOTSUPP, "the audit journal is off");
                return;
        }
        rep = calloc(1, S0_MSG_SIZE_MAX);
        if (!rep) {
                (void) conn_reply_error(d, c, req->hdr.cookie, -ENOMEM, "out of memory");
                return;
        }
        if (pos < ring_oldest(a)) {
                if (pos > 0 || ring_oldest(a) > 1)
                        rep->flags |= S0_EVENTS_GAP; /* older events are only on disk now */
                pos = ring_oldest(a);
        }
        rep->count = page_fill(a, rep, &pos, c->uid, req->session, req->kind, max);
        rep->next_seq = pos;
        if (pos < a->next_seq)
                rep->flags |= S0_EVENTS_MORE;
        size = sizeof *rep + rep->count * sizeof rep->events[0];
        msg_header_init(&rep->hdr, S0_MSG_EVENT_LIST, size, req->hdr.cookie);
        (void) conn_send(d, c, rep, size, -1);
}

void handle_events_follow(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_events *req) {
        struct s0_audit *a = d->audit;
        struct follower *f;

        if (!a) {
                (void) conn_reply_error(d, c, req->hdr.cookie, -EOPNOTSUPP, "the audit journal is off");
                return;
        }
        for (f = a->followers; f; f = f->next)
                if (f->conn_id == c->id) {
                        (void) conn_reply_error(d, c, req->hdr.cookie, -EALREADY, "this connection already follows");
                        return;
                }
        if (c->uid != 0 && a->n_user_followers >= AUDIT_FOLLOWERS_MAX) {
                (void) conn_reply_error(d, c, req->hdr.cookie, -EBUSY, "too many followers (%u)", AUDIT_FOLLOWERS_MAX);
                return;
        }
        if (c->uid == 0 && a->n_followers - a->n_user_followers >= AUDIT_ROOT_FOLLOWERS_MAX) {
                (void) conn_reply_error(d, c, req->hdr.cookie, -EBUSY, "too many followers of root (%u)",
                                        AUDIT_ROOT_FOLLOWERS_MAX);
                return;
        }
        f = calloc(1, sizeof *f);
        if (!f) {
                (void) conn_reply_error(d, c, req->hdr.cookie, -ENOMEM, "out of memory");
                return;
        }
        f->conn_id = c->id;
        f->cookie = req->hdr.cookie;
        f->uid = c->uid;
        f->session = req->session;
        f->kind = req->kind;
        f->pos = req->from_seq ? req->from_seq : a->next_seq;
        if (conn_reply_ok(d, c, req->hdr.cookie) < 0) {
                free(f);
                return;
        }
        f->next = a->followers;
        a->followers = f;
        a->n_followers++;
        if (f->uid != 0)
                a->n_user_followers++;
        if (f->pos < a->next_seq)
                followers_pump_all(d); /* the backlog asked for */
}

void handle_audit(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_audit *req) {
        char what[S0_EVENT_TARGET_MAX];

        if (!d->audit) {
                (void) conn_reply_ok(d, c, req->hdr.cookie);
                return;
        }
        if (!S0_EVENT_KIND_REPORTABLE(req->kind)) {
                /* A client claiming the daemon decided something: recorded as what it is. */
                snprintf(what, sizeof what, "report of a '%s' event, which only session0d decides",
                         s0_event_kind_name(req->kind));
                audit_record(d, c, S0_EVENT_BAD_MESSAGE, S0_SESSION_NONE, what, -EPERM);
                (void) conn_reply_error(d, c, req->hdr.cookie, -EPERM,
                                        "'%s' events are decided by session0d and cannot be reported",
                                        s0_event_kind_name(req->kind));
                return;
        }
        record_event(d, c, req->kind, S0_EVENT_REPORTED, session_of_pid(d, c->pid), req->target_session, req->target,
                     req->result);
        (void) conn_reply_ok(d, c, req->hdr.cookie);
}

/* ---- start and stop ------------------------------------------------------------------------ */

int audit_open(struct s0_daemon *d) {
        struct s0_audit *a;
        const char *dir = d->audit_dir ? d->audit_dir : AUDIT_DIR_DEFAULT;
        int r;

        a = calloc(1, sizeof *a);
        if (!a)
                return -ENOMEM;
        a->page = malloc(S0_MSG_SIZE_MAX);
        a->dir = strdup(dir);
        if (!a->page || !a->dir) {
                free(a->page);
                free(a->dir);
                free(a);
                return -ENOMEM;
        }
        a->dir_fd = a->log_fd = -1;
        a->next_seq = 1;
        a->max_bytes = (uint64_t) (d->audit_max_kb ? d->audit_max_kb : AUDIT_MAX_KB_DEFAULT) * 1024;
        a->journal = strcmp(dir, AUDIT_DIR_NONE) != 0;
        d->audit = a;
        if (!a->journal) {
                log_info("Audit journal off (--audit-dir " AUDIT_DIR_NONE "): events kept in memory only");
                return 0;
        }
        if (dir[0] != '/') {
                log_warning("Audit directory '%s' is not an absolute path: no journal", dir);
                a->journal = false;
                return 0;
        }
        r = journal_open(a);
        if (r < 0) {
                /* The daemon serves without it; every event is counted as lost. */
                log_warning_errno(r, "Cannot open audit journal '%s/" JOURNAL "', continuing without it", dir);
                a->reopen_after = now_mono_sec() + 1;
        }
        journal_continue_seq(a);
        log_debug("Audit journal '%s/" JOURNAL "': next event %" PRIu64, dir, a->next_seq);
        return 0;
}

void audit_close(struct s0_daemon *d) {
        struct s0_audit *a = d->audit;

        if (!a)
                return;
        while (a->followers) {
                struct follower *f = a->followers;
                a->followers = f->next;
                free(f);
        }
        if (a->lost > 0)
                log_warning("Audit journal '%s': %" PRIu64 " events lost, %" PRIu64 " written", a->dir, a->lost,
                            a->written);
        journal_close(a);
        free(a->page);
        free(a->dir);
        free(a);
        d->audit = NULL;
}
