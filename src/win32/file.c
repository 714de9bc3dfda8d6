/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fileapi.h: CreateFile, ReadFile and WriteFile, dispatched by name to pipes
 * (\\.\pipe\NAME, pipe.c) and devices (\\.\NAME, \\.\GLOBALROOT\Device\NAME, device.c),
 * and by handle type afterwards. Other paths (files) are not implemented
 * (ERROR_NOT_SUPPORTED, docs/WIN32.md).
 */
#include <stdlib.h>

#include "win32.h"

/* CreateFile fails with INVALID_HANDLE_VALUE, not NULL. */
static HANDLE fail_invalid(DWORD code) {
        SetLastError(code);
        return INVALID_HANDLE_VALUE;
}

WINBASEAPI HANDLE WINAPI CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                                     LPSECURITY_ATTRIBUTES lpSecurityAttributes, DWORD dwCreationDisposition,
                                     DWORD dwFlagsAndAttributes, HANDLE hTemplateFile) {
        const char *dev;

        if (!lpFileName)
                return fail_invalid(ERROR_INVALID_PARAMETER);
        if (s0_win32_is_pipe_name(lpFileName))
                return s0_win32_pipe_create_file(lpFileName, dwCreationDisposition, dwFlagsAndAttributes);
        dev = s0_win32_device_name_part(lpFileName);
        if (dev)
                return s0_win32_device_create_file(dev, dwDesiredAccess, dwCreationDisposition, dwFlagsAndAttributes);
        return fail_invalid(ERROR_NOT_SUPPORTED);
}

WINBASEAPI HANDLE WINAPI CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                                     LPSECURITY_ATTRIBUTES lpSecurityAttributes, DWORD dwCreationDisposition,
                                     DWORD dwFlagsAndAttributes, HANDLE hTemplateFile) {
        char *name = NULL;
        uint32_t e = s0_win32_utf16_to_utf8(lpFileName, 0, &name);
        HANDLE h;

        if (e != ERROR_SUCCESS)
                return fail_invalid(e);
        h = CreateFileA(name, dwDesiredAccess, dwShareMode, lpSecurityAttributes, dwCreationDisposition,
                        dwFlagsAndAttributes, hTemplateFile);
        free(name);
        return h;
}

WINBASEAPI BOOL WINAPI ReadFile(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead, LPDWORD lpNumberOfBytesRead,
                                LPOVERLAPPED lpOverlapped) {
        BOOL ok;

        if (s0_win32_device_read_file(hFile, lpBuffer, nNumberOfBytesToRead, lpNumberOfBytesRead, &ok))
                return ok;
        return s0_win32_pipe_read_file(hFile, lpBuffer, nNumberOfBytesToRead, lpNumberOfBytesRead);
}

WINBASEAPI BOOL WINAPI WriteFile(HANDLE hFile, LPCVOID lpBuffer, DWORD nNumberOfBytesToWrite,
                                 LPDWORD lpNumberOfBytesWritten, LPOVERLAPPED lpOverlapped) {
        BOOL ok;

        if (s0_win32_device_write_file(hFile, lpBuffer, nNumberOfBytesToWrite, lpNumberOfBytesWritten, &ok))
                return ok;
        return s0_win32_pipe_write_file(hFile, lpBuffer, nNumberOfBytesToWrite, lpNumberOfBytesWritten);
}
