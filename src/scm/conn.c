/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Connections to <runtime>/scm and the service dispatchers' sockets: receive, validate
 * (s0_scm_msg_validate() before any handler), check the caller (SO_PEERCRED only),
 * dispatch. Access: root may do everything; anyone may open, query, enumerate and read
 * a configuration; starting and controlling needs root or a user or group named in
 * the service's ControlUsers=/ControlGroups=; creating, changing and deleting needs
 * root. A refused request gets ERROR_ACCESS_DENIED (5), as on Windows.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "scm.h"
#include "shared/log.h"
#include "shared/macro.h"

enum {
        E_ACCESS_DENIED = 5,
        E_INVALID_PARAMETER = 87,
        E_CIRCULAR_DEPENDENCY = 1059,
        E_SERVICE_DOES_NOT_EXIST = 1060,
        E_SERVICE_MARKED_FOR_DELETE = 1072,
        E_SERVICE_EXISTS = 1073,
        E_NOT_ENOUGH_MEMORY = 8,
        E_CAN_NOT_COMPLETE = 1003,
        CTL_INTERROGATE = 4,
};

int send_msg(struct conn *c, void *msg, uint16_t type, size_t size, uint32_t cookie) {
        struct s0_scm_hdr *h = msg;

        *h = (struct s0_scm_hdr) { S0_SCM_MAGIC, S0_SCM_PROTOCOL_VERSION, type, (uint32_t) size, cookie };
        if (send(c->fd, msg, size, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
                return -errno; /* a client that does not read is dropped at its next event */
        return 0;
}

void reply_error(struct conn *c, uint32_t cookie, uint32_t error, const char *fmt, ...) {
        struct s0_scm_rep_error m = { .error = error };
        va_list ap;

        va_start(ap, fmt);
        (void) vsnprintf(m.text, sizeof m.text, fmt, ap);
        va_end(ap);
        (void) send_msg(c, &m, S0_SCM_MSG_ERROR, sizeof m, cookie);
}

void reply_ok(struct conn *c, uint32_t cookie) {
        struct s0_scm_hdr h;
        (void) send_msg(c, &h, S0_SCM_MSG_OK, sizeof h, cookie);
}

void reply_status(struct conn *c, uint32_t cookie, struct svc *v) {
        struct s0_scm_msg_status m = { .status = v->st };

        (void) snprintf(m.name, sizeof m.name, "%s", v->name);
        if (v->marked_delete)
                m.status.scm_flags |= S0_SCM_STATUS_MARKED_FOR_DELETE;
        (void) send_msg(c, &m, S0_SCM_MSG_STATUS, sizeof m, cookie);
}

void conn_new(struct scm *s, int fd, struct svc *bound) {
        struct ucred cred = { 0 };
        socklen_t len = sizeof cred;
        struct conn *c = calloc(1, sizeof *c);
        struct epoll_event ev = { .events = EPOLLIN };

        if (!c) {
                (void) close(fd);
                return;
        }
        (void) getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len);
        c->fd = fd;
        c->uid = cred.uid;
        c->gid = cred.gid;
        c->pid = cred.pid;
        len = sizeof c->groups;
        if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, c->groups, &len) == 0)
                c->ngroups = (int) (len / sizeof(gid_t));
        c->bound = bound;
        c->w = (struct watch) { W_CONN, c };
        ev.data.ptr = &c->w;
        if (epoll_ctl(s->epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0) {
                (void) close(fd);
                free(c);
                return;
        }
        c->next = s->conns;
        s->conns = c;
}

void conn_close(struct scm *s, struct conn *c) {
        struct conn **pp;

        for (pp = &s->conns; *pp; pp = &(*pp)->next)
                if (*pp == c) {
                        *pp = c->next;
                        break;
                }
        scm_conn_gone(s, c);
        (void) close(c->fd);
        free(c);
}

static bool in_list(char *const *v, size_t n, const char *name) {
        for (size_t i = 0; i < n; i++)
                if (strcmp(v[i], name) == 0)
                        return true;
        return false;
}

