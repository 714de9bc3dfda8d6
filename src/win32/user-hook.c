/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Hooks: SetWindowsHookEx, UnhookWindowsHookEx, CallNextHookEx.
 *
 * The session host keeps every hook (it bounds them and answers for the handles), but
 * a procedure runs where its code is: in this process. Two cases:
 *  - the hooked thread is one of ours (the caller's own thread, another thread of this
 *    process, or any of ours for a desktop-wide hook): this library calls the
 *    procedure in the hooked thread, as Windows does, and CallNextHookEx calls the next
 *    of our hooks directly;
 *  - the hooked thread is another process's: the host sends the message to the thread
 *    that installed the hook (a hook call, S0H_SEND_HOOK) while that thread waits for
 *    messages, and goes on with what the procedure leaves; CallNextHookEx then only
 *    tells the host to go on with the next hook (it returns 0).
 * See src/sessionhost/hook.c and docs/WINDOWS.md "Hooks".
 */
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "user.h"
#include "win32.h"

#define WH_MIN (-1) /* WH_MSGFILTER */
#define WH_MAX 14   /* WH_MOUSE_LL */

struct local_hook {
        bool used;
        uint64_t handle;  /* the host's HHOOK value; it grows with installation order */
        int type;
        uint32_t target;  /* 0: desktop-wide */
        uint32_t owner;   /* the installing thread: the hook ends with it */
        uint64_t desktop; /* the installing thread's (user_thread_desktop_id): a hook sees its desktop only */
        HOOKPROC proc;
};

/* This process's hooks (its share of the host's table), for the calls made here. */
static struct {
        pthread_mutex_t lock;
        struct local_hook hooks[S0H_HOOKS_PROCESS_MAX];
} user_hooks = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* The chain a hook procedure of this thread is running in, for CallNextHookEx. */
struct hook_ctx {
        int type;
        uint32_t tid;        /* the hooked thread */
        struct local_hook cur;
        bool remote;         /* called by the host: CallNextHookEx only sets next_called */
        bool next_called;
        struct hook_ctx *outer;
};
static _Thread_local struct hook_ctx *hook_current;

static bool applies(const struct local_hook *k, int type, uint32_t tid, uint64_t desktop) {
        return k->used && k->type == type && (k->target == 0 || k->target == tid) && k->desktop == desktop;
}

/* Chain order as in the host: thread hooks before desktop-wide ones, newest first. */
static bool before(const struct local_hook *a, const struct local_hook *b) {
        if ((a->target == 0) != (b->target == 0))
                return a->target != 0;
        return a->handle > b->handle;
}

/* The next of our hooks of the chain after `after` (NULL: the first); false if none. */
static bool local_next(int type, uint32_t tid, const struct local_hook *after, struct local_hook *ret) {
        const struct local_hook *best = NULL;
        uint64_t desktop = user_thread_desktop_id(); /* the hooked thread's: it runs the chain */
        pthread_mutex_lock(&user_hooks.lock);
        for (unsigned i = 0; i < S0H_HOOKS_PROCESS_MAX; i++) {
                const struct local_hook *k = &user_hooks.hooks[i];
                if (!applies(k, type, tid, desktop) || (after && !before(after, k)))
                        continue;
                if (!best || before(k, best))
                        best = k;
        }
        if (best)
                *ret = *best;
        pthread_mutex_unlock(&user_hooks.lock);
        return best != NULL;
}

static bool local_find(uint64_t handle, struct local_hook *ret) {
        bool found = false;
        pthread_mutex_lock(&user_hooks.lock);
        for (unsigned i = 0; i < S0H_HOOKS_PROCESS_MAX && !found; i++)
                if (user_hooks.hooks[i].used && user_hooks.hooks[i].handle == handle) {
                        *ret = user_hooks.hooks[i];
                        found = true;
                }
        pthread_mutex_unlock(&user_hooks.lock);
        return found;
}

static LRESULT run_hook(struct hook_ctx *ctx, WPARAM w, LPARAM l) {
        ctx->outer = hook_current;
        hook_current = ctx;
        LRESULT r = ctx->cur.proc(HC_ACTION, w, l);
        hook_current = ctx->outer;
        return r;
}

/* Runs our chain for thread tid from its first hook; 0 if there is none. */
static LRESULT run_local_chain(int type, uint32_t tid, WPARAM w, LPARAM l) {
        struct hook_ctx ctx = { .type = type, .tid = tid };
        if (!local_next(type, tid, NULL, &ctx.cur))
                return 0;
        return run_hook(&ctx, w, l);
}

