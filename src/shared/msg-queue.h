/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A thread's posted-message queue: a bounded ring (S0H_QUEUE_MAX), FIFO, with removal
 * of the first message matching a GetMessage/PeekMessage filter. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

struct queued_msg {
        uint64_t hwnd;
        uint32_t msg;
        uint32_t reserved;
        uint64_t wparam;
        int64_t lparam;
};

struct msg_queue {
        struct queued_msg *ring; /* allocated on first post */
        uint32_t cap, head, count;
};

/* -ENOSPC when full (the caller says ERROR_NOT_ENOUGH_QUOTA), -ENOMEM. */
int queue_push(struct msg_queue *q, uint32_t max, const struct queued_msg *m);
/* The first message with (hwnd == 0 || m.hwnd == hwnd) and (min == max == 0 ||
 * min <= msg <= max); removed if remove. Returns true if found. */
bool queue_take(struct msg_queue *q, uint64_t hwnd, uint32_t min, uint32_t max, bool remove,
                struct queued_msg *ret);
/* Drops the messages of a destroyed window; returns how many. */
uint32_t queue_drop_hwnd(struct msg_queue *q, uint64_t hwnd);
void queue_free(struct msg_queue *q);
