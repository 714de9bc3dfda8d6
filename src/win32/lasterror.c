/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* GetLastError/SetLastError. The last error is per thread on Windows, so it is the one
 * piece of state outside struct s0_win32_process: a thread-local, starting at 0. */
#include <sys/syscall.h>
#include <unistd.h>

#include "win32.h"

static _Thread_local DWORD last_error;

WINBASEAPI DWORD WINAPI GetLastError(void) { return last_error; }

WINBASEAPI VOID WINAPI SetLastError(DWORD dwErrCode) { last_error = dwErrCode; }

HANDLE s0_win32_fail_handle(DWORD code) {
        SetLastError(code);
        return NULL;
}

BOOL s0_win32_fail(DWORD code) {
        SetLastError(code);
        return FALSE;
}

/* The pseudo-handle Windows documents as (HANDLE) -1: it names the calling process
 * wherever a process handle is expected and is never in the handle table. */
WINBASEAPI HANDLE WINAPI GetCurrentProcess(void) { return INVALID_HANDLE_VALUE; }

WINBASEAPI DWORD WINAPI GetCurrentProcessId(void) { return (DWORD) getpid(); }

/* The kernel thread id, which is what other tools (ps, /proc, s0ctl's mutex owner)
 * show; syscall() because gettid() needs glibc 2.30. */
WINBASEAPI DWORD WINAPI GetCurrentThreadId(void) { return (DWORD) syscall(SYS_gettid); }