WINUSERAPI LRESULT WINAPI CallNextHookEx(HHOOK hhk, int code, WPARAM w, LPARAM l) {
        struct hook_ctx *ctx = hook_current;
        (void) hhk; /* ignored since Windows NT: the chain position is the thread's */
        (void) code;
        if (!ctx)
                return 0;
        if (ctx->remote) {
                ctx->next_called = true; /* the host calls the next hook when we return */
                return 0;
        }
        struct hook_ctx next = { .type = ctx->type, .tid = ctx->tid };
        if (!local_next(ctx->type, ctx->tid, &ctx->cur, &next.cur))
                return 0;
        return run_hook(&next, w, l);
}

void user_hook_getmessage(uint32_t tid, MSG *m, bool remove) {
        (void) run_local_chain(WH_GETMESSAGE, tid, remove ? PM_REMOVE : PM_NOREMOVE, (LPARAM) m);
}

void user_hook_callwndproc(uint32_t tid, HWND hwnd, UINT msg, WPARAM w, LPARAM l, bool from_current_process) {
        CWPSTRUCT cwp = { .lParam = l, .wParam = w, .message = msg, .hwnd = hwnd };
        (void) run_local_chain(WH_CALLWNDPROC, tid, from_current_process, (LPARAM) &cwp);
}

void user_hook_callwndprocret(uint32_t tid, HWND hwnd, UINT msg, WPARAM w, LPARAM l, LRESULT r,
                              bool from_current_process) {
        CWPRETSTRUCT cwr = { .lResult = r, .lParam = l, .wParam = w, .message = msg, .hwnd = hwnd };
        (void) run_local_chain(WH_CALLWNDPROCRET, tid, from_current_process, (LPARAM) &cwr);
}

void user_hook_incoming(struct user_thread *t, const struct s0h_msg *in) {
        struct s0h_msg rep = { .type = S0H_REPLY, .txid = in->txid, .hwnd = in->hwnd, .msg = in->msg,
                               .wparam = in->wparam, .lparam = in->lparam };
        struct hook_ctx ctx = { .type = (int) (int32_t) in->filter_min, .remote = true };
        WCHAR text[S0H_DATA_MAX / 2 + 1];
        COPYDATASTRUCT cds;
        LPARAM l = (LPARAM) in->lparam;

        if (!local_find(in->parent, &ctx.cur)) {
                /* unhooked while the call was on its way: pass the message on */
                rep.flags = S0H_REPLY_HOOK_NEXT;
                (void) send(t->fd, &rep, sizeof rep, MSG_NOSIGNAL);
                return;
        }
        /* A sent pointer message arrives marshalled, as for the window: lParam points at
         * our copy (valid during the call). */
        if (in->data_kind == S0H_DATA_COPYDATA) {
                cds = (COPYDATASTRUCT){ .dwData = (ULONG_PTR) in->lparam, .cbData = in->data_len,
                                        .lpData = in->data_len ? (PVOID) in->data : NULL };
                l = (LPARAM) &cds;
        } else if (in->data_kind == S0H_DATA_TEXT) {
                memcpy(text, in->data, in->data_len);
                text[in->data_len / 2] = 0;
                l = (LPARAM) text;
        }
        switch (ctx.type) {
        case WH_GETMESSAGE: {
                MSG m = { .hwnd = (HWND) (uintptr_t) in->hwnd, .message = in->msg, .wParam = (WPARAM) in->wparam,
                          .lParam = (LPARAM) in->lparam };
                rep.result = run_hook(&ctx, (WPARAM) in->filter_max, (LPARAM) &m);
                /* what the hook left is what the hooked thread gets */
                rep.hwnd = (uint64_t) (uintptr_t) m.hwnd;
                rep.msg = m.message;
                rep.wparam = m.wParam;
                rep.lparam = m.lParam;
                break;
        }
        case WH_CALLWNDPROC: {
                CWPSTRUCT cwp = { .lParam = l, .wParam = (WPARAM) in->wparam, .message = in->msg,
                                  .hwnd = (HWND) (uintptr_t) in->hwnd };
                rep.result = run_hook(&ctx, (WPARAM) in->filter_max, (LPARAM) &cwp);
                break;
        }
        case WH_CALLWNDPROCRET: {
                CWPRETSTRUCT cwr = { .lResult = (LRESULT) in->result, .lParam = l, .wParam = (WPARAM) in->wparam,
                                     .message = in->msg, .hwnd = (HWND) (uintptr_t) in->hwnd };
                rep.result = run_hook(&ctx, (WPARAM) in->filter_max, (LPARAM) &cwr);
                break;
        }
        default:
                ctx.next_called = true; /* a type the host does not call: never here */
                break;
        }
        if (ctx.next_called)
                rep.flags = S0H_REPLY_HOOK_NEXT;
        /* a lost reply is a lost connection: the host then goes on without this hook */
        (void) send(t->fd, &rep, sizeof rep, MSG_NOSIGNAL);
}

