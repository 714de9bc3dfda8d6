/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Window classes and windows. Classes are process-local (as Windows' application
 * classes); a window lives in the session host (its HWND, owner, class name, title),
 * and its procedure and private fields in the owning process, in this table.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "user.h"
#include "win32.h"

#define CLASSES_MAX 256
#define LOCAL_WINDOWS_MAX 1024

struct user_class {
        char name[S0H_CLASS_MAX];
        WNDPROC proc;
        ATOM atom;
        bool ansi; /* registered with RegisterClass(Ex)A */
};

struct local_window {
        HWND hwnd;
        WNDPROC proc;
        LONG_PTR userdata;
        uint32_t tid;
        bool ansi; /* its procedure takes ANSI text (user-ansi.c converts) */
        WCHAR title[S0H_TITLE_MAX];
};

/* All of this process's USER state; made on first use. */
struct user_process {
        pthread_mutex_t lock;
        struct user_class classes[CLASSES_MAX];
        unsigned n_classes;
        struct local_window windows[LOCAL_WINDOWS_MAX];
        /* slot + 1 of the window whose HWND has this index (its low 16 bits, below
         * S0H_WINTAB_SLOTS): a lookup on every message must not scan the table */
        uint16_t by_index[S0H_WINTAB_SLOTS];
};
static struct user_process user_process = { .lock = PTHREAD_MUTEX_INITIALIZER };

static struct local_window *local_find(HWND hwnd) {
        uintptr_t idx = (uintptr_t) hwnd & 0xffffu;
        if (!hwnd || idx >= S0H_WINTAB_SLOTS || !user_process.by_index[idx])
                return NULL;
        struct local_window *w = &user_process.windows[user_process.by_index[idx] - 1];
        return w->hwnd == hwnd ? w : NULL;
}

bool user_window_local(HWND hwnd, WNDPROC *ret_proc, uint32_t *ret_tid) {
        pthread_mutex_lock(&user_process.lock);
        struct local_window *w = local_find(hwnd);
        if (w) {
                if (ret_proc)
                        *ret_proc = w->proc;
                if (ret_tid)
                        *ret_tid = w->tid;
        }
        pthread_mutex_unlock(&user_process.lock);
        return w != NULL;
}

bool user_window_ansi(HWND hwnd) {
        pthread_mutex_lock(&user_process.lock);
        struct local_window *w = local_find(hwnd);
        bool ansi = w && w->ansi;
        pthread_mutex_unlock(&user_process.lock);
        return ansi;
}

LRESULT user_call_wndproc(HWND hwnd, UINT msg, WPARAM w, LPARAM l) {
        WNDPROC proc;
        bool ansi;
        pthread_mutex_lock(&user_process.lock);
        struct local_window *lw = local_find(hwnd);
        proc = lw ? lw->proc : NULL;
        ansi = lw && lw->ansi;
        pthread_mutex_unlock(&user_process.lock);
        if (!proc)
                return 0; /* destroyed meanwhile */
        /* the message is Unicode: an ANSI window's procedure gets it converted */
        return user_ansi_call_proc(proc, ansi, false, hwnd, msg, w, l);
}

/* UTF-16 to UTF-8 into a fixed field; ERROR_INVALID_PARAMETER if it does not fit. */
static uint32_t name_to_field(LPCWSTR s, char *field, size_t size) {
        char *u8;
        uint32_t e;
        field[0] = 0;
        if (!s)
                return 0;
        e = s0_win32_utf16_to_utf8(s, 0, &u8);
        if (e)
                return e;
        if (strlen(u8) >= size) {
                free(u8);
                return ERROR_INVALID_PARAMETER;
        }
        strcpy(field, u8);
        free(u8);
        return 0;
}

static size_t wlen(const WCHAR *s) {
        size_t n = 0;
        while (s[n])
                n++;
        return n;
}

static ATOM register_class(const WNDCLASSEXW *wc, bool ansi) {
        char name[S0H_CLASS_MAX];
        uint32_t e;
        ATOM atom = 0;

        if (!wc || wc->cbSize != sizeof *wc || !wc->lpszClassName || !wc->lpfnWndProc)
                return (ATOM) s0_win32_fail(ERROR_INVALID_PARAMETER);
        e = name_to_field(wc->lpszClassName, name, sizeof name);
        if (e || !name[0])
                return (ATOM) s0_win32_fail(e ? e : ERROR_INVALID_PARAMETER);
        pthread_mutex_lock(&user_process.lock);
        for (unsigned i = 0; i < user_process.n_classes; i++)
                if (strcasecmp(user_process.classes[i].name, name) == 0)
                        e = ERROR_CLASS_ALREADY_EXISTS;
        if (!e && user_process.n_classes == CLASSES_MAX)
                e = ERROR_NOT_ENOUGH_MEMORY;
        if (!e) {
                struct user_class *c = &user_process.classes[user_process.n_classes++];
                strcpy(c->name, name);
                c->proc = wc->lpfnWndProc;
                c->ansi = ansi;
                c->atom = atom = (ATOM) (0xC000 + user_process.n_classes);
        }
        pthread_mutex_unlock(&user_process.lock);
        if (e)
                return (ATOM) s0_win32_fail(e);
        return atom;
}

