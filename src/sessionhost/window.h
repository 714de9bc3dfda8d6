/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The HWND table. An HWND is (generation << 16) | index: host-local, so a value from
 * another session's host means nothing here, and a destroyed window's value stays
 * invalid until its slot has been reused 32767 times. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <session0/host-protocol.h>

#define WINDOWS_MAX 4095u

struct window {
        uint16_t gen;        /* 0: slot never used */
        bool used;
        uint64_t owner;      /* conn id of the creating thread */
        pid_t pid;
        uint32_t tid;
        uint64_t parent;     /* 0 top-level, S0H_HWND_MESSAGE message-only, else a window */
        uint32_t style;
        uint32_t il;         /* the owner's integrity level */
        uint32_t desktop;    /* the creating thread's desktop (a slot of the host's desktop table) */
        uint32_t n_allowed;  /* ChangeWindowMessageFilterEx(MSGFLT_ALLOW) */
        uint32_t allowed[S0H_FILTER_MAX];
        uint32_t wts_count;  /* WTSRegisterSessionNotification calls not yet unregistered */
        bool wts_all;        /* NOTIFY_FOR_ALL_SESSIONS (the first registration's flags) */
        char cls[S0H_CLASS_MAX];
        char title[S0H_TITLE_MAX];
};

struct window_table {
        struct window slots[WINDOWS_MAX + 1]; /* slot 0 unused: index 0 would make HWND 0 possible */
        uint32_t count;
};

int window_add(struct window_table *t, const struct window *w, uint64_t *ret_hwnd);
/* The live window an HWND names, or NULL. */
struct window *window_get(struct window_table *t, uint64_t hwnd);
void window_remove(struct window_table *t, uint64_t hwnd);
uint64_t window_hwnd(const struct window_table *t, const struct window *w);
/* The next live window after hwnd (0: from the start) in creation-slot order, or NULL. */
struct window *window_next(struct window_table *t, uint64_t after);
