/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * WTSRegisterSessionNotification and WM_WTSSESSION_CHANGE. session0d records every
 * session change (logon, logoff, connect, disconnect, lock, unlock) in its audit
 * journal, in the order they happen; while at least one window of this session is
 * registered, the host follows that journal -- with the same client code as s0-scm
 * (shared/changefollow.c) -- and posts WM_WTSSESSION_CHANGE (wParam = the WTS_* code,
 * lParam = the session id) to every registered window: NOTIFY_FOR_THIS_SESSION windows
 * hear only of this session, NOTIFY_FOR_ALL_SESSIONS windows of every session (Windows
 * asks no privilege for that, and neither do we: the journal tells who logged on where,
 * which WTSEnumerateSessions tells anyone anyway).
 *
 * Exactly once, in order: each change is one journal event with a sequence number; the
 * host remembers the next number it expects and, when session0d restarts, subscribes
 * again from there. Posted into the owner thread's bounded queue: a thread whose queue
 * is full (10,000) loses that notification, as it would lose any posted message.
 */
#include <stdio.h>
#include <string.h>

#include <session0/session0.h>

#include "host.h"

#define ERROR_ACCESS_DENIED 5
#define ERROR_INVALID_PARAMETER 87
#define ERROR_INVALID_WINDOW_HANDLE 1400
#define RPC_S_INVALID_BINDING 1702 /* Windows: "called before Remote Desktop Services started" */
#define WM_WTSSESSION_CHANGE 0x02B1
#define NOTIFY_FOR_ALL_SESSIONS 1u
#define HOST_CHANGES_RETRY_MS 200u /* session0d away (restarting): try again this often */

static void audit_refusal(struct host *h, struct host_conn *c, const char *what, uint64_t hwnd, int32_t error) {
        char target[160];
        (void) snprintf(target, sizeof target, "%s (pid %d): %s 0x%llx", c->exe, (int) c->pid, what,
                        (unsigned long long) hwnd);
        host_audit(h, S0_EVENT_WINDOW, target, error);
}

/* The window a (un)registration names, if the caller may change it; else replies. */
static struct window *own_window(struct host *h, struct host_conn *c, const struct s0h_msg *m, const char *what) {
        struct window *w = window_get(&h->windows, m->hwnd);
        if (!w) {
                audit_refusal(h, c, what, m->hwnd, ERROR_INVALID_WINDOW_HANDLE);
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_WINDOW_HANDLE, NULL);
                return NULL;
        }
        /* Only the window's process: another must not make it receive messages it never
         * asked for (project choice; Windows does not document the case). */
        if (w->pid != c->pid) {
                audit_refusal(h, c, what, m->hwnd, ERROR_ACCESS_DENIED);
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_ACCESS_DENIED, NULL);
                return NULL;
        }
        return w;
}

/* One window fewer is registered: with none left, nobody needs the journal. */
static void registration_ended(struct host *h) {
        if (h->wts_windows && --h->wts_windows == 0)
                change_follower_stop(&h->changes);
}

void host_wts_register(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        struct window *w = own_window(h, c, m, "WTSRegisterSessionNotification on");
        int r;

        if (!w)
                return;
        if (m->flags > NOTIFY_FOR_ALL_SESSIONS) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_PARAMETER, NULL);
                return;
        }
        if (w->wts_count == UINT32_MAX) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_PARAMETER, NULL);
                return;
        }
        if (h->wts_windows == 0) {
                /* Subscribed before we answer: every change after the caller's
                 * WTSRegisterSessionNotification returned is one it hears of. */
                h->changes.runtime_dir = h->runtime_dir;
                h->changes.retry_ms = HOST_CHANGES_RETRY_MS;
                r = change_follower_start(&h->changes);
                if (r < 0) {
                        /* session0d cannot be followed now: the caller is told, as Windows
                         * tells a caller that came before its services were up */
                        change_follower_stop(&h->changes);
                        fprintf(stderr, "s0-sessionhost: cannot follow session0d's session changes: %s\n",
                                strerror(-r));
                        host_reply(h, c, S0H_ERROR, m->cookie, RPC_S_INVALID_BINDING, NULL);
                        return;
                }
        }
        if (w->wts_count++ == 0) {
                w->wts_all = m->flags == NOTIFY_FOR_ALL_SESSIONS; /* a second registration's flags are ignored */
                h->wts_windows++;
        }
        host_reply(h, c, S0H_OK, m->cookie, 0, NULL);
}

void host_wts_unregister(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        struct window *w = own_window(h, c, m, "WTSUnRegisterSessionNotification on");

        if (!w)
                return;
        if (w->wts_count == 0) { /* nothing to end (project choice: Windows does not say) */
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_PARAMETER, NULL);
                return;
        }
        if (--w->wts_count == 0)
                registration_ended(h);
        host_reply(h, c, S0H_OK, m->cookie, 0, NULL);
}

void host_wts_window_gone(struct host *h, struct window *w) {
        if (!w->wts_count)
                return;
        w->wts_count = 0;
        registration_ended(h);
}

static void on_change(void *userdata, uint32_t code, uint32_t session, uint64_t seq) {
        struct host *h = userdata;

        for (struct window *w = window_next(&h->windows, 0); w; w = window_next(&h->windows, window_hwnd(&h->windows, w))) {
                struct queued_msg q = { .hwnd = window_hwnd(&h->windows, w), .msg = WM_WTSSESSION_CHANGE,
                                        .wparam = code, .lparam = session };
                struct host_conn *owner;

                if (!w->wts_count || (!w->wts_all && session != h->session))
                        continue;
                owner = host_conn_by_id(h, w->owner);
                if (!owner)
                        continue;
                /* a full queue loses it, as any posted message: we never block on a client */
                if (host_queue_post(h, owner, &q) == 0)
                        host_pump(h, owner);
        }
        (void) seq;
}

void host_wts_changes(struct host *h) {
        int r = change_follower_read(&h->changes, on_change, h);

        if (r < 0 && !h->changes_warned) {
                h->changes_warned = true;
                fprintf(stderr, "s0-sessionhost: session0d's session changes: %s; following again every %u ms\n",
                        strerror(-r), HOST_CHANGES_RETRY_MS);
        }
        if (r == 0 && h->changes.gap)
                fprintf(stderr, "s0-sessionhost: some session changes were lost before event %llu\n",
                        (unsigned long long) h->changes.next_seq);
}

int host_wts_timer(struct host *h) {
        bool resumed;
        int t = change_follower_timer(&h->changes, &resumed);

        if (resumed)
                h->changes_warned = false;
        return t;
}
