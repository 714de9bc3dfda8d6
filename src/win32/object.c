/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What Create*, Open* and the handle functions share for the native object types
 * (events, mutexes, semaphores, timers, sections): name conversion, security
 * attributes, the ERROR_ALREADY_EXISTS rule, inheritance, and the handle table.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>

#include "shared/macro.h"
#include "win32.h"

/* The Win32 headers spell the Windows values out (users include them without
 * objects.h); they must be the native API's. */
static_assert(EVENT_ALL_ACCESS == S0_EVENT_ALL_ACCESS && EVENT_MODIFY_STATE == S0_EVENT_MODIFY_STATE, "event");
static_assert(MUTEX_ALL_ACCESS == S0_MUTEX_ALL_ACCESS && MUTEX_MODIFY_STATE == S0_MUTEX_MODIFY_STATE, "mutex");
static_assert(SEMAPHORE_ALL_ACCESS == S0_SEMAPHORE_ALL_ACCESS && SEMAPHORE_MODIFY_STATE == S0_SEMAPHORE_MODIFY_STATE,
              "semaphore");
static_assert(TIMER_ALL_ACCESS == S0_TIMER_ALL_ACCESS && TIMER_MODIFY_STATE == S0_TIMER_MODIFY_STATE &&
                      TIMER_QUERY_STATE == S0_TIMER_QUERY_STATE, "timer");
static_assert(FILE_MAP_ALL_ACCESS == S0_FILE_MAP_ALL_ACCESS && FILE_MAP_READ == S0_FILE_MAP_READ &&
                      FILE_MAP_WRITE == S0_FILE_MAP_WRITE && FILE_MAP_COPY == S0_FILE_MAP_COPY &&
                      FILE_MAP_EXECUTE == S0_FILE_MAP_EXECUTE, "section");
static_assert(DELETE == S0_DELETE && READ_CONTROL == S0_READ_CONTROL && WRITE_DAC == S0_WRITE_DAC &&
                      WRITE_OWNER == S0_WRITE_OWNER && SYNCHRONIZE == S0_SYNCHRONIZE &&
                      STANDARD_RIGHTS_REQUIRED == S0_STANDARD_RIGHTS_REQUIRED, "standard rights");
static_assert(GENERIC_READ == S0_GENERIC_READ && GENERIC_WRITE == S0_GENERIC_WRITE &&
                      GENERIC_EXECUTE == S0_GENERIC_EXECUTE && GENERIC_ALL == S0_GENERIC_ALL &&
                      MAXIMUM_ALLOWED == S0_MAXIMUM_ALLOWED, "generic rights");
static_assert(PAGE_READONLY == S0_PAGE_READONLY && PAGE_READWRITE == S0_PAGE_READWRITE &&
                      PAGE_WRITECOPY == S0_PAGE_WRITECOPY && PAGE_EXECUTE_READ == S0_PAGE_EXECUTE_READ &&
                      PAGE_EXECUTE_READWRITE == S0_PAGE_EXECUTE_READWRITE && SEC_COMMIT == S0_SEC_COMMIT &&
                      SEC_RESERVE == S0_SEC_RESERVE, "protections");
static_assert(INFINITE == S0_INFINITE && MAXIMUM_WAIT_OBJECTS == S0_MAXIMUM_WAIT_OBJECTS, "waits");
static_assert(sizeof(WCHAR) == 2 && sizeof(DWORD) == 4 && sizeof(LONG) == 4 && sizeof(HANDLE) == sizeof(void *),
              "LLP64 base types");

static uint32_t object_close(void *p, uint32_t flags) {
        int r = s0_obj_close(p);

        return r < 0 ? s0_obj_win32_error(r) : ERROR_SUCCESS;
}

const struct s0_win32_handle_ops s0_win32_object_ops = {
        .name = "object",
        .close = object_close,
};

/* bInheritHandle: a handle is an open file, so an inheritable one is a descriptor
 * without FD_CLOEXEC: it survives exec() and keeps the object alive in the new
 * program, which can rebuild a handle with s0_obj_from_fd(). */
static uint32_t set_inheritable(struct s0_object *o, bool inherit) {
        int fd = s0_obj_fd(o), flags, nflags;

        if (fd < 0)
                return s0_obj_win32_error(fd);
        flags = fcntl(fd, F_GETFD);
        if (flags < 0)
                return s0_obj_win32_error(-errno);
        nflags = inherit ? flags & ~FD_CLOEXEC : flags | FD_CLOEXEC;
        if (nflags != flags && fcntl(fd, F_SETFD, nflags) < 0)
                return s0_obj_win32_error(-errno);
        return ERROR_SUCCESS;
}

uint32_t s0_win32_object_insert(struct s0_object *o, bool inherit, HANDLE *ret) {
        struct s0_win32_process *p = s0_win32_process();
        uint32_t e;

        e = set_inheritable(o, inherit);
        if (e == ERROR_SUCCESS)
                e = s0_win32_handle_insert(&p->handles, &s0_win32_object_ops, o, ret);
        if (e != ERROR_SUCCESS)
                (void) s0_obj_close(o); /* the error to report is e, not the close's */
        return e;
}

