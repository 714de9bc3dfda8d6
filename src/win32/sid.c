/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SIDs: their binary form (SID), their string form ("S-1-5-18", SDDL aliases), and the
 * Linux principal each well-known one stands for:
 *
 *   S-1-1-0      Everyone (WD)             everyone
 *   S-1-5-11     Authenticated Users (AU)  everyone (every Linux process has a user)
 *   S-1-5-18     SYSTEM (SY)               uid 0
 *   S-1-5-32-544 Administrators (BA)       admin_gid= of <runtime>/objects/policy, else uid 0
 *   S-1-3-0      CREATOR OWNER (CO)        the creating process's effective uid
 *   S-1-22-1-N   Unix user N (Samba)       uid N
 *   S-1-22-2-N   Unix group N (Samba)      gid N
 *
 * Any other SID is held by no Linux principal, so an ACE for it never matches.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "shared/io-util.h"
#include "shared/macro.h"
#include "shared/parse-util.h"
#include "win32.h"

#define SID_HEADER_SIZE 8u

/* The SID's authority as one number (48 bits, big-endian in the structure). */
static uint64_t sid_authority(const SID *s) {
        uint64_t v = 0;

        for (size_t i = 0; i < 6; i++)
                v = v << 8 | s->IdentifierAuthority.Value[i];
        return v;
}

bool s0_win32_sid_is_valid(const void *sid) {
        const SID *s = sid;

        return s && s->Revision == SID_REVISION && s->SubAuthorityCount <= SID_MAX_SUB_AUTHORITIES;
}

size_t s0_win32_sid_length(const void *sid) {
        return SID_HEADER_SIZE + 4u * ((const SID *) sid)->SubAuthorityCount;
}

static void sid_init(SID *s, uint64_t authority, size_t n, const uint32_t *sub) {
        DWORD *dst = s->SubAuthority; /* Windows' flexible array, declared [1] */

        s->Revision = SID_REVISION;
        s->SubAuthorityCount = (BYTE) n;
        for (size_t i = 0; i < 6; i++)
                s->IdentifierAuthority.Value[i] = (BYTE) (authority >> (8 * (5 - i)));
        for (size_t i = 0; i < n; i++)
                dst[i] = sub[i];
}

/* ---- string SIDs -------------------------------------------------------------------- */

static const struct sid_alias {
        char code[3];
        uint64_t authority;
        uint8_t n;
        uint32_t sub[2];
} sid_aliases[] = {
        { "WD", 1, 1, { 0 } },          /* Everyone */
        { "CO", 3, 1, { 0 } },          /* CREATOR OWNER */
        { "AU", 5, 1, { 11 } },         /* Authenticated Users */
        { "SY", 5, 1, { 18 } },         /* LocalSystem */
        { "BA", 5, 2, { 32, 544 } },    /* BUILTIN\Administrators */
        /* Integrity levels, for the mandatory label ACEs SDDL strings often carry
         * (accepted and ignored: docs/WIN32.md) */
        { "LW", 16, 1, { 0x1000 } },
        { "ME", 16, 1, { 0x2000 } },
        { "HI", 16, 1, { 0x3000 } },
        { "SI", 16, 1, { 0x4000 } },
};

/* Decimal digits at s into a value <= max: the number of characters, 0 if none or too big. */
static size_t parse_decimal(const char *s, uint64_t max, uint64_t *ret) {
        uint64_t v = 0;
        size_t i;

        for (i = 0; s[i] >= '0' && s[i] <= '9'; i++) {
                v = v * 10 + (uint64_t) (s[i] - '0');
                if (v > max)
                        return 0;
        }
        if (i > 0)
                *ret = v;
        return i;
}

static int hex_digit(char c) {
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -1;
}

static size_t parse_hex(const char *s, uint64_t max, uint64_t *ret) {
        uint64_t v = 0;
        size_t i;

        for (i = 0; hex_digit(s[i]) >= 0; i++) {
                v = v * 16 + (uint64_t) hex_digit(s[i]);
                if (v > max)
                        return 0;
        }
        if (i > 0)
                *ret = v;
        return i;
}

/* "S-1-" authority ("0x" + 12 hex digits at most, or decimal below 2^32, as Windows
 * writes them) then 1..15 "-N" sub-authorities below 2^32. */
static uint32_t parse_s_form(const char *s, const char **ret_end, SID *buf) {
        uint32_t sub[SID_MAX_SUB_AUTHORITIES];
        uint64_t authority, v;
        size_t n = 0, k;

        if (strncmp(s, "S-1-", 4) != 0)
                return ERROR_INVALID_SID;
        s += 4;
        if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
                k = parse_hex(s + 2, UINT64_C(0xFFFFFFFFFFFF), &authority);
                if (k == 0)
                        return ERROR_INVALID_SID;
                s += 2 + k;
        } else {
                k = parse_decimal(s, UINT32_MAX, &authority);
                if (k == 0)
                        return ERROR_INVALID_SID;
                s += k;
        }
        while (*s == '-') {
                if (n == SID_MAX_SUB_AUTHORITIES)
                        return ERROR_INVALID_SID;
                k = parse_decimal(s + 1, UINT32_MAX, &v);
                if (k == 0)
                        return ERROR_INVALID_SID;
                sub[n++] = (uint32_t) v;
                s += 1 + k;
        }
        if (n == 0)
                return ERROR_INVALID_SID;
        sid_init(buf, authority, n, sub);
        if (ret_end)
                *ret_end = s;
        return ERROR_SUCCESS;
}

