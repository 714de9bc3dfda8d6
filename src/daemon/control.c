/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The control socket: accepting clients, reading one datagram at a time, validating it
 * before anything else looks at it, and answering. A client that sends garbage gets an
 * error reply; a client that stalls holds only its own connection. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "audit.h"
#include "sessionchange.h"
#include "daemon.h"
#include "message.h"
#include "shared/log.h"
#include "shared/macro.h"

#define FDS_MAX_PER_MSG 3

void msg_header_init(struct s0_msg_header *h, uint16_t type, size_t size, uint32_t cookie) {
        h->magic = S0_MSG_MAGIC;
        h->version = S0_PROTOCOL_VERSION;
        h->type = type;
        h->size = (uint32_t) size;
        h->cookie = cookie;
}

struct s0_conn *conn_by_id(struct s0_daemon *d, uint64_t id) {
        for (struct s0_conn *c = d->conns; c; c = c->next)
                if (c->id == id)
                        return c;
        return NULL;
}

static void conn_free(struct s0_daemon *d, struct s0_conn *c) {
        daemon_watch_del(d, &c->w);
        safe_close(c->w.fd);
        safe_close(c->pidfd);
        if (c->prev)
                c->prev->next = c->next;
        else
                d->conns = c->next;
        if (c->next)
                c->next->prev = c->prev;
        d->n_conns--;
        children_forget_conn(d, c->id);
        messages_forget_conn(d, c->id);
        free(c);
}

/* Never blocks: a client that does not read its replies is cut off (shutdown makes
 * epoll report it, and it is freed from its own handler, never from under a caller). */