WINUSERAPI ATOM WINAPI RegisterClassExW(const WNDCLASSEXW *wc) { return register_class(wc, false); }

WINUSERAPI ATOM WINAPI RegisterClassExA(const WNDCLASSEXA *wc) {
        WNDCLASSEXW w;
        WCHAR *name;
        uint32_t e;
        if (!wc || wc->cbSize != sizeof *wc || !wc->lpszClassName)
                return (ATOM) s0_win32_fail(ERROR_INVALID_PARAMETER);
        e = s0_win32_utf8_to_utf16(wc->lpszClassName, &name, NULL);
        if (e)
                return (ATOM) s0_win32_fail(e);
        memcpy(&w, wc, sizeof w); /* same layout but for the string pointers */
        w.cbSize = sizeof w;
        w.lpszMenuName = NULL;
        w.lpszClassName = name;
        ATOM a = register_class(&w, true);
        free(name);
        return a;
}

WINUSERAPI BOOL WINAPI UnregisterClassW(LPCWSTR cls, HINSTANCE inst) {
        char name[S0H_CLASS_MAX];
        uint32_t e = name_to_field(cls, name, sizeof name);
        if (e)
                return s0_win32_fail(e);
        pthread_mutex_lock(&user_process.lock);
        e = ERROR_CLASS_DOES_NOT_EXIST;
        for (unsigned i = 0; i < user_process.n_classes; i++)
                if (strcasecmp(user_process.classes[i].name, name) == 0) {
                        user_process.classes[i] = user_process.classes[--user_process.n_classes];
                        e = 0;
                        break;
                }
        pthread_mutex_unlock(&user_process.lock);
        return e ? s0_win32_fail(e) : TRUE;
        (void) inst;
}

WINUSERAPI HWND WINAPI CreateWindowExW(DWORD ex, LPCWSTR cls, LPCWSTR title, DWORD style, int x, int y, int cx,
                                       int cy, HWND parent, HMENU menu, HINSTANCE inst, LPVOID param) {
        struct s0h_msg req = { .type = S0H_CREATE, .flags = style, .parent = (uint64_t) (uintptr_t) parent };
        struct s0h_msg rep;
        struct user_thread *t;
        WNDPROC proc = NULL;
        bool ansi = false;
        uint32_t e;

        e = name_to_field(cls, req.cls, sizeof req.cls);
        if (!e)
                e = name_to_field(title, req.title, sizeof req.title);
        if (e)
                return (HWND) s0_win32_fail_handle(e);
        pthread_mutex_lock(&user_process.lock);
        for (unsigned i = 0; i < user_process.n_classes; i++)
                if (strcasecmp(user_process.classes[i].name, req.cls) == 0) {
                        proc = user_process.classes[i].proc;
                        ansi = user_process.classes[i].ansi;
                }
        pthread_mutex_unlock(&user_process.lock);
        if (!proc)
                return (HWND) s0_win32_fail_handle(ERROR_CANNOT_FIND_WND_CLASS);
        e = user_thread_get(&t);
        if (!e)
                e = user_call(&req, sizeof req, &rep, UINT32_MAX);
        if (e)
                return (HWND) s0_win32_fail_handle(e);
        HWND hwnd = (HWND) (uintptr_t) rep.hwnd;
        pthread_mutex_lock(&user_process.lock);
        struct local_window *w = local_find(NULL);
        for (unsigned i = 0; i < LOCAL_WINDOWS_MAX && !w; i++)
                if (!user_process.windows[i].hwnd)
                        w = &user_process.windows[i];
        if (w && ((uintptr_t) hwnd & 0xffffu) >= S0H_WINTAB_SLOTS)
                w = NULL; /* not an HWND of the host's table */
        if (w) {
                memset(w, 0, sizeof *w);
                w->hwnd = hwnd;
                user_process.by_index[(uintptr_t) hwnd & 0xffffu] = (uint16_t) (w - user_process.windows + 1);
                w->proc = proc;
                w->ansi = ansi;
                w->tid = t->tid;
                if (title) {
                        size_t n = wlen(title);
                        if (n >= S0H_TITLE_MAX)
                                n = S0H_TITLE_MAX - 1;
                        memcpy(w->title, title, n * 2);
                }
        }
        pthread_mutex_unlock(&user_process.lock);
        if (!w) {
                struct s0h_msg d = { .type = S0H_DESTROY, .hwnd = rep.hwnd };
                (void) user_call(&d, sizeof d, &rep, UINT32_MAX);
                return (HWND) s0_win32_fail_handle(ERROR_NOT_ENOUGH_MEMORY);
        }
        CREATESTRUCTW cs = { .lpCreateParams = param, .hInstance = inst, .hMenu = menu, .hwndParent = parent,
                             .cy = cy, .cx = cx, .y = y, .x = x, .style = (LONG) style, .lpszName = title,
                             .lpszClass = cls, .dwExStyle = ex };
        /* an ANSI window's procedure gets a CREATESTRUCTA */
        if (!user_ansi_call_create(proc, ansi, hwnd, WM_NCCREATE, &cs) ||
            user_ansi_call_create(proc, ansi, hwnd, WM_CREATE, &cs) == -1) {
                DestroyWindow(hwnd);
                return (HWND) s0_win32_fail_handle(ERROR_INVALID_PARAMETER);
        }
        SetLastError(0);
        return hwnd;
}

