/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The SDDL subset of sddl.h. Pure: no allocation, no I/O. */
#include <errno.h>
#include <string.h>

#include "sddl.h"
#include "shared/macro.h"
#include "shared/parse-util.h"

/* An ACE string is short; a longer one is an error, not a truncation. */
#define ACE_MAX 128
#define ACE_FIELDS 6

struct parse {
        const char *start;
        const char *why;
        size_t pos;
};

static int fail_at(struct parse *ps, const char *at, const char *why) {
        ps->why = why;
        ps->pos = (size_t) (at - ps->start);
        return -EINVAL;
}

static const struct {
        char code[3];
        uint32_t mask;
} right_codes[] = {
        { "GA", S0_GENERIC_ALL },   { "GR", S0_GENERIC_READ }, { "GW", S0_GENERIC_WRITE },
        { "GX", S0_GENERIC_EXECUTE }, { "SD", S0_DELETE },       { "RC", S0_READ_CONTROL },
        { "WD", S0_WRITE_DAC },     { "WO", S0_WRITE_OWNER },
};

static int parse_hex32(const char *s, uint32_t *ret) {
        uint64_t v = 0;
        if (!*s)
                return -EINVAL;
        for (; *s; s++) {
                int d;
                if (*s >= '0' && *s <= '9')
                        d = *s - '0';
                else if (*s >= 'a' && *s <= 'f')
                        d = *s - 'a' + 10;
                else if (*s >= 'A' && *s <= 'F')
                        d = *s - 'A' + 10;
                else
                        return -EINVAL;
                v = v * 16 + (uint64_t) d;
                if (v > UINT32_MAX)
                        return -ERANGE;
        }
        *ret = (uint32_t) v;
        return 0;
}

static int parse_rights(const char *s, uint32_t *ret) {
        uint32_t mask = 0;

        if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
                return parse_hex32(s + 2, ret);
        if (s[0] >= '0' && s[0] <= '9')
                return safe_atou32(s, ret);
        if (!*s || strlen(s) % 2 != 0)
                return -EINVAL;
        for (; *s; s += 2) {
                size_t k;
                for (k = 0; k < ELEMENTSOF(right_codes); k++)
                        if (s[0] == right_codes[k].code[0] && s[1] == right_codes[k].code[1])
                                break;
                if (k == ELEMENTSOF(right_codes))
                        return -EINVAL;
                mask |= right_codes[k].mask;
        }
        *ret = mask;
        return 0;
}

static int parse_sid(const char *s, struct s0_obj_ace *ace) {
        if (strcmp(s, "WD") == 0 || strcmp(s, "S-1-1-0") == 0) {
                ace->who = S0_ACE_EVERYONE;
                ace->id = 0;
                return 0;
        }
        if (strcmp(s, "SY") == 0 || strcmp(s, "S-1-5-18") == 0) {
                ace->who = S0_ACE_USER;
                ace->id = 0;
                return 0;
        }
        if (strncmp(s, "S-1-22-1-", 9) == 0) {
                ace->who = S0_ACE_USER;
                return safe_atou32(s + 9, &ace->id);
        }
        if (strncmp(s, "S-1-22-2-", 9) == 0) {
                ace->who = S0_ACE_GROUP;
                return safe_atou32(s + 9, &ace->id);
        }
        return -EINVAL;
}

/* One "(type;flags;rights;guid;guid;sid)" at *pp; advances past the ')'. */
static int parse_ace(struct parse *ps, const char **pp, struct s0_obj_ace *ace) {
        const char *open = *pp, *close = strchr(open, ')');
        char buf[ACE_MAX], *field[ACE_FIELDS], *q;
        size_t len, n = 0;

        if (!close)
                return fail_at(ps, open, "unterminated ACE: missing ')'");
        len = (size_t) (close - open - 1);
        if (len >= sizeof buf)
                return fail_at(ps, open, "ACE too long");
        memcpy(buf, open + 1, len);
        buf[len] = '\0';
        if (memchr(buf, '(', len))
                return fail_at(ps, open, "unterminated ACE: missing ')'");
        field[n++] = buf;
        for (q = buf; *q; q++)
                if (*q == ';') {
                        if (n == ACE_FIELDS)
                                return fail_at(ps, open, "an ACE has 6 fields: type;flags;rights;;;SID");
                        *q = '\0';
                        field[n++] = q + 1;
                }
        if (n != ACE_FIELDS)
                return fail_at(ps, open, "an ACE has 6 fields: type;flags;rights;;;SID");

        if (strcmp(field[0], "A") == 0)
                ace->kind = S0_ACE_ALLOW;
        else if (strcmp(field[0], "D") == 0)
                ace->kind = S0_ACE_DENY;
        else
                return fail_at(ps, open, "ACE type must be A (allow) or D (deny)");
        if (field[1][0])
                return fail_at(ps, open, "ACE flags are not supported (objects inherit nothing)");
        if (parse_rights(field[2], &ace->mask) < 0)
                return fail_at(ps, open, "rights must be 0xHEX, a number, or codes GA GR GW GX SD RC WD WO");
        if (field[3][0] || field[4][0])
                return fail_at(ps, open, "object-type GUIDs are not supported");
        if (parse_sid(field[5], ace) < 0)
                return fail_at(ps, open, "SID must be WD, SY, S-1-1-0, S-1-5-18, S-1-22-1-UID or S-1-22-2-GID");
        *pp = close + 1;
        return 0;
}

int s0ctl_sddl_parse(const char *s, struct s0ctl_sddl *ret, const char **ret_why, size_t *ret_pos) {
        struct parse ps = { .start = s };
        struct s0ctl_sddl t = { .sd.has_dacl = true };
        const char *p = s;
        int r = 0;

        if (!s || !ret)
                return -EINVAL;
        if (strncmp(p, "D:", 2) != 0) {
                r = fail_at(&ps, p, "expected 'D:' (only a DACL is supported)");
                goto out;
        }
        p += 2;
        if (strcmp(p, "NO_ACCESS_CONTROL") == 0) {
                t.sd.null_dacl = true;
                p += strlen(p);
        }
        /* DACL flags: protection and auto-inheritance mean nothing in a flat namespace */
        for (;;) {
                if (*p == 'P')
                        p++;
                else if (strncmp(p, "AI", 2) == 0 || strncmp(p, "AR", 2) == 0)
                        p += 2;
                else
                        break;
        }
        while (*p) {
                if (*p != '(') {
                        r = fail_at(&ps, p, "expected '(' to start an ACE");
                        goto out;
                }
                if (t.sd.n_aces == S0_OBJ_ACES_MAX) {
                        r = fail_at(&ps, p, "too many ACEs (at most 32)");
                        goto out;
                }
                r = parse_ace(&ps, &p, &t.aces[t.sd.n_aces]);
                if (r < 0)
                        goto out;
                t.sd.n_aces++;
        }
        *ret = t;
        ret->sd.aces = ret->aces;
        return 0;
out:
        if (ret_why)
                *ret_why = ps.why;
        if (ret_pos)
                *ret_pos = ps.pos;
        return r;
}
