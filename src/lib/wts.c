/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The native side of the WTS API (include/session0/wts.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <session0/wts.h>

#include "shared/macro.h"

S0_EXPORT int s0_session_get(struct s0_client *c, uint32_t id, struct s0_session_info *ret) {
        _cleanup_free_ struct s0_session_info *all = NULL;
        size_t n;
        int r;

        if (!c || !ret)
                return -EINVAL;
        r = s0_list_sessions(c, &all, &n);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i++)
                if (all[i].id == id) {
                        *ret = all[i];
                        return 0;
                }
        return -ENOENT;
}

S0_EXPORT int s0_console_session(struct s0_client *c, uint32_t *ret_session) {
        _cleanup_free_ struct s0_session_info *all = NULL;
        size_t n;
        int r;

        if (!c || !ret_session)
                return -EINVAL;
        r = s0_list_sessions(c, &all, &n);
        if (r < 0)
                return r;
        *ret_session = S0_SESSION_NONE;
        for (size_t i = 0; i < n; i++)
                if (all[i].flags & S0_SESSION_CONSOLE) {
                        *ret_session = all[i].id;
                        break;
                }
        return 0;
}

S0_EXPORT int s0_session_name(const struct s0_session_info *s, char *buf, size_t size) {
        int k;

        if (!s || !buf)
                return -EINVAL;
        /* The console wins over "Services": in legacy mode the console user is in
         * session 0, which XP called "Console". */
        if (s->flags & S0_SESSION_CONSOLE)
                k = snprintf(buf, size, "Console");
        else if (s->id == 0)
                k = snprintf(buf, size, "Services");
        else if (s->flags & S0_SESSION_REMOTE)
                k = snprintf(buf, size, "SSH#%u", s->id);
        else
                k = snprintf(buf, size, "Session#%u", s->id);
        return k < 0 || (size_t) k >= size ? -ENOBUFS : 0;
}

/* Cookies of our own on the shared connection: the client numbers its requests from
 * getpid() << 8 upwards, and pids stay below 2^22, so these never meet its own. */
#define COOKIE_LOGOFF 0xFFFFFFF0u
#define COOKIE_FENCE 0xFFFFFFF1u

static int send_all(int fd, const void *msg, size_t size) {
        ssize_t k;

        do
                k = send(fd, msg, size, MSG_NOSIGNAL);
        while (k < 0 && errno == EINTR);
        if (k < 0)
                return -errno;
        return (size_t) k == size ? 0 : -EIO;
}

static void header(struct s0_msg_header *h, uint16_t type, size_t size, uint32_t cookie) {
        *h = (struct s0_msg_header) { .magic = S0_MSG_MAGIC, .version = S0_PROTOCOL_VERSION, .type = type,
                                      .size = (uint32_t) size, .cookie = cookie };
}

/* LOGOFF answers OK only once the session is gone. To learn that the daemon accepted
 * it without waiting for that, a LIST follows on the same connection: the daemon
 * handles one connection's requests in order, so a LIST reply that comes first means
 * the LOGOFF was taken (its refusal would have come before). The late OK is skipped
 * by the client as an answer to nothing it asked. */
S0_EXPORT int s0_logoff_start(struct s0_client *c, uint32_t session) {
        struct s0_req_session logoff = { .session_id = session };
        struct s0_req_list fence = { .first_id = S0_SESSION_NONE };
        _cleanup_free_ void *buf = NULL;
        int fd = s0_client_fd(c), r;

        if (fd < 0)
                return -EINVAL;
        buf = malloc(S0_MSG_SIZE_MAX);
        if (!buf)
                return -ENOMEM;
        header(&logoff.hdr, S0_MSG_LOGOFF, sizeof logoff, COOKIE_LOGOFF);
        header(&fence.hdr, S0_MSG_LIST, sizeof fence, COOKIE_FENCE);
        r = send_all(fd, &logoff, sizeof logoff);
        if (r == 0)
                r = send_all(fd, &fence, sizeof fence);
        if (r < 0)
                return r;
        for (;;) {
                const struct s0_msg_header *h = buf;
                ssize_t n = recv(fd, buf, S0_MSG_SIZE_MAX, MSG_CMSG_CLOEXEC);

                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0)
                        return -errno;
                if (n == 0)
                        return -ECONNRESET;
                r = s0_msg_validate(buf, (size_t) n);
                if (r < 0)
                        return r;
                if (h->cookie == COOKIE_LOGOFF && h->type == S0_MSG_ERROR) {
                        r = ((const struct s0_rep_error *) buf)->error;
                        /* the fence's reply is still to come: drain it */
                        continue;
                }
                if (h->cookie == COOKIE_LOGOFF && h->type == S0_MSG_OK)
                        continue; /* done already; the fence's reply follows */
                if (h->cookie == COOKIE_FENCE)
                        return r;
                /* anything else: a late report for an earlier request */
        }
}

S0_EXPORT int s0_spawn_in_session(struct s0_client *c, uint32_t session, const char *user, char *const *argv,
                                  pid_t *ret_pid, int *ret_pidfd) {
        struct s0_spawn_args a = {
                .session = session,
                .user = user,
                .argv = argv,
                .fds = { STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO },
        };

        return s0_spawn(c, &a, ret_pid, ret_pidfd);
}
