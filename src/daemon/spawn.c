/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <linux/keyctl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shared/macro.h"
#include "spawn.h"

extern char **environ;

/* Steps the child can fail at; the index travels back through the error pipe. */
static const char *const step_names[] = {
        "mount propagation", "mount /tmp", "mount /var/tmp", "mount /dev/shm", "mount /dev/mqueue",
        "mount XDG_RUNTIME_DIR", "mount host dir", "setns", "setsid", "stdio", "setrlimit", "setgroups", "setresgid",
        "setresuid", "session keyring", "exec",
};
enum { STEP_PROPAGATION, STEP_TMP, STEP_VARTMP, STEP_SHM, STEP_MQUEUE, STEP_XDG, STEP_HOSTDIR, STEP_SETNS, STEP_SETSID,
       STEP_STDIO, STEP_RLIMIT, STEP_SETGROUPS, STEP_SETGID, STEP_SETUID, STEP_KEYRING, STEP_EXEC };

struct child_error {
        int32_t step;
        int32_t error;
};

/* Child side: only async-signal-safe calls from here on (we are a raw clone3() copy). */
_Noreturn static void child_fail(int errfd, int step) {
        struct child_error e = { step, errno };
        ssize_t k;
        do
                k = write(errfd, &e, sizeof e);
        while (k < 0 && errno == EINTR);
        _exit(127);
}

