/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ANSI and Unicode windows, written as a Windows program built WITHOUT UNICODE: the
 * generic names (RegisterClassEx, CreateWindowEx, GetMessage, DispatchMessage,
 * DefWindowProc, SendMessage, SetWindowText, WNDCLASSEX, ...) are the A functions, and
 * an ANSI window's procedure gets UTF-8 text (the ANSI code page here). The Unicode
 * side uses the W names explicitly. Prints "name value lasterror" lines and "FAIL ..."
 * for in-process checks; exits non-zero if any failed.
 *
 *   local          one process: an ANSI and a Unicode message-only window, text both
 *                  ways, CREATESTRUCTA, truncation, WM_GETTEXTLENGTH, subclassing across
 *                  character sets (GetWindowLongPtr handles, CallWindowProc), a message
 *                  loop, error codes
 *   server READY   an ANSI message-only window and a message loop; READY gets its HWND.
 *                  WM_LASTBYTE(i) answers byte i of the last WM_SETTEXT text its
 *                  procedure got (-1 past the end); WM_TALKTO(hwnd) has it set and read
 *                  the text of that (Unicode) window with the A functions; WM_CLOSE ends it
 *   wpeer HWND     a Unicode window in another process talking to the server's
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <windows.h>

#include "check.h"

#ifdef UNICODE
#error "test-ansi is the A API's test: it must be built without UNICODE"
#endif

#define WM_LASTBYTE (WM_USER + 10)
#define WM_TALKTO (WM_USER + 11)
#define WM_PING (WM_USER + 12)

/* U+00FC U+00DF U+20AC U+1D11E: 1-, 2-, 3- and 4-byte UTF-8; a surrogate pair in UTF-16 */
#define A_TEXT "Gr\xc3\xbc\xc3\x9f" "e \xe2\x82\xac\xf0\x9d\x84\x9e" /* 15 bytes */
#define W_TEXT ((const WCHAR *) u"Gr\u00fc\u00dfe \u20ac\U0001D11E")   /* 9 units */
#define A_TEXT2 "\xc3\x84rger \xe2\x82\xac"                              /* 10 bytes */
#define W_TEXT2 ((const WCHAR *) u"\u00c4rger \u20ac")                  /* 7 units */


static size_t wlen(const WCHAR *s) {
        size_t n = 0;
        while (s[n])
                n++;
        return n;
}
static bool weq(const WCHAR *a, const WCHAR *b) { return wlen(a) == wlen(b) && memcmp(a, b, wlen(a) * 2) == 0; }

/* ---- what the procedures saw -------------------------------------------------------- */

static char a_settext[256];     /* the last WM_SETTEXT the ANSI procedure got, as bytes */
static char a_create_name[256]; /* CREATESTRUCTA.lpszName in its WM_CREATE */
static WCHAR w_settext[256];    /* the last WM_SETTEXT the Unicode procedure got */
static WCHAR w_create_name[256];
static WPARAM a_posted = 0;     /* WM_PING's wParam, through the message loop */

static void keep_a(char *dst, const char *s) { snprintf(dst, 256, "%s", s ? s : ""); }
static void keep_w(WCHAR *dst, const WCHAR *s) {
        size_t n = s ? wlen(s) : 0;
        if (n > 255)
                n = 255;
        memcpy(dst, s, n * 2);
        dst[n] = 0;
}

static LRESULT CALLBACK aproc(HWND h, UINT m, WPARAM w, LPARAM l) {
        switch (m) {
        case WM_CREATE:
                keep_a(a_create_name, ((const CREATESTRUCT *) l)->lpszName);
                return 0;
        case WM_SETTEXT:
                keep_a(a_settext, (const char *) l);
                break;
        case WM_PING:
                a_posted = w;
                return 0;
        case WM_DESTROY:
                PostQuitMessage(3);
                return 0;
        }
        return DefWindowProc(h, m, w, l);
}

static LRESULT CALLBACK wproc(HWND h, UINT m, WPARAM w, LPARAM l) {
        switch (m) {
        case WM_CREATE:
                keep_w(w_create_name, ((const CREATESTRUCTW *) l)->lpszName);
                return 0;
        case WM_SETTEXT:
                keep_w(w_settext, (const WCHAR *) l);
                break;
        }
        return DefWindowProcW(h, m, w, l);
}

