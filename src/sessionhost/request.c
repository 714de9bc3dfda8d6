/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The host's request handlers. Every message here has passed s0h_msg_validate().
 * Windows are visible only inside this host (this session), and found, enumerated and
 * reached only from a thread of their desktop (host_same_desktop); a value naming no
 * live window here is ERROR_INVALID_WINDOW_HANDLE and is audited, since no
 * well-behaved program in the session could have obtained it.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <session0/protocol.h>
#include <session0/session0.h>

#include "host.h"
#include "shared/doorbell.h"

#define ERROR_ACCESS_DENIED 5
#define ERROR_NOT_ENOUGH_MEMORY 8
#define ERROR_INVALID_PARAMETER 87
#define ERROR_MESSAGE_SYNC_ONLY 1159
#define ERROR_INVALID_WINDOW_HANDLE 1400
#define ERROR_INVALID_THREAD_ID 1444
#define ERROR_TIMEOUT 1460
#define ERROR_NOT_ENOUGH_QUOTA 1816
#define ERROR_CANNOT_FIND_WND_CLASS 1407
#define WM_SETTEXT 0x000C
#define WM_GETTEXT 0x000D
#define WM_COPYDATA 0x004A

void host_reply(struct host *h, struct host_conn *c, uint32_t type, uint32_t cookie, int32_t error,
                const struct s0h_msg *fill) {
        struct s0h_msg m;
        if (fill)
                m = *fill;
        else
                memset(&m, 0, sizeof m);
        m.type = type;
        m.cookie = cookie;
        m.error = error;
        m.data_len = 0;
        (void) host_send(h, c, &m, sizeof m);
}

void host_audit(struct host *h, uint32_t kind, const char *target, int32_t result) {
        /* Best effort: a refusal is refused whether or not the journal takes it. */
        if (!h->audit && s0_client_open(h->runtime_dir, &h->audit) < 0)
                return;
        if (s0_audit_report(h->audit, kind, h->session, target, result) < 0) {
                s0_client_close(h->audit);
                h->audit = NULL;
        }
}

void host_audit_refusal(struct host *h, struct host_conn *c, const char *what, uint64_t hwnd, int32_t error) {
        char target[160];
        (void) snprintf(target, sizeof target, "%s (pid %d): %s 0x%llx", c->exe, (int) c->pid, what, (unsigned long long) hwnd);
        host_audit(h, S0_EVENT_WINDOW, target, error);
}

struct host_conn *host_conn_by_tid(struct host *h, uint32_t tid) {
        for (unsigned i = 0; i < HOST_CONNS_MAX; i++)
                if (h->conns[i] && h->conns[i]->hello && h->conns[i]->tid == tid)
                        return h->conns[i];
        return NULL;
}

/* ---- the posted-message quota: the thread's doorbell counts its host queue and its
 * channels together (channel.c) ---------------------------------------------------- */

static void posted_sub(struct host_conn *c, uint32_t n) {
        if (c->db)
                s0h_doorbell_posted_sub(c->db, n);
}

int host_queue_post(struct host *h, struct host_conn *r, const struct queued_msg *q) {
        (void) h;
        if (r->db && !s0h_doorbell_posted_add(r->db))
                return -ENOSPC;
        int k = queue_push(&r->queue, S0H_QUEUE_MAX, q);
        if (k < 0)
                posted_sub(r, 1);
        return k;
}

/* ---- windows --------------------------------------------------------------------- */

static bool is_visible_toplevel(const struct s0h_msg *m) {
        return m->parent == 0 && (m->flags & 0x10000000u /* WS_VISIBLE */);
}

