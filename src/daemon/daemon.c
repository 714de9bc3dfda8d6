/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Start-up, the event loop and shutdown of session0d. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "audit.h"
#include "cgroup.h"
#include "daemon.h"
#include "daemon-run.h"
#include "message.h"
#include "objdir.h"
#include "shared/io-util.h"
#include "shared/cgroup-path.h"
#include "shared/log.h"
#include "shared/macro.h"

int daemon_watch_add(struct s0_daemon *d, struct s0_watch *w, uint32_t events) {
        struct epoll_event ev = { .events = events, .data.ptr = w };
        if (epoll_ctl(d->epoll_fd, EPOLL_CTL_ADD, w->fd, &ev) < 0)
                return -errno;
        return 0;
}

void daemon_watch_del(struct s0_daemon *d, struct s0_watch *w) {
        if (w->fd >= 0 && d->epoll_fd >= 0)
                (void) epoll_ctl(d->epoll_fd, EPOLL_CTL_DEL, w->fd, NULL);
}

/* Per-session /tmp and /dev/shm hide anything below them from the sessions, and
 * the control socket must be reachable from every session. */
static int check_runtime_dir(const char *dir) {
        static const char *const hidden[] = { "/tmp", "/dev/shm", "/var/tmp" };
        if (dir[0] != '/')
                return log_error_errno(-EINVAL, "Runtime directory '%s' must be an absolute path", dir);
        for (size_t i = 0; i < ELEMENTSOF(hidden); i++) {
                size_t l = strlen(hidden[i]);
                if (strncmp(dir, hidden[i], l) == 0 && (dir[l] == '/' || dir[l] == 0))
                        return log_error_errno(-EINVAL,
                                               "Runtime directory '%s' is under %s, which every session replaces "
                                               "with its own; use a directory under /run",
                                               dir, hidden[i]);
        }
        return 0;
}

static int mkdir_p(const char *path, mode_t mode) {
        char buf[4096];
        if (snprintf(buf, sizeof buf, "%s", path) >= (int) sizeof buf)
                return -ENAMETOOLONG;
        for (char *p = buf + 1; *p; p++)
                if (*p == '/') {
                        *p = 0;
                        if (mkdir(buf, mode) < 0 && errno != EEXIST)
                                return -errno;
                        *p = '/';
                }
        if (mkdir(buf, mode) < 0 && errno != EEXIST)
                return -errno;
        return 0;
}

/* Where our session tree lives, relative to the cgroup2 mount:
 *  --cgroup PATH          as given (tests and side-by-side daemons use this);
 *  under systemd          our own unit's cgroup (Delegate=yes), the daemon moving
 *                         itself into <unit>/supervisor so the tree has no inner process;
 *  otherwise              /session0. */
