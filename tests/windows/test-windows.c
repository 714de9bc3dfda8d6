/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Windows and messages at run time, written against <windows.h> like a Windows
 * program. Each verb prints "name value lasterror" lines that test-windows.sh and the
 * attack tests check; "FAIL ..." lines and a non-zero exit for in-process checks.
 *
 *   basics                  one process: post/get/peek filters, the 10,000 limit,
 *                           timers, a posted WM_TIMER "callback", pointer posts
 *   server TITLE [MARKDIR]  a window TITLE (and a message-only one, class S0TestMsgOnly)
 *                           answering messages; WM_COPYDATA "runs" the command it
 *                           carries (creates the file it names: the shatter's effect)
 *   client TITLE            finds TITLE and talks to it (send, nested send, copydata,
 *                           settext/gettext, timeout on a hung receiver)
 *   attack TITLE HWND FILE  what a shatter attempt does; HWND is a guessed value
 *   sendhang TITLE          SendMessage that the server never answers (killed)
 *   hooks                   one process: SetWindowsHookEx errors, own-thread and
 *                           desktop-wide hooks, the chain, CallNextHookEx, the cap
 *   hooker TID READY [once|stall]  hooks thread TID of another process and the
 *                           desktop; prints what the hooks see, alters WM_POKE
 *                           (ATTACKS A4); once: exits, stall: never takes a message
 *   poke TITLE N            sends WM_POKE_SEND, posts WM_POKE(N) and the ack
 *   pokeagain TITLE N1 N2 GO  pokes N1, says whether it has a fast-path channel
 *                           (fast_channel), waits until the FIFO GO is written, pokes N2
 *   flood TITLE             posts until the server's queue is full (it must be stuck
 *                           in a sent WM_FOREVER): "flood COUNT LASTERROR"
 *   notifyforever TITLE     SendNotifyMessage(WM_FOREVER): the server is stuck from then on
 *   abortifhung TITLE MS    SendMessageTimeout(SMTO_ABORTIFHUNG, MS): "abortifhung RET ERR RESULT"
 *   manysenders TITLE N     N threads (at most 400) each send and post WM_MANY(i) to the
 *                           server: more than a receiver's 256 channels, so some go
 *                           through the host; "manysenders SENT POSTED"
 *   textattack TITLE HWND FILE  WM_COPYDATA/WM_GETTEXT/WM_SETTEXT, Get/InternalGet-
 *                           WindowText on a window (ATTACKS A3)
 *   title HWND              InternalGetWindowText of a window
 *   timerattack TITLE PROC FORGED  posts WM_TIMERs whose lParam is PROC (the server's
 *                           TIMERPROC) or FORGED (another function of it), and an
 *                           ack (ATTACKS A2)
 *   desktops                one process, two desktops: CreateDesktop's errors and cap,
 *                           a thread on DeskB and one on Default each see only their
 *                           desktop's windows, messages, broadcasts and hooks;
 *                           SetThreadDesktop's ERROR_BUSY; SwitchDesktop; freeing
 *   deskserver DESK TITLE DIR READY  server TITLE on desktop DESK (created)
 *   deskattack DESK TITLE HWND FILE  attack from a thread on DESK (opened)
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <windows.h>
#include <wtsapi32.h>

#include "check.h"

#define WM_DOUBLE (WM_USER + 2)
#define WM_NESTED (WM_USER + 3)
#define WM_BACK (WM_USER + 4)
#define WM_HANG (WM_USER + 6)
#define WM_FOREVER (WM_USER + 7)
#define WM_POKE (WM_USER + 50)      /* posted: the server leaves poked-<wParam> */
#define WM_POKE_SEND (WM_USER + 51) /* sent: the server answers wParam + 1 */
#define WM_MANY (WM_USER + 52)     /* manysenders: the server leaves sent-/posted-<wParam> */
#define HOOK_ALTER 1000             /* what a hook adds to WM_POKE's wParam */


static void to_w(const char *s, WCHAR *w, size_t max) {
        size_t i;
        for (i = 0; s[i] && i + 1 < max; i++)
                w[i] = (WCHAR) (unsigned char) s[i];
        w[i] = 0;
}

static void from_w(const WCHAR *w, char *s, size_t max) {
        size_t i;
        for (i = 0; w[i] && i + 1 < max; i++)
                s[i] = (char) w[i];
        s[i] = 0;
}

static int timer_fired;
static int evil_ran;

static VOID CALLBACK on_timer(HWND h, UINT m, UINT_PTR id, DWORD t) {
        (void) h, (void) m, (void) id, (void) t;
        timer_fired++;
}
static VOID CALLBACK evil(HWND h, UINT m, UINT_PTR id, DWORD t) {
        (void) h, (void) m, (void) id, (void) t;
        evil_ran = 1;
}

static LRESULT CALLBACK basic_proc(HWND h, UINT m, WPARAM w, LPARAM l) {
        if (m == WM_DOUBLE)
                return (LRESULT) (w * 2);
        return DefWindowProcW(h, m, w, l);
}

static ATOM reg(const char *cls, WNDPROC p) {
        WCHAR wc[64];
        WNDCLASSEXW c = { .cbSize = sizeof c, .lpfnWndProc = p };
        to_w(cls, wc, 64);
        c.lpszClassName = wc;
        return RegisterClassExW(&c);
}

static HWND make(const char *cls, const char *title, HWND parent) {
        WCHAR wc[64], wt[128];
        to_w(cls, wc, 64);
        to_w(title, wt, 128);
        return CreateWindowExW(0, wc, wt, 0, 0, 0, 0, 0, parent, NULL, NULL, NULL);
}

static void *msgwait_poster(void *arg) {
        (void) PostMessageW((HWND) arg, WM_USER + 41, 0, 0);
        return NULL;
}

static int basics(void) {
        MSG m;
        CHECK(reg("S0Basic", basic_proc), "RegisterClassExW %u", GetLastError());
        CHECK(!reg("s0basic", basic_proc) && GetLastError() == ERROR_CLASS_ALREADY_EXISTS, "dup class %u",
              GetLastError());
        HWND a = make("S0Basic", "A", NULL), b = make("S0Basic", "B", HWND_MESSAGE);
        CHECK(a && b && a != b, "CreateWindowExW %u", GetLastError());
        CHECK(!make("NoSuchClass", "x", NULL) && GetLastError() == ERROR_CANNOT_FIND_WND_CLASS, "no class %u",
              GetLastError());
        CHECK(SendMessageW(a, WM_DOUBLE, 21, 0) == 42, "in-thread send");
        /* posted messages, FIFO, filters */
        CHECK(PostMessageW(a, WM_USER + 10, 1, 0) && PostMessageW(b, WM_USER + 11, 2, 0) &&
                      PostMessageW(a, WM_USER + 12, 3, 0),
              "post %u", GetLastError());
        CHECK(PeekMessageW(&m, b, 0, 0, PM_NOREMOVE) && m.message == WM_USER + 11, "peek hwnd filter");
        CHECK(PeekMessageW(&m, NULL, WM_USER + 12, WM_USER + 12, PM_REMOVE) && m.wParam == 3, "peek range");
        CHECK(GetMessageW(&m, NULL, 0, 0) == 1 && m.message == WM_USER + 10, "get FIFO");
        CHECK(GetMessageW(&m, NULL, 0, 0) == 1 && m.message == WM_USER + 11 && m.hwnd == b, "get 2");
        CHECK(!PeekMessageW(&m, NULL, 0, 0, PM_REMOVE), "queue empty");
        /* pointer messages cannot be posted */
        CHECK(!PostMessageW(a, WM_SETTEXT, 0, 0) && GetLastError() == ERROR_MESSAGE_SYNC_ONLY, "post settext %u",
              GetLastError());
        CHECK(!PostMessageW(a, WM_COPYDATA, 0, 0) && GetLastError() == ERROR_MESSAGE_SYNC_ONLY, "post copydata");
        /* the limit: 10,000 queued, the next fails with ERROR_NOT_ENOUGH_QUOTA */
        int posted = 0;
        for (int i = 0; i < 10001 && PostMessageW(a, WM_USER + 20, (WPARAM) i, 0); i++)
                posted++;
        CHECK(posted == 10000, "posted %d", posted);
        CHECK(GetLastError() == ERROR_NOT_ENOUGH_QUOTA, "quota error %u", GetLastError());
        printf("queue_limit %d %u\n", posted, GetLastError());
        int got = 0;
        while (PeekMessageW(&m, NULL, 0, 0, PM_REMOVE))
                got += m.wParam == (WPARAM) got;
        CHECK(got == 10000, "drained in order %d", got);
        CHECK(PostMessageW(a, WM_USER + 21, 0, 0), "post after drain %u", GetLastError());
        (void) PeekMessageW(&m, NULL, 0, 0, PM_REMOVE);
        /* thread messages */
        CHECK(PostThreadMessageW(0, WM_USER, 0, 0) == FALSE && GetLastError() == ERROR_INVALID_THREAD_ID, "tid 0");
        CHECK(PostThreadMessageW(99999999, WM_USER, 0, 0) == FALSE && GetLastError() == ERROR_INVALID_THREAD_ID,
              "tid bad");
        /* timers: our TIMERPROC runs; a posted WM_TIMER's lParam never does (A2) */
        CHECK(SetTimer(a, 7, 20, on_timer) == 1, "SetTimer");
        while (!timer_fired && GetMessageW(&m, NULL, 0, 0) > 0)
                DispatchMessageW(&m);
        CHECK(timer_fired == 1, "timer fired %d", timer_fired);
        KillTimer(a, 7);
        CHECK(PostMessageW(a, WM_TIMER, 7, (LPARAM) evil), "post WM_TIMER");
        CHECK(GetMessageW(&m, NULL, 0, 0) == 1 && m.message == WM_TIMER, "got posted WM_TIMER");
        DispatchMessageW(&m);
        CHECK(!evil_ran, "a posted WM_TIMER lParam ran");
        printf("posted_timer_callback_ran %d 0\n", evil_ran);
        /* window text, user data */
        WCHAR buf[64];
        CHECK(SetWindowTextW(a, L"Hello") && GetWindowTextW(a, buf, 64) == 5, "text");
        CHECK(SetWindowLongPtrW(a, GWLP_USERDATA, 1234) == 0 && GetWindowLongPtrW(a, GWLP_USERDATA) == 1234, "userdata");
        CHECK(FindWindowW(L"S0Basic", L"Hello") == a, "FindWindow by title");
        CHECK(FindWindowExW(HWND_MESSAGE, NULL, L"S0Basic", NULL) == b, "FindWindowEx message-only");
        UINT r1 = RegisterWindowMessageW(L"S0TestMessage");
        CHECK(r1 >= 0xC000 && r1 <= 0xFFFF && RegisterWindowMessageA("s0testmessage") == r1, "RegisterWindowMessage");
        printf("registered_message %u 0\n", r1);
        /* MsgWaitForMultipleObjects: an event, a message, nothing */
        HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
        CHECK(ev, "CreateEventW %u", GetLastError());
        CHECK(MsgWaitForMultipleObjects(1, &ev, FALSE, 50, QS_ALLINPUT) == WAIT_TIMEOUT, "msgwait: nothing");
        SetEvent(ev);
        CHECK(MsgWaitForMultipleObjects(1, &ev, FALSE, 1000, QS_ALLINPUT) == WAIT_OBJECT_0, "msgwait: the event");
        ResetEvent(ev);
        PostMessageW(a, WM_USER + 40, 0, 0);
        CHECK(MsgWaitForMultipleObjects(1, &ev, FALSE, 1000, QS_ALLINPUT) == WAIT_OBJECT_0 + 1, "msgwait: a message");
        CHECK(PeekMessageW(&m, NULL, 0, 0, PM_REMOVE) && m.message == WM_USER + 40, "msgwait left the message queued");
        CHECK(MsgWaitForMultipleObjects(0, NULL, FALSE, 20, QS_ALLINPUT) == WAIT_TIMEOUT, "msgwait: no objects");
        /* no timeout: a lost wake-up would hang here (and fail by the test's timeout) */
        pthread_t poster;
        CHECK(pthread_create(&poster, NULL, msgwait_poster, a) == 0, "poster thread");
        CHECK(MsgWaitForMultipleObjects(1, &ev, FALSE, INFINITE, QS_ALLINPUT) == WAIT_OBJECT_0 + 1,
              "msgwait: another thread's post");
        pthread_join(poster, NULL);
        CHECK(PeekMessageW(&m, NULL, WM_USER + 41, WM_USER + 41, PM_REMOVE), "msgwait: the other thread's post queued");
        CHECK(SetTimer(a, 9, 20, NULL) == 1, "SetTimer for msgwait");
        CHECK(MsgWaitForMultipleObjects(0, NULL, FALSE, INFINITE, QS_ALLINPUT) == WAIT_OBJECT_0, "msgwait: a timer");
        CHECK(PeekMessageW(&m, NULL, WM_TIMER, WM_TIMER, PM_REMOVE) && m.wParam == 9, "msgwait: the timer's WM_TIMER");
        CHECK(MsgWaitForMultipleObjectsEx(0, NULL, 10, QS_ALLINPUT, 0x80) == WAIT_FAILED &&
                      GetLastError() == ERROR_INVALID_PARAMETER,
              "msgwaitex: an unknown flag %u", GetLastError());
        SetEvent(ev);
        CHECK(MsgWaitForMultipleObjectsEx(1, &ev, 1000, QS_ALLINPUT, MWMO_WAITALL | MWMO_INPUTAVAILABLE) == WAIT_OBJECT_0,
              "msgwaitex: the event");
        ResetEvent(ev);
        KillTimer(a, 9);
        CloseHandle(ev);
        printf("msgwait ok 0\n");
        /* quit */
        PostQuitMessage(3);
        CHECK(GetMessageW(&m, NULL, 0, 0) == 0 && m.wParam == 3, "WM_QUIT");
        CHECK(DestroyWindow(a) && !IsWindow(a), "DestroyWindow");
        CHECK(!SendMessageW(a, WM_DOUBLE, 1, 0) && GetLastError() == ERROR_INVALID_WINDOW_HANDLE, "destroyed hwnd %u",
              GetLastError());
        printf("basics %s %d\n", failures ? "FAIL" : "ok", failures);
        return failures ? 1 : 0;
}

