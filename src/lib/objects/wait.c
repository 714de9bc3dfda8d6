/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * WaitForSingleObject / WaitForMultipleObjects (SEMANTICS.md §4) across processes, with
 * no daemon: each object has a futex word that changes whenever it may have become
 * signaled (seq; for a mutex the robust word itself), and a waiter that finds nothing to
 * take sleeps on all of them at once with futex_waitv(2).
 *
 * No lost wake-ups: the waiter reads each word before it looks at the object, and the
 * kernel sleeps only if the word still holds that value; a setter changes the state
 * before it bumps the word, and wakes only if someone announced (waiters, or the mutex's
 * FUTEX_WAITERS bit) that they may sleep.
 *
 * Wait-all takes everything or nothing: it checks that all objects are signaled, then
 * acquires them in order; if another process took one in between, it gives back what it
 * took (docs/OBJECTS.md: a deviation only visible under that race) and tries again.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <linux/futex.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "object.h"

#ifndef SYS_futex_waitv
#define SYS_futex_waitv 449
#endif
#ifndef FUTEX2_SIZE_U32
#define FUTEX2_SIZE_U32 0x02
#endif

int semaphore_try_acquire(struct s0_object *o);

int obj_try_acquire(struct s0_object *o, bool *abandoned) {
        *abandoned = false;
        switch (o->type) {
        case S0_OBJ_EVENT:
                return event_try_acquire(o);
        case S0_OBJ_SEMAPHORE:
                return semaphore_try_acquire(o);
        case S0_OBJ_MUTEX:
                return mutex_try_acquire(o, abandoned);
        case S0_OBJ_TIMER:
                return timer_try_acquire(o);
        }
        return 0;
}

bool obj_is_signaled(struct s0_object *o) {
        struct s0_obj_shared *sh = o->sh;
        switch (o->type) {
        case S0_OBJ_EVENT:
                return atomic_load(&sh->state) == 1;
        case S0_OBJ_SEMAPHORE:
                return atomic_load(&sh->state) > 0;
        case S0_OBJ_MUTEX:
                return mutex_is_free(o);
        case S0_OBJ_TIMER:
                return timer_is_signaled(sh, now_ns(CLOCK_MONOTONIC));
        }
        return false;
}

void obj_undo(struct s0_object *o) {
        struct s0_obj_shared *sh = o->sh;
        switch (o->type) {
        case S0_OBJ_EVENT:
                if (!(sh->flags & S0_SHF_MANUAL_RESET)) {
                        atomic_store(&sh->state, 1);
                        obj_signal_changed(sh);
                }
                break;
        case S0_OBJ_SEMAPHORE:
                atomic_fetch_add(&sh->state, 1);
                obj_signal_changed(sh);
                break;
        case S0_OBJ_MUTEX:
                mutex_undo(o);
                break;
        case S0_OBJ_TIMER:
                if (!(sh->flags & S0_SHF_MANUAL_RESET)) {
                        atomic_store(&sh->state, 1);
                        obj_signal_changed(sh);
                }
                break;
        }
}

static _Atomic uint32_t *wait_word(struct s0_object *o) {
        return o->type == S0_OBJ_MUTEX ? obj_mutex_word(o->sh) : &o->sh->seq;
}

struct futex_waitv_ {
        uint64_t val;
        uint64_t uaddr;
        uint32_t flags;
        uint32_t reserved;
};

static int check_handles(struct s0_object *const *objs, size_t n, bool wait_all) {
        if (n == 0 || n > S0_MAXIMUM_WAIT_OBJECTS || !objs)
                return -EINVAL;
        for (size_t i = 0; i < n; i++) {
                struct s0_object *o = objs[i];
                int r;
                if (!o)
                        return -EBADF;
                if (o->type == S0_OBJ_SECTION || !(o->access & S0_SYNCHRONIZE))
                        return -EACCES;
                if (__builtin_expect(!__atomic_load_n(&o->sh, __ATOMIC_ACQUIRE), 0) && (r = obj_map(o)) < 0)
                        return r;
        }
        if (wait_all && n > 1) {
                /* one object twice (through any handles) is refused, as the kernel does */
                struct stat st[S0_MAXIMUM_WAIT_OBJECTS];
                for (size_t i = 0; i < n; i++)
                        if (fstat(objs[i]->fd, &st[i]) < 0)
                                return -errno;
                for (size_t i = 0; i < n; i++)
                        for (size_t j = i + 1; j < n; j++)
                                if (st[i].st_dev == st[j].st_dev && st[i].st_ino == st[j].st_ino)
                                        return -EINVAL;
        }
        return 0;
}

