/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Semaphores: CreateSemaphore[Ex], OpenSemaphore, ReleaseSemaphore (SEMANTICS.md §3.5).
 * The count checks (max > 0, 0 <= initial <= max, release past max) are native. */
#include "win32.h"

static struct s0_obj_create_args semaphore_args(const char *name, LONG initial, LONG maximum, DWORD access) {
        return (struct s0_obj_create_args) {
                .type = S0_OBJ_SEMAPHORE,
                .name = name,
                .access = access,
                .semaphore.initial = initial,
                .semaphore.maximum = maximum,
        };
}

WINBASEAPI HANDLE WINAPI CreateSemaphoreW(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount,
                                          LONG lMaximumCount, LPCWSTR lpName) {
        struct s0_obj_create_args a = semaphore_args(NULL, lInitialCount, lMaximumCount, SEMAPHORE_ALL_ACCESS);

        return s0_win32_create_w(&a, lpName, lpSemaphoreAttributes);
}

WINBASEAPI HANDLE WINAPI CreateSemaphoreA(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount,
                                          LONG lMaximumCount, LPCSTR lpName) {
        struct s0_obj_create_args a = semaphore_args(lpName, lInitialCount, lMaximumCount, SEMAPHORE_ALL_ACCESS);

        return s0_win32_create(&a, lpSemaphoreAttributes);
}

/* dwFlags is reserved and must be 0 [D]. */
WINBASEAPI HANDLE WINAPI CreateSemaphoreExW(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount,
                                            LONG lMaximumCount, LPCWSTR lpName, DWORD dwFlags,
                                            DWORD dwDesiredAccess) {
        struct s0_obj_create_args a = semaphore_args(NULL, lInitialCount, lMaximumCount, dwDesiredAccess);

        if (dwFlags != 0)
                return s0_win32_fail_handle(ERROR_INVALID_PARAMETER);
        return s0_win32_create_w(&a, lpName, lpSemaphoreAttributes);
}

WINBASEAPI HANDLE WINAPI CreateSemaphoreExA(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount,
                                            LONG lMaximumCount, LPCSTR lpName, DWORD dwFlags,
                                            DWORD dwDesiredAccess) {
        struct s0_obj_create_args a = semaphore_args(lpName, lInitialCount, lMaximumCount, dwDesiredAccess);

        if (dwFlags != 0)
                return s0_win32_fail_handle(ERROR_INVALID_PARAMETER);
        return s0_win32_create(&a, lpSemaphoreAttributes);
}

WINBASEAPI HANDLE WINAPI OpenSemaphoreW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName) {
        return s0_win32_open_w(S0_OBJ_SEMAPHORE, dwDesiredAccess, bInheritHandle, lpName);
}

WINBASEAPI HANDLE WINAPI OpenSemaphoreA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName) {
        return s0_win32_open(S0_OBJ_SEMAPHORE, dwDesiredAccess, bInheritHandle, lpName);
}

WINBASEAPI BOOL WINAPI ReleaseSemaphore(HANDLE hSemaphore, LONG lReleaseCount, LPLONG lpPreviousCount) {
        struct s0_win32_ref *ref;
        struct s0_object *o;
        int32_t previous;
        uint32_t e;
        int r;

        e = s0_win32_object_get(hSemaphore, S0_OBJ_SEMAPHORE, &ref, &o);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        r = s0_semaphore_release(o, lReleaseCount, &previous);
        s0_win32_object_put(ref);
        if (r < 0)
                return s0_win32_fail(s0_obj_win32_error(r));
        if (lpPreviousCount)
                *lpPreviousCount = previous;
        return TRUE;
}
