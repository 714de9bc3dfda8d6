/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Starting a service process: fork, into <cg_base>/svc-NAME, drop to the account,
 * clean environment, exec. s0-scm already runs in session 0's namespaces (session0d
 * started it there), so its children do too. Everything that is not async-signal-safe
 * (user lookup, argv, environment) is prepared before fork(); the child reports a
 * failing step through a close-on-exec pipe, as session0d's spawn does.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "scm.h"
#include "shared/io-util.h"
#include "shared/log.h"
#include "shared/macro.h"

#define SCM_FD 3 /* the dispatcher's socket in the service process ($S0_SCM_FD) */
#define GROUPS_MAX 256

enum { E_FILE_NOT_FOUND = 2, E_ACCESS_DENIED = 5, E_NOT_ENOUGH_MEMORY = 8, E_SERVICE_LOGON_FAILED = 1069,
       E_PROCESS_ABORTED = 1067, E_SERVICE_ALREADY_RUNNING = 1056 };

int proc_starttime(pid_t pid, uint64_t *ret) {
        char path[64], buf[1024], *p;
        unsigned long long v;
        ssize_t n;
        int fd;

        (void) snprintf(path, sizeof path, "/proc/%d/stat", (int) pid);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        n = read(fd, buf, sizeof buf - 1);
        (void) close(fd);
        if (n <= 0)
                return -EIO;
        buf[n] = 0;
        p = strrchr(buf, ')'); /* comm may hold spaces and parentheses */
        if (!p)
                return -EIO;
        /* after ") ": field 3 (state) .. field 22 (starttime) */
        if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu", &v) != 1)
                return -EIO;
        *ret = v;
        return 0;
}

/* Our own cgroup from /proc/self/cgroup, the cgroup2 mount from mountinfo. We move
 * into <base>/scm so that <base> holds no process of ours, only leaves. */
int scm_cgroup_setup(struct scm *s) {
        char line[4096], mnt[1024] = "", own[4096] = "", path[8192];
        FILE *f;
        char *slash;
        int r;

        f = fopen("/proc/self/mountinfo", "re");
        if (!f)
                return log_error_errno(-errno, "Cannot read /proc/self/mountinfo");
        while (fgets(line, sizeof line, f)) {
                char *dash = strstr(line, " - cgroup2 ");
                char m[1024];
                if (dash && sscanf(line, "%*s %*s %*s %*s %1023s", m) == 1) {
                        (void) snprintf(mnt, sizeof mnt, "%s", m);
                        break;
                }
        }
        fclose(f);
        if (!mnt[0])
                return log_error_errno(-ENOENT, "No cgroup2 hierarchy is mounted");
        f = fopen("/proc/self/cgroup", "re");
        if (!f)
                return log_error_errno(-errno, "Cannot read /proc/self/cgroup");
        while (fgets(line, sizeof line, f))
                if (strncmp(line, "0::", 3) == 0) {
                        line[strcspn(line, "\n")] = 0;
                        (void) snprintf(own, sizeof own, "%s", line + 3);
                }
        fclose(f);
        if (!own[0])
                return log_error_errno(-ENOENT, "Not in a cgroup2 hierarchy");
        slash = strrchr(own, '/');
        if (slash && strcmp(slash, "/scm") == 0)
                *slash = 0; /* restarted inside our own leaf */
        r = snprintf(path, sizeof path, "%s%s", mnt, strcmp(own, "/") == 0 ? "" : own);
        if (r < 0 || (size_t) r >= sizeof path)
                return log_error_errno(-ENAMETOOLONG, "cgroup path too long");
        s->cg_base = strdup(path);
        s->cg_rel = strdup(own);
        if (!s->cg_base || !s->cg_rel)
                return -ENOMEM;
        (void) snprintf(path, sizeof path, "%s/scm", s->cg_base);
        if (mkdir(path, 0755) < 0 && errno != EEXIST)
                return log_error_errno(-errno, "Cannot create cgroup '%s'", path);
        (void) snprintf(path, sizeof path, "%s/scm/cgroup.procs", s->cg_base);
        r = open(path, O_WRONLY | O_CLOEXEC);
        if (r < 0)
                return log_error_errno(-errno, "Cannot open '%s'", path);
        if (write(r, "0", 1) < 0) {
                int e = -errno;
                (void) close(r);
                return log_error_errno(e, "Cannot move s0-scm into '%s'", path);
        }
        (void) close(r);
        return 0;
}

int scm_cgroup_kill(struct scm *s, const char *name) {
        char path[4096];
        int fd, r = 0;

        (void) snprintf(path, sizeof path, "%s/svc-%s/cgroup.kill", s->cg_base, name);
        fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        if (write(fd, "1", 1) < 0)
                r = -errno;
        (void) close(fd);
        return r;
}

