/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libFuzzer target: s0h_msg_validate() (src/shared/host-protocol.c), the check every
 * datagram to s0-sessionhost passes before any handler, then what the handlers do
 * with a valid one: the HWND table lookup and the posted-message queue. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <session0/host-protocol.h>

#include "shared/msg-queue.h"
#include "sessionhost/window.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        static struct window_table table; /* reset below: only its first slots are used */
        void *buf = malloc(size ? size : 1);
        const struct s0h_msg *m = buf;

        if (!buf)
                return 0;
        memcpy(buf, data, size);
        if (s0h_msg_validate(buf, size) == 0) {
                if (size != sizeof *m + m->data_len || m->data_len > S0H_DATA_MAX ||
                    strnlen(m->cls, S0H_CLASS_MAX) >= S0H_CLASS_MAX || strnlen(m->title, S0H_TITLE_MAX) >= S0H_TITLE_MAX)
                        abort();
                struct window w = { .owner = 1, .parent = m->parent };
                uint64_t h;
                memcpy(w.cls, m->cls, sizeof w.cls);
                if (window_add(&table, &w, &h) == 0) {
                        if (!window_get(&table, h) || window_get(&table, m->hwnd ^ h ^ m->hwnd) != window_get(&table, h))
                                abort();
                        (void) window_get(&table, m->hwnd);
                        window_remove(&table, h);
                        if (window_get(&table, h))
                                abort();
                }
                struct msg_queue q = { 0 };
                struct queued_msg in = { .hwnd = m->hwnd, .msg = m->msg, .wparam = m->wparam, .lparam = m->lparam }, out;
                for (uint32_t i = 0; i < (m->flags & 63); i++)
                        (void) queue_push(&q, 32, &in);
                (void) queue_take(&q, m->hwnd, m->filter_min, m->filter_max, m->flags & 64, &out);
                queue_drop_hwnd(&q, m->parent);
                queue_free(&q);
        }
        free(buf);
        return 0;
}
