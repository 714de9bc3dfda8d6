/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Mutexes: CreateMutex[Ex], OpenMutex, ReleaseMutex (SEMANTICS.md §3.4). Ownership,
 * recursion and abandonment are the native layer's; waits are in wait.c. */
#include "win32.h"

static struct s0_obj_create_args mutex_args(const char *name, bool initial_owner, DWORD access) {
        return (struct s0_obj_create_args) {
                .type = S0_OBJ_MUTEX,
                .name = name,
                .access = access,
                .mutex.initial_owner = initial_owner,
        };
}

WINBASEAPI HANDLE WINAPI CreateMutexW(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner, LPCWSTR lpName) {
        struct s0_obj_create_args a = mutex_args(NULL, bInitialOwner, MUTEX_ALL_ACCESS);

        return s0_win32_create_w(&a, lpName, lpMutexAttributes);
}

WINBASEAPI HANDLE WINAPI CreateMutexA(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner, LPCSTR lpName) {
        struct s0_obj_create_args a = mutex_args(lpName, bInitialOwner, MUTEX_ALL_ACCESS);

        return s0_win32_create(&a, lpMutexAttributes);
}

WINBASEAPI HANDLE WINAPI CreateMutexExW(LPSECURITY_ATTRIBUTES lpMutexAttributes, LPCWSTR lpName, DWORD dwFlags,
                                        DWORD dwDesiredAccess) {
        struct s0_obj_create_args a = mutex_args(NULL, dwFlags & CREATE_MUTEX_INITIAL_OWNER, dwDesiredAccess);

        if (dwFlags & ~CREATE_MUTEX_INITIAL_OWNER)
                return s0_win32_fail_handle(ERROR_INVALID_PARAMETER);
        return s0_win32_create_w(&a, lpName, lpMutexAttributes);
}

WINBASEAPI HANDLE WINAPI CreateMutexExA(LPSECURITY_ATTRIBUTES lpMutexAttributes, LPCSTR lpName, DWORD dwFlags,
                                        DWORD dwDesiredAccess) {
        struct s0_obj_create_args a = mutex_args(lpName, dwFlags & CREATE_MUTEX_INITIAL_OWNER, dwDesiredAccess);

        if (dwFlags & ~CREATE_MUTEX_INITIAL_OWNER)
                return s0_win32_fail_handle(ERROR_INVALID_PARAMETER);
        return s0_win32_create(&a, lpMutexAttributes);
}

WINBASEAPI HANDLE WINAPI OpenMutexW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName) {
        return s0_win32_open_w(S0_OBJ_MUTEX, dwDesiredAccess, bInheritHandle, lpName);
}

WINBASEAPI HANDLE WINAPI OpenMutexA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName) {
        return s0_win32_open(S0_OBJ_MUTEX, dwDesiredAccess, bInheritHandle, lpName);
}

/* Works through any handle to the mutex, whatever its access [W]: only ownership counts. */
WINBASEAPI BOOL WINAPI ReleaseMutex(HANDLE hMutex) {
        struct s0_win32_ref *ref;
        struct s0_object *o;
        uint32_t e;
        int r;

        e = s0_win32_object_get(hMutex, S0_OBJ_MUTEX, &ref, &o);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        r = s0_mutex_release(o);
        s0_win32_object_put(ref);
        if (r < 0)
                return s0_win32_fail(s0_obj_win32_error(r));
        return TRUE;
}
