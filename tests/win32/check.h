/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The in-process checks of the win32 test programs: a failed one prints its line, the
 * condition, the detail and GetLastError on stderr, and counts. */
#pragma once

#include <stdio.h>

static int failures;
#define CHECK(cond, ...)                                                                       \
        do {                                                                                   \
                if (!(cond)) {                                                                 \
                        fprintf(stderr, "FAIL line %d: %s: ", __LINE__, #cond);                 \
                        fprintf(stderr, __VA_ARGS__);                                          \
                        fprintf(stderr, " (GetLastError %lu)\n", (unsigned long) GetLastError()); \
                        failures++;                                                            \
                }                                                                              \
        } while (0)
