/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Window stations and desktops: handles of the Win32 handle table naming a station or
 * a desktop; the session host decides what the caller may see and open and keeps the
 * desktops (src/sessionhost/winsta.c, desktop.c). A desktop handle carries the host's
 * id of the desktop; the host counts the handles of each process to a created desktop
 * and frees it when nothing uses it any more. See docs/WINDOWS.md.
 *
 * A thread's desktop is its process's startup desktop (Default) until SetThreadDesktop;
 * GetThreadDesktop returns the handle the thread was given (the startup desktop's one
 * handle otherwise), which CloseDesktop refuses (ERROR_BUSY) while a thread uses it.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <session0/session0.h>

#include "user.h"
#include "win32.h"

struct user_object {
        bool desktop;
        bool startup;             /* the process's startup desktop: never closed */
        pid_t pid;                /* the process the host counts the handle for */
        uint64_t id;              /* the host's desktop id */
        _Atomic unsigned users;   /* threads that have it as their desktop */
        char station[S0H_CLASS_MAX];
        char name[S0H_TITLE_MAX]; /* the desktop's, or the station's again */
};

static uint32_t station_call(uint32_t op, const char *station, const char *desktop, struct s0h_msg *rep);

static uint32_t uobj_close(void *p, uint32_t flags) {
        struct user_object *o = p;
        (void) flags;
        /* the host's count of this process's handles (not a forked child's copy) */
        if (o->desktop && o->pid == getpid()) {
                struct s0h_msg req = { .type = S0H_STATION, .msg = S0H_DESKTOP_CLOSE, .hwnd = o->id }, rep;
                struct user_thread *t;
                if (user_thread_get(&t) == 0)
                        (void) user_call(&req, sizeof req, &rep, UINT32_MAX);
        }
        free(o);
        return 0;
}
static const struct s0_win32_handle_ops winsta_ops = { .name = "WindowStation", .close = uobj_close };
static const struct s0_win32_handle_ops desktop_ops = { .name = "Desktop", .close = uobj_close };

static uint32_t station_call(uint32_t op, const char *station, const char *desktop, struct s0h_msg *rep) {
        struct s0h_msg req = { .type = S0H_STATION, .msg = op };
        struct user_thread *t;
        uint32_t e;
        if ((station && strlen(station) >= sizeof req.cls) || (desktop && strlen(desktop) >= sizeof req.title))
                return ERROR_INVALID_PARAMETER;
        if (station)
                strcpy(req.cls, station);
        if (desktop)
                strcpy(req.title, desktop);
        e = user_thread_get(&t);
        return e ? e : user_call(&req, sizeof req, rep, UINT32_MAX);
}

/* A desktop op on the desktop id (SET_THREAD, SWITCH). */
static uint32_t desktop_call(uint32_t op, uint64_t id) {
        struct s0h_msg req = { .type = S0H_STATION, .msg = op, .hwnd = id }, rep;
        struct user_thread *t;
        uint32_t e = user_thread_get(&t);
        return e ? e : user_call(&req, sizeof req, &rep, UINT32_MAX);
}

static HANDLE make_handle(bool desktop, const char *station, const char *name, uint64_t id) {
        struct user_object *o = calloc(1, sizeof *o);
        HANDLE h;
        if (!o)
                return s0_win32_fail_handle(ERROR_NOT_ENOUGH_MEMORY);
        o->desktop = desktop;
        o->pid = getpid();
        o->id = id;
        snprintf(o->station, sizeof o->station, "%s", station);
        snprintf(o->name, sizeof o->name, "%s", name);
        uint32_t e = s0_win32_handle_insert(&s0_win32_process()->handles, desktop ? &desktop_ops : &winsta_ops, o, &h);
        if (e) {
                o->desktop = false; /* nothing to tell the host: uobj_close below frees it only */
                (void) uobj_close(o, 0);
                return s0_win32_fail_handle(e);
        }
        return h;
}

/* A desktop the host answered (hwnd = id, title = name) in station: a handle. */
static HDESK desktop_handle(const char *station, const struct s0h_msg *rep) {
        HDESK h = make_handle(true, station, rep->title, rep->hwnd);
        if (!h) { /* the host counted a handle we could not make */
                uint32_t e = GetLastError();
                (void) desktop_call(S0H_DESKTOP_CLOSE, rep->hwnd);
                SetLastError(e);
        }
        return h;
}

