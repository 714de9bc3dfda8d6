/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <linux/close_range.h>
#include <linux/keyctl.h>
#include <linux/sched.h>
#include <poll.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include <session0/protocol.h>

#include "bench-raw.h"
#include "bench-util.h"
#include "shared/io-util.h"
#include "shared/macro.h"

int raw_user_lookup(const char *name, struct raw_user *ret) {
        struct passwd *pw = getpwnam(name);
        int n = RAW_GROUPS_MAX;

        if (!pw)
                return errno ? -errno : -ENOENT;
        ret->uid = pw->pw_uid;
        ret->gid = pw->pw_gid;
        snprintf(ret->home, sizeof ret->home, "%s", pw->pw_dir && *pw->pw_dir ? pw->pw_dir : "/");
        if (getgrouplist(pw->pw_name, pw->pw_gid, ret->groups, &n) < 0)
                return -E2BIG;
        ret->ngroups = n;
        return 0;
}

static int mkdir_open(int dir_fd, const char *name, int *ret_fd) {
        int fd;
        if (mkdirat(dir_fd, name, 0755) < 0 && errno != EEXIST)
                return -errno;
        fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        *ret_fd = fd;
        return 0;
}

/* ---- the child side, as in spawn.c (a raw clone3() copy: syscalls only) ------------ */

enum ns_mode { NS_NEW, NS_JOIN, NS_KEEP };

struct child_params {
        int cgroup_fd;
        enum ns_mode ns;
        int ns_pidfd;                /* NS_JOIN: the anchor's pidfd */
        const struct raw_user *user; /* NULL: stay root */
        char *const *argv;
        int null_fd;                 /* -1: open /dev/null */
};

_Noreturn static void child_fail(int errfd) {
        int e = errno;
        ssize_t k;
        do
                k = write(errfd, &e, sizeof e);
        while (k < 0 && errno == EINTR);
        _exit(127);
}

