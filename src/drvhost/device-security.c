/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Device security: the SDDL of a device's .conf line becomes the native descriptor
 * (src/win32/sddl.c, security.c: the same parser the Win32 layer uses), which is
 * enforced twice: by the kernel on the socket (mode + POSIX ACL, like pipes), and by the
 * host on every open with the caller's identity from SO_PEERCRED.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include "device-security.h"
#include "shared/macro.h"
#include "win32/win32.h"

/* winnt.h: FILE_GENERIC_READ, _WRITE, _EXECUTE, FILE_ALL_ACCESS */
#define F_GENERIC_READ 0x120089u
#define F_GENERIC_WRITE 0x120116u
#define F_GENERIC_EXECUTE 0x1200A0u
#define F_ALL_ACCESS 0x1F01FFu
/* Rights that let one talk to the device at all (read, write data, attributes) */
#define CONNECT_RIGHTS (0x1u | 0x2u | 0x4u | 0x80u | 0x100u | 0x100000u)

int device_sd_from_sddl(const char *sddl, const char *runtime_dir, struct device_sd *ret) {
        struct s0_win32_native_sd *nbuf = calloc(1, sizeof *nbuf);
        struct s0_win32_sid_env env;
        const struct s0_obj_sd *nsd = NULL;
        void *psd = NULL;
        uint32_t size, e;

        if (!nbuf)
                return -ENOMEM;
        e = s0_win32_sddl_parse(sddl, &psd, &size, NULL);
        if (e == ERROR_SUCCESS) {
                s0_win32_sid_env_current(runtime_dir, &env);
                e = s0_win32_sd_to_native(psd, &env, nbuf, &nsd);
        }
        free(psd);
        if (e != ERROR_SUCCESS || !nsd) {
                free(nbuf);
                return -EINVAL;
        }
        *ret = (struct device_sd) { .sd = *nsd };
        memcpy(ret->aces, nsd->aces, nsd->n_aces * sizeof *nsd->aces);
        ret->sd.aces = ret->aces;
        for (size_t i = 0; i < ret->sd.n_aces; i++)
                ret->aces[i].mask = device_map_generic(ret->aces[i].mask);
        free(nbuf);
        return 0;
}

uint32_t device_map_generic(uint32_t m) {
        uint32_t r = m & 0x0FFFFFFFu;

        if (m & 0x80000000u)
                r |= F_GENERIC_READ;
        if (m & 0x40000000u)
                r |= F_GENERIC_WRITE;
        if (m & 0x20000000u)
                r |= F_GENERIC_EXECUTE;
        if (m & 0x10000000u)
                r |= F_ALL_ACCESS;
        return r;
}

static bool in_groups(uid_t uid, gid_t gid, gid_t want) {
        gid_t groups[256];
        int n = (int) ELEMENTSOF(groups);
        struct passwd *pw;

        if (gid == want)
                return true;
        pw = getpwuid(uid);
        if (!pw || getgrouplist(pw->pw_name, gid, groups, &n) < 0)
                return false; /* more than 256 groups: only the primary one counts */
        for (int i = 0; i < n; i++)
                if (groups[i] == want)
                        return true;
        return false;
}

static bool ace_applies(const struct s0_obj_ace *a, uid_t uid, gid_t gid) {
        switch (a->who) {
        case S0_ACE_EVERYONE: return true;
        case S0_ACE_USER: return a->id == uid;
        case S0_ACE_GROUP: return in_groups(uid, gid, a->id);
        default: return false;
        }
}

/* Windows' order: walk the DACL until every wanted right is allowed or one is denied. */
uint32_t device_access_check(const struct device_sd *d, uid_t uid, gid_t gid, uint32_t desired, bool *ret_denied) {
        uint32_t want = device_map_generic(desired), left = want;

        *ret_denied = false;
        if (!d->sd.has_dacl) /* the default: SYSTEM and the creator (root here) only */
                left = uid == 0 ? 0 : left;
        else if (d->sd.null_dacl)
                left = 0;
        else
                for (size_t i = 0; i < d->sd.n_aces && left; i++) {
                        const struct s0_obj_ace *a = &d->sd.aces[i];

                        if (!ace_applies(a, uid, gid))
                                continue;
                        if (a->kind == S0_ACE_DENY && (a->mask & left))
                                break;
                        if (a->kind == S0_ACE_ALLOW)
                                left &= ~a->mask;
                }
        if (left) {
                *ret_denied = true;
                return 0;
        }
        return want;
}