/* A new handle to the calling thread's desktop (BSMINFO.hdesk: a broadcast reaches the
 * caller's desktop only, so the window that denied it is there), or NULL. */
HDESK user_own_desktop_handle(void) {
        struct s0h_msg own, rep;
        if (station_call(S0H_STATION_OWN, NULL, NULL, &own) || station_call(S0H_DESKTOP_OPEN, own.cls, own.title, &rep))
                return NULL;
        return desktop_handle(own.cls, &rep);
}

/* The object behind h, copied (the handle may be closed meanwhile). */
static uint32_t get_object(HANDLE h, bool desktop, struct user_object *ret) {
        struct s0_win32_ref *ref;
        uint32_t e = s0_win32_handle_get(&s0_win32_process()->handles, h, desktop ? &desktop_ops : &winsta_ops, &ref);
        if (e)
                return e;
        struct user_object *o = ref->p;
        ret->desktop = o->desktop;
        ret->startup = o->startup;
        ret->pid = o->pid;
        ret->id = o->id;
        ret->users = atomic_load(&o->users);
        memcpy(ret->station, o->station, sizeof ret->station);
        memcpy(ret->name, o->name, sizeof ret->name);
        (void) s0_win32_ref_put(&s0_win32_process()->handles, ref);
        return 0;
}

/* Adds d to the threads using desktop handle h (d = -1 when one stops). */
static void desktop_users(HANDLE h, int d) {
        struct s0_win32_ref *ref;
        if (!h || s0_win32_handle_get(&s0_win32_process()->handles, h, &desktop_ops, &ref))
                return;
        struct user_object *o = ref->p;
        if (d > 0)
                atomic_fetch_add(&o->users, 1);
        else
                atomic_fetch_sub(&o->users, 1);
        (void) s0_win32_ref_put(&s0_win32_process()->handles, ref);
}

static char *name_from_w(LPCWSTR w, uint32_t *e) {
        char *u8 = NULL;
        *e = w ? s0_win32_utf16_to_utf8(w, 0, &u8) : ERROR_INVALID_PARAMETER;
        return u8;
}

/* ---- the threads' desktops --------------------------------------------------------- */

#define THREAD_DESKS_MAX 256u
static struct {
        pthread_mutex_t lock;
        HDESK startup;        /* the startup desktop's handle (made on first use) */
        pid_t startup_pid;
        struct {
                uint32_t tid;
                HDESK h;
        } threads[THREAD_DESKS_MAX]; /* threads that called SetThreadDesktop, for GetThreadDesktop(tid) */
        pid_t threads_pid;
} desks = { .lock = PTHREAD_MUTEX_INITIALIZER };
static _Thread_local HDESK thread_desk; /* NULL: the startup desktop */
static _Thread_local pid_t thread_desk_pid;
static _Thread_local uint64_t thread_desk_id; /* the host's id; 0: Default */

static uint32_t gettid_u32(void) { return (uint32_t) syscall(SYS_gettid); }

/* The startup desktop's handle, one per process; NULL with the last error set. The host
 * is asked without the lock held: user_call() may run window procedures meanwhile. */
static HDESK startup_desktop(void) {
        HDESK h, extra = NULL;
        pthread_mutex_lock(&desks.lock);
        h = desks.startup && desks.startup_pid == getpid() ? desks.startup : NULL;
        pthread_mutex_unlock(&desks.lock);
        if (h)
                return h;
        struct s0h_msg own, rep;
        uint32_t e = station_call(S0H_STATION_OWN, NULL, NULL, &own);
        if (!e)
                e = station_call(S0H_DESKTOP_OPEN, own.cls, "Default", &rep);
        HDESK made = e ? s0_win32_fail_handle(e) : desktop_handle(own.cls, &rep);
        if (!made)
                return NULL;
        struct s0_win32_ref *ref;
        if (!s0_win32_handle_get(&s0_win32_process()->handles, made, &desktop_ops, &ref)) {
                ((struct user_object *) ref->p)->startup = true;
                (void) s0_win32_ref_put(&s0_win32_process()->handles, ref);
        }
        pthread_mutex_lock(&desks.lock);
        if (desks.startup && desks.startup_pid == getpid())
                extra = made; /* another thread made it first */
        else {
                desks.startup = made;
                desks.startup_pid = getpid();
        }
        h = desks.startup;
        pthread_mutex_unlock(&desks.lock);
        if (extra && !s0_win32_handle_get(&s0_win32_process()->handles, extra, &desktop_ops, &ref)) {
                ((struct user_object *) ref->p)->startup = false;
                (void) s0_win32_ref_put(&s0_win32_process()->handles, ref);
                (void) s0_win32_handle_close(&s0_win32_process()->handles, extra, &desktop_ops, 0);
        }
        return h;
}

