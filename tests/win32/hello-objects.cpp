// SPDX-License-Identifier: LGPL-2.1-or-later
// The Win32 headers compile as C++ (extern "C", wchar_t literals): the C test program,
// compiled by a C++ compiler.
#include "hello-objects.c"