/* An ANSI subclass of a Unicode window: forwards through CallWindowProc. */
static WNDPROC sub_prev;
static char sub_settext[256];
static LRESULT CALLBACK asub(HWND h, UINT m, WPARAM w, LPARAM l) {
        if (m == WM_SETTEXT)
                keep_a(sub_settext, (const char *) l);
        return CallWindowProc(sub_prev, h, m, w, l);
}

static bool reg_a(const char *cls, WNDPROC proc) {
        WNDCLASSEX wc = { .cbSize = sizeof wc, .lpfnWndProc = proc, .lpszClassName = cls };
        return RegisterClassEx(&wc) != 0;
}

static bool reg_w(const WCHAR *cls, WNDPROC proc) {
        WNDCLASSEXW wc = { .cbSize = sizeof wc, .lpfnWndProc = proc, .lpszClassName = cls };
        return RegisterClassExW(&wc) != 0;
}

/* ---- one process -------------------------------------------------------------------- */

static void local_ansi_window(HWND a) {
        char buf[64];
        WCHAR wbuf[64];
        CHECK(strcmp(a_create_name, A_TEXT) == 0, "CREATESTRUCTA name '%s'", a_create_name);
        CHECK(!IsWindowUnicode(a), "an ANSI class makes an ANSI window");
        CHECK(GetWindowText(a, buf, sizeof buf) == 15 && strcmp(buf, A_TEXT) == 0, "GetWindowTextA '%s'", buf);
        CHECK(GetWindowTextLength(a) == 15, "GetWindowTextLengthA %d", GetWindowTextLength(a));
        CHECK(GetWindowTextW(a, wbuf, 64) == 9 && weq(wbuf, W_TEXT), "GetWindowTextW of an ANSI window");
        CHECK(GetWindowTextLengthW(a) == 9, "GetWindowTextLengthW %d", GetWindowTextLengthW(a));
        /* cut to whole characters: 5 bytes hold "Gr" and the 2-byte u-umlaut, 4 do not */
        CHECK(GetWindowText(a, buf, 5) == 4 && strcmp(buf, "Gr\xc3\xbc") == 0, "GetWindowTextA into 5: '%s'", buf);
        CHECK(GetWindowText(a, buf, 4) == 2 && strcmp(buf, "Gr") == 0, "GetWindowTextA into 4: '%s'", buf);

        /* a W caller's text reaches the ANSI procedure as UTF-8 */
        CHECK(SendMessageW(a, WM_SETTEXT, 0, (LPARAM) W_TEXT2) == TRUE, "WM_SETTEXT W to A");
        CHECK(strcmp(a_settext, A_TEXT2) == 0, "the ANSI procedure got '%s'", a_settext);
        CHECK(GetWindowText(a, buf, sizeof buf) == 10 && strcmp(buf, A_TEXT2) == 0, "after W settext: '%s'", buf);
        CHECK(SendMessageW(a, WM_GETTEXT, 64, (LPARAM) wbuf) == 7 && weq(wbuf, W_TEXT2), "WM_GETTEXT W from A");
        CHECK(SendMessageW(a, WM_GETTEXT, 3, (LPARAM) wbuf) == 2 && wbuf[0] == 0xC4 && wbuf[1] == 'r' && !wbuf[2],
              "WM_GETTEXT W into 3 units");
        CHECK(SendMessageW(a, WM_GETTEXTLENGTH, 0, 0) == 7, "WM_GETTEXTLENGTH W of an ANSI window");
        CHECK(SendMessage(a, WM_GETTEXTLENGTH, 0, 0) == 10, "WM_GETTEXTLENGTH A of an ANSI window");
        CHECK(SetWindowText(a, A_TEXT) && strcmp(a_settext, A_TEXT) == 0, "SetWindowTextA to an ANSI window");
}

