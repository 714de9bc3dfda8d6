/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Messages: SendMessage (a window of this thread: a direct call; any other: through the
 * session host, marshalling WM_COPYDATA / WM_SETTEXT / WM_GETTEXT), PostMessage (the
 * owner thread's queue in the host, at most 10,000), GetMessage/PeekMessage (sent
 * messages first, then posted ones, then this thread's timers), DispatchMessage.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "user.h"
#include "win32.h"

#define TIMERS_MAX 64

struct user_timer {
        HWND hwnd;
        UINT_PTR id;
        UINT elapse;
        TIMERPROC proc;
        int64_t due_ms;
        bool used;
};
/* Timers belong to the thread that set them, as on Windows. */
static _Thread_local struct user_timer thread_timers[TIMERS_MAX];

static int64_t now_ms(void) {
        struct timespec ts;
        (void) clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static size_t wlen(const WCHAR *s) {
        size_t n = 0;
        while (s[n])
                n++;
        return n;
}

/* ---- sending --------------------------------------------------------------------- */

static uint32_t send_remote(HWND hwnd, UINT msg, WPARAM w, LPARAM l, uint32_t flags, uint32_t timeout,
                            LRESULT *ret) {
        _Alignas(struct s0h_msg) uint8_t reqbuf[S0H_MSG_SIZE_MAX] = { 0 };
        struct s0h_msg *req = (struct s0h_msg *) reqbuf;
        static _Thread_local _Alignas(struct s0h_msg) uint8_t repbuf[S0H_MSG_SIZE_MAX];
        struct s0h_msg *rep = (struct s0h_msg *) repbuf;
        struct user_thread *t;
        uint32_t e = user_thread_get(&t);
        if (e)
                return e;
        req->type = S0H_SEND;
        req->hwnd = (uint64_t) (uintptr_t) hwnd;
        req->msg = msg;
        req->wparam = w;
        req->lparam = l;
        req->flags = flags;
        req->timeout_ms = timeout;
        /* Pointer messages: what lParam points at travels, never the address. */
        if (msg == WM_COPYDATA) {
                const COPYDATASTRUCT *cds = (const COPYDATASTRUCT *) l;
                if (!cds || cds->cbData > S0H_DATA_MAX || (cds->cbData && !cds->lpData))
                        return ERROR_INVALID_PARAMETER;
                req->data_kind = S0H_DATA_COPYDATA;
                req->lparam = (int64_t) cds->dwData;
                req->data_len = cds->cbData;
                if (cds->cbData)
                        memcpy(req->data, cds->lpData, cds->cbData);
        } else if (msg == WM_SETTEXT) {
                size_t n = l ? wlen((const WCHAR *) l) : 0;
                if (n * 2 > S0H_DATA_MAX - 2)
                        return ERROR_INVALID_PARAMETER;
                req->data_kind = S0H_DATA_TEXT;
                req->lparam = 0;
                req->data_len = (uint32_t) (n * 2);
                if (n)
                        memcpy(req->data, (const void *) l, n * 2);
        } else if (msg == WM_GETTEXT) {
                req->data_kind = S0H_DATA_GETTEXT;
                req->lparam = 0;
        }
        e = user_call(req, sizeof *req + req->data_len, rep, timeout);
        if (e)
                return e;
        if (msg == WM_GETTEXT && w > 0 && l) {
                size_t units = rep->data_len / 2;
                if (units >= w)
                        units = w - 1;
                memcpy((WCHAR *) l, rep->data, units * 2);
                ((WCHAR *) l)[units] = 0;
                *ret = (LRESULT) units;
                return 0;
        }
        *ret = (LRESULT) rep->result;
        return 0;
}

static bool own_thread_window(HWND hwnd) {
        uint32_t tid;
        struct user_thread *t;
        return user_window_local(hwnd, NULL, &tid) && user_thread_get(&t) == 0 && tid == t->tid;
}

static LRESULT send_message(HWND hwnd, UINT msg, WPARAM w, LPARAM l, uint32_t flags, uint32_t timeout,
                            uint32_t *ret_error) {
        LRESULT r = 0;
        *ret_error = 0;
        if (!hwnd) {
                *ret_error = ERROR_INVALID_WINDOW_HANDLE;
                return 0;
        }
        if (own_thread_window(hwnd)) {
                /* no queue involved, as on Windows; only this process's hooks see it */
                struct user_thread *t;
                (void) user_thread_get(&t); /* cannot fail: own_thread_window() connected it */
                user_hook_callwndproc(t->tid, hwnd, msg, w, l, true);
                r = user_call_wndproc(hwnd, msg, w, l);
                user_hook_callwndprocret(t->tid, hwnd, msg, w, l, r, true);
                return r;
        }
        if (flags == 0 && timeout == UINT32_MAX && msg != WM_COPYDATA && msg != WM_SETTEXT && msg != WM_GETTEXT) {
                /* SendMessage: the fast path when the host granted a channel to the window's thread */
                struct user_thread *t;
                uint32_t e = user_thread_get(&t);
                if (e) {
                        *ret_error = e;
                        return 0;
                }
                int k = user_fast_send(t, hwnd, msg, w, l, &r);
                if (k != 1) {
                        *ret_error = (uint32_t) k;
                        return k ? 0 : r;
                }
        }
        *ret_error = send_remote(hwnd, msg, w, l, flags, timeout, &r);
        return r;
}

WINUSERAPI LRESULT WINAPI SendMessageW(HWND hwnd, UINT msg, WPARAM w, LPARAM l) {
        uint32_t e;
        if (hwnd == HWND_BROADCAST) { /* user-broadcast.c; the result means nothing then */
                e = user_broadcast_sendmsg(msg, w, l, false, 0, UINT32_MAX);
                if (e)
                        SetLastError(e);
                return e ? 0 : 1;
        }
        LRESULT r = send_message(hwnd, msg, w, l, 0, UINT32_MAX, &e);
        if (e)
                SetLastError(e);
        return r;
}

WINUSERAPI LRESULT WINAPI SendMessageTimeoutW(HWND hwnd, UINT msg, WPARAM w, LPARAM l, UINT flags, UINT timeout,
                                              PDWORD_PTR result) {
        uint32_t e;
        if (hwnd == HWND_BROADCAST) { /* each window gets the full timeout, as on Windows */
                e = user_broadcast_sendmsg(msg, w, l, false, flags, timeout);
                if (e) {
                        SetLastError(e);
                        return 0;
                }
                if (result)
                        *result = 0;
                return 1;
        }
        LRESULT r = send_message(hwnd, msg, w, l, (flags & SMTO_ABORTIFHUNG) ? S0H_SEND_ABORTIFHUNG : 0, timeout, &e);
        if (e) {
                SetLastError(e);
                return 0;
        }
        if (result)
                *result = (DWORD_PTR) r;
        return 1;
}

WINUSERAPI BOOL WINAPI SendNotifyMessageW(HWND hwnd, UINT msg, WPARAM w, LPARAM l) {
        uint32_t e;
        if (msg == WM_COPYDATA || msg == WM_SETTEXT || msg == WM_GETTEXT)
                return s0_win32_fail(ERROR_MESSAGE_SYNC_ONLY);
        if (hwnd == HWND_BROADCAST) {
                e = user_broadcast_sendmsg(msg, w, l, true, 0, UINT32_MAX);
                return e ? s0_win32_fail(e) : TRUE;
        }
        (void) send_message(hwnd, msg, w, l, S0H_SEND_NOTIFY, UINT32_MAX, &e);
        return e ? s0_win32_fail(e) : TRUE;
}

/* ---- posting --------------------------------------------------------------------- */

static BOOL post(HWND hwnd, DWORD tid, UINT msg, WPARAM w, LPARAM l) {
        struct s0h_msg req = { .type = S0H_POST, .hwnd = (uint64_t) (uintptr_t) hwnd, .tid = tid, .msg = msg,
                               .wparam = w, .lparam = l }, rep;
        struct user_thread *t;
        uint32_t e;
        if (msg == WM_COPYDATA || msg == WM_SETTEXT || msg == WM_GETTEXT)
                return s0_win32_fail(ERROR_MESSAGE_SYNC_ONLY); /* a pointer cannot be posted */
        e = user_thread_get(&t);
        if (!e && hwnd) {
                int k = user_fast_post(t, hwnd, msg, w, l);
                if (k != 1)
                        return k ? s0_win32_fail((uint32_t) k) : TRUE;
        }
        if (!e)
                e = user_call(&req, sizeof req, &rep, UINT32_MAX);
        return e ? s0_win32_fail(e) : TRUE;
}

WINUSERAPI BOOL WINAPI PostMessageW(HWND hwnd, UINT msg, WPARAM w, LPARAM l) {
        if (hwnd == HWND_BROADCAST) {
                uint32_t e = user_broadcast_post(msg, w, l, 0);
                return e ? s0_win32_fail(e) : TRUE;
        }
        if (!hwnd) { /* NULL: like PostThreadMessage to this thread */
                struct user_thread *t;
                uint32_t e = user_thread_get(&t);
                return e ? s0_win32_fail(e) : post(NULL, t->tid, msg, w, l);
        }
        return post(hwnd, 0, msg, w, l);
}
WINUSERAPI BOOL WINAPI PostMessageA(HWND hwnd, UINT msg, WPARAM w, LPARAM l) { return PostMessageW(hwnd, msg, w, l); }

WINUSERAPI BOOL WINAPI PostThreadMessageW(DWORD tid, UINT msg, WPARAM w, LPARAM l) {
        if (!tid)
                return s0_win32_fail(ERROR_INVALID_THREAD_ID);
        return post(NULL, tid, msg, w, l);
}

WINUSERAPI VOID WINAPI PostQuitMessage(int code) {
        struct user_thread *t;
        if (user_thread_get(&t) == 0) {
                t->quit = true;
                t->quit_code = code;
        }
}

/* ---- timers ---------------------------------------------------------------------- */

WINUSERAPI UINT_PTR WINAPI SetTimer(HWND hwnd, UINT_PTR id, UINT elapse, TIMERPROC proc) {
        struct user_timer *free_slot = NULL;
        if (elapse < 10)
                elapse = 10; /* USER_TIMER_MINIMUM */
        if (!hwnd)
                id = 0;
        for (unsigned i = 0; i < TIMERS_MAX; i++) {
                struct user_timer *tm = &thread_timers[i];
                if (tm->used && hwnd && tm->hwnd == hwnd && tm->id == id) {
                        free_slot = tm; /* replaces the existing timer */
                        break;
                }
                if (!tm->used && !free_slot)
                        free_slot = tm;
        }
        if (!free_slot)
                return (UINT_PTR) s0_win32_fail(ERROR_NOT_ENOUGH_MEMORY);
        if (!hwnd)
                id = (UINT_PTR) (free_slot - thread_timers) + 1;
        *free_slot = (struct user_timer){ .hwnd = hwnd, .id = id, .elapse = elapse, .proc = proc,
                                          .due_ms = now_ms() + elapse, .used = true };
        return hwnd ? 1 : id;
}

WINUSERAPI BOOL WINAPI KillTimer(HWND hwnd, UINT_PTR id) {
        for (unsigned i = 0; i < TIMERS_MAX; i++)
                if (thread_timers[i].used && thread_timers[i].hwnd == hwnd && thread_timers[i].id == id) {
                        thread_timers[i].used = false;
                        return TRUE;
                }
        return s0_win32_fail(ERROR_INVALID_PARAMETER);
}

/* A due timer of this thread as WM_TIMER (lParam = its TIMERPROC, as on Windows);
 * otherwise the ms to the next one in *ret_wait (UINT32_MAX: none). */
static bool timer_due(HWND filter, MSG *m, bool remove, uint32_t *ret_wait) {
        int64_t now = now_ms(), next = -1;
        for (unsigned i = 0; i < TIMERS_MAX; i++) {
                struct user_timer *tm = &thread_timers[i];
                if (!tm->used || (filter && tm->hwnd != filter))
                        continue;
                if (tm->due_ms <= now) {
                        *m = (MSG){ .hwnd = tm->hwnd, .message = WM_TIMER, .wParam = tm->id,
                                    .lParam = (LPARAM) tm->proc, .time = (DWORD) now };
                        if (remove)
                                tm->due_ms = now + tm->elapse;
                        return true;
                }
                if (next < 0 || tm->due_ms - now < next)
                        next = tm->due_ms - now;
        }
        *ret_wait = next < 0 ? UINT32_MAX : (uint32_t) next;
        return false;
}

/* ---- retrieving ------------------------------------------------------------------ */

static bool in_filter(UINT msg, UINT min, UINT max) { return (min == 0 && max == 0) || (msg >= min && msg <= max); }

static void fill_msg(MSG *m, const struct s0h_msg *rep) {
        *m = (MSG){ .hwnd = (HWND) (uintptr_t) rep->hwnd, .message = rep->msg, .wParam = (WPARAM) rep->wparam,
                    .lParam = (LPARAM) rep->lparam, .time = (DWORD) now_ms() };
}

/* 1: *m filled; 0: nothing (timeout); Win32 error as negative.
 * Order, as on Windows: sent messages (the fast path's, then the host's), posted ones
 * (the host's queue, then the fast path's), WM_QUIT, timers. With a fast path the
 * thread sleeps on its doorbell, which the host rings when it has something for it;
 * without one it waits at the host. */
static int get_one(MSG *m, HWND hwnd, UINT min, UINT max, bool remove, bool wait) {
        struct user_thread *t;
        uint32_t e = user_thread_get(&t);
        if (e)
                return -(int) e;
        user_fast_retrieving(t);
        for (;;) {
                uint32_t timer_wait = UINT32_MAX;
                struct s0h_msg req = { .type = S0H_GET, .hwnd = (uint64_t) (uintptr_t) hwnd, .filter_min = min,
                                       .filter_max = max, .flags = remove ? S0H_GET_REMOVE : 0 }, rep;
                bool timers_ok = in_filter(WM_TIMER, min, max);
                uint32_t seen = user_fast_seq(t);
                if (user_fast_drain(t))
                        continue; /* a sent message ran: look again */
                if (user_fast_host_pending(t, true, hwnd, min, max)) {
                        /* timers and WM_QUIT come after posted messages: ask with no wait first */
                        req.timeout_ms = 0;
                        e = user_call(&req, sizeof req, &rep, UINT32_MAX);
                        if (e)
                                return -(int) e;
                        user_fast_host_answered(t, &rep, hwnd, min, max);
                        if (rep.type == S0H_INCOMING)
                                continue;
                        if (rep.type == S0H_MESSAGE) {
                                fill_msg(m, &rep);
                                return 1;
                        }
                }
                if (user_fast_take(t, hwnd, min, max, remove, m)) {
                        m->time = (DWORD) now_ms();
                        return 1;
                }
                if (t->quit && in_filter(WM_QUIT, min, max)) {
                        *m = (MSG){ .message = WM_QUIT, .wParam = (WPARAM) t->quit_code };
                        if (remove)
                                t->quit = false;
                        return 1;
                }
                if (timers_ok && timer_due(hwnd, m, remove, &timer_wait))
                        return 1;
                if (!wait)
                        return 0;
                if (t->fast) {
                        user_fast_wait(t, seen, timer_wait); /* wake for the next timer */
                        continue;
                }
                req.timeout_ms = timer_wait;
                e = user_call(&req, sizeof req, &rep, UINT32_MAX);
                if (e)
                        return -(int) e;
                if (rep.type == S0H_MESSAGE) {
                        fill_msg(m, &rep);
                        return 1;
                }
                /* INCOMING processed or NONE (a timer is due): go round */
        }
}

/* This process's WH_GETMESSAGE hooks on this thread (the host ran the others'). */
static void hook_getmessage(MSG *m, bool remove) {
        struct user_thread *t;
        if (user_thread_get(&t) == 0)
                user_hook_getmessage(t->tid, m, remove);
}

WINUSERAPI BOOL WINAPI GetMessageW(LPMSG m, HWND hwnd, UINT min, UINT max) {
        if (!m)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        int r = get_one(m, hwnd, min, max, true, true);
        if (r < 0) {
                SetLastError((DWORD) -r);
                return -1;
        }
        hook_getmessage(m, true);
        return m->message == WM_QUIT ? 0 : 1;
}

WINUSERAPI BOOL WINAPI PeekMessageW(LPMSG m, HWND hwnd, UINT min, UINT max, UINT flags) {
        if (!m)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        int r = get_one(m, hwnd, min, max, flags & PM_REMOVE, false);
        if (r > 0)
                hook_getmessage(m, flags & PM_REMOVE);
        return r > 0;
}

WINUSERAPI LRESULT WINAPI DispatchMessageW(const MSG *m) {
        if (!m)
                return 0;
        if (m->message == WM_TIMER && m->lParam) {
                /* Only a TIMERPROC this thread registered with SetTimer is ever called: a
                 * posted WM_TIMER's lParam is just a number (ATTACKS A2). */
                for (unsigned i = 0; i < TIMERS_MAX; i++) {
                        struct user_timer *tm = &thread_timers[i];
                        if (tm->used && tm->hwnd == m->hwnd && tm->id == m->wParam && tm->proc &&
                            (LPARAM) tm->proc == m->lParam) {
                                tm->proc(m->hwnd, WM_TIMER, m->wParam, (DWORD) now_ms());
                                return 0;
                        }
                }
                return 0;
        }
        if (!m->hwnd)
                return 0; /* a thread message has no window procedure */
        uint32_t tid;
        struct user_thread *t;
        if (!user_window_local(m->hwnd, NULL, &tid) || user_thread_get(&t) || tid != t->tid) {
                SetLastError(ERROR_INVALID_WINDOW_HANDLE);
                return 0;
        }
        return user_call_wndproc(m->hwnd, m->message, m->wParam, m->lParam);
}

WINUSERAPI BOOL WINAPI TranslateMessage(const MSG *m) {
        (void) m;
        return FALSE; /* no keyboard: nothing to translate */
}

WINUSERAPI UINT WINAPI RegisterWindowMessageW(LPCWSTR name) {
        struct s0h_msg req = { .type = S0H_REGISTER_MSG }, rep;
        struct user_thread *t;
        char *u8;
        uint32_t e = name ? s0_win32_utf16_to_utf8(name, 0, &u8) : ERROR_INVALID_PARAMETER;
        if (e)
                return (UINT) s0_win32_fail(e);
        if (!u8[0] || strlen(u8) >= sizeof req.title) {
                free(u8);
                return (UINT) s0_win32_fail(ERROR_INVALID_PARAMETER);
        }
        strcpy(req.title, u8);
        free(u8);
        e = user_thread_get(&t);
        if (!e)
                e = user_call(&req, sizeof req, &rep, UINT32_MAX);
        if (e)
                return (UINT) s0_win32_fail(e);
        return (UINT) rep.result;
}

WINUSERAPI UINT WINAPI RegisterWindowMessageA(LPCSTR name) {
        WCHAR *w;
        uint32_t e = name ? s0_win32_utf8_to_utf16(name, &w, NULL) : ERROR_INVALID_PARAMETER;
        if (e)
                return (UINT) s0_win32_fail(e);
        UINT r = RegisterWindowMessageW(w);
        free(w);
        return r;
}

WINUSERAPI BOOL WINAPI ChangeWindowMessageFilterEx(HWND hwnd, UINT msg, DWORD action, PCHANGEFILTERSTRUCT cfs) {
        struct s0h_msg req = { .type = S0H_FILTER, .hwnd = (uint64_t) (uintptr_t) hwnd, .msg = msg, .flags = action },
                       rep;
        struct user_thread *t;
        uint32_t e;
        if (action > MSGFLT_DISALLOW || (cfs && cfs->cbSize != sizeof *cfs))
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        e = user_thread_get(&t);
        if (!e)
                e = user_call(&req, sizeof req, &rep, UINT32_MAX);
        if (e)
                return s0_win32_fail(e);
        if (cfs)
                cfs->ExtStatus = MSGFLTINFO_NONE;
        return TRUE;
}

/* The ms to this thread's next timer (UINT32_MAX: none). */
static uint32_t timer_next_ms(void) {
        int64_t now = now_ms(), next = INT64_MAX;
        for (unsigned i = 0; i < TIMERS_MAX; i++) {
                const struct user_timer *tm = &thread_timers[i];
                if (tm->used && tm->due_ms - now < next)
                        next = tm->due_ms - now;
        }
        if (next == INT64_MAX)
                return UINT32_MAX;
        return next <= 0 ? 0 : next >= UINT32_MAX ? UINT32_MAX - 1 : (uint32_t) next;
}

/* Without a fast path the queue is at the host, behind a socket: the objects are
 * waited on in 2 ms slices and the queue looked at between them. */
static DWORD msgwait_slices(DWORD n, const HANDLE *handles, BOOL all, int64_t deadline) {
        MSG m;
        for (;;) {
                int64_t left = deadline < 0 ? 2 : deadline - now_ms();
                DWORD slice = left <= 0 ? 0 : (DWORD) (left < 2 ? left : 2);
                if (n) {
                        DWORD r = WaitForMultipleObjects(n, handles, all, slice);
                        if (r != WAIT_TIMEOUT)
                                return r;
                }
                if (PeekMessageW(&m, NULL, 0, 0, PM_NOREMOVE))
                        return WAIT_OBJECT_0 + n;
                if (deadline >= 0 && now_ms() >= deadline)
                        return WAIT_TIMEOUT;
                if (!n)
                        (void) poll(NULL, 0, (int) slice);
        }
}

WINUSERAPI DWORD WINAPI MsgWaitForMultipleObjects(DWORD n, const HANDLE *handles, BOOL all, DWORD timeout, DWORD mask) {
        int64_t deadline = timeout == INFINITE ? -1 : now_ms() + timeout;
        struct user_thread *t;
        MSG m;

        if (n > MAXIMUM_WAIT_OBJECTS - 1 || (n && !handles)) {
                SetLastError(ERROR_INVALID_PARAMETER);
                return WAIT_FAILED;
        }
        (void) mask; /* every kind of message wakes us: there is no input here */
        if (user_thread_get(&t) || !user_fast_seq_word(t))
                return msgwait_slices(n, handles, all, deadline);
        for (;;) {
                /* The doorbell is a futex word like the objects': one futex_waitv sleeps on
                 * all of them, and whatever rings it (a channel, the host) wakes us. */
                uint32_t seen = user_fast_seq(t);
                if (PeekMessageW(&m, NULL, 0, 0, PM_NOREMOVE))
                        return WAIT_OBJECT_0 + n;
                int64_t left = deadline < 0 ? -1 : deadline - now_ms();
                uint32_t ms = timer_next_ms(); /* a timer due wakes us too: Peek makes its WM_TIMER */
                if (left >= 0 && (uint64_t) left < ms)
                        ms = (uint32_t) left;
                bool word;
                user_fast_set_waiting(t, S0H_WAIT_FUTEX);
                DWORD r = s0_win32_wait_word(n, handles, all, ms == UINT32_MAX ? INFINITE : ms, user_fast_seq_word(t),
                                             seen, &word);
                user_fast_set_waiting(t, S0H_WAIT_NONE);
                if (word)
                        continue; /* something came: Peek looks */
                if (r != WAIT_TIMEOUT)
                        return r;
                if (deadline >= 0 && now_ms() >= deadline)
                        return PeekMessageW(&m, NULL, 0, 0, PM_NOREMOVE) ? WAIT_OBJECT_0 + n : WAIT_TIMEOUT;
        }
}

/* MWMO_WAITALL: every object (messages still end the wait). MWMO_INPUTAVAILABLE: a
 * message already queued ends it -- which MsgWaitForMultipleObjects here does anyway
 * (docs/WINDOWS.md). MWMO_ALERTABLE: there are no APCs to run. */
WINUSERAPI DWORD WINAPI MsgWaitForMultipleObjectsEx(DWORD n, const HANDLE *handles, DWORD timeout, DWORD mask,
                                                    DWORD flags) {
        if (flags & ~(DWORD) (MWMO_WAITALL | MWMO_ALERTABLE | MWMO_INPUTAVAILABLE)) {
                SetLastError(ERROR_INVALID_PARAMETER);
                return WAIT_FAILED;
        }
        return MsgWaitForMultipleObjects(n, handles, (flags & MWMO_WAITALL) != 0, timeout, mask);
}
