/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdint.h>

/* Decimal only, no sign, no leading/trailing junk, no overflow: 0 or -EINVAL/-ERANGE. */
int safe_atou32(const char *s, uint32_t *ret);
int safe_atoi32(const char *s, int32_t *ret);
int safe_atou64(const char *s, uint64_t *ret);