static int try_all(struct s0_object *const *objs, size_t n, uint32_t *ret_index, bool *ret_abandoned) {
        bool any_abandoned = false;
        uint32_t ab_index = 0;
        size_t i;

        for (i = 0; i < n; i++)
                if (!obj_is_signaled(objs[i]))
                        return 0;
        for (i = 0; i < n; i++) {
                bool ab;
                int r = obj_try_acquire(objs[i], &ab);
                if (r <= 0) {
                        while (i-- > 0)
                                obj_undo(objs[i]);
                        return r;
                }
                if (ab && !any_abandoned) {
                        any_abandoned = true;
                        ab_index = (uint32_t) i;
                }
        }
        *ret_index = any_abandoned ? ab_index : 0;
        *ret_abandoned = any_abandoned;
        return 1;
}

/* The kernel wakes one waiter when a mutex's owner dies; a waiter that leaves a free
 * mutex with sleepers untaken (its wait-all is not complete, another object satisfied
 * its wait-any first, or it timed out) passes the wake-up on, or they would sleep on. */
static void pass_on_mutex_wakes(struct s0_object *const *objs, size_t n, size_t taken) {
        for (size_t i = 0; i < n; i++) {
                uint32_t w;
                if (i == taken || objs[i]->type != S0_OBJ_MUTEX)
                        continue;
                w = atomic_load(obj_mutex_word(objs[i]->sh));
                if (!(w & 0x3fffffffu) && (w & FUTEX_WAITERS))
                        (void) futex_wake(obj_mutex_word(objs[i]->sh), INT_MAX);
        }
}

/* The wait of s0_obj_wait and s0_obj_wait_word: word (or NULL) is one more futex word
 * slept on with the objects; its change since `seen` ends the wait with 1. */
/* Inlined into both: without a word (s0_obj_wait, the hot WaitForSingleObject) the word's
 * checks fold away. */