WINUSERAPI HHOOK WINAPI SetWindowsHookExW(int type, HOOKPROC proc, HINSTANCE hmod, DWORD tid) {
        struct s0h_msg req = { .type = S0H_HOOK_SET, .filter_min = (uint32_t) type, .tid = tid }, rep;
        struct user_thread *t;
        uint32_t e;
        (void) hmod; /* no DLL is loaded anywhere: the procedure runs in this process */
        if (type < WH_MIN || type > WH_MAX)
                return (HHOOK) (uintptr_t) s0_win32_fail(ERROR_INVALID_HOOK_FILTER);
        if (!proc)
                return (HHOOK) (uintptr_t) s0_win32_fail(ERROR_INVALID_FILTER_PROC);
        e = user_thread_get(&t);
        if (!e)
                e = user_call(&req, sizeof req, &rep, UINT32_MAX);
        if (e)
                return (HHOOK) (uintptr_t) s0_win32_fail(e);
        pthread_mutex_lock(&user_hooks.lock);
        struct local_hook *slot = NULL;
        for (unsigned i = 0; i < S0H_HOOKS_PROCESS_MAX && !slot; i++)
                if (!user_hooks.hooks[i].used)
                        slot = &user_hooks.hooks[i];
        if (slot)
                *slot = (struct local_hook){ .used = true, .handle = rep.hwnd, .type = type, .target = tid,
                                              .owner = t->tid, .proc = proc,
                                              .desktop = user_thread_desktop_id() };
        pthread_mutex_unlock(&user_hooks.lock);
        if (!slot) { /* the host bounds us at the same number: cannot happen, but stay consistent */
                struct s0h_msg un = { .type = S0H_HOOK_UNSET, .hwnd = rep.hwnd };
                (void) user_call(&un, sizeof un, &rep, UINT32_MAX);
                return (HHOOK) (uintptr_t) s0_win32_fail(ERROR_NO_MORE_USER_HANDLES);
        }
        return (HHOOK) (uintptr_t) slot->handle;
}

WINUSERAPI HHOOK WINAPI SetWindowsHookExA(int type, HOOKPROC proc, HINSTANCE hmod, DWORD tid) {
        return SetWindowsHookExW(type, proc, hmod, tid); /* no text crosses a hook here */
}

WINUSERAPI BOOL WINAPI UnhookWindowsHookEx(HHOOK hhk) {
        struct s0h_msg req = { .type = S0H_HOOK_UNSET, .hwnd = (uint64_t) (uintptr_t) hhk }, rep;
        struct user_thread *t;
        uint32_t e = hhk ? user_thread_get(&t) : ERROR_INVALID_HOOK_HANDLE;
        if (!e)
                e = user_call(&req, sizeof req, &rep, UINT32_MAX);
        /* the host knows no such hook: our copy goes too, whatever it was */
        if (!e || e == ERROR_INVALID_HOOK_HANDLE) {
                pthread_mutex_lock(&user_hooks.lock);
                for (unsigned i = 0; i < S0H_HOOKS_PROCESS_MAX; i++)
                        if (user_hooks.hooks[i].used && user_hooks.hooks[i].handle == (uint64_t) (uintptr_t) hhk)
                                user_hooks.hooks[i] = (struct local_hook){ 0 };
                pthread_mutex_unlock(&user_hooks.lock);
        }
        return e ? s0_win32_fail(e) : TRUE;
}

void user_hook_thread_gone(uint32_t tid) {
        /* the host removes them when the thread's connection closes; so do we */
        pthread_mutex_lock(&user_hooks.lock);
        for (unsigned i = 0; i < S0H_HOOKS_PROCESS_MAX; i++)
                if (user_hooks.hooks[i].used && user_hooks.hooks[i].owner == tid)
                        user_hooks.hooks[i] = (struct local_hook){ 0 };
        pthread_mutex_unlock(&user_hooks.lock);
}