/* ---- two processes ------------------------------------------------------------------- */

static const char *mark_dir;
static HWND back_hwnd;

/* Leaves PREFIX-<id> in the mark directory (what the server did, for the test to see). */
static void leave_mark(const char *prefix, UINT_PTR id) {
        char path[512];
        if (!mark_dir)
                return;
        snprintf(path, sizeof path, "%s/%s-%lu", mark_dir, prefix, (unsigned long) id);
        FILE *f = fopen(path, "w");
        if (f)
                fclose(f);
}

/* The server's one TIMERPROC: it leaves timer-<id>. */
static VOID CALLBACK mark_timer(HWND h, UINT m, UINT_PTR id, DWORD t) {
        (void) h, (void) m, (void) t;
        leave_mark("timer", id);
}

/* A function of the server that is no TIMERPROC: ATTACKS A2 posts its address as the
 * lParam of a WM_TIMER naming the server's real timer; it leaves forged-<id> if called. */
static VOID CALLBACK forged_target(HWND h, UINT m, UINT_PTR id, DWORD t) {
        (void) h, (void) m, (void) t;
        leave_mark("forged", id);
}

/* After DispatchMessage returned for a WM_TIMER that is not the server's own timer 5
 * (a posted one): dispatched-timer-<id> holds its lParam, so ATTACKS A2 knows the forged
 * message arrived, whole, and went through DispatchMessage. */
static void note_dispatched_timer(const MSG *m) {
        char path[512];
        if (!mark_dir || m->message != WM_TIMER || (m->wParam == 5 && m->lParam == (LPARAM) mark_timer))
                return;
        snprintf(path, sizeof path, "%s/dispatched-timer-%lu", mark_dir, (unsigned long) m->wParam);
        FILE *f = fopen(path, "w");
        if (f) {
                fprintf(f, "%#llx\n", (unsigned long long) m->lParam);
                fclose(f);
        }
}

static LRESULT CALLBACK server_proc(HWND h, UINT m, WPARAM w, LPARAM l) {
        switch (m) {
        case WM_USER + 8: { /* "ack": everything posted before it has been dispatched */
                char path[512];
                snprintf(path, sizeof path, "%s/acked", mark_dir ? mark_dir : "/nonexistent");
                FILE *f = fopen(path, "w");
                if (f)
                        fclose(f);
                return 0;
        }
        case WM_DOUBLE:
                return (LRESULT) (w * 2);
        case WM_POKE: /* what arrived, after any hooks: poked-<wParam> */
                leave_mark("poked", w);
                return 0;
        case WM_MANY: /* manysenders: one from each thread, sent-<wParam> or posted-<wParam> */
                leave_mark(l ? "sent" : "posted", w);
                return 0;
        case WM_POKE_SEND:
                return (LRESULT) (w + 1);
        case WM_NESTED:
                /* nested: call back into the sender while it waits for us */
                return SendMessageW((HWND) l, WM_BACK, w, 0) + 1;
        case WM_HANG:
                sleep(3);
                return 1;
        case WM_FOREVER:
                if (mark_dir) { /* the test waits for this: from now on nothing is taken */
                        char path[512];
                        snprintf(path, sizeof path, "%s/forever", mark_dir);
                        FILE *f = fopen(path, "w");
                        if (f)
                                fclose(f);
                }
                for (;;)
                        pause();
        case WM_COPYDATA: {
                /* The "service" acts on what the message names: the shatter's target. */
                const COPYDATASTRUCT *c = (const COPYDATASTRUCT *) l;
                char path[512];
                if (!mark_dir || c->cbData == 0 || c->cbData >= 256)
                        return 0;
                snprintf(path, sizeof path, "%s/%.*s", mark_dir, (int) c->cbData, (const char *) c->lpData);
                FILE *f = fopen(path, "w");
                if (f) {
                        fprintf(f, "ran for %lu\n", (unsigned long) c->dwData);
                        fclose(f);
                }
                return 77;
        }
        case WM_CLOSE:
                PostQuitMessage(0);
                return 0;
        }
        return DefWindowProcW(h, m, w, l);
}

static int server(const char *title, const char *dir, const char *ready) {
        MSG m;
        mark_dir = dir;
        if (!reg("S0TestServer", server_proc) || !reg("S0TestMsgOnly", server_proc))
                return 2;
        HWND h = make("S0TestServer", title, NULL);
        HWND mo = make("S0TestMsgOnly", title, HWND_MESSAGE);
        if (!h || !mo) {
                printf("create_failed 0 %u\n", GetLastError());
                return 2;
        }
        /* UIPI: a lower-integrity process may send this one message (ATTACKS A5) */
        CHANGEFILTERSTRUCT cfs = { .cbSize = sizeof cfs };
        if (!ChangeWindowMessageFilterEx(h, WM_DOUBLE, MSGFLT_ALLOW, &cfs))
                printf("filter_failed 0 %u\n", GetLastError());
        /* A legitimate timer with the TIMERPROC whose address A2 posts */
        SetTimer(h, 5, 50, mark_timer);
        printf("timer_proc %p 0\n", (void *) mark_timer);
        printf("forged_target %p 0\n", (void *) forged_target);
        printf("server_hwnd %lu 0\n", (unsigned long) (uintptr_t) h);
        fflush(stdout);
        if (ready) {
                /* the thread id first: the ready file's appearance means both are there */
                char tidpath[512];
                snprintf(tidpath, sizeof tidpath, "%s.tid", ready);
                FILE *f = fopen(tidpath, "w");
                if (f) {
                        fprintf(f, "%lu\n", (unsigned long) GetWindowThreadProcessId(h, NULL));
                        fclose(f);
                }
                f = fopen(ready, "w");
                if (f) {
                        fprintf(f, "%lu\n", (unsigned long) (uintptr_t) h);
                        fclose(f);
                }
        }
        while (GetMessageW(&m, NULL, 0, 0) > 0) {
                DispatchMessageW(&m);
                note_dispatched_timer(&m);
        }
        return 0;
}

static LRESULT CALLBACK client_proc(HWND h, UINT m, WPARAM w, LPARAM l) {
        if (m == WM_BACK)
                return (LRESULT) (w + 100);
        return DefWindowProcW(h, m, w, l);
}

/* Does this process map a fast-path channel (include/session0/host-protocol.h)? The
 * kernel's word for it: the memfd's name in /proc/self/maps. */
static int fast_channels(void) {
        char line[512];
        int n = 0;
        FILE *f = fopen("/proc/self/maps", "r");
        if (!f)
                return -1;
        while (fgets(line, sizeof line, f))
                n += strstr(line, "memfd:s0-channel") != NULL;
        fclose(f);
        return n;
}

