/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The SDDL subset of ConvertStringSecurityDescriptorToSecurityDescriptor():
 *
 *   O:sid  G:sid                 owner and group (kept in the descriptor; the native
 *                                layer takes neither: the creator owns the object)
 *   D:flags(ace)(ace)...         the DACL; flags P, AI, AR (recorded, no effect on an
 *                                object's own access) or NO_ACCESS_CONTROL (a NULL DACL)
 *   S:flags(ML;;NW;;;LW)...      mandatory labels only, accepted and dropped: there are
 *                                no integrity levels, every process is "medium"
 *   ace = (type;flags;rights;;;sid)
 *     type    A (allow) or D (deny)
 *     flags   CI OI NP IO ID (only IO matters: an inherit-only ACE is not applied)
 *     rights  a number as C reads it (0x-hex, 0-octal, else decimal; what Windows'
 *             wcstoul(..., 0) takes), or concatenated two-letter codes: GA GR GW GX,
 *             RC SD WD WO, CC DC LC SW RP WP DT LO CR (the low 9 bits), FA FR FW FX
 *     sid     S-1-..., or WD SY BA CO AU
 *
 * Components appear at most once, in any order. Object and inherited-object GUIDs
 * (object ACEs) and everything else are refused with ERROR_INVALID_PARAMETER and, for
 * a tool's message, the reason and the offset (struct s0_win32_sddl_error): a
 * descriptor that means less than it says would grant more than its author meant.
 * The result is a self-relative descriptor, as Windows returns it.
 *
 * This is the one SDDL parser: s0ctl's --sddl uses it too (src/tools/s0ctl/sddl.c).
 */
#include <stdlib.h>
#include <string.h>

#include "shared/macro.h"
#include "win32.h"

#define SD_REL_SIZE sizeof(SECURITY_DESCRIPTOR_RELATIVE)
#define ACL_SIZE_MAX 0xFFFFu

struct code {
        char s[3];
        uint32_t value;
};

static const struct code rights_codes[] = {
        { "GA", GENERIC_ALL },     { "GR", GENERIC_READ },  { "GW", GENERIC_WRITE }, { "GX", GENERIC_EXECUTE },
        { "RC", READ_CONTROL },    { "SD", DELETE },        { "WD", WRITE_DAC },     { "WO", WRITE_OWNER },
        { "CC", 0x0001 },          { "DC", 0x0002 },        { "LC", 0x0004 },        { "SW", 0x0008 },
        { "RP", 0x0010 },          { "WP", 0x0020 },        { "DT", 0x0040 },        { "LO", 0x0080 },
        { "CR", 0x0100 },          { "FA", 0x001F01FF },    { "FR", 0x00120089 },    { "FW", 0x00120116 },
        { "FX", 0x001200A0 },
};

/* The policy bits of a mandatory label: no-write-up, no-read-up, no-execute-up. */
static const struct code label_rights_codes[] = { { "NW", 0x1 }, { "NR", 0x2 }, { "NX", 0x4 } };

static const struct code ace_flag_codes[] = {
        { "OI", OBJECT_INHERIT_ACE }, { "CI", CONTAINER_INHERIT_ACE }, { "NP", NO_PROPAGATE_INHERIT_ACE },
        { "IO", INHERIT_ONLY_ACE },   { "ID", INHERITED_ACE },
};

struct sddl {
        const char *start;
        const char *p;
        const char *why;        /* the first failure: reason and where */
        const char *at;
        bool seen[4]; /* O G D S */
        union s0_win32_sid_buf owner;
        size_t owner_len;
        union s0_win32_sid_buf group;
        size_t group_len;
        SECURITY_DESCRIPTOR_CONTROL control;
        bool null_dacl;
        BYTE acl[ACL_SIZE_MAX];
        size_t acl_len;
        WORD ace_count;
};

/* Records the first (innermost) failure; false, for "return fail(...)". */
static bool fail(struct sddl *x, const char *at, const char *why) {
        if (!x->why) {
                x->why = why;
                x->at = at;
        }
        return false;
}

/* A run of two-letter codes from table, ending at delimiter: their OR. */
static bool parse_codes(const char *s, size_t len, const struct code *table, size_t n, uint32_t *ret) {
        uint32_t v = 0;

        if (len % 2 != 0)
                return false;
        for (size_t i = 0; i < len; i += 2) {
                size_t k;

                for (k = 0; k < n; k++)
                        if (s[i] == table[k].s[0] && s[i + 1] == table[k].s[1])
                                break;
                if (k == n)
                        return false;
                v |= table[k].value;
        }
        *ret = v;
        return true;
}

/* A number filling the whole field, read as wcstoul(s, &end, 0) reads it (what
 * Windows does): "0x1f0003" hex, "0777" octal, "1179651" decimal. */
static bool parse_number(const char *s, size_t len, uint32_t *ret) {
        unsigned base = 10;
        uint64_t v = 0;
        size_t i = 0;

        if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
                base = 16;
                i = 2;
        } else if (len > 1 && s[0] == '0') {
                base = 8;
                i = 1;
        }
        if (i == len)
                return false;
        for (; i < len; i++) {
                unsigned d;

                if (s[i] >= '0' && s[i] <= '9')
                        d = (unsigned) (s[i] - '0');
                else if (s[i] >= 'a' && s[i] <= 'f')
                        d = (unsigned) (s[i] - 'a' + 10);
                else if (s[i] >= 'A' && s[i] <= 'F')
                        d = (unsigned) (s[i] - 'A' + 10);
                else
                        return false;
                if (d >= base)
                        return false;
                v = v * base + d;
                if (v > UINT32_MAX)
                        return false;
        }
        *ret = (uint32_t) v;
        return true;
}

