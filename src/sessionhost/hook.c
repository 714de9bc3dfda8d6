/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Hooks (SetWindowsHookEx) in the session host.
 *
 * Windows runs a hook procedure in the hooked thread, loading the hook's DLL into every
 * process the hook reaches. Linux has no such injection, so a hook procedure runs in
 * its own process, in the thread that installed it (the way Windows runs low-level
 * hooks): when a hooked thread is about to get a message, the host hands the message to
 * the hook's thread as a hook call (an INCOMING with S0H_SEND_HOOK), waits for its REPLY
 * and goes on with what the hook left (WH_GETMESSAGE may change it) -- to the next hook
 * if the procedure called CallNextHookEx, else to the hooked thread. The hook's thread
 * must therefore be waiting for messages (GetMessage, PeekMessage, SendMessage), as
 * with WH_KEYBOARD_LL on Windows.
 *
 * Hooks of the hooked thread's own process are not called from here: that process has
 * the procedure and runs it in the hooked thread itself (src/win32/user-hook.c), as
 * Windows does.
 *
 * The hook table is this host's, so a hook reaches only threads of this session, and
 * of its installer's desktop (chain_next): a thread id of another session names no
 * thread here. UIPI: a hook
 * reaches a thread only if the installer's integrity level is at least the thread's
 * (legacy session 0's console user reaches the services, as on XP).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <session0/protocol.h>

#include "host.h"

#define ERROR_ACCESS_DENIED 5
#define ERROR_NOT_SUPPORTED 50
#define ERROR_INVALID_PARAMETER 87
#define ERROR_NO_MORE_USER_HANDLES 1158
#define ERROR_INVALID_HOOK_HANDLE 1404
#define ERROR_INVALID_HOOK_FILTER 1426
#define ERROR_GLOBAL_ONLY_HOOK 1429
#define WH_MIN (-1) /* WH_MSGFILTER */
#define WH_MAX 14   /* WH_MOUSE_LL */
#define PM_REMOVE 1

static bool type_supported(int32_t type) {
        switch (type) {
        case HOOK_WH_MSGFILTER:
        case HOOK_WH_GETMESSAGE:
        case HOOK_WH_CALLWNDPROC:
        case HOOK_WH_SYSMSGFILTER:
        case HOOK_WH_CALLWNDPROCRET:
                return true;
        default:
                return false;
        }
}

/* May an installer of level il (console: the legacy console user) reach a thread of level target? */
static bool level_reaches(uint32_t il, bool console, uint32_t target) {
        return il >= target || (console && target == S0H_IL_SYSTEM);
}

void hook_handle_set(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        int32_t type = (int32_t) m->filter_min;
        struct hook k = { .owner = c->id, .pid = c->pid, .owner_tid = c->tid, .type = type, .target = m->tid,
                          .il = c->il, .console = c->console, .desktop = c->desktop };
        struct s0h_msg rep = { 0 };
        int r;

        if (type < WH_MIN || type > WH_MAX) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_HOOK_FILTER, NULL);
                return;
        }
        if (!type_supported(type)) { /* keyboard, mouse, journal, CBT, shell: no such events here */
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_NOT_SUPPORTED, NULL);
                return;
        }
        if (type == HOOK_WH_SYSMSGFILTER && m->tid) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_GLOBAL_ONLY_HOOK, NULL);
                return;
        }
        if (m->tid) {
                struct host_conn *t = host_conn_by_tid(h, m->tid);
                /* A thread of the caller's own process may be hooked before it first uses
                 * USER; any other thread must be one this host knows: a thread of another
                 * session never is, and no program of this session could have learnt its
                 * id from here, so the refusal is audited. 87 is what Windows gives for a
                 * thread id that names no thread: ReactOS' NtUserSetWindowsHookEx
                 * (win32ss/user/ntuser/hook.c, IntTID2PTI failing) sets it, and Wine's
                 * set_hook fails with STATUS_INVALID_CID, which is 87 as a Win32 error;
                 * Microsoft documents no code. */
                if (!t && !host_tid_of_pid(c->pid, m->tid)) {
                        host_audit_refusal(h, c, "SetWindowsHookEx on thread", m->tid, ERROR_INVALID_PARAMETER);
                        host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_PARAMETER, NULL);
                        return;
                }
                if (t && t->pid != c->pid && !level_reaches(c->il, c->console, t->il)) {
                        host_audit_refusal(h, c, "UIPI: SetWindowsHookEx on thread", m->tid, ERROR_ACCESS_DENIED);
                        host_reply(h, c, S0H_ERROR, m->cookie, ERROR_ACCESS_DENIED, NULL);
                        return;
                }
        }
        r = hook_add(&h->hooks, &k);
        if (r < 0) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_NO_MORE_USER_HANDLES, NULL);
                return;
        }
        rep.hwnd = k.handle;
        /* messages to the threads it watches must pass the host now (channel.c) */
        host_channels_revoke(h, m->tid ? host_conn_by_tid(h, m->tid) : NULL);
        host_reply(h, c, S0H_OK, m->cookie, 0, &rep);
}