int conn_send(struct s0_daemon *d, struct s0_conn *c, const void *msg, size_t size, int fd) {
        struct iovec iov = { .iov_base = (void *) msg, .iov_len = size };
        union {
                struct cmsghdr h;
                char buf[CMSG_SPACE(sizeof(int))];
        } ctl;
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
        ssize_t k;

        if (fd >= 0) {
                memset(&ctl, 0, sizeof ctl);
                mh.msg_control = ctl.buf;
                mh.msg_controllen = sizeof ctl.buf;
                struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
                cm->cmsg_level = SOL_SOCKET;
                cm->cmsg_type = SCM_RIGHTS;
                cm->cmsg_len = CMSG_LEN(sizeof(int));
                memcpy(CMSG_DATA(cm), &fd, sizeof fd);
        }
        audit_request_reply(d, c, msg, size); /* the result of the request being audited */
        do
                k = sendmsg(c->w.fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
        while (k < 0 && errno == EINTR);
        if (k < 0 || (size_t) k != size) {
                int r = k < 0 ? -errno : -EIO;
                log_debug("client %llu (uid %u) cut off: %s", (unsigned long long) c->id, (unsigned) c->uid,
                          strerror(-r));
                (void) shutdown(c->w.fd, SHUT_RDWR);
                return r;
        }
        return 0;
}

int conn_reply_error(struct s0_daemon *d, struct s0_conn *c, uint32_t cookie, int error, const char *fmt, ...) {
        struct s0_rep_error rep = { 0 };
        va_list ap;

        msg_header_init(&rep.hdr, S0_MSG_ERROR, sizeof rep, cookie);
        rep.error = error < 0 ? error : -EIO;
        va_start(ap, fmt);
        (void) vsnprintf(rep.text, sizeof rep.text, fmt, ap); /* truncation is fine: one line */
        va_end(ap);
        return conn_send(d, c, &rep, sizeof rep, -1);
}

int conn_reply_ok(struct s0_daemon *d, struct s0_conn *c, uint32_t cookie) {
        struct s0_msg_header h;
        msg_header_init(&h, S0_MSG_OK, sizeof h, cookie);
        return conn_send(d, c, &h, sizeof h, -1);
}

static const char *validate_error_text(int r) {
        switch (r) {
        case -EPROTO:
                return "unsupported protocol version (this daemon speaks " "1" ")";
        case -EOPNOTSUPP:
                return "unknown message type";
        case -E2BIG:
                return "too many entries in message";
        case -EINVAL:
                return "invalid file name: not a single file-name component";
        default:
                return "malformed message";
        }
}

static void dispatch(struct s0_daemon *d, struct s0_conn *c, void *buf, size_t n, int *fds, size_t nfds) {
        struct s0_msg_header *h = buf;
        int r = s0_msg_validate(buf, n);

        if (r < 0) {
                /* The cookie is echoed only if the header was at least complete. */
                uint32_t cookie = n >= sizeof *h ? h->cookie : 0;
                log_debug("client %llu (uid %u): %s", (unsigned long long) c->id, (unsigned) c->uid,
                          validate_error_text(r));
                (void) conn_reply_error(d, c, cookie, r, "%s", validate_error_text(r));
                audit_bad_message(d, c, r, buf, n);
                return;
        }
        audit_request_begin(d, c, buf, n); /* recorded by audit_request_end() after dispatch */
        if (h->type != S0_MSG_SPAWN && nfds > 0) {
                (void) conn_reply_error(d, c, h->cookie, -EBADMSG, "unexpected file descriptors with message");
                return;
        }
        switch (h->type) {
        case S0_MSG_LOGON:
                handle_logon(d, c, buf);
                break;
        case S0_MSG_LOGOFF:
                handle_logoff(d, c, buf);
                break;
        case S0_MSG_LIST:
                handle_list(d, c, buf);
                break;
        case S0_MSG_SESSION_OF:
                handle_session_of(d, c, buf);
                break;
        case S0_MSG_JOIN:
                handle_join(d, c, buf);
                break;
        case S0_MSG_DISCONNECT:
                handle_disconnect(d, c, buf);
                break;
        case S0_MSG_LOCK:
                handle_lock(d, c, buf);
                break;
        case S0_MSG_OBJ_REAP:
                handle_obj_reap(d, c, buf);
                break;
        case S0_MSG_EVENTS:
                handle_events(d, c, buf);
                break;
        case S0_MSG_EVENTS_FOLLOW:
                handle_events_follow(d, c, buf);
                break;
        case S0_MSG_AUDIT:
                handle_audit(d, c, buf);
                break;
        case S0_MSG_AGENT_REGISTER:
                handle_agent_register(d, c, buf);
                break;
        case S0_MSG_SEND_MESSAGE:
                handle_send_message(d, c, buf);
                break;
        case S0_MSG_MESSAGE_ANSWER: /* from an agent; no reply */
                handle_message_answer(d, c, buf);
                break;
        case S0_MSG_SPAWN:
                if (nfds != 3) {
                        (void) conn_reply_error(d, c, h->cookie, -EBADMSG,
                                                "spawn needs exactly 3 file descriptors (stdin, stdout, stderr)");
                        return;
                }
                handle_spawn(d, c, buf, n, fds);
                break;
        default:
                (void) conn_reply_error(d, c, h->cookie, -EOPNOTSUPP, "not a request");
        }
}

static void on_conn(struct s0_daemon *d, struct s0_watch *w, uint32_t events) {
        struct s0_conn *c = (struct s0_conn *) w;
        union {
                struct cmsghdr h;
                char buf[CMSG_SPACE(sizeof(int) * FDS_MAX_PER_MSG)];
        } ctl;
        struct iovec iov = { .iov_base = d->msg_buf, .iov_len = S0_MSG_SIZE_MAX + 1 };
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf };
        /* CMSG_SPACE rounds up, so the buffer can carry more descriptors than we accept:
         * collect every one the kernel installed, so that each is closed below. */
        int fds[(sizeof ctl.buf - CMSG_LEN(0)) / sizeof(int)];
        size_t nfds = 0;
        ssize_t n;

        if (events & EPOLLOUT) /* only a follower of the audit journal asks for it */
                audit_conn_writable(d, c);
        n = recvmsg(w->fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC | MSG_TRUNC);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
                return;
        if (n <= 0) {
                conn_free(d, c);
                return;
        }
        for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
                if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
                        continue;
                size_t k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                if (k > ELEMENTSOF(fds) - nfds)
                        k = ELEMENTSOF(fds) - nfds; /* cannot happen: the kernel fills at most the buffer */
                memcpy(fds + nfds, CMSG_DATA(cm), k * sizeof(int));
                nfds += k;
        }
        if (mh.msg_flags & MSG_CTRUNC)
                (void) conn_reply_error(d, c, 0, -EBADMSG, "too many file descriptors with message");
        else if ((size_t) n > S0_MSG_SIZE_MAX || (mh.msg_flags & MSG_TRUNC))
                (void) conn_reply_error(d, c, 0, -EMSGSIZE, "message larger than %u bytes", S0_MSG_SIZE_MAX);
        else {
                dispatch(d, c, d->msg_buf, (size_t) n, fds, nfds);
                audit_request_end(d, c);
        }
        /* Handlers dup what they keep; the received descriptors are always ours to close. */
        for (size_t i = 0; i < nfds; i++)
                safe_close(fds[i]);
        (void) events;
}

