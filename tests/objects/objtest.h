/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the object tests (test-objects-api, test-objects-crash) share: child processes
 * waited for with a pidfd and a deadline (never a sleep), and a bounded check that a
 * process is asleep in futex_waitv(2), for the tests that must signal a waiter that
 * is really waiting (PulseEvent, a wake from another process).
 *
 * A forked child inherits the context and every handle. It may use them, but must not
 * close an inherited handle: the handle's open file description (and so its lock) is the
 * parent's too. Children leave with _exit().
 */
#pragma once

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#define OBJTEST_SYS_futex_waitv 449

static inline uint64_t objtest_now_ms(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000u + (uint64_t) ts.tv_nsec / 1000000u;
}

/* Waits for pid to end, at most timeout_ms: its exit status, 128 + signal if killed by
 * one, -1 if it did not end in time (it is then killed and reaped), -2 on error. */
static inline int objtest_reap(pid_t pid, int timeout_ms) {
        int fd = (int) syscall(SYS_pidfd_open, pid, 0), st, r;
        bool timed_out = false;

        if (fd >= 0) {
                struct pollfd p = { .fd = fd, .events = POLLIN };
                do
                        r = poll(&p, 1, timeout_ms);
                while (r < 0 && errno == EINTR);
                close(fd);
                if (r == 0) {
                        timed_out = true;
                        (void) kill(pid, SIGKILL);
                }
        }
        do
                r = waitpid(pid, &st, 0);
        while (r < 0 && errno == EINTR);
        if (r < 0)
                return -2;
        if (timed_out)
                return -1;
        if (WIFEXITED(st))
                return WEXITSTATUS(st);
        return 128 + WTERMSIG(st);
}

/* Is pid (a thread id works too) asleep in futex_waitv(2)? /proc/PID/syscall names the
 * system call a blocked task is in. */
static inline bool objtest_in_futex_waitv(pid_t pid) {
        char path[64], buf[64];
        FILE *f;
        long nr;
        snprintf(path, sizeof path, "/proc/%d/syscall", (int) pid);
        f = fopen(path, "re");
        if (!f)
                return false;
        if (!fgets(buf, sizeof buf, f)) {
                fclose(f);
                return false;
        }
        fclose(f);
        return sscanf(buf, "%ld", &nr) == 1 && nr == OBJTEST_SYS_futex_waitv;
}

/* A bounded poll (10 s) for pid to be asleep in a wait: true once it is. */
static inline bool objtest_wait_blocked(pid_t pid) {
        uint64_t end = objtest_now_ms() + 10000;
        while (objtest_now_ms() < end) {
                if (objtest_in_futex_waitv(pid))
                        return true;
                (void) poll(NULL, 0, 1);
        }
        return false;
}