bool hook_watches_remotely(struct host *h, const struct host_conn *r) {
        for (unsigned i = 0; i < S0H_HOOKS_DESKTOP_MAX; i++) {
                const struct hook *k = &h->hooks.slots[i];
                if (k->used && k->pid != r->pid && (k->target == 0 || k->target == r->tid) &&
                    (k->type == HOOK_WH_GETMESSAGE || k->type == HOOK_WH_CALLWNDPROC ||
                     k->type == HOOK_WH_CALLWNDPROCRET) &&
                    level_reaches(k->il, k->console, r->il))
                        return true;
        }
        return false;
}

void hook_handle_unset(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        struct hook *k = hook_get(&h->hooks, m->hwnd);
        /* Windows lets any thread of the installing process remove it, nobody else. */
        if (!k || k->pid != c->pid) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_HOOK_HANDLE, NULL);
                return;
        }
        hook_remove(&h->hooks, k);
        host_policy_loosened(h);
        host_reply(h, c, S0H_OK, m->cookie, 0, NULL);
}

/* The next hook of the chain after `after` that may reach r, or NULL. */
static struct hook *chain_next(struct host *h, int32_t type, const struct host_conn *r, const struct hook *after) {
        struct hook *k = hook_next(&h->hooks, type, r->tid, r->pid, after);
        /* "the hook procedure of a process running on a particular desktop can only
         * receive messages intended for windows created in the same desktop" */
        while (k && (!level_reaches(k->il, k->console, r->il) || k->desktop != r->desktop))
                k = hook_next(&h->hooks, type, r->tid, r->pid, k);
        return k;
}

/* Calls the next hook of the chain for r with the message in tmpl (an INCOMING of n
 * bytes); false if there is none (or no memory: the message then goes on unhooked). */
static bool chain_call(struct host *h, struct host_conn *r, int32_t type, const struct hook *after,
                       const struct s0h_msg *tmpl, size_t n, uint64_t held_tx, uint32_t hook_wparam) {
        struct hook *k = chain_next(h, type, r, after);
        struct host_conn *owner;
        struct host_tx *t;

        if (!k || !(owner = host_conn_by_id(h, k->owner)))
                return false;
        t = calloc(1, sizeof *t);
        if (t)
                t->m = malloc(n);
        if (!t || !t->m) {
                free(t);
                return false;
        }
        memcpy(t->m, tmpl, n);
        t->m_size = n;
        t->id = ++h->next_tx_id;
        t->m->type = S0H_INCOMING;
        t->m->txid = t->id;
        t->m->flags = S0H_SEND_HOOK;
        t->m->parent = k->handle;
        t->m->filter_min = (uint32_t) type;
        t->m->filter_max = hook_wparam;
        t->receiver = owner->id;
        t->is_hook = true;
        t->hook = *k;
        t->hooked = r->id;
        t->held_tx = held_tx;
        t->hook_deadline_ms = host_now_ms() + HOOK_TIMEOUT_MS;
        host_tx_append(h, t);
        host_pump(h, owner);
        return true;
}

bool hook_getmessage(struct host *h, struct host_conn *c, const struct queued_msg *q) {
        struct s0h_msg tmpl = { .hwnd = q->hwnd, .msg = q->msg, .wparam = q->wparam, .lparam = q->lparam };
        uint32_t remove = (c->get_flags & S0H_GET_REMOVE) ? PM_REMOVE : 0;
        if (!chain_call(h, c, HOOK_WH_GETMESSAGE, NULL, &tmpl, sizeof tmpl, 0, remove))
                return false;
        c->hook_busy = true;
        c->hooked_msg = *q;
        return true;
}

bool hook_callwndproc(struct host *h, struct host_conn *r, struct host_tx *t) {
        /* held first: the call below pumps the hook's thread, and t must not go out meanwhile;
         * the hook's wParam: nonzero if the message was sent by the current process */
        t->held = true;
        t->held = chain_call(h, r, HOOK_WH_CALLWNDPROC, NULL, t->m, t->m_size, t->id, t->m->pid == (uint32_t) r->pid);
        return t->held;
}