static int client(const char *title) {
        WCHAR wt[128], buf[64];
        DWORD_PTR res = 0;
        DWORD pid = 0;
        to_w(title, wt, 128);
        HWND s = FindWindowW(L"S0TestServer", wt);
        CHECK(s, "FindWindow %u", GetLastError());
        if (!s)
                return 1;
        CHECK(GetWindowThreadProcessId(s, &pid) && pid && pid != (DWORD) getpid(), "owner pid %u", pid);
        CHECK(SendMessageW(s, WM_DOUBLE, 21, 0) == 42, "cross-process send");
        reg("S0TestClient", client_proc);
        back_hwnd = make("S0TestClient", "back", HWND_MESSAGE);
        CHECK(SendMessageW(s, WM_NESTED, 5, (LPARAM) back_hwnd) == 106, "nested send");
        /* the same while we wait for the host (SendMessageTimeout goes through it) and the
         * server calls back over its channel to us: the wait must run it */
        CHECK(SendMessageTimeoutW(s, WM_NESTED, 6, (LPARAM) back_hwnd, SMTO_NORMAL, 600000, &res) && res == 107,
              "nested send across both paths %lu", (unsigned long) res);
        COPYDATASTRUCT cds = { .dwData = 9, .cbData = 6, .lpData = (PVOID) "cdtest" };
        CHECK(SendMessageW(s, WM_COPYDATA, (WPARAM) back_hwnd, (LPARAM) &cds) == 77, "WM_COPYDATA");
        CHECK(SendMessageW(s, WM_SETTEXT, 0, (LPARAM) L"Renamed") == TRUE, "WM_SETTEXT");
        CHECK(SendMessageW(s, WM_GETTEXT, 64, (LPARAM) buf) == 7, "WM_GETTEXT");
        char t8[64];
        from_w(buf, t8, sizeof t8);
        CHECK(strcmp(t8, "Renamed") == 0, "gettext '%s'", t8);
        CHECK(GetWindowTextW(s, buf, 64) == 7, "GetWindowText of another process");
        CHECK(SendMessageW(s, WM_SETTEXT, 0, (LPARAM) wt) == TRUE, "rename back");
        int count = 0;
        for (int i = 0; i < 1000; i++)
                count += PostMessageW(s, WM_USER + 30, (WPARAM) i, 0) ? 1 : 0;
        CHECK(count == 1000, "cross-process posts %d", count);
        CHECK(SendMessageTimeoutW(s, WM_DOUBLE, 2, 0, SMTO_NORMAL, 5000, &res) && res == 4, "timeout send ok");
        SetLastError(0);
        CHECK(!SendMessageTimeoutW(s, WM_HANG, 0, 0, SMTO_NORMAL, 300, &res) && GetLastError() == ERROR_TIMEOUT,
              "hung receiver %u", GetLastError());
        printf("hung_timeout 0 %u\n", GetLastError());
        /* after the hang the server answers again (the late answer was dropped) */
        CHECK(SendMessageTimeoutW(s, WM_DOUBLE, 5, 0, SMTO_NORMAL, 10000, &res) && res == 10, "after hang %lu",
              (unsigned long) res);
        UINT r = RegisterWindowMessageW(L"S0TestMessage");
        printf("registered_message %u 0\n", r);
        printf("fast_channel %d 0\n", fast_channels() > 0);
        printf("client %s %d\n", failures ? "FAIL" : "ok", failures);
        return failures ? 1 : 0;
}

static int sendhang(const char *title) {
        WCHAR wt[128];
        to_w(title, wt, 128);
        HWND s = FindWindowW(L"S0TestServer", wt);
        if (!s)
                return 2;
        printf("sending 0 0\n");
        fflush(stdout);
        LRESULT r = SendMessageW(s, WM_FOREVER, 0, 0);
        printf("sendhang %ld %u\n", (long) r, GetLastError());
        return 0;
}

static BOOL CALLBACK count_windows(HWND h, LPARAM l) {
        (void) h;
        (*(int *) l)++;
        return TRUE;
}

/* The shatter attempt: everything a user's program would try. */
static int attack(const char *title, const char *guess, const char *file) {
        WCHAR wt[128];
        int n = 0;
        to_w(title, wt, 128);
        HWND h = FindWindowW(L"S0TestServer", wt);
        printf("FindWindow %lu %u\n", (unsigned long) (uintptr_t) h, h ? 0 : GetLastError());
        HWND mo = FindWindowExW(HWND_MESSAGE, NULL, L"S0TestMsgOnly", NULL);
        printf("FindWindowEx_message %lu %u\n", (unsigned long) (uintptr_t) mo, mo ? 0 : GetLastError());
        EnumWindows(count_windows, (LPARAM) &n);
        printf("EnumWindows %d 0\n", n);
        HWND target = h ? h : (HWND) (uintptr_t) strtoul(guess, NULL, 0);
        SetLastError(0);
        LRESULT r = SendMessageW(target, WM_DOUBLE, 1, 0);
        printf("SendMessage %ld %u\n", (long) r, GetLastError());
        SetLastError(0);
        BOOL p = PostMessageW(target, WM_CLOSE + 0x400, 0, 0);
        printf("PostMessage %d %u\n", p, p ? 0 : GetLastError());
        COPYDATASTRUCT cds = { .dwData = 1, .cbData = (DWORD) strlen(file), .lpData = (PVOID) file };
        SetLastError(0);
        r = SendMessageW(target, WM_COPYDATA, 0, (LPARAM) &cds);
        printf("WM_COPYDATA %ld %u\n", (long) r, GetLastError());
        SetLastError(0);
        BOOL st = SetWindowTextW(target, L"pwned");
        printf("SetWindowText %d %u\n", st, GetLastError());
        WCHAR buf[64];
        SetLastError(0);
        int gl = GetWindowTextW(target, buf, 64);
        printf("GetWindowText %d %u\n", gl, GetLastError());
        printf("IsWindow %d 0\n", IsWindow(target));
        return 0;
}

static BOOL CALLBACK print_station(LPWSTR name, LPARAM l) {
        char n[64];
        from_w(name, n, sizeof n);
        printf("%s %s 0\n", (const char *) l, n);
        return TRUE;
}

static void try_station(const char *name) {
        WCHAR w[64];
        to_w(name, w, 64);
        SetLastError(0);
        HWINSTA h = OpenWindowStationW(w, FALSE, WINSTA_ALL_ACCESS);
        printf("OpenWindowStation:%s %d %u\n", name, h != NULL, h ? 0 : GetLastError());
        if (h) {
                EnumDesktopsW(h, print_station, (LPARAM) "desktop");
                CloseWindowStation(h);
        }
}

static void try_desktop(const char *name) {
        WCHAR w[64];
        to_w(name, w, 64);
        SetLastError(0);
        HDESK h = OpenDesktopW(w, 0, FALSE, GENERIC_ALL_DESKTOP);
        printf("OpenDesktop:%s %d %u\n", name, h != NULL, h ? 0 : GetLastError());
        if (h)
                CloseDesktop(h);
}

/* Window stations and desktops as this process sees them (ATTACKS A6). */
static int stations(int argc, char **argv) {
        WCHAR name[64];
        char n[64];
        HWINSTA own = GetProcessWindowStation();
        if (!own || !GetUserObjectInformationW(own, UOI_NAME, name, sizeof name, NULL)) {
                printf("GetProcessWindowStation 0 %u\n", GetLastError());
                return 1;
        }
        from_w(name, n, sizeof n);
        printf("own_station %s 0\n", n);
        HDESK d = GetThreadDesktop(0);
        if (d && GetUserObjectInformationW(d, UOI_NAME, name, sizeof name, NULL)) {
                from_w(name, n, sizeof n);
                printf("thread_desktop %s 0\n", n);
        }
        EnumWindowStationsW(print_station, (LPARAM) "station");
        for (int i = 0; i < argc; i++)
                try_station(argv[i]);
        try_desktop("Default");
        try_desktop("Winlogon");
        SetLastError(0);
        HDESK in = OpenInputDesktop(0, FALSE, DESKTOP_SWITCHDESKTOP);
        printf("OpenInputDesktop %d %u\n", in != NULL, in ? 0 : GetLastError());
        if (in) {
                BOOL sw = SwitchDesktop(in);
                printf("SwitchDesktop %d %u\n", sw, sw ? 0 : GetLastError());
        }
        return 0;
}

/* A visible top-level window: in session 0 that is UI nobody sees (kind ui0). */
static int visible(const char *title) {
        WCHAR wt[128];
        reg("S0TestVisible", basic_proc);
        to_w(title, wt, 128);
        HWND h = CreateWindowExW(0, L"S0TestVisible", wt, WS_OVERLAPPEDWINDOW | WS_VISIBLE, 0, 0, 100, 100, NULL, NULL,
                                 NULL, NULL);
        printf("visible %d %u\n", h != NULL, h ? 0 : GetLastError());
        return h ? 0 : 1;
}

/* ATTACKS A2: WM_TIMERs posted with "callback" addresses, then an ack message: id 6
 * with the target's TIMERPROC (registered, but for id 5), id 5 -- the target's live
 * timer -- with another function of the target, id 7 with junk. */
static int timerattack(const char *title, const char *addr, const char *forged) {
        WCHAR wt[128];
        to_w(title, wt, 128);
        HWND h = FindWindowW(L"S0TestServer", wt);
        if (!h)
                return 2;
        LPARAM cb = (LPARAM) strtoull(addr, NULL, 0);
        BOOL p1 = PostMessageW(h, WM_TIMER, 6, cb);
        printf("PostMessage_WM_TIMER %d %u\n", p1, p1 ? 0 : GetLastError());
        BOOL p0 = PostMessageW(h, WM_TIMER, 5, (LPARAM) strtoull(forged, NULL, 0));
        printf("PostMessage_WM_TIMER_forged %d %u\n", p0, p0 ? 0 : GetLastError());
        BOOL p2 = PostMessageW(h, WM_TIMER, 7, (LPARAM) 0x4141414141LL);
        printf("PostMessage_WM_TIMER_junk %d %u\n", p2, p2 ? 0 : GetLastError());
        BOOL p3 = PostMessageW(h, WM_USER + 8, 0, 0);
        printf("PostMessage_ack %d %u\n", p3, p3 ? 0 : GetLastError());
        return 0;
}

/* ---- session-change notifications (test-wtsnotify.sh) ------------------------------
 * wtswatch TITLE READY   windows TITLE.all (NOTIFY_FOR_ALL_SESSIONS), TITLE.this
 *                        (NOTIFY_FOR_THIS_SESSION), TITLE.none (never registered),
 *                        TITLE.twice (ALL, then THIS -- ignored -- then one unregister:
 *                        still ALL), TITLE.unreg (registered and unregistered); the
 *                        refusals; then "change NAME CODE SESSION" per WM_WTSSESSION_CHANGE
 *                        until wtsdone, then "summary NAME COUNT" per window
 *   wtsdone TITLE        posts the end to TITLE.none: it is queued after every
 *                        notification the host posted before it, so the summary is final
 *   wtsforeign TITLE     WTSRegisterSessionNotification on TITLE.all of another process */
#define WM_WTSDONE (WM_USER + 50)
#define WTS_WINDOWS 5

