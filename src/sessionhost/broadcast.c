/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * HWND_BROADCAST and BroadcastSystemMessage. The recipients are the top-level windows
 * of this host on the caller's desktop -- never message-only windows or child
 * windows (Windows: "top-level windows only"), and never another session's: those are
 * in another host, which this one cannot reach. UIPI applies to each recipient and a
 * window the sender may not reach is skipped silently, as on Windows: the broadcast
 * itself succeeds.
 *
 * A posted broadcast is queued here for every recipient in one step. A sent one
 * (SendMessage, SendNotifyMessage, BroadcastSystemMessage without BSF_POSTMESSAGE) is
 * sent by the caller to each window of the list this gives it, as separate SendMessages:
 * that reuses the transactions, marshalling and nested sends of request.c, and a
 * window of the caller's own thread gets its direct call.
 */
#include <errno.h>
#include <string.h>

#include "host.h"

#define ERROR_MESSAGE_SYNC_ONLY 1159
#define WM_SETTEXT 0x000C
#define WM_GETTEXT 0x000D
#define WM_COPYDATA 0x004A

static bool is_recipient(struct host *h, struct host_conn *c, const struct window *w, const struct s0h_msg *m) {
        if (w->parent != 0) /* children and message-only windows (parent HWND_MESSAGE) */
                return false;
        if (!host_same_desktop(c, w)) /* the caller's desktop only */
                return false;
        if ((m->flags & S0H_BCAST_SKIP_OWN) && w->pid == c->pid)
                return false;
        if (!host_conn_by_id(h, w->owner))
                return false;
        return uipi_allows(c->il, c->console, w, m->msg); /* silently skipped otherwise */
}

static void broadcast_post(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        struct s0h_msg rep = { 0 };

        if (m->msg == WM_SETTEXT || m->msg == WM_GETTEXT || m->msg == WM_COPYDATA) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_MESSAGE_SYNC_ONLY, NULL);
                return;
        }
        for (struct window *w = window_next(&h->windows, 0); w; w = window_next(&h->windows, window_hwnd(&h->windows, w))) {
                struct queued_msg q = { .hwnd = window_hwnd(&h->windows, w), .msg = m->msg, .wparam = m->wparam,
                                        .lparam = m->lparam };
                struct host_conn *r;

                if (!is_recipient(h, c, w, m))
                        continue;
                r = host_conn_by_id(h, w->owner);
                /* a full queue misses it: a broadcast never fails for one recipient */
                if (host_queue_post(h, r, &q) < 0)
                        continue;
                rep.result++;
                host_pump(h, r);
        }
        host_reply(h, c, S0H_OK, m->cookie, 0, &rep);
}

static void broadcast_list(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        _Alignas(struct s0h_msg) uint8_t buf[sizeof(struct s0h_msg) + S0H_ENUM_MAX * 8] = { 0 };
        struct s0h_msg *rep = (struct s0h_msg *) buf;
        uint64_t hwnds[S0H_ENUM_MAX], last = m->hwnd;
        uint32_t n = 0;
        struct window *w;

        /* the after-value is a position, not a window: it may have been destroyed */
        for (w = window_next(&h->windows, m->hwnd); w && n < S0H_ENUM_MAX;
             w = window_next(&h->windows, window_hwnd(&h->windows, w))) {
                last = window_hwnd(&h->windows, w);
                if (is_recipient(h, c, w, m))
                        hwnds[n++] = last;
        }
        rep->type = S0H_OK;
        rep->cookie = m->cookie;
        rep->hwnd = last;
        rep->result = w != NULL; /* stopped with a page full: more may follow */
        rep->data_len = n * 8;
        memcpy(rep->data, hwnds, (size_t) n * 8);
        (void) host_send(h, c, buf, sizeof *rep + n * 8);
}

void host_broadcast(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        if (m->flags & S0H_BCAST_POST)
                broadcast_post(h, c, m);
        else
                broadcast_list(h, c, m);
}
