/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <limits.h>

#include "parse-util.h"

int safe_atou64(const char *s, uint64_t *ret) {
        uint64_t v = 0;
        if (!s || !*s)
                return -EINVAL;
        for (; *s; s++) {
                if (*s < '0' || *s > '9')
                        return -EINVAL;
                unsigned d = (unsigned) (*s - '0');
                if (v > (UINT64_MAX - d) / 10)
                        return -ERANGE;
                v = v * 10 + d;
        }
        *ret = v;
        return 0;
}

int safe_atou32(const char *s, uint32_t *ret) {
        uint64_t v;
        int r = safe_atou64(s, &v);
        if (r < 0)
                return r;
        if (v > UINT32_MAX)
                return -ERANGE;
        *ret = (uint32_t) v;
        return 0;
}

int safe_atoi32(const char *s, int32_t *ret) {
        uint64_t v;
        int neg = 0, r;
        if (s && *s == '-') {
                neg = 1;
                s++;
        }
        r = safe_atou64(s, &v);
        if (r < 0)
                return r;
        if (v > (uint64_t) INT32_MAX + (uint64_t) neg)
                return -ERANGE;
        *ret = neg ? (int32_t) -(int64_t) v : (int32_t) v;
        return 0;
}