static int wtswatch(const char *title, const char *ready) {
        static const char *names[WTS_WINDOWS] = { "all", "this", "none", "twice", "unreg" };
        HWND w[WTS_WINDOWS];
        int count[WTS_WINDOWS] = { 0 };
        char t[96];
        MSG m;

        if (!reg("S0TestWts", DefWindowProcW))
                return 2;
        for (int i = 0; i < WTS_WINDOWS; i++) {
                snprintf(t, sizeof t, "%s.%s", title, names[i]);
                w[i] = make("S0TestWts", t, NULL);
                if (!w[i])
                        return 2;
        }
        CHECK(WTSRegisterSessionNotification(w[0], NOTIFY_FOR_ALL_SESSIONS), "register all %u", GetLastError());
        CHECK(WTSRegisterSessionNotification(w[1], NOTIFY_FOR_THIS_SESSION), "register this %u", GetLastError());
        CHECK(WTSRegisterSessionNotification(w[3], NOTIFY_FOR_ALL_SESSIONS), "register twice %u", GetLastError());
        CHECK(WTSRegisterSessionNotification(w[3], NOTIFY_FOR_THIS_SESSION), "register twice again %u", GetLastError());
        CHECK(WTSUnRegisterSessionNotification(w[3]), "unregister twice once %u", GetLastError());
        CHECK(WTSRegisterSessionNotification(w[4], NOTIFY_FOR_ALL_SESSIONS), "register unreg %u", GetLastError());
        CHECK(WTSUnRegisterSessionNotification(w[4]), "unregister unreg %u", GetLastError());
        /* the refusals, with their codes (the call first: argument order is unspecified) */
        BOOL ok;
        SetLastError(0);
        ok = WTSRegisterSessionNotification(NULL, NOTIFY_FOR_ALL_SESSIONS);
        printf("wts_null %d %u\n", ok, GetLastError());
        SetLastError(0);
        ok = WTSRegisterSessionNotification((HWND) (uintptr_t) 0x7ffe0fffu, 0);
        printf("wts_bogus %d %u\n", ok, GetLastError());
        SetLastError(0);
        ok = WTSRegisterSessionNotification(w[2], 2);
        printf("wts_badflags %d %u\n", ok, GetLastError());
        SetLastError(0);
        ok = WTSUnRegisterSessionNotification(w[2]);
        printf("wts_unreg_none %d %u\n", ok, GetLastError());
        SetLastError(0);
        ok = WTSUnRegisterSessionNotification(w[4]);
        printf("wts_unreg_again %d %u\n", ok, GetLastError());
        /* a destroyed window's registration ends with it; its handle names nothing */
        HWND gone = make("S0TestWts", "gone", NULL);
        CHECK(gone && WTSRegisterSessionNotification(gone, NOTIFY_FOR_ALL_SESSIONS), "register gone");
        CHECK(DestroyWindow(gone), "destroy gone");
        SetLastError(0);
        ok = WTSUnRegisterSessionNotification(gone);
        printf("wts_destroyed %d %u\n", ok, GetLastError());
        if (failures)
                return 1;
        FILE *f = fopen(ready, "w");
        if (!f || fprintf(f, "%lu\n", (unsigned long) (uintptr_t) w[0]) < 0 || fclose(f) != 0)
                return 2;
        while (GetMessageW(&m, NULL, 0, 0) > 0) {
                if (m.message == WM_WTSDONE)
                        break;
                for (int i = 0; i < WTS_WINDOWS; i++)
                        if (m.message == WM_WTSSESSION_CHANGE && m.hwnd == w[i]) {
                                count[i]++;
                                printf("change %s %lu %ld\n", names[i], (unsigned long) m.wParam, (long) m.lParam);
                        }
                DispatchMessageW(&m);
        }
        for (int i = 0; i < WTS_WINDOWS; i++)
                printf("summary %s %d\n", names[i], count[i]);
        return 0;
}

static HWND wts_find(const char *title, const char *which) {
        char t[96];
        WCHAR wt[96];
        snprintf(t, sizeof t, "%s.%s", title, which);
        to_w(t, wt, 96);
        return FindWindowW(L"S0TestWts", wt);
}

static int wtsdone(const char *title) {
        HWND h = wts_find(title, "none");
        BOOL ok = h && PostMessageW(h, WM_WTSDONE, 0, 0);
        printf("wtsdone %d %u\n", ok, ok ? 0 : GetLastError());
        return ok ? 0 : 1;
}

static int wtsforeign(const char *title) {
        HWND h = wts_find(title, "all");
        if (!h)
                return 2;
        SetLastError(0);
        BOOL ok = WTSRegisterSessionNotification(h, NOTIFY_FOR_ALL_SESSIONS);
        printf("wts_foreign %d %u\n", ok, GetLastError());
        return 0;
}

/* ---- HWND_BROADCAST and BroadcastSystemMessage (test-broadcast.sh) -------------------
 * bcastrecv TITLE READY [deny]  a top-level window TITLE, a message-only and a child
 *                         window; prints "got WINDOW WPARAM" for each "S0TestBroadcast"
 *                         message (posted or sent) until WPARAM 99 (then drains its
 *                         queue: what was posted before 99 is in it); with deny, answers
 *                         BSF_QUERY WPARAM 8 with BROADCAST_QUERY_DENY
 * bcastsend TITLE MODE    MODE full: every kind of broadcast (WPARAM 1..17) from a
 *                         process that has its own top-level window TITLE; low: 50, 51;
 *                         logons: BSF_LUID in legacy session 0 (30, 31, 8); end: 99 */
#define BCAST_END 99
static UINT bcast_msg;
static HWND bcast_top, bcast_msgonly, bcast_child;
static bool bcast_deny, bcast_ending;

static LRESULT CALLBACK bcast_proc(HWND h, UINT m, WPARAM w, LPARAM l) {
        if (m == bcast_msg && bcast_msg) {
                const char *name = h == bcast_top ? "top" : h == bcast_msgonly ? "msgonly" : h == bcast_child ? "child" : "?";
                printf("got %s %lu\n", name, (unsigned long) w);
                if (w == BCAST_END) {
                        /* a sent message does not make GetMessage return: a posted one does,
                         * and it comes after everything posted before the end */
                        bcast_ending = true;
                        (void) PostMessageW(bcast_top, WM_NULL, 0, 0);
                }
                if (w == 8 && bcast_deny)
                        return BROADCAST_QUERY_DENY;
                return TRUE;
        }
        return DefWindowProcW(h, m, w, l);
}

static int bcast_windows(const char *title) {
        char t[96];
        bcast_msg = RegisterWindowMessageW(L"S0TestBroadcast");
        if (!bcast_msg || !reg("S0TestBcast", bcast_proc))
                return 2;
        bcast_top = make("S0TestBcast", title, NULL);
        snprintf(t, sizeof t, "%s.msgonly", title);
        bcast_msgonly = make("S0TestBcast", t, HWND_MESSAGE);
        snprintf(t, sizeof t, "%s.child", title);
        bcast_child = bcast_top ? make("S0TestBcast", t, bcast_top) : NULL;
        return bcast_top && bcast_msgonly && bcast_child ? 0 : 2;
}

/* Runs what is queued (posted before now) and returns once the queue is empty. */
static void bcast_drain(void) {
        MSG m;
        while (PeekMessageW(&m, NULL, 0, 0, PM_REMOVE))
                DispatchMessageW(&m);
}

static int bcastrecv(const char *title, const char *ready, bool deny) {
        MSG m;
        bcast_deny = deny;
        if (bcast_windows(title))
                return 2;
        FILE *f = fopen(ready, "w");
        if (!f || fprintf(f, "%lu\n", (unsigned long) (uintptr_t) bcast_top) < 0 || fclose(f) != 0)
                return 2;
        while (!bcast_ending && GetMessageW(&m, NULL, 0, 0) > 0)
                DispatchMessageW(&m);
        bcast_drain();
        printf("bcastrecv done\n");
        return 0;
}

static void print_bsminfo(const char *name, long r, const BSMINFO *b) {
        WCHAR dn[64] = { 0 };
        char d8[64] = "-";
        if (b->hdesk && GetUserObjectInformationW(b->hdesk, UOI_NAME, dn, sizeof dn, NULL))
                from_w(dn, d8, sizeof d8);
        printf("%s %ld %u hwnd %lu hdesk %d desk %s luid %lx:%lx\n", name, r, r > 0 ? 0 : GetLastError(),
               (unsigned long) (uintptr_t) b->hwnd, b->hdesk != NULL, d8, (unsigned long) b->luid.LowPart,
               (unsigned long) b->luid.HighPart);
        if (b->hdesk && !CloseDesktop(b->hdesk))
                printf("%s_close 0 %u\n", name, GetLastError());
}

/* BroadcastSystemMessageEx: BSF_LUID to this session's logon session (12 sent, 14
 * posted) and to LocalSystem's (13, nobody here), the denier's BSMINFO (8, which the
 * deny receiver refuses) with and without BSF_RETURNHDESK, and the refusals (15, 16:
 * never delivered). */
static void bsmex(UINT msg) {
        DWORD session = 0;
        long r;
        (void) ProcessIdToSessionId(GetCurrentProcessId(), &session);
        LUID own = { .LowPart = session, .HighPart = 1 }, system = SYSTEM_LUID;
        BSMINFO b = { .cbSize = sizeof b, .luid = own };
        r = BroadcastSystemMessageExW(BSF_LUID, NULL, msg, 12, 0, &b);
        printf("bsmex_luid_own %ld %u\n", r, r > 0 ? 0 : GetLastError());
        b = (BSMINFO){ .cbSize = sizeof b, .luid = system };
        r = BroadcastSystemMessageExW(BSF_LUID | BSF_POSTMESSAGE, NULL, msg, 13, 0, &b);
        printf("bsmex_luid_system %ld %u\n", r, r > 0 ? 0 : GetLastError());
        b = (BSMINFO){ .cbSize = sizeof b, .luid = own };
        r = BroadcastSystemMessageExA(BSF_LUID | BSF_POSTMESSAGE, NULL, msg, 14, 0, &b);
        printf("bsmex_luid_own_post %ld %u\n", r, r > 0 ? 0 : GetLastError());
        b = (BSMINFO){ .cbSize = sizeof b };
        r = BroadcastSystemMessageExW(BSF_QUERY | BSF_RETURNHDESK, NULL, msg, 8, 0, &b);
        print_bsminfo("bsmex_denied_hdesk", r, &b);
        b = (BSMINFO){ .cbSize = sizeof b, .luid = own };
        r = BroadcastSystemMessageExW(BSF_QUERY | BSF_LUID, NULL, msg, 8, 0, &b);
        print_bsminfo("bsmex_denied", r, &b);
        SetLastError(0);
        r = BroadcastSystemMessageExW(BSF_RETURNHDESK | BSF_QUERY, NULL, msg, 15, 0, NULL);
        printf("bsmex_hdesk_nobsm %ld %u\n", r, GetLastError());
        SetLastError(0);
        r = BroadcastSystemMessageExW(BSF_LUID, NULL, msg, 15, 0, NULL);
        printf("bsmex_luid_nobsm %ld %u\n", r, GetLastError());
        SetLastError(0);
        r = BroadcastSystemMessageW(BSF_LUID, NULL, msg, 15, 0);
        printf("bsm_luid %ld %u\n", r, GetLastError());
        b = (BSMINFO){ .cbSize = 0 };
        SetLastError(0);
        r = BroadcastSystemMessageExW(BSF_QUERY, NULL, msg, 16, 0, &b);
        printf("bsmex_cbsize_query %ld %u\n", r, GetLastError());
        b = (BSMINFO){ .cbSize = sizeof b - 1, .luid = own };
        SetLastError(0);
        r = BroadcastSystemMessageExW(BSF_LUID, NULL, msg, 16, 0, &b);
        printf("bsmex_cbsize_luid %ld %u\n", r, GetLastError());
        /* without BSF_QUERY or BSF_LUID the structure is not looked at */
        b = (BSMINFO){ .cbSize = 0 };
        r = BroadcastSystemMessageExW(0, NULL, msg, 17, 0, &b);
        printf("bsmex_unused %ld %u\n", r, r > 0 ? 0 : GetLastError());
}