/* Records thread tid's desktop handle (NULL: the entry goes). */
static void remember_thread(uint32_t tid, HDESK h) {
        pthread_mutex_lock(&desks.lock);
        if (desks.threads_pid != getpid()) { /* a forked child: the parent's threads are not ours */
                memset(desks.threads, 0, sizeof desks.threads);
                desks.threads_pid = getpid();
        }
        unsigned free_i = THREAD_DESKS_MAX;
        for (unsigned i = 0; i < THREAD_DESKS_MAX; i++) {
                if (desks.threads[i].tid == tid) {
                        desks.threads[i].h = h;
                        if (!h)
                                desks.threads[i].tid = 0;
                        pthread_mutex_unlock(&desks.lock);
                        return;
                }
                if (!desks.threads[i].tid && free_i == THREAD_DESKS_MAX)
                        free_i = i;
        }
        if (h && free_i < THREAD_DESKS_MAX) /* beyond: GetThreadDesktop(tid) from another thread misses it */
                desks.threads[free_i].tid = tid, desks.threads[free_i].h = h;
        pthread_mutex_unlock(&desks.lock);
}

static HDESK lookup_thread(uint32_t tid) {
        HDESK h = NULL;
        pthread_mutex_lock(&desks.lock);
        if (desks.threads_pid == getpid())
                for (unsigned i = 0; i < THREAD_DESKS_MAX; i++)
                        if (desks.threads[i].tid == tid)
                                h = desks.threads[i].h;
        pthread_mutex_unlock(&desks.lock);
        return h;
}

static HDESK own_thread_desk(void) {
        return thread_desk && thread_desk_pid == getpid() ? thread_desk : NULL;
}

void user_desktop_thread_gone(uint32_t tid) {
        HDESK h = own_thread_desk();
        if (h) {
                desktop_users(h, -1);
                remember_thread(tid, NULL);
        }
        thread_desk = NULL;
}

uint64_t user_thread_desktop_id(void) {
        return own_thread_desk() ? thread_desk_id : 0;
}

/* ---- stations ---------------------------------------------------------------------- */

WINUSERAPI HWINSTA WINAPI GetProcessWindowStation(void) {
        struct s0h_msg rep;
        uint32_t e = station_call(S0H_STATION_OWN, NULL, NULL, &rep);
        return e ? s0_win32_fail_handle(e) : make_handle(false, rep.cls, rep.cls, 0);
}

WINUSERAPI BOOL WINAPI SetProcessWindowStation(HWINSTA h) {
        struct user_object o;
        uint32_t e = get_object(h, false, &o);
        return e ? s0_win32_fail(e) : TRUE;
}

WINUSERAPI HWINSTA WINAPI OpenWindowStationW(LPCWSTR name, BOOL inherit, DWORD access) {
        struct s0h_msg rep;
        uint32_t e;
        char *u8 = name_from_w(name, &e);
        (void) inherit, (void) access;
        if (!e)
                e = station_call(S0H_STATION_OPEN, u8, NULL, &rep);
        HANDLE h = e ? s0_win32_fail_handle(e) : make_handle(false, u8, u8, 0);
        free(u8);
        return h;
}

static BOOL enum_names(uint32_t op, const char *station, BOOL (*proc)(LPWSTR, LPARAM), LPARAM l) {
        _Alignas(struct s0h_msg) uint8_t buf[S0H_MSG_SIZE_MAX];
        struct s0h_msg *rep = (struct s0h_msg *) buf;
        uint32_t e = proc ? station_call(op, station, NULL, rep) : ERROR_INVALID_PARAMETER;
        if (e)
                return s0_win32_fail(e);
        char names[S0H_DATA_MAX + 1];
        memcpy(names, rep->data, rep->data_len);
        names[rep->data_len] = 0;
        for (size_t off = 0; off < rep->data_len; off += strlen(names + off) + 1) {
                WCHAR *w;
                if (s0_win32_utf8_to_utf16(names + off, &w, NULL))
                        continue;
                BOOL go = proc(w, l);
                free(w);
                if (!go)
                        break;
        }
        return TRUE;
}

