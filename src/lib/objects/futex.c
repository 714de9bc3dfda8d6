/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The futex calls the objects use. Object pages are MAP_SHARED file mappings, so every
 * futex here is a shared one (no FUTEX_PRIVATE_FLAG): the kernel keys it by inode and
 * offset, and a waiter in one process is woken by a setter in another. */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "object.h"

int futex_wake(_Atomic uint32_t *word, int n) {
        long r = syscall(SYS_futex, (uint32_t *) word, FUTEX_WAKE, n, NULL, NULL, 0);
        return r < 0 ? -errno : (int) r;
}

uint64_t now_ns(int clock) {
        struct timespec ts;
        (void) clock_gettime(clock, &ts);
        return (uint64_t) ts.tv_sec * 1000000000ull + (uint64_t) ts.tv_nsec;
}