WINUSERAPI HWND WINAPI CreateWindowExA(DWORD ex, LPCSTR cls, LPCSTR title, DWORD style, int x, int y, int cx,
                                       int cy, HWND parent, HMENU menu, HINSTANCE inst, LPVOID param) {
        WCHAR *wc = NULL, *wt = NULL;
        uint32_t e = cls ? s0_win32_utf8_to_utf16(cls, &wc, NULL) : ERROR_INVALID_PARAMETER;
        if (!e && title)
                e = s0_win32_utf8_to_utf16(title, &wt, NULL);
        if (e) {
                free(wc);
                return (HWND) s0_win32_fail_handle(e);
        }
        HWND h = CreateWindowExW(ex, wc, wt, style, x, y, cx, cy, parent, menu, inst, param);
        free(wc);
        free(wt);
        return h;
}

WINUSERAPI BOOL WINAPI DestroyWindow(HWND hwnd) {
        struct s0h_msg req = { .type = S0H_DESTROY, .hwnd = (uint64_t) (uintptr_t) hwnd }, rep;
        struct user_thread *t;
        WNDPROC proc;
        uint32_t tid, e;

        if (!user_window_local(hwnd, &proc, &tid))
                return s0_win32_fail(IsWindow(hwnd) ? ERROR_ACCESS_DENIED : ERROR_INVALID_WINDOW_HANDLE);
        e = user_thread_get(&t);
        if (e)
                return s0_win32_fail(e);
        if (tid != t->tid)
                return s0_win32_fail(ERROR_ACCESS_DENIED); /* only the creating thread */
        proc(hwnd, WM_DESTROY, 0, 0);
        proc(hwnd, WM_NCDESTROY, 0, 0);
        pthread_mutex_lock(&user_process.lock);
        struct local_window *w = local_find(hwnd);
        if (w) {
                user_process.by_index[(uintptr_t) hwnd & 0xffffu] = 0;
                memset(w, 0, sizeof *w);
        }
        pthread_mutex_unlock(&user_process.lock);
        e = user_call(&req, sizeof req, &rep, UINT32_MAX);
        user_fast_drop_hwnd(t, hwnd); /* its posted messages go with it, as at the host */
        return e ? s0_win32_fail(e) : TRUE;
}

WINUSERAPI BOOL WINAPI ShowWindow(HWND hwnd, int cmd) {
        /* No screen: visibility is only a style bit. */
        (void) cmd;
        return IsWindow(hwnd) ? FALSE /* "was previously hidden" */ : FALSE;
}