WINUSERAPI BOOL WINAPI EnumWindowStationsW(WINSTAENUMPROCW proc, LPARAM l) {
        return enum_names(S0H_STATION_ENUM, NULL, proc, l);
}

/* NULL: the process's window station (as Windows and Wine do). */
WINUSERAPI BOOL WINAPI EnumDesktopsW(HWINSTA h, DESKTOPENUMPROCW proc, LPARAM l) {
        struct user_object o;
        struct s0h_msg own;
        uint32_t e;
        if (!h) {
                e = station_call(S0H_STATION_OWN, NULL, NULL, &own);
                return e ? s0_win32_fail(e) : enum_names(S0H_DESKTOP_ENUM, own.cls, proc, l);
        }
        e = get_object(h, false, &o);
        return e ? s0_win32_fail(e) : enum_names(S0H_DESKTOP_ENUM, o.station, proc, l);
}

WINUSERAPI BOOL WINAPI CloseWindowStation(HWINSTA h) {
        uint32_t e = s0_win32_handle_close(&s0_win32_process()->handles, h, &winsta_ops, 0);
        return e ? s0_win32_fail(e) : TRUE;
}

/* "CloseDesktop will fail if any thread in the calling process is using the specified
 * desktop handle": ERROR_BUSY, as for the startup desktop's handle. */
WINUSERAPI BOOL WINAPI CloseDesktop(HDESK h) {
        struct user_object o;
        uint32_t e = get_object(h, true, &o);
        if (!e && (o.startup || o.users))
                e = ERROR_BUSY;
        if (!e)
                e = s0_win32_handle_close(&s0_win32_process()->handles, h, &desktop_ops, 0);
        return e ? s0_win32_fail(e) : TRUE;
}

/* A desktop of the process's window station. */
/* A desktop of the process's window station by name: op S0H_DESKTOP_OPEN or _CREATE. */
static HDESK desktop_by_name(LPCWSTR name, uint32_t op) {
        struct s0h_msg own, rep;
        uint32_t e;
        char *u8 = name_from_w(name, &e);
        if (!e && strlen(u8) >= S0H_DESKTOP_NAME_MAX)
                e = ERROR_FILENAME_EXCED_RANGE; /* Windows: MAX_PATH; here the host's name size */
        if (!e)
                e = station_call(S0H_STATION_OWN, NULL, NULL, &own);
        if (!e)
                e = station_call(op, own.cls, u8, &rep);
        HANDLE h = e ? s0_win32_fail_handle(e) : desktop_handle(own.cls, &rep);
        free(u8);
        return h;
}

WINUSERAPI HDESK WINAPI OpenDesktopW(LPCWSTR name, DWORD flags, BOOL inherit, DWORD access) {
        (void) flags, (void) inherit, (void) access;
        return desktop_by_name(name, S0H_DESKTOP_OPEN);
}

WINUSERAPI HDESK WINAPI OpenDesktopA(LPCSTR name, DWORD flags, BOOL inherit, DWORD access) {
        WCHAR *w = NULL;
        uint32_t e = name ? s0_win32_utf8_to_utf16(name, &w, NULL) : ERROR_INVALID_PARAMETER;
        if (e)
                return s0_win32_fail_handle(e);
        HDESK h = OpenDesktopW(w, flags, inherit, access);
        free(w);
        return h;
}

/* In the process's window station. An existing name opens that desktop; the last error
 * is left alone either way (Windows sets no ERROR_ALREADY_EXISTS here). CreateDesktop
 * does not change the calling thread's desktop (Windows neither, whatever its page says). */
WINUSERAPI HDESK WINAPI CreateDesktopW(LPCWSTR name, LPCWSTR device, void *mode, DWORD flags, DWORD access,
                                       void *sa) {
        (void) flags, (void) access, (void) sa;
        if (device || mode) /* "Reserved; must be NULL." */
                return s0_win32_fail_handle(ERROR_INVALID_PARAMETER);
        return desktop_by_name(name, S0H_DESKTOP_CREATE);
}

