/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* WTSEnumerateSessionsW for bench-sessions (see bench-wts.h). */
#define UNICODE
#include <windows.h>
#include <wtsapi32.h>

#include <errno.h>

#include "bench-wts.h"

int bench_wts_enumerate(size_t *ret_count, uint32_t *ret_error) {
        PWTS_SESSION_INFOW info = NULL;
        DWORD n = 0;

        if (!WTSEnumerateSessionsW(WTS_CURRENT_SERVER_HANDLE, 0, 1, &info, &n)) {
                *ret_error = GetLastError();
                return -EIO;
        }
        WTSFreeMemory(info);
        *ret_count = n;
        return 0;
}
