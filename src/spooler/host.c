/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A printer's driver host: s0-printhost as s0-printdrv, no capabilities, no new
 * privileges, an address-space limit, talking over a socketpair. Printer driver
 * isolation as Windows has it: whatever the driver does stays in that process. The
 * spooler reads the host's end with a per-job deadline; EOF or the deadline means the
 * host is gone (we tell why from its wait status) and the next job gets a new one.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <session0/driver/printer.h>
#include <session0/session0.h>

#include "shared/log.h"
#include "shared/macro.h"
#include "spooler.h"

_Noreturn static void child_exec(struct printer *p, int fd, pid_t parent);
static void child_exec(struct printer *p, int fd, pid_t parent) {
        struct spooler *sp = p->sp;
        struct rlimit as = { sp->driver_mem, sp->driver_mem };
        char *argv[] = { (char *) sp->host_path, "--driver", p->driver_path, "--printer", p->name,
                         "--options", p->options, NULL };
        char rt[PATH_MAX + 16];
        /* S0_RUNTIME_DIR: a driver's Win32 calls (CreateWindowEx...) reach session 0's
         * session host, which reports UI there (s0-ui0detect), not a default path */
        char *envp[] = { "PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/", "LANG=C.UTF-8", rt, NULL };
        int devnull;

        if (snprintf(rt, sizeof rt, "S0_RUNTIME_DIR=%s", sp->runtime_dir ? sp->runtime_dir : s0_runtime_dir()) >= (int) sizeof rt)
                _exit(120);

        /* fd 3 is the socket; nothing else of the spooler's survives the exec */
        if (fd != 3 && (dup2(fd, 3) < 0))
                _exit(120);
        devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (devnull < 0 || dup2(devnull, 0) < 0)
                _exit(120);
        if (close_range(4, ~0u, 0) < 0)
                _exit(120);
        if (setsid() < 0 || chdir("/") < 0)
                _exit(121);
        /* group first: once the uid is gone we may no longer change the gid */
        if (setgroups(0, NULL) < 0 || setresgid(sp->drv_gid, sp->drv_gid, sp->drv_gid) < 0 ||
            setresuid(sp->drv_uid, sp->drv_uid, sp->drv_uid) < 0)
                _exit(122);
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
                _exit(123);
        /* a host outlives no spooler (even one killed with -9): set after the uid change,
         * which clears it, and checked against a parent that is already gone */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || getppid() != parent)
                _exit(125);
#ifndef __SANITIZE_ADDRESS__
        if (sp->driver_mem && setrlimit(RLIMIT_AS, &as) < 0)
                _exit(124);
#else
        /* an ASan build's host reserves terabytes of shadow address space: a limit on
         * the address space would stop it before main(); only the sanitized test build */
        (void) as;
#endif
        (void) setrlimit(RLIMIT_CORE, &(struct rlimit) { 0, 0 }); /* a crash dumps nothing */
        execve(sp->host_path, argv, envp);
        _exit(127);
}

/* A message from the host within timeout_ms; -EAGAIN if wake_fd (-1: none) fired first. */
static int recv_msg(int fd, int wake_fd, struct s0_spool_host_status *m, int timeout_ms, size_t *ret_n) {
        struct pollfd pfd[2] = { { .fd = fd, .events = POLLIN }, { .fd = wake_fd, .events = POLLIN } };
        ssize_t n;
        int r;

        do
                r = poll(pfd, 2, timeout_ms);
        while (r < 0 && errno == EINTR);
        if (r < 0)
                return -errno;
        if (r == 0)
                return -ETIMEDOUT;
        if (pfd[1].revents & POLLIN) {
                eventfd_t v;
                (void) eventfd_read(wake_fd, &v); /* non-blocking; a lost race only means no wake-up left */
                return -EAGAIN;
        }
        do
                n = recv(fd, m, sizeof *m, MSG_TRUNC | MSG_DONTWAIT);
        while (n < 0 && errno == EINTR);
        if (n < 0)
                return errno == ECONNRESET ? -ECONNRESET : -errno;
        if (n == 0)
                return -ECONNRESET;
        *ret_n = (size_t) n;
        return 0;
}

