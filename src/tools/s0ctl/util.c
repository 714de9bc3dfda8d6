/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What several verbs share: connecting, reporting errors, running a command. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "s0ctl.h"
#include "shared/macro.h"
#include "shared/parse-util.h"

struct s0_client *s0ctl_connect(const struct s0ctl_args *a) {
        struct s0_client *c = NULL;
        const char *dir = a->runtime_dir ? a->runtime_dir : s0_runtime_dir();
        int r = s0_client_open(dir, &c);
        if (r < 0) {
                fprintf(stderr, "s0ctl: cannot connect to session0d at '%s/control': %s%s\n", dir, strerror(-r),
                        r == -ENOENT || r == -ECONNREFUSED ? " (is session0d running?)" : "");
                return NULL;
        }
        return c;
}

int s0ctl_fail(const struct s0_client *c, int r, const char *fmt, ...) {
        const char *why = c ? s0_client_error_text(c) : "";
        va_list ap;

        fputs("s0ctl: ", stderr);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fprintf(stderr, ": %s\n", why && *why ? why : strerror(-r));
        return 1;
}

int s0ctl_parse_session(const char *s, uint32_t *ret) {
        if (safe_atou32(s, ret) < 0 || *ret == S0_SESSION_NONE) {
                fprintf(stderr, "s0ctl: invalid session id '%s': expected a number\n", s);
                return -EINVAL;
        }
        return 0;
}

void json_string(FILE *f, const char *s) {
        fputc('"', f);
        for (const unsigned char *p = (const unsigned char *) s; *p; p++) {
                if (*p == '"' || *p == '\\')
                        fprintf(f, "\\%c", *p);
                else if (*p < 0x20)
                        fprintf(f, "\\u%04x", *p);
                else
                        fputc(*p, f);
        }
        fputc('"', f);
}

/* Passes on the variables the daemon admits; it filters anyway. */
static char **pass_env(char **buf, size_t max) {
        extern char **environ;
        size_t n = 0;
        for (char **e = environ; *e && n < max - 1; e++)
                if (strncmp(*e, "TERM=", 5) == 0 || strncmp(*e, "LANG=", 5) == 0 || strncmp(*e, "LC_", 3) == 0 ||
                    strncmp(*e, "TZ=", 3) == 0 || strncmp(*e, "COLORTERM=", 10) == 0 || strncmp(*e, "LANGUAGE=", 9) == 0)
                        buf[n++] = *e;
        buf[n] = NULL;
        return buf;
}

int s0ctl_spawn_and_wait(struct s0_client *c, uint32_t session, const char *user, char **argv, uint32_t flags,
                         bool *started) {
        struct s0_spawn_args a = { .session = session, .user = user, .argv = argv, .flags = flags };
        char *env[S0_SPAWN_ENV_MAX + 1];
        _cleanup_close_ int pidfd = -1, sfd = -1, nullfd = -1;
        sigset_t mask;
        pid_t pid;
        int code, status, r;

        *started = false;
        a.envp = pass_env(env, ELEMENTSOF(env));
        for (int i = 0; i < 3; i++) {
                if (fcntl(i, F_GETFD) >= 0) {
                        a.fds[i] = i;
                        continue;
                }
                if (nullfd < 0)
                        nullfd = open("/dev/null", O_RDWR | O_CLOEXEC);
                a.fds[i] = nullfd;
        }
        /* Signals meant for "the command" reach s0ctl (the terminal's foreground job):
         * pass them on through the pidfd. */
        sigemptyset(&mask);
        sigaddset(&mask, SIGINT);
        sigaddset(&mask, SIGTERM);
        sigaddset(&mask, SIGHUP);
        sigaddset(&mask, SIGQUIT);
        if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
                return s0ctl_fail(NULL, -errno, "sigprocmask");
        sfd = signalfd(-1, &mask, SFD_CLOEXEC);
        if (sfd < 0)
                return s0ctl_fail(NULL, -errno, "signalfd");

        r = s0_spawn(c, &a, &pid, &pidfd);
        if (r < 0)
                return s0ctl_fail(c, r, "cannot run '%s' in session %u", argv[0], session);
        *started = true;
        for (;;) {
                struct pollfd p[2] = { { .fd = s0_client_fd(c), .events = POLLIN }, { .fd = sfd, .events = POLLIN } };
                if (poll(p, 2, -1) < 0) {
                        if (errno == EINTR)
                                continue;
                        return s0ctl_fail(NULL, -errno, "poll");
                }
                if (p[1].revents & POLLIN) {
                        struct signalfd_siginfo si;
                        if (read(sfd, &si, sizeof si) == (ssize_t) sizeof si && pidfd >= 0)
                                (void) syscall(SYS_pidfd_send_signal, pidfd, (int) si.ssi_signo, NULL, 0);
                }
                if (p[0].revents & (POLLIN | POLLHUP | POLLERR))
                        break;
        }
        r = s0_spawn_wait(c, &code, &status);
        if (r < 0)
                return s0ctl_fail(c, r, "lost track of '%s' (pid %d)", argv[0], (int) pid);
        if (code == CLD_EXITED)
                return status;
        return 128 + status;
}

int s0ctl_session_arg(int argc, char **argv, void (*help)(bool), bool help_arg, uint32_t *ret) {
        const char *arg = NULL;

        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
                        help(help_arg);
                        return 0;
                }
                if (arg) {
                        fprintf(stderr, "s0ctl %s: unexpected argument '%s'\n", argv[0], argv[i]);
                        return 2;
                }
                arg = argv[i];
        }
        if (!arg) {
                fprintf(stderr, "s0ctl %s: missing session ID\n", argv[0]);
                return 2;
        }
        return s0ctl_parse_session(arg, ret) < 0 ? 2 : -1;
}