uint32_t s0_win32_sid_parse(const char *s, const char **ret_end, void *buf) {
        if (!s || !buf)
                return ERROR_INVALID_SID;
        if (s[0] == 'S' && s[1] == '-')
                return parse_s_form(s, ret_end, buf);
        for (size_t i = 0; i < ELEMENTSOF(sid_aliases); i++) {
                const struct sid_alias *a = &sid_aliases[i];

                if (s[0] == a->code[0] && s[1] == a->code[1]) {
                        sid_init(buf, a->authority, a->n, a->sub);
                        if (ret_end)
                                *ret_end = s + 2;
                        return ERROR_SUCCESS;
                }
        }
        return ERROR_INVALID_SID;
}

/* ---- the Linux principal of a SID ------------------------------------------------- */

/* SubAuthority is declared [ANYSIZE_ARRAY], Windows' flexible array: index through a
 * pointer so the compiler does not hold it to one element. */
static uint32_t sub_authority(const SID *s, size_t i) {
        const DWORD *sub = s->SubAuthority;

        return sub[i];
}

static bool sid_is(const SID *s, uint64_t authority, size_t n, uint32_t sub0, uint32_t sub1) {
        if (sid_authority(s) != authority || s->SubAuthorityCount != n)
                return false;
        return sub_authority(s, 0) == sub0 && (n < 2 || sub_authority(s, 1) == sub1);
}

bool s0_win32_sid_to_principal(const void *sid, const struct s0_win32_sid_env *env, uint8_t *ret_who,
                               uint32_t *ret_id) {
        const SID *s = sid;
        uint8_t who;
        uint32_t id = 0;

        if (!s0_win32_sid_is_valid(s) || s->SubAuthorityCount == 0)
                return false;
        if (sid_is(s, 1, 1, 0, 0) || sid_is(s, 5, 1, 11, 0))
                who = S0_ACE_EVERYONE;
        else if (sid_is(s, 5, 1, 18, 0))
                who = S0_ACE_USER;
        else if (sid_is(s, 5, 2, 32, 544)) {
                who = env->have_admin_gid ? S0_ACE_GROUP : S0_ACE_USER;
                id = env->have_admin_gid ? env->admin_gid : 0;
        } else if (sid_is(s, 3, 1, 0, 0)) {
                who = S0_ACE_USER;
                id = env->creator_uid;
        } else if (sid_authority(s) == 22 && s->SubAuthorityCount == 2 &&
                   (sub_authority(s, 0) == 1 || sub_authority(s, 0) == 2)) {
                who = sub_authority(s, 0) == 1 ? S0_ACE_USER : S0_ACE_GROUP;
                id = sub_authority(s, 1);
        } else
                return false;
        *ret_who = who;
        *ret_id = id;
        return true;
}

/* ---- who the administrators are ----------------------------------------------------- */

bool s0_win32_policy_admin_gid(const char *text, gid_t *ret) {
        static const char key[] = "admin_gid=";
        const char *line = text;

        while (line && *line) {
                const char *nl = strchr(line, '\n');
                size_t len = nl ? (size_t) (nl - line) : strlen(line);
                char value[16];
                uint32_t gid;

                if (len > sizeof key - 1 && strncmp(line, key, sizeof key - 1) == 0 &&
                    len - (sizeof key - 1) < sizeof value) {
                        memcpy(value, line + sizeof key - 1, len - (sizeof key - 1));
                        value[len - (sizeof key - 1)] = '\0';
                        /* A malformed value names no group; (gid_t) -1 is no group either. */
                        if (safe_atou32(value, &gid) == 0 && gid != UINT32_MAX) {
                                *ret = gid;
                                return true;
                        }
                        return false;
                }
                line = nl ? nl + 1 : NULL;
        }
        return false;
}

void s0_win32_sid_env_current(const char *runtime_dir, struct s0_win32_sid_env *ret) {
        char path[PATH_MAX], text[4096];
        _cleanup_close_ int fd = -1;
        ssize_t n;
        int k;

        *ret = (struct s0_win32_sid_env) { .creator_uid = geteuid() };
        if (!runtime_dir)
                runtime_dir = s0_runtime_dir();
        k = snprintf(path, sizeof path, "%s/objects/policy", runtime_dir);
        if (k < 0 || (size_t) k >= sizeof path)
                return;
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return; /* no session0d or no policy: Administrators is root alone */
        n = loop_read(fd, text, sizeof text - 1);
        if (n < 0)
                return;
        text[n] = '\0';
        ret->have_admin_gid = s0_win32_policy_admin_gid(text, &ret->admin_gid);
}