/* May this caller start and control v? */
static bool may_control(const struct conn *c, const struct svc *v) {
        char buf[4096];
        struct passwd pw, *pr = NULL;
        struct group gr, *gres = NULL;

        if (c->uid == 0)
                return true;
        if (v->cfg.n_control_users && getpwuid_r(c->uid, &pw, buf, sizeof buf, &pr) == 0 && pr &&
            in_list(v->cfg.control_users, v->cfg.n_control_users, pw.pw_name))
                return true;
        for (size_t i = 0; i < v->cfg.n_control_groups; i++) {
                if (getgrnam_r(v->cfg.control_groups[i], &gr, buf, sizeof buf, &gres) != 0 || !gres)
                        continue;
                if (gr.gr_gid == c->gid)
                        return true;
                for (int k = 0; k < c->ngroups; k++)
                        if (c->groups[k] == gr.gr_gid)
                                return true;
        }
        return false;
}

static struct svc *need_svc(struct scm *s, struct conn *c, uint32_t cookie, const char *name) {
        struct svc *v = scm_find(s, name);
        if (!v)
                reply_error(c, cookie, E_SERVICE_DOES_NOT_EXIST, "no service '%s'", name);
        return v;
}

static void handle_set_config(struct scm *s, struct conn *c, const struct s0_scm_msg_config *m) {
        struct s0_svc_config cfg;
        struct s0_svc_config_error err = { 0 };
        struct svc *v;
        int r;

        if (c->uid != 0)
                return reply_error(c, m->hdr.cookie, E_ACCESS_DENIED,
                                   "changing services needs root (caller is uid %u)", (unsigned) c->uid);
        r = s0_svc_config_parse(m->text, m->text_size, &cfg, &err);
        if (r < 0)
                return reply_error(c, m->hdr.cookie, r == -ENOMEM ? E_NOT_ENOUGH_MEMORY : E_INVALID_PARAMETER,
                                   "line %u: %s", err.line, err.why);
        v = scm_find(s, m->name);
        if ((m->flags & S0_SCM_CONFIG_CREATE) && v) {
                s0_svc_config_done(&cfg);
                return reply_error(c, m->hdr.cookie, v->marked_delete ? E_SERVICE_MARKED_FOR_DELETE : E_SERVICE_EXISTS,
                                   "service '%s' exists", m->name);
        }
        if (!(m->flags & S0_SCM_CONFIG_CREATE) && !v) {
                s0_svc_config_done(&cfg);
                return reply_error(c, m->hdr.cookie, E_SERVICE_DOES_NOT_EXIST, "no service '%s'", m->name);
        }
        if (v && v->marked_delete) {
                s0_svc_config_done(&cfg);
                return reply_error(c, m->hdr.cookie, E_SERVICE_MARKED_FOR_DELETE, "service '%s' is marked for deletion",
                                   m->name);
        }
        if (scm_has_cycle(s, m->name, &cfg)) {
                s0_svc_config_done(&cfg);
                return reply_error(c, m->hdr.cookie, E_CIRCULAR_DEPENDENCY, "dependencies of '%s' form a cycle", m->name);
        }
        r = store_save_config(s, m->name, &cfg);
        if (r < 0) {
                s0_svc_config_done(&cfg);
                return reply_error(c, m->hdr.cookie, E_CAN_NOT_COMPLETE, "cannot write the configuration of '%s': %s",
                                   m->name, strerror(-r));
        }
        if (v) {
                s0_svc_config_done(&v->cfg);
                v->cfg = cfg;
        } else if (scm_add(s, m->name, &cfg, NULL) < 0) {
                s0_svc_config_done(&cfg);
                return reply_error(c, m->hdr.cookie, E_NOT_ENOUGH_MEMORY, "out of memory");
        }
        log_info("Service '%s' %s by uid %u", m->name, v ? "changed" : "created", (unsigned) c->uid);
        reply_ok(c, m->hdr.cookie);
}

static void handle_get_config(struct scm *s, struct conn *c, const struct s0_scm_req_name *m) {
        struct svc *v = need_svc(s, c, m->hdr.cookie, m->name);
        _cleanup_free_ char *text = NULL;
        _cleanup_free_ struct s0_scm_msg_config *rep = NULL;
        size_t n;

        if (!v)
                return;
        if (s0_svc_config_format(&v->cfg, &text) < 0)
                return reply_error(c, m->hdr.cookie, E_NOT_ENOUGH_MEMORY, "cannot format the configuration");
        n = strlen(text);
        if (n > S0_SCM_CONFIG_TEXT_MAX)
                return reply_error(c, m->hdr.cookie, E_NOT_ENOUGH_MEMORY, "configuration too long");
        rep = calloc(1, sizeof *rep + n);
        if (!rep)
                return reply_error(c, m->hdr.cookie, E_NOT_ENOUGH_MEMORY, "out of memory");
        rep->text_size = (uint32_t) n;
        (void) snprintf(rep->name, sizeof rep->name, "%s", v->name);
        memcpy(rep->text, text, n);
        (void) send_msg(c, rep, S0_SCM_MSG_CONFIG, sizeof *rep + n, m->hdr.cookie);
}

