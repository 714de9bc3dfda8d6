/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Semaphores (SEMANTICS.md §3.5): state is the count, 0..maximum. */
#include <errno.h>

#include "object.h"

S0_EXPORT int s0_semaphore_release(struct s0_object *o, int32_t count, int32_t *ret_previous) {
        int32_t cur;
        int r = obj_check(o, S0_OBJ_SEMAPHORE, S0_SEMAPHORE_MODIFY_STATE);
        if (r < 0)
                return r;
        if (count <= 0)
                return -EINVAL;
        cur = atomic_load(&o->sh->state);
        do {
                if (count > o->sh->maximum - cur)
                        return -EOVERFLOW; /* ERROR_TOO_MANY_POSTS; the count is unchanged */
        } while (!atomic_compare_exchange_weak(&o->sh->state, &cur, cur + count));
        obj_signal_changed(o->sh);
        if (ret_previous)
                *ret_previous = cur;
        return 0;
}

int semaphore_try_acquire(struct s0_object *o);
int semaphore_try_acquire(struct s0_object *o) {
        int32_t cur = atomic_load_explicit(&o->sh->state, memory_order_relaxed);
        while (cur > 0)
                if (atomic_compare_exchange_weak(&o->sh->state, &cur, cur - 1))
                        return 1;
        return 0;
}
