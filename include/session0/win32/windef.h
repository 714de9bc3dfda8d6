/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * session0 Win32 layer: the base types of the Windows API (BOOL, DWORD, HANDLE, ...),
 * with the sizes Windows gives them (LLP64: LONG and DWORD are 32-bit on every
 * target), so that structures and shared memory laid out by Windows code match.
 *
 * Written from Microsoft's documentation ("Windows Data Types"). Only what the
 * implemented functions need is declared; see docs/WIN32.md.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Calling conventions do not exist on the ABIs session0 runs on. */
#ifndef WINAPI
#define WINAPI
#endif
#ifndef CALLBACK
#define CALLBACK
#endif
#ifndef APIENTRY
#define APIENTRY WINAPI
#endif

/* The library exports these names under -fvisibility=hidden; users see plain
 * declarations. */
#if defined(S0_BUILDING_WIN32)
#define S0_WIN32_EXPORT __attribute__((visibility("default")))
#else
#define S0_WIN32_EXPORT
#endif
#ifndef WINBASEAPI
#define WINBASEAPI S0_WIN32_EXPORT
#endif
#ifndef WINADVAPI
#define WINADVAPI S0_WIN32_EXPORT
#endif

#ifndef VOID
#define VOID void
#endif
#ifndef CONST
#define CONST const
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef TRUE
#define TRUE 1
#endif
#ifndef NULL
#define NULL ((void *) 0)
#endif
#ifndef ANYSIZE_ARRAY
#define ANYSIZE_ARRAY 1
#endif
#ifndef MAX_PATH
#define MAX_PATH 260
#endif

typedef int BOOL;
typedef BOOL *PBOOL, *LPBOOL;
typedef unsigned char BYTE;
typedef BYTE BOOLEAN, *PBOOLEAN;
typedef BYTE *PBYTE, *LPBYTE;
typedef unsigned short WORD;
typedef WORD *PWORD, *LPWORD;
typedef unsigned short USHORT;
typedef USHORT *PUSHORT;
typedef uint32_t DWORD;
typedef DWORD *PDWORD, *LPDWORD;
typedef int INT;
typedef unsigned int UINT;
typedef int32_t LONG;
typedef LONG *PLONG, *LPLONG;
typedef uint32_t ULONG;
typedef ULONG *PULONG;
typedef int64_t LONGLONG;
typedef uint64_t ULONGLONG;
typedef char CHAR;
typedef CHAR *PCHAR, *LPCH, *PCH;

typedef intptr_t INT_PTR, LONG_PTR;
typedef uintptr_t UINT_PTR, ULONG_PTR, DWORD_PTR;
typedef ULONG_PTR *PULONG_PTR;
typedef DWORD_PTR *PDWORD_PTR;
typedef size_t SIZE_T;
typedef SIZE_T *PSIZE_T;

typedef void *PVOID, *LPVOID;
typedef const void *LPCVOID;

typedef CHAR *PSTR, *LPSTR;
typedef const CHAR *PCSTR, *LPCSTR;

#ifdef __cplusplus
}
#endif
