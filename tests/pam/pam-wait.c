/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pam-wait: lets the shell tests wait for an event instead of sleeping.
 *
 *   pam-wait exit PID SECONDS          until PID has exited (a pidfd: any process)
 *   pam-wait text FILE STRING SECONDS  until FILE contains STRING (inotify on its
 *                                      directory: FILE need not exist yet)
 *
 * Exit status 0 when it happened, 1 on timeout (with a line on stderr), 2 on error.
 */
#include <errno.h>
#include <libgen.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int remaining_ms(long long deadline) {
        long long left = deadline - now_ms();
        return left < 0 ? 0 : (int) left;
}

static int wait_exit(const char *arg, long long deadline) {
        char *end;
        long pid = strtol(arg, &end, 10);
        int fd, r;

        if (*end || pid <= 0)
                return 2;
        fd = (int) syscall(SYS_pidfd_open, (pid_t) pid, 0);
        if (fd < 0)
                return errno == ESRCH ? 0 : 2; /* already gone */
        do
                r = poll(&(struct pollfd) { .fd = fd, .events = POLLIN }, 1, remaining_ms(deadline));
        while (r < 0 && errno == EINTR);
        close(fd);
        if (r == 0)
                fprintf(stderr, "pam-wait: pid %ld still running\n", pid);
        return r > 0 ? 0 : r == 0 ? 1 : 2;
}

/* Does the file contain s? Files here are small logs: read them whole. */
static int file_has(const char *path, const char *s) {
        FILE *f = fopen(path, "re");
        char *buf = NULL;
        size_t size = 0;
        ssize_t n;
        int found;

        if (!f)
                return errno == ENOENT ? 0 : -1;
        n = getdelim(&buf, &size, '\0', f);
        found = n > 0 && memmem(buf, (size_t) n, s, strlen(s)) != NULL;
        free(buf);
        fclose(f);
        return found;
}

static int wait_text(const char *path, const char *s, long long deadline) {
        int in = inotify_init1(IN_CLOEXEC | IN_NONBLOCK), r;
        char ev[4096], dir[4096];

        /* The directory's watch reports its files being created, written and renamed in,
         * so FILE may appear later. Watch first, then look: nothing is missed between. */
        snprintf(dir, sizeof dir, "%s", path);
        if (in < 0 || inotify_add_watch(in, dirname(dir), IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO) < 0)
                return 2;
        for (;;) {
                r = file_has(path, s);
                if (r != 0)
                        break;
                r = poll(&(struct pollfd) { .fd = in, .events = POLLIN }, 1, remaining_ms(deadline));
                if (r < 0 && errno == EINTR)
                        continue;
                if (r <= 0) {
                        fprintf(stderr, "pam-wait: '%s' did not appear in %s\n", s, path);
                        close(in);
                        return r == 0 ? 1 : 2;
                }
                while (read(in, ev, sizeof ev) > 0)
                        ;
        }
        close(in);
        return r > 0 ? 0 : 2;
}

int main(int argc, char **argv) {
        long long deadline;

        if (argc == 4 && strcmp(argv[1], "exit") == 0) {
                deadline = now_ms() + atoi(argv[3]) * 1000LL;
                return wait_exit(argv[2], deadline);
        }
        if (argc == 5 && strcmp(argv[1], "text") == 0) {
                deadline = now_ms() + atoi(argv[4]) * 1000LL;
                return wait_text(argv[2], argv[3], deadline);
        }
        fprintf(stderr, "usage: pam-wait exit PID SECONDS | pam-wait text FILE STRING SECONDS\n");
        return 2;
}