int host_spawn(struct printer *p) {
        struct s0_spool_host_status m;
        int sv[2];
        pid_t pid, parent;
        size_t n;
        int r;

        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
                return -errno;
        parent = getpid();
        pid = fork();
        if (pid < 0) {
                r = -errno;
                safe_close(sv[0]);
                safe_close(sv[1]);
                return r;
        }
        if (pid == 0) {
                safe_close(sv[0]);
                child_exec(p, sv[1], parent);
        }
        safe_close(sv[1]);
        p->host_fd = sv[0];
        p->host_pid = pid;
        /* the host's HELLO: it loaded the driver and says what it takes */
        r = recv_msg(p->host_fd, -1, &m, 30000, &n);
        if (r == 0 && (n > sizeof m || s0_spool_msg_validate(&m, n) < 0 || m.hdr.type != S0_SPOOL_HOST_HELLO))
                r = -EBADMSG;
        if (r < 0) {
                host_stop(p);
                return r;
        }
        {
                const struct s0_spool_host_hello *h = (const void *) &m;
                pthread_mutex_lock(&p->sp->lock);
                p->capabilities = h->capabilities;
                p->can_cancel = S0_PRINTER_DRIVER_ABI_MINOR_OF(h->abi_version) >= 1;
                pthread_mutex_unlock(&p->sp->lock);
        }
        log_info("printer %s: driver host pid %d started (driver %s)", p->name, (int) pid, p->driver);
        return 0;
}

/* Ends the host and returns its wait status (-1 if there was none). */
static int host_reap(struct printer *p, bool kill_it) {
        int status = -1;
        pid_t pid = p->host_pid;
        p->host_fd = safe_close(p->host_fd);
        if (pid > 0) {
                if (kill_it)
                        (void) kill(pid, SIGKILL);
                while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                        ;
        }
        pthread_mutex_lock(&p->sp->lock);
        p->host_pid = 0;
        p->can_cancel = false; /* until the next host's HELLO */
        pthread_mutex_unlock(&p->sp->lock);
        return status;
}

void host_stop(struct printer *p) { (void) host_reap(p, true); }

static int send_job(struct printer *p, const struct job *j, int in_fd, int dir_fd) {
        struct s0_spool_host_job m = { .job = j->id, .uid = j->uid, .session = j->session, .datatype = j->datatype,
                                        .size = j->size };
        char cbuf[CMSG_SPACE(2 * sizeof(int))] = { 0 };
        struct iovec iov = { .iov_base = &m, .iov_len = sizeof m };
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
        struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
        int fds[2] = { in_fd, dir_fd };
        ssize_t n;

        s0_spool_header_init(&m.hdr, S0_SPOOL_HOST_JOB, sizeof m);
        snprintf(m.printer, sizeof m.printer, "%s", j->printer);
        snprintf(m.user, sizeof m.user, "%s", j->user);
        snprintf(m.document, sizeof m.document, "%s", j->document);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof fds);
        memcpy(CMSG_DATA(c), fds, sizeof fds);
        do
                n = sendmsg(p->host_fd, &mh, MSG_NOSIGNAL);
        while (n < 0 && errno == EINTR);
        if (n < 0)
                return -errno;
        return (size_t) n == sizeof m ? 0 : -EIO;
}

static int send_cancel(struct printer *p, uint32_t id) {
        struct s0_spool_host_cancel m = { .job = id };
        ssize_t n;
        s0_spool_header_init(&m.hdr, S0_SPOOL_HOST_CANCEL, sizeof m);
        do
                n = send(p->host_fd, &m, sizeof m, MSG_NOSIGNAL);
        while (n < 0 && errno == EINTR);
        if (n < 0)
                return -errno;
        return (size_t) n == sizeof m ? 0 : -EIO;
}

