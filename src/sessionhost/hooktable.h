/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The session's hook table (SetWindowsHookEx): bounded per process and per desktop,
 * searched in hook-chain order. Pure data, no I/O: unit-tested in test-host-core. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <session0/host-protocol.h>

/* Hook types, with the values of the Windows SDK (winuser.h). */
#define HOOK_WH_MSGFILTER (-1)
#define HOOK_WH_GETMESSAGE 3
#define HOOK_WH_CALLWNDPROC 4
#define HOOK_WH_SYSMSGFILTER 6
#define HOOK_WH_CALLWNDPROCRET 12

struct hook {
        bool used;
        uint64_t handle;   /* the HHOOK value: (seq << 12) | slot, never 0, never reused */
        uint64_t seq;      /* installation order: the newest hook is called first */
        uint64_t owner;    /* conn id of the installing thread (the hook proc runs there) */
        pid_t pid;         /* the installing process */
        uint32_t owner_tid;
        int32_t type;
        uint32_t target;   /* hooked thread id; 0: every thread of the desktop */
        uint32_t il;       /* the installer's integrity level */
        bool console;      /* installed by the legacy console user */
        uint32_t desktop;  /* the installing thread's desktop: a hook sees only messages of its desktop */
};

struct hook_table {
        struct hook slots[S0H_HOOKS_DESKTOP_MAX];
        uint64_t next_seq;
};

/* -EDQUOT: the process already has S0H_HOOKS_PROCESS_MAX hooks; -ENOSPC: the desktop is
 * full. h's handle and seq are assigned. */
int hook_add(struct hook_table *t, struct hook *h);
struct hook *hook_get(struct hook_table *t, uint64_t handle);
void hook_remove(struct hook_table *t, struct hook *h);
/* The next hook of the chain of `type` for a thread tid of process pid, after `after`
 * (NULL: the first). Chain order as on Windows: the thread's own hooks, then the
 * desktop-wide ones, the newest first in each. Hooks of the process pid itself are left
 * out: the hooked thread runs those in its own process (user-hook.c). */
struct hook *hook_next(struct hook_table *t, int32_t type, uint32_t tid, pid_t pid, const struct hook *after);
