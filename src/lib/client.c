/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The client side of the control protocol: one connection, one request in flight. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <session0/session0.h>

#include "client-internal.h"
#include "shared/cgroup-path.h"
#include "shared/macro.h"

struct s0_client {
        int fd;
        uint32_t cookie;
        uint32_t spawn_cookie; /* cookie of the last spawn, whose EXITED we may await */
        char error_text[S0_ERROR_TEXT_MAX];
};

S0_EXPORT const char *s0_runtime_dir(void) {
        const char *e = getenv("S0_RUNTIME_DIR");
        return e && *e ? e : S0_RUNTIME_DIR_DEFAULT;
}

S0_EXPORT int s0_client_open(const char *runtime_dir, struct s0_client **ret) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        struct s0_client *c;
        _cleanup_close_ int fd = -1;
        int n;

        if (!ret)
                return -EINVAL;
        if (!runtime_dir)
                runtime_dir = s0_runtime_dir();
        n = snprintf(sa.sun_path, sizeof sa.sun_path, "%s/control", runtime_dir);
        if (n < 0 || (size_t) n >= sizeof sa.sun_path)
                return -ENAMETOOLONG;
        fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return -errno;
        if (connect(fd, (struct sockaddr *) &sa, sizeof sa) < 0)
                return -errno;
        c = calloc(1, sizeof *c);
        if (!c)
                return -ENOMEM;
        c->fd = TAKE_FD(fd);
        c->cookie = (uint32_t) getpid() << 8;
        *ret = c;
        return 0;
}

S0_EXPORT void s0_client_close(struct s0_client *c) {
        if (!c)
                return;
        safe_close(c->fd);
        free(c);
}

S0_EXPORT const char *s0_client_error_text(const struct s0_client *c) { return c ? c->error_text : ""; }
S0_EXPORT int s0_client_fd(const struct s0_client *c) { return c ? c->fd : -EINVAL; }

static void header_init(struct s0_client *c, struct s0_msg_header *h, uint16_t type, size_t size) {
        h->magic = S0_MSG_MAGIC;
        h->version = S0_PROTOCOL_VERSION;
        h->type = type;
        h->size = (uint32_t) size;
        h->cookie = ++c->cookie;
}

static int send_msg(struct s0_client *c, const void *msg, size_t size, const int *fds, size_t nfds) {
        struct iovec iov = { .iov_base = (void *) msg, .iov_len = size };
        union {
                struct cmsghdr h;
                char buf[CMSG_SPACE(sizeof(int) * 3)];
        } ctl;
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
        ssize_t k;

        if (nfds > 3)
                return -EINVAL;
        if (nfds > 0) {
                memset(&ctl, 0, sizeof ctl);
                mh.msg_control = ctl.buf;
                mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
                struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
                cm->cmsg_level = SOL_SOCKET;
                cm->cmsg_type = SCM_RIGHTS;
                cm->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
                memcpy(CMSG_DATA(cm), fds, sizeof(int) * nfds);
        }
        do
                k = sendmsg(c->fd, &mh, MSG_NOSIGNAL);
        while (k < 0 && errno == EINTR);
        if (k < 0)
                return -errno;
        return (size_t) k == size ? 0 : -EIO;
}

/* Receives the next message for cookie into buf (S0_MSG_SIZE_MAX bytes), validated.
 * An attached fd is returned in *ret_fd (or closed if ret_fd is NULL). */
static int recv_msg(struct s0_client *c, uint32_t cookie, void *buf, int *ret_fd) {
        for (;;) {
                struct iovec iov = { .iov_base = buf, .iov_len = S0_MSG_SIZE_MAX };
                union {
                        struct cmsghdr h;
                        char buf[CMSG_SPACE(sizeof(int) * 4)];
                } ctl;
                struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf,
                                     .msg_controllen = sizeof ctl.buf };
                int fd = -1, r;
                ssize_t n = recvmsg(c->fd, &mh, MSG_CMSG_CLOEXEC);

                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                if (n == 0)
                        return -ECONNRESET;
                for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
                        if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
                                size_t k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                                int fds[4];
                                memcpy(fds, CMSG_DATA(cm), k * sizeof(int));
                                for (size_t i = 0; i < k; i++) {
                                        if (fd < 0)
                                                fd = fds[i];
                                        else
                                                safe_close(fds[i]);
                                }
                        }
                if (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
                        safe_close(fd);
                        return -EBADMSG;
                }
                r = s0_msg_validate(buf, (size_t) n);
                if (r < 0) {
                        safe_close(fd);
                        return r;
                }
                if (((struct s0_msg_header *) buf)->cookie != cookie) {
                        /* a late report for an earlier request: not ours to handle */
                        safe_close(fd);
                        continue;
                }
                if (ret_fd)
                        *ret_fd = fd;
                else
                        safe_close(fd);
                return 0;
        }
}