/* Legacy session 0, two logon sessions in one host: LocalSystem's (the services) and the
 * console user's interactive one, {0, 1}. BSF_LUID to each (30 sent to LocalSystem's,
 * 31 posted to the console's), then a BSF_QUERY the console's deny receiver refuses. */
static void bsm_two_logons(UINT msg) {
        LUID system = SYSTEM_LUID, console = { .LowPart = 0, .HighPart = 1 };
        BSMINFO b = { .cbSize = sizeof b, .luid = system };
        long r = BroadcastSystemMessageExW(BSF_LUID, NULL, msg, 30, 0, &b);
        printf("bsmex_luid_system %ld %u\n", r, r > 0 ? 0 : GetLastError());
        b = (BSMINFO){ .cbSize = sizeof b, .luid = console };
        r = BroadcastSystemMessageExW(BSF_LUID | BSF_POSTMESSAGE, NULL, msg, 31, 0, &b);
        printf("bsmex_luid_console %ld %u\n", r, r > 0 ? 0 : GetLastError());
        b = (BSMINFO){ .cbSize = sizeof b };
        r = BroadcastSystemMessageExW(BSF_QUERY | BSF_RETURNHDESK, NULL, msg, 8, 0, &b);
        print_bsminfo("bsmex_denied_hdesk", r, &b);
}

static int bcastsend(const char *title, const char *mode) {
        DWORD info;
        long r;
        BOOL ok;

        if (bcast_windows(title))
                return 2;
        if (strcmp(mode, "end") == 0) {
                ok = SendMessageW(HWND_BROADCAST, bcast_msg, BCAST_END, 0) != 0;
                printf("end %d %u\n", ok, ok ? 0 : GetLastError());
                return 0;
        }
        if (strcmp(mode, "logons") == 0) {
                bsm_two_logons(bcast_msg);
                bcast_drain();
                return 0;
        }
        if (strcmp(mode, "low") == 0) {
                ok = PostMessageW(HWND_BROADCAST, bcast_msg, 50, 0);
                printf("low_post %d %u\n", ok, ok ? 0 : GetLastError());
                ok = SendMessageW(HWND_BROADCAST, bcast_msg, 51, 0) != 0;
                printf("low_send %d %u\n", ok, ok ? 0 : GetLastError());
                bcast_drain();
                return 0;
        }
        ok = PostMessageW(HWND_BROADCAST, bcast_msg, 1, 0);
        printf("post %d %u\n", ok, ok ? 0 : GetLastError());
        ok = SendMessageW(HWND_BROADCAST, bcast_msg, 2, 0) != 0;
        printf("send %d %u\n", ok, ok ? 0 : GetLastError());
        ok = SendNotifyMessageW(HWND_BROADCAST, bcast_msg, 3, 0);
        printf("notify %d %u\n", ok, ok ? 0 : GetLastError());
        info = BSM_APPLICATIONS;
        r = BroadcastSystemMessageW(BSF_POSTMESSAGE, &info, bcast_msg, 4, 0);
        printf("bsm_post %ld %u info %lu\n", r, r > 0 ? 0 : GetLastError(), (unsigned long) info);
        info = BSM_APPLICATIONS;
        r = BroadcastSystemMessageW(0, &info, bcast_msg, 5, 0);
        printf("bsm_send %ld %u info %lu\n", r, r > 0 ? 0 : GetLastError(), (unsigned long) info);
        r = BroadcastSystemMessageA(BSF_POSTMESSAGE | BSF_IGNORECURRENTTASK, NULL, bcast_msg, 6, 0);
        printf("bsm_ignorecurrent %ld %u\n", r, r > 0 ? 0 : GetLastError());
        info = BSM_APPLICATIONS;
        r = BroadcastSystemMessageW(BSF_QUERY, &info, bcast_msg, 7, 0);
        printf("bsm_query %ld %u\n", r, r > 0 ? 0 : GetLastError());
        r = BroadcastSystemMessageW(BSF_QUERY, NULL, bcast_msg, 8, 0);
        printf("bsm_query_denied %ld %u\n", r, r > 0 ? 0 : GetLastError());
        /* BSF_QUERY wins over BSF_POSTMESSAGE, BSF_POSTMESSAGE over BSF_SENDNOTIFYMESSAGE */
        r = BroadcastSystemMessageW(BSF_QUERY | BSF_POSTMESSAGE, NULL, bcast_msg, 9, 0);
        printf("bsm_query_post %ld %u\n", r, r > 0 ? 0 : GetLastError());
        r = BroadcastSystemMessageW(BSF_POSTMESSAGE | BSF_SENDNOTIFYMESSAGE, NULL, bcast_msg, 11, 0);
        printf("bsm_post_notify %ld %u\n", r, r > 0 ? 0 : GetLastError());
        bsmex(bcast_msg);
        /* the refusals, the call before GetLastError (argument order is unspecified) */
        SetLastError(0);
        r = BroadcastSystemMessageW(0x80000000, NULL, bcast_msg, 9, 0);
        printf("bsm_badflag %ld %u\n", r, GetLastError());
        SetLastError(0);
        info = BSM_ALLDESKTOPS;
        r = BroadcastSystemMessageW(BSF_POSTMESSAGE, &info, bcast_msg, 10, 0);
        printf("bsm_alldesktops %ld %u\n", r, GetLastError());
        SetLastError(0);
        ok = PostMessageW(HWND_BROADCAST, WM_SETTEXT, 0, (LPARAM) L"x");
        printf("post_settext %d %u\n", ok, GetLastError());
        bcast_drain();
        return 0;
}

/* ---- hooks ------------------------------------------------------------------------- */

static int hook_order[8], hook_n;
static DWORD hook_ran_tid;

static LRESULT CALLBACK hook_old(int code, WPARAM w, LPARAM l) {
        MSG *m = (MSG *) l;
        if (hook_n < 8)
                hook_order[hook_n++] = 1;
        if (m->message == WM_POKE)
                m->wParam += HOOK_ALTER;
        return CallNextHookEx(NULL, code, w, l);
}
static LRESULT CALLBACK hook_new_next(int code, WPARAM w, LPARAM l) {
        if (hook_n < 8)
                hook_order[hook_n++] = 2;
        return CallNextHookEx(NULL, code, w, l);
}
static LRESULT CALLBACK hook_new_stop(int code, WPARAM w, LPARAM l) {
        (void) code, (void) w, (void) l;
        if (hook_n < 8)
                hook_order[hook_n++] = 3;
        return 0; /* no CallNextHookEx: the older hook must not run */
}
static LRESULT CALLBACK hook_tid(int code, WPARAM w, LPARAM l) {
        hook_ran_tid = GetCurrentThreadId();
        return CallNextHookEx(NULL, code, w, l);
}
static UINT cwp_msg, cwr_msg;
static LRESULT cwr_result;
static LRESULT CALLBACK hook_cwp(int code, WPARAM w, LPARAM l) {
        cwp_msg = ((CWPSTRUCT *) l)->message;
        return CallNextHookEx(NULL, code, w, l);
}
static LRESULT CALLBACK hook_cwr(int code, WPARAM w, LPARAM l) {
        cwr_msg = ((CWPRETSTRUCT *) l)->message;
        cwr_result = ((CWPRETSTRUCT *) l)->lResult;
        return CallNextHookEx(NULL, code, w, l);
}

static DWORD main_tid;
static HHOOK thread_hook;
static pthread_barrier_t hook_barrier;
static void *hook_main_thread(void *arg) {
        (void) arg;
        thread_hook = SetWindowsHookExW(WH_GETMESSAGE, hook_tid, NULL, main_tid);
        (void) pthread_barrier_wait(&hook_barrier);
        (void) pthread_barrier_wait(&hook_barrier); /* alive while the main thread looks */
        return NULL;
}

/* Posts WM_POKE with wParam 1 to a and returns the wParam GetMessage gave back. */
static WPARAM poke_self(HWND a) {
        MSG m;
        hook_n = 0;
        if (!PostMessageW(a, WM_POKE, 1, 0) || GetMessageW(&m, NULL, 0, 0) != 1 || m.message != WM_POKE)
                return 0;
        return m.wParam;
}