void hook_callwndprocret(struct host *h, struct host_conn *r, const struct host_tx *t, int64_t result) {
        struct s0h_msg *tmpl = malloc(t->m_size);
        if (!tmpl)
                return; /* the hooks miss one notification; the answer is not held up */
        memcpy(tmpl, t->m, t->m_size);
        tmpl->result = result;
        (void) chain_call(h, r, HOOK_WH_CALLWNDPROCRET, NULL, tmpl, t->m_size, 0, t->m->pid == (uint32_t) r->pid);
        free(tmpl);
}

static bool tx_has_id(uint64_t id, struct host_tx **ret, struct host *h) {
        for (struct host_tx *t = h->txs; t; t = t->next)
                if (t->id == id) {
                        *ret = t;
                        return true;
                }
        return false;
}

void hook_reply(struct host *h, struct host_tx *t, const struct s0h_msg *rep) {
        struct host_conn *r = host_conn_by_id(h, t->hooked);
        int32_t type = t->hook.type;
        struct host_tx *held;

        /* WH_GETMESSAGE may change the message; the others only look at it. */
        if (rep && type == HOOK_WH_GETMESSAGE) {
                t->m->hwnd = rep->hwnd;
                t->m->msg = rep->msg;
                t->m->wparam = rep->wparam;
                t->m->lparam = rep->lparam;
        }
        /* A hook that did not call CallNextHookEx ends the chain, as on Windows; a dead
         * hook's thread passes it on. */
        if (r && (!rep || (rep->flags & S0H_REPLY_HOOK_NEXT)) &&
            chain_call(h, r, type, &t->hook, t->m, t->m_size, t->held_tx, t->m->filter_max))
                return;
        switch (type) {
        case HOOK_WH_GETMESSAGE:
                if (r && r->hook_busy) {
                        r->hook_busy = false;
                        r->hooked_ready = true;
                        r->hooked_msg = (struct queued_msg){ .hwnd = t->m->hwnd, .msg = t->m->msg,
                                                             .wparam = t->m->wparam, .lparam = t->m->lparam };
                        host_pump(h, r);
                }
                break;
        case HOOK_WH_CALLWNDPROC:
                if (tx_has_id(t->held_tx, &held, h)) {
                        held->held = false;
                        struct host_conn *recv = host_conn_by_id(h, held->receiver);
                        if (recv)
                                host_pump(h, recv);
                }
                break;
        default:
                break;
        }
}

int hook_expire(struct host *h) {
        int64_t now = host_now_ms(), next = -1;
        for (struct host_tx **p = &h->txs; *p;) {
                struct host_tx *t = *p;
                if (!t->is_hook) {
                        p = &t->next;
                        continue;
                }
                if (t->hook_deadline_ms > now) {
                        if (next < 0 || t->hook_deadline_ms - now < next)
                                next = t->hook_deadline_ms - now;
                        p = &t->next;
                        continue;
                }
                /* Detached and ended: a late REPLY finds no transaction and is dropped. */
                *p = t->next;
                struct host_conn *owner = host_conn_by_id(h, t->receiver);
                if (owner && t->delivered && owner->incoming)
                        owner->incoming--;
                /* A thread that does not answer loses all its hooks (Windows 7 and later
                 * silently remove a low-level hook that times out): otherwise each of its
                 * hooks would hold every message up again. */
                for (unsigned i = 0; i < S0H_HOOKS_DESKTOP_MAX; i++)
                        if (h->hooks.slots[i].used && h->hooks.slots[i].owner == t->receiver)
                                hook_remove(&h->hooks, &h->hooks.slots[i]);
                host_policy_loosened(h);
                hook_reply(h, t, NULL);
                free(t->m);
                free(t);
                /* the chain may have changed the list: start over (the expired one is gone) */
                p = &h->txs;
        }
        return next < 0 ? -1 : (int) (next > 60000 ? 60000 : next);
}

void hook_conn_gone(struct host *h, struct host_conn *c) {
        /* Hooks die with the thread that installed them and with the thread they hook
         * (also after kill -9: the socket closes with the process). */
        for (unsigned i = 0; i < S0H_HOOKS_DESKTOP_MAX; i++) {
                struct hook *k = &h->hooks.slots[i];
                if (k->used && (k->owner == c->id || (k->target && k->target == c->tid))) {
                        hook_remove(&h->hooks, k);
                        host_policy_loosened(h);
                }
        }
}