/* Sends a request and waits for its reply of type expect (or ERROR). */
static int transact(struct s0_client *c, void *req, size_t size, const int *fds, size_t nfds, void *reply,
                    uint16_t expect, int *ret_fd) {
        struct s0_msg_header *h = req;
        int r;

        c->error_text[0] = 0;
        r = send_msg(c, req, size, fds, nfds);
        if (r < 0)
                return r;
        r = recv_msg(c, h->cookie, reply, ret_fd);
        if (r < 0)
                return r;
        h = reply;
        if (h->type == S0_MSG_ERROR) {
                const struct s0_rep_error *e = reply;
                snprintf(c->error_text, sizeof c->error_text, "%s", e->text);
                return e->error;
        }
        if (h->type != expect) {
                if (ret_fd)
                        *ret_fd = safe_close(*ret_fd);
                return -EBADMSG;
        }
        return 0;
}

S0_EXPORT int s0_logon(struct s0_client *c, const char *user, uint32_t *ret_session) {
        struct s0_req_logon req = { 0 };
        _cleanup_free_ struct s0_rep_session *rep = NULL;
        int r;

        if (!c || !user || !*user || strlen(user) >= sizeof req.user)
                return -EINVAL;
        rep = malloc(S0_MSG_SIZE_MAX);
        if (!rep)
                return -ENOMEM;
        header_init(c, &req.hdr, S0_MSG_LOGON, sizeof req);
        memcpy(req.user, user, strlen(user));
        r = transact(c, &req, sizeof req, NULL, 0, rep, S0_MSG_SESSION, NULL);
        if (r < 0)
                return r;
        if (ret_session)
                *ret_session = rep->session_id;
        return 0;
}

/* A request naming a session, answered by OK. */
static int session_request(struct s0_client *c, uint16_t type, uint32_t session, uint32_t flags) {
        struct s0_req_session req = { .session_id = session, .flags = flags };
        _cleanup_free_ void *rep = NULL;

        if (!c)
                return -EINVAL;
        rep = malloc(S0_MSG_SIZE_MAX);
        if (!rep)
                return -ENOMEM;
        header_init(c, &req.hdr, type, sizeof req);
        return transact(c, &req, sizeof req, NULL, 0, rep, S0_MSG_OK, NULL);
}

S0_EXPORT int s0_logoff(struct s0_client *c, uint32_t session) {
        return session_request(c, S0_MSG_LOGOFF, session, 0);
}

S0_EXPORT int s0_disconnect(struct s0_client *c, uint32_t session) {
        return session_request(c, S0_MSG_DISCONNECT, session, 0);
}

S0_EXPORT int s0_lock_session(struct s0_client *c, uint32_t session, bool unlock) {
        return session_request(c, S0_MSG_LOCK, session, unlock ? S0_LOCK_UNLOCK : 0);
}

S0_EXPORT int s0_obj_reap(struct s0_client *c, uint32_t session, const char *file) {
        struct s0_req_obj_reap req = { .session = session };
        _cleanup_free_ void *rep = NULL;
        size_t len;

        /* Checked here too, so a bad name fails the same way without a round trip. */
        if (!c || !file)
                return -EINVAL;
        len = strnlen(file, sizeof req.file);
        if (len == 0 || len >= sizeof req.file || strchr(file, '/') || strcmp(file, ".") == 0 ||
            strcmp(file, "..") == 0)
                return -EINVAL;
        rep = malloc(S0_MSG_SIZE_MAX);
        if (!rep)
                return -ENOMEM;
        header_init(c, &req.hdr, S0_MSG_OBJ_REAP, sizeof req);
        memcpy(req.file, file, len);
        return transact(c, &req, sizeof req, NULL, 0, rep, S0_MSG_OK, NULL);
}

S0_EXPORT int s0_join(struct s0_client *c, const char *user, uint32_t flags, uint32_t *ret_session,
                      int *ret_anchor_pidfd, uint32_t *ret_flags) {
        struct s0_req_join req = { .flags = flags };
        _cleanup_free_ struct s0_rep_joined *rep = NULL;
        int r, fd = -1;

        if (!c || !user || !*user || strlen(user) >= sizeof req.user || !ret_anchor_pidfd)
                return -EINVAL;
        rep = malloc(S0_MSG_SIZE_MAX);
        if (!rep)
                return -ENOMEM;
        header_init(c, &req.hdr, S0_MSG_JOIN, sizeof req);
        memcpy(req.user, user, strlen(user));
        r = transact(c, &req, sizeof req, NULL, 0, rep, S0_MSG_JOINED, &fd);
        if (r < 0)
                return r;
        if (fd < 0)
                return -EBADMSG; /* the anchor's pidfd must come with the reply */
        if (ret_session)
                *ret_session = rep->session_id;
        if (ret_flags)
                *ret_flags = rep->flags;
        *ret_anchor_pidfd = fd;
        return 0;
}

