/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stddef.h>

#include "hooktable.h"

int hook_add(struct hook_table *t, struct hook *h) {
        unsigned own = 0, free_slot = S0H_HOOKS_DESKTOP_MAX;
        for (unsigned i = 0; i < S0H_HOOKS_DESKTOP_MAX; i++) {
                if (!t->slots[i].used) {
                        if (free_slot == S0H_HOOKS_DESKTOP_MAX)
                                free_slot = i;
                } else if (t->slots[i].pid == h->pid)
                        own++;
        }
        if (own >= S0H_HOOKS_PROCESS_MAX)
                return -EDQUOT;
        if (free_slot == S0H_HOOKS_DESKTOP_MAX)
                return -ENOSPC;
        h->used = true;
        h->seq = ++t->next_seq;
        /* The sequence number makes a stale HHOOK (its slot reused) name nothing. */
        h->handle = (h->seq << 12) | free_slot;
        t->slots[free_slot] = *h;
        return 0;
}

struct hook *hook_get(struct hook_table *t, uint64_t handle) {
        uint64_t slot = handle & 0xfff;
        if (handle == 0 || slot >= S0H_HOOKS_DESKTOP_MAX || !t->slots[slot].used || t->slots[slot].handle != handle)
                return NULL;
        return &t->slots[slot];
}

void hook_remove(struct hook_table *t, struct hook *h) {
        (void) t;
        *h = (struct hook){ 0 };
}

/* Chain position: thread hooks (rank 0) before desktop-wide ones (rank 1), newest first. */
static bool before(const struct hook *a, const struct hook *b) {
        bool ga = a->target == 0, gb = b->target == 0;
        if (ga != gb)
                return !ga;
        return a->seq > b->seq;
}

struct hook *hook_next(struct hook_table *t, int32_t type, uint32_t tid, pid_t pid, const struct hook *after) {
        struct hook *best = NULL;
        for (unsigned i = 0; i < S0H_HOOKS_DESKTOP_MAX; i++) {
                struct hook *h = &t->slots[i];
                if (!h->used || h->type != type || h->pid == pid || (h->target != 0 && h->target != tid))
                        continue;
                if (after && !before(after, h))
                        continue;
                if (!best || before(h, best))
                        best = h;
        }
        return best;
}