static void local_unicode_window(HWND u) {
        char buf[64];
        WCHAR wbuf[64];
        CHECK(weq(w_create_name, W_TEXT2), "CREATESTRUCTW name of a Unicode window");
        CHECK(IsWindowUnicode(u), "a Unicode class makes a Unicode window");
        CHECK(SendMessage(u, WM_SETTEXT, 0, (LPARAM) A_TEXT) == TRUE, "WM_SETTEXT A to W");
        CHECK(weq(w_settext, W_TEXT), "the Unicode procedure got UTF-16");
        CHECK(SendMessage(u, WM_GETTEXT, sizeof buf, (LPARAM) buf) == 15 && strcmp(buf, A_TEXT) == 0,
              "WM_GETTEXT A from W: '%s'", buf);
        CHECK(SendMessage(u, WM_GETTEXT, 5, (LPARAM) buf) == 4 && strcmp(buf, "Gr\xc3\xbc") == 0,
              "WM_GETTEXT A into 5 bytes: '%s'", buf);
        CHECK(SendMessage(u, WM_GETTEXTLENGTH, 0, 0) == 15, "WM_GETTEXTLENGTH A of a Unicode window (bytes)");
        CHECK(GetWindowTextLength(u) == 15 && GetWindowTextLengthW(u) == 9, "GetWindowTextLength A/W");
        CHECK(GetWindowTextW(u, wbuf, 64) == 9 && weq(wbuf, W_TEXT), "GetWindowTextW");
        /* bytes that are not UTF-8 become U+FFFD, as MultiByteToWideChar's default */
        CHECK(SetWindowText(u, "a\xff") && w_settext[0] == 'a' && w_settext[1] == 0xFFFD && !w_settext[2],
              "invalid UTF-8 to a Unicode window");

        /* subclassing across character sets: a handle, CallWindowProc converts */
        LONG_PTR hw = GetWindowLongPtrW(u, GWLP_WNDPROC);
        LONG_PTR ha = GetWindowLongPtr(u, GWLP_WNDPROC);
        CHECK(hw == (LONG_PTR) wproc, "GetWindowLongPtrW of a Unicode window is its procedure");
        CHECK(ha != 0 && ha != (LONG_PTR) wproc, "GetWindowLongPtrA of a Unicode window is a handle");
        sub_prev = (WNDPROC) SetWindowLongPtr(u, GWLP_WNDPROC, (LONG_PTR) asub);
        CHECK(sub_prev == (WNDPROC) ha, "SetWindowLongPtrA returns the same handle");
        CHECK(!IsWindowUnicode(u), "SetWindowLongPtrA makes the window ANSI");
        CHECK(SendMessageW(u, WM_SETTEXT, 0, (LPARAM) W_TEXT2) == TRUE, "WM_SETTEXT to the subclassed window");
        CHECK(strcmp(sub_settext, A_TEXT2) == 0, "the ANSI subclass got '%s'", sub_settext);
        CHECK(weq(w_settext, W_TEXT2), "the Unicode procedure behind it, through CallWindowProcA");
        CHECK(SetWindowLongPtr(u, GWLP_WNDPROC, (LONG_PTR) sub_prev) == (LONG_PTR) asub, "restoring");
        CHECK(IsWindowUnicode(u) && GetWindowLongPtrW(u, GWLP_WNDPROC) == (LONG_PTR) wproc,
              "the handle set back restores the Unicode procedure");
        /* a plain procedure is called as it is */
        CHECK(CallWindowProc(aproc, u, WM_PING, 42, 0) == 0 && a_posted == 42, "CallWindowProcA of a procedure");
        a_posted = 0;
}

static BOOL CALLBACK note_name(LPSTR name, LPARAM l) {
        if (strcmp(name, (const char *) l) == 0)
                printf("enum_found %s 0\n", name);
        return TRUE;
}

static void stations_and_desktops(void) {
        char name[64];
        DWORD need = 0;
        HWINSTA st = OpenWindowStation("WinSta0", FALSE, WINSTA_ALL_ACCESS);
        CHECK(st != NULL, "OpenWindowStationA: %lu", (unsigned long) GetLastError());
        CHECK(GetUserObjectInformation(st, UOI_NAME, name, sizeof name, &need) && strcmp(name, "WinSta0") == 0 &&
                      need == 8,
              "GetUserObjectInformationA '%s' %lu", name, (unsigned long) need);
        SetLastError(0);
        BOOL ok = GetUserObjectInformation(st, UOI_NAME, name, 7, &need);
        printf("uoi_name_small %d %lu %lu\n", ok, (unsigned long) need, (unsigned long) GetLastError());
        CHECK(EnumWindowStations(note_name, (LPARAM) "WinSta0"), "EnumWindowStationsA");
        CHECK(EnumDesktops(st, note_name, (LPARAM) "Default"), "EnumDesktopsA");
        CHECK(CloseWindowStation(st), "CloseWindowStation");
}

