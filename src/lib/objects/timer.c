/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Waitable timers (SEMANTICS.md §3.6) with no thread and no daemon behind them: a timer
 * is its due time (CLOCK_MONOTONIC ns, 0 = inactive), its period and a latch. It is
 * signaled when latched or when due has passed; waiters sleep until the earliest due
 * time among their timers (wait.c), and the wait that finds a due timer does what the
 * kernel's timer DPC does on Windows: a synchronization timer is consumed by moving due
 * to the next period (or to 0), a manual-reset timer latches until the next Set.
 *
 * Absolute due times are converted to the monotonic clock when set: a later change of
 * the wall clock does not move them (docs/OBJECTS.md).
 */
#include <errno.h>
#include <time.h>

#include "object.h"

/* 100 ns intervals from 1601-01-01 to 1970-01-01 */
#define FILETIME_UNIX_EPOCH 116444736000000000ll

S0_EXPORT int s0_timer_set(struct s0_object *o, int64_t due, int32_t period_ms, bool resume) {
        uint64_t mono = now_ns(CLOCK_MONOTONIC), at;
        int r = obj_check(o, S0_OBJ_TIMER, S0_TIMER_MODIFY_STATE);
        if (r < 0)
                return r;
        if (period_ms < 0)
                return -EINVAL;
        if (due < 0)
                at = mono + (uint64_t) (-(due + 1) + 1) * 100u;
        else if (due == 0)
                at = mono;
        else {
                int64_t unix_100ns = due - FILETIME_UNIX_EPOCH;
                int64_t real = (int64_t) now_ns(CLOCK_REALTIME);
                int64_t delta = unix_100ns > INT64_MAX / 100 ? INT64_MAX / 2 : unix_100ns * 100 - real;
                at = delta > 0 ? mono + (uint64_t) delta : mono;
        }
        if (at == 0)
                at = 1;
        atomic_store(&o->sh->state, 0); /* Set makes it non-signaled */
        atomic_store(&o->sh->period_ms, (uint32_t) period_ms);
        atomic_store(&o->sh->due, at);
        obj_signal_changed(o->sh); /* sleepers recompute their deadline */
        return resume ? 1 : 0;
}

bool timer_is_signaled(struct s0_obj_shared *sh, uint64_t now) {
        uint64_t d;
        if (atomic_load(&sh->state))
                return true;
        d = atomic_load(&sh->due);
        return d && now >= d;
}

S0_EXPORT int s0_timer_cancel(struct s0_object *o) {
        int r = obj_check(o, S0_OBJ_TIMER, S0_TIMER_MODIFY_STATE);
        if (r < 0)
                return r;
        /* Cancel keeps the signaled state as it is: a due, unconsumed expiry latches. */
        if (timer_is_signaled(o->sh, now_ns(CLOCK_MONOTONIC)))
                atomic_store(&o->sh->state, 1);
        atomic_store(&o->sh->due, 0);
        obj_signal_changed(o->sh);
        return 0;
}

static uint64_t next_period(uint64_t d, uint32_t period_ms, uint64_t now) {
        uint64_t p = (uint64_t) period_ms * 1000000u, k;
        if (!p)
                return 0;
        k = (now - d) / p + 1; /* missed periods collapse into one expiry */
        return d + k * p;
}

int timer_try_acquire(struct s0_object *o) {
        struct s0_obj_shared *sh = o->sh;
        bool manual = sh->flags & S0_SHF_MANUAL_RESET;
        uint64_t now, d;
        int32_t one = 1;

        if (atomic_load(&sh->state))
                return manual ? 1 : atomic_compare_exchange_strong(&sh->state, &one, 0);
        d = atomic_load(&sh->due);
        if (!d)
                return 0;
        now = now_ns(CLOCK_MONOTONIC);
        if (now < d)
                return 0;
        if (!atomic_compare_exchange_strong(&sh->due, &d, next_period(d, atomic_load(&sh->period_ms), now)))
                return 0; /* another waiter consumed this expiry */
        if (manual) {
                atomic_store(&sh->state, 1);
                obj_signal_changed(sh);
        }
        return 1;
}

uint64_t timer_next_due(struct s0_obj_shared *sh) {
        return atomic_load(&sh->state) ? 0 : atomic_load(&sh->due);
}