static void handle_create(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        struct window w = { .owner = c->id, .pid = c->pid, .tid = c->tid, .parent = m->parent, .style = m->flags,
                            .il = c->il, .desktop = c->desktop };
        struct s0h_msg rep = { 0 };

        if (m->parent && m->parent != S0H_HWND_MESSAGE) {
                struct window *p = window_get(&h->windows, m->parent);
                if (!p) {
                        host_audit_refusal(h, c, "parent", m->parent, ERROR_INVALID_WINDOW_HANDLE);
                        host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_WINDOW_HANDLE, NULL);
                        return;
                }
                if (!host_same_desktop(c, p)) { /* a child is on its parent's desktop */
                        host_audit_refusal(h, c, "parent on another desktop", m->parent, ERROR_ACCESS_DENIED);
                        host_reply(h, c, S0H_ERROR, m->cookie, ERROR_ACCESS_DENIED, NULL);
                        return;
                }
        }
        memcpy(w.cls, m->cls, sizeof w.cls);
        memcpy(w.title, m->title, sizeof w.title);
        if (window_add(&h->windows, &w, &rep.hwnd) < 0) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_NOT_ENOUGH_MEMORY, NULL);
                return;
        }
        host_wintab_set(h, rep.hwnd, true);
        host_desktop_window_added(h, w.desktop);
        if (h->session == 0 && is_visible_toplevel(m)) {
                /* Nobody can see session 0's desktop: tell the journal (s0-ui0detect). */
                char target[sizeof c->exe + S0H_TITLE_MAX + 64];
                /* who, as the kernel told us at connect (the event's own pid and uid are ours) */
                (void) snprintf(target, sizeof target, "%s (pid %d, uid %u): window '%s'", c->exe, (int) c->pid,
                                (unsigned) c->uid, m->title); /* cut to fit */
                host_audit(h, S0_EVENT_UI0, target, 0);
        }
        host_reply(h, c, S0H_OK, m->cookie, 0, &rep);
}

static void destroy_window(struct host *h, uint64_t hwnd) {
        struct window *w = window_get(&h->windows, hwnd);
        if (!w)
                return;
        struct host_conn *owner = host_conn_by_id(h, w->owner);
        if (owner)
                posted_sub(owner, queue_drop_hwnd(&owner->queue, hwnd));
        if (w->wts_count)
                host_wts_window_gone(h, w);
        host_wintab_set(h, hwnd, false);
        uint32_t desktop = w->desktop;
        window_remove(&h->windows, hwnd);
        host_desktop_window_gone(h, desktop);
        /* its children go with it */
        for (struct window *k = window_next(&h->windows, 0); k; k = window_next(&h->windows, window_hwnd(&h->windows, k)))
                if (k->parent == hwnd)
                        destroy_window(h, window_hwnd(&h->windows, k));
}

static void handle_destroy(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        struct window *w = window_get(&h->windows, m->hwnd);
        if (!w) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_WINDOW_HANDLE, NULL);
                return;
        }
        if (w->pid != c->pid) { /* Windows: only the owner thread's process destroys it */
                host_audit_refusal(h, c, "DestroyWindow", m->hwnd, ERROR_ACCESS_DENIED);
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_ACCESS_DENIED, NULL);
                return;
        }
        destroy_window(h, m->hwnd);
        host_reply(h, c, S0H_OK, m->cookie, 0, NULL);
}

static void handle_find(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        struct s0h_msg rep = { 0 };
        if (m->hwnd && !window_get(&h->windows, m->hwnd)) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_WINDOW_HANDLE, NULL);
                return;
        }
        for (struct window *w = window_next(&h->windows, m->hwnd); w;
             w = window_next(&h->windows, window_hwnd(&h->windows, w))) {
                if (w->parent != m->parent || !host_same_desktop(c, w))
                        continue;
                /* class names and titles compare case-insensitively, as on Windows */
                if (m->cls[0] && strcasecmp(w->cls, m->cls) != 0)
                        continue;
                if ((m->flags & 1u) && strcasecmp(w->title, m->title) != 0)
                        continue;
                rep.hwnd = window_hwnd(&h->windows, w);
                break;
        }
        host_reply(h, c, rep.hwnd ? S0H_OK : S0H_ERROR, m->cookie, rep.hwnd ? 0 : 2 /* ERROR_FILE_NOT_FOUND */, &rep);
}

