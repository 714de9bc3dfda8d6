/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * MessageBoxW/A, MessageBoxExW/A, MessageBoxTimeoutW/A (docs/WINDOWS.md "Message boxes";
 * the decisions in docs/DECISIONS.md). There is no screen: a message box is what
 * WTSSendMessage shows, the session's s0-msgagent on its terminal, through session0d.
 * Where it goes follows the caller's session, read from the kernel (its cgroup):
 *
 *  - a user session: shown there (a process may WTSSendMessage to its own session: the
 *    daemon lets the session's user, and root, send to it); the answer is returned;
 *    MB_SERVICE_NOTIFICATION / MB_DEFAULT_DESKTOP_ONLY change nothing there (the
 *    session's own desktop is its active one);
 *  - session 0: shown on a desktop nobody sees, with MB_SERVICE_NOTIFICATION too, which
 *    reaches users only on XP/2003 (SEMANTICS.md section 9). The attempt is reported to
 *    the audit journal as a ui0 event (s0-ui0detect tells the interactive user, and
 *    that the supported way is WTSSendMessage) and the thread blocks, as the classic
 *    hung service does on Windows; MessageBoxTimeout returns IDTIMEOUT when its timeout
 *    passes, as it would there. In legacy mode, where the console user shares session 0
 *    (XP), the box is shown to that user instead, with or without the flag.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <session0/session0.h>
#include <session0/wts.h>

#include "win32.h"
#include "winuser.h"
#include "wtsmessage.h"

/* Every bit MessageBox defines (MB_TYPEMASK .. MB_SERVICE_NOTIFICATION); others are
 * ERROR_INVALID_MSGBOX_STYLE, as on Windows. */
#define MSGBOX_KNOWN_BITS 0x003FFFFFu
/* What the message agent is given: the buttons, the default button and the icon. The
 * rest (modality, MB_TOPMOST, MB_RIGHT...) has no meaning on a terminal. */
#define MSGBOX_WIRE_BITS ((uint32_t) (MB_TYPEMASK | MB_ICONMASK | MB_DEFMASK))
#define MSGBOX_TO_CONSOLE ((uint32_t) (MB_SERVICE_NOTIFICATION | MB_DEFAULT_DESKTOP_ONLY))
#define MSGBOX_NO_TIMEOUT 0u /* the daemon's maximum, one hour: nothing waits without bound */

static_assert(MSGBOX_KNOWN_BITS == S0_MB_KNOWN, "MessageBox and WTSSendMessage know the same MB_* bits");
static_assert(MB_TYPEMASK == S0_MB_TYPEMASK && MB_CANCELTRYCONTINUE == S0_MB_TYPE_LAST, "MB_ types on the wire");

/* A copy of s cut to at most max - 1 bytes, not inside a UTF-8 sequence: MessageBox
 * has no length limit, the agent's box has (S0_MSG_TITLE_MAX, S0_MSG_TEXT_MAX). */
static void copy_cut(char *dst, size_t max, const char *s) {
        size_t n = strlen(s);

        if (n >= max) {
                n = max - 1;
                while (n > 0 && ((unsigned char) s[n] & 0xC0) == 0x80) /* s[n] continues a sequence */
                        n--;
        }
        memcpy(dst, s, n);
        dst[n] = 0;
}

/* "EXE (pid P, uid U): MessageBox 'TITLE'", as the session host names a window. */
static void ui0_target(char *buf, size_t size, const char *title) {
        char exe[64] = "";
        FILE *f = fopen("/proc/self/comm", "re");
        size_t l;

        if (f) {
                if (!fgets(exe, sizeof exe, f))
                        exe[0] = 0;
                fclose(f);
        }
        exe[strcspn(exe, "\n")] = 0;
        (void) snprintf(buf, size, "%s (pid %d, uid %u): MessageBox '", exe[0] ? exe : "?", (int) getpid(),
                        (unsigned) getuid());
        /* then the title, cut to what is left (the journal keeps a target's beginning) */
        l = strlen(buf);
        if (l + 2 >= size) /* no room for a title and its quote (comm is at most 15 bytes) */
                return;
        copy_cut(buf + l, size - l - 1, title);
        l = strlen(buf);
        buf[l] = '\'';
        buf[l + 1] = 0;
}

/* Session 0, no MB_SERVICE_NOTIFICATION: nobody can see it. Tell the journal (best
 * effort: the box is invisible whether or not it is recorded), then wait as the caller
 * would on Windows for an answer that cannot come: timeout_ms 0 forever. */
static int invisible_box(struct s0_client *c, const char *title, DWORD timeout_ms) {
        char target[S0_EVENT_TARGET_MAX];
        struct timespec ts;

        ui0_target(target, sizeof target, title);
        (void) s0_audit_report(c, S0_EVENT_UI0, 0, target, 0);
        s0_client_close(c);
        if (timeout_ms == 0)
                for (;;)
                        (void) pause(); /* the hung service: only a signal (or SCM's kill) ends it */
        ts.tv_sec = timeout_ms / 1000;
        ts.tv_nsec = (long) (timeout_ms % 1000) * 1000000;
        while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
                ;
        SetLastError(ERROR_SUCCESS);
        return IDTIMEOUT;
}

/* Both variants end here with UTF-8 strings (NULL: Windows' defaults). timeout_ms 0: none. */
static int message_box(HWND hwnd, const char *text, const char *caption, UINT type, DWORD timeout_ms) {
        char title[S0_MSG_TITLE_MAX], body[S0_MSG_TEXT_MAX];
        struct s0_client *c = NULL;
        uint32_t session, target, resp = 0;
        uint32_t timeout_s = timeout_ms ? (timeout_ms + 999) / 1000 : MSGBOX_NO_TIMEOUT;
        int r;

        if ((type & ~MSGBOX_KNOWN_BITS) || (type & MB_TYPEMASK) > MB_CANCELTRYCONTINUE)
                return s0_win32_fail(ERROR_INVALID_MSGBOX_STYLE);
        /* "If this flag is set, the hWnd parameter must be NULL" (MessageBox). */
        if ((type & MSGBOX_TO_CONSOLE) && hwnd)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        if (hwnd && !IsWindow(hwnd))
                return s0_win32_fail(ERROR_INVALID_WINDOW_HANDLE);
        copy_cut(title, sizeof title, caption ? caption : "Error"); /* NULL caption: "Error" */
        copy_cut(body, sizeof body, text ? text : "");

        r = s0_pid_session(getpid(), &session);
        if (r < 0)
                return s0_win32_fail(s0_win32_message_error(-ESRCH, NULL));
        r = s0_client_open(NULL, &c);
        if (r < 0)
                return s0_win32_fail(ERROR_NOT_SUPPORTED);
        target = session;
        if (session == 0) {
                uint32_t console = S0_SESSION_NONE;

                (void) s0_console_session(c, &console); /* none, whatever failed */
                /* Vista+: nobody sees session 0, and MB_SERVICE_NOTIFICATION does not change
                 * that ("reaches users only on XP/2003", SEMANTICS.md section 9): the
                 * supported way is WTSSendMessage to the user's session. */
                if (console != 0)
                        return invisible_box(c, title, timeout_ms);
                /* else legacy mode: the console user shares session 0 (XP), who sees it */
        }
        /* MB_SERVICE_NOTIFICATION from a user session: its active desktop, its own. */
        r = s0_send_message(c, target, title, body, type & MSGBOX_WIRE_BITS, timeout_s, true, &resp);
        s0_client_close(c);
        if (r < 0)
                return s0_win32_fail(s0_win32_message_error(r, NULL));
        SetLastError(ERROR_SUCCESS);
        return (int) resp;
}

static int message_box_w(HWND hwnd, LPCWSTR text, LPCWSTR caption, UINT type, DWORD timeout_ms) {
        char *t = NULL, *cap = NULL;
        uint32_t e = 0;
        int ret;

        if (text)
                e = s0_win32_utf16_to_utf8(text, 0, &t);
        if (e == 0 && caption)
                e = s0_win32_utf16_to_utf8(caption, 0, &cap);
        if (e != 0) {
                free(t);
                return s0_win32_fail(e == ERROR_INVALID_NAME ? ERROR_INVALID_PARAMETER : e);
        }
        ret = message_box(hwnd, t, cap, type, timeout_ms);
        free(t);
        free(cap);
        return ret;
}

/* INFINITE and 0 both mean "no timeout" to MessageBoxTimeout. */
static DWORD timeout_of(DWORD ms) {
        return ms == 0xFFFFFFFFu ? 0 : ms;
}

WINUSERAPI int WINAPI MessageBoxW(HWND hWnd, LPCWSTR lpText, LPCWSTR lpCaption, UINT uType) {
        return message_box_w(hWnd, lpText, lpCaption, uType, 0);
}

WINUSERAPI int WINAPI MessageBoxA(HWND hWnd, LPCSTR lpText, LPCSTR lpCaption, UINT uType) {
        return message_box(hWnd, lpText, lpCaption, uType, 0);
}

WINUSERAPI int WINAPI MessageBoxExW(HWND hWnd, LPCWSTR lpText, LPCWSTR lpCaption, UINT uType, WORD wLanguageId) {
        (void) wLanguageId; /* the agent's buttons are in its own language */
        return message_box_w(hWnd, lpText, lpCaption, uType, 0);
}

WINUSERAPI int WINAPI MessageBoxExA(HWND hWnd, LPCSTR lpText, LPCSTR lpCaption, UINT uType, WORD wLanguageId) {
        (void) wLanguageId;
        return message_box(hWnd, lpText, lpCaption, uType, 0);
}

WINUSERAPI int WINAPI MessageBoxTimeoutW(HWND hWnd, LPCWSTR lpText, LPCWSTR lpCaption, UINT uType, WORD wLanguageId,
                                         DWORD dwMilliseconds) {
        (void) wLanguageId;
        return message_box_w(hWnd, lpText, lpCaption, uType, timeout_of(dwMilliseconds));
}

WINUSERAPI int WINAPI MessageBoxTimeoutA(HWND hWnd, LPCSTR lpText, LPCSTR lpCaption, UINT uType, WORD wLanguageId,
                                         DWORD dwMilliseconds) {
        (void) wLanguageId;
        return message_box(hWnd, lpText, lpCaption, uType, timeout_of(dwMilliseconds));
}