/* One process: the errors, a thread's own hooks, the chain, CallNextHookEx, the cap. */
static int hooks(void) {
        HHOOK hk[40];
        int n = 0;
        CHECK(reg("S0Hooks", basic_proc), "RegisterClassExW %u", GetLastError());
        HWND a = make("S0Hooks", "hooks", NULL);
        CHECK(a, "CreateWindowExW %u", GetLastError());
        main_tid = GetCurrentThreadId();

        SetLastError(0);
        CHECK(!SetWindowsHookExW(99, hook_old, NULL, 0) && GetLastError() == ERROR_INVALID_HOOK_FILTER,
              "type 99 %u", GetLastError());
        printf("hook_bad_type 0 %u\n", GetLastError());
        CHECK(!SetWindowsHookExW(WH_GETMESSAGE, NULL, NULL, 0) && GetLastError() == ERROR_INVALID_FILTER_PROC,
              "NULL proc %u", GetLastError());
        CHECK(!SetWindowsHookExW(WH_SYSMSGFILTER, hook_old, NULL, main_tid) && GetLastError() == ERROR_GLOBAL_ONLY_HOOK,
              "WH_SYSMSGFILTER on a thread %u", GetLastError());
        CHECK(!SetWindowsHookExW(2 /* WH_KEYBOARD */, hook_old, NULL, main_tid) && GetLastError() == ERROR_NOT_SUPPORTED,
              "WH_KEYBOARD %u", GetLastError());
        CHECK(!SetWindowsHookExW(WH_GETMESSAGE, hook_old, NULL, 99999999) && GetLastError() == ERROR_INVALID_PARAMETER,
              "no such thread %u", GetLastError());
        printf("hook_no_thread 0 %u\n", GetLastError());
        CHECK(!UnhookWindowsHookEx(NULL) && GetLastError() == ERROR_INVALID_HOOK_HANDLE, "unhook NULL %u",
              GetLastError());
        CHECK(!UnhookWindowsHookEx((HHOOK) (uintptr_t) 0x7777000) && GetLastError() == ERROR_INVALID_HOOK_HANDLE,
              "unhook a made-up handle %u", GetLastError());

        /* no hook: the message as posted */
        CHECK(poke_self(a) == 1, "unhooked poke");
        /* the thread's own WH_GETMESSAGE hook changes what GetMessage returns */
        HHOOK old = SetWindowsHookExW(WH_GETMESSAGE, hook_old, NULL, main_tid);
        CHECK(old, "SetWindowsHookExW own thread %u", GetLastError());
        CHECK(poke_self(a) == 1 + HOOK_ALTER && hook_n == 1, "hooked poke");
        /* a newer hook runs first; CallNextHookEx reaches the older one */
        HHOOK next = SetWindowsHookExW(WH_GETMESSAGE, hook_new_next, NULL, main_tid);
        CHECK(poke_self(a) == 1 + HOOK_ALTER && hook_n == 2 && hook_order[0] == 2 && hook_order[1] == 1,
              "chain order n=%d", hook_n);
        printf("hook_chain %d%d 0\n", hook_order[0], hook_order[1]);
        CHECK(UnhookWindowsHookEx(next), "unhook %u", GetLastError());
        CHECK(!UnhookWindowsHookEx(next) && GetLastError() == ERROR_INVALID_HOOK_HANDLE, "unhook twice %u",
              GetLastError());
        printf("hook_unhook_twice 0 %u\n", GetLastError());
        /* a newer hook that does not call CallNextHookEx ends the chain */
        HHOOK stop = SetWindowsHookExW(WH_GETMESSAGE, hook_new_stop, NULL, 0);
        CHECK(stop, "desktop-wide hook %u", GetLastError());
        /* thread hooks come before desktop-wide ones, so hook_old runs first and goes on */
        CHECK(poke_self(a) == 1 + HOOK_ALTER && hook_n == 2 && hook_order[0] == 1 && hook_order[1] == 3,
              "thread hook before global n=%d", hook_n);
        CHECK(UnhookWindowsHookEx(old) && UnhookWindowsHookEx(stop), "unhook %u", GetLastError());
        CHECK(poke_self(a) == 1 && hook_n == 0, "unhooked again");

        /* WH_CALLWNDPROC / WH_CALLWNDPROCRET on a SendMessage in the thread */
        HHOOK cwp = SetWindowsHookExW(WH_CALLWNDPROC, hook_cwp, NULL, main_tid);
        HHOOK cwr = SetWindowsHookExW(WH_CALLWNDPROCRET, hook_cwr, NULL, 0);
        CHECK(cwp && cwr, "call hooks %u", GetLastError());
        CHECK(SendMessageW(a, WM_DOUBLE, 21, 0) == 42, "send under hooks");
        CHECK(cwp_msg == WM_DOUBLE && cwr_msg == WM_DOUBLE && cwr_result == 42, "cwp %x cwr %x result %ld", cwp_msg,
              cwr_msg, (long) cwr_result);
        printf("hook_callwndprocret %ld 0\n", (long) cwr_result);
        CHECK(UnhookWindowsHookEx(cwp) && UnhookWindowsHookEx(cwr), "unhook %u", GetLastError());

        /* the cap: 32 per process, the 33rd ERROR_NO_MORE_USER_HANDLES */
        SetLastError(0);
        while (n < 40 && (hk[n] = SetWindowsHookExW(WH_CALLWNDPROC, hook_cwp, NULL, 0)))
                n++;
        CHECK(n == 32 && GetLastError() == ERROR_NO_MORE_USER_HANDLES, "cap %d %u", n, GetLastError());
        printf("hook_cap %d %u\n", n, GetLastError());
        for (int i = 0; i < n; i++)
                CHECK(UnhookWindowsHookEx(hk[i]), "unhook %d %u", i, GetLastError());
        CHECK(SetWindowsHookExW(WH_CALLWNDPROC, hook_cwp, NULL, 0), "after the cap %u", GetLastError());
        /* another thread of this process hooks this one: the procedure runs here, and
         * ends with the thread that installed it */
        pthread_t th;
        CHECK(pthread_barrier_init(&hook_barrier, NULL, 2) == 0, "barrier");
        CHECK(pthread_create(&th, NULL, hook_main_thread, NULL) == 0, "thread");
        (void) pthread_barrier_wait(&hook_barrier); /* the hook is set */
        CHECK(thread_hook, "hook from another thread %u", GetLastError());
        (void) poke_self(a);
        CHECK(hook_ran_tid == main_tid, "hook ran in thread %lu, hooked %lu", (unsigned long) hook_ran_tid,
              (unsigned long) main_tid);
        printf("hook_ran_in_hooked_thread %d 0\n", hook_ran_tid == main_tid);
        (void) pthread_barrier_wait(&hook_barrier); /* it may end now */
        CHECK(pthread_join(th, NULL) == 0, "join");
        hook_ran_tid = 0;
        (void) poke_self(a);
        CHECK(hook_ran_tid == 0, "the hook of an ended thread ran in %lu", (unsigned long) hook_ran_tid);
        printf("hook_of_ended_thread_ran %d 0\n", hook_ran_tid != 0);
        (void) pthread_barrier_destroy(&hook_barrier);
        printf("hooks %s %d\n", failures ? "FAIL" : "ok", failures);
        return failures ? 1 : 0;
}

/* The hooker: hooks thread TID (0: none) of another process and the desktop; reports
 * what its hooks see; its thread-hook adds HOOK_ALTER to WM_POKE's wParam. */
static LRESULT CALLBACK hooker_thread_getmsg(int code, WPARAM w, LPARAM l) {
        MSG *m = (MSG *) l;
        if (m->message == WM_POKE) {
                printf("hooked_getmessage %lu 0\n", (unsigned long) m->wParam);
                m->wParam += HOOK_ALTER;
        }
        return CallNextHookEx(NULL, code, w, l);
}
static LRESULT CALLBACK hooker_global_getmsg(int code, WPARAM w, LPARAM l) {
        MSG *m = (MSG *) l;
        if (m->message == WM_POKE)
                printf("global_getmessage %lu 0\n", (unsigned long) m->wParam);
        return CallNextHookEx(NULL, code, w, l);
}
static LRESULT CALLBACK hooker_cwp(int code, WPARAM w, LPARAM l) {
        CWPSTRUCT *c = (CWPSTRUCT *) l;
        if (c->message == WM_POKE_SEND)
                printf("hooked_callwndproc %lu 0\n", (unsigned long) c->wParam);
        return CallNextHookEx(NULL, code, w, l);
}
static LRESULT CALLBACK hooker_cwr(int code, WPARAM w, LPARAM l) {
        CWPRETSTRUCT *c = (CWPRETSTRUCT *) l;
        if (c->message == WM_POKE_SEND)
                printf("hooked_callwndprocret %ld 0\n", (long) c->lResult);
        return CallNextHookEx(NULL, code, w, l);
}

static int hooker(const char *tid_s, const char *ready, const char *mode) {
        DWORD tid = (DWORD) strtoul(tid_s, NULL, 0);
        MSG m;
        if (tid) {
                SetLastError(0);
                HHOOK a = SetWindowsHookExW(WH_GETMESSAGE, hooker_thread_getmsg, NULL, tid);
                printf("hook_thread %d %u\n", a != NULL, a ? 0 : GetLastError());
                SetLastError(0);
                HHOOK b = SetWindowsHookExW(WH_CALLWNDPROC, hooker_cwp, NULL, tid);
                printf("hook_thread_callwndproc %d %u\n", b != NULL, b ? 0 : GetLastError());
        }
        SetLastError(0);
        HHOOK g = SetWindowsHookExW(WH_GETMESSAGE, hooker_global_getmsg, NULL, 0);
        printf("hook_global %d %u\n", g != NULL, g ? 0 : GetLastError());
        SetLastError(0);
        HHOOK r = SetWindowsHookExW(WH_CALLWNDPROCRET, hooker_cwr, NULL, 0);
        printf("hook_global_callwndprocret %d %u\n", r != NULL, r ? 0 : GetLastError());
        FILE *f = fopen(ready, "w");
        if (!f)
                return 2;
        fprintf(f, "ready\n");
        fclose(f);
        if (strcmp(mode, "once") == 0)
                return 0;
        if (strcmp(mode, "stall") == 0)
                for (;;)
                        pause(); /* a hook thread that never takes its hook calls */
        /* hook calls come in while this thread waits for messages */
        while (GetMessageW(&m, NULL, 0, 0) > 0)
                DispatchMessageW(&m);
        return 0;
}

/* What the service's own session does to it: a sent and a posted message, then the ack. */
static int poke(const char *title, const char *n) {
        WCHAR wt[128];
        to_w(title, wt, 128);
        HWND h = FindWindowW(L"S0TestServer", wt);
        if (!h) {
                printf("poke_find 0 %u\n", GetLastError());
                return 2;
        }
        LRESULT r = SendMessageW(h, WM_POKE_SEND, 5, 0);
        printf("poke_send %ld %u\n", (long) r, r ? 0 : GetLastError());
        BOOL p = PostMessageW(h, WM_POKE, (WPARAM) strtoul(n, NULL, 0), 0) && PostMessageW(h, WM_USER + 8, 0, 0);
        printf("poke_post %d %u\n", p, p ? 0 : GetLastError());
        return r == 6 && p ? 0 : 1;
}

static int pokeagain(const char *title, const char *n1, const char *n2, const char *go) {
        int r = poke(title, n1);
        printf("fast_channel %d 0\n", fast_channels() > 0);
        fflush(stdout);
        FILE *f = fopen(go, "r"); /* a FIFO: blocks until the test writes it */
        char buf[16];
        if (!f || !fgets(buf, sizeof buf, f))
                return 2;
        fclose(f);
        return poke(title, n2) || r;
}

static int flood(const char *title) {
        WCHAR wt[128];
        to_w(title, wt, 128);
        HWND h = FindWindowW(L"S0TestServer", wt);
        int count = 0;
        SetLastError(0);
        while (h && count <= 20000 && PostMessageW(h, WM_USER + 30, (WPARAM) count, 0))
                count++;
        printf("flood %d %u\n", count, GetLastError());
        printf("fast_channel %d 0\n", fast_channels() > 0);
        SetLastError(0);
        BOOL again = PostMessageW(h, WM_USER + 30, 0, 0);
        printf("flood_again %d %u\n", again, GetLastError());
        return 0;
}

struct many_arg {
        HWND h;
        unsigned i;
        bool sent, posted;
        DWORD error;
};

static void *many_thread(void *p) {
        struct many_arg *a = p;
        SetLastError(0);
        a->sent = SendMessageW(a->h, WM_MANY, a->i, 1) == 0 && GetLastError() == 0;
        a->error = GetLastError();
        a->posted = PostMessageW(a->h, WM_MANY, a->i, 0);
        if (!a->posted && !a->error)
                a->error = GetLastError();
        return NULL;
}

static int manysenders(const char *title, const char *count) {
        WCHAR wt[128];
        unsigned n = (unsigned) strtoul(count, NULL, 10);
        static pthread_t th[400];
        static struct many_arg args[400];
        unsigned sent = 0, posted = 0;
        to_w(title, wt, 128);
        HWND h = FindWindowW(L"S0TestServer", wt);
        if (!h || n == 0 || n > 400)
                return 2;
        for (unsigned i = 0; i < n; i++) {
                args[i] = (struct many_arg){ .h = h, .i = i };
                if (pthread_create(&th[i], NULL, many_thread, &args[i]) != 0)
                        return 2;
        }
        for (unsigned i = 0; i < n; i++) {
                pthread_join(th[i], NULL);
                sent += args[i].sent;
                posted += args[i].posted;
        }
        printf("manysenders %u %u\n", sent, posted);
        for (unsigned i = 0; i < n; i++)
                if (args[i].error) {
                        printf("manysenders_first_error %u %lu\n", i, (unsigned long) args[i].error);
                        break;
                }
        return 0;
}