static inline __attribute__((always_inline)) int obj_wait(struct s0_object *const *objs, size_t n, bool wait_all,
                                                         uint32_t timeout_ms,
                    _Atomic uint32_t *word, uint32_t seen, uint32_t *ret_index, bool *ret_abandoned) {
        struct futex_waitv_ wv[S0_MAXIMUM_WAIT_OBJECTS + 1];
        uint32_t pulse[S0_MAXIMUM_WAIT_OBJECTS];
        uint64_t deadline = UINT64_MAX;
        bool have_deadline = false;
        uint32_t index = 0;
        bool abandoned = false, has_mutex = false;
        int r;

        r = (word && n == 0) ? 0 : check_handles(objs, n, wait_all);
        if (r < 0)
                return r;
        if ((wait_all && n == 1) || n == 0)
                wait_all = false;
        for (size_t i = 0; i < n; i++)
                has_mutex |= objs[i]->type == S0_OBJ_MUTEX;

        for (;;) {
                uint64_t sleep_until, now;
                struct timespec ts;
                bool woke_pulse = false;

                for (size_t i = 0; i < n; i++) {
                        wv[i].val = atomic_load(wait_word(objs[i]));
                        pulse[i] = objs[i]->type == S0_OBJ_EVENT ? atomic_load(&objs[i]->sh->pulse_gen) : 0;
                }
                if (wait_all) {
                        r = try_all(objs, n, &index, &abandoned);
                        if (r < 0)
                                return r;
                        if (r > 0)
                                break;
                        if (has_mutex)
                                pass_on_mutex_wakes(objs, n, SIZE_MAX);
                } else {
                        for (size_t i = 0; i < n; i++) {
                                r = obj_try_acquire(objs[i], &abandoned);
                                if (r < 0)
                                        return r;
                                if (r > 0) {
                                        index = (uint32_t) i;
                                        if (has_mutex)
                                                pass_on_mutex_wakes(objs, n, i);
                                        goto done;
                                }
                        }
                }
                if (word && atomic_load(word) != seen)
                        return 1; /* the word moved: the caller looks at what it stands for */
                if (timeout_ms == 0)
                        return -ETIMEDOUT;
                now = now_ns(CLOCK_MONOTONIC);
                if (!have_deadline && timeout_ms != S0_INFINITE) {
                        deadline = now + (uint64_t) timeout_ms * 1000000u;
                        have_deadline = true;
                }
                if (now >= deadline) {
                        if (has_mutex)
                                pass_on_mutex_wakes(objs, n, SIZE_MAX);
                        return -ETIMEDOUT;
                }
                sleep_until = deadline;
                for (size_t i = 0; i < n; i++)
                        if (objs[i]->type == S0_OBJ_TIMER) {
                                uint64_t d = timer_next_due(objs[i]->sh);
                                if (d && d < sleep_until)
                                        sleep_until = d;
                        }

                /* announce ourselves, then sleep if nothing changed since we looked */
                bool restart = false;
                size_t announced = 0;
                for (size_t i = 0; i < n; i++, announced++) {
                        struct s0_object *o = objs[i];
                        if (o->type == S0_OBJ_MUTEX) {
                                uint32_t v = (uint32_t) wv[i].val;
                                if ((v & 0x3fffffffu) && !(v & FUTEX_WAITERS)) {
                                        if (!atomic_compare_exchange_strong(obj_mutex_word(o->sh), &v, v | FUTEX_WAITERS)) {
                                                restart = true;
                                                break;
                                        }
                                        wv[i].val = v | FUTEX_WAITERS;
                                } else if (!(v & 0x3fffffffu)) {
                                        restart = true; /* freed since we looked */
                                        break;
                                }
                        } else
                                atomic_fetch_add(&o->sh->waiters, 1);
                        wv[i].uaddr = (uint64_t) (uintptr_t) wait_word(o);
                        wv[i].flags = FUTEX2_SIZE_U32;
                        wv[i].reserved = 0;
                }
                if (!restart && word) {
                        wv[n].val = seen;
                        wv[n].uaddr = (uint64_t) (uintptr_t) word;
                        wv[n].flags = FUTEX2_SIZE_U32; /* shared: the word may be in another process's memory */
                        wv[n].reserved = 0;
                }
                if (!restart) {
                        long k;
                        if (sleep_until != UINT64_MAX) {
                                ts.tv_sec = (time_t) (sleep_until / 1000000000u);
                                ts.tv_nsec = (long) (sleep_until % 1000000000u);
                        }
                        k = syscall(SYS_futex_waitv, wv, (unsigned) n + (word != NULL), 0,
                                    sleep_until != UINT64_MAX ? &ts : NULL, CLOCK_MONOTONIC);
                        if (k < 0 && errno != EAGAIN && errno != ETIMEDOUT && errno != EINTR)
                                r = -errno;
                        else
                                r = 0;
                } else
                        r = 0;
                for (size_t i = 0; i < announced; i++)
                        if (objs[i]->type != S0_OBJ_MUTEX)
                                atomic_fetch_sub(&objs[i]->sh->waiters, 1);
                if (r < 0)
                        return r;
                /* A pulse while we slept releases us (wait-any only: a pulse is an
                 * instant, and wait-all needs everything at one instant). */
                if (!wait_all)
                        for (size_t i = 0; i < n && !restart; i++) {
                                struct s0_obj_shared *sh = objs[i]->sh;
                                int32_t tok;
                                if (objs[i]->type != S0_OBJ_EVENT || atomic_load(&sh->pulse_gen) == pulse[i])
                                        continue;
                                tok = atomic_load(&sh->pulse_tokens);
                                while (tok > 0 && !atomic_compare_exchange_weak(&sh->pulse_tokens, &tok,
                                                                                 tok == INT_MAX ? INT_MAX : tok - 1))
                                        ;
                                if (tok > 0) {
                                        index = (uint32_t) i;
                                        abandoned = false;
                                        woke_pulse = true;
                                        break;
                                }
                        }
                if (woke_pulse)
                        goto done;
        }
done:
        if (ret_index)
                *ret_index = index;
        if (ret_abandoned)
                *ret_abandoned = abandoned;
        return 0;
}

S0_EXPORT int s0_obj_wait(struct s0_object *const *objs, size_t n, bool wait_all, uint32_t timeout_ms,
                          uint32_t *ret_index, bool *ret_abandoned) {
        return obj_wait(objs, n, wait_all, timeout_ms, NULL, 0, ret_index, ret_abandoned);
}

S0_EXPORT int s0_obj_wait_word(struct s0_object *const *objs, size_t n, bool wait_all, uint32_t timeout_ms,
                               _Atomic uint32_t *word, uint32_t seen, uint32_t *ret_index, bool *ret_abandoned) {
        if (!word || n > S0_MAXIMUM_WAIT_OBJECTS - 1)
                return -EINVAL;
        return obj_wait(objs, n, wait_all, timeout_ms, word, seen, ret_index, ret_abandoned);
}
