/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * s0-sessionhost: the session's USER authority (csrss/win32k analog). session0d starts
 * one per session in cgroup session-N/host, inside the session's mount and IPC
 * namespaces, as root with no capabilities and not dumpable: the session's own user
 * cannot ptrace, signal or read it (ATTACKS A7). It listens on
 * $S0_RUNTIME_DIR/host/host.sock, on a tmpfs mounted only in this session's mount
 * namespace: another session's processes cannot even name it.
 *
 * One epoll loop; one connection per client thread (its message queue). See
 * docs/WINDOWS.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <session0/session0.h>

#include "host.h"
#include "shared/io-util.h"
#include "shared/macro.h"
#include "shared/parse-util.h"
#include "shared/privdrop.h"

int64_t host_now_ms(void) {
        struct timespec ts;
        (void) clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The socket: the directory is the root-owned tmpfs session0d's namespace set-up
 * mounted (mode 0755), so only we (uid 0 owns it) can create names in it. */
static int host_listen(struct host *h) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        int fd;

        if (snprintf(sa.sun_path, sizeof sa.sun_path, "%s/host/host.sock", h->runtime_dir) >= (int) sizeof sa.sun_path)
                return -ENAMETOOLONG;
        (void) unlink(sa.sun_path); /* a previous host of this session (restarted) */
        fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
                return -errno;
        if (bind(fd, (struct sockaddr *) &sa, sizeof sa) < 0 || chmod(sa.sun_path, 0666) < 0 || listen(fd, 128) < 0) {
                int r = -errno;
                safe_close(fd);
                return r;
        }
        h->listen_fd = fd;
        return 0;
}

struct host_conn *host_conn_by_id(struct host *h, uint64_t id) {
        if (id == 0)
                return NULL;
        for (unsigned i = 0; i < HOST_CONNS_MAX; i++)
                if (h->conns[i] && h->conns[i]->id == id)
                        return h->conns[i];
        return NULL;
}

static void conn_close(struct host *h, struct host_conn *c) {
        host_conn_gone(h, c);
        for (unsigned i = 0; i < HOST_CONNS_MAX; i++)
                if (h->conns[i] == c)
                        h->conns[i] = NULL;
        host_desktop_conn_gone(h, c);
        (void) epoll_ctl(h->epoll_fd, EPOLL_CTL_DEL, c->fd, NULL);
        safe_close(c->fd);
        safe_close(c->pidfd);
        host_conn_shm_free(c);
        queue_free(&c->queue);
        free(c);
}

int host_send(struct host *h, struct host_conn *c, const void *m, size_t n) {
        ssize_t k;
        do
                k = send(c->fd, m, n, MSG_NOSIGNAL | MSG_DONTWAIT);
        while (k < 0 && errno == EINTR);
        if (k < 0) {
                /* A client that does not read its socket is dropped, not waited for: the
                 * host never blocks on one thread of one process. */
                int r = -errno;
                (void) shutdown(c->fd, SHUT_RDWR); /* the loop sees EOF and closes it */
                return r;
        }
        return 0;
}

