/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libFuzzer target: a receiver reading a fast-path channel (src/shared/chan-read.c),
 * memory its sender wrote, so anything: the input becomes the channel's header (state,
 * head, tail, the sent-message slots) and the ring around the head. Whatever is there,
 * the reader takes each sent slot at most once, answers it, and takes at most a ring's
 * worth of posts, leaving head == tail. */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <session0/host-protocol.h>

#include "shared/chan-read.h"

static void count(void *ctx, const struct s0h_chan_post *p) {
        (void) p;
        (*(uint32_t *) ctx)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        static struct s0h_chan c; /* 512 KiB: static, cleared below */
        size_t head_part = offsetof(struct s0h_chan, ring);
        memset(&c, 0, head_part);
        memcpy(&c, data, size < head_part ? size : head_part);
        if (size > head_part) {
                /* the rest fills the ring from the head's slot on, wrapping */
                uint32_t at = atomic_load(&c.head);
                const uint8_t *rest = data + head_part;
                size_t n = (size - head_part) / sizeof(struct s0h_chan_post);
                for (size_t i = 0; i < n && i < S0H_CHAN_RING; i++)
                        memcpy(&c.ring[(at + i) & (S0H_CHAN_RING - 1)], rest + i * sizeof(struct s0h_chan_post),
                               sizeof(struct s0h_chan_post));
        }
        atomic_store(&c.sender_waiting, 0); /* no futex wake on a static buffer nobody sleeps on */

        unsigned cursor = 0, taken = 0;
        struct s0h_chan_send copy, *s;
        uint32_t sent_before = 0;
        for (unsigned i = 0; i < S0H_CHAN_SENDS; i++)
                sent_before += atomic_load(&c.sends[i].state) == S0H_SLOT_SENT;
        while ((s = s0h_chan_take_send(&c, &cursor, &copy))) {
                if (atomic_load(&s->state) != S0H_SLOT_TAKEN || s->hwnd != copy.hwnd || s->msg != copy.msg)
                        abort();
                s0h_chan_answer(&c, s, (int64_t) copy.wparam, 0);
                if (atomic_load(&s->state) != S0H_SLOT_DONE)
                        abort();
                if (++taken > S0H_CHAN_SENDS)
                        abort();
        }
        if (taken != sent_before)
                abort();
        uint32_t n = 0;
        uint32_t got = s0h_chan_take_posts(&c, count, &n);
        if (got != n || n > S0H_CHAN_RING || atomic_load(&c.head) != atomic_load(&c.tail))
                abort();
        if (s0h_chan_take_posts(&c, count, &n) != 0) /* nothing twice */
                abort();
        return 0;
}