S0_EXPORT int s0_session_of_pid(struct s0_client *c, pid_t pid, uint32_t *ret_session) {
        struct s0_req_pid req = { .pid = pid };
        _cleanup_free_ struct s0_rep_session *rep = NULL;
        int r;

        if (!c || pid <= 0)
                return -EINVAL;
        rep = malloc(S0_MSG_SIZE_MAX);
        if (!rep)
                return -ENOMEM;
        header_init(c, &req.hdr, S0_MSG_SESSION_OF, sizeof req);
        r = transact(c, &req, sizeof req, NULL, 0, rep, S0_MSG_SESSION, NULL);
        if (r < 0)
                return r;
        if (ret_session)
                *ret_session = rep->session_id;
        return 0;
}

S0_EXPORT int s0_list_sessions(struct s0_client *c, struct s0_session_info **ret, size_t *ret_count) {
        _cleanup_free_ struct s0_rep_list *rep = NULL;
        _cleanup_free_ struct s0_session_info *all = NULL;
        size_t n = 0;
        uint32_t next = 0;

        if (!c || !ret || !ret_count)
                return -EINVAL;
        rep = malloc(S0_MSG_SIZE_MAX);
        if (!rep)
                return -ENOMEM;
        while (next != S0_SESSION_NONE) {
                struct s0_req_list req = { .first_id = next };
                struct s0_session_info *grown;
                int r;

                header_init(c, &req.hdr, S0_MSG_LIST, sizeof req);
                r = transact(c, &req, sizeof req, NULL, 0, rep, S0_MSG_SESSION_LIST, NULL);
                if (r < 0)
                        return r;
                if (rep->next_id != S0_SESSION_NONE && rep->next_id <= next)
                        return -EBADMSG; /* must make progress */
                grown = realloc(all, (n + rep->count + 1) * sizeof *all);
                if (!grown)
                        return -ENOMEM;
                all = grown;
                memcpy(all + n, rep->entries, rep->count * sizeof *all);
                n += rep->count;
                next = rep->next_id;
        }
        if (!all) {
                all = calloc(1, sizeof *all);
                if (!all)
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(all);
        *ret_count = n;
        return 0;
}

static int pack_strings(char *p, size_t room, char *const *v, uint32_t max, uint32_t *ret_count, size_t *used) {
        uint32_t k = 0;
        for (; v && v[k]; k++) {
                size_t l = strlen(v[k]) + 1;
                if (k >= max)
                        return -E2BIG;
                if (*used + l > room)
                        return -E2BIG;
                memcpy(p + *used, v[k], l);
                *used += l;
        }
        *ret_count = k;
        return 0;
}

S0_EXPORT int s0_spawn(struct s0_client *c, const struct s0_spawn_args *a, pid_t *ret_pid, int *ret_pidfd) {
        _cleanup_free_ struct s0_req_spawn *req = NULL;
        _cleanup_free_ struct s0_rep_spawned *rep = NULL;
        size_t room = S0_MSG_SIZE_MAX - sizeof *req, used = 0;
        int r, pidfd = -1;

        if (!c || !a || !a->argv || !a->argv[0])
                return -EINVAL;
        if (a->user && strlen(a->user) >= sizeof req->user)
                return -EINVAL;
        req = calloc(1, S0_MSG_SIZE_MAX);
        rep = malloc(S0_MSG_SIZE_MAX);
        if (!req || !rep)
                return -ENOMEM;
        req->session_id = a->session;
        req->flags = a->flags;
        if (a->user)
                memcpy(req->user, a->user, strlen(a->user));
        r = pack_strings((char *) (req + 1), room, a->argv, S0_SPAWN_ARGS_MAX, &req->argc, &used);
        if (r < 0)
                return r;
        r = pack_strings((char *) (req + 1), room, a->envp, S0_SPAWN_ENV_MAX, &req->envc, &used);
        if (r < 0)
                return r;
        req->strings_size = (uint32_t) used;
        header_init(c, &req->hdr, S0_MSG_SPAWN, sizeof *req + used);
        r = transact(c, req, sizeof *req + used, a->fds, 3, rep, S0_MSG_SPAWNED, &pidfd);
        if (r < 0)
                return r;
        c->spawn_cookie = req->hdr.cookie;
        if (ret_pid)
                *ret_pid = rep->pid;
        if (ret_pidfd)
                *ret_pidfd = pidfd;
        else
                safe_close(pidfd);
        return 0;
}

S0_EXPORT int s0_spawn_wait(struct s0_client *c, int *ret_code, int *ret_status) {
        _cleanup_free_ struct s0_rep_exited *rep = NULL;
        int r;

        if (!c || c->spawn_cookie == 0)
                return -EINVAL;
        rep = malloc(S0_MSG_SIZE_MAX);
        if (!rep)
                return -ENOMEM;
        r = recv_msg(c, c->spawn_cookie, rep, NULL);
        if (r < 0)
                return r;
        if (rep->hdr.type != S0_MSG_EXITED)
                return -EBADMSG;
        c->spawn_cookie = 0;
        if (ret_code)
                *ret_code = rep->code;
        if (ret_status)
                *ret_status = rep->status;
        return 0;
}

/* WTSSendMessage. With wait the reply comes when the user answers (or the timeout
 * passes): the daemon bounds that, so this blocking read does end. */
S0_EXPORT int s0_send_message(struct s0_client *c, uint32_t session, const char *title, const char *text,
                              uint32_t style, uint32_t timeout_s, bool wait, uint32_t *ret_response) {
        struct s0_req_send_message req = { .session = session, .style = style, .timeout_s = timeout_s };
        _cleanup_free_ struct s0_msg_message_answer *rep = NULL;
        size_t tl, xl;
        int r;

        if (!title)
                title = "";
        if (!c || !text)
                return -EINVAL;
        tl = strlen(title);
        xl = strlen(text);
        if (tl >= sizeof req.title || xl >= sizeof req.text || (style & ~S0_MB_KNOWN) ||
            (style & S0_MB_TYPEMASK) > S0_MB_TYPE_LAST)
                return -EINVAL;
        rep = malloc(S0_MSG_SIZE_MAX);
        if (!rep)
                return -ENOMEM;
        memcpy(req.title, title, tl);
        memcpy(req.text, text, xl);
        req.flags = wait ? S0_SEND_MESSAGE_WAIT : 0;
        header_init(c, &req.hdr, S0_MSG_SEND_MESSAGE, sizeof req);
        r = transact(c, &req, sizeof req, NULL, 0, rep, S0_MSG_MESSAGE_ANSWER, NULL);
        if (r < 0)
                return r;
        if (ret_response)
                *ret_response = rep->response;
        return 0;
}

S0_EXPORT const char *s0_message_response_name(uint32_t response) {
        static const char *const names[] = {
                [1] = "IDOK",    [2] = "IDCANCEL", [3] = "IDABORT",     [4] = "IDRETRY",     [5] = "IDIGNORE",
                [6] = "IDYES",   [7] = "IDNO",     [10] = "IDTRYAGAIN", [11] = "IDCONTINUE",
        };
        if (response == S0_ID_TIMEOUT)
                return "IDTIMEOUT";
        if (response == S0_ID_ASYNC)
                return "IDASYNC";
        return response < ELEMENTSOF(names) ? names[response] : NULL;
}

/* The daemon publishes its cgroup root (one line, relative to the cgroup2 mount) in
 * $S0_RUNTIME_DIR/cgroup; with that, a process's session is read from the kernel alone. */
static int read_session_root(char *root, size_t size) {
        char path[4096];
        FILE *f;

        if (snprintf(path, sizeof path, "%s/cgroup", s0_runtime_dir()) >= (int) sizeof path)
                return -ENAMETOOLONG;
        f = fopen(path, "re");
        if (!f)
                return -errno;
        if (!fgets(root, (int) size, f)) {
                fclose(f);
                return -EBADMSG;
        }
        fclose(f);
        root[strcspn(root, "\n")] = 0;
        return 0;
}

S0_EXPORT int s0_pid_session(pid_t pid, uint32_t *ret_session) {
        _cleanup_free_ char *path = NULL;
        char root[4096];
        int r;

        if (pid < 0 || !ret_session)
                return -EINVAL;
        r = read_session_root(root, sizeof root);
        if (r < 0)
                return r;
        r = proc_cgroup_path(pid, &path);
        if (r < 0)
                return r == -ENOENT ? -ESRCH : r;
        return s0_session_from_cgroup_path(root, path, ret_session);
}

/* ---- for the library's other files (client-internal.h) --------------------------- */

void s0__header_init(struct s0_client *c, struct s0_msg_header *h, uint16_t type, size_t size) {
        header_init(c, h, type, size);
}

int s0__transact(struct s0_client *c, void *req, size_t size, void *reply, uint16_t expect) {
        return transact(c, req, size, NULL, 0, reply, expect, NULL);
}

int s0__recv(struct s0_client *c, uint32_t cookie, void *buf) { return recv_msg(c, cookie, buf, NULL); }

uint32_t s0__last_cookie(const struct s0_client *c) { return c->cookie; }