static void handle_enum(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        _Alignas(struct s0h_msg) uint8_t buf[sizeof(struct s0h_msg) + S0H_ENUM_MAX * 8] = { 0 };
        struct s0h_msg *rep = (struct s0h_msg *) buf;
        uint64_t hwnds[S0H_ENUM_MAX];
        uint32_t n = 0;
        for (struct window *w = window_next(&h->windows, 0); w && n < S0H_ENUM_MAX;
             w = window_next(&h->windows, window_hwnd(&h->windows, w)))
                if (w->parent == 0 && host_same_desktop(c, w)) /* top-level only; message-only windows are not enumerated */
                        hwnds[n++] = window_hwnd(&h->windows, w);
        rep->type = S0H_OK;
        rep->cookie = m->cookie;
        rep->data_len = n * 8;
        memcpy(rep->data, hwnds, (size_t) n * 8);
        (void) host_send(h, c, buf, sizeof *rep + n * 8);
}

static void handle_info(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        struct window *w = window_get(&h->windows, m->hwnd);
        struct s0h_msg rep = { 0 };
        if (!w) {
                if (m->flags == 0 && m->hwnd) /* IsWindow probes (flags 1) and NULL are not refusals */
                        host_audit_refusal(h, c, "window", m->hwnd, ERROR_INVALID_WINDOW_HANDLE);
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_WINDOW_HANDLE, NULL);
                return;
        }
        rep.hwnd = m->hwnd;
        rep.parent = w->parent;
        rep.pid = (uint32_t) w->pid;
        rep.tid = w->tid;
        rep.flags = w->style;
        memcpy(rep.cls, w->cls, sizeof rep.cls);
        memcpy(rep.title, w->title, sizeof rep.title);
        host_reply(h, c, S0H_OK, m->cookie, 0, &rep);
}

static void handle_set_text(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        struct window *w = window_get(&h->windows, m->hwnd);
        if (!w || w->owner != c->id) {
                /* another thread's window is changed by sending it WM_SETTEXT, not here */
                host_reply(h, c, S0H_ERROR, m->cookie, w ? ERROR_ACCESS_DENIED : ERROR_INVALID_WINDOW_HANDLE, NULL);
                return;
        }
        memcpy(w->title, m->title, sizeof w->title);
        host_reply(h, c, S0H_OK, m->cookie, 0, NULL);
}

/* ---- messages -------------------------------------------------------------------- */

static struct host_tx **tx_find(struct host *h, bool (*pred)(const struct host_tx *, const void *), const void *arg) {
        for (struct host_tx **p = &h->txs; *p; p = &(*p)->next)
                if (pred(*p, arg))
                        return p;
        return NULL;
}

void host_tx_free(struct host_tx **p) {
        struct host_tx *t = *p;
        *p = t->next;
        free(t->m);
        free(t);
}

static void handle_send(struct host *h, struct host_conn *c, const struct s0h_msg *m, size_t n) {
        struct window *w = window_get(&h->windows, m->hwnd);
        struct host_conn *r;
        struct host_tx *t;

        if (!w || !(r = host_conn_by_id(h, w->owner))) {
                host_audit_refusal(h, c, "SendMessage to", m->hwnd, ERROR_INVALID_WINDOW_HANDLE);
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_WINDOW_HANDLE, NULL);
                return;
        }
        if (!host_same_desktop(c, w)) {
                host_audit_refusal(h, c, "SendMessage to another desktop's", m->hwnd, ERROR_ACCESS_DENIED);
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_ACCESS_DENIED, NULL);
                return;
        }
        if (!uipi_allows(c->il, c->console, w, m->msg)) {
                host_audit_refusal(h, c, "UIPI: SendMessage to", m->hwnd, ERROR_ACCESS_DENIED);
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_ACCESS_DENIED, NULL);
                return;
        }
        if ((m->flags & S0H_SEND_ABORTIFHUNG) && !host_conn_waits(r) && host_now_ms() - host_conn_last_get(r) > HOST_HUNG_MS) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_TIMEOUT, NULL);
                return;
        }
        t = calloc(1, sizeof *t);
        if (t)
                t->m = malloc(n);
        if (!t || !t->m) {
                free(t);
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_NOT_ENOUGH_MEMORY, NULL);
                return;
        }
        memcpy(t->m, m, n);
        t->m_size = n;
        t->id = ++h->next_tx_id;
        t->m->type = S0H_INCOMING;
        t->m->txid = t->id;
        t->m->pid = (uint32_t) c->pid; /* InSendMessageEx and friends: who sent it */
        t->m->tid = c->tid;
        t->receiver = r->id;
        if (m->flags & S0H_SEND_NOTIFY)
                host_reply(h, c, S0H_OK, m->cookie, 0, NULL);
        else {
                t->sender = c->id;
                t->cookie = m->cookie;
                c->sending++;
        }
        host_tx_append(h, t);
        /* WH_CALLWNDPROC hooks of other processes see it before the receiver does */
        if (!hook_callwndproc(h, r, t))
                host_pump(h, r);
}