WINUSERAPI HDESK WINAPI CreateDesktopA(LPCSTR name, LPCSTR device, void *mode, DWORD flags, DWORD access, void *sa) {
        WCHAR *w = NULL;
        uint32_t e = name ? s0_win32_utf8_to_utf16(name, &w, NULL) : ERROR_INVALID_PARAMETER;
        if (e)
                return s0_win32_fail_handle(e);
        static const WCHAR empty[1] = { 0 };
        HDESK h = CreateDesktopW(w, device ? empty : NULL, mode, flags, access, sa);
        free(w);
        return h;
}

/* The input desktop (SwitchDesktop's) of a user session's WinSta0; session 0 has no
 * input (ERROR_ACCESS_DENIED). A new handle each call, as on Windows. */
WINUSERAPI HDESK WINAPI OpenInputDesktop(DWORD flags, BOOL inherit, DWORD access) {
        struct s0h_msg own, rep;
        uint32_t e = station_call(S0H_STATION_OWN, NULL, NULL, &own);
        (void) flags, (void) inherit, (void) access;
        if (!e)
                e = station_call(S0H_DESKTOP_INPUT, NULL, NULL, &rep);
        return e ? s0_win32_fail_handle(e) : desktop_handle(own.cls, &rep);
}

/* tid 0 is taken as the calling thread (session0 has always answered it so). */
WINUSERAPI HDESK WINAPI GetThreadDesktop(DWORD tid) {
        char path[64];
        if (tid == 0 || tid == gettid_u32()) {
                HDESK h = own_thread_desk();
                return h ? h : startup_desktop();
        }
        HDESK h = lookup_thread(tid);
        if (h)
                return h;
        snprintf(path, sizeof path, "/proc/self/task/%u", (unsigned) tid);
        if (access(path, F_OK) == 0)
                return startup_desktop(); /* a thread of ours that never changed its desktop */
        return s0_win32_fail_handle(ERROR_INVALID_PARAMETER);
}

/* The host decides (the thread's windows and hooks: ERROR_BUSY); the handle then is the
 * thread's until it changes again or ends. */
WINUSERAPI BOOL WINAPI SetThreadDesktop(HDESK h) {
        struct user_object o;
        uint32_t e = get_object(h, true, &o);
        if (!e)
                e = desktop_call(S0H_DESKTOP_SET_THREAD, o.id);
        if (e)
                return s0_win32_fail(e);
        HDESK old = own_thread_desk();
        if (old == h)
                return TRUE;
        if (o.startup)
                h = NULL; /* back on the startup desktop */
        desktop_users(h, 1);
        desktop_users(old, -1);
        thread_desk = h;
        thread_desk_pid = getpid();
        /* Default is one desktop whichever handle names it */
        thread_desk_id = h && strcasecmp(o.name, "Default") != 0 ? o.id : 0;
        remember_thread(gettid_u32(), h);
        return TRUE;
}

/* Makes h the input desktop: WinSta0's of a user session (session 0 has no display). */
WINUSERAPI BOOL WINAPI SwitchDesktop(HDESK h) {
        struct user_object o;
        uint32_t e = get_object(h, true, &o);
        if (!e)
                e = desktop_call(S0H_DESKTOP_SWITCH, o.id);
        return e ? s0_win32_fail(e) : TRUE;
}

WINUSERAPI BOOL WINAPI GetUserObjectInformationW(HANDLE h, int index, PVOID buf, DWORD size, LPDWORD needed) {
        struct user_object o;
        uint32_t e = get_object(h, true, &o);
        if (e == ERROR_INVALID_HANDLE)
                e = get_object(h, false, &o);
        if (e)
                return s0_win32_fail(e);
        if (index != UOI_NAME)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        WCHAR *w;
        size_t units;
        e = s0_win32_utf8_to_utf16(o.name, &w, &units);
        if (e)
                return s0_win32_fail(e);
        DWORD bytes = (DWORD) ((units + 1) * 2);
        if (needed)
                *needed = bytes;
        if (!buf || size < bytes) {
                free(w);
                return s0_win32_fail(ERROR_INSUFFICIENT_BUFFER);
        }
        memcpy(buf, w, bytes);
        free(w);
        return TRUE;
}