/* The field at x->p up to its ';' (consumed). A field never holds ')' or ';', so an
 * ACE with too few fields stops at its own ')', not in the next ACE. */
static bool next_field(struct sddl *x, const char **ret, size_t *ret_len) {
        size_t len = strcspn(x->p, ";)");

        if (x->p[len] != ';')
                return fail(x, x->p + len, "an ACE has 6 fields: (type;flags;rights;;;sid)");
        *ret = x->p;
        *ret_len = len;
        x->p += len + 1;
        return true;
}

static bool append_ace(struct sddl *x, BYTE type, BYTE flags, uint32_t mask, const void *sid) {
        size_t sid_len = s0_win32_sid_length(sid);
        ACE_HEADER h = { .AceType = type, .AceFlags = flags };
        size_t size = sizeof h + sizeof mask + sid_len;

        if (x->acl_len + size > ACL_SIZE_MAX)
                return fail(x, x->p, "the DACL is longer than 64 KiB");
        h.AceSize = (WORD) size;
        memcpy(x->acl + x->acl_len, &h, sizeof h);
        memcpy(x->acl + x->acl_len + sizeof h, &mask, sizeof mask);
        memcpy(x->acl + x->acl_len + sizeof h + sizeof mask, sid, sid_len);
        x->acl_len += size;
        x->ace_count++;
        return true;
}

/* "(type;flags;rights;;;sid)" at x->p; in_sacl: only mandatory labels, dropped. */
static bool parse_ace(struct sddl *x, bool in_sacl) {
        union s0_win32_sid_buf sid;
        const char *f, *end;
        uint32_t flags, mask;
        size_t len;
        BYTE type;

        x->p++; /* the '(' */
        if (!next_field(x, &f, &len))
                return false;
        if (!in_sacl && len == 1 && f[0] == 'A')
                type = ACCESS_ALLOWED_ACE_TYPE;
        else if (!in_sacl && len == 1 && f[0] == 'D')
                type = ACCESS_DENIED_ACE_TYPE;
        else if (in_sacl && len == 2 && f[0] == 'M' && f[1] == 'L')
                type = 0; /* never stored */
        else
                return fail(x, f, in_sacl ? "S: takes mandatory-label ACEs (ML) only"
                                          : "ACE type must be A (allow) or D (deny)");
        if (!next_field(x, &f, &len))
                return false;
        if (!parse_codes(f, len, ace_flag_codes, ELEMENTSOF(ace_flag_codes), &flags))
                return fail(x, f, "ACE flags must be codes OI CI NP IO ID");
        if (!next_field(x, &f, &len))
                return false;
        if (in_sacl ? !parse_codes(f, len, label_rights_codes, ELEMENTSOF(label_rights_codes), &mask)
                    : !parse_number(f, len, &mask) &&
                              !parse_codes(f, len, rights_codes, ELEMENTSOF(rights_codes), &mask))
                return fail(x, f, in_sacl ? "label rights must be codes NW NR NX"
                                          : "rights must be a number (0xHEX, 0OCTAL, decimal) below 2^32 "
                                            "or codes GA GR GW GX RC SD WD WO CC DC LC SW RP WP DT LO CR FA FR FW FX");
        /* object and inherited-object GUIDs: object ACEs are not supported */
        if (!next_field(x, &f, &len))
                return false;
        if (len != 0)
                return fail(x, f, "object-type GUIDs are not supported");
        if (!next_field(x, &f, &len))
                return false;
        if (len != 0)
                return fail(x, f, "inherited-object-type GUIDs are not supported");
        if (s0_win32_sid_parse(x->p, &end, &sid) != ERROR_SUCCESS)
                return fail(x, x->p, "SID must be S-1-... or one of WD SY BA CO AU");
        if (*end != ')')
                return fail(x, end, "expected ')' after the SID");
        x->p = end + 1;
        if (in_sacl)
                return true;
        return append_ace(x, type, (BYTE) flags, mask, &sid);
}