_Noreturn static void child_run(const struct child_params *p, int errfd) {
        static char *const envp[] = { (char *) "PATH=/usr/bin:/bin", NULL };
        sigset_t none;
        struct stat st;

        sigemptyset(&none);
        (void) sigprocmask(SIG_SETMASK, &none, NULL);
        if (p->ns == NS_NEW) {
                if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0 ||
                    mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") < 0 ||
                    mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") < 0)
                        child_fail(errfd);
                if (stat("/var/tmp", &st) == 0 && S_ISDIR(st.st_mode) &&
                    mount("tmpfs", "/var/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") < 0)
                        child_fail(errfd);
                if (stat("/dev/mqueue", &st) == 0 &&
                    mount("mqueue", "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
                        child_fail(errfd);
        } else if (p->ns == NS_JOIN && setns(p->ns_pidfd, CLONE_NEWNS | CLONE_NEWIPC) < 0)
                child_fail(errfd);
        if (setsid() < 0)
                child_fail(errfd);
        int fd = p->null_fd >= 0 ? p->null_fd : open("/dev/null", O_RDWR | O_NOCTTY);
        if (fd < 0)
                child_fail(errfd);
        for (int i = 0; i < 3; i++)
                if (dup2(fd, i) < 0)
                        child_fail(errfd);
        if (syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
                child_fail(errfd);
        if (p->user) {
                if (setgroups((size_t) p->user->ngroups, p->user->groups) < 0 ||
                    setresgid(p->user->gid, p->user->gid, p->user->gid) < 0 ||
                    setresuid(p->user->uid, p->user->uid, p->user->uid) < 0 ||
                    syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0)
                        child_fail(errfd);
                if (chdir(p->user->home) < 0)
                        (void) chdir("/");
        } else
                (void) chdir("/");
        execve(p->argv[0], p->argv, envp);
        child_fail(errfd);
}

/* clone3() into p->cgroup_fd (with new mount+IPC namespaces for NS_NEW) and wait for
 * the exec, exactly as spawn_in_session() does. */
static int spawn_child(const struct child_params *p, pid_t *ret_pid, int *ret_pidfd) {
        struct clone_args args = { 0 };
        int pipefd[2], pidfd = -1, e = 0;
        ssize_t n;
        long pid;

        if (pipe2(pipefd, O_CLOEXEC) < 0)
                return -errno;
        args.flags = CLONE_PIDFD | CLONE_INTO_CGROUP | (p->ns == NS_NEW ? CLONE_NEWNS | CLONE_NEWIPC : 0);
        args.pidfd = (uint64_t) (uintptr_t) &pidfd;
        args.exit_signal = SIGCHLD;
        args.cgroup = (uint64_t) p->cgroup_fd;
        pid = syscall(SYS_clone3, &args, sizeof args);
        if (pid < 0) {
                int r = -errno;
                safe_close(pipefd[0]);
                safe_close(pipefd[1]);
                return r;
        }
        if (pid == 0) {
                safe_close(pipefd[0]);
                child_run(p, pipefd[1]);
        }
        safe_close(pipefd[1]);
        do
                n = read(pipefd[0], &e, sizeof e);
        while (n < 0 && errno == EINTR);
        safe_close(pipefd[0]);
        if (n == 0) {
                *ret_pid = (pid_t) pid;
                *ret_pidfd = pidfd;
                return 0;
        }
        (void) waitid(P_PIDFD, (id_t) pidfd, &(siginfo_t){ 0 }, WEXITED);
        safe_close(pidfd);
        return e > 0 ? -e : -EIO;
}

/* ---- sessions -------------------------------------------------------------------- */

static int set_xattr_u64(int fd, const char *name, uint64_t v) {
        char buf[32];
        int n = snprintf(buf, sizeof buf, "%" PRIu64, v);
        return fsetxattr(fd, name, buf, (size_t) n, 0) < 0 ? -errno : 0;
}

int raw_session_create(int root_fd, uint32_t id, uid_t uid, const char *anchor_path, struct raw_session *ret) {
        char name[32], idbuf[16];
        char *argv[] = { (char *) anchor_path, (char *) "--session", idbuf, NULL };
        _cleanup_close_ int leaf = -1;
        struct child_params p = { .ns = NS_NEW, .ns_pidfd = -1, .argv = argv, .null_fd = -1 };
        int r;

        snprintf(name, sizeof name, "session-%" PRIu32, id);
        snprintf(idbuf, sizeof idbuf, "%" PRIu32, id);
        *ret = (struct raw_session){ .id = id, .dir_fd = -1, .anchor_pidfd = -1 };
        r = mkdir_open(root_fd, name, &ret->dir_fd);
        if (r < 0)
                return r;
        /* the daemon records who and since when on the cgroup; so do we */
        r = set_xattr_u64(ret->dir_fd, "trusted.session0.uid", uid);
        if (r == 0)
                r = set_xattr_u64(ret->dir_fd, "trusted.session0.logon_time", (uint64_t) time(NULL));
        if (r == 0)
                r = mkdir_open(ret->dir_fd, "anchor", &leaf);
        if (r < 0)
                goto fail;
        p.cgroup_fd = leaf;
        r = spawn_child(&p, &ret->anchor_pid, &ret->anchor_pidfd);
        if (r < 0)
                goto fail;
        return 0;
fail:
        ret->dir_fd = safe_close(ret->dir_fd);
        raw_cgroup_purge(root_fd, name);
        return r;
}

int raw_session_spawn(struct raw_session *s, const struct raw_user *u, char *const argv[], int null_fd,
                      pid_t *ret_pid, int *ret_pidfd) {
        _cleanup_close_ int leaf = -1;
        struct child_params p = { .ns = NS_JOIN, .ns_pidfd = s->anchor_pidfd, .user = u, .argv = argv,
                                  .null_fd = null_fd };
        int r = mkdir_open(s->dir_fd, "user", &leaf);

        if (r < 0)
                return r;
        p.cgroup_fd = leaf;
        return spawn_child(&p, ret_pid, ret_pidfd);
}

static int populated(int events_fd) {
        char buf[256];
        ssize_t n = pread(events_fd, buf, sizeof buf - 1, 0);
        if (n < 0)
                return -errno;
        buf[n] = 0;
        char *p = strstr(buf, "populated ");
        return p ? p[10] == '1' : -EBADMSG;
}

/* cgroup.events flips to "populated 0" (and polls POLLPRI) once the last task exits. */
static int kill_and_wait(int dir_fd) {
        _cleanup_close_ int ev = openat(dir_fd, "cgroup.events", O_RDONLY | O_CLOEXEC);
        int r;

        if (ev < 0)
                return -errno;
        r = write_string_file_at(dir_fd, "cgroup.kill", "1");
        if (r < 0)
                return r;
        for (;;) {
                struct pollfd pfd = { .fd = ev, .events = POLLPRI };
                r = populated(ev);
                if (r <= 0)
                        return r;
                if (poll(&pfd, 1, 10000) == 0)
                        return -ETIMEDOUT;
        }
}

static void rmdir_tree(int dir_fd, const char *name) {
        _cleanup_close_ int fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        DIR *d;
        struct dirent *de;

        if (fd < 0)
                return;
        d = fdopendir(fd);
        if (!d)
                return;
        fd = -1;
        while ((de = readdir(d)))
                if (de->d_type == DT_DIR && de->d_name[0] != '.')
                        rmdir_tree(dirfd(d), de->d_name);
        closedir(d);
        (void) unlinkat(dir_fd, name, AT_REMOVEDIR);
}

int raw_session_destroy(int root_fd, struct raw_session *s) {
        char name[32];
        int r = kill_and_wait(s->dir_fd);

        snprintf(name, sizeof name, "session-%" PRIu32, s->id);
        (void) unlinkat(s->dir_fd, "anchor", AT_REMOVEDIR);
        (void) unlinkat(s->dir_fd, "user", AT_REMOVEDIR);
        if (unlinkat(root_fd, name, AT_REMOVEDIR) < 0 && r == 0)
                r = -errno;
        if (s->anchor_pidfd >= 0)
                (void) waitid(P_PIDFD, (id_t) s->anchor_pidfd, &(siginfo_t){ 0 }, WEXITED);
        s->anchor_pidfd = safe_close(s->anchor_pidfd);
        s->dir_fd = safe_close(s->dir_fd);
        return r;
}

void raw_cgroup_purge(int root_fd, const char *name) {
        _cleanup_close_ int fd = openat(root_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0)
                (void) kill_and_wait(fd);
        rmdir_tree(root_fd, name);
}

int raw_start_plain(int root_fd, const char *name, char *const argv[], pid_t *ret_pid, int *ret_pidfd) {
        _cleanup_close_ int leaf = -1;
        struct child_params p = { .ns = NS_KEEP, .ns_pidfd = -1, .argv = argv, .null_fd = -1 };
        int r = mkdir_open(root_fd, name, &leaf);

        if (r < 0)
                return r;
        p.cgroup_fd = leaf;
        return spawn_child(&p, ret_pid, ret_pidfd);
}

/* ---- logoff ---------------------------------------------------------------------- */

int raw_sleepers_start(int root_fd, const char *name, int n, pid_t *pids, int *ret_dir_fd) {
        static char *const argv[] = { (char *) "/bin/sleep", (char *) "1000", NULL };
        static char *const envp[] = { NULL };
        int dir_fd, r;

        r = mkdir_open(root_fd, name, &dir_fd);
        if (r < 0)
                return r;
        for (int i = 0; i < n; i++) {
                /* CLONE_VFORK: we resume once the child has exec'd */
                struct clone_args args = { .flags = CLONE_INTO_CGROUP | CLONE_VFORK,
                                           .exit_signal = SIGCHLD,
                                           .cgroup = (uint64_t) dir_fd };
                long pid = syscall(SYS_clone3, &args, sizeof args);
                if (pid < 0) {
                        r = -errno;
                        (void) raw_kill_wait_rmdir(root_fd, name, dir_fd);
                        for (int k = 0; k < i; k++)
                                (void) waitpid(pids[k], NULL, 0);
                        return r;
                }
                if (pid == 0) {
                        execve(argv[0], argv, envp);
                        _exit(127);
                }
                pids[i] = (pid_t) pid;
        }
        *ret_dir_fd = dir_fd;
        return 0;
}

int raw_kill_wait_rmdir(int root_fd, const char *name, int dir_fd) {
        int r = kill_and_wait(dir_fd);
        safe_close(dir_fd);
        if (unlinkat(root_fd, name, AT_REMOVEDIR) < 0 && r == 0)
                r = -errno;
        return r;
}

/* ---- SOCK_SEQPACKET ping-pong ------------------------------------------------------ */

struct pp_req {
        struct s0_msg_header hdr; /* the same 24 bytes a list request has */
        uint32_t reply_size;
        uint32_t reserved;
};

_Noreturn static void pingpong_serve(int fd, int cpu) {
        static char buf[S0_MSG_SIZE_MAX];
        struct pp_req req;

        (void) prctl(PR_SET_PDEATHSIG, SIGKILL);
        (void) pin_to_cpu(cpu);
        memset(buf, 0x5a, sizeof buf);
        for (;;) {
                ssize_t n = recv(fd, &req, sizeof req, 0);
                if (n <= 0) {
                        if (n < 0 && errno == EINTR)
                                continue;
                        _exit(0);
                }
                if (req.reply_size > sizeof buf)
                        req.reply_size = sizeof buf;
                if (send(fd, buf, req.reply_size, MSG_NOSIGNAL) < 0)
                        _exit(1);
        }
}

int raw_pingpong_start(int cpu, pid_t *ret_pid, int *ret_fd) {
        int sv[2];
        pid_t pid;

        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
                return -errno;
        pid = fork();
        if (pid < 0) {
                int r = -errno;
                safe_close(sv[0]);
                safe_close(sv[1]);
                return r;
        }
        if (pid == 0) {
                /* keep only our end: no copy of the daemon connection lingers here */
                if (dup2(sv[1], 3) < 0)
                        _exit(1);
                (void) syscall(SYS_close_range, 4, ~0U, 0);
                pingpong_serve(3, cpu);
        }
        safe_close(sv[1]);
        *ret_pid = pid;
        *ret_fd = sv[0];
        return 0;
}

int raw_pingpong_call(int fd, const uint32_t *sizes, size_t n, void *buf) {
        for (size_t i = 0; i < n; i++) {
                struct pp_req req = { .hdr = { .magic = S0_MSG_MAGIC, .version = S0_PROTOCOL_VERSION,
                                               .type = S0_MSG_LIST, .size = sizeof req },
                                      .reply_size = sizes[i] };
                ssize_t k;
                if (send(fd, &req, sizeof req, MSG_NOSIGNAL) != (ssize_t) sizeof req)
                        return -errno;
                do
                        k = recv(fd, buf, S0_MSG_SIZE_MAX, 0);
                while (k < 0 && errno == EINTR);
                if (k < 0)
                        return -errno;
                if ((size_t) k != sizes[i])
                        return -EBADMSG;
        }
        return 0;
}

void raw_pingpong_stop(pid_t pid, int fd) {
        safe_close(fd); /* EOF ends the server */
        (void) waitpid(pid, NULL, 0);
}

/* ---- /proc/PID/cgroup ---------------------------------------------------------------- */

int raw_proc_cgroup(pid_t pid, char *buf, size_t size) {
        char path[64], data[4096];
        ssize_t n;
        int fd;

        snprintf(path, sizeof path, "/proc/%d/cgroup", (int) pid);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        n = read(fd, data, sizeof data - 1);
        safe_close(fd);
        if (n < 0)
                return -errno;
        data[n] = 0;
        for (char *line = data; line && *line;) {
                char *nl = strchr(line, '\n');
                if (nl)
                        *nl = 0;
                if (strncmp(line, "0::", 3) == 0) {
                        int l = snprintf(buf, size, "%s", line + 3);
                        return l;
                }
                line = nl ? nl + 1 : NULL;
        }
        return -ESRCH;
}
