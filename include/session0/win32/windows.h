/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * session0 Win32 layer: the one header Windows code includes. Build with
 *
 *     cc prog.c $(pkg-config --cflags --libs session0-win32)
 *
 * which adds -fshort-wchar (L"..." is UTF-16, as WCHAR) and this directory to the
 * include path. What is implemented and how it differs from Windows: docs/WIN32.md.
 */
#pragma once

#include "windef.h"
#include "winnt.h"
#include "winerror.h"
#include "winbase.h"
#include "namedpipeapi.h"
#include "processthreadsapi.h"
#include "sddl.h"
#include "winsvc.h"
#include "winuser.h"
#include "winspool.h"
#include "winioctl.h"
#include "ioapiset.h"
