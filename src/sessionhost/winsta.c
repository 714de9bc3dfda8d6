/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Window stations and desktops (SEMANTICS.md section 5). A user session has the
 * interactive WinSta0 with the desktops Default and Winlogon; session 0 has a
 * non-interactive WinSta0 (the legacy console user's, and LocalSystem's) and one
 * non-interactive station per service account, named from the account as Windows names
 * it from the logon session: root Service-0x0-3e7$, s0-localservice Service-0x0-3e5$,
 * s0-networkservice Service-0x0-3e4$, another account Service-0x0-<uid hex>$, each with
 * a Default desktop. A process sees and opens only its own station (root also WinSta0);
 * other sessions' stations do not exist here at all. The caller's station is derived
 * from its uid and cgroup leaf, never from a message.
 *
 * Desktops (desktop.c holds the table): Default (every station's, see desktop.h),
 * WinSta0's Winlogon, and those made by CreateDesktop in the creator's station. A
 * thread is on one desktop (Default until SetThreadDesktop), its windows are made
 * there, and it sees and reaches only windows of its desktop (host_same_desktop). A
 * created desktop lives while a process holds a handle to it, a thread is on it, a
 * window is on it or it is the input desktop.
 */
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <session0/protocol.h>

#include "host.h"

#define ERROR_FILE_NOT_FOUND 2
#define ERROR_ACCESS_DENIED 5
#define ERROR_INVALID_HANDLE 6
#define ERROR_NOT_ENOUGH_MEMORY 8
#define ERROR_INVALID_PARAMETER 87
#define ERROR_BUSY 170

static void own_station(const struct host *h, const struct host_conn *c, char *buf, size_t size) {
        if (h->session != 0 || c->console) {
                snprintf(buf, size, "WinSta0");
                return;
        }
        unsigned luid = (unsigned) c->uid;
        struct passwd pw, *res = NULL;
        char tmp[1024];
        if (c->uid == 0)
                luid = 0x3e7;
        else if (getpwuid_r(c->uid, &pw, tmp, sizeof tmp, &res) == 0 && res) {
                if (strcmp(res->pw_name, "s0-localservice") == 0)
                        luid = 0x3e5;
                else if (strcmp(res->pw_name, "s0-networkservice") == 0)
                        luid = 0x3e4;
        }
        snprintf(buf, size, "Service-0x0-%x$", luid);
}

void host_conn_station(const struct host *h, const struct host_conn *c, char *buf, size_t size) {
        own_station(h, c, buf, size);
}

static bool station_exists(const struct host *h, const char *name) {
        if (strcasecmp(name, "WinSta0") == 0)
                return true;
        return h->session == 0 && strncasecmp(name, "Service-0x0-", 12) == 0 && name[strlen(name) - 1] == '$';
}

static bool may_open(const struct host *h, const struct host_conn *c, const char *name) {
        char own[64];
        own_station(h, c, own, sizeof own);
        if (strcasecmp(name, own) == 0)
                return true;
        return h->session == 0 && c->uid == 0 && strcasecmp(name, "WinSta0") == 0; /* LocalSystem */
}

static void refuse(struct host *h, struct host_conn *c, const struct s0h_msg *m, const char *what, uint32_t error) {
        char target[sizeof c->exe + S0H_CLASS_MAX + S0H_TITLE_MAX + 64]; /* the journal keeps the first 127 */
        (void) snprintf(target, sizeof target, "%s (pid %d): %s '%s%s%s'", c->exe, (int) c->pid, what, m->cls,
                        m->title[0] ? "\\" : "", m->title);
        if (error == ERROR_ACCESS_DENIED)
                host_audit(h, S0_EVENT_WINDOW, target, (int32_t) error);
        host_reply(h, c, S0H_ERROR, m->cookie, (int32_t) error, NULL);
}

static void reply_names(struct host *h, struct host_conn *c, uint32_t cookie, const char *const *names, size_t n) {
        _Alignas(struct s0h_msg) uint8_t buf[S0H_MSG_SIZE_MAX] = { 0 };
        struct s0h_msg *rep = (struct s0h_msg *) buf;
        size_t used = 0;
        for (size_t i = 0; i < n; i++) {
                size_t l = strlen(names[i]) + 1;
                if (used + l > S0H_DATA_MAX)
                        break;
                memcpy(rep->data + used, names[i], l);
                used += l;
        }
        rep->type = S0H_OK;
        rep->cookie = cookie;
        rep->data_len = (uint32_t) used;
        (void) host_send(h, c, buf, sizeof *rep + used);
}

bool host_same_desktop(const struct host_conn *c, const struct window *w) {
        return c->desktop == w->desktop;
}

static void desktop_reply(struct host *h, struct host_conn *c, uint32_t cookie, uint32_t slot, int64_t result) {
        struct s0h_msg rep = { .hwnd = desktop_id(&h->desktops, slot), .result = result };
        snprintf(rep.title, sizeof rep.title, "%s", h->desktops.slots[slot].name);
        host_reply(h, c, S0H_OK, cookie, 0, &rep);
}

/* A handle of c's process to slot (the built-in desktops are not counted: never freed). */
static int hold(struct host *h, struct host_conn *c, uint32_t slot) {
        return h->desktops.slots[slot].builtin ? 0 : desktop_hold(&h->desktops, c->pid, slot);
}

/* The desktop an id from c names, if c's process holds a handle to it; 0 otherwise. */
static uint32_t held_slot(struct host *h, struct host_conn *c, uint64_t id) {
        uint32_t slot = desktop_slot(&h->desktops, id);
        if (!slot)
                return 0;
        if (!h->desktops.slots[slot].builtin && !desktop_held_by(&h->desktops, c->pid, slot))
                return 0;
        return slot;
}

/* OpenDesktop / CreateDesktop of an existing one: the Winlogon rule, then a handle. */
static void desktop_open_slot(struct host *h, struct host_conn *c, const struct s0h_msg *m, uint32_t slot,
                              int64_t result) {
        if (slot == DESKTOP_WINLOGON && c->uid != 0) { /* the secure desktop: LocalSystem's only */
                refuse(h, c, m, "desktop", ERROR_ACCESS_DENIED);
                return;
        }
        if (hold(h, c, slot) < 0) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_NOT_ENOUGH_MEMORY, NULL);
                return;
        }
        desktop_reply(h, c, m->cookie, slot, result);
}

