/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * session0 Win32 layer: string SIDs and the SDDL subset session0 understands
 * (docs/WIN32.md, "Security descriptors"). Free the results with LocalFree().
 */
#pragma once

#include "winbase.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SDDL_REVISION_1 1
#define SDDL_REVISION SDDL_REVISION_1

WINADVAPI BOOL WINAPI ConvertStringSidToSidW(LPCWSTR StringSid, PSID *Sid);
WINADVAPI BOOL WINAPI ConvertStringSidToSidA(LPCSTR StringSid, PSID *Sid);
WINADVAPI BOOL WINAPI ConvertStringSecurityDescriptorToSecurityDescriptorW(LPCWSTR StringSecurityDescriptor,
                                                                          DWORD StringSDRevision,
                                                                          PSECURITY_DESCRIPTOR *SecurityDescriptor,
                                                                          PULONG SecurityDescriptorSize);
WINADVAPI BOOL WINAPI ConvertStringSecurityDescriptorToSecurityDescriptorA(LPCSTR StringSecurityDescriptor,
                                                                          DWORD StringSDRevision,
                                                                          PSECURITY_DESCRIPTOR *SecurityDescriptor,
                                                                          PULONG SecurityDescriptorSize);

#ifdef UNICODE
#define ConvertStringSidToSid ConvertStringSidToSidW
#define ConvertStringSecurityDescriptorToSecurityDescriptor ConvertStringSecurityDescriptorToSecurityDescriptorW
#else
#define ConvertStringSidToSid ConvertStringSidToSidA
#define ConvertStringSecurityDescriptorToSecurityDescriptor ConvertStringSecurityDescriptorToSecurityDescriptorA
#endif

#ifdef __cplusplus
}
#endif