void scm_cgroup_remove(struct scm *s, const char *name) {
        char path[4096];

        (void) snprintf(path, sizeof path, "%s/svc-%s", s->cg_base, name);
        (void) rmdir(path); /* EBUSY if something is left: adoption sees it next time */
}

/* Everything the child needs, made before fork(). */
struct spawn_plan {
        uid_t uid;
        gid_t gid;
        gid_t groups[GROUPS_MAX];
        int ngroups;
        char **argv;
        size_t argc;
        char *env[16];
        size_t nenv;
        const char *home;
};

static void plan_done(struct spawn_plan *p) {
        if (p->argv)
                for (size_t i = 0; i < p->argc; i++)
                        free(p->argv[i]);
        free(p->argv);
        for (size_t i = 0; i < p->nenv; i++)
                free(p->env[i]);
}

static int add_env(struct spawn_plan *p, const char *k, const char *v) {
        if (p->nenv + 1 >= ELEMENTSOF(p->env))
                return -E2BIG;
        if (asprintf(&p->env[p->nenv], "%s=%s", k, v) < 0)
                return -ENOMEM;
        p->nenv++;
        return 0;
}

static uint32_t make_plan(struct scm *s, struct svc *v, struct spawn_plan *p, char *pwbuf, size_t pwsize) {
        const char *user = "root";
        struct passwd pw, *res = NULL;
        char **args = NULL;
        size_t nargs = 0;
        const char *rt;

        switch (v->cfg.account) {
        case S0_SVC_ACCOUNT_LOCAL_SERVICE:
                user = S0_SVC_LOCALSERVICE_USER;
                break;
        case S0_SVC_ACCOUNT_NETWORK_SERVICE:
                user = S0_SVC_NETWORKSERVICE_USER;
                break;
        case S0_SVC_ACCOUNT_USER:
                user = v->cfg.account_user;
                break;
        default:
                break;
        }
        if (getpwnam_r(user, &pw, pwbuf, pwsize, &res) != 0 || !res) {
                log_error("Service '%s': account user '%s' does not exist", v->name, user);
                return E_SERVICE_LOGON_FAILED;
        }
        p->uid = pw.pw_uid;
        p->gid = pw.pw_gid;
        p->home = pw.pw_dir && pw.pw_dir[0] == '/' ? pw.pw_dir : "/";
        p->ngroups = GROUPS_MAX;
        if (getgrouplist(user, pw.pw_gid, p->groups, &p->ngroups) < 0)
                return E_SERVICE_LOGON_FAILED;
        if (v->cfg.arguments && s0_svc_split_args(v->cfg.arguments, 255, &args, &nargs) < 0)
                return E_FILE_NOT_FOUND;
        p->argv = calloc(nargs + 2, sizeof *p->argv);
        if (!p->argv) {
                for (size_t i = 0; i < nargs; i++)
                        free(args[i]);
                free(args);
                return E_NOT_ENOUGH_MEMORY;
        }
        p->argv[0] = strdup(v->cfg.binary_path);
        for (size_t i = 0; i < nargs; i++)
                p->argv[i + 1] = args[i];
        free(args);
        p->argc = nargs + 1;
        rt = getenv("S0_RUNTIME_DIR");
        if (!p->argv[0] || add_env(p, "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin") < 0 ||
            add_env(p, "HOME", p->home) < 0 || add_env(p, "USER", user) < 0 || add_env(p, "LOGNAME", user) < 0 ||
            add_env(p, "S0_SESSION_ID", "0") < 0 || (rt && add_env(p, "S0_RUNTIME_DIR", rt) < 0) ||
            add_env(p, "S0_SCM_FD", "3") < 0 || add_env(p, "S0_SCM_SERVICE", v->name) < 0 ||
            add_env(p, "S0_SCM_SOCKET", s->socket_path) < 0)
                return E_NOT_ENOUGH_MEMORY;
        return 0;
}

struct child_error {
        int step;
        int error;
};

static _Noreturn void child_fail(int pipe_fd, int step) {
        struct child_error e = { step, errno };
        (void) !write(pipe_fd, &e, sizeof e);
        _exit(127);
}

