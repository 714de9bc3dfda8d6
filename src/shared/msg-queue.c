/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdlib.h>

#include "msg-queue.h"

static struct queued_msg *at(struct msg_queue *q, uint32_t i) { return &q->ring[(q->head + i) % q->cap]; }

int queue_push(struct msg_queue *q, uint32_t max, const struct queued_msg *m) {
        if (q->count >= max)
                return -ENOSPC;
        if (q->count == q->cap) {
                /* grow by doubling, up to max: an idle thread's queue costs nothing */
                uint32_t cap = q->cap ? q->cap * 2 : 16;
                if (cap > max)
                        cap = max;
                struct queued_msg *r = malloc((size_t) cap * sizeof *r);
                if (!r)
                        return -ENOMEM;
                for (uint32_t i = 0; i < q->count; i++)
                        r[i] = *at(q, i);
                free(q->ring);
                q->ring = r;
                q->cap = cap;
                q->head = 0;
        }
        *at(q, q->count) = *m;
        q->count++;
        return 0;
}

static bool matches(const struct queued_msg *m, uint64_t hwnd, uint32_t min, uint32_t max) {
        if (hwnd && m->hwnd != hwnd)
                return false;
        if (min == 0 && max == 0)
                return true;
        return m->msg >= min && m->msg <= max;
}

static void remove_at(struct msg_queue *q, uint32_t i) {
        /* close the gap from the front: the messages before i move one slot on */
        for (uint32_t k = i; k > 0; k--)
                *at(q, k) = *at(q, k - 1);
        q->head = (q->head + 1) % q->cap;
        q->count--;
}

bool queue_take(struct msg_queue *q, uint64_t hwnd, uint32_t min, uint32_t max, bool remove,
                struct queued_msg *ret) {
        for (uint32_t i = 0; i < q->count; i++) {
                struct queued_msg *m = at(q, i);
                if (!matches(m, hwnd, min, max))
                        continue;
                *ret = *m;
                if (remove)
                        remove_at(q, i);
                return true;
        }
        return false;
}

uint32_t queue_drop_hwnd(struct msg_queue *q, uint64_t hwnd) {
        uint32_t n = 0;
        for (uint32_t i = q->count; i > 0; i--)
                if (at(q, i - 1)->hwnd == hwnd) {
                        remove_at(q, i - 1);
                        n++;
                }
        return n;
}

void queue_free(struct msg_queue *q) {
        free(q->ring);
        *q = (struct msg_queue){ 0 };
}
