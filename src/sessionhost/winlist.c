/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * WINLIST, for `s0ctl windows`: every window of this session -- top-level, child and
 * message-only -- with its owner's pid, thread, integrity level, window station and
 * the desktop it is on. It
 * tells no more than EnumWindows, FindWindowEx(HWND_MESSAGE) and
 * GetWindowThreadProcessId already tell any process of the session, in one page per
 * S0H_WINLIST_MAX windows.
 */
#include <stdio.h>
#include <string.h>

#include "host.h"

void host_winlist(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        _Alignas(struct s0h_msg) uint8_t buf[sizeof(struct s0h_msg) + S0H_DATA_MAX] = { 0 };
        struct s0h_msg *rep = (struct s0h_msg *) buf;
        struct s0h_window_record *rec = (struct s0h_window_record *) rep->data;
        uint64_t last = m->hwnd;
        uint32_t n = 0;
        struct window *w;

        /* the after-value is a position, not a window: it may have been destroyed */
        for (w = window_next(&h->windows, m->hwnd); w && n < S0H_WINLIST_MAX;
             w = window_next(&h->windows, window_hwnd(&h->windows, w))) {
                struct host_conn *owner = host_conn_by_id(h, w->owner);
                struct s0h_window_record *r = &rec[n++];

                last = window_hwnd(&h->windows, w);
                r->hwnd = last;
                r->parent = w->parent;
                r->pid = (uint32_t) w->pid;
                r->tid = w->tid;
                r->il = w->il;
                r->style = w->style;
                memcpy(r->cls, w->cls, sizeof r->cls);
                memcpy(r->title, w->title, sizeof r->title);
                if (owner)
                        host_conn_station(h, owner, r->station, sizeof r->station);
                snprintf(r->desktop, sizeof r->desktop, "%s", h->desktops.slots[w->desktop].name);
        }
        rep->type = S0H_OK;
        rep->cookie = m->cookie;
        rep->hwnd = last;
        rep->result = w != NULL; /* stopped with a page full: more may follow */
        rep->data_len = n * (uint32_t) sizeof *rec;
        (void) host_send(h, c, buf, sizeof *rep + rep->data_len);
}