/* The child: async-signal-safe calls only. */
static _Noreturn void child(const struct spawn_plan *p, int procs_fd, int sock_fd, int err_fd) {
        struct sigaction sa = { .sa_handler = SIG_DFL };
        sigset_t all;
        int null_fd;

        if (write(procs_fd, "0", 1) < 0)
                child_fail(err_fd, 1);
        for (int sig = 1; sig < NSIG; sig++)
                (void) sigaction(sig, &sa, NULL);
        sigemptyset(&all);
        (void) sigprocmask(SIG_SETMASK, &all, NULL);
        if (setsid() < 0)
                child_fail(err_fd, 2);
        null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (null_fd < 0 || dup2(null_fd, 0) < 0)
                child_fail(err_fd, 3);
        if (dup2(sock_fd, SCM_FD) < 0) /* dup2 clears FD_CLOEXEC on the copy */
                child_fail(err_fd, 3);
        if (syscall(SYS_close_range, SCM_FD + 1, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
                child_fail(err_fd, 3);
        if (setgroups((size_t) p->ngroups, p->groups) < 0)
                child_fail(err_fd, 4);
        /* group first: once the uid is gone we may no longer change the gid */
        if (setresgid(p->gid, p->gid, p->gid) < 0 || setresuid(p->uid, p->uid, p->uid) < 0)
                child_fail(err_fd, 4);
        if (chdir(p->home) < 0 && chdir("/") < 0)
                child_fail(err_fd, 5);
        execve(p->argv[0], p->argv, p->env);
        child_fail(err_fd, 6);
}

uint32_t scm_spawn(struct scm *s, struct svc *v) {
        struct spawn_plan plan = { 0 };
        struct child_error ce;
        char path[4096], pwbuf[4096];
        int sv[2] = { -1, -1 }, ep[2] = { -1, -1 }, procs_fd = -1, pidfd;
        uint32_t e;
        pid_t pid;
        ssize_t n;

        e = make_plan(s, v, &plan, pwbuf, sizeof pwbuf);
        if (e) {
                plan_done(&plan);
                return e;
        }
        (void) snprintf(path, sizeof path, "%s/svc-%s", s->cg_base, v->name);
        if (mkdir(path, 0755) < 0 && errno != EEXIST) {
                log_error_errno(-errno, "Cannot create cgroup '%s'", path);
                plan_done(&plan);
                return E_ACCESS_DENIED;
        }
        (void) snprintf(path, sizeof path, "%s/svc-%s/cgroup.procs", s->cg_base, v->name);
        procs_fd = open(path, O_WRONLY | O_CLOEXEC);
        if (procs_fd < 0 || socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0 ||
            pipe2(ep, O_CLOEXEC) < 0) {
                log_error_errno(-errno, "Cannot prepare the process of '%s'", v->name);
                e = E_NOT_ENOUGH_MEMORY;
                goto out;
        }
        pid = fork();
        if (pid < 0) {
                e = E_NOT_ENOUGH_MEMORY;
                goto out;
        }
        if (pid == 0) {
                (void) close(ep[0]);
                (void) close(sv[0]);
                child(&plan, procs_fd, sv[1], ep[1]);
        }
        ep[1] = safe_close(ep[1]);
        sv[1] = safe_close(sv[1]);
        /* our child until we reap it, so the pid cannot be reused under us */
        pidfd = (int) syscall(SYS_pidfd_open, pid, 0);
        n = loop_read(ep[0], &ce, sizeof ce);
        if (n == (ssize_t) sizeof ce || pidfd < 0) {
                static const char *const steps[] = { "?", "cgroup", "signals", "descriptors", "account", "chdir", "exec" };
                (void) waitpid(pid, NULL, 0);
                if (pidfd >= 0)
                        (void) close(pidfd);
                errno = n == (ssize_t) sizeof ce ? ce.error : errno;
                log_error("Cannot start service '%s': %s '%s': %m", v->name,
                          steps[n == (ssize_t) sizeof ce && ce.step > 0 && ce.step < 7 ? ce.step : 0], plan.argv[0]);
                e = n != (ssize_t) sizeof ce ? E_PROCESS_ABORTED :
                    ce.error == ENOENT       ? E_FILE_NOT_FOUND :
                    ce.error == EACCES       ? E_ACCESS_DENIED :
                    ce.step == 4             ? E_SERVICE_LOGON_FAILED :
                                               E_PROCESS_ABORTED;
                goto out;
        }
        v->pidfd = pidfd;
        v->is_child = true;
        v->st.process_id = (uint32_t) pid;
        (void) proc_starttime(pid, &v->starttime);
        conn_new(s, TAKE_FD(sv[0]), v);
        e = 0;
        if (scm_watch_proc(s, v) < 0)
                log_warning("Cannot watch the process of '%s'", v->name);
out:
        plan_done(&plan);
        (void) safe_close(procs_fd);
        (void) safe_close(sv[0]);
        (void) safe_close(sv[1]);
        (void) safe_close(ep[0]);
        (void) safe_close(ep[1]);
        return e;
}