void host_tx_append(struct host *h, struct host_tx *t) {
        struct host_tx **p = &h->txs; /* FIFO: appended at the end */
        while (*p)
                p = &(*p)->next;
        t->next = NULL;
        *p = t;
}

struct reply_key {
        uint64_t txid, receiver;
};
static bool tx_is_reply(const struct host_tx *t, const void *arg) {
        const struct reply_key *k = arg;
        return t->id == k->txid && t->receiver == k->receiver && t->delivered;
}

static void handle_reply(struct host *h, struct host_conn *c, const struct s0h_msg *m, size_t n) {
        struct reply_key k = { m->txid, c->id };
        struct host_tx **p = tx_find(h, tx_is_reply, &k);
        if (!p)
                return; /* a stale or forged answer: nobody waits for it */
        if ((*p)->is_hook) {
                struct host_tx *t = *p;
                *p = t->next; /* detached: the chain may append new hook calls */
                if (c->incoming)
                        c->incoming--;
                hook_reply(h, t, m);
                free(t->m);
                free(t);
                host_pump(h, c);
                return;
        }
        /* detached: the hooks told below may change the list around it */
        struct host_tx *t = *p;
        *p = t->next;
        struct host_conn *s = host_conn_by_id(h, t->sender);
        if (s) {
                struct s0h_msg *rep = (struct s0h_msg *) h->buf; /* m lives in h->buf: edited in place */
                (void) rep;
                struct s0h_msg out;
                memcpy(&out, m, sizeof out);
                out.type = S0H_RESULT;
                out.cookie = t->cookie;
                out.error = 0;
                /* the payload (WM_GETTEXT's text) follows the header in the same buffer */
                struct iovec iov[2] = { { &out, sizeof out }, { (void *) m->data, m->data_len } };
                struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };
                if (sendmsg(s->fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
                        (void) shutdown(s->fd, SHUT_RDWR);
                s->sending--;
        }
        /* WH_CALLWNDPROCRET hooks of other processes see the result; the sender has it already */
        hook_callwndprocret(h, c, t, m->result);
        free(t->m);
        free(t);
        if (c->incoming)
                c->incoming--;
        host_pump(h, c);
        if (s)
                host_pump(h, s);
        (void) n;
}

struct cancel_key {
        uint64_t sender;
        uint32_t cookie;
};
static bool tx_is_cancelled(const struct host_tx *t, const void *arg) {
        const struct cancel_key *k = arg;
        return t->sender == k->sender && t->cookie == k->cookie;
}

static void handle_cancel(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        struct cancel_key k = { c->id, m->cookie };
        struct host_tx **p = tx_find(h, tx_is_cancelled, &k);
        if (!p)
                return;
        c->sending--;
        if ((*p)->delivered)
                (*p)->sender = 0; /* the receiver is on it; its answer goes nowhere */
        else
                host_tx_free(p);
}

static bool is_pointer_message(uint32_t msg) {
        return msg == WM_SETTEXT || msg == WM_GETTEXT || msg == WM_COPYDATA;
}

static void handle_post(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        struct queued_msg q = { .hwnd = m->hwnd, .msg = m->msg, .wparam = m->wparam, .lparam = m->lparam };
        struct host_conn *r;
        int k;

        if (is_pointer_message(m->msg)) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_MESSAGE_SYNC_ONLY, NULL);
                return;
        }
        if (m->hwnd) {
                struct window *w = window_get(&h->windows, m->hwnd);
                if (!w || !(r = host_conn_by_id(h, w->owner))) {
                        host_audit_refusal(h, c, "PostMessage to", m->hwnd, ERROR_INVALID_WINDOW_HANDLE);
                        host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_WINDOW_HANDLE, NULL);
                        return;
                }
                if (!host_same_desktop(c, w)) {
                        host_audit_refusal(h, c, "PostMessage to another desktop's", m->hwnd, ERROR_ACCESS_DENIED);
                        host_reply(h, c, S0H_ERROR, m->cookie, ERROR_ACCESS_DENIED, NULL);
                        return;
                }
                if (!uipi_allows(c->il, c->console, w, m->msg)) {
                        host_audit_refusal(h, c, "UIPI: PostMessage to", m->hwnd, ERROR_ACCESS_DENIED);
                        host_reply(h, c, S0H_ERROR, m->cookie, ERROR_ACCESS_DENIED, NULL);
                        return;
                }
        } else if (!(r = host_conn_by_tid(h, m->tid))) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_THREAD_ID, NULL);
                return;
        } else if (r->desktop != c->desktop && !(c->uid == 0 && r->uid == c->uid)) {
                /* PostThreadMessage: "a thread that belongs to a process with the same LUID
                 * but is in a different desktop" needs SE_TCB_NAME (root here); otherwise
                 * ERROR_INVALID_THREAD_ID. */
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_THREAD_ID, NULL);
                return;
        } else if (c->il < r->il && !(c->console && r->il == S0H_IL_SYSTEM)) {
                host_audit_refusal(h, c, "UIPI: PostThreadMessage to thread", r->tid, ERROR_ACCESS_DENIED);
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_ACCESS_DENIED, NULL);
                return;
        }
        k = host_queue_post(h, r, &q);
        if (k < 0) {
                host_reply(h, c, S0H_ERROR, m->cookie, k == -ENOSPC ? ERROR_NOT_ENOUGH_QUOTA : ERROR_NOT_ENOUGH_MEMORY,
                           NULL);
                return;
        }
        host_reply(h, c, S0H_OK, m->cookie, 0, NULL);
        host_pump(h, r);
}

