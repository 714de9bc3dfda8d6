/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef SYS_futex_waitv
#define SYS_futex_waitv 449
#endif

#include "doorbell.h"

void s0h_doorbell_ring(struct s0h_doorbell *db, int efd) {
        atomic_fetch_add(&db->seq, 1);
        /* Taken, not just read: the next ringer finds it running and makes no system
         * call (a sleeper woken on this CPU may not run before many more posts). */
        uint32_t w = atomic_load(&db->waiting) == S0H_WAIT_NONE ? S0H_WAIT_NONE
                                                                : atomic_exchange(&db->waiting, S0H_WAIT_NONE);
        if (w == S0H_WAIT_FUTEX) /* a shared futex: the word is in a memfd mapped by several processes */
                (void) syscall(SYS_futex, &db->seq, FUTEX_WAKE, 1, NULL, NULL, 0);
        else if (w == S0H_WAIT_POLL && efd >= 0) {
                uint64_t one = 1;
                (void) !write(efd, &one, sizeof one); /* EAGAIN: the counter is full, it wakes anyway */
        }
}

void s0h_doorbell_wait(struct s0h_doorbell *db, uint32_t seen, uint32_t timeout_ms) {
        struct timespec ts = { .tv_sec = timeout_ms / 1000, .tv_nsec = (long) (timeout_ms % 1000) * 1000000L };
        atomic_store(&db->waiting, S0H_WAIT_FUTEX);
        if (atomic_load(&db->seq) == seen)
                (void) syscall(SYS_futex, &db->seq, FUTEX_WAIT, seen, timeout_ms == UINT32_MAX ? NULL : &ts, NULL, 0);
        /* EINTR, EAGAIN (seq moved) and ETIMEDOUT all mean: look again */
        atomic_store(&db->waiting, S0H_WAIT_NONE);
}

void s0h_doorbell_wait2(struct s0h_doorbell *db, uint32_t seen, _Atomic uint32_t *word, uint32_t word_seen) {
        /* shared futexes (no FUTEX_PRIVATE_FLAG): the words are in memfds of several processes */
        struct futex_waitv w[2] = {
                { .val = seen, .uaddr = (uintptr_t) &db->seq, .flags = FUTEX_32 },
                { .val = word_seen, .uaddr = (uintptr_t) word, .flags = FUTEX_32 },
        };
        atomic_store(&db->waiting, S0H_WAIT_FUTEX);
        if (atomic_load(&db->seq) == seen && atomic_load(word) == word_seen)
                (void) syscall(SYS_futex_waitv, w, 2, 0, NULL, 0);
        atomic_store(&db->waiting, S0H_WAIT_NONE);
}

void s0h_futex_bump(_Atomic uint32_t *word, _Atomic uint32_t *waiting) {
        atomic_fetch_add(word, 1);
        if (atomic_load(waiting) && atomic_exchange(waiting, 0))
                (void) syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
}

void s0h_doorbell_posted_sub(struct s0h_doorbell *db, uint32_t n) {
        uint32_t old = atomic_load(&db->posted);
        while (n && !atomic_compare_exchange_weak(&db->posted, &old, old > n ? old - n : 0))
                ;
}

bool s0h_doorbell_posted_add(struct s0h_doorbell *db) {
        uint32_t old = atomic_load(&db->posted);
        do
                if (old >= S0H_QUEUE_MAX)
                        return false;
        while (!atomic_compare_exchange_weak(&db->posted, &old, old + 1));
        return true;
}
