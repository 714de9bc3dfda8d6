/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The Win32 calls bench-sessions times, behind a plain C interface: bench-wts.c is
 * built with the flags Windows code needs (-fshort-wchar, <windows.h>), the rest of the
 * bench is not. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* One WTSEnumerateSessionsW + WTSFreeMemory, as a service calls it. 0 and the count,
 * or -EIO with *ret_error the GetLastError() code. */
int bench_wts_enumerate(size_t *ret_count, uint32_t *ret_error);
