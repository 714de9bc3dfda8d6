/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* session0 Win32 layer: ioapiset.h, DeviceIoControl on \\.\NAME devices served by
 * s0-drvhost (docs/DRIVERS.md). Synchronous handles only; buffers up to 64 KiB. */
#pragma once

#include "windef.h"
#include "winnt.h"
#include "winbase.h"
#include "namedpipeapi.h" /* OVERLAPPED */

#ifdef __cplusplus
extern "C" {
#endif

WINBASEAPI BOOL WINAPI DeviceIoControl(HANDLE hDevice, DWORD dwIoControlCode, LPVOID lpInBuffer, DWORD nInBufferSize,
                                       LPVOID lpOutBuffer, DWORD nOutBufferSize, LPDWORD lpBytesReturned,
                                       LPOVERLAPPED lpOverlapped);

#ifdef __cplusplus
}
#endif