static void handle_delete(struct scm *s, struct conn *c, const struct s0_scm_req_name *m) {
        struct svc *v = need_svc(s, c, m->hdr.cookie, m->name);

        if (!v)
                return;
        if (c->uid != 0)
                return reply_error(c, m->hdr.cookie, E_ACCESS_DENIED, "deleting services needs root");
        if (v->marked_delete)
                return reply_error(c, m->hdr.cookie, E_SERVICE_MARKED_FOR_DELETE, "'%s' is already marked for deletion",
                                   v->name);
        (void) store_delete_config(s, v->name);
        log_info("Service '%s' deleted by uid %u", v->name, (unsigned) c->uid);
        reply_ok(c, m->hdr.cookie);
        if (v->pidfd < 0 && v->st.current_state == 1) {
                store_delete_state(s, v->name);
                scm_remove(s, v);
        } else
                v->marked_delete = true; /* goes when its process ends, as on Windows */
}

static void handle_enum(struct scm *s, struct conn *c, const struct s0_scm_req_enum *m) {
        _cleanup_free_ struct s0_scm_rep_enum *rep = calloc(1, S0_SCM_MSG_SIZE_MAX);
        uint32_t i;

        if (!rep)
                return reply_error(c, m->hdr.cookie, E_NOT_ENOUGH_MEMORY, "out of memory");
        for (i = m->start; i < s->n_svcs && rep->count < S0_SCM_ENUM_PAGE; i++) {
                struct s0_scm_enum_entry *e = &rep->entries[rep->count++];
                struct svc *v = s->svcs[i];
                (void) snprintf(e->name, sizeof e->name, "%s", v->name);
                (void) snprintf(e->display_name, sizeof e->display_name, "%s",
                                v->cfg.display_name ? v->cfg.display_name : v->name);
                e->status = v->st;
                if (v->marked_delete)
                        e->status.scm_flags |= S0_SCM_STATUS_MARKED_FOR_DELETE;
        }
        rep->next = i < s->n_svcs ? i : 0;
        (void) send_msg(c, rep, S0_SCM_MSG_ENUM_LIST, sizeof *rep + rep->count * sizeof rep->entries[0], m->hdr.cookie);
}

/* Is pid in <cg_rel>/svc-NAME (or below)? A reconnecting dispatcher proves who it is this way. */
static bool pid_in_service_cgroup(struct scm *s, pid_t pid, const char *name) {
        char path[64], line[4096], want[4096];
        bool ok = false;
        FILE *f;

        (void) snprintf(path, sizeof path, "/proc/%d/cgroup", (int) pid);
        (void) snprintf(want, sizeof want, "0::%s/svc-%s", strcmp(s->cg_rel, "/") == 0 ? "" : s->cg_rel, name);
        f = fopen(path, "re");
        if (!f)
                return false;
        while (fgets(line, sizeof line, f)) {
                size_t n = strlen(want);
                line[strcspn(line, "\n")] = 0;
                if (strncmp(line, want, n) == 0 && (line[n] == 0 || line[n] == '/'))
                        ok = true;
        }
        fclose(f);
        return ok;
}

static void handle_hello(struct scm *s, struct conn *c, const struct s0_scm_msg_status *m) {
        struct svc *v = scm_find(s, m->name);

        if (!v)
                return reply_error(c, m->hdr.cookie, E_SERVICE_DOES_NOT_EXIST, "no service '%s'", m->name);
        if (c->bound != v && !pid_in_service_cgroup(s, c->pid, v->name))
                return reply_error(c, m->hdr.cookie, E_ACCESS_DENIED, "pid %d is not the process of service '%s'",
                                   (int) c->pid, v->name);
        if (v->pidfd < 0) {
                /* re-adopting a service whose state file was lost: the dispatcher's process is it */
                v->st.process_id = (uint32_t) c->pid;
                (void) proc_starttime(c->pid, &v->starttime);
                if (scm_watch_proc(s, v) < 0)
                        return reply_error(c, m->hdr.cookie, E_ACCESS_DENIED, "cannot watch pid %d", (int) c->pid);
        }
        reply_ok(c, m->hdr.cookie);
        scm_svc_hello(s, v, c, &m->status);
}

