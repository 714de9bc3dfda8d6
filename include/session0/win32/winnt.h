/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * session0 Win32 layer: wide characters, HANDLE, access rights, page protections and
 * the security structures (SID, ACL, SECURITY_DESCRIPTOR) in their Windows layouts.
 *
 * Written from Microsoft's documentation; values checked against objects.h's S0_*
 * constants at build time (src/win32/) and in tests/unit/test-win32-types.c.
 */
#pragma once

#include "windef.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- characters and strings -------------------------------------------------------- */
/* WCHAR is a UTF-16 code unit, as on Windows. Build Windows code with -fshort-wchar
 * (pkg-config session0-win32 adds it) so that L"..." is UTF-16 and L"x" converts to
 * const WCHAR * without a cast. Without it L"..." is UTF-32; TEXT() then falls back to
 * u"..." literals, which are UTF-16 in C11 and C++11. */
#if defined(__cplusplus)
#if defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ == 2
typedef wchar_t WCHAR;
#else
typedef char16_t WCHAR;
#endif
#else
typedef unsigned short WCHAR;
#endif
typedef WCHAR *PWCHAR, *LPWCH, *PWCH;
typedef WCHAR *PWSTR, *LPWSTR;
typedef const WCHAR *PCWSTR, *LPCWSTR;

#if defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ == 2
#define __TEXT(quote) L##quote
#else
#define __TEXT(quote) u##quote
#endif

#ifdef UNICODE
typedef WCHAR TCHAR;
#define TEXT(quote) __TEXT(quote)
#else
typedef char TCHAR;
#define TEXT(quote) quote
#endif
typedef TCHAR *PTSTR, *LPTSTR;
typedef const TCHAR *PCTSTR, *LPCTSTR;

/* ---- handles ----------------------------------------------------------------------- */
typedef void *HANDLE;
typedef HANDLE *PHANDLE, *LPHANDLE;

