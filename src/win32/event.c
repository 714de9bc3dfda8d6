/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Events: CreateEvent[Ex], OpenEvent, SetEvent, ResetEvent, PulseEvent (SEMANTICS.md §3.3). */
#include "win32.h"

static struct s0_obj_create_args event_args(const char *name, DWORD flags, DWORD access) {
        return (struct s0_obj_create_args) {
                .type = S0_OBJ_EVENT,
                .name = name,
                .access = access,
                .event.manual_reset = flags & CREATE_EVENT_MANUAL_RESET,
                .event.initial_state = flags & CREATE_EVENT_INITIAL_SET,
        };
}

static DWORD event_flags(BOOL bManualReset, BOOL bInitialState) {
        return (bManualReset ? CREATE_EVENT_MANUAL_RESET : 0) | (bInitialState ? CREATE_EVENT_INITIAL_SET : 0);
}

#define EVENT_FLAGS_VALID (CREATE_EVENT_MANUAL_RESET | CREATE_EVENT_INITIAL_SET)

WINBASEAPI HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset,
                                      BOOL bInitialState, LPCWSTR lpName) {
        struct s0_obj_create_args a = event_args(NULL, event_flags(bManualReset, bInitialState), EVENT_ALL_ACCESS);

        return s0_win32_create_w(&a, lpName, lpEventAttributes);
}

WINBASEAPI HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset,
                                      BOOL bInitialState, LPCSTR lpName) {
        struct s0_obj_create_args a = event_args(lpName, event_flags(bManualReset, bInitialState), EVENT_ALL_ACCESS);

        return s0_win32_create(&a, lpEventAttributes);
}

WINBASEAPI HANDLE WINAPI CreateEventExW(LPSECURITY_ATTRIBUTES lpEventAttributes, LPCWSTR lpName, DWORD dwFlags,
                                        DWORD dwDesiredAccess) {
        struct s0_obj_create_args a = event_args(NULL, dwFlags, dwDesiredAccess);

        if (dwFlags & ~EVENT_FLAGS_VALID)
                return s0_win32_fail_handle(ERROR_INVALID_PARAMETER);
        return s0_win32_create_w(&a, lpName, lpEventAttributes);
}

WINBASEAPI HANDLE WINAPI CreateEventExA(LPSECURITY_ATTRIBUTES lpEventAttributes, LPCSTR lpName, DWORD dwFlags,
                                        DWORD dwDesiredAccess) {
        struct s0_obj_create_args a = event_args(lpName, dwFlags, dwDesiredAccess);

        if (dwFlags & ~EVENT_FLAGS_VALID)
                return s0_win32_fail_handle(ERROR_INVALID_PARAMETER);
        return s0_win32_create(&a, lpEventAttributes);
}

WINBASEAPI HANDLE WINAPI OpenEventW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName) {
        return s0_win32_open_w(S0_OBJ_EVENT, dwDesiredAccess, bInheritHandle, lpName);
}

WINBASEAPI HANDLE WINAPI OpenEventA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName) {
        return s0_win32_open(S0_OBJ_EVENT, dwDesiredAccess, bInheritHandle, lpName);
}

static BOOL event_op(HANDLE h, int (*op)(struct s0_object *o)) {
        struct s0_win32_ref *ref;
        struct s0_object *o;
        uint32_t e;
        int r;

        e = s0_win32_object_get(h, S0_OBJ_EVENT, &ref, &o);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        r = op(o);
        s0_win32_object_put(ref);
        if (r < 0)
                return s0_win32_fail(s0_obj_win32_error(r));
        return TRUE;
}

WINBASEAPI BOOL WINAPI SetEvent(HANDLE hEvent) { return event_op(hEvent, s0_event_set); }
WINBASEAPI BOOL WINAPI ResetEvent(HANDLE hEvent) { return event_op(hEvent, s0_event_reset); }
WINBASEAPI BOOL WINAPI PulseEvent(HANDLE hEvent) { return event_op(hEvent, s0_event_pulse); }
