/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "desktop.h"

#define ERROR_INVALID_HANDLE 6
#define ERROR_BAD_PATHNAME 161
#define ERROR_FILENAME_EXCED_RANGE 206

static void builtin(struct desktop_table *t, uint32_t slot, const char *station, const char *name) {
        struct desktop *d = &t->slots[slot];
        *d = (struct desktop){ .used = true, .builtin = true, .gen = 1 };
        snprintf(d->station, sizeof d->station, "%s", station);
        snprintf(d->name, sizeof d->name, "%s", name);
}

void desktop_table_init(struct desktop_table *t) {
        memset(t, 0, sizeof *t);
        builtin(t, DESKTOP_DEFAULT, "", "Default");
        builtin(t, DESKTOP_WINLOGON, "WinSta0", "Winlogon");
        t->input = DESKTOP_DEFAULT;
}

uint32_t desktop_name_error(const char *name) {
        /* Wine's server answers an empty name STATUS_INVALID_HANDLE and a path
         * STATUS_OBJECT_PATH_SYNTAX_BAD; a name of MAX_PATH or more is
         * ERROR_FILENAME_EXCED_RANGE, as here one that does not fit the table. */
        if (!name[0])
                return ERROR_INVALID_HANDLE;
        if (strchr(name, '\\'))
                return ERROR_BAD_PATHNAME;
        if (strlen(name) >= S0H_DESKTOP_NAME_MAX)
                return ERROR_FILENAME_EXCED_RANGE;
        return 0;
}

uint32_t desktop_find(const struct desktop_table *t, const char *station, const char *name) {
        if (strcasecmp(name, "Default") == 0)
                return DESKTOP_DEFAULT;
        for (uint32_t i = 1; i <= DESKTOPS_MAX; i++) {
                const struct desktop *d = &t->slots[i];
                if (d->used && strcasecmp(d->station, station) == 0 && strcasecmp(d->name, name) == 0)
                        return i;
        }
        return 0;
}

int desktop_create(struct desktop_table *t, const char *station, const char *name, uint32_t *ret_slot) {
        uint32_t free_slot = 0, created = 0;
        for (uint32_t i = 1; i <= DESKTOPS_MAX; i++) {
                const struct desktop *d = &t->slots[i];
                if (!d->used) {
                        if (!free_slot)
                                free_slot = i;
                } else if (!d->builtin && strcasecmp(d->station, station) == 0)
                        created++;
        }
        if (created >= S0H_DESKTOPS_STATION_MAX)
                return -EDQUOT;
        if (!free_slot)
                return -ENOSPC;
        struct desktop *d = &t->slots[free_slot];
        uint16_t gen = (uint16_t) (d->gen % 0x7fff + 1);
        *d = (struct desktop){ .used = true, .gen = gen };
        snprintf(d->station, sizeof d->station, "%s", station);
        snprintf(d->name, sizeof d->name, "%s", name);
        *ret_slot = free_slot;
        return 0;
}

uint64_t desktop_id(const struct desktop_table *t, uint32_t slot) {
        return ((uint64_t) t->slots[slot].gen << 16) | slot;
}

uint32_t desktop_slot(const struct desktop_table *t, uint64_t id) {
        uint64_t slot = id & 0xffff, gen = id >> 16;
        if (slot == 0 || slot > DESKTOPS_MAX || !t->slots[slot].used || t->slots[slot].gen != gen)
                return 0;
        return (uint32_t) slot;
}

static struct desktop_hold *find_hold(struct desktop_table *t, pid_t pid, uint32_t slot) {
        for (uint32_t i = 0; i < DESKTOP_HOLDS_MAX; i++)
                if (t->holds[i].pid == pid && t->holds[i].desktop == slot)
                        return &t->holds[i];
        return NULL;
}

int desktop_hold(struct desktop_table *t, pid_t pid, uint32_t slot) {
        struct desktop_hold *h = find_hold(t, pid, slot);
        if (!h) {
                h = find_hold(t, 0, 0);
                if (!h)
                        return -ENOSPC;
                *h = (struct desktop_hold){ .pid = pid, .desktop = slot };
        }
        h->count++;
        t->slots[slot].handles++;
        return 0;
}

int desktop_release(struct desktop_table *t, pid_t pid, uint32_t slot) {
        struct desktop_hold *h = find_hold(t, pid, slot);
        if (!h)
                return -ENOENT;
        t->slots[slot].handles--;
        if (--h->count == 0)
                *h = (struct desktop_hold){ 0 };
        return 0;
}

bool desktop_held_by(const struct desktop_table *t, pid_t pid, uint32_t slot) {
        return find_hold((struct desktop_table *) t, pid, slot) != NULL;
}

void desktop_release_all(struct desktop_table *t, pid_t pid) {
        for (uint32_t i = 0; i < DESKTOP_HOLDS_MAX; i++) {
                struct desktop_hold *h = &t->holds[i];
                if (h->pid != pid)
                        continue;
                t->slots[h->desktop].handles -= h->count;
                *h = (struct desktop_hold){ 0 };
        }
}

bool desktop_gc(struct desktop_table *t, uint32_t slot) {
        struct desktop *d = &t->slots[slot];
        if (slot == 0 || slot > DESKTOPS_MAX || !d->used || d->builtin || d->handles || d->threads || d->windows ||
            slot == t->input)
                return false;
        uint16_t gen = d->gen;
        *d = (struct desktop){ .gen = gen }; /* the next desktop in this slot gets the next generation */
        return true;
}
