/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Events (SEMANTICS.md §3.3). state is 0 or 1. Setting a set event and resetting a
 * reset one touch nothing shared and make no system call; a set that changes the state
 * wakes sleepers only if there are any. PulseEvent releases those asleep at that instant:
 * it bumps pulse_gen and hands out tokens (one for auto-reset, all for manual), which
 * only waiters that went to sleep before the pulse may take (wait.c). */
#include <errno.h>
#include <limits.h>

#include "object.h"

void obj_signal_changed(struct s0_obj_shared *sh) {
        atomic_fetch_add(&sh->seq, 1);
        if (atomic_load(&sh->waiters))
                (void) futex_wake(&sh->seq, INT_MAX);
}

S0_EXPORT int s0_event_set(struct s0_object *o) {
        int r = obj_check(o, S0_OBJ_EVENT, S0_EVENT_MODIFY_STATE);
        if (r < 0)
                return r;
        if (atomic_load_explicit(&o->sh->state, memory_order_relaxed) == 1)
                return 0;
        if (atomic_exchange(&o->sh->state, 1) == 0)
                obj_signal_changed(o->sh);
        return 0;
}

S0_EXPORT int s0_event_reset(struct s0_object *o) {
        int r = obj_check(o, S0_OBJ_EVENT, S0_EVENT_MODIFY_STATE);
        if (r < 0)
                return r;
        if (atomic_load_explicit(&o->sh->state, memory_order_relaxed) != 0)
                atomic_store(&o->sh->state, 0);
        return 0;
}

S0_EXPORT int s0_event_pulse(struct s0_object *o) {
        struct s0_obj_shared *sh;
        int r = obj_check(o, S0_OBJ_EVENT, S0_EVENT_MODIFY_STATE);
        if (r < 0)
                return r;
        sh = o->sh;
        if (atomic_load(&sh->waiters)) {
                atomic_store(&sh->pulse_tokens, (sh->flags & S0_SHF_MANUAL_RESET) ? INT_MAX : 1);
                atomic_fetch_add(&sh->pulse_gen, 1);
                obj_signal_changed(sh);
        }
        atomic_store(&sh->state, 0);
        return 0;
}

int event_try_acquire(struct s0_object *o) {
        struct s0_obj_shared *sh = o->sh;
        int32_t one = 1;
        if (sh->flags & S0_SHF_MANUAL_RESET)
                return atomic_load(&sh->state) == 1;
        if (atomic_load_explicit(&sh->state, memory_order_relaxed) != 1)
                return 0;
        return atomic_compare_exchange_strong(&sh->state, &one, 0);
}
