/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pam-driver: the smallest PAM application that opens a session -- what login or su do,
 * with the PAM configuration read from a directory of the test's own
 * (pam_start_confdir()), so tests touch nothing in /etc/pam.d.
 *
 *   pam-driver [--threads] [--as-root] [--timing] CONFDIR SERVICE USER -- CMD [ARG...]
 *
 * Opens a PAM session for USER, runs CMD in a child (as USER with the PAM environment;
 * as root with --as-root), waits for it, closes the session and exits with CMD's status.
 * Messages the modules send to syslog are copied to stderr (openlog(LOG_PERROR)), so a
 * test can check them. Before open and after close it prints the driver's own cgroup:
 *   pam-driver: cgroup before open: /x
 *   pam-driver: cgroup after close: /x
 * --threads starts a second thread first (a multi-threaded PAM application).
 * --timing prints how long pam_open_session and pam_close_session took:
 *   pam-driver: open_session_us=N close_session_us=N
 * Exit status: CMD's, 125 if the session cannot be opened, 124 if it cannot be closed.
 */
#include <errno.h>
#include <grp.h>
#include <pthread.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <security/pam_appl.h>

static int conv_none(int n, const struct pam_message **msg, struct pam_response **resp, void *data) {
        return PAM_CONV_ERR; /* sessions need no conversation */
}

static void print_cgroup(const char *when) {
        char line[4096];
        FILE *f = fopen("/proc/self/cgroup", "re");
        if (!f)
                return;
        while (fgets(line, sizeof line, f))
                if (strncmp(line, "0::", 3) == 0)
                        printf("pam-driver: cgroup %s: %s", when, line + 3);
        fclose(f);
        fflush(stdout);
}

static long long now_us(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static int block_fd[2] = { -1, -1 };

static void *idle_thread(void *arg) {
        char c;
        (void) read(block_fd[0], &c, 1); /* until the process exits */
        return NULL;
}

static pid_t run_child(pam_handle_t *h, const struct passwd *pw, bool as_root, char **cmd) {
        pid_t pid = fork();
        if (pid != 0)
                return pid;
        char **env = pam_getenvlist(h);
        if (!env)
                _exit(127);
        if (!as_root && (initgroups(pw->pw_name, pw->pw_gid) < 0 || setgid(pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0)) {
                perror("pam-driver: dropping privileges");
                _exit(127);
        }
        /* PAM's environment plus what a login would set */
        setenv("PATH", "/usr/local/bin:/usr/bin:/bin", 1);
        setenv("HOME", pw->pw_dir, 1);
        setenv("USER", pw->pw_name, 1);
        for (char **e = env; *e; e++)
                putenv(*e);
        execvp(cmd[0], cmd);
        fprintf(stderr, "pam-driver: cannot execute %s: %s\n", cmd[0], strerror(errno));
        _exit(127);
}

int main(int argc, char **argv) {
        struct pam_conv conv = { .conv = conv_none };
        bool threads = false, as_root = false, timing = false;
        long long t0, t_open, t_close;
        pam_handle_t *h = NULL;
        struct passwd *pw;
        int i = 1, r, status, ret;
        pthread_t t;
        pid_t pid;

        for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-' && argv[i][2]; i++) {
                if (strcmp(argv[i], "--threads") == 0)
                        threads = true;
                else if (strcmp(argv[i], "--as-root") == 0)
                        as_root = true;
                else if (strcmp(argv[i], "--timing") == 0)
                        timing = true;
                else
                        break;
        }
        if (argc - i < 5 || strcmp(argv[i + 3], "--") != 0) {
                fprintf(stderr, "usage: pam-driver [--threads] [--as-root] [--timing] CONFDIR SERVICE USER -- CMD [ARG...]\n");
                return 2;
        }
        pw = getpwnam(argv[i + 2]);
        if (!pw) {
                fprintf(stderr, "pam-driver: no user '%s'\n", argv[i + 2]);
                return 2;
        }
        if (threads && (pipe(block_fd) < 0 || pthread_create(&t, NULL, idle_thread, NULL) != 0)) {
                fprintf(stderr, "pam-driver: cannot start a thread\n");
                return 2;
        }
        openlog("pam-driver", LOG_PERROR, LOG_AUTHPRIV);
        print_cgroup("before open");

        r = pam_start_confdir(argv[i + 1], argv[i + 2], &conv, argv[i], &h);
        if (r != PAM_SUCCESS) {
                fprintf(stderr, "pam-driver: pam_start: %s\n", pam_strerror(h, r));
                return 2;
        }
        t0 = now_us();
        r = pam_open_session(h, 0);
        t_open = now_us() - t0;
        if (r != PAM_SUCCESS) {
                fprintf(stderr, "pam-driver: pam_open_session: %s\n", pam_strerror(h, r));
                pam_end(h, r);
                return 125;
        }
        fflush(stdout);
        pid = run_child(h, pw, as_root, argv + i + 4);
        if (pid < 0 || waitpid(pid, &status, 0) != pid) {
                perror("pam-driver: running the command");
                status = 127 << 8;
        }
        ret = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        t0 = now_us();
        r = pam_close_session(h, 0);
        t_close = now_us() - t0;
        if (r != PAM_SUCCESS) {
                fprintf(stderr, "pam-driver: pam_close_session: %s\n", pam_strerror(h, r));
                ret = 124;
        }
        pam_end(h, r);
        print_cgroup("after close");
        if (timing)
                printf("pam-driver: open_session_us=%lld close_session_us=%lld\n", t_open, t_close);
        return ret;
}