/* ---- 64-bit values split in two, as Windows structures store them ------------------ */
typedef union _LARGE_INTEGER {
        __extension__ struct {
                DWORD LowPart;
                LONG HighPart;
        };
        struct {
                DWORD LowPart;
                LONG HighPart;
        } u;
        LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
        __extension__ struct {
                DWORD LowPart;
                DWORD HighPart;
        };
        struct {
                DWORD LowPart;
                DWORD HighPart;
        } u;
        ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

/* ---- access rights (SEMANTICS.md §3.2) --------------------------------------------- */
typedef DWORD ACCESS_MASK;
typedef ACCESS_MASK *PACCESS_MASK;

#define DELETE 0x00010000u
#define READ_CONTROL 0x00020000u
#define WRITE_DAC 0x00040000u
#define WRITE_OWNER 0x00080000u
#define SYNCHRONIZE 0x00100000u
#define STANDARD_RIGHTS_REQUIRED 0x000F0000u
#define STANDARD_RIGHTS_READ READ_CONTROL
#define STANDARD_RIGHTS_WRITE READ_CONTROL
#define STANDARD_RIGHTS_EXECUTE READ_CONTROL
#define STANDARD_RIGHTS_ALL 0x001F0000u
#define SPECIFIC_RIGHTS_ALL 0x0000FFFFu
#define MAXIMUM_ALLOWED 0x02000000u
#define GENERIC_READ 0x80000000u
#define GENERIC_WRITE 0x40000000u
#define GENERIC_EXECUTE 0x20000000u
#define GENERIC_ALL 0x10000000u

#define EVENT_MODIFY_STATE 0x0002u
#define EVENT_ALL_ACCESS 0x1F0003u
#define MUTANT_QUERY_STATE 0x0001u
#define MUTANT_ALL_ACCESS 0x1F0001u
#define MUTEX_MODIFY_STATE MUTANT_QUERY_STATE
#define MUTEX_ALL_ACCESS MUTANT_ALL_ACCESS
#define SEMAPHORE_MODIFY_STATE 0x0002u
#define SEMAPHORE_ALL_ACCESS 0x1F0003u
#define TIMER_QUERY_STATE 0x0001u
#define TIMER_MODIFY_STATE 0x0002u
#define TIMER_ALL_ACCESS 0x1F0003u

#define SECTION_QUERY 0x0001u
#define SECTION_MAP_WRITE 0x0002u
#define SECTION_MAP_READ 0x0004u
#define SECTION_MAP_EXECUTE 0x0008u
#define SECTION_EXTEND_SIZE 0x0010u
#define SECTION_MAP_EXECUTE_EXPLICIT 0x0020u
#define SECTION_ALL_ACCESS 0xF001Fu

/* ---- page protections of a section ------------------------------------------------- */
#define PAGE_READONLY 0x02u
#define PAGE_READWRITE 0x04u
#define PAGE_WRITECOPY 0x08u
#define PAGE_EXECUTE_READ 0x20u
#define PAGE_EXECUTE_READWRITE 0x40u
#define SEC_RESERVE 0x04000000u
#define SEC_COMMIT 0x08000000u

/* ---- SIDs -------------------------------------------------------------------------- */
typedef struct _SID_IDENTIFIER_AUTHORITY {
        BYTE Value[6];
} SID_IDENTIFIER_AUTHORITY, *PSID_IDENTIFIER_AUTHORITY;

typedef struct _SID {
        BYTE Revision;
        BYTE SubAuthorityCount;
        SID_IDENTIFIER_AUTHORITY IdentifierAuthority;
        DWORD SubAuthority[ANYSIZE_ARRAY];
} SID, *PISID;
typedef PVOID PSID;

#define SID_REVISION 1
#define SID_MAX_SUB_AUTHORITIES 15
/* 8 bytes of header and 15 sub-authorities */
#define SECURITY_MAX_SID_SIZE 68

/* Initialisers for a SID_IDENTIFIER_AUTHORITY */
#define SECURITY_NULL_SID_AUTHORITY { { 0, 0, 0, 0, 0, 0 } }
#define SECURITY_WORLD_SID_AUTHORITY { { 0, 0, 0, 0, 0, 1 } }
#define SECURITY_LOCAL_SID_AUTHORITY { { 0, 0, 0, 0, 0, 2 } }
#define SECURITY_CREATOR_SID_AUTHORITY { { 0, 0, 0, 0, 0, 3 } }
#define SECURITY_NT_AUTHORITY { { 0, 0, 0, 0, 0, 5 } }
#define SECURITY_MANDATORY_LABEL_AUTHORITY { { 0, 0, 0, 0, 0, 16 } }

#define SECURITY_WORLD_RID 0x00000000u
#define SECURITY_CREATOR_OWNER_RID 0x00000000u
#define SECURITY_AUTHENTICATED_USER_RID 0x0000000Bu
#define SECURITY_LOCAL_SYSTEM_RID 0x00000012u
#define SECURITY_BUILTIN_DOMAIN_RID 0x00000020u
#define DOMAIN_ALIAS_RID_ADMINS 0x00000220u

typedef enum {
        WinNullSid = 0,
        WinWorldSid = 1,
        WinLocalSid = 2,
        WinCreatorOwnerSid = 3,
        WinCreatorGroupSid = 4,
        WinAuthenticatedUserSid = 17,
        WinLocalSystemSid = 22,
        WinBuiltinAdministratorsSid = 26,
} WELL_KNOWN_SID_TYPE;

/* ---- ACLs -------------------------------------------------------------------------- */
typedef struct _ACL {
        BYTE AclRevision;
        BYTE Sbz1;
        WORD AclSize;
        WORD AceCount;
        WORD Sbz2;
} ACL, *PACL;

#define ACL_REVISION 2
#define ACL_REVISION_DS 4

typedef struct _ACE_HEADER {
        BYTE AceType;
        BYTE AceFlags;
        WORD AceSize;
} ACE_HEADER, *PACE_HEADER;

#define ACCESS_ALLOWED_ACE_TYPE 0x0
#define ACCESS_DENIED_ACE_TYPE 0x1

#define OBJECT_INHERIT_ACE 0x01
#define CONTAINER_INHERIT_ACE 0x02
#define NO_PROPAGATE_INHERIT_ACE 0x04
#define INHERIT_ONLY_ACE 0x08
#define INHERITED_ACE 0x10

typedef struct _ACCESS_ALLOWED_ACE {
        ACE_HEADER Header;
        ACCESS_MASK Mask;
        DWORD SidStart;
} ACCESS_ALLOWED_ACE, *PACCESS_ALLOWED_ACE;

typedef struct _ACCESS_DENIED_ACE {
        ACE_HEADER Header;
        ACCESS_MASK Mask;
        DWORD SidStart;
} ACCESS_DENIED_ACE, *PACCESS_DENIED_ACE;

/* ---- security descriptors ---------------------------------------------------------- */
typedef WORD SECURITY_DESCRIPTOR_CONTROL, *PSECURITY_DESCRIPTOR_CONTROL;

#define SE_OWNER_DEFAULTED 0x0001
#define SE_GROUP_DEFAULTED 0x0002
#define SE_DACL_PRESENT 0x0004
#define SE_DACL_DEFAULTED 0x0008
#define SE_SACL_PRESENT 0x0010
#define SE_SACL_DEFAULTED 0x0020
#define SE_DACL_AUTO_INHERITED 0x0400
#define SE_SACL_AUTO_INHERITED 0x0800
#define SE_DACL_PROTECTED 0x1000
#define SE_SACL_PROTECTED 0x2000
#define SE_SELF_RELATIVE 0x8000

/* The absolute form, which InitializeSecurityDescriptor() prepares. */
typedef struct _SECURITY_DESCRIPTOR {
        BYTE Revision;
        BYTE Sbz1;
        SECURITY_DESCRIPTOR_CONTROL Control;
        PSID Owner;
        PSID Group;
        PACL Sacl;
        PACL Dacl;
} SECURITY_DESCRIPTOR, *PISECURITY_DESCRIPTOR;

/* The self-relative form (offsets from its start), which
 * ConvertStringSecurityDescriptorToSecurityDescriptor() returns. */
typedef struct _SECURITY_DESCRIPTOR_RELATIVE {
        BYTE Revision;
        BYTE Sbz1;
        SECURITY_DESCRIPTOR_CONTROL Control;
        DWORD Owner;
        DWORD Group;
        DWORD Sacl;
        DWORD Dacl;
} SECURITY_DESCRIPTOR_RELATIVE, *PISECURITY_DESCRIPTOR_RELATIVE;

typedef PVOID PSECURITY_DESCRIPTOR;

#define SECURITY_DESCRIPTOR_REVISION 1
#define SECURITY_DESCRIPTOR_MIN_LENGTH (sizeof(SECURITY_DESCRIPTOR))

/* ---- locally unique identifiers ----------------------------------------------------- */
/* A logon session's LUID (BSMINFO.luid, BSF_LUID). The well-known ones are the service
 * accounts' logon sessions, which also name their window stations (Service-0x0-3e7$). */
typedef struct _LUID {
        DWORD LowPart;
        LONG HighPart;
} LUID, *PLUID;
#define SYSTEM_LUID { 0x3e7, 0x0 }
#define LOCALSERVICE_LUID { 0x3e5, 0x0 }
#define NETWORKSERVICE_LUID { 0x3e4, 0x0 }

#ifdef __cplusplus
}
#endif