static void handle_get(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        c->waiting_get = true;
        c->get_cookie = m->cookie;
        c->get_flags = m->flags;
        c->get_hwnd = m->hwnd;
        c->get_min = m->filter_min;
        c->get_max = m->filter_max;
        c->get_deadline_ms = m->timeout_ms == UINT32_MAX ? -1 : host_now_ms() + m->timeout_ms;
        c->last_get_ms = host_now_ms();
        host_pump(h, c);
        if (c->waiting_get && m->timeout_ms == 0 && !c->hook_busy) { /* busy: hooks have a message for it */
                c->waiting_get = false;
                struct s0h_msg rep = { .result = c->queue.count }; /* messages the filter left */
                host_reply(h, c, S0H_NONE, m->cookie, 0, &rep);
        }
}

static bool tx_pending_for(const struct host_tx *t, const void *arg) {
        return t->receiver == *(const uint64_t *) arg && !t->delivered && !t->held;
}

void host_pump(struct host *h, struct host_conn *c) {
        /* Sent messages first, whenever the thread waits in GET or in its own SEND. */
        bool sent_only = c->waiting_get && (c->get_flags & S0H_GET_SENT_ONLY);
        while ((c->waiting_get || c->sending) && c->incoming < HOST_INCOMING_MAX) {
                struct host_tx **p = tx_find(h, tx_pending_for, &c->id);
                if (!p)
                        break;
                struct host_tx *t = *p;
                t->m->cookie = c->waiting_get ? c->get_cookie : 0;
                c->waiting_get = false;
                c->last_get_ms = host_now_ms();
                if (host_send(h, c, t->m, t->m_size) < 0)
                        return;
                if (t->m->flags & S0H_SEND_NOTIFY) {
                        host_tx_free(p); /* nobody waits for its answer */
                        continue;
                }
                t->delivered = true;
                c->incoming++;
        }
        if (c->waiting_get && !c->hook_busy && !sent_only) {
                struct queued_msg q;
                bool got = false;
                if (c->hooked_ready) {
                        /* back from the WH_GETMESSAGE hooks, as they left it; this is the
                         * same GetMessage call (a GET that found it busy waited for it) */
                        q = c->hooked_msg;
                        c->hooked_ready = false;
                        got = true;
                } else if (queue_take(&c->queue, c->get_hwnd, c->get_min, c->get_max, c->get_flags & S0H_GET_REMOVE,
                                      &q)) {
                        if (c->get_flags & S0H_GET_REMOVE)
                                posted_sub(c, 1);
                        got = !hook_getmessage(h, c, &q);
                }
                if (got) {
                        /* result: what is left, so a thread on the fast path knows to ask again */
                        struct s0h_msg rep = { .hwnd = q.hwnd, .msg = q.msg, .wparam = q.wparam, .lparam = q.lparam,
                                               .result = c->queue.count };
                        c->waiting_get = false;
                        c->last_get_ms = host_now_ms();
                        host_reply(h, c, S0H_MESSAGE, c->get_cookie, 0, &rep);
                }
        }
        /* A thread that waits on its doorbell, not here, is told to come and GET it. */
        if (!c->waiting_get && !c->sending &&
            (c->queue.count || c->hooked_ready || tx_find(h, tx_pending_for, &c->id)))
                host_ring(h, c);
}