static void desktop_create_op(struct host *h, struct host_conn *c, const struct s0h_msg *m, const char *own) {
        uint32_t e = desktop_name_error(m->title), slot;
        if (e) {
                host_reply(h, c, S0H_ERROR, m->cookie, (int32_t) e, NULL);
                return;
        }
        /* "If the specified desktop already exists, the function succeeds and returns a
         * handle to the existing desktop." */
        slot = desktop_find(&h->desktops, own, m->title);
        if (slot) {
                desktop_open_slot(h, c, m, slot, 1);
                return;
        }
        if (desktop_create(&h->desktops, own, m->title, &slot) < 0) {
                /* the cap per station, or the table: Windows runs out of desktop heap */
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_NOT_ENOUGH_MEMORY, NULL);
                return;
        }
        if (hold(h, c, slot) < 0) {
                (void) desktop_gc(&h->desktops, slot);
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_NOT_ENOUGH_MEMORY, NULL);
                return;
        }
        desktop_reply(h, c, m->cookie, slot, 0);
}

static bool thread_busy(struct host *h, const struct host_conn *c) {
        for (struct window *w = window_next(&h->windows, 0); w; w = window_next(&h->windows, window_hwnd(&h->windows, w)))
                if (w->owner == c->id)
                        return true;
        for (unsigned i = 0; i < S0H_HOOKS_DESKTOP_MAX; i++)
                if (h->hooks.slots[i].used && h->hooks.slots[i].owner == c->id)
                        return true;
        return false;
}

static void desktop_set_thread(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        uint32_t slot = held_slot(h, c, m->hwnd), old = c->desktop;
        if (!slot) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_HANDLE, NULL);
                return;
        }
        if (slot == old) {
                host_reply(h, c, S0H_OK, m->cookie, 0, NULL);
                return;
        }
        /* "SetThreadDesktop will fail if the calling thread has any windows or hooks on
         * its current desktop" -- ERROR_BUSY, as Windows (and Wine) answer. */
        if (thread_busy(h, c)) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_BUSY, NULL);
                return;
        }
        h->desktops.slots[slot].threads++;
        h->desktops.slots[old].threads--;
        c->desktop = slot;
        /* its channels were granted for its old desktop: messages cross no desktop */
        host_channels_revoke(h, c);
        (void) desktop_gc(&h->desktops, old);
        host_reply(h, c, S0H_OK, m->cookie, 0, NULL);
}

/* The input desktop is WinSta0's, in a user session: session 0 has no display. */
static bool has_input(const struct host *h, const char *own) {
        return h->session != 0 && strcasecmp(own, "WinSta0") == 0;
}

static void desktop_switch(struct host *h, struct host_conn *c, const struct s0h_msg *m, const char *own) {
        uint32_t slot = held_slot(h, c, m->hwnd), old = h->desktops.input;
        if (!slot) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_HANDLE, NULL);
                return;
        }
        if (!has_input(h, own) || (slot == DESKTOP_WINLOGON && c->uid != 0)) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_ACCESS_DENIED, NULL);
                return;
        }
        h->desktops.input = slot;
        (void) desktop_gc(&h->desktops, old);
        host_reply(h, c, S0H_OK, m->cookie, 0, NULL);
}

static void desktop_close(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        uint32_t slot = desktop_slot(&h->desktops, m->hwnd);
        if (!slot || (!h->desktops.slots[slot].builtin && desktop_release(&h->desktops, c->pid, slot) < 0)) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_HANDLE, NULL);
                return;
        }
        (void) desktop_gc(&h->desktops, slot);
        host_reply(h, c, S0H_OK, m->cookie, 0, NULL);
}