WINUSERAPI LRESULT WINAPI DefWindowProcW(HWND hwnd, UINT msg, WPARAM w, LPARAM l) {
        switch (msg) {
        case WM_NCCREATE:
                return TRUE;
        case WM_CLOSE:
                DestroyWindow(hwnd);
                return 0;
        case WM_SETTEXT: {
                const WCHAR *s = (const WCHAR *) l;
                struct s0h_msg req = { .type = S0H_SET_TEXT, .hwnd = (uint64_t) (uintptr_t) hwnd }, rep;
                if (name_to_field(s, req.title, sizeof req.title))
                        return FALSE;
                pthread_mutex_lock(&user_process.lock);
                struct local_window *lw = local_find(hwnd);
                if (lw) {
                        size_t n = s ? wlen(s) : 0;
                        memset(lw->title, 0, sizeof lw->title);
                        memcpy(lw->title, s, (n < S0H_TITLE_MAX ? n : S0H_TITLE_MAX - 1) * 2);
                }
                pthread_mutex_unlock(&user_process.lock);
                return lw && user_call(&req, sizeof req, &rep, UINT32_MAX) == 0;
        }
        case WM_GETTEXT:
        case WM_GETTEXTLENGTH: {
                WCHAR title[S0H_TITLE_MAX] = { 0 };
                pthread_mutex_lock(&user_process.lock);
                struct local_window *lw = local_find(hwnd);
                if (lw)
                        memcpy(title, lw->title, sizeof title);
                pthread_mutex_unlock(&user_process.lock);
                size_t n = wlen(title);
                if (msg == WM_GETTEXTLENGTH)
                        return (LRESULT) n;
                if (!w || !l)
                        return 0;
                if (n >= w)
                        n = w - 1;
                memcpy((WCHAR *) l, title, n * 2);
                ((WCHAR *) l)[n] = 0;
                return (LRESULT) n;
        }
        default:
                return 0;
        }
}

static HWND find(HWND parent, HWND after, LPCWSTR cls, LPCWSTR title) {
        struct s0h_msg req = { .type = S0H_FIND, .parent = (uint64_t) (uintptr_t) parent,
                               .hwnd = (uint64_t) (uintptr_t) after }, rep;
        struct user_thread *t;
        uint32_t e = name_to_field(cls, req.cls, sizeof req.cls);
        if (!e)
                e = name_to_field(title, req.title, sizeof req.title);
        if (title)
                req.flags = 1;
        if (!e)
                e = user_thread_get(&t);
        if (!e)
                e = user_call(&req, sizeof req, &rep, UINT32_MAX);
        if (e)
                return (HWND) s0_win32_fail_handle(e);
        return (HWND) (uintptr_t) rep.hwnd;
}

WINUSERAPI HWND WINAPI FindWindowW(LPCWSTR cls, LPCWSTR title) { return find(NULL, NULL, cls, title); }
WINUSERAPI HWND WINAPI FindWindowExW(HWND parent, HWND after, LPCWSTR cls, LPCWSTR title) {
        return find(parent, after, cls, title);
}

static HWND find_a(HWND parent, HWND after, LPCSTR cls, LPCSTR title) {
        WCHAR *wc = NULL, *wt = NULL;
        uint32_t e = cls ? s0_win32_utf8_to_utf16(cls, &wc, NULL) : 0;
        if (!e && title)
                e = s0_win32_utf8_to_utf16(title, &wt, NULL);
        if (e) {
                free(wc);
                return (HWND) s0_win32_fail_handle(e);
        }
        HWND h = find(parent, after, wc, wt);
        free(wc);
        free(wt);
        return h;
}
WINUSERAPI HWND WINAPI FindWindowA(LPCSTR cls, LPCSTR title) { return find_a(NULL, NULL, cls, title); }
WINUSERAPI HWND WINAPI FindWindowExA(HWND parent, HWND after, LPCSTR cls, LPCSTR title) {
        return find_a(parent, after, cls, title);
}

WINUSERAPI BOOL WINAPI EnumWindows(WNDENUMPROC proc, LPARAM l) {
        uint8_t buf[S0H_MSG_SIZE_MAX];
        struct s0h_msg req = { .type = S0H_ENUM }, *rep = (struct s0h_msg *) buf;
        struct user_thread *t;
        uint32_t e = proc ? user_thread_get(&t) : ERROR_INVALID_PARAMETER;
        if (!e)
                e = user_call(&req, sizeof req, rep, UINT32_MAX);
        if (e)
                return s0_win32_fail(e);
        uint32_t n = rep->data_len / 8;
        uint64_t hwnds[S0H_ENUM_MAX];
        memcpy(hwnds, rep->data, (size_t) n * 8);
        for (uint32_t i = 0; i < n; i++)
                if (!proc((HWND) (uintptr_t) hwnds[i], l))
                        break;
        return TRUE;
}

static uint32_t info(HWND hwnd, uint32_t flags, struct s0h_msg *rep) {
        struct s0h_msg req = { .type = S0H_INFO, .hwnd = (uint64_t) (uintptr_t) hwnd, .flags = flags };
        struct user_thread *t;
        uint32_t e = user_thread_get(&t);
        return e ? e : user_call(&req, sizeof req, rep, UINT32_MAX);
}