/* The start of a component: "O:", "G:", "D:" or "S:". */
static bool at_component(const char *p) { return p[0] != '\0' && strchr("OGDS", p[0]) && p[1] == ':'; }

/* After "D:" or "S:": the flags, then the ACEs, up to the next component or the end. */
static bool parse_acl(struct sddl *x, bool sacl) {
        SECURITY_DESCRIPTOR_CONTROL c = 0;
        bool no_access_control = false;

        for (;;) {
                if (x->p[0] == 'P') {
                        c |= sacl ? SE_SACL_PROTECTED : SE_DACL_PROTECTED;
                        x->p++;
                } else if (x->p[0] == 'A' && x->p[1] == 'I') {
                        c |= sacl ? SE_SACL_AUTO_INHERITED : SE_DACL_AUTO_INHERITED;
                        x->p += 2;
                } else if (x->p[0] == 'A' && x->p[1] == 'R') {
                        c |= sacl ? 0x0200 : 0x0100; /* SE_[DS]ACL_AUTO_INHERIT_REQ */
                        x->p += 2;
                } else if (strncmp(x->p, "NO_ACCESS_CONTROL", 17) == 0) {
                        no_access_control = true;
                        x->p += 17;
                } else
                        break;
        }
        while (*x->p == '(') {
                if (no_access_control)
                        return fail(x, x->p, "a NULL DACL (NO_ACCESS_CONTROL) has no ACEs");
                if (!parse_ace(x, sacl))
                        return false;
        }
        if (*x->p != '\0' && !at_component(x->p))
                return fail(x, x->p, "expected '(' to start an ACE, or the next component");
        if (!sacl) {
                x->control |= c | SE_DACL_PRESENT;
                x->null_dacl = no_access_control;
        }
        return true;
}

static bool parse_component(struct sddl *x) {
        static const char letters[] = "OGDS";
        const char *end;
        size_t i;

        if (!at_component(x->p))
                return fail(x, x->p, "expected a component: O:, G:, D: or S:");
        i = (size_t) (strchr(letters, x->p[0]) - letters);
        if (x->seen[i])
                return fail(x, x->p, "a component appears twice");
        x->seen[i] = true;
        x->p += 2;
        switch (x->p[-2]) {
        case 'O':
                if (s0_win32_sid_parse(x->p, &end, &x->owner) != ERROR_SUCCESS)
                        return fail(x, x->p, "owner SID must be S-1-... or one of WD SY BA CO AU");
                x->owner_len = s0_win32_sid_length(&x->owner);
                x->p = end;
                return true;
        case 'G':
                if (s0_win32_sid_parse(x->p, &end, &x->group) != ERROR_SUCCESS)
                        return fail(x, x->p, "group SID must be S-1-... or one of WD SY BA CO AU");
                x->group_len = s0_win32_sid_length(&x->group);
                x->p = end;
                return true;
        case 'D':
                return parse_acl(x, false);
        default:
                return parse_acl(x, true);
        }
}

/* Lays out header, owner, group, DACL: every part is a multiple of 4 bytes long, so
 * each stays DWORD-aligned. */
static uint32_t build(const struct sddl *x, void **ret, uint32_t *ret_size) {
        bool dacl = (x->control & SE_DACL_PRESENT) && !x->null_dacl;
        size_t size = SD_REL_SIZE + x->owner_len + x->group_len + (dacl ? sizeof(ACL) + x->acl_len : 0);
        SECURITY_DESCRIPTOR_RELATIVE h = {
                .Revision = SECURITY_DESCRIPTOR_REVISION,
                .Control = (SECURITY_DESCRIPTOR_CONTROL) (x->control | SE_SELF_RELATIVE),
        };
        size_t off = SD_REL_SIZE;
        BYTE *buf = calloc(1, size);

        if (!buf)
                return ERROR_NOT_ENOUGH_MEMORY;
        if (x->owner_len > 0) {
                h.Owner = (DWORD) off;
                memcpy(buf + off, &x->owner, x->owner_len);
                off += x->owner_len;
        }
        if (x->group_len > 0) {
                h.Group = (DWORD) off;
                memcpy(buf + off, &x->group, x->group_len);
                off += x->group_len;
        }
        if (dacl) {
                ACL acl = {
                        .AclRevision = ACL_REVISION,
                        .AclSize = (WORD) (sizeof(ACL) + x->acl_len),
                        .AceCount = x->ace_count,
                };

                h.Dacl = (DWORD) off;
                memcpy(buf + off, &acl, sizeof acl);
                memcpy(buf + off + sizeof acl, x->acl, x->acl_len);
        }
        memcpy(buf, &h, sizeof h);
        *ret = buf;
        if (ret_size)
                *ret_size = (uint32_t) size;
        return ERROR_SUCCESS;
}

