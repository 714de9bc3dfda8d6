/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * WaitForSingleObject, WaitForMultipleObjects (SEMANTICS.md §4). The native wait does
 * the work; here handles become objects and results become WAIT_* values. A success
 * or a timeout leaves the last error alone, as on Windows; only WAIT_FAILED sets it.
 */
#include <errno.h>
#include <stdatomic.h>

#include "win32.h"

static void put_all(struct s0_win32_ref **refs, size_t n) {
        for (size_t i = 0; i < n; i++)
                s0_win32_object_put(refs[i]);
}

DWORD s0_win32_wait_word(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll, DWORD dwMilliseconds,
                         _Atomic uint32_t *word, uint32_t seen, bool *ret_word) {
        struct s0_win32_ref *refs[MAXIMUM_WAIT_OBJECTS];
        struct s0_object *objs[MAXIMUM_WAIT_OBJECTS];
        bool abandoned = false;
        uint32_t index = 0, e;
        int r;

        *ret_word = false;
        if ((nCount == 0 && !word) || nCount > MAXIMUM_WAIT_OBJECTS - (word != NULL) || (nCount && !lpHandles)) {
                SetLastError(ERROR_INVALID_PARAMETER);
                return WAIT_FAILED;
        }
        /* The references keep each object alive through the wait even if another thread
         * closes its handle meanwhile ("session0 keeps waiting"). A namespace handle, or
         * the process pseudo-handle (no process objects yet), is not waitable: 6. */
        for (DWORD i = 0; i < nCount; i++) {
                e = s0_win32_object_get(lpHandles[i], S0_OBJ_NONE, &refs[i], &objs[i]);
                if (e != ERROR_SUCCESS) {
                        put_all(refs, i);
                        SetLastError(e);
                        return WAIT_FAILED;
                }
        }
        r = word ? s0_obj_wait_word(objs, nCount, bWaitAll, dwMilliseconds, word, seen, &index, &abandoned)
                 : s0_obj_wait(objs, nCount, bWaitAll, dwMilliseconds, &index, &abandoned);
        put_all(refs, nCount);
        if (r == -ETIMEDOUT)
                return WAIT_TIMEOUT;
        if (r < 0) {
                SetLastError(s0_obj_win32_error(r));
                return WAIT_FAILED;
        }
        if (r == 1) {
                *ret_word = true;
                return WAIT_TIMEOUT;
        }
        return (abandoned ? WAIT_ABANDONED_0 : WAIT_OBJECT_0) + index;
}

WINBASEAPI DWORD WINAPI WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll,
                                               DWORD dwMilliseconds) {
        bool word;
        return s0_win32_wait_word(nCount, lpHandles, bWaitAll, dwMilliseconds, NULL, 0, &word);
}

WINBASEAPI DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds) {
        struct s0_win32_ref *ref;

        /* A process handle (CreateProcessAsUser) waits on its pidfd, alone: see
         * docs/WIN32.md for WaitForMultipleObjects. */
        if (s0_win32_handle_get(&s0_win32_process()->handles, hHandle, &s0_win32_process_ops, &ref) ==
            ERROR_SUCCESS)
                return s0_win32_process_wait(ref, dwMilliseconds);
        return WaitForMultipleObjects(1, &hHandle, FALSE, dwMilliseconds);
}