static int abortifhung(const char *title, const char *timeout) {
        WCHAR wt[128];
        DWORD_PTR res = 0;
        to_w(title, wt, 128);
        HWND h = FindWindowW(L"S0TestServer", wt);
        SetLastError(0);
        LRESULT r = h ? SendMessageTimeoutW(h, WM_DOUBLE, 2, 0, SMTO_ABORTIFHUNG, (UINT) strtoul(timeout, NULL, 10), &res)
                      : 0;
        printf("abortifhung %ld %u %lu\n", (long) r, r ? 0 : GetLastError(), (unsigned long) res);
        return 0;
}

static int notifyforever(const char *title) {
        WCHAR wt[128];
        to_w(title, wt, 128);
        HWND h = FindWindowW(L"S0TestServer", wt);
        BOOL r = h && SendNotifyMessageW(h, WM_FOREVER, 0, 0);
        printf("notifyforever %d %u\n", r, GetLastError());
        return r ? 0 : 1;
}

/* ATTACKS A3: the service window's text and WM_COPYDATA, by whatever means there are. */
static int textattack(const char *title, const char *guess, const char *file) {
        WCHAR wt[128], buf[64];
        char t8[64];
        to_w(title, wt, 128);
        HWND h = FindWindowW(L"S0TestServer", wt);
        HWND target = h ? h : (HWND) (uintptr_t) strtoul(guess, NULL, 0);
        COPYDATASTRUCT cds = { .dwData = 3, .cbData = (DWORD) strlen(file), .lpData = (PVOID) file };
        SetLastError(0);
        LRESULT r = SendMessageW(target, WM_COPYDATA, 0, (LPARAM) &cds);
        printf("WM_COPYDATA %ld %u\n", (long) r, GetLastError());
        SetLastError(0);
        r = SendMessageW(target, WM_GETTEXT, 64, (LPARAM) buf);
        from_w(r > 0 ? buf : L"", t8, sizeof t8);
        printf("WM_GETTEXT %ld %u '%s'\n", (long) r, GetLastError(), t8);
        SetLastError(0);
        r = SendMessageW(target, WM_SETTEXT, 0, (LPARAM) L"pwned");
        printf("WM_SETTEXT %ld %u\n", (long) r, GetLastError());
        SetLastError(0);
        int n = GetWindowTextW(target, buf, 64);
        from_w(n > 0 ? buf : L"", t8, sizeof t8);
        printf("GetWindowText %d %u '%s'\n", n, GetLastError(), t8);
        SetLastError(0);
        n = InternalGetWindowText(target, buf, 64);
        from_w(n > 0 ? buf : L"", t8, sizeof t8);
        printf("InternalGetWindowText %d %u '%s'\n", n, GetLastError(), t8);
        return 0;
}

/* The title of window HWND as the service's own session reads it. */
static int title_of(const char *hwnd_s) {
        WCHAR buf[64];
        char t8[64];
        int n = InternalGetWindowText((HWND) (uintptr_t) strtoul(hwnd_s, NULL, 0), buf, 64);
        from_w(n > 0 ? buf : L"", t8, sizeof t8);
        printf("title %d %u '%s'\n", n, n ? 0 : GetLastError(), t8);
        return n > 0 ? 0 : 1;
}

/* ---- desktops ----------------------------------------------------------------------- */

#define WM_DESK_PING (WM_USER + 60)
#define DESK_CAP 64 /* created desktops per window station (docs/WINDOWS.md) */
static int desk_got[2];          /* WM_DESK_PING seen by the window on [0] Default, [1] DeskB */
static int desk_hooked[2];       /* ... and by this process's desktop-wide WH_GETMESSAGE hook */
static HWND desk_hwnd[2];
static pthread_barrier_t desk_barrier;
static HDESK desk_b;
static DWORD desk_b_tid;

static LRESULT CALLBACK desk_proc(HWND h, UINT m, WPARAM w, LPARAM l) {
        if (m == WM_DESK_PING)
                desk_got[h == desk_hwnd[1]]++;
        if (m == WM_DOUBLE)
                return (LRESULT) (w * 2);
        return DefWindowProcW(h, m, w, l);
}

static LRESULT CALLBACK desk_hook(int code, WPARAM w, LPARAM l) {
        const MSG *m = (const MSG *) l;
        if (m->message == WM_DESK_PING)
                desk_hooked[m->hwnd == desk_hwnd[1]]++;
        return CallNextHookEx(NULL, code, w, l);
}

static BOOL CALLBACK desk_find_in_enum(HWND h, LPARAM l) {
        HWND *want = (HWND *) l;
        if (h == want[0])
                want[1] = h;
        return TRUE;
}

static bool enum_sees(HWND h) {
        HWND want[2] = { h, NULL };
        EnumWindows(desk_find_in_enum, (LPARAM) want);
        return want[1] != NULL;
}

static void desk_name(HDESK d, const char *label) {
        WCHAR w[64];
        char n[64] = "?";
        if (d && GetUserObjectInformationW(d, UOI_NAME, w, sizeof w, NULL))
                from_w(w, n, sizeof n);
        printf("%s %s 0\n", label, n);
}

/* Drains the calling thread's posted messages (none waits: posts are queued before
 * PostMessage returns), dispatching them. */
static void desk_drain(void) {
        MSG m;
        while (PeekMessageW(&m, NULL, 0, 0, PM_REMOVE))
                DispatchMessageW(&m);
}

static void *desk_thread(void *arg) {
        HDESK dflt = arg;
        (void) arg;
        desk_b_tid = GetCurrentThreadId();
        BOOL ok = SetThreadDesktop(desk_b);
        printf("set_thread_desktop_b %d %u\n", ok, ok ? 0 : GetLastError());
        printf("thread_desktop_is_b %d 0\n", GetThreadDesktop(GetCurrentThreadId()) == desk_b);
        desk_name(GetThreadDesktop(0), "thread_b_desktop");
        desk_hwnd[1] = make("S0TestDesk", "OnDeskB", NULL);
        printf("window_on_b %d %u\n", desk_hwnd[1] != NULL, desk_hwnd[1] ? 0 : GetLastError());
        pthread_barrier_wait(&desk_barrier); /* 1: both windows exist */
        HWND f = FindWindowW(L"S0TestDesk", L"OnDeskB");
        printf("b_finds_b %d %u\n", f == desk_hwnd[1], f ? 0 : GetLastError());
        f = FindWindowW(L"S0TestDesk", L"OnDefault");
        printf("b_finds_default %d %u\n", f != NULL, f ? 0 : GetLastError());
        printf("b_enum_sees_b %d 0\n", enum_sees(desk_hwnd[1]));
        printf("b_enum_sees_default %d 0\n", enum_sees(desk_hwnd[0]));
        SetLastError(0);
        ok = SetThreadDesktop(dflt);
        printf("set_thread_desktop_with_window %d %u\n", ok, ok ? 0 : GetLastError());
        SetLastError(0);
        LRESULT r = SendMessageW(desk_hwnd[0], WM_DOUBLE, 21, 0);
        printf("b_sends_default %ld %u\n", (long) r, GetLastError());
        pthread_barrier_wait(&desk_barrier); /* 2: Default has broadcast */
        desk_drain();
        /* our own broadcast reaches our window, not Default's */
        PostMessageW(HWND_BROADCAST, WM_DESK_PING, 0, 0);
        desk_drain();
        pthread_barrier_wait(&desk_barrier); /* 3: counted */
        pthread_barrier_wait(&desk_barrier); /* 4: Default's checks of us are done */
        DestroyWindow(desk_hwnd[1]);
        ok = SetThreadDesktop(dflt);
        printf("set_thread_desktop_after_destroy %d %u\n", ok, ok ? 0 : GetLastError());
        return NULL;
}

/* A thread with a fast-path channel to a Default window moves to DeskB: the channel
 * goes with the move, so its next post is refused like any post across desktops. */
static void *desk_move_thread(void *arg) {
        (void) arg;
        SetLastError(0);
        BOOL ok = PostMessageW(desk_hwnd[0], WM_USER + 77, 0, 0);
        printf("move_posts_default %d %u\n", ok, ok ? 0 : GetLastError());
        printf("move_has_channel %d 0\n", fast_channels() > 0);
        ok = SetThreadDesktop(desk_b);
        printf("move_set_b %d %u\n", ok, ok ? 0 : GetLastError());
        SetLastError(0);
        ok = PostMessageW(desk_hwnd[0], WM_USER + 77, 0, 0);
        printf("move_posts_default_from_b %d %u\n", ok, ok ? 0 : GetLastError());
        return NULL;
}

static void *desk_hook_thread(void *arg) {
        HHOOK hk = SetWindowsHookExW(WH_GETMESSAGE, desk_hook, NULL, GetCurrentThreadId());
        SetLastError(0);
        BOOL ok = SetThreadDesktop(desk_b);
        printf("set_thread_desktop_with_hook %d %u\n", ok, ok ? 0 : GetLastError());
        UnhookWindowsHookEx(hk);
        ok = SetThreadDesktop(desk_b);
        printf("set_thread_desktop_after_unhook %d %u\n", ok, ok ? 0 : GetLastError());
        ok = SetThreadDesktop((HDESK) arg);
        printf("set_thread_desktop_back %d %u\n", ok, ok ? 0 : GetLastError());
        return NULL;
}

static void desk_create_errors(void) {
        char longname[80];
        HDESK d;
        SetLastError(0);
        d = CreateDesktopA("", NULL, NULL, 0, GENERIC_ALL_DESKTOP, NULL);
        printf("create_empty %d %u\n", d != NULL, GetLastError());
        SetLastError(0);
        d = CreateDesktopA("a\\b", NULL, NULL, 0, GENERIC_ALL_DESKTOP, NULL);
        printf("create_backslash %d %u\n", d != NULL, GetLastError());
        SetLastError(0);
        d = CreateDesktopW(NULL, NULL, NULL, 0, GENERIC_ALL_DESKTOP, NULL);
        printf("create_null %d %u\n", d != NULL, GetLastError());
        memset(longname, 'x', 64);
        longname[64] = 0;
        SetLastError(0);
        d = CreateDesktopA(longname, NULL, NULL, 0, GENERIC_ALL_DESKTOP, NULL);
        printf("create_long %d %u\n", d != NULL, GetLastError());
        SetLastError(0);
        d = CreateDesktopA("WithDevice", "DISPLAY", NULL, 0, GENERIC_ALL_DESKTOP, NULL);
        printf("create_device %d %u\n", d != NULL, GetLastError());
        SetLastError(0);
        d = OpenDesktopA("NoSuchDesktop", 0, FALSE, GENERIC_ALL_DESKTOP);
        printf("open_missing %d %u\n", d != NULL, GetLastError());
}