WINUSERAPI BOOL WINAPI IsWindow(HWND hwnd) {
        struct s0h_msg rep;
        if (!hwnd)
                return FALSE;
        return info(hwnd, 1, &rep) == 0;
}

WINUSERAPI DWORD WINAPI GetWindowThreadProcessId(HWND hwnd, LPDWORD pid) {
        struct s0h_msg rep;
        uint32_t e = info(hwnd, 0, &rep);
        if (e) {
                SetLastError(e);
                return 0;
        }
        if (pid)
                *pid = rep.pid;
        return rep.tid;
}

/* The title the host keeps for hwnd, into buf (max > 0, NUL-terminated, cut to fit):
 * what GetWindowText reads of another process's window and InternalGetWindowText of
 * any window, with no message sent. */
static int host_title(HWND hwnd, LPWSTR buf, int max) {
        struct s0h_msg rep;
        WCHAR *w;
        uint32_t e = info(hwnd, 0, &rep);
        if (!e)
                e = s0_win32_utf8_to_utf16(rep.title, &w, NULL);
        if (e) {
                SetLastError(e);
                return 0;
        }
        size_t n = wlen(w);
        if (n >= (size_t) max)
                n = (size_t) max - 1;
        memcpy(buf, w, n * 2);
        buf[n] = 0;
        free(w);
        return (int) n;
}

WINUSERAPI int WINAPI GetWindowTextW(HWND hwnd, LPWSTR buf, int max) {
        if (!buf || max <= 0)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        buf[0] = 0;
        if (user_window_local(hwnd, NULL, NULL))
                return (int) DefWindowProcW(hwnd, WM_GETTEXT, (WPARAM) max, (LPARAM) buf);
        /* another process's window: the host's copy, no message sent (as Windows does) */
        return host_title(hwnd, buf, max);
}

WINUSERAPI int WINAPI InternalGetWindowText(HWND hwnd, LPWSTR buf, int max) {
        if (!buf || max <= 0)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        buf[0] = 0;
        /* the host's copy for every window, our own too: no message is sent */
        return host_title(hwnd, buf, max);
}

WINUSERAPI BOOL WINAPI SetWindowTextW(HWND hwnd, LPCWSTR text) {
        /* as on Windows: WM_SETTEXT to the window, whoever owns it */
        LRESULT r = SendMessageW(hwnd, WM_SETTEXT, 0, (LPARAM) text);
        return r ? TRUE : FALSE;
}

LONG_PTR user_window_get_long(HWND hwnd, int index, bool ansi) {
        LONG_PTR v = 0;
        uint32_t e = 0;
        pthread_mutex_lock(&user_process.lock);
        struct local_window *w = local_find(hwnd);
        if (!w)
                e = ERROR_INVALID_WINDOW_HANDLE; /* another process's fields are not readable */
        else if (index == GWLP_USERDATA)
                v = w->userdata;
        else if (index == GWLP_WNDPROC) /* a handle for CallWindowProc if the character sets differ */
                v = (LONG_PTR) user_ansi_proc_handle(w->proc, w->ansi, ansi);
        else
                e = ERROR_INVALID_INDEX;
        pthread_mutex_unlock(&user_process.lock);
        if (e)
                SetLastError(e);
        return v;
}

LONG_PTR user_window_set_long(HWND hwnd, int index, LONG_PTR value, bool ansi) {
        LONG_PTR old = 0;
        uint32_t e = 0;
        pthread_mutex_lock(&user_process.lock);
        struct local_window *w = local_find(hwnd);
        if (!w)
                e = ERROR_INVALID_WINDOW_HANDLE; /* another process's window: not ours to change */
        else if (index == GWLP_USERDATA) {
                old = w->userdata;
                w->userdata = value;
        } else if (index == GWLP_WNDPROC && value) {
                /* As on Windows: the window takes the character set of the function that
                 * set the procedure, or the one a GetWindowLongPtr handle stands for. */
                old = (LONG_PTR) user_ansi_proc_handle(w->proc, w->ansi, ansi);
                bool proc_ansi = ansi;
                w->proc = user_ansi_proc_resolve((WNDPROC) value, &proc_ansi);
                w->ansi = proc_ansi;
        } else
                e = ERROR_INVALID_INDEX;
        pthread_mutex_unlock(&user_process.lock);
        SetLastError(e);
        return old;
}

WINUSERAPI LONG_PTR WINAPI GetWindowLongPtrW(HWND hwnd, int index) { return user_window_get_long(hwnd, index, false); }
WINUSERAPI LONG_PTR WINAPI SetWindowLongPtrW(HWND hwnd, int index, LONG_PTR value) {
        return user_window_set_long(hwnd, index, value, false);
}