uint32_t s0_win32_sddl_parse(const char *s, void **ret, uint32_t *ret_size, struct s0_win32_sddl_error *ret_err) {
        _cleanup_free_ struct sddl *x = NULL;

        if (!s || !ret)
                return ERROR_INVALID_PARAMETER;
        x = calloc(1, sizeof *x); /* 64 KiB of ACL: not for the stack */
        if (!x)
                return ERROR_NOT_ENOUGH_MEMORY;
        x->start = x->p = s;
        while (*x->p)
                if (!parse_component(x))
                        goto invalid;
        /* the ACL header comes in front of the ACEs */
        if (sizeof(ACL) + x->acl_len > ACL_SIZE_MAX) {
                (void) fail(x, x->p, "the DACL is longer than 64 KiB");
                goto invalid;
        }
        return build(x, ret, ret_size);
invalid:
        if (!x->why) /* every refusal names its reason; this is only a safety net */
                (void) fail(x, x->p, "invalid SDDL");
        if (ret_err)
                *ret_err = (struct s0_win32_sddl_error) { .why = x->why, .pos = (size_t) (x->at - x->start) };
        return ERROR_INVALID_PARAMETER;
}

/* ---- the exported functions -------------------------------------------------------- */

static BOOL string_sd_to_sd(const char *s, DWORD revision, PSECURITY_DESCRIPTOR *ret, PULONG ret_size) {
        uint32_t size, e;
        void *sd;

        if (!s || !ret)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        if (revision != SDDL_REVISION_1)
                return s0_win32_fail(ERROR_UNKNOWN_REVISION);
        e = s0_win32_sddl_parse(s, &sd, &size, NULL);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        *ret = sd;
        if (ret_size)
                *ret_size = size;
        return TRUE;
}

WINADVAPI BOOL WINAPI ConvertStringSecurityDescriptorToSecurityDescriptorA(LPCSTR StringSecurityDescriptor,
                                                                          DWORD StringSDRevision,
                                                                          PSECURITY_DESCRIPTOR *SecurityDescriptor,
                                                                          PULONG SecurityDescriptorSize) {
        return string_sd_to_sd(StringSecurityDescriptor, StringSDRevision, SecurityDescriptor,
                               SecurityDescriptorSize);
}

WINADVAPI BOOL WINAPI ConvertStringSecurityDescriptorToSecurityDescriptorW(LPCWSTR StringSecurityDescriptor,
                                                                          DWORD StringSDRevision,
                                                                          PSECURITY_DESCRIPTOR *SecurityDescriptor,
                                                                          PULONG SecurityDescriptorSize) {
        _cleanup_free_ char *s = NULL;
        uint32_t e;

        if (!StringSecurityDescriptor)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        e = s0_win32_utf16_to_utf8(StringSecurityDescriptor, 0, &s);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e == ERROR_INVALID_NAME ? ERROR_INVALID_PARAMETER : e);
        return string_sd_to_sd(s, StringSDRevision, SecurityDescriptor, SecurityDescriptorSize);
}

static BOOL string_sid_to_sid(const char *s, PSID *ret) {
        union s0_win32_sid_buf buf;
        const char *end;
        size_t len;
        void *sid;

        if (!s || !ret)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        if (s0_win32_sid_parse(s, &end, &buf) != ERROR_SUCCESS || *end != '\0')
                return s0_win32_fail(ERROR_INVALID_SID);
        len = s0_win32_sid_length(&buf);
        sid = malloc(len);
        if (!sid)
                return s0_win32_fail(ERROR_NOT_ENOUGH_MEMORY);
        memcpy(sid, &buf, len);
        *ret = sid;
        return TRUE;
}

WINADVAPI BOOL WINAPI ConvertStringSidToSidA(LPCSTR StringSid, PSID *Sid) { return string_sid_to_sid(StringSid, Sid); }

WINADVAPI BOOL WINAPI ConvertStringSidToSidW(LPCWSTR StringSid, PSID *Sid) {
        _cleanup_free_ char *s = NULL;
        uint32_t e;

        if (!StringSid)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        e = s0_win32_utf16_to_utf8(StringSid, 0, &s);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e == ERROR_INVALID_NAME ? ERROR_INVALID_SID : e);
        return string_sid_to_sid(s, Sid);
}