/* Creates desktops until the cap; closes them; a closed one is gone. */
static void desk_cap(void) {
        static HDESK made[DESK_CAP + 1];
        char name[32];
        int n = 0;
        DWORD e = 0;
        while (n <= (int) DESK_CAP) {
                snprintf(name, sizeof name, "Cap%d", n);
                HDESK d = CreateDesktopA(name, NULL, NULL, 0, GENERIC_ALL_DESKTOP, NULL);
                if (!d) {
                        e = GetLastError();
                        break;
                }
                made[n++] = d;
        }
        /* DeskB exists already: it counts */
        printf("desktop_cap %d %u\n", n + 1, e);
        for (int i = 0; i < n; i++)
                CloseDesktop(made[i]);
        SetLastError(0);
        HDESK d = OpenDesktopA("Cap0", 0, FALSE, GENERIC_ALL_DESKTOP);
        printf("closed_desktop_is_gone %d %u\n", d != NULL, d ? 0 : GetLastError());
}

static BOOL CALLBACK desk_enum_proc(LPWSTR name, LPARAM l) {
        char n[64];
        from_w(name, n, sizeof n);
        printf("enum_desktop %s 0\n", n);
        (void) l;
        return TRUE;
}

static int desktops(void) {
        pthread_t t;
        if (!reg("S0TestDesk", desk_proc))
                return 2;
        HDESK dflt = GetThreadDesktop(GetCurrentThreadId());
        desk_name(dflt, "startup_desktop");
        printf("get_thread_desktop_same_handle %d 0\n", GetThreadDesktop(0) == dflt);
        SetLastError(0);
        BOOL closed = CloseDesktop(dflt);
        printf("close_startup_desktop %d %u\n", closed, GetLastError());
        desk_create_errors();

        SetLastError(0xdeadbeef);
        desk_b = CreateDesktopA("DeskB", NULL, NULL, 0, GENERIC_ALL_DESKTOP, NULL);
        printf("create_b %d %u\n", desk_b != NULL, GetLastError());
        SetLastError(0xdeadbeef);
        HDESK again = CreateDesktopW(L"deskb", NULL, NULL, 0, GENERIC_ALL_DESKTOP, NULL);
        printf("create_existing %d %u\n", again != NULL && again != desk_b, GetLastError());
        desk_name(again, "existing_name");
        printf("create_keeps_thread_desktop %d 0\n", GetThreadDesktop(0) == dflt);
        EnumDesktopsW(NULL, desk_enum_proc, 0);
        desk_cap();

        /* a thread with a hook cannot change desktops */
        pthread_create(&t, NULL, desk_hook_thread, dflt);
        pthread_join(t, NULL);

        HHOOK global = SetWindowsHookExW(WH_GETMESSAGE, desk_hook, NULL, 0); /* this desktop's threads */
        pthread_barrier_init(&desk_barrier, NULL, 2);
        desk_hwnd[0] = make("S0TestDesk", "OnDefault", NULL);
        pthread_create(&t, NULL, desk_thread, dflt);
        pthread_barrier_wait(&desk_barrier); /* 1 */
        HWND f = FindWindowW(L"S0TestDesk", L"OnDeskB");
        printf("default_finds_b %d %u\n", f != NULL, f ? 0 : GetLastError());
        f = FindWindowW(L"S0TestDesk", L"OnDefault");
        printf("default_finds_default %d %u\n", f == desk_hwnd[0], f ? 0 : GetLastError());
        printf("default_enum_sees_b %d 0\n", enum_sees(desk_hwnd[1]));
        printf("default_enum_sees_default %d 0\n", enum_sees(desk_hwnd[0]));
        printf("is_window_b %d 0\n", IsWindow(desk_hwnd[1]));
        SetLastError(0);
        LRESULT r = SendMessageW(desk_hwnd[1], WM_DOUBLE, 21, 0);
        printf("default_sends_b %ld %u\n", (long) r, GetLastError());
        SetLastError(0);
        BOOL ok = PostMessageW(desk_hwnd[1], WM_DESK_PING, 0, 0);
        printf("default_posts_b %d %u\n", ok, ok ? 0 : GetLastError());
        SetLastError(0);
        ok = PostThreadMessageW(desk_b_tid, WM_DESK_PING, 0, 0);
        printf("default_posts_thread_b %d %u\n", ok, ok ? 0 : GetLastError());
        SetLastError(0);
        closed = CloseDesktop(desk_b);
        printf("close_desktop_in_use %d %u\n", closed, GetLastError());
        printf("get_other_thread_desktop %d 0\n", GetThreadDesktop(desk_b_tid) == desk_b);
        /* broadcasts: posted, sent, BroadcastSystemMessage; B's window gets none */
        PostMessageW(HWND_BROADCAST, WM_DESK_PING, 0, 0);
        DWORD_PTR res;
        SendMessageTimeoutW(HWND_BROADCAST, WM_DESK_PING, 0, 0, SMTO_NORMAL, 5000, &res);
        DWORD info = BSM_APPLICATIONS;
        BroadcastSystemMessageW(BSF_POSTMESSAGE, &info, WM_DESK_PING, 0, 0);
        desk_drain();
        pthread_barrier_wait(&desk_barrier); /* 2 */
        pthread_barrier_wait(&desk_barrier); /* 3: B broadcast once, to itself */
        printf("default_window_pings %d 0\n", desk_got[0]);
        printf("b_window_pings %d 0\n", desk_got[1]);
        printf("hook_saw_default %d 0\n", desk_hooked[0]);
        printf("hook_saw_b %d 0\n", desk_hooked[1]);
        UnhookWindowsHookEx(global);
        pthread_t mover;
        pthread_create(&mover, NULL, desk_move_thread, NULL);
        pthread_join(mover, NULL);
        desk_drain();

        /* the input desktop */
        ok = SwitchDesktop(desk_b);
        printf("switch_to_b %d %u\n", ok, ok ? 0 : GetLastError());
        HDESK in = OpenInputDesktop(0, FALSE, DESKTOP_SWITCHDESKTOP);
        desk_name(in, "input_desktop");
        if (in)
                CloseDesktop(in);
        ok = SwitchDesktop(dflt);
        printf("switch_back %d %u\n", ok, ok ? 0 : GetLastError());
        pthread_barrier_wait(&desk_barrier); /* 4 */
        pthread_join(t, NULL);

        /* DeskB: our two handles, no thread, no window left: closing them frees it */
        printf("close_b %d 0\n", CloseDesktop(desk_b) && CloseDesktop(again));
        SetLastError(0);
        HDESK gone = OpenDesktopA("DeskB", 0, FALSE, GENERIC_ALL_DESKTOP);
        printf("b_is_gone %d %u\n", gone != NULL, gone ? 0 : GetLastError());
        DestroyWindow(desk_hwnd[0]);
        printf("desktops done %d\n", failures);
        return failures ? 1 : 0;
}

/* A thread on desktop desk: created (server) or opened (attack). */
static int desk_enter(const char *desk, bool create) {
        HDESK d = create ? CreateDesktopA(desk, NULL, NULL, 0, GENERIC_ALL_DESKTOP, NULL)
                         : OpenDesktopA(desk, 0, FALSE, GENERIC_ALL_DESKTOP);
        BOOL ok = d && SetThreadDesktop(d);
        printf("desk_enter %d %u\n", ok, ok ? 0 : GetLastError());
        return ok ? 0 : 2;
}

int main(int argc, char **argv) {
        setvbuf(stdout, NULL, _IOLBF, 0);
        if (argc >= 2 && strcmp(argv[1], "desktops") == 0)
                return desktops();
        if (argc >= 6 && strcmp(argv[1], "deskserver") == 0)
                return desk_enter(argv[2], true) ? 2 : server(argv[3], argv[4], argv[5]);
        if (argc >= 6 && strcmp(argv[1], "deskattack") == 0)
                return desk_enter(argv[2], false) ? 2 : attack(argv[3], argv[4], argv[5]);
        if (argc >= 2 && strcmp(argv[1], "basics") == 0)
                return basics();
        if (argc >= 3 && strcmp(argv[1], "server") == 0)
                return server(argv[2], argc >= 4 ? argv[3] : NULL, argc >= 5 ? argv[4] : NULL);
        if (argc >= 3 && strcmp(argv[1], "client") == 0)
                return client(argv[2]);
        if (argc >= 3 && strcmp(argv[1], "sendhang") == 0)
                return sendhang(argv[2]);
        if (argc >= 5 && strcmp(argv[1], "timerattack") == 0)
                return timerattack(argv[2], argv[3], argv[4]);
        if (argc >= 2 && strcmp(argv[1], "stations") == 0)
                return stations(argc - 2, argv + 2);
        if (argc >= 3 && strcmp(argv[1], "visible") == 0)
                return visible(argv[2]);
        if (argc >= 4 && strcmp(argv[1], "wtswatch") == 0)
                return wtswatch(argv[2], argv[3]);
        if (argc >= 3 && strcmp(argv[1], "wtsdone") == 0)
                return wtsdone(argv[2]);
        if (argc >= 3 && strcmp(argv[1], "wtsforeign") == 0)
                return wtsforeign(argv[2]);
        if (argc >= 4 && strcmp(argv[1], "bcastrecv") == 0)
                return bcastrecv(argv[2], argv[3], argc >= 5 && strcmp(argv[4], "deny") == 0);
        if (argc >= 4 && strcmp(argv[1], "bcastsend") == 0)
                return bcastsend(argv[2], argv[3]);
        if (argc >= 2 && strcmp(argv[1], "hooks") == 0)
                return hooks();
        if (argc >= 4 && strcmp(argv[1], "hooker") == 0)
                return hooker(argv[2], argv[3], argc >= 5 ? argv[4] : "");
        if (argc >= 4 && strcmp(argv[1], "poke") == 0)
                return poke(argv[2], argv[3]);
        if (argc >= 6 && strcmp(argv[1], "pokeagain") == 0)
                return pokeagain(argv[2], argv[3], argv[4], argv[5]);
        if (argc >= 3 && strcmp(argv[1], "flood") == 0)
                return flood(argv[2]);
        if (argc >= 4 && strcmp(argv[1], "manysenders") == 0)
                return manysenders(argv[2], argv[3]);
        if (argc >= 4 && strcmp(argv[1], "abortifhung") == 0)
                return abortifhung(argv[2], argv[3]);
        if (argc >= 3 && strcmp(argv[1], "notifyforever") == 0)
                return notifyforever(argv[2]);
        if (argc >= 5 && strcmp(argv[1], "textattack") == 0)
                return textattack(argv[2], argv[3], argv[4]);
        if (argc >= 3 && strcmp(argv[1], "title") == 0)
                return title_of(argv[2]);
        if (argc >= 5 && strcmp(argv[1], "attack") == 0)
                return attack(argv[2], argv[3], argv[4]);
        fprintf(stderr, "usage: test-windows basics|server TITLE [DIR [READY]]|client TITLE|sendhang TITLE|attack TITLE HWND FILE\n");
        return 2;
}