HANDLE s0_win32_create(struct s0_obj_create_args *a, const SECURITY_ATTRIBUTES *sa) {
        struct s0_win32_native_sd nsd;
        struct s0_objctx *ctx;
        struct s0_object *o;
        HANDLE h;
        uint32_t e;
        int r;

        e = s0_win32_sa_to_native(sa, &nsd, &a->sd);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail_handle(e);
        e = s0_win32_objctx(&ctx);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail_handle(e);
        r = s0_obj_create(ctx, a, &o);
        if (r < 0)
                return s0_win32_fail_handle(s0_obj_win32_error(r));
        e = s0_win32_object_insert(o, sa && sa->bInheritHandle, &h);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail_handle(e);
        /* Create clears the last error for a new object: callers test for 183 without
         * resetting it first. */
        SetLastError(r == S0_OBJ_EXISTED ? ERROR_ALREADY_EXISTS : ERROR_SUCCESS);
        return h;
}

HANDLE s0_win32_create_w(struct s0_obj_create_args *a, const WCHAR *name, const SECURITY_ATTRIBUTES *sa) {
        _cleanup_free_ char *u = NULL;
        uint32_t e;

        e = s0_win32_name_from_w(name, &u);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail_handle(e);
        a->name = u;
        return s0_win32_create(a, sa);
}

HANDLE s0_win32_open(uint32_t type, DWORD access, BOOL inherit, const char *name) {
        struct s0_objctx *ctx;
        struct s0_object *o;
        HANDLE h;
        uint32_t e;
        int r;

        if (!name)
                return s0_win32_fail_handle(ERROR_INVALID_PARAMETER);
        e = s0_win32_objctx(&ctx);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail_handle(e);
        r = s0_obj_open(ctx, type, name, access, &o);
        if (r < 0)
                return s0_win32_fail_handle(s0_obj_win32_error(r));
        e = s0_win32_object_insert(o, inherit, &h);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail_handle(e);
        return h;
}

HANDLE s0_win32_open_w(uint32_t type, DWORD access, BOOL inherit, const WCHAR *name) {
        _cleanup_free_ char *u = NULL;
        uint32_t e;

        if (!name)
                return s0_win32_fail_handle(ERROR_INVALID_PARAMETER);
        e = s0_win32_name_from_w(name, &u);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail_handle(e);
        return s0_win32_open(type, access, inherit, u);
}

uint32_t s0_win32_object_get(HANDLE h, uint32_t type, struct s0_win32_ref **ret_ref, struct s0_object **ret) {
        struct s0_win32_process *p = s0_win32_process();
        struct s0_win32_ref *ref;
        uint32_t e;

        e = s0_win32_handle_get(&p->handles, h, &s0_win32_object_ops, &ref);
        if (e != ERROR_SUCCESS)
                return e;
        if (type != S0_OBJ_NONE && s0_obj_type(ref->p) != type) {
                (void) s0_win32_ref_put(&p->handles, ref);
                return ERROR_INVALID_HANDLE;
        }
        *ret_ref = ref;
        *ret = ref->p;
        return ERROR_SUCCESS;
}

void s0_win32_object_put(struct s0_win32_ref *ref) {
        /* A close that fails here (the handle was closed meanwhile and this was the last
         * user) has nobody left to report to. */
        (void) s0_win32_ref_put(&s0_win32_process()->handles, ref);
}

/* ---- CloseHandle, DuplicateHandle --------------------------------------------------- */

WINBASEAPI BOOL WINAPI CloseHandle(HANDLE hObject) {
        uint32_t e;

        /* Closing the current-process pseudo-handle is a no-op that succeeds. */
        if (hObject == GetCurrentProcess())
                return TRUE;
        /* Any kind: Windows closes a private namespace handle too (without destroying). */
        e = s0_win32_handle_close(&s0_win32_process()->handles, hObject, NULL, 0);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        return TRUE;
}

WINBASEAPI BOOL WINAPI DuplicateHandle(HANDLE hSourceProcessHandle, HANDLE hSourceHandle,
                                       HANDLE hTargetProcessHandle, LPHANDLE lpTargetHandle,
                                       DWORD dwDesiredAccess, BOOL bInheritHandle, DWORD dwOptions) {
        struct s0_win32_ref *ref;
        struct s0_object *o, *dup;
        HANDLE h;
        uint32_t e;
        int r;

        /* The only process handle is the pseudo-handle (there is no OpenProcess or
         * CreateProcess yet): any other value is not a process handle, which Windows
         * reports as ERROR_INVALID_HANDLE. */
        if (hSourceProcessHandle != GetCurrentProcess() || hTargetProcessHandle != GetCurrentProcess())
                return s0_win32_fail(ERROR_INVALID_HANDLE);
        if (dwOptions & ~(DUPLICATE_CLOSE_SOURCE | DUPLICATE_SAME_ACCESS))
                return s0_win32_fail(ERROR_INVALID_PARAMETER);

        e = s0_win32_object_get(hSourceHandle, S0_OBJ_NONE, &ref, &o);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        if (!lpTargetHandle) {
                /* Windows makes the copy and drops its value (kept for compatibility, a
                 * leak); making none is the same minus the leak. */
                s0_win32_object_put(ref);
                if (dwOptions & DUPLICATE_CLOSE_SOURCE)
                        return CloseHandle(hSourceHandle);
                return TRUE;
        }
        r = s0_obj_duplicate(o, dwDesiredAccess, dwOptions & DUPLICATE_SAME_ACCESS, &dup);
        s0_win32_object_put(ref);
        /* DUPLICATE_CLOSE_SOURCE closes the source whatever happens to the copy. */
        if (dwOptions & DUPLICATE_CLOSE_SOURCE)
                (void) CloseHandle(hSourceHandle);
        if (r < 0)
                return s0_win32_fail(s0_obj_win32_error(r));
        e = s0_win32_object_insert(dup, bInheritHandle, &h);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        *lpTargetHandle = h;
        return TRUE;
}
