/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * s0-test-setns: try to enter the mount and IPC namespaces of another process, the way
 * a process would attempt to move into another session (ATTACKS A12).
 *
 *   s0-test-setns [--proc] PID [CMD ARG...]
 *
 * By default the namespaces are named by a pidfd (pidfd_open() needs no permission, so
 * the refusal comes from setns() itself); with --proc through /proc/PID/ns/{mnt,ipc}
 * (where opening the files is already checked). On success CMD runs inside (or
 * "entered" is printed). On failure one line "s0-test-setns: <step>: <strerror>" and
 * exit 1; usage errors exit 2.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int fail(const char *step) {
        fprintf(stderr, "s0-test-setns: %s: %s\n", step, strerror(errno));
        return 1;
}

static int enter_by_proc(pid_t pid) {
        static const struct {
                const char *name;
                int type;
        } ns[] = { { "mnt", CLONE_NEWNS }, { "ipc", CLONE_NEWIPC } };
        char path[64];

        for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
                int fd;
                snprintf(path, sizeof path, "/proc/%d/ns/%s", (int) pid, ns[i].name);
                fd = open(path, O_RDONLY | O_CLOEXEC);
                if (fd < 0)
                        return fail("open /proc/PID/ns");
                if (setns(fd, ns[i].type) < 0)
                        return fail("setns");
                close(fd);
        }
        return 0;
}

static int enter_by_pidfd(pid_t pid) {
        int fd = (int) syscall(SYS_pidfd_open, pid, 0);
        if (fd < 0)
                return fail("pidfd_open");
        if (setns(fd, CLONE_NEWNS | CLONE_NEWIPC) < 0)
                return fail("setns");
        close(fd);
        return 0;
}

int main(int argc, char **argv) {
        int i = 1, use_proc = 0;
        char *end;
        long pid;

        if (i < argc && strcmp(argv[i], "--proc") == 0) {
                use_proc = 1;
                i++;
        }
        if (i >= argc) {
                fprintf(stderr, "usage: s0-test-setns [--proc] PID [CMD ARG...]\n");
                return 2;
        }
        errno = 0;
        pid = strtol(argv[i], &end, 10);
        if (errno || *end || pid <= 0) {
                fprintf(stderr, "s0-test-setns: invalid pid '%s'\n", argv[i]);
                return 2;
        }
        if ((use_proc ? enter_by_proc : enter_by_pidfd)((pid_t) pid) != 0)
                return 1;
        /* After setns(CLONE_NEWNS) the cwd still points into the old mount tree. */
        if (chdir("/") < 0)
                return fail("chdir");
        if (i + 1 < argc) {
                execvp(argv[i + 1], argv + i + 1);
                return fail("exec");
        }
        puts("entered");
        return 0;
}
