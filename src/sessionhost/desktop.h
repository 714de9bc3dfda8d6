/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The session's desktops (CreateDesktop, OpenDesktop, SetThreadDesktop): a table of
 * the built-in desktops and the created ones, and which processes hold handles to them.
 * Pure data, no I/O: unit-tested in test-host-core. See docs/WINDOWS.md. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <session0/host-protocol.h>

/* Slot 1 is Default, of every station of the session (session 0's stations share it:
 * legacy mode's console user reaches the services' windows, as XP's interactive
 * services on WinSta0\Default were reachable); slot 2 is WinSta0\Winlogon. */
#define DESKTOP_DEFAULT 1u
#define DESKTOP_WINLOGON 2u
#define DESKTOPS_MAX 255u            /* slots, built-in ones included */
#define DESKTOP_HOLDS_MAX 1024u       /* (process, desktop) pairs with handles open */

struct desktop {
        bool used;
        bool builtin;                 /* never freed */
        uint16_t gen;                 /* the id's generation: a freed desktop's id stays invalid */
        char station[S0H_STATION_NAME_MAX]; /* "" for Default: every station's */
        char name[S0H_DESKTOP_NAME_MAX];
        uint32_t handles;             /* handles open in all processes */
        uint32_t threads;             /* threads on it */
        uint32_t windows;             /* windows on it */
};

struct desktop_hold {
        pid_t pid;                    /* 0: free */
        uint32_t desktop;             /* slot */
        uint32_t count;
};

struct desktop_table {
        struct desktop slots[DESKTOPS_MAX + 1]; /* slot 0 unused: id 0 is no desktop */
        struct desktop_hold holds[DESKTOP_HOLDS_MAX];
        uint32_t input;               /* SwitchDesktop's: the input desktop's slot */
};

void desktop_table_init(struct desktop_table *t);
/* 0, or a Win32 error for a name CreateDesktop/OpenDesktop refuse (empty, a
 * backslash, too long). */
uint32_t desktop_name_error(const char *name);
/* The slot of station's desktop name (case-insensitive), or 0. */
uint32_t desktop_find(const struct desktop_table *t, const char *station, const char *name);
/* Creates station's desktop name: its slot, or -EDQUOT (the station has
 * S0H_DESKTOPS_STATION_MAX created desktops) / -ENOSPC (the table is full). */
int desktop_create(struct desktop_table *t, const char *station, const char *name, uint32_t *ret_slot);
/* The id of a slot ((gen << 16) | slot), and the live slot an id names (0: none). */
uint64_t desktop_id(const struct desktop_table *t, uint32_t slot);
uint32_t desktop_slot(const struct desktop_table *t, uint64_t id);
/* Process pid opens / closes a handle to slot; -ENOSPC: no hold left; -ENOENT:
 * pid holds no handle to it. */
int desktop_hold(struct desktop_table *t, pid_t pid, uint32_t slot);
int desktop_release(struct desktop_table *t, pid_t pid, uint32_t slot);
bool desktop_held_by(const struct desktop_table *t, pid_t pid, uint32_t slot);
/* Every handle of pid goes (its last connection closed). */
void desktop_release_all(struct desktop_table *t, pid_t pid);
/* Frees slot if nothing keeps it: a created desktop with no handle, no thread, no
 * window, not the input desktop (Windows keeps a desktop while any of these use it).
 * True if it was freed. */
bool desktop_gc(struct desktop_table *t, uint32_t slot);
