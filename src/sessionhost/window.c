/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <string.h>

#include "window.h"

uint64_t window_hwnd(const struct window_table *t, const struct window *w) {
        return ((uint64_t) w->gen << 16) | (uint64_t) (w - t->slots);
}

int window_add(struct window_table *t, const struct window *w, uint64_t *ret_hwnd) {
        for (uint32_t i = 1; i <= WINDOWS_MAX; i++) {
                struct window *s = &t->slots[i];
                if (s->used)
                        continue;
                uint16_t gen = (uint16_t) (s->gen % 0x7fff + 1); /* 1..0x7fff: never 0, HWND never 0xFFFF */
                *s = *w;
                s->gen = gen;
                s->used = true;
                t->count++;
                *ret_hwnd = window_hwnd(t, s);
                return 0;
        }
        return -ENOSPC;
}

struct window *window_get(struct window_table *t, uint64_t hwnd) {
        uint64_t index = hwnd & 0xffff, gen = hwnd >> 16;
        if (index == 0 || index > WINDOWS_MAX || gen == 0 || gen > 0x7fff)
                return NULL;
        struct window *w = &t->slots[index];
        return w->used && w->gen == gen ? w : NULL;
}

void window_remove(struct window_table *t, uint64_t hwnd) {
        struct window *w = window_get(t, hwnd);
        if (!w)
                return;
        uint16_t gen = w->gen;
        memset(w, 0, sizeof *w);
        w->gen = gen; /* the next window in this slot gets the next generation */
        t->count--;
}

struct window *window_next(struct window_table *t, uint64_t after) {
        uint32_t start = after ? (uint32_t) (after & 0xffff) + 1 : 1;
        for (uint32_t i = start; i <= WINDOWS_MAX; i++)
                if (t->slots[i].used)
                        return &t->slots[i];
        return NULL;
}