static void desktop_enum(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        const char *names[2 + DESKTOPS_MAX];
        size_t n = 0;
        names[n++] = "Default";
        if (strcasecmp(m->cls, "WinSta0") == 0)
                names[n++] = "Winlogon";
        for (uint32_t i = 1; i <= DESKTOPS_MAX; i++) {
                const struct desktop *d = &h->desktops.slots[i];
                if (d->used && !d->builtin && strcasecmp(d->station, m->cls) == 0)
                        names[n++] = d->name;
        }
        reply_names(h, c, m->cookie, names, n);
}

void host_desktop_window_added(struct host *h, uint32_t d) {
        h->desktops.slots[d].windows++;
}

void host_desktop_window_gone(struct host *h, uint32_t d) {
        h->desktops.slots[d].windows--;
        (void) desktop_gc(&h->desktops, d);
}

void host_desktop_conn_gone(struct host *h, struct host_conn *c) {
        h->desktops.slots[c->desktop].threads--;
        (void) desktop_gc(&h->desktops, c->desktop);
        /* A process's handles are the library's; the host sees them go with the last
         * connection of the process (its threads that used USER are gone). */
        for (unsigned i = 0; i < HOST_CONNS_MAX; i++)
                if (h->conns[i] && h->conns[i] != c && h->conns[i]->pid == c->pid)
                        return;
        desktop_release_all(&h->desktops, c->pid);
        for (uint32_t i = 1; i <= DESKTOPS_MAX; i++)
                (void) desktop_gc(&h->desktops, i);
}

void host_station(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        char own[64];
        own_station(h, c, own, sizeof own);

        switch (m->msg) {
        case S0H_STATION_OWN:
        case S0H_DESKTOP_CREATE:
        case S0H_DESKTOP_CLOSE:
        case S0H_DESKTOP_SET_THREAD:
        case S0H_DESKTOP_SWITCH:
        case S0H_DESKTOP_INPUT:
                break;
        case S0H_STATION_ENUM: {
                const char *names[2] = { own, "WinSta0" };
                reply_names(h, c, m->cookie, names, h->session == 0 && c->uid == 0 && strcmp(own, "WinSta0") ? 2 : 1);
                return;
        }
        case S0H_STATION_OPEN:
        case S0H_DESKTOP_ENUM:
        case S0H_DESKTOP_OPEN:
                if (!station_exists(h, m->cls)) {
                        refuse(h, c, m, m->msg == S0H_DESKTOP_OPEN ? "desktop" : "window station", ERROR_FILE_NOT_FOUND);
                        return;
                }
                if (!may_open(h, c, m->cls)) {
                        refuse(h, c, m, m->msg == S0H_DESKTOP_OPEN ? "desktop" : "window station", ERROR_ACCESS_DENIED);
                        return;
                }
                break;
        default:
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_PARAMETER, NULL);
                return;
        }

        switch (m->msg) {
        case S0H_STATION_OWN: {
                struct s0h_msg rep = { .hwnd = desktop_id(&h->desktops, c->desktop) };
                snprintf(rep.cls, sizeof rep.cls, "%s", own);
                snprintf(rep.title, sizeof rep.title, "%s", h->desktops.slots[c->desktop].name);
                host_reply(h, c, S0H_OK, m->cookie, 0, &rep);
                return;
        }
        case S0H_STATION_OPEN:
                host_reply(h, c, S0H_OK, m->cookie, 0, NULL);
                return;
        case S0H_DESKTOP_ENUM:
                desktop_enum(h, c, m);
                return;
        case S0H_DESKTOP_OPEN: {
                uint32_t e = desktop_name_error(m->title);
                uint32_t slot = e ? 0 : desktop_find(&h->desktops, m->cls, m->title);
                if (e) {
                        host_reply(h, c, S0H_ERROR, m->cookie, (int32_t) e, NULL);
                        return;
                }
                if (!slot) {
                        refuse(h, c, m, "desktop", ERROR_FILE_NOT_FOUND);
                        return;
                }
                desktop_open_slot(h, c, m, slot, 0);
                return;
        }
        case S0H_DESKTOP_CREATE:
                desktop_create_op(h, c, m, own);
                return;
        case S0H_DESKTOP_CLOSE:
                desktop_close(h, c, m);
                return;
        case S0H_DESKTOP_SET_THREAD:
                desktop_set_thread(h, c, m);
                return;
        case S0H_DESKTOP_SWITCH:
                desktop_switch(h, c, m, own);
                return;
        case S0H_DESKTOP_INPUT:
                if (!has_input(h, own) || (h->desktops.input == DESKTOP_WINLOGON && c->uid != 0)) {
                        host_reply(h, c, S0H_ERROR, m->cookie, ERROR_ACCESS_DENIED, NULL);
                        return;
                }
                if (hold(h, c, h->desktops.input) < 0) {
                        host_reply(h, c, S0H_ERROR, m->cookie, ERROR_NOT_ENOUGH_MEMORY, NULL);
                        return;
                }
                desktop_reply(h, c, m->cookie, h->desktops.input, 0);
                return;
        }
}