static int local(void) {
        MSG m;
        char buf[16];
        CHECK(reg_a("AnsiClass", aproc), "RegisterClassExA: %lu", (unsigned long) GetLastError());
        CHECK(reg_w((const WCHAR *) u"UniClass", wproc), "RegisterClassExW: %lu", (unsigned long) GetLastError());
        HWND a = CreateWindowEx(0, "AnsiClass", A_TEXT, 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
        HWND u = CreateWindowExW(0, (const WCHAR *) u"UniClass", W_TEXT2, 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL,
                                 NULL);
        if (!a || !u) {
                printf("create_failed 0 %lu\n", (unsigned long) GetLastError());
                return 2;
        }
        local_ansi_window(a);
        local_unicode_window(u);

        /* WNDCLASSA and the CreateWindow macro */
        WNDCLASS wc = { .lpfnWndProc = aproc, .lpszClassName = "AnsiClass2" };
        CHECK(RegisterClass(&wc) != 0, "RegisterClassA: %lu", (unsigned long) GetLastError());
        HWND a2 = CreateWindow("AnsiClass2", "two", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
        CHECK(a2 && !IsWindowUnicode(a2) && GetWindowText(a2, buf, sizeof buf) == 3, "CreateWindowA");
        CHECK(DestroyWindow(a2), "DestroyWindow");

        /* FindWindowA and the station/desktop A forms */
        HWND top = CreateWindowEx(0, "AnsiClass2", A_TEXT, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL);
        CHECK(top && FindWindow("AnsiClass2", A_TEXT) == top, "FindWindowA by a UTF-8 title");
        CHECK(FindWindowEx(NULL, NULL, "ansiclass2", NULL) == top, "FindWindowExA by class");
        /* a broadcast of WM_SETTEXT from the A function: each window gets its character set's text */
        HWND utop = CreateWindowExW(0, (const WCHAR *) u"UniClass", (const WCHAR *) u"utop", 0, 0, 0, 0, 0, NULL, NULL,
                                    NULL, NULL);
        DWORD rec = BSM_APPLICATIONS;
        a_settext[0] = 0;
        w_settext[0] = 0;
        CHECK(BroadcastSystemMessage(BSF_QUERY, &rec, WM_SETTEXT, 0, (LPARAM) A_TEXT2) == 1, "BroadcastSystemMessageA: %lu",
              (unsigned long) GetLastError());
        CHECK(strcmp(a_settext, A_TEXT2) == 0 && weq(w_settext, W_TEXT2), "the broadcast's text, A '%s'", a_settext);
        CHECK(DestroyWindow(top) && DestroyWindow(utop), "DestroyWindow");
        stations_and_desktops();

        /* errors */
        SetLastError(0);
        int r = GetWindowText(a, NULL, 5);
        printf("gettext_null_buffer %d %lu\n", r, (unsigned long) GetLastError());
        SetLastError(0);
        r = GetWindowText((HWND) (uintptr_t) 0x7ffe0fffu, buf, sizeof buf);
        printf("gettext_bad_hwnd %d %lu\n", r, (unsigned long) GetLastError());
        SetLastError(0);
        r = SetWindowText((HWND) (uintptr_t) 0x7ffe0fffu, "x");
        printf("settext_bad_hwnd %d %lu\n", r, (unsigned long) GetLastError());
        SetLastError(0);
        r = RegisterClassEx(&(WNDCLASSEX){ .cbSize = sizeof(WNDCLASSEX), .lpfnWndProc = aproc,
                                           .lpszClassName = "ansiclass" });
        printf("register_twice %d %lu\n", r, (unsigned long) GetLastError());
        SetLastError(0);
        r = UnregisterClass("NoSuchClass", NULL);
        printf("unregister_unknown %d %lu\n", r, (unsigned long) GetLastError());

        /* a message loop of generic names: posted, dispatched, WM_QUIT from WM_DESTROY */
        CHECK(PostMessage(a, WM_PING, 7, 0), "PostMessageA");
        CHECK(PostMessage(a, WM_CLOSE, 0, 0), "PostMessageA WM_CLOSE");
        int n = 0;
        while (GetMessage(&m, NULL, 0, 0) > 0) {
                DispatchMessage(&m);
                n++;
        }
        CHECK(m.message == WM_QUIT && m.wParam == 3, "WM_QUIT %u %lu", m.message, (unsigned long) m.wParam);
        CHECK(n == 2 && a_posted == 7, "dispatched %d, WM_PING %lu", n, (unsigned long) a_posted);
        CHECK(!IsWindow(a), "WM_CLOSE destroyed the ANSI window");
        CHECK(!PeekMessage(&m, NULL, 0, 0, PM_REMOVE), "nothing left");
        CHECK(DestroyWindow(u) && UnregisterClass("AnsiClass", NULL) && UnregisterClassW((const WCHAR *) u"UniClass", NULL),
              "cleanup");
        printf("local %s 0\n", failures ? "failed" : "ok");
        return failures ? 1 : 0;
}

/* ---- two processes: the ANSI server ----------------------------------------------- */

/* In the server, inside a sent message: the A functions on the peer's Unicode window
 * (its process waits in SendMessageW meanwhile and runs what we send). */
static LRESULT talk_to(HWND peer) {
        char buf[64];
        int ok = 1;
#define SHOW(name, v, cond)                                                                      \
        do {                                                                                     \
                long v_ = (long) (v);                                                            \
                printf("%s %ld %lu\n", name, v_, (unsigned long) GetLastError());                \
                if (!(cond))                                                                     \
                        ok = 0;                                                                  \
        } while (0)
        SHOW("a_settext_remote", SetWindowText(peer, A_TEXT2), v_ == 1);
        memset(buf, 0, sizeof buf);
        SHOW("a_gettext_remote", SendMessage(peer, WM_GETTEXT, sizeof buf, (LPARAM) buf),
             v_ == 10 && strcmp(buf, A_TEXT2) == 0);
        SHOW("a_gettext_remote_3", SendMessage(peer, WM_GETTEXT, 3, (LPARAM) buf),
             v_ == 2 && strcmp(buf, "\xc3\x84") == 0);
        SHOW("a_gettextlength_remote", SendMessage(peer, WM_GETTEXTLENGTH, 0, 0), v_ == 10);
        SHOW("a_getwindowtext_remote", GetWindowText(peer, buf, sizeof buf), v_ == 10 && strcmp(buf, A_TEXT2) == 0);
        SHOW("a_getwindowtextlength_remote", GetWindowTextLength(peer), v_ == 10);
        SetLastError(0);
        SHOW("a_getwindowtext_bad", GetWindowText((HWND) (uintptr_t) 0x7ffe0fffu, buf, sizeof buf), v_ == 0);
        fflush(stdout);
        return ok;
#undef SHOW
}

static LRESULT CALLBACK server_proc(HWND h, UINT m, WPARAM w, LPARAM l) {
        switch (m) {
        case WM_SETTEXT:
                keep_a(a_settext, (const char *) l);
                break;
        case WM_LASTBYTE:
                return w < strlen(a_settext) ? (unsigned char) a_settext[w] : -1;
        case WM_TALKTO:
                return talk_to((HWND) w);
        case WM_DESTROY:
                PostQuitMessage(0);
                return 0;
        }
        return DefWindowProc(h, m, w, l);
}

static int server(const char *ready) {
        MSG m;
        char tmp[512];
        if (!reg_a("AnsiServer", server_proc))
                return 2;
        HWND h = CreateWindowEx(0, "AnsiServer", "start", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
        if (!h) {
                printf("create_failed 0 %lu\n", (unsigned long) GetLastError());
                return 2;
        }
        /* written whole, then renamed: the file's appearance means the HWND is in it */
        snprintf(tmp, sizeof tmp, "%s.tmp", ready);
        FILE *f = fopen(tmp, "w");
        if (!f || fprintf(f, "%lu\n", (unsigned long) (uintptr_t) h) < 0 || fclose(f) != 0 || rename(tmp, ready) != 0)
                return 2;
        while (GetMessage(&m, NULL, 0, 0) > 0)
                DispatchMessage(&m);
        printf("server done %lu\n", (unsigned long) m.wParam);
        return 0;
}

/* ---- two processes: the Unicode peer ------------------------------------------------ */

static int wpeer(const char *hwnd_s) {
        HWND h = (HWND) (uintptr_t) strtoul(hwnd_s, NULL, 10);
        WCHAR wbuf[64];
        char got[64];
        size_t n = 0;

        CHECK(SendMessageW(h, WM_SETTEXT, 0, (LPARAM) W_TEXT) == TRUE, "WM_SETTEXT W to the ANSI server: %lu",
              (unsigned long) GetLastError());
        /* what the server's ANSI procedure got, byte by byte */
        for (LRESULT b; n + 1 < sizeof got && (b = SendMessageW(h, WM_LASTBYTE, n, 0)) >= 0; n++)
                got[n] = (char) b;
        got[n] = 0;
        printf("remote_settext_bytes %zu 0\n", n);
        CHECK(strcmp(got, A_TEXT) == 0, "the ANSI server got UTF-8 (%zu bytes)", n);
        memset(wbuf, 0, sizeof wbuf);
        CHECK(SendMessageW(h, WM_GETTEXT, 64, (LPARAM) wbuf) == 9 && weq(wbuf, W_TEXT), "WM_GETTEXT W from the server");
        CHECK(SendMessageW(h, WM_GETTEXT, 4, (LPARAM) wbuf) == 3 && wbuf[2] == 0xFC && !wbuf[3],
              "WM_GETTEXT W into 4 units");
        printf("w_gettextlength_remote %ld %lu\n", (long) SendMessageW(h, WM_GETTEXTLENGTH, 0, 0),
               (unsigned long) GetLastError());
        CHECK(GetWindowTextW(h, wbuf, 64) == 9 && weq(wbuf, W_TEXT), "GetWindowTextW of the server's window");
        CHECK(GetWindowTextLengthW(h) == 9, "GetWindowTextLengthW %d", GetWindowTextLengthW(h));

        /* the other way: the server's A calls on our Unicode window */
        CHECK(reg_w((const WCHAR *) u"UniPeer", wproc), "RegisterClassExW");
        HWND u = CreateWindowExW(0, (const WCHAR *) u"UniPeer", (const WCHAR *) u"peer", 0, 0, 0, 0, 0, HWND_MESSAGE,
                                 NULL, NULL, NULL);
        CHECK(u != NULL, "CreateWindowExW: %lu", (unsigned long) GetLastError());
        CHECK(SendMessageW(h, WM_TALKTO, (WPARAM) u, 0) == 1, "the server's checks on our window");
        CHECK(weq(w_settext, W_TEXT2), "our Unicode procedure got the server's SetWindowTextA as UTF-16");

        /* the server ends; its window is gone */
        SendMessageW(h, WM_CLOSE, 0, 0);
        SetLastError(0);
        LRESULT r = SendMessageW(h, WM_GETTEXTLENGTH, 0, 0);
        printf("gone_gettextlength %ld %lu\n", (long) r, (unsigned long) GetLastError());
        SetLastError(0);
        r = GetWindowTextW(h, wbuf, 64);
        printf("gone_getwindowtext %ld %lu\n", (long) r, (unsigned long) GetLastError());
        DestroyWindow(u);
        printf("wpeer %s 0\n", failures ? "failed" : "ok");
        return failures ? 1 : 0;
}

int main(int argc, char **argv) {
        setvbuf(stdout, NULL, _IOLBF, 0);
        if (argc >= 2 && strcmp(argv[1], "local") == 0)
                return local();
        if (argc >= 3 && strcmp(argv[1], "server") == 0)
                return server(argv[2]);
        if (argc >= 3 && strcmp(argv[1], "wpeer") == 0)
                return wpeer(argv[2]);
        fprintf(stderr, "usage: test-ansi local | server READY | wpeer HWND\n");
        return 2;
}