void host_conn_gone(struct host *h, struct host_conn *c) {
        struct host_tx *orphans = NULL;
        hook_conn_gone(h, c);
        host_channels_conn_gone(h, c);
        /* Its windows vanish (also after kill -9: the socket closes with the process). */
        for (struct window *w = window_next(&h->windows, 0); w; w = window_next(&h->windows, window_hwnd(&h->windows, w)))
                if (w->owner == c->id)
                        destroy_window(h, window_hwnd(&h->windows, w));
        /* Senders waiting on it fail at once instead of hanging; its own sends are orphaned. */
        for (struct host_tx **p = &h->txs; *p;) {
                struct host_tx *t = *p;
                if (t->receiver == c->id && t->is_hook) {
                        /* a hook call to a dead thread: the chain goes on without it, below */
                        *p = t->next;
                        t->next = orphans;
                        orphans = t;
                        continue;
                }
                if (t->receiver == c->id) {
                        struct host_conn *s = host_conn_by_id(h, t->sender);
                        if (s) {
                                s->sending--;
                                host_reply(h, s, S0H_ERROR, t->cookie, ERROR_INVALID_WINDOW_HANDLE, NULL);
                        }
                        host_tx_free(p);
                        continue;
                }
                if (t->sender == c->id)
                        t->sender = 0;
                p = &t->next;
        }
        while (orphans) {
                struct host_tx *t = orphans;
                orphans = t->next;
                hook_reply(h, t, NULL);
                free(t->m);
                free(t);
        }
}

static void handle_register_msg(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        struct s0h_msg rep = { 0 };
        unsigned i;
        if (!m->title[0]) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_PARAMETER, NULL);
                return;
        }
        for (i = 0; i < (sizeof h->atoms / sizeof h->atoms[0]) && h->atoms[i]; i++)
                if (strcasecmp(h->atoms[i], m->title) == 0)
                        break;
        if (i == (sizeof h->atoms / sizeof h->atoms[0])) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_NOT_ENOUGH_MEMORY, NULL);
                return;
        }
        if (!h->atoms[i] && !(h->atoms[i] = strdup(m->title))) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_NOT_ENOUGH_MEMORY, NULL);
                return;
        }
        rep.result = 0xC000 + (int64_t) i;
        host_reply(h, c, S0H_OK, m->cookie, 0, &rep);
}

