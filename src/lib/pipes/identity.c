/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Who is at the other end of a pipe, and acting as the client. Everything comes from
 * the kernel: SO_PEERCRED (the peer's pid, uid and gid when the connection was made;
 * for a client, the server process that called listen()), SO_PEERPIDFD (the same
 * process, immune to pid reuse), SO_PEERGROUPS, and the peer's cgroup for its session
 * (s0_pid_session()). Nothing the peer sends enters the answer.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/fsuid.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <session0/session0.h>

#include "pipe-internal.h"
#include "shared/macro.h"

#ifndef SO_PEERPIDFD
#define SO_PEERPIDFD 77
#endif
#ifndef SO_PEERGROUPS
#define SO_PEERGROUPS 59
#endif

/* Whether the process behind pidfd still runs: if it does, the pid read with it was not
 * reused by another process in between. -1 (no pidfd: an old kernel) trusts the pid. */
static bool pidfd_alive(int pidfd) {
        if (pidfd < 0)
                return true;
        /* EPERM: alive, another user's (signal 0 still checks permission) */
        return syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) == 0 || errno != ESRCH;
}

int s0_pipe_peer(struct s0_pipe *p, struct s0_pipe_peer *ret) {
        _cleanup_close_ int pidfd = -1;
        struct ucred cred;
        socklen_t len = sizeof cred;
        uint32_t session;
        int r;

        if (!p || !ret)
                return -EINVAL;
        if (p->fd < 0)
                return -ENOTCONN;
        if (p->peer_known) {
                *ret = p->peer;
                return 0;
        }
        if (getsockopt(p->fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
                return -errno;
        len = sizeof pidfd;
        if (getsockopt(p->fd, SOL_SOCKET, SO_PEERPIDFD, &pidfd, &len) < 0) {
                if (errno != ENOPROTOOPT && errno != EINVAL)
                        return errno == ESRCH ? -ESRCH : -errno;
                pidfd = -1;
        }
        r = s0_pid_session(cred.pid, &session);
        if (r < 0)
                return r;
        if (!pidfd_alive(pidfd))
                return -ESRCH;
        p->peer = (struct s0_pipe_peer) { .pid = cred.pid, .uid = cred.uid, .gid = cred.gid, .session = session };
        p->peer_known = true;
        *ret = p->peer;
        return 0;
}

/* The peer's supplementary groups (SO_PEERGROUPS), in a new array. */
static int peer_groups(int fd, gid_t **ret, size_t *ret_n) {
        socklen_t len = 0;
        gid_t *g;

        if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, NULL, &len) < 0 && errno != ERANGE)
                return -errno;
        g = malloc(len ? len : sizeof(gid_t));
        if (!g)
                return -ENOMEM;
        if (len && getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, g, &len) < 0) {
                free(g);
                return -errno;
        }
        *ret = g;
        *ret_n = len / sizeof(gid_t);
        return 0;
}

/* setgroups(2) of this thread only: glibc's setgroups() changes every thread. */
static int thread_setgroups(size_t n, const gid_t *groups) {
        return syscall(SYS_setgroups, n, groups) < 0 ? -errno : 0;
}

int s0_pipe_impersonate(struct s0_pipe *p, struct s0_pipe_identity *ret_saved) {
        struct s0_pipe_identity saved = { 0 };
        _cleanup_free_ gid_t *groups = NULL;
        struct ucred cred;
        socklen_t len = sizeof cred;
        size_t n_groups = 0;
        uid_t euid = geteuid();
        int r, n;

        if (!p || !ret_saved || !p->server)
                return -EINVAL;
        /* Windows takes the context of the last message read: nothing read, nothing to take. */
        if (p->state != PIPE_CONNECTED || !p->has_read)
                return -ENOMSG;
        if (getsockopt(p->fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
                return -errno;
        /* SeImpersonatePrivilege is root's; without it, only one's own identity. */
        if (euid != 0 && euid != cred.uid)
                return -ENOMSG;
        /* setfsuid()/setfsgid() with an invalid id change nothing and return the current one. */
        saved.fsuid = (uid_t) setfsuid((uid_t) -1);
        saved.fsgid = (gid_t) setfsgid((gid_t) -1);
        if (euid == 0) {
                r = peer_groups(p->fd, &groups, &n_groups);
                if (r < 0)
                        return r;
                n = getgroups(0, NULL);
                if (n < 0)
                        return -errno;
                saved.groups = malloc(((size_t) n + 1) * sizeof(gid_t));
                if (!saved.groups)
                        return -ENOMEM;
                n = getgroups(n, saved.groups);
                if (n < 0) {
                        r = -errno;
                        free(saved.groups);
                        return r;
                }
                saved.n_groups = (size_t) n;
                r = thread_setgroups(n_groups, groups);
                if (r < 0) {
                        free(saved.groups);
                        return r;
                }
                saved.groups_changed = true;
        }
        /* Group first: the fs capabilities go with fsuid 0, and setfsgid() needs them
         * only for ids other than our own. setfsuid() cannot report failure: re-read. */
        (void) setfsgid(cred.gid);
        (void) setfsuid(cred.uid);
        if ((uid_t) setfsuid((uid_t) -1) != cred.uid || (gid_t) setfsgid((gid_t) -1) != cred.gid) {
                (void) s0_pipe_revert(&saved);
                return -ENOMSG;
        }
        *ret_saved = saved;
        return 0;
}

int s0_pipe_revert(struct s0_pipe_identity *saved) {
        int r = 0;

        if (!saved)
                return -EINVAL;
        (void) setfsuid(saved->fsuid);
        (void) setfsgid(saved->fsgid);
        if (saved->groups_changed)
                r = thread_setgroups(saved->n_groups, saved->groups);
        if ((uid_t) setfsuid((uid_t) -1) != saved->fsuid && r == 0)
                r = -EPERM;
        free(saved->groups);
        *saved = (struct s0_pipe_identity) { 0 };
        return r;
}
