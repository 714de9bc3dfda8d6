/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* session0 Win32 layer: winioctl.h, the I/O control code layout (values from Microsoft's
 * "Defining I/O Control Codes"), for DeviceIoControl on \\.\NAME devices (docs/DRIVERS.md). */
#pragma once

#define CTL_CODE(DeviceType, Function, Method, Access) \
        (((DWORD) (DeviceType) << 16) | ((DWORD) (Access) << 14) | ((DWORD) (Function) << 2) | (DWORD) (Method))
#define DEVICE_TYPE_FROM_CTL_CODE(ctrlCode) (((DWORD) (ctrlCode) & 0xffff0000u) >> 16)
#define METHOD_FROM_CTL_CODE(ctrlCode) ((DWORD) (ctrlCode) & 3u)

#define METHOD_BUFFERED 0u
#define METHOD_IN_DIRECT 1u
#define METHOD_OUT_DIRECT 2u
#define METHOD_NEITHER 3u

#define FILE_ANY_ACCESS 0u
#define FILE_SPECIAL_ACCESS FILE_ANY_ACCESS
#define FILE_READ_ACCESS 0x0001u
#define FILE_WRITE_ACCESS 0x0002u

#define FILE_DEVICE_UNKNOWN 0x00000022u