static void dispatch(struct scm *s, struct conn *c, const void *buf) {
        const struct s0_scm_hdr *h = buf;
        const struct s0_scm_req_name *rn = buf;
        struct svc *v;
        uint32_t e;

        switch (h->type) {
        case S0_SCM_MSG_OPEN:
                if ((v = need_svc(s, c, h->cookie, rn->name)))
                        reply_ok(c, h->cookie);
                return;
        case S0_SCM_MSG_QUERY:
                if ((v = need_svc(s, c, h->cookie, rn->name)))
                        reply_status(c, h->cookie, v);
                return;
        case S0_SCM_MSG_START:
                if (!(v = need_svc(s, c, h->cookie, rn->name)))
                        return;
                if (!may_control(c, v))
                        return reply_error(c, h->cookie, E_ACCESS_DENIED, "uid %u may not start '%s'", (unsigned) c->uid,
                                           v->name);
                e = scm_start(s, v, c, h->cookie);
                if (e)
                        reply_error(c, h->cookie, e, "cannot start '%s'", v->name);
                return;
        case S0_SCM_MSG_CONTROL: {
                const struct s0_scm_req_control *m = buf;
                if (!(v = need_svc(s, c, h->cookie, m->name)))
                        return;
                if (m->control != CTL_INTERROGATE && !may_control(c, v))
                        return reply_error(c, h->cookie, E_ACCESS_DENIED, "uid %u may not control '%s'",
                                           (unsigned) c->uid, v->name);
                e = scm_control(s, v, m->control, c, h->cookie);
                if (e)
                        reply_error(c, h->cookie, e, "cannot send control %u to '%s'", m->control, v->name);
                return;
        }
        case S0_SCM_MSG_GET_CONFIG:
                return handle_get_config(s, c, buf);
        case S0_SCM_MSG_SET_CONFIG:
                return handle_set_config(s, c, buf);
        case S0_SCM_MSG_DELETE:
                return handle_delete(s, c, buf);
        case S0_SCM_MSG_ENUM:
                return handle_enum(s, c, buf);
        case S0_SCM_MSG_HELLO:
                return handle_hello(s, c, buf);
        case S0_SCM_MSG_SET_STATUS:
                if (c->svc)
                        scm_svc_status(s, c->svc, &((const struct s0_scm_msg_status *) buf)->status);
                return;
        case S0_SCM_MSG_SVC_RESULT:
                if (c->svc)
                        scm_svc_result(s, c->svc, ((const struct s0_scm_msg_svc_result *) buf)->result);
                return;
        default:
                return reply_error(c, h->cookie, E_INVALID_PARAMETER, "not a request");
        }
}

void conn_event(struct scm *s, struct conn *c) {
        _cleanup_free_ char *buf = malloc(S0_SCM_MSG_SIZE_MAX + 1);
        ssize_t n;
        int r;

        if (!buf)
                return;
        n = recv(c->fd, buf, S0_SCM_MSG_SIZE_MAX + 1, MSG_DONTWAIT | MSG_TRUNC | MSG_CMSG_CLOEXEC);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
                return;
        if (n <= 0) {
                conn_close(s, c);
                return;
        }
        if ((size_t) n > S0_SCM_MSG_SIZE_MAX) {
                reply_error(c, 0, E_INVALID_PARAMETER, "message larger than %u bytes", S0_SCM_MSG_SIZE_MAX);
                return;
        }
        r = s0_scm_msg_validate(buf, (size_t) n);
        if (r < 0) {
                uint32_t cookie = (size_t) n >= sizeof(struct s0_scm_hdr) ? ((struct s0_scm_hdr *) buf)->cookie : 0;
                reply_error(c, cookie, E_INVALID_PARAMETER, "%s",
                            r == -EPROTO ? "protocol version mismatch" :
                            r == -EOPNOTSUPP ? "unknown message type" : "malformed message");
                return;
        }
        dispatch(s, c, buf);
}
