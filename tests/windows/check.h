/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The in-process checks of the windows test programs: a failed one prints "FAIL cond:
 * detail" on stdout, where the shell test reads the program's results, and counts. */
#pragma once

#include <stdio.h>

static int failures;
#define CHECK(cond, ...)                               \
        do {                                           \
                if (!(cond)) {                         \
                        printf("FAIL %s: ", #cond);    \
                        printf(__VA_ARGS__);           \
                        printf("\n");                  \
                        failures++;                    \
                }                                      \
        } while (0)