/* ChangeWindowMessageFilterEx: only the window's own process changes its filter. */
static void handle_filter(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        struct window *w = window_get(&h->windows, m->hwnd);
        uint32_t i;
        if (!w) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_WINDOW_HANDLE, NULL);
                return;
        }
        if (w->pid != c->pid) {
                host_audit_refusal(h, c, "ChangeWindowMessageFilterEx on", m->hwnd, ERROR_ACCESS_DENIED);
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_ACCESS_DENIED, NULL);
                return;
        }
        for (i = 0; i < w->n_allowed && w->allowed[i] != m->msg; i++)
                ;
        switch (m->flags) {
        case 0: /* MSGFLT_RESET */
                w->n_allowed = 0;
                break;
        case 1: /* MSGFLT_ALLOW */
                if (i == w->n_allowed) {
                        if (w->n_allowed == S0H_FILTER_MAX) {
                                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_NOT_ENOUGH_MEMORY, NULL);
                                return;
                        }
                        w->allowed[w->n_allowed++] = m->msg;
                }
                break;
        case 2: /* MSGFLT_DISALLOW */
                if (i < w->n_allowed)
                        w->allowed[i] = w->allowed[--w->n_allowed];
                break;
        default:
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_PARAMETER, NULL);
                return;
        }
        host_reply(h, c, S0H_OK, m->cookie, 0, NULL);
}

bool host_tid_of_pid(pid_t pid, uint32_t tid) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/task/%u", (int) pid, (unsigned) tid);
        return access(path, F_OK) == 0;
}

void host_dispatch(struct host *h, struct host_conn *c, const struct s0h_msg *m, size_t n) {
        if (!c->hello && m->type != S0H_HELLO) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_PARAMETER, NULL);
                return;
        }
        switch (m->type) {
        case S0H_HELLO: {
                struct s0h_msg rep = { .result = h->session, .pid = (uint32_t) c->pid };
                /* The thread id is the client's word, so it is checked against the kernel:
                 * it must be a thread of the connecting process. */
                if (c->hello || m->msg != S0H_PROTOCOL_VERSION || !host_tid_of_pid(c->pid, m->tid)) {
                        host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_PARAMETER, NULL);
                        return;
                }
                c->hello = true;
                c->tid = m->tid;
                /* the fast path's fds: its doorbell and eventfd, the table of live HWNDs;
                 * without them (no memory) the thread does everything through the host */
                if (!(m->flags & S0H_HELLO_NO_FAST) && host_conn_shm_init(c) == 0 && h->wintab_fd >= 0) {
                        int fds[3] = { c->db_fd, c->efd, h->wintab_fd };
                        rep.type = S0H_OK;
                        rep.cookie = m->cookie;
                        (void) host_send_fds(h, c, &rep, sizeof rep, fds, 3);
                        return;
                }
                host_conn_shm_free(c);
                host_reply(h, c, S0H_OK, m->cookie, 0, &rep);
                return;
        }
        case S0H_CREATE: handle_create(h, c, m); return;
        case S0H_DESTROY: handle_destroy(h, c, m); return;
        case S0H_FIND: handle_find(h, c, m); return;
        case S0H_ENUM: handle_enum(h, c, m); return;
        case S0H_INFO: handle_info(h, c, m); return;
        case S0H_SET_TEXT: handle_set_text(h, c, m); return;
        case S0H_SEND: handle_send(h, c, m, n); return;
        case S0H_POST: handle_post(h, c, m); return;
        case S0H_GET: handle_get(h, c, m); return;
        case S0H_REPLY: handle_reply(h, c, m, n); return;
        case S0H_CANCEL: handle_cancel(h, c, m); return;
        case S0H_REGISTER_MSG: handle_register_msg(h, c, m); return;
        case S0H_FILTER: handle_filter(h, c, m); return;
        case S0H_STATION: host_station(h, c, m); return;
        case S0H_WTS_REGISTER: host_wts_register(h, c, m); return;
        case S0H_WTS_UNREGISTER: host_wts_unregister(h, c, m); return;
        case S0H_BROADCAST: host_broadcast(h, c, m); return;
        case S0H_WINLIST: host_winlist(h, c, m); return;
        case S0H_HOOK_SET: hook_handle_set(h, c, m); return;
        case S0H_HOOK_UNSET: hook_handle_unset(h, c, m); return;
        case S0H_CHANNEL: host_channel(h, c, m); return;
        default: host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_PARAMETER, NULL); return;
        }
}