static uint32_t conns_of_uid(struct s0_daemon *d, uid_t uid) {
        uint32_t n = 0;
        for (struct s0_conn *c = d->conns; c; c = c->next)
                n += c->uid == uid;
        return n;
}

static void on_listen(struct s0_daemon *d, struct s0_watch *w, uint32_t events) {
        struct ucred cred;
        socklen_t len = sizeof cred;
        struct s0_conn *c;
        int fd = accept4(w->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

        if (fd < 0) {
                if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED)
                        log_warning_errno(-errno, "accept");
                return;
        }
        if (d->n_conns >= d->conns_max) {
                log_warning("refusing client: %u connections open (--max-connections)", d->n_conns);
                safe_close(fd);
                return;
        }
        if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
                log_warning_errno(-errno, "SO_PEERCRED");
                safe_close(fd);
                return;
        }
        /* One user must not be able to use up every slot and lock the others out. */
        if (cred.uid != 0 && conns_of_uid(d, cred.uid) >= d->conns_per_uid_max) {
                log_warning("refusing client pid %d: uid %u already has %u connections", (int) cred.pid,
                            (unsigned) cred.uid, d->conns_per_uid_max);
                safe_close(fd);
                return;
        }
        c = calloc(1, sizeof *c);
        if (!c) {
                safe_close(fd);
                return;
        }
        c->w.fd = fd;
        c->w.handler = on_conn;
        c->id = ++d->next_conn_id;
        c->uid = cred.uid;
        c->gid = cred.gid;
        c->pid = cred.pid;
        c->pidfd = (int) syscall(SYS_pidfd_open, cred.pid, 0); /* -1 if it already exited */
        if (daemon_watch_add(d, &c->w, EPOLLIN) < 0) {
                safe_close(fd);
                safe_close(c->pidfd);
                free(c);
                return;
        }
        c->next = d->conns;
        if (d->conns)
                d->conns->prev = c;
        d->conns = c;
        d->n_conns++;
        (void) events;
}

bool control_is_live(const char *runtime_dir) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        _cleanup_close_ int fd = -1;
        int n = snprintf(sa.sun_path, sizeof sa.sun_path, "%s/control", runtime_dir);

        if (n < 0 || (size_t) n >= sizeof sa.sun_path)
                return false;
        fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
        return fd >= 0 && connect(fd, (struct sockaddr *) &sa, sizeof sa) == 0;
}

int control_listen(struct s0_daemon *d) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        _cleanup_close_ int fd = -1;
        int n;

        n = snprintf(sa.sun_path, sizeof sa.sun_path, "%s/control", d->runtime_dir);
        if (n < 0 || (size_t) n >= sizeof sa.sun_path)
                return log_error_errno(-ENAMETOOLONG, "Runtime directory '%s' is too long for a socket path",
                                       d->runtime_dir);
        if (control_is_live(d->runtime_dir))
                return log_error_errno(-EADDRINUSE, "Another session0d is already serving '%s'", sa.sun_path);
        fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return log_error_errno(-errno, "socket");
        (void) unlinkat(d->runtime_fd, "control", 0); /* a stale socket from a previous run */
        if (bind(fd, (struct sockaddr *) &sa, sizeof sa) < 0)
                return log_error_errno(-errno, "Cannot bind '%s'", sa.sun_path);
        /* Everyone may connect; what each may do is decided per request from SO_PEERCRED. */
        if (fchmodat(d->runtime_fd, "control", 0666, 0) < 0)
                return log_error_errno(-errno, "Cannot chmod '%s'", sa.sun_path);
        if (listen(fd, 512) < 0)
                return log_error_errno(-errno, "listen");
        d->control.fd = TAKE_FD(fd);
        d->control.handler = on_listen;
        return daemon_watch_add(d, &d->control, EPOLLIN);
}

void control_close_all(struct s0_daemon *d) {
        while (d->conns)
                conn_free(d, d->conns);
        if (d->control.fd >= 0) {
                daemon_watch_del(d, &d->control);
                d->control.fd = safe_close(d->control.fd);
        }
}
