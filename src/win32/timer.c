/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Waitable timers: CreateWaitableTimer[Ex], OpenWaitableTimer, SetWaitableTimer,
 * CancelWaitableTimer (SEMANTICS.md §3.6). */
#include "win32.h"

static struct s0_obj_create_args timer_args(const char *name, bool manual_reset, DWORD access) {
        return (struct s0_obj_create_args) {
                .type = S0_OBJ_TIMER,
                .name = name,
                .access = access,
                .timer.manual_reset = manual_reset,
        };
}

WINBASEAPI HANDLE WINAPI CreateWaitableTimerW(LPSECURITY_ATTRIBUTES lpTimerAttributes, BOOL bManualReset,
                                              LPCWSTR lpTimerName) {
        struct s0_obj_create_args a = timer_args(NULL, bManualReset, TIMER_ALL_ACCESS);

        return s0_win32_create_w(&a, lpTimerName, lpTimerAttributes);
}

WINBASEAPI HANDLE WINAPI CreateWaitableTimerA(LPSECURITY_ATTRIBUTES lpTimerAttributes, BOOL bManualReset,
                                              LPCSTR lpTimerName) {
        struct s0_obj_create_args a = timer_args(lpTimerName, bManualReset, TIMER_ALL_ACCESS);

        return s0_win32_create(&a, lpTimerAttributes);
}

/* CREATE_WAITABLE_TIMER_HIGH_RESOLUTION is not declared: every timer has the kernel's
 * resolution, so it would change nothing; unknown flags are refused. */
WINBASEAPI HANDLE WINAPI CreateWaitableTimerExW(LPSECURITY_ATTRIBUTES lpTimerAttributes, LPCWSTR lpTimerName,
                                                DWORD dwFlags, DWORD dwDesiredAccess) {
        struct s0_obj_create_args a = timer_args(NULL, dwFlags & CREATE_WAITABLE_TIMER_MANUAL_RESET, dwDesiredAccess);

        if (dwFlags & ~CREATE_WAITABLE_TIMER_MANUAL_RESET)
                return s0_win32_fail_handle(ERROR_INVALID_PARAMETER);
        return s0_win32_create_w(&a, lpTimerName, lpTimerAttributes);
}

WINBASEAPI HANDLE WINAPI CreateWaitableTimerExA(LPSECURITY_ATTRIBUTES lpTimerAttributes, LPCSTR lpTimerName,
                                                DWORD dwFlags, DWORD dwDesiredAccess) {
        struct s0_obj_create_args a = timer_args(lpTimerName, dwFlags & CREATE_WAITABLE_TIMER_MANUAL_RESET,
                                                 dwDesiredAccess);

        if (dwFlags & ~CREATE_WAITABLE_TIMER_MANUAL_RESET)
                return s0_win32_fail_handle(ERROR_INVALID_PARAMETER);
        return s0_win32_create(&a, lpTimerAttributes);
}

WINBASEAPI HANDLE WINAPI OpenWaitableTimerW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpTimerName) {
        return s0_win32_open_w(S0_OBJ_TIMER, dwDesiredAccess, bInheritHandle, lpTimerName);
}

WINBASEAPI HANDLE WINAPI OpenWaitableTimerA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpTimerName) {
        return s0_win32_open(S0_OBJ_TIMER, dwDesiredAccess, bInheritHandle, lpTimerName);
}

/* The completion routine would run as an APC on this thread during an alertable wait;
 * session0 has no alertable waits, so it is accepted and never called — what Windows
 * does for a thread that never waits alertably. */
WINBASEAPI BOOL WINAPI SetWaitableTimer(HANDLE hTimer, const LARGE_INTEGER *lpDueTime, LONG lPeriod,
                                        PTIMERAPCROUTINE pfnCompletionRoutine, LPVOID lpArgToCompletionRoutine,
                                        BOOL fResume) {
        struct s0_win32_ref *ref;
        struct s0_object *o;
        uint32_t e;
        int r;

        if (!lpDueTime)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        e = s0_win32_object_get(hTimer, S0_OBJ_TIMER, &ref, &o);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        r = s0_timer_set(o, lpDueTime->QuadPart, lPeriod, fResume);
        s0_win32_object_put(ref);
        if (r < 0)
                return s0_win32_fail(s0_obj_win32_error(r));
        /* Resume is not supported: Windows then succeeds and says so in the last error. */
        if (r == 1)
                SetLastError(ERROR_NOT_SUPPORTED);
        return TRUE;
}

WINBASEAPI BOOL WINAPI CancelWaitableTimer(HANDLE hTimer) {
        struct s0_win32_ref *ref;
        struct s0_object *o;
        uint32_t e;
        int r;

        e = s0_win32_object_get(hTimer, S0_OBJ_TIMER, &ref, &o);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        r = s0_timer_cancel(o);
        s0_win32_object_put(ref);
        if (r < 0)
                return s0_win32_fail(s0_obj_win32_error(r));
        return TRUE;
}
