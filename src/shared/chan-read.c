/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdatomic.h>

#include "chan-read.h"
#include "doorbell.h"

struct s0h_chan_send *s0h_chan_take_send(struct s0h_chan *c, unsigned *cursor, struct s0h_chan_send *ret) {
        for (; *cursor < S0H_CHAN_SENDS; (*cursor)++) {
                struct s0h_chan_send *s = &c->sends[*cursor];
                uint32_t expect = S0H_SLOT_SENT;
                if (atomic_load(&s->state) != S0H_SLOT_SENT ||
                    !atomic_compare_exchange_strong(&s->state, &expect, S0H_SLOT_TAKEN))
                        continue;
                /* ours now: the sender writes the slot only while it is FREE */
                ret->hwnd = s->hwnd;
                ret->msg = s->msg;
                ret->wparam = s->wparam;
                ret->lparam = s->lparam;
                (*cursor)++;
                return s;
        }
        return NULL;
}

void s0h_chan_answer(struct s0h_chan *c, struct s0h_chan_send *s, int64_t result, uint32_t error) {
        s->result = result;
        s->error = error;
        atomic_store(&s->state, S0H_SLOT_DONE);
        s0h_futex_bump(&c->reply_seq, &c->sender_waiting);
}

uint32_t s0h_chan_take_posts(struct s0h_chan *c, void (*take)(void *ctx, const struct s0h_chan_post *p), void *ctx) {
        uint32_t head = atomic_load_explicit(&c->head, memory_order_relaxed);
        uint32_t tail = atomic_load_explicit(&c->tail, memory_order_acquire);
        uint32_t n = 0;
        if (tail - head > S0H_CHAN_RING)
                head = tail; /* nonsense from the sender (or the head scribbled on): what is there is lost */
        for (; head != tail; head++, n++) {
                /* a copy: the sender may write the slot again once head has passed it */
                struct s0h_chan_post p = c->ring[head & (S0H_CHAN_RING - 1)];
                take(ctx, &p);
        }
        atomic_store_explicit(&c->head, head, memory_order_release);
        return n;
}