static int mount_session_tmpfs(const char *where) {
        /* A fresh tmpfs per session, sticky and world-writable like the host's /tmp. */
        return mount("tmpfs", where, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
}

_Noreturn static void child_run(const struct spawn_params *p, int errfd) {
        sigset_t all;
        struct stat st;

        /* Default dispositions and an empty mask: exec keeps ignored signals ignored, and
         * the daemon may have been started ignoring some (SIGINT and SIGQUIT, as a
         * shell's background job). */
        /* The raw system call: libc's sigaction() refuses the real-time signals it keeps
         * for itself (32, 33), and those may arrive ignored too. */
        struct {
                void *handler;
                unsigned long flags;
                void *restorer;
                uint64_t mask;
        } dfl = { 0 }; /* SIG_DFL */
        for (int sig = 1; sig < _NSIG; sig++)
                if (sig != SIGKILL && sig != SIGSTOP)
                        (void) syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof dfl.mask);
        sigemptyset(&all);
        (void) sigprocmask(SIG_SETMASK, &all, NULL);

        if (p->ns_pidfd < 0) {
                /* New session namespaces (we were cloned with CLONE_NEWNS|CLONE_NEWIPC).
                 * Slave propagation: the host's later mounts still reach the session,
                 * nothing mounted here leaks out. */
                if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
                        child_fail(errfd, STEP_PROPAGATION);
                if (mount_session_tmpfs("/tmp") < 0)
                        child_fail(errfd, STEP_TMP);
                /* /var/tmp too, as systemd's PrivateTmp= does: otherwise it is the shared
                 * world-writable directory that /tmp's isolation was meant to remove. */
                if (stat("/var/tmp", &st) == 0 && S_ISDIR(st.st_mode) && mount_session_tmpfs("/var/tmp") < 0)
                        child_fail(errfd, STEP_VARTMP);
                if (mount_session_tmpfs("/dev/shm") < 0)
                        child_fail(errfd, STEP_SHM);
                /* The IPC namespace has its own mqueue instance; show it where it lives. */
                if (stat("/dev/mqueue", &st) == 0 &&
                    mount("mqueue", "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
                        child_fail(errfd, STEP_MQUEUE);
                /* Per session, not per user: two logons of one user do not share sockets
                 * or state in XDG_RUNTIME_DIR, as two Windows sessions share nothing. */
                if (p->xdg_dir && mount("tmpfs", p->xdg_dir, "tmpfs", MS_NOSUID | MS_NODEV, p->xdg_opts) < 0)
                        child_fail(errfd, STEP_XDG);
                /* The session host's socket directory: visible in this session only, so
                 * another session cannot reach this session's host at all. */
                if (p->host_dir && mount("tmpfs", p->host_dir, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                                         "mode=0755,size=64k") < 0)
                        child_fail(errfd, STEP_HOSTDIR);
        } else if (setns(p->ns_pidfd, CLONE_NEWNS | CLONE_NEWIPC) < 0)
                child_fail(errfd, STEP_SETNS);

        if (setsid() < 0)
                child_fail(errfd, STEP_SETSID);
        for (int i = 0; i < 3; i++) {
                int fd = p->fds[i];
                if (fd < 0) {
                        fd = open("/dev/null", O_RDWR | O_NOCTTY);
                        if (fd < 0)
                                child_fail(errfd, STEP_STDIO);
                }
                if (fd == i) {
                        if (fcntl(fd, F_SETFD, 0) < 0)
                                child_fail(errfd, STEP_STDIO);
                } else if (dup2(fd, i) < 0)
                        child_fail(errfd, STEP_STDIO);
        }
        /* Everything else the daemon holds (sockets, cgroup and pid fds) closes at exec;
         * the error pipe stays open until then so that exec failures are reported. */
        if (syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
                child_fail(errfd, STEP_STDIO);

        /* The daemon raised its own descriptor limit; sessions get the one it was given. */
        if (p->rlimit_nofile && setrlimit(RLIMIT_NOFILE, p->rlimit_nofile) < 0)
                child_fail(errfd, STEP_RLIMIT);

        if (p->user) {
                /* groups first: once the uid is gone we may no longer change them */
                if (setgroups((size_t) p->user->ngroups, p->user->groups) < 0)
                        child_fail(errfd, STEP_SETGROUPS);
                if (setresgid(p->user->gid, p->user->gid, p->user->gid) < 0)
                        child_fail(errfd, STEP_SETGID);
                if (setresuid(p->user->uid, p->user->uid, p->user->uid) < 0)
                        child_fail(errfd, STEP_SETUID);
                /* A new anonymous session keyring, owned by the user (so: after setresuid).
                 * Without it the process would inherit the daemon's -- one keyring shared
                 * by every user of every session. */
                if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0 && errno != ENOSYS)
                        child_fail(errfd, STEP_KEYRING);
                if (chdir(p->user->home) < 0)
                        (void) chdir("/"); /* a missing home is not fatal, as with login(1) */
        } else
                (void) chdir("/");

        if (p->exec_fd >= 0)
                /* The file the daemon opened at start-up, whatever this namespace now
                 * mounts over its path. A static ELF: no interpreter, no script path. */
                syscall(SYS_execveat, p->exec_fd, "", p->argv, p->envp, AT_EMPTY_PATH);
        else {
                environ = (char **) p->envp; /* execvp() searches the PATH of the new environment */
                execvp(p->argv[0], p->argv);
        }
        child_fail(errfd, STEP_EXEC);
}

int spawn_in_session(const struct spawn_params *p, pid_t *ret_pid, int *ret_pidfd, const char **ret_what) {
        struct clone_args args = { 0 };
        struct child_error e;
        int pipefd[2], pidfd = -1;
        ssize_t n;
        long pid;

        *ret_what = "clone3";
        for (int i = 0; i < 3; i++)
                if (p->fds[i] >= 0 && p->fds[i] < 3)
                        return -EBADF; /* dup2() order above relies on it */
        if (pipe2(pipefd, O_CLOEXEC) < 0)
                return -errno;

        args.flags = CLONE_PIDFD | CLONE_INTO_CGROUP;
        if (p->ns_pidfd < 0)
                args.flags |= CLONE_NEWNS | CLONE_NEWIPC;
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
                /* EOF: the pipe closed at a successful exec */
                *ret_pid = (pid_t) pid;
                *ret_pidfd = pidfd;
                return 0;
        }
        /* The child failed and is exiting: reap it now so no zombie is left behind. */
        siginfo_t si;
        while (waitid(P_PIDFD, (id_t) pidfd, &si, WEXITED) < 0 && errno == EINTR)
                ;
        safe_close(pidfd);
        if (n != (ssize_t) sizeof e || e.step < 0 || (size_t) e.step >= ELEMENTSOF(step_names))
                return -EIO;
        *ret_what = step_names[e.step];
        return e.error > 0 ? -e.error : -EIO;
}