static int64_t now_ms(void) {
        struct timespec ts;
        (void) clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Why the host went away, for the job's status. */
static void describe_death(int status, bool timed_out, bool cancelled, char *buf, size_t size) {
        if (cancelled)
                snprintf(buf, size, "cancelled");
        else if (timed_out)
                snprintf(buf, size, "error: driver timed out");
        else if (status >= 0 && WIFSIGNALED(status)) {
                const char *abbrev = sigabbrev_np(WTERMSIG(status));
                snprintf(buf, size, "error: driver crashed (SIG%s)", abbrev ? abbrev : "?");
        } else if (status >= 0 && WIFEXITED(status))
                snprintf(buf, size, "error: driver host exited (status %d)", WEXITSTATUS(status));
        else
                snprintf(buf, size, "error: driver host lost");
}

int host_run_job(struct printer *p, struct job *j, char *status, size_t status_size, char *out_name,
                 size_t out_size) {
        struct spooler *sp = p->sp;
        _cleanup_close_ int in_fd = -1, dir_fd = -1;
        int64_t deadline, cancel_at = 0;
        int r;

        status[0] = 0;
        out_name[0] = 0;
        r = store_data_open(sp, j->id, &in_fd);
        if (r < 0) {
                snprintf(status, status_size, "error: spool data lost");
                return r;
        }
        r = publish_work_dir(sp, j->id, &dir_fd);
        if (r < 0) {
                snprintf(status, status_size, "error: cannot make the driver's output directory");
                return r;
        }
        r = send_job(p, j, in_fd, dir_fd);
        in_fd = safe_close(in_fd);
        dir_fd = safe_close(dir_fd);
        deadline = now_ms() + sp->job_timeout_ms;
        while (r >= 0) {
                struct s0_spool_host_status m;
                int64_t left;
                size_t n;
                bool cancel, can_cancel;

                pthread_mutex_lock(&sp->lock);
                cancel = j->cancel;
                can_cancel = p->can_cancel;
                pthread_mutex_unlock(&sp->lock);
                if (cancel && can_cancel && !cancel_at) {
                        /* ABI 1.1: ask the driver; it has a grace period before the kill */
                        cancel_at = now_ms() + S0_PRINTER_CANCEL_GRACE_MS;
                        r = send_cancel(p, j->id);
                        if (r < 0)
                                break;
                        log_info("printer %s: job %" PRIu32 " cancelled: asked the driver to stop", p->name, j->id);
                }
                left = (cancel_at && cancel_at < deadline ? cancel_at : deadline) - now_ms();
                r = left > 0 ? recv_msg(p->host_fd, p->wake_fd, &m, (int) left, &n) : -ETIMEDOUT;
                if (r == -EAGAIN) {
                        r = 0; /* woken: look at the cancel flag again */
                        continue;
                }
                if (r == -ETIMEDOUT && cancel_at)
                        log_warning("printer %s: job %" PRIu32 ": the driver did not stop within %u ms of the "
                                    "cancel, stopping its host",
                                    p->name, j->id, S0_PRINTER_CANCEL_GRACE_MS);
                if (r < 0)
                        break;
                if (n > sizeof m || s0_spool_msg_validate(&m, n) < 0 || m.job != j->id) {
                        /* a driver that talks nonsense is as broken as one that crashed */
                        log_warning("printer %s: malformed message from the driver host, stopping it", p->name);
                        r = -EBADMSG;
                        break;
                }
                switch (m.hdr.type) {
                case S0_SPOOL_HOST_STATUS:
                        pthread_mutex_lock(&sp->lock);
                        p->status = (uint32_t) m.code;
                        snprintf(p->status_text, sizeof p->status_text, "%s", m.text);
                        pthread_mutex_unlock(&sp->lock);
                        log_info("printer %s: job %" PRIu32 ": driver status: %s", p->name, j->id, m.text);
                        /* the driver has no way to the user; the spooler is its voice */
                        notify_user(sp, j->session, "Printer %s: %s (job %" PRIu32 ", %s)", p->name, m.text, j->id,
                                    j->document);
                        break;
                case S0_SPOOL_HOST_OUTPUT:
                        snprintf(out_name, out_size, "%s", m.text);
                        break;
                case S0_SPOOL_HOST_DONE:
                        if (cancel_at && m.code == -ECANCELED) {
                                snprintf(status, status_size, "cancelled");
                                return -ECANCELED;
                        }
                        if (m.code < 0)
                                snprintf(status, status_size, "error: driver failed: %s", m.text);
                        return m.code < 0 ? m.code : 0;
                default:
                        r = -EBADMSG;
                }
        }
        {
                bool timed_out = r == -ETIMEDOUT, cancelled;
                int ws = host_reap(p, true);
                pthread_mutex_lock(&sp->lock);
                cancelled = j->cancel;
                pthread_mutex_unlock(&sp->lock);
                if (r == -EBADMSG)
                        snprintf(status, status_size, "error: driver host sent a malformed message");
                else
                        describe_death(ws, timed_out, cancelled, status, status_size);
        }
        return -ECHILD;
}
