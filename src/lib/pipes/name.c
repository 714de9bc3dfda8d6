/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Pipe names -> file names in <runtime>/pipes/. Windows compares pipe names without
 * regard to case (its upcase table); session0 folds what has a simple one-to-one case
 * pair of the same UTF-8 length -- ASCII, Latin-1, Greek and Cyrillic capitals -- and
 * compares everything else exactly (docs/PIPES.md). The folded name is escaped as object
 * names are (src/lib/objects/name.c), so '/' and a leading '.' never reach the file
 * system and a long name is hashed. Pure: no I/O, no allocation.
 */
#include <errno.h>
#include <string.h>

#include <session0/pipes.h>

#include "../objects/name.h"

/* The code point at p (well-formed UTF-8, RFC 3629), its length in *ret_len; -1 if none. */
static int32_t utf8_decode(const unsigned char *p, size_t *ret_len) {
        int32_t cp;
        size_t len;

        if (p[0] < 0x80) {
                *ret_len = 1;
                return p[0];
        }
        if (p[0] >= 0xc2 && p[0] <= 0xdf) {
                len = 2;
                cp = p[0] & 0x1f;
        } else if (p[0] >= 0xe0 && p[0] <= 0xef) {
                len = 3;
                cp = p[0] & 0x0f;
        } else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
                len = 4;
                cp = p[0] & 0x07;
        } else
                return -1;
        for (size_t i = 1; i < len; i++) {
                if ((p[i] & 0xc0) != 0x80)
                        return -1; /* also stops at the NUL */
                cp = cp << 6 | (p[i] & 0x3f);
        }
        /* overlong forms, surrogates, beyond U+10FFFF */
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
                return -1;
        *ret_len = len;
        return cp;
}

/* The simple lower-case partner of cp where it has the same UTF-8 length, else cp. */
static int32_t fold(int32_t cp) {
        if (cp >= 'A' && cp <= 'Z')
                return cp + 0x20;
        if (cp >= 0xc0 && cp <= 0xde && cp != 0xd7) /* Latin-1 capitals, not U+00D7 x */
                return cp + 0x20;
        if (cp >= 0x391 && cp <= 0x3a9 && cp != 0x3a2) /* Greek capitals */
                return cp + 0x20;
        if (cp >= 0x410 && cp <= 0x42f) /* Cyrillic А..Я */
                return cp + 0x20;
        if (cp >= 0x400 && cp <= 0x40f) /* Cyrillic Ѐ..Џ */
                return cp + 0x50;
        return cp;
}

/* Writes cp (of the same length as before folding) at out. */
static void utf8_put(int32_t cp, size_t len, unsigned char *out) {
        if (len == 1) {
                out[0] = (unsigned char) cp;
                return;
        }
        for (size_t i = len - 1; i > 0; i--) {
                out[i] = (unsigned char) (0x80 | (cp & 0x3f));
                cp >>= 6;
        }
        out[0] = (unsigned char) ((len == 2 ? 0xc0 : len == 3 ? 0xe0 : 0xf0) | cp);
}

int s0_pipe_file_name(const char *name, char *buf) {
        /* at most 247 units of at most 3 bytes each (a 4-byte sequence is 2 units) */
        unsigned char folded[S0_PIPE_NAME_UNITS_MAX * 3 + 1];
        const unsigned char *p;
        size_t n = 0, units = 0;

        if (!name || !buf)
                return -EINVAL;
        if (name[0] == 0)
                return -EILSEQ;
        for (p = (const unsigned char *) name; *p;) {
                size_t len;
                int32_t cp = utf8_decode(p, &len);
                if (cp < 0)
                        return -EILSEQ;
                units += len == 4 ? 2 : 1;
                if (units > S0_PIPE_NAME_UNITS_MAX)
                        return -ENAMETOOLONG;
                utf8_put(fold(cp), len, folded + n);
                n += len;
                p += len;
        }
        folded[n] = 0;
        (void) s0_obj_name_escape((const char *) folded, buf);
        return 0;
}
