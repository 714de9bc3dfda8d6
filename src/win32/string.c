/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * UTF-16 <-> UTF-8. WCHAR strings from Windows code are converted at the boundary and
 * never handed to libc's wide functions (whose wchar_t is 32-bit in the library's own
 * ABI). Object names then follow the native rules: fewer than MAX_PATH UTF-16 units,
 * else ERROR_FILENAME_EXCED_RANGE; a string that is not UTF-16 (an unpaired surrogate)
 * is ERROR_INVALID_NAME, the code the native API gives a name that is not UTF-8.
 */
#include <errno.h>
#include <stdlib.h>

#include "win32.h"

static bool is_high_surrogate(uint32_t u) { return u >= 0xD800 && u <= 0xDBFF; }
static bool is_low_surrogate(uint32_t u) { return u >= 0xDC00 && u <= 0xDFFF; }

/* Bytes of the UTF-8 form of s, or 0 if s has an unpaired surrogate. */
static size_t utf8_size(const WCHAR *s) {
        size_t size = 1;

        for (size_t i = 0; s[i]; i++) {
                uint32_t u = s[i];

                if (u < 0x80)
                        size += 1;
                else if (u < 0x800)
                        size += 2;
                else if (is_high_surrogate(u) && is_low_surrogate(s[i + 1])) {
                        size += 4;
                        i++;
                } else if (is_high_surrogate(u) || is_low_surrogate(u))
                        return 0;
                else
                        size += 3;
        }
        return size;
}

static char *put_utf8(char *p, uint32_t c) {
        if (c < 0x80)
                *p++ = (char) c;
        else if (c < 0x800) {
                *p++ = (char) (0xC0 | (c >> 6));
                *p++ = (char) (0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
                *p++ = (char) (0xE0 | (c >> 12));
                *p++ = (char) (0x80 | ((c >> 6) & 0x3F));
                *p++ = (char) (0x80 | (c & 0x3F));
        } else {
                *p++ = (char) (0xF0 | (c >> 18));
                *p++ = (char) (0x80 | ((c >> 12) & 0x3F));
                *p++ = (char) (0x80 | ((c >> 6) & 0x3F));
                *p++ = (char) (0x80 | (c & 0x3F));
        }
        return p;
}

uint32_t s0_win32_utf16_to_utf8(const WCHAR *s, size_t max_units, char **ret) {
        size_t size;
        char *buf, *p;

        if (!s || !ret)
                return ERROR_INVALID_PARAMETER;
        /* The length first: a name too long is 206 whatever it contains. */
        if (max_units > 0)
                for (size_t n = 0; s[n]; n++)
                        if (n + 1 >= max_units)
                                return ERROR_FILENAME_EXCED_RANGE;
        size = utf8_size(s);
        if (size == 0)
                return ERROR_INVALID_NAME;
        buf = malloc(size);
        if (!buf)
                return ERROR_NOT_ENOUGH_MEMORY;
        p = buf;
        for (size_t i = 0; s[i]; i++) {
                uint32_t c = s[i];

                if (is_high_surrogate(c)) {
                        c = 0x10000 + ((c - 0xD800) << 10) + ((uint32_t) s[i + 1] - 0xDC00);
                        i++;
                }
                p = put_utf8(p, c);
        }
        *p = '\0';
        *ret = buf;
        return ERROR_SUCCESS;
}

/* Decodes one UTF-8 sequence at s: its length, 0 if invalid. Overlong forms,
 * surrogates and values past U+10FFFF are invalid, as in the native name check. */
static size_t utf8_decode(const unsigned char *s, uint32_t *ret) {
        uint32_t c, min;
        size_t len;

        if (s[0] < 0x80) {
                *ret = s[0];
                return 1;
        }
        if ((s[0] & 0xE0) == 0xC0) {
                len = 2, c = s[0] & 0x1F, min = 0x80;
        } else if ((s[0] & 0xF0) == 0xE0) {
                len = 3, c = s[0] & 0x0F, min = 0x800;
        } else if ((s[0] & 0xF8) == 0xF0) {
                len = 4, c = s[0] & 0x07, min = 0x10000;
        } else
                return 0;
        for (size_t i = 1; i < len; i++) {
                if ((s[i] & 0xC0) != 0x80) /* also stops at the NUL */
                        return 0;
                c = (c << 6) | (s[i] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
                return 0;
        *ret = c;
        return len;
}

uint32_t s0_win32_utf8_to_utf16(const char *s, WCHAR **ret, size_t *ret_units) {
        const unsigned char *u = (const unsigned char *) s;
        size_t units = 0, k;
        WCHAR *buf, *p;
        uint32_t c;

        if (!s || !ret)
                return ERROR_INVALID_PARAMETER;
        for (size_t i = 0; u[i]; i += k) {
                k = utf8_decode(u + i, &c);
                if (k == 0)
                        return ERROR_INVALID_NAME;
                units += c >= 0x10000 ? 2 : 1;
        }
        buf = malloc((units + 1) * sizeof(WCHAR));
        if (!buf)
                return ERROR_NOT_ENOUGH_MEMORY;
        p = buf;
        for (size_t i = 0; u[i]; i += k) {
                k = utf8_decode(u + i, &c);
                if (c >= 0x10000) {
                        c -= 0x10000;
                        *p++ = (WCHAR) (0xD800 + (c >> 10));
                        *p++ = (WCHAR) (0xDC00 + (c & 0x3FF));
                } else
                        *p++ = (WCHAR) c;
        }
        *p = 0;
        *ret = buf;
        if (ret_units)
                *ret_units = units;
        return ERROR_SUCCESS;
}

uint32_t s0_win32_name_from_w(const WCHAR *name, char **ret) {
        if (!name) {
                *ret = NULL;
                return ERROR_SUCCESS;
        }
        return s0_win32_utf16_to_utf8(name, MAX_PATH, ret);
}
