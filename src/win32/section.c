/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * File mappings: CreateFileMapping, OpenFileMapping, MapViewOfFile, UnmapViewOfFile
 * (SEMANTICS.md §3.7). Only sections backed by the paging file (hFile ==
 * INVALID_HANDLE_VALUE) exist: there are no file handles yet, so any other hFile is
 * ERROR_INVALID_HANDLE, which is what Windows says for a value that is no file handle.
 */
#include "win32.h"

static uint64_t make_u64(DWORD high, DWORD low) { return (uint64_t) high << 32 | low; }

static struct s0_obj_create_args section_args(const char *name, DWORD protect, DWORD high, DWORD low) {
        return (struct s0_obj_create_args) {
                .type = S0_OBJ_SECTION,
                .name = name,
                .access = FILE_MAP_ALL_ACCESS,
                .section.size = make_u64(high, low),
                .section.protect = protect,
        };
}

WINBASEAPI HANDLE WINAPI CreateFileMappingW(HANDLE hFile, LPSECURITY_ATTRIBUTES lpFileMappingAttributes,
                                            DWORD flProtect, DWORD dwMaximumSizeHigh, DWORD dwMaximumSizeLow,
                                            LPCWSTR lpName) {
        struct s0_obj_create_args a = section_args(NULL, flProtect, dwMaximumSizeHigh, dwMaximumSizeLow);

        if (hFile != INVALID_HANDLE_VALUE)
                return s0_win32_fail_handle(ERROR_INVALID_HANDLE);
        return s0_win32_create_w(&a, lpName, lpFileMappingAttributes);
}

WINBASEAPI HANDLE WINAPI CreateFileMappingA(HANDLE hFile, LPSECURITY_ATTRIBUTES lpFileMappingAttributes,
                                            DWORD flProtect, DWORD dwMaximumSizeHigh, DWORD dwMaximumSizeLow,
                                            LPCSTR lpName) {
        struct s0_obj_create_args a = section_args(lpName, flProtect, dwMaximumSizeHigh, dwMaximumSizeLow);

        if (hFile != INVALID_HANDLE_VALUE)
                return s0_win32_fail_handle(ERROR_INVALID_HANDLE);
        return s0_win32_create(&a, lpFileMappingAttributes);
}

WINBASEAPI HANDLE WINAPI OpenFileMappingW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName) {
        return s0_win32_open_w(S0_OBJ_SECTION, dwDesiredAccess, bInheritHandle, lpName);
}

WINBASEAPI HANDLE WINAPI OpenFileMappingA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName) {
        return s0_win32_open(S0_OBJ_SECTION, dwDesiredAccess, bInheritHandle, lpName);
}

/* The view keeps the section's memory, not its handle: the handle may be closed while
 * views stay mapped, as on Windows. */
WINBASEAPI LPVOID WINAPI MapViewOfFile(HANDLE hFileMappingObject, DWORD dwDesiredAccess, DWORD dwFileOffsetHigh,
                                       DWORD dwFileOffsetLow, SIZE_T dwNumberOfBytesToMap) {
        struct s0_win32_ref *ref;
        struct s0_object *o;
        void *addr;
        uint32_t e;
        int r;

        e = s0_win32_object_get(hFileMappingObject, S0_OBJ_SECTION, &ref, &o);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail_handle(e);
        r = s0_section_map(o, dwDesiredAccess, make_u64(dwFileOffsetHigh, dwFileOffsetLow), dwNumberOfBytesToMap,
                           &addr);
        s0_win32_object_put(ref);
        if (r < 0)
                return s0_win32_fail_handle(s0_obj_win32_error(r));
        return addr;
}

WINBASEAPI BOOL WINAPI UnmapViewOfFile(LPCVOID lpBaseAddress) {
        struct s0_objctx *ctx;
        uint32_t e;
        int r;

        e = s0_win32_objctx(&ctx);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        r = s0_section_unmap(ctx, (void *) (uintptr_t) lpBaseAddress);
        if (r < 0)
                return s0_win32_fail(s0_obj_win32_error(r));
        return TRUE;
}