static int choose_root(struct s0_daemon *d, const char *mnt, char **ret) {
        _cleanup_free_ char *own = NULL;
        char buf[4096];
        int r;

        if (d->cgroup_arg) {
                const char *a = d->cgroup_arg;
                while (*a == '/')
                        a++;
                if (!*a || strstr(a, "..") || strchr(a, '\n'))
                        return log_error_errno(-EINVAL, "Invalid --cgroup '%s'", d->cgroup_arg);
                snprintf(buf, sizeof buf, "/%s", a);
                while (strlen(buf) > 1 && buf[strlen(buf) - 1] == '/')
                        buf[strlen(buf) - 1] = 0;
                *ret = strdup(buf);
                return *ret ? 0 : -ENOMEM;
        }
        r = proc_cgroup_path(0, &own);
        if (r < 0)
                return log_error_errno(r, "Cannot read own cgroup");
        if (getenv("INVOCATION_ID") && strlen(own) > 8 && strcmp(own + strlen(own) - 8, ".service") == 0) {
                int sup;
                snprintf(buf, sizeof buf, "%s%s", mnt, own);
                int fd = open(buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (fd < 0)
                        return log_error_errno(-errno, "Cannot open own cgroup '%s'", buf);
                r = cg_mkdir_open(fd, "supervisor", &sup);
                if (r == 0) {
                        r = cg_attach(sup, getpid());
                        safe_close(sup);
                }
                safe_close(fd);
                if (r < 0)
                        return log_error_errno(r, "Cannot move into '%s/supervisor'. Is Delegate=yes set?", buf);
                *ret = TAKE_PTR(own);
                return 0;
        }
        *ret = strdup("/session0");
        return *ret ? 0 : -ENOMEM;
}

static int publish_root(struct s0_daemon *d) {
        char line[4200];
        int n = snprintf(line, sizeof line, "%s\n", d->root_path), fd, r;

        if (n < 0 || (size_t) n >= sizeof line)
                return -ENAMETOOLONG;
        fd = openat(d->runtime_fd, "cgroup.tmp", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0)
                return -errno;
        r = loop_write(fd, line, (size_t) n);
        safe_close(fd);
        if (r < 0)
                return r;
        if (renameat(d->runtime_fd, "cgroup.tmp", d->runtime_fd, "cgroup") < 0)
                return -errno;
        return 0;
}

static void on_signal(struct s0_daemon *d, struct s0_watch *w, uint32_t events) {
        struct signalfd_siginfo si;
        ssize_t n = read(w->fd, &si, sizeof si);
        if (n != (ssize_t) sizeof si)
                return;
        if (si.ssi_signo == SIGHUP) {
                /* The conventional "reload": all our state is in the kernel and our
                 * options come from the command line, so there is nothing to reread. */
                log_info("Got SIGHUP: nothing to reload, still serving");
                return;
        }
        log_info("Got signal %u, exiting%s", si.ssi_signo,
                 d->logoff_all_on_exit ? " and logging off every session" : "; sessions stay");
        d->quit = true;
        (void) events;
}

static void notify_ready(struct s0_daemon *d) {
        const char *ns = getenv("NOTIFY_SOCKET");

        if (d->ready_fd >= 0) {
                (void) loop_write(d->ready_fd, "READY=1\n", 8);
                d->ready_fd = safe_close(d->ready_fd);
        }
        if (ns && (ns[0] == '/' || ns[0] == '@') && strlen(ns) < sizeof(((struct sockaddr_un *) 0)->sun_path)) {
                struct sockaddr_un sa = { .sun_family = AF_UNIX };
                int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
                socklen_t len;
                if (fd < 0)
                        return;
                strcpy(sa.sun_path, ns);
                if (sa.sun_path[0] == '@')
                        sa.sun_path[0] = 0;
                len = (socklen_t) (offsetof(struct sockaddr_un, sun_path) + strlen(ns));
                (void) sendto(fd, "READY=1", 7, MSG_NOSIGNAL, (struct sockaddr *) &sa, len);
                safe_close(fd);
        }
}

static int setup(struct s0_daemon *d) {
        _cleanup_free_ char *mnt = NULL;
        sigset_t mask;
        struct rlimit rl;
        char buf[4200];
        int r;

        r = check_runtime_dir(d->runtime_dir);
        if (r < 0)
                return r;
        d->anchor_fd = open(d->anchor_path, O_PATH | O_CLOEXEC);
        if (d->anchor_fd < 0)
                return log_error_errno(-errno, "Cannot open the anchor program '%s'", d->anchor_path);
        r = mkdir_p(d->runtime_dir, 0755);
        if (r < 0)
                return log_error_errno(r, "Cannot create runtime directory '%s'", d->runtime_dir);
        d->runtime_fd = open(d->runtime_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (d->runtime_fd < 0)
                return log_error_errno(-errno, "Cannot open runtime directory '%s'", d->runtime_dir);
        /* The mount point of each session's private host directory (spawn.c): empty and
         * root's on the host, where no session host listens. */
        if (mkdirat(d->runtime_fd, "host", 0755) < 0 && errno != EEXIST)
                return log_error_errno(-errno, "Cannot create '%s/host'", d->runtime_dir);
        d->host_fd = d->host_path ? open(d->host_path, O_PATH | O_CLOEXEC) : -1;
        if (d->host_path && d->host_fd < 0)
                log_warning("Cannot open the session host '%s': %s; sessions get no window host", d->host_path,
                            strerror(errno));
        /* Before anything else is made: a start refused here leaves no cgroup behind. */
        r = objdir_init(&d->objdir, d->runtime_fd, d->runtime_dir, &d->obj_policy);
        if (r < 0)
                return r; /* logged */

        r = cg_find_mount(&mnt);
        if (r < 0)
                return log_error_errno(r, "No cgroup v2 hierarchy found, and mounting one failed");
        if (d->favor_dynmods) {
                bool changed;
                r = cg_favor_dynmods(mnt, &changed);
                if (r < 0) /* slower logons, nothing worse: carry on */
                        log_warning_errno(r, "Cannot turn on favordynmods on '%s'", mnt);
                else if (changed)
                        log_info("cgroup2 hierarchy '%s' now favors dynamic modifications (favordynmods)", mnt);
        }
        r = choose_root(d, mnt, &d->root_path);
        if (r < 0)
                return r;
        snprintf(buf, sizeof buf, "%s%s", mnt, d->root_path);
        d->root_abs = strdup(buf);
        if (!d->root_abs)
                return -ENOMEM;
        r = mkdir_p(d->root_abs, 0755);
        if (r < 0)
                return log_error_errno(r, "Cannot create cgroup '%s'", d->root_abs);
        d->root_fd = open(d->root_abs, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (d->root_fd < 0)
                return log_error_errno(-errno, "Cannot open cgroup '%s'", d->root_abs);
        r = publish_root(d);
        if (r < 0)
                return log_error_errno(r, "Cannot write '%s/cgroup'", d->runtime_dir);

        /* Enough descriptors for every client and every session's pidfds. */
        if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
                return log_error_errno(-errno, "getrlimit");
        d->nofile_orig = rl;
        if (rl.rlim_cur < rl.rlim_max) {
                rl.rlim_cur = rl.rlim_max > 65536 ? 65536 : rl.rlim_max;
                (void) setrlimit(RLIMIT_NOFILE, &rl);
        }

        d->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
        if (d->epoll_fd < 0)
                return log_error_errno(-errno, "epoll_create1");
        sigemptyset(&mask);
        sigaddset(&mask, SIGTERM);
        sigaddset(&mask, SIGINT);
        sigaddset(&mask, SIGHUP);
        if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
                return log_error_errno(-errno, "sigprocmask");
        d->signals.fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
        if (d->signals.fd < 0)
                return log_error_errno(-errno, "signalfd");
        d->signals.handler = on_signal;
        r = daemon_watch_add(d, &d->signals, EPOLLIN);
        if (r < 0)
                return r;
        (void) signal(SIGPIPE, SIG_IGN);

        d->msg_buf = malloc(S0_MSG_SIZE_MAX + 1);
        if (!d->msg_buf)
                return -ENOMEM;
        r = audit_open(d);
        if (r < 0)
                return r;
        r = sessions_init(d);
        if (r < 0)
                return r;
        return control_listen(d);
}

static void teardown(struct s0_daemon *d) {
        control_close_all(d);
        audit_close(d);
        messages_free(d);
        children_free(d);
        if (d->logoff_all_on_exit && d->sessions) {
                sessions_logoff_all(d);
                (void) rmdir(d->root_abs);
                (void) unlinkat(d->runtime_fd, "cgroup", 0);
                /* Every session is gone, and with them every user of an object. What
                 * cannot be removed has been logged. */
                objdir_close(&d->objdir);
                (void) objdir_purge(d->runtime_fd, d->runtime_dir);
        }
        sessions_free(d);
        objdir_close(&d->objdir);
        if (d->runtime_fd >= 0) {
                if (d->logoff_all_on_exit) {
                        (void) unlinkat(d->runtime_fd, "control", 0);
                        (void) unlinkat(d->runtime_fd, "host", AT_REMOVEDIR); /* the sessions' mount point */
                        (void) rmdir(d->runtime_dir); /* only if empty: it may be shared */
                }
                safe_close(d->runtime_fd);
        }
        safe_close(d->anchor_fd);
        safe_close(d->host_fd);
        safe_close(d->signals.fd);
        safe_close(d->epoll_fd);
        safe_close(d->root_fd);
        safe_close(d->ready_fd);
        free(d->root_path);
        free(d->root_abs);
        free(d->msg_buf);
}

int daemon_run(struct s0_daemon *d) {
        int r = setup(d);
        if (r < 0) {
                teardown(d);
                return r;
        }
        log_info("Listening on %s/control (cgroup %s, isolation %s)", d->runtime_dir, d->root_abs,
                 d->isolation == S0_ISOLATION_LEGACY ? "legacy" : "default");
        notify_ready(d);
        while (!d->quit) {
                struct epoll_event ev;
                /* One event per wakeup: a handler may free another watch, and a batch
                 * would then hold a stale pointer to it. */
                int n = epoll_wait(d->epoll_fd, &ev, 1, -1);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        r = log_error_errno(-errno, "epoll_wait");
                        break;
                }
                if (n == 1) {
                        struct s0_watch *w = ev.data.ptr;
                        w->handler(d, w, ev.events);
                }
        }
        teardown(d);
        return r;
}

/* Removes everything a daemon with this runtime dir and cgroup tree left behind: every
 * process in the tree is killed, the tree and the runtime files removed. */
int daemon_purge(struct s0_daemon *d) {
        _cleanup_free_ char *mnt = NULL;
        char buf[4200];
        int r, fd;

        r = cg_find_mount(&mnt);
        if (r < 0)
                return log_error_errno(r, "No cgroup v2 hierarchy");
        if (!d->cgroup_arg)
                return log_error_errno(-EINVAL, "--purge needs --cgroup");
        if (control_is_live(d->runtime_dir))
                return log_error_errno(-EBUSY, "A session0d is still serving '%s/control': stop it first",
                                       d->runtime_dir);
        r = choose_root(d, mnt, &d->root_path);
        if (r < 0)
                return r;
        snprintf(buf, sizeof buf, "%s%s", mnt, d->root_path);
        fd = open(buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0) {
                (void) cg_kill(fd);
                r = cg_wait_empty(fd, 10000);
                if (r < 0)
                        log_warning_errno(r, "'%s' did not empty", buf);
                safe_close(fd);
                r = cg_rmdir_tree(AT_FDCWD, buf);
                if (r < 0)
                        log_warning_errno(r, "Cannot remove '%s'", buf);
        }
        fd = open(d->runtime_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0) {
                int k = objdir_purge(fd, d->runtime_dir); /* what it could not remove is logged */
                if (k < 0 && r >= 0)
                        r = k;
                safe_close(fd);
        }
        snprintf(buf, sizeof buf, "%s/control", d->runtime_dir);
        (void) unlink(buf);
        snprintf(buf, sizeof buf, "%s/cgroup", d->runtime_dir);
        (void) unlink(buf);
        snprintf(buf, sizeof buf, "%s/host", d->runtime_dir);
        (void) rmdir(buf); /* the mount point of the sessions' host directories */
        (void) rmdir(d->runtime_dir);
        free(d->root_path);
        d->root_path = NULL;
        return r < 0 ? r : 0;
}