/* ---- the socket --------------------------------------------------------------------- */
#define ACL_XATTR "system.posix_acl_access"
enum { A_USER_OBJ = 1, A_USER = 2, A_GROUP_OBJ = 4, A_GROUP = 8, A_MASK = 0x10, A_OTHER = 0x20 };
struct acl_entry {
        uint16_t tag, perm;
        uint32_t id;
};
struct acl_buf {
        uint32_t version; /* 2 */
        struct acl_entry e[S0_OBJ_ACES_MAX + 4];
};

static int acl_cmp(const void *a, const void *b) {
        const struct acl_entry *x = a, *y = b;

        if (x->tag != y->tag)
                return x->tag < y->tag ? -1 : 1;
        return x->id < y->id ? -1 : x->id > y->id;
}

static bool everyone_allowed(const struct device_sd *d) {
        if (!d->sd.has_dacl || d->sd.null_dacl)
                return d->sd.null_dacl;
        for (size_t i = 0; i < d->sd.n_aces; i++)
                if (d->sd.aces[i].who == S0_ACE_EVERYONE && (d->sd.aces[i].mask & CONNECT_RIGHTS))
                        return d->sd.aces[i].kind == S0_ACE_ALLOW;
        return false;
}

/* Everyone allowed: 0666, with a "no access" entry for each named user or group denied
 * before any allow (the kernel checks named entries before "other"). Else 0600, with
 * rw entries for the named users and groups allowed. The host's check decides the rest
 * (a group deny under an Everyone allow, rights finer than connect). */
int device_socket_protect(const char *path, const struct device_sd *d) {
        bool all = everyone_allowed(d);
        struct acl_buf b = { .version = 2 };
        size_t n = 0;

        if (chmod(path, all ? 0666 : 0600) < 0)
                return -errno;
        if (!d->sd.has_dacl || d->sd.null_dacl)
                return 0;
        for (size_t i = 0; i < d->sd.n_aces && n < S0_OBJ_ACES_MAX; i++) {
                const struct s0_obj_ace *a = &d->sd.aces[i];
                bool seen = false;

                if (a->who == S0_ACE_EVERYONE || !(a->mask & CONNECT_RIGHTS))
                        continue;
                for (size_t j = 0; j < n; j++)
                        seen |= b.e[j].id == a->id && b.e[j].tag == (a->who == S0_ACE_USER ? A_USER : A_GROUP);
                if (seen) /* the first entry for a principal decides, as in the DACL walk */
                        continue;
                if (all && a->kind == S0_ACE_ALLOW)
                        continue;
                if (!all && a->kind == S0_ACE_DENY)
                        continue;
                b.e[n++] = (struct acl_entry) { a->who == S0_ACE_USER ? A_USER : A_GROUP,
                                                a->kind == S0_ACE_ALLOW ? 6 : 0, a->id };
        }
        if (n == 0)
                return 0;
        b.e[n++] = (struct acl_entry) { A_USER_OBJ, 6, (uint32_t) -1 };
        b.e[n++] = (struct acl_entry) { A_GROUP_OBJ, 0, (uint32_t) -1 };
        b.e[n++] = (struct acl_entry) { A_MASK, 6, (uint32_t) -1 };
        b.e[n++] = (struct acl_entry) { A_OTHER, all ? 6 : 0, (uint32_t) -1 };
        qsort(b.e, n, sizeof b.e[0], acl_cmp);
        if (setxattr(path, ACL_XATTR, &b, sizeof(uint32_t) + n * sizeof(struct acl_entry), 0) < 0)
                return -errno;
        return 0;
}
