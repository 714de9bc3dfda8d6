/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Window stations and desktops: handles of the Win32 handle table naming a station (and
 * a desktop); the session host decides what the caller may see and open
 * (src/sessionhost/winsta.c). See docs/WINDOWS.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <session0/session0.h>

#include "user.h"
#include "win32.h"

struct user_object {
        bool desktop;
        char station[S0H_CLASS_MAX];
        char name[S0H_TITLE_MAX]; /* the desktop's, or the station's again */
};

static uint32_t uobj_close(void *p, uint32_t flags) {
        (void) flags;
        free(p);
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

static HANDLE make_handle(bool desktop, const char *station, const char *name) {
        struct user_object *o = calloc(1, sizeof *o);
        HANDLE h;
        if (!o)
                return s0_win32_fail_handle(ERROR_NOT_ENOUGH_MEMORY);
        o->desktop = desktop;
        snprintf(o->station, sizeof o->station, "%s", station);
        snprintf(o->name, sizeof o->name, "%s", name);
        uint32_t e = s0_win32_handle_insert(&s0_win32_process()->handles, desktop ? &desktop_ops : &winsta_ops, o, &h);
        if (e) {
                free(o);
                return s0_win32_fail_handle(e);
        }
        return h;
}

/* A new handle to DESKTOP of STATION (BSMINFO.hdesk: a window's desktop). */
HDESK user_desktop_handle(const char *station, const char *desktop) { return make_handle(true, station, desktop); }

/* The object behind h, copied (the handle may be closed meanwhile). */
static uint32_t get_object(HANDLE h, bool desktop, struct user_object *ret) {
        struct s0_win32_ref *ref;
        uint32_t e = s0_win32_handle_get(&s0_win32_process()->handles, h, desktop ? &desktop_ops : &winsta_ops, &ref);
        if (e)
                return e;
        *ret = *(struct user_object *) ref->p;
        (void) s0_win32_ref_put(&s0_win32_process()->handles, ref);
        return 0;
}

static char *name_from_w(LPCWSTR w, uint32_t *e) {
        char *u8 = NULL;
        *e = w ? s0_win32_utf16_to_utf8(w, 0, &u8) : ERROR_INVALID_PARAMETER;
        return u8;
}

WINUSERAPI HWINSTA WINAPI GetProcessWindowStation(void) {
        struct s0h_msg rep;
        uint32_t e = station_call(S0H_STATION_OWN, NULL, NULL, &rep);
        return e ? s0_win32_fail_handle(e) : make_handle(false, rep.cls, rep.cls);
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
        HANDLE h = e ? s0_win32_fail_handle(e) : make_handle(false, u8, u8);
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

WINUSERAPI BOOL WINAPI EnumDesktopsW(HWINSTA h, DESKTOPENUMPROCW proc, LPARAM l) {
        struct user_object o;
        uint32_t e = get_object(h, false, &o);
        return e ? s0_win32_fail(e) : enum_names(S0H_DESKTOP_ENUM, o.station, proc, l);
}

WINUSERAPI BOOL WINAPI CloseWindowStation(HWINSTA h) {
        uint32_t e = s0_win32_handle_close(&s0_win32_process()->handles, h, &winsta_ops, 0);
        return e ? s0_win32_fail(e) : TRUE;
}

WINUSERAPI BOOL WINAPI CloseDesktop(HDESK h) {
        uint32_t e = s0_win32_handle_close(&s0_win32_process()->handles, h, &desktop_ops, 0);
        return e ? s0_win32_fail(e) : TRUE;
}

/* A desktop of the process's window station. */
WINUSERAPI HDESK WINAPI OpenDesktopW(LPCWSTR name, DWORD flags, BOOL inherit, DWORD access) {
        struct s0h_msg own, rep;
        uint32_t e;
        char *u8 = name_from_w(name, &e);
        (void) flags, (void) inherit, (void) access;
        if (!e)
                e = station_call(S0H_STATION_OWN, NULL, NULL, &own);
        if (!e)
                e = station_call(S0H_DESKTOP_OPEN, own.cls, u8, &rep);
        HANDLE h = e ? s0_win32_fail_handle(e) : make_handle(true, own.cls, u8);
        free(u8);
        return h;
}

WINUSERAPI HDESK WINAPI CreateDesktopW(LPCWSTR name, LPCWSTR device, void *mode, DWORD flags, DWORD access,
                                       void *sa) {
        (void) name, (void) device, (void) mode, (void) flags, (void) access, (void) sa;
        return s0_win32_fail_handle(ERROR_NOT_SUPPORTED); /* the fixed desktops only (docs/WINDOWS.md) */
}

/* The input desktop is the interactive station's Default: a user session's, never a
 * service's (session 0 has no input). */
WINUSERAPI HDESK WINAPI OpenInputDesktop(DWORD flags, BOOL inherit, DWORD access) {
        struct s0h_msg own;
        uint32_t e = station_call(S0H_STATION_OWN, NULL, NULL, &own);
        if (e)
                return s0_win32_fail_handle(e);
        uint32_t session = 0;
        if (s0_pid_session(getpid(), &session) < 0 || session == 0 || strcmp(own.cls, "WinSta0") != 0)
                return s0_win32_fail_handle(ERROR_ACCESS_DENIED);
        (void) flags, (void) inherit, (void) access;
        return make_handle(true, "WinSta0", "Default");
}

WINUSERAPI HDESK WINAPI GetThreadDesktop(DWORD tid) {
        struct s0h_msg own;
        (void) tid;
        uint32_t e = station_call(S0H_STATION_OWN, NULL, NULL, &own);
        return e ? s0_win32_fail_handle(e) : make_handle(true, own.cls, own.title);
}

WINUSERAPI BOOL WINAPI SetThreadDesktop(HDESK h) {
        struct user_object o;
        uint32_t e = get_object(h, true, &o);
        if (e)
                return s0_win32_fail(e);
        /* one desktop per session holds all windows: only the default one is accepted */
        return strcmp(o.name, "Default") == 0 ? TRUE : s0_win32_fail(ERROR_NOT_SUPPORTED);
}

WINUSERAPI BOOL WINAPI SwitchDesktop(HDESK h) {
        struct user_object o;
        uint32_t e = get_object(h, true, &o);
        if (e)
                return s0_win32_fail(e);
        uint32_t session = 0;
        if (s0_pid_session(getpid(), &session) < 0 || session == 0 || strcmp(o.station, "WinSta0") != 0)
                return s0_win32_fail(ERROR_ACCESS_DENIED); /* a non-interactive station has no display */
        return strcmp(o.name, "Default") == 0 ? TRUE : s0_win32_fail(ERROR_ACCESS_DENIED);
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
