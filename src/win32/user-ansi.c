/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ANSI and Unicode windows, as on Windows: a window whose class was registered with
 * RegisterClass(Ex)A (or whose procedure was last set with SetWindowLongPtrA) is an
 * ANSI window, and its procedure gets text messages in the ANSI code page — UTF-8
 * here. Every conversion between a caller's character set and a window's is made in
 * this file: a message that reaches a procedure of the other character set (a direct
 * call, a message from another process, whose text travels as UTF-16, DefWindowProc,
 * CallWindowProc) is converted on its way in and its answer on its way out. Also the
 * A entry points of USER that are more than a name conversion.
 *
 * Converted: WM_SETTEXT (the text), WM_GETTEXT (the buffer, wParam characters of the
 * caller's kind; the result the characters copied without the NUL), WM_GETTEXTLENGTH
 * (the exact length in the caller's characters: the procedure is also asked for the
 * text, as Wine does, where Windows may answer more than the length), and CREATESTRUCT
 * for WM_NCCREATE/WM_CREATE from CreateWindowEx and CallWindowProc. Text that does not
 * convert (bytes that are not UTF-8, an unpaired surrogate) becomes U+FFFD, as
 * MultiByteToWideChar's default character.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "user.h"
#include "win32.h"

#define REPLACEMENT 0xFFFDu
/* A WM_GETTEXTLENGTH answer beyond this (an int's range) is passed on unconverted */
#define TEXT_LENGTH_MAX ((LRESULT) 0x7fffffff / 3)

/* ---- text ------------------------------------------------------------------------- */

static bool is_high(uint32_t u) { return u >= 0xD800 && u <= 0xDBFF; }
static bool is_low(uint32_t u) { return u >= 0xDC00 && u <= 0xDFFF; }

static size_t utf8_len(uint32_t c) { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }

size_t user_ansi_to_utf8(const WCHAR *s, size_t len, char *out, size_t max) {
        size_t n = 0;
        for (size_t i = 0; s && i < len && s[i]; i++) {
                uint32_t c = s[i];
                if (is_high(c) && i + 1 < len && is_low(s[i + 1]))
                        c = 0x10000 + ((c - 0xD800) << 10) + ((uint32_t) s[++i] - 0xDC00);
                else if (is_high(c) || is_low(c))
                        c = REPLACEMENT;
                size_t k = utf8_len(c);
                if (out && n + k + 1 > max)
                        break; /* whole characters only */
                if (out) {
                        unsigned char *p = (unsigned char *) out + n;
                        if (k == 1)
                                p[0] = (unsigned char) c;
                        else if (k == 2) {
                                p[0] = (unsigned char) (0xC0 | (c >> 6));
                                p[1] = (unsigned char) (0x80 | (c & 0x3F));
                        } else if (k == 3) {
                                p[0] = (unsigned char) (0xE0 | (c >> 12));
                                p[1] = (unsigned char) (0x80 | ((c >> 6) & 0x3F));
                                p[2] = (unsigned char) (0x80 | (c & 0x3F));
                        } else {
                                p[0] = (unsigned char) (0xF0 | (c >> 18));
                                p[1] = (unsigned char) (0x80 | ((c >> 12) & 0x3F));
                                p[2] = (unsigned char) (0x80 | ((c >> 6) & 0x3F));
                                p[3] = (unsigned char) (0x80 | (c & 0x3F));
                        }
                }
                n += k;
        }
        if (out && max > 0)
                out[n] = 0;
        return n;
}

/* One character of UTF-8 at s (at most left bytes): its length, and U+FFFD for a byte
 * that starts no valid sequence (overlong forms, surrogates, past U+10FFFF). */
static size_t utf8_next(const unsigned char *s, size_t left, uint32_t *ret) {
        size_t k;
        uint32_t c, min;
        if (s[0] < 0x80) {
                *ret = s[0];
                return 1;
        }
        if ((s[0] & 0xE0) == 0xC0)
                k = 2, c = s[0] & 0x1Fu, min = 0x80;
        else if ((s[0] & 0xF0) == 0xE0)
                k = 3, c = s[0] & 0x0Fu, min = 0x800;
        else if ((s[0] & 0xF8) == 0xF0)
                k = 4, c = s[0] & 0x07u, min = 0x10000;
        else
                goto bad;
        if (k > left)
                goto bad;
        for (size_t i = 1; i < k; i++) {
                if ((s[i] & 0xC0) != 0x80) /* also stops at a NUL */
                        goto bad;
                c = (c << 6) | (s[i] & 0x3Fu);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
                goto bad;
        *ret = c;
        return k;
bad:
        *ret = REPLACEMENT;
        return 1;
}

size_t user_ansi_to_utf16(const char *s, size_t len, WCHAR *out, size_t max) {
        const unsigned char *u = (const unsigned char *) s;
        size_t n = 0, k;
        uint32_t c;
        for (size_t i = 0; u && i < len && u[i]; i += k) {
                k = utf8_next(u + i, len - i, &c);
                size_t units = c >= 0x10000 ? 2 : 1;
                if (out && n + units + 1 > max)
                        break;
                if (out && units == 2) {
                        out[n] = (WCHAR) (0xD800 + ((c - 0x10000) >> 10));
                        out[n + 1] = (WCHAR) (0xDC00 + ((c - 0x10000) & 0x3FF));
                } else if (out)
                        out[n] = (WCHAR) c;
                n += units;
        }
        if (out && max > 0)
                out[n] = 0;
        return n;
}

static WCHAR *dup_utf16(const char *s) {
        size_t n = user_ansi_to_utf16(s, SIZE_MAX, NULL, 0);
        WCHAR *w = malloc((n + 1) * sizeof *w);
        if (w)
                (void) user_ansi_to_utf16(s, SIZE_MAX, w, n + 1);
        return w;
}

static char *dup_utf8(const WCHAR *s) {
        size_t n = user_ansi_to_utf8(s, SIZE_MAX, NULL, 0);
        char *a = malloc(n + 1);
        if (a)
                (void) user_ansi_to_utf8(s, SIZE_MAX, a, n + 1);
        return a;
}

/* ---- messages ---------------------------------------------------------------------- */

/* Whoever gets the message after conversion: a procedure, DefWindowProcW, SendMessageW... */
struct target {
        LRESULT (*fn)(const struct target *t, UINT msg, WPARAM w, LPARAM l);
        HWND hwnd;
        WNDPROC proc;
        void *ctx;
};

static LRESULT to_proc(const struct target *t, UINT msg, WPARAM w, LPARAM l) { return t->proc(t->hwnd, msg, w, l); }

static bool is_atom(const void *p) { return (uintptr_t) p <= 0xFFFF; } /* MAKEINTATOM */

/* A message with UTF-16 text to a target that takes UTF-8 text. */
static LRESULT w_to_a(const struct target *t, UINT msg, WPARAM w, LPARAM l, bool create) {
        LRESULT r;
        switch (msg) {
        case WM_SETTEXT: {
                if (!l)
                        return t->fn(t, msg, w, 0);
                char *a = dup_utf8((const WCHAR *) l);
                if (!a)
                        return FALSE;
                r = t->fn(t, msg, w, (LPARAM) a);
                free(a);
                return r;
        }
        case WM_GETTEXT: {
                if (!w || !l)
                        return t->fn(t, msg, w, l);
                /* a UTF-16 unit is at most 3 bytes of UTF-8 */
                size_t size = w > SIZE_MAX / 3 ? (size_t) w : (size_t) w * 3;
                char *a = calloc(1, size);
                if (!a)
                        return 0;
                r = t->fn(t, msg, (WPARAM) size, (LPARAM) a);
                size_t bytes = r <= 0 ? 0 : (size_t) r < size ? (size_t) r : size - 1;
                size_t n = user_ansi_to_utf16(a, bytes, (WCHAR *) l, w);
                free(a);
                return (LRESULT) n;
        }
        case WM_GETTEXTLENGTH: {
                r = t->fn(t, msg, w, l);
                if (r <= 0 || r > TEXT_LENGTH_MAX)
                        return r;
                char *a = calloc(1, (size_t) r + 1);
                if (!a)
                        return r; /* bytes: never fewer than the UTF-16 units */
                LRESULT got = t->fn(t, WM_GETTEXT, (WPARAM) r + 1, (LPARAM) a);
                size_t bytes = got <= 0 ? 0 : (size_t) got <= (size_t) r ? (size_t) got : (size_t) r;
                r = (LRESULT) user_ansi_to_utf16(a, bytes, NULL, 0);
                free(a);
                return r;
        }
        case WM_NCCREATE:
        case WM_CREATE: {
                if (!create || !l)
                        break;
                const CREATESTRUCTW *cs = (const CREATESTRUCTW *) l;
                CREATESTRUCTA ca;
                memcpy(&ca, cs, sizeof ca); /* the same layout but for the strings */
                char *name = cs->lpszName ? dup_utf8(cs->lpszName) : NULL;
                char *cls = cs->lpszClass && !is_atom(cs->lpszClass) ? dup_utf8(cs->lpszClass) : NULL;
                ca.lpszName = name;
                ca.lpszClass = is_atom(cs->lpszClass) ? (LPCSTR) cs->lpszClass : cls;
                r = t->fn(t, msg, w, (LPARAM) &ca);
                free(name);
                free(cls);
                return r;
        }
        default:
                break;
        }
        return t->fn(t, msg, w, l);
}

/* A message with UTF-8 text to a target that takes UTF-16 text. */
static LRESULT a_to_w(const struct target *t, UINT msg, WPARAM w, LPARAM l, bool create) {
        LRESULT r;
        switch (msg) {
        case WM_SETTEXT: {
                if (!l)
                        return t->fn(t, msg, w, 0);
                WCHAR *u = dup_utf16((const char *) l);
                if (!u)
                        return FALSE;
                r = t->fn(t, msg, w, (LPARAM) u);
                free(u);
                return r;
        }
        case WM_GETTEXT: {
                if (!w || !l)
                        return t->fn(t, msg, w, l);
                /* w bytes hold at most w - 1 characters, each at least one UTF-16 unit */
                WCHAR *u = calloc((size_t) w, sizeof *u);
                if (!u)
                        return 0;
                r = t->fn(t, msg, w, (LPARAM) u);
                size_t units = r <= 0 ? 0 : (size_t) r < w ? (size_t) r : w - 1;
                size_t n = user_ansi_to_utf8(u, units, (char *) l, w);
                free(u);
                return (LRESULT) n;
        }
        case WM_GETTEXTLENGTH: {
                r = t->fn(t, msg, w, l);
                if (r <= 0 || r > TEXT_LENGTH_MAX)
                        return r;
                WCHAR *u = calloc((size_t) r + 1, sizeof *u);
                if (!u)
                        return r * 3; /* an upper bound, as Windows allows */
                LRESULT got = t->fn(t, WM_GETTEXT, (WPARAM) r + 1, (LPARAM) u);
                size_t units = got <= 0 ? 0 : (size_t) got <= (size_t) r ? (size_t) got : (size_t) r;
                r = (LRESULT) user_ansi_to_utf8(u, units, NULL, 0);
                free(u);
                return r;
        }
        case WM_NCCREATE:
        case WM_CREATE: {
                if (!create || !l)
                        break;
                const CREATESTRUCTA *ca = (const CREATESTRUCTA *) l;
                CREATESTRUCTW cs;
                memcpy(&cs, ca, sizeof cs);
                WCHAR *name = ca->lpszName ? dup_utf16(ca->lpszName) : NULL;
                WCHAR *cls = ca->lpszClass && !is_atom(ca->lpszClass) ? dup_utf16(ca->lpszClass) : NULL;
                cs.lpszName = name;
                cs.lpszClass = is_atom(ca->lpszClass) ? (LPCWSTR) ca->lpszClass : cls;
                r = t->fn(t, msg, w, (LPARAM) &cs);
                free(name);
                free(cls);
                return r;
        }
        default:
                break;
        }
        return t->fn(t, msg, w, l);
}

static LRESULT convert(const struct target *t, bool to_ansi, bool from_ansi, UINT msg, WPARAM w, LPARAM l,
                       bool create) {
        if (to_ansi == from_ansi)
                return t->fn(t, msg, w, l);
        return to_ansi ? w_to_a(t, msg, w, l, create) : a_to_w(t, msg, w, l, create);
}

LRESULT user_ansi_call_proc(WNDPROC proc, bool proc_ansi, bool from_ansi, HWND hwnd, UINT msg, WPARAM w, LPARAM l) {
        struct target t = { .fn = to_proc, .hwnd = hwnd, .proc = proc };
        return convert(&t, proc_ansi, from_ansi, msg, w, l, false);
}

LRESULT user_ansi_call_create(WNDPROC proc, bool proc_ansi, HWND hwnd, UINT msg, const CREATESTRUCTW *cs) {
        struct target t = { .fn = to_proc, .hwnd = hwnd, .proc = proc };
        return convert(&t, proc_ansi, false, msg, 0, (LPARAM) cs, true);
}

/* ---- procedure handles: GetWindowLongPtr(GWLP_WNDPROC) of the other character set -- */

/* Windows returns a handle (not the procedure) to a caller of the other character set,
 * which CallWindowProc converts for and SetWindowLongPtr turns back into the procedure
 * and its character set. A handle here is the address of a byte of this table: never
 * a function's. One per procedure and character set, kept for the process's life. */
#define PROC_HANDLES_MAX 256
static struct {
        pthread_mutex_t lock;
        struct {
                WNDPROC proc;
                bool ansi;
        } entry[PROC_HANDLES_MAX];
        unsigned n;
        char mark[PROC_HANDLES_MAX];
} proc_handles = { .lock = PTHREAD_MUTEX_INITIALIZER };

static int handle_index(WNDPROC p) {
        uintptr_t a = (uintptr_t) p, base = (uintptr_t) proc_handles.mark;
        return a >= base && a < base + PROC_HANDLES_MAX ? (int) (a - base) : -1;
}

WNDPROC user_ansi_proc_handle(WNDPROC proc, bool proc_ansi, bool want_ansi) {
        if (!proc || proc_ansi == want_ansi)
                return proc;
        WNDPROC h = proc; /* the table full: the procedure itself, unconverted */
        pthread_mutex_lock(&proc_handles.lock);
        unsigned i;
        for (i = 0; i < proc_handles.n; i++)
                if (proc_handles.entry[i].proc == proc && proc_handles.entry[i].ansi == proc_ansi)
                        break;
        if (i == proc_handles.n && i < PROC_HANDLES_MAX) {
                proc_handles.entry[i].proc = proc;
                proc_handles.entry[i].ansi = proc_ansi;
                proc_handles.n++;
        }
        if (i < proc_handles.n)
                h = (WNDPROC) (void *) &proc_handles.mark[i];
        pthread_mutex_unlock(&proc_handles.lock);
        return h;
}

WNDPROC user_ansi_proc_resolve(WNDPROC proc, bool *ansi) {
        int i = handle_index(proc);
        if (i < 0)
                return proc;
        pthread_mutex_lock(&proc_handles.lock);
        if ((unsigned) i < proc_handles.n) {
                proc = proc_handles.entry[i].proc;
                *ansi = proc_handles.entry[i].ansi;
        } else
                proc = NULL;
        pthread_mutex_unlock(&proc_handles.lock);
        return proc;
}

static LRESULT call_window_proc(WNDPROC proc, bool from_ansi, HWND hwnd, UINT msg, WPARAM w, LPARAM l) {
        bool ansi = from_ansi; /* a plain procedure is taken to be of the caller's set */
        proc = user_ansi_proc_resolve(proc, &ansi);
        if (!proc)
                return 0;
        struct target t = { .fn = to_proc, .hwnd = hwnd, .proc = proc };
        return convert(&t, ansi, from_ansi, msg, w, l, true);
}

WINUSERAPI LRESULT WINAPI CallWindowProcW(WNDPROC proc, HWND hwnd, UINT msg, WPARAM w, LPARAM l) {
        return call_window_proc(proc, false, hwnd, msg, w, l);
}

WINUSERAPI LRESULT WINAPI CallWindowProcA(WNDPROC proc, HWND hwnd, UINT msg, WPARAM w, LPARAM l) {
        return call_window_proc(proc, true, hwnd, msg, w, l);
}

WINUSERAPI LONG_PTR WINAPI GetWindowLongPtrA(HWND hwnd, int index) { return user_window_get_long(hwnd, index, true); }

WINUSERAPI LONG_PTR WINAPI SetWindowLongPtrA(HWND hwnd, int index, LONG_PTR value) {
        return user_window_set_long(hwnd, index, value, true);
}

WINUSERAPI BOOL WINAPI IsWindowUnicode(HWND hwnd) {
        if (user_window_local(hwnd, NULL, NULL))
                return !user_window_ansi(hwnd);
        /* another process's window: its character set is its process's business; the
         * system converts either way (Windows would know) */
        return IsWindow(hwnd);
}

/* ---- the A entry points -------------------------------------------------------------- */

static LRESULT to_defw(const struct target *t, UINT msg, WPARAM w, LPARAM l) {
        return DefWindowProcW(t->hwnd, msg, w, l);
}

/* The window's text is kept as UTF-16: an ANSI procedure's DefWindowProcA converts. */
WINUSERAPI LRESULT WINAPI DefWindowProcA(HWND hwnd, UINT msg, WPARAM w, LPARAM l) {
        struct target t = { .fn = to_defw, .hwnd = hwnd };
        return convert(&t, false, true, msg, w, l, true);
}

static LRESULT to_sendw(const struct target *t, UINT msg, WPARAM w, LPARAM l) {
        return SendMessageW(t->hwnd, msg, w, l);
}

/* The sender's text in UTF-8: to a window of this thread whose procedure is ANSI a
 * direct call as it is; to any other window (a Unicode one, or another thread's or
 * process's, whose text travels as UTF-16) converted to SendMessageW, which converts
 * again for an ANSI receiver. */
WINUSERAPI LRESULT WINAPI SendMessageA(HWND hwnd, UINT msg, WPARAM w, LPARAM l) {
        WNDPROC proc;
        uint32_t tid;
        struct user_thread *th;
        if (hwnd != HWND_BROADCAST && user_window_local(hwnd, &proc, &tid) && user_window_ansi(hwnd) &&
            user_thread_get(&th) == 0 && tid == th->tid && proc) {
                user_hook_callwndproc(th->tid, hwnd, msg, w, l, true);
                LRESULT r = proc(hwnd, msg, w, l);
                user_hook_callwndprocret(th->tid, hwnd, msg, w, l, r, true);
                return r;
        }
        struct target t = { .fn = to_sendw, .hwnd = hwnd };
        return convert(&t, false, true, msg, w, l, false);
}

struct bsm {
        DWORD flags;
        LPDWORD info;
        PBSMINFO bsm;
};

static LRESULT to_bsmw(const struct target *t, UINT msg, WPARAM w, LPARAM l) {
        const struct bsm *c = t->ctx;
        return BroadcastSystemMessageExW(c->flags, c->info, msg, w, l, c->bsm);
}

LRESULT user_ansi_broadcast(DWORD flags, LPDWORD info, UINT msg, WPARAM w, LPARAM l, PBSMINFO bsm) {
        struct bsm c = { flags, info, bsm };
        struct target t = { .fn = to_bsmw, .ctx = &c };
        if (msg == WM_GETTEXT || msg == WM_GETTEXTLENGTH) /* one answer for many windows: nothing to convert */
                return to_bsmw(&t, msg, w, l);
        return convert(&t, false, true, msg, w, l, false);
}

struct smto {
        UINT flags, timeout;
        BOOL ok;
};

static LRESULT to_smtow(const struct target *t, UINT msg, WPARAM w, LPARAM l) {
        struct smto *c = t->ctx;
        DWORD_PTR r = 0;
        if (!SendMessageTimeoutW(t->hwnd, msg, w, l, c->flags, c->timeout, &r))
                c->ok = FALSE;
        return (LRESULT) r;
}

WINUSERAPI LRESULT WINAPI SendMessageTimeoutA(HWND hwnd, UINT msg, WPARAM w, LPARAM l, UINT flags, UINT timeout,
                                              PDWORD_PTR result) {
        struct smto c = { .flags = flags, .timeout = timeout, .ok = TRUE };
        struct target t = { .fn = to_smtow, .hwnd = hwnd, .ctx = &c };
        LRESULT r = convert(&t, false, true, msg, w, l, false);
        if (!c.ok)
                return 0;
        if (result)
                *result = (DWORD_PTR) r;
        return 1;
}

/* Text messages cannot be sent without waiting or posted (1159): nothing to convert. */
WINUSERAPI BOOL WINAPI SendNotifyMessageA(HWND hwnd, UINT msg, WPARAM w, LPARAM l) {
        return SendNotifyMessageW(hwnd, msg, w, l);
}
WINUSERAPI BOOL WINAPI PostThreadMessageA(DWORD tid, UINT msg, WPARAM w, LPARAM l) {
        return PostThreadMessageW(tid, msg, w, l);
}
/* Posted messages carry no text; DispatchMessage calls the procedure with the message
 * as it is (a window's procedure gets its own character set's text only when sent). */
WINUSERAPI BOOL WINAPI GetMessageA(LPMSG m, HWND hwnd, UINT min, UINT max) { return GetMessageW(m, hwnd, min, max); }
WINUSERAPI BOOL WINAPI PeekMessageA(LPMSG m, HWND hwnd, UINT min, UINT max, UINT flags) {
        return PeekMessageW(m, hwnd, min, max, flags);
}
WINUSERAPI LRESULT WINAPI DispatchMessageA(const MSG *m) { return DispatchMessageW(m); }

WINUSERAPI BOOL WINAPI SetWindowTextA(HWND hwnd, LPCSTR text) {
        return SendMessageA(hwnd, WM_SETTEXT, 0, (LPARAM) text) ? TRUE : FALSE;
}

WINUSERAPI int WINAPI GetWindowTextA(HWND hwnd, LPSTR buf, int max) {
        WCHAR w[S0H_TITLE_MAX]; /* titles are at most S0H_TITLE_MAX - 1 bytes of UTF-8 */
        if (!buf || max <= 0)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        buf[0] = 0;
        int n = GetWindowTextW(hwnd, w, S0H_TITLE_MAX);
        if (n <= 0)
                return 0; /* GetWindowTextW set the error */
        return (int) user_ansi_to_utf8(w, (size_t) n, buf, (size_t) max);
}

WINUSERAPI int WINAPI GetWindowTextLengthW(HWND hwnd) {
        WCHAR w[S0H_TITLE_MAX];
        return GetWindowTextW(hwnd, w, S0H_TITLE_MAX);
}

WINUSERAPI int WINAPI GetWindowTextLengthA(HWND hwnd) {
        char a[S0H_TITLE_MAX * 3];
        return GetWindowTextA(hwnd, a, (int) sizeof a);
}

/* ---- classes ----------------------------------------------------------------------- */

WINUSERAPI ATOM WINAPI RegisterClassW(const WNDCLASSW *wc) {
        if (!wc)
                return (ATOM) s0_win32_fail(ERROR_INVALID_PARAMETER);
        WNDCLASSEXW ex = { .cbSize = sizeof ex, .style = wc->style, .lpfnWndProc = wc->lpfnWndProc,
                           .cbClsExtra = wc->cbClsExtra, .cbWndExtra = wc->cbWndExtra, .hInstance = wc->hInstance,
                           .hIcon = wc->hIcon, .hCursor = wc->hCursor, .hbrBackground = wc->hbrBackground,
                           .lpszMenuName = wc->lpszMenuName, .lpszClassName = wc->lpszClassName };
        return RegisterClassExW(&ex);
}

WINUSERAPI ATOM WINAPI RegisterClassA(const WNDCLASSA *wc) {
        if (!wc)
                return (ATOM) s0_win32_fail(ERROR_INVALID_PARAMETER);
        WNDCLASSEXA ex = { .cbSize = sizeof ex, .style = wc->style, .lpfnWndProc = wc->lpfnWndProc,
                           .cbClsExtra = wc->cbClsExtra, .cbWndExtra = wc->cbWndExtra, .hInstance = wc->hInstance,
                           .hIcon = wc->hIcon, .hCursor = wc->hCursor, .hbrBackground = wc->hbrBackground,
                           .lpszMenuName = wc->lpszMenuName, .lpszClassName = wc->lpszClassName };
        return RegisterClassExA(&ex);
}

WINUSERAPI BOOL WINAPI UnregisterClassA(LPCSTR cls, HINSTANCE inst) {
        WCHAR *w;
        uint32_t e = cls ? s0_win32_utf8_to_utf16(cls, &w, NULL) : ERROR_CLASS_DOES_NOT_EXIST;
        if (e)
                return s0_win32_fail(e);
        BOOL r = UnregisterClassW(w, inst);
        free(w);
        return r;
}

/* ---- window stations and desktops ------------------------------------------------------ */

WINUSERAPI HWINSTA WINAPI OpenWindowStationA(LPCSTR name, BOOL inherit, DWORD access) {
        WCHAR *w;
        uint32_t e = name ? s0_win32_utf8_to_utf16(name, &w, NULL) : ERROR_INVALID_PARAMETER;
        if (e)
                return (HWINSTA) s0_win32_fail_handle(e);
        HWINSTA h = OpenWindowStationW(w, inherit, access);
        free(w);
        return h;
}

struct enum_a {
        BOOL(CALLBACK *proc)(LPSTR, LPARAM);
        LPARAM l;
};

static BOOL CALLBACK enum_to_a(LPWSTR name, LPARAM l) {
        const struct enum_a *c = (const struct enum_a *) l;
        char *a = dup_utf8(name);
        if (!a)
                return FALSE;
        BOOL go = c->proc(a, c->l);
        free(a);
        return go;
}

WINUSERAPI BOOL WINAPI EnumWindowStationsA(WINSTAENUMPROCA proc, LPARAM l) {
        struct enum_a c = { proc, l };
        return EnumWindowStationsW(proc ? enum_to_a : NULL, (LPARAM) &c);
}

WINUSERAPI BOOL WINAPI EnumDesktopsA(HWINSTA h, DESKTOPENUMPROCA proc, LPARAM l) {
        struct enum_a c = { proc, l };
        return EnumDesktopsW(h, proc ? enum_to_a : NULL, (LPARAM) &c);
}

/* UOI_NAME in UTF-8; *needed in bytes with the NUL. */
WINUSERAPI BOOL WINAPI GetUserObjectInformationA(HANDLE h, int index, PVOID buf, DWORD size, LPDWORD needed) {
        WCHAR w[S0H_TITLE_MAX * 2];
        DWORD wneed = 0;
        if (index != UOI_NAME)
                return GetUserObjectInformationW(h, index, buf, size, needed);
        if (!GetUserObjectInformationW(h, index, w, sizeof w, &wneed))
                return FALSE;
        size_t bytes = user_ansi_to_utf8(w, SIZE_MAX, NULL, 0) + 1;
        if (needed)
                *needed = (DWORD) bytes;
        if (!buf || size < bytes)
                return s0_win32_fail(ERROR_INSUFFICIENT_BUFFER);
        (void) user_ansi_to_utf8(w, SIZE_MAX, buf, bytes);
        return TRUE;
}