static void on_accept(struct host *h) {
        struct ucred cred;
        socklen_t len = sizeof cred;
        struct host_conn *c;
        unsigned slot;
        int fd;

        fd = accept4(h->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0)
                return;
        for (slot = 0; slot < HOST_CONNS_MAX && h->conns[slot]; slot++)
                ;
        if (slot == HOST_CONNS_MAX || getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
                safe_close(fd);
                return;
        }
        c = calloc(1, sizeof *c);
        if (!c) {
                safe_close(fd);
                return;
        }
        c->fd = fd;
        c->db_fd = c->efd = -1;
        c->id = ++h->next_conn_id;
        c->pid = cred.pid;
        c->uid = cred.uid;
        c->get_deadline_ms = -1;
        c->last_get_ms = host_now_ms();
        c->desktop = DESKTOP_DEFAULT; /* a new thread starts on its process's startup desktop */
        /* The pidfd pins the identity: the pid cannot name another process later. */
        c->pidfd = (int) syscall(SYS_pidfd_open, cred.pid, 0);
        char path[64];
        /* The level, then the pidfd not readable (not exited): the cgroup file read was
         * that process's. (Signal 0 would need the right to signal it, which we lack.) */
        if (uipi_read_level(cred.pid, &c->il, &c->console) < 0 ||
            c->pidfd < 0 || poll(&(struct pollfd){ .fd = c->pidfd, .events = POLLIN }, 1, 0) != 0) {
                safe_close(c->pidfd);
                safe_close(fd);
                free(c);
                return;
        }
        snprintf(path, sizeof path, "/proc/%d/comm", (int) cred.pid);
        if (read_small_file_at(AT_FDCWD, path, c->exe, sizeof c->exe) < 0)
                snprintf(c->exe, sizeof c->exe, "pid %d", (int) cred.pid);
        struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
        if (c->pidfd < 0 || epoll_ctl(h->epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0) {
                safe_close(c->pidfd);
                safe_close(fd);
                free(c);
                return;
        }
        h->conns[slot] = c;
        h->desktops.slots[c->desktop].threads++;
}

static void on_conn(struct host *h, struct host_conn *c, uint32_t events) {
        for (int i = 0; i < 64; i++) { /* bounded: others get their turn */
                ssize_t n = recv(c->fd, h->buf, sizeof h->buf, MSG_DONTWAIT | MSG_TRUNC);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                        return;
                if (n <= 0) {
                        conn_close(h, c);
                        return;
                }
                if (s0h_msg_validate(h->buf, (size_t) n) < 0) {
                        host_reply(h, c, S0H_ERROR, (size_t) n >= 8 ? ((struct s0h_msg *) h->buf)->cookie : 0,
                                   13 /* ERROR_INVALID_DATA */, NULL);
                        continue;
                }
                host_dispatch(h, c, (struct s0h_msg *) h->buf, (size_t) n);
        }
        (void) events;
}

/* GETs whose time is up get NONE; returns the ms to the next deadline (-1: none). */
static int expire_gets(struct host *h) {
        int64_t now = host_now_ms(), next = -1;
        for (unsigned i = 0; i < HOST_CONNS_MAX; i++) {
                struct host_conn *c = h->conns[i];
                if (!c || !c->waiting_get || c->hook_busy || c->get_deadline_ms < 0)
                        continue;
                if (c->get_deadline_ms <= now) {
                        c->waiting_get = false;
                        host_reply(h, c, S0H_NONE, c->get_cookie, 0, NULL);
                } else if (next < 0 || c->get_deadline_ms - now < next)
                        next = c->get_deadline_ms - now;
        }
        return next < 0 ? -1 : (int) (next > 60000 ? 60000 : next);
}

static int host_run(struct host *h) {
        struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
        h->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
        if (h->epoll_fd < 0 || epoll_ctl(h->epoll_fd, EPOLL_CTL_ADD, h->listen_fd, &ev) < 0)
                return -errno;
        /* the journal subscription (sessionnotify.c), made when a window registers */
        h->changes.epoll_fd = h->epoll_fd;
        h->changes.epoll_data = &h->changes;
        for (;;) {
                struct epoll_event evs[32];
                int timeout = expire_gets(h), t = host_wts_timer(h), hook_timeout = hook_expire(h);
                if (t >= 0 && (timeout < 0 || t < timeout))
                        timeout = t;
                if (hook_timeout >= 0 && (timeout < 0 || hook_timeout < timeout))
                        timeout = hook_timeout;
                int n = epoll_wait(h->epoll_fd, evs, 32, timeout);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0)
                        return -errno;
                for (int i = 0; i < n; i++) {
                        if (!evs[i].data.ptr)
                                on_accept(h);
                        else if (evs[i].data.ptr == &h->changes)
                                host_wts_changes(h);
                        else {
                                /* the conn may have been closed by an earlier event of this round */
                                struct host_conn *c = evs[i].data.ptr;
                                bool live = false;
                                for (unsigned k = 0; k < HOST_CONNS_MAX && !live; k++)
                                        live = h->conns[k] == c;
                                if (live)
                                        on_conn(h, c, evs[i].events);
                        }
                }
        }
}

int main(int argc, char **argv) {
        static struct host h; /* the one context; static only for its size (the HWND table) */
        int r;

        h.session = S0_SESSION_NONE;
        desktop_table_init(&h.desktops);
        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--help") == 0) {
                        printf("Usage: s0-sessionhost --session N --runtime-dir DIR\n"
                               "The per-session window host, started by session0d. See s0-sessionhost(8).\n");
                        return 0;
                } else if (strcmp(argv[i], "--session") == 0 && i + 1 < argc) {
                        if (safe_atou32(argv[++i], &h.session) < 0) {
                                fprintf(stderr, "s0-sessionhost: invalid session '%s'\n", argv[i]);
                                return 2;
                        }
                } else if (strcmp(argv[i], "--runtime-dir") == 0 && i + 1 < argc)
                        h.runtime_dir = argv[++i];
                else {
                        fprintf(stderr, "s0-sessionhost: unknown option '%s'\n", argv[i]);
                        return 2;
                }
        }
        if (h.session == S0_SESSION_NONE || !h.runtime_dir) {
                fprintf(stderr, "s0-sessionhost: --session and --runtime-dir are required\n");
                return 2;
        }
        r = s0_drop_all_privileges();
        if (r < 0) {
                fprintf(stderr, "s0-sessionhost: cannot drop privileges: %s\n", strerror(-r));
                return 1;
        }
        /* Only SIGKILL (logoff's cgroup.kill, or session0d) ends us. */
        for (int sig = 1; sig < NSIG; sig++)
                if (sig != SIGKILL && sig != SIGSTOP)
                        (void) signal(sig, SIG_IGN);
        /* Two fds per client thread (its doorbell and eventfd): up to the hard limit. */
        struct rlimit rl;
        if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
                rl.rlim_cur = rl.rlim_max;
                (void) setrlimit(RLIMIT_NOFILE, &rl);
        }
        h.wintab_fd = -1;
        r = host_wintab_init(&h);
        if (r < 0) /* then every message goes through the host, which works as well */
                fprintf(stderr, "s0-sessionhost: no fast path (shared HWND table: %s)\n", strerror(-r));
        r = host_listen(&h);
        if (r < 0) {
                fprintf(stderr, "s0-sessionhost: cannot listen on '%s/host/host.sock': %s\n", h.runtime_dir,
                        strerror(-r));
                return 1;
        }
        r = host_run(&h);
        fprintf(stderr, "s0-sessionhost: event loop failed: %s\n", strerror(-r));
        return 1;
}
