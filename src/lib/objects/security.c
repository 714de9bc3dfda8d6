/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Security descriptors of objects, enforced twice:
 *
 *  - by the kernel: the descriptor becomes the file's owner, mode and POSIX ACL. A
 *    principal granted any right that changes the object's state (or that must change it
 *    to wait: an auto-reset event, a mutex, a semaphore, a synchronization timer) gets
 *    read-write; one granted only rights that read (SYNCHRONIZE on a manual-reset event,
 *    query) gets read; others nothing. A process that bypasses the library can do no
 *    more than that.
 *  - by the library, exactly: the descriptor is kept in the object's shared page and
 *    every open is checked against it as Windows' access check does (ordered ACEs, deny
 *    before the allow that would grant it, generic rights mapped per type).
 *
 * Windows' default descriptor (none given) grants the creator and SYSTEM all access,
 * and here also the policy's admin group (the Administrators alias).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include "object.h"

/* The generic mapping of each type (winnt.h: EVENT_*, MUTANT_*, SEMAPHORE_*, TIMER_*,
 * SECTION_*), with STANDARD_RIGHTS_READ/WRITE/EXECUTE = READ_CONTROL. */
struct generic_mapping {
        uint32_t read, write, execute, all;
};
static const struct generic_mapping mappings[_S0_OBJ_TYPE_MAX] = {
        [S0_OBJ_EVENT] = { S0_READ_CONTROL | 0x1, S0_READ_CONTROL | S0_EVENT_MODIFY_STATE,
                           S0_READ_CONTROL | S0_SYNCHRONIZE, S0_EVENT_ALL_ACCESS },
        [S0_OBJ_MUTEX] = { S0_READ_CONTROL | 0x1, S0_READ_CONTROL, S0_READ_CONTROL | S0_SYNCHRONIZE,
                           S0_MUTEX_ALL_ACCESS },
        [S0_OBJ_SEMAPHORE] = { S0_READ_CONTROL | 0x1, S0_READ_CONTROL | S0_SEMAPHORE_MODIFY_STATE,
                               S0_READ_CONTROL | S0_SYNCHRONIZE, S0_SEMAPHORE_ALL_ACCESS },
        [S0_OBJ_TIMER] = { S0_READ_CONTROL | S0_TIMER_QUERY_STATE, S0_READ_CONTROL | S0_TIMER_MODIFY_STATE,
                           S0_READ_CONTROL | S0_SYNCHRONIZE, S0_TIMER_ALL_ACCESS },
        [S0_OBJ_SECTION] = { S0_READ_CONTROL | 0x1 | S0_FILE_MAP_READ, S0_READ_CONTROL | S0_FILE_MAP_WRITE,
                             S0_READ_CONTROL | 0x8, S0_FILE_MAP_ALL_ACCESS },
};

uint32_t obj_all_access(uint32_t type) {
        return type > 0 && type < _S0_OBJ_TYPE_MAX ? mappings[type].all : 0;
}

uint32_t obj_generic_map(uint32_t type, uint32_t mask) {
        const struct generic_mapping *m;
        if (type == 0 || type >= _S0_OBJ_TYPE_MAX)
                return mask;
        m = &mappings[type];
        if (mask & S0_GENERIC_READ)
                mask |= m->read;
        if (mask & S0_GENERIC_WRITE)
                mask |= m->write;
        if (mask & S0_GENERIC_EXECUTE)
                mask |= m->execute;
        if (mask & S0_GENERIC_ALL)
                mask |= m->all;
        return mask & ~(S0_GENERIC_READ | S0_GENERIC_WRITE | S0_GENERIC_EXECUTE | S0_GENERIC_ALL);
}

int obj_sd_validate(const struct s0_obj_sd *sd) {
        if (!sd || !sd->has_dacl || sd->null_dacl)
                return 0;
        if (sd->n_aces > S0_OBJ_ACES_MAX || (sd->n_aces && !sd->aces))
                return -EINVAL;
        for (size_t i = 0; i < sd->n_aces; i++) {
                const struct s0_obj_ace *a = &sd->aces[i];
                if (a->kind > S0_ACE_DENY || a->who < S0_ACE_USER || a->who > S0_ACE_EVERYONE)
                        return -EINVAL;
        }
        return 0;
}

static bool ace_matches(const struct s0_objctx *c, const struct s0_obj_ace *a) {
        switch (a->who) {
        case S0_ACE_EVERYONE:
                return true;
        case S0_ACE_USER:
                return a->id == c->uid;
        case S0_ACE_GROUP:
                return objctx_in_group(c, a->id);
        }
        return false;
}

/* The rights one principal would get, for the file mode: evaluated as for a caller who
 * is exactly that principal (and nothing else but Everyone). */
static uint32_t granted_to(const struct s0_obj_shared *sh, uint8_t who, uint32_t id) {
        uint32_t allowed = 0, denied = 0;
        for (uint32_t i = 0; i < sh->n_aces && i < S0_OBJ_ACES_MAX; i++) {
                const struct s0_obj_ace *a = &sh->aces[i];
                bool match = a->who == S0_ACE_EVERYONE || (a->who == who && a->id == id);
                uint32_t m;
                if (!match)
                        continue;
                m = obj_generic_map(sh->type, a->mask);
                if (a->kind == S0_ACE_DENY)
                        denied |= m & ~allowed;
                else
                        allowed |= m & ~denied;
        }
        return allowed;
}

uint32_t obj_granted(const struct s0_objctx *c, const struct s0_obj_shared *sh) {
        uint32_t all = obj_all_access(sh->type), allowed = 0, denied = 0;

        if (c->uid == 0 || (sh->sd_flags & S0_SDF_NULL_DACL))
                return all; /* SYSTEM; a NULL DACL grants everyone everything */
        if (sh->sd_flags & S0_SDF_DEFAULT) {
                if (c->uid == sh->creator)
                        return all;
                if (sh->admin_gid != (uint32_t) -1 && objctx_in_group(c, sh->admin_gid))
                        return all;
                return 0;
        }
        /* Windows' check: ACEs in order; a deny takes the bits no earlier allow gave. The
         * object's owner keeps READ_CONTROL | WRITE_DAC (implicit owner rights). */
        if (c->uid == sh->creator)
                allowed |= S0_READ_CONTROL | S0_WRITE_DAC;
        for (uint32_t i = 0; i < sh->n_aces && i < S0_OBJ_ACES_MAX; i++) {
                const struct s0_obj_ace *a = &sh->aces[i];
                uint32_t m;
                if (!ace_matches(c, a))
                        continue;
                m = obj_generic_map(sh->type, a->mask);
                if (a->kind == S0_ACE_DENY)
                        denied |= m & ~allowed;
                else
                        allowed |= m & ~denied;
        }
        return allowed & all;
}

bool obj_needs_write(uint32_t type, bool manual_reset, uint32_t access) {
        switch (type) {
        case S0_OBJ_EVENT:
                return (access & S0_EVENT_MODIFY_STATE) || (!manual_reset && (access & S0_SYNCHRONIZE));
        case S0_OBJ_TIMER:
                return (access & S0_TIMER_MODIFY_STATE) || (!manual_reset && (access & S0_SYNCHRONIZE));
        case S0_OBJ_MUTEX:
                return access & (S0_SYNCHRONIZE | S0_MUTEX_MODIFY_STATE);
        case S0_OBJ_SEMAPHORE:
                return access & (S0_SYNCHRONIZE | S0_SEMAPHORE_MODIFY_STATE);
        case S0_OBJ_SECTION:
                return access & S0_FILE_MAP_WRITE;
        }
        return true;
}

/* rw- / r-- / --- for a grant */
static unsigned perm_bits(uint32_t type, bool manual, uint32_t granted) {
        if (!granted)
                return 0;
        return obj_needs_write(type, manual, granted) ? 6 : 4;
}

/* POSIX ACL xattr format (linux/posix_acl_xattr.h) */
#define ACL_XATTR_VERSION 2
enum { ACL_USER_OBJ = 1, ACL_USER = 2, ACL_GROUP_OBJ = 4, ACL_GROUP = 8, ACL_MASK = 0x10, ACL_OTHER = 0x20 };
struct acl_entry {
        uint16_t tag, perm;
        uint32_t id;
};

int obj_sd_apply(const struct s0_objctx *c, int fd, struct s0_obj_shared *sh, const struct s0_obj_sd *sd) {
        bool manual = sh->flags & S0_SHF_MANUAL_RESET;
        struct {
                uint32_t version;
                struct acl_entry e[S0_OBJ_ACES_MAX + 4];
        } acl;
        size_t n = 0;
        unsigned owner, group = 0, other;

        sh->creator = c->uid;
        sh->admin_gid = c->policy.has_admin_gid ? c->policy.admin_gid : (uint32_t) -1;
        if (!sd || !sd->has_dacl) {
                sh->sd_flags = S0_SDF_DEFAULT;
                if (fchmod(fd, 0600) < 0)
                        return -errno;
                if (sh->admin_gid == (uint32_t) -1)
                        return 0;
                acl.version = ACL_XATTR_VERSION;
                acl.e[n++] = (struct acl_entry) { ACL_USER_OBJ, 6, (uint32_t) -1 };
                acl.e[n++] = (struct acl_entry) { ACL_GROUP_OBJ, 0, (uint32_t) -1 };
                acl.e[n++] = (struct acl_entry) { ACL_GROUP, 6, sh->admin_gid };
                acl.e[n++] = (struct acl_entry) { ACL_MASK, 6, (uint32_t) -1 };
                acl.e[n++] = (struct acl_entry) { ACL_OTHER, 0, (uint32_t) -1 };
                goto set_acl;
        }
        if (sd->null_dacl) {
                sh->sd_flags = S0_SDF_NULL_DACL;
                return fchmod(fd, 0666) < 0 ? -errno : 0;
        }
        sh->sd_flags = 0;
        sh->n_aces = (uint32_t) sd->n_aces;
        memcpy(sh->aces, sd->aces, sd->n_aces * sizeof *sd->aces);

        /* The creator keeps access to its own file only as its ACEs say; Everyone's grant
         * is the "other" class; every named user and group an ACL entry. */
        owner = perm_bits(sh->type, manual, granted_to(sh, S0_ACE_USER, c->uid));
        other = perm_bits(sh->type, manual, granted_to(sh, S0_ACE_EVERYONE, 0));
        acl.version = ACL_XATTR_VERSION;
        acl.e[n++] = (struct acl_entry) { ACL_USER_OBJ, (uint16_t) owner, (uint32_t) -1 };
        for (size_t i = 0; i < sd->n_aces; i++) {
                const struct s0_obj_ace *a = &sd->aces[i];
                bool dup = false;
                if (a->who != S0_ACE_USER || a->id == c->uid)
                        continue;
                for (size_t j = 0; j < i; j++)
                        dup |= sd->aces[j].who == S0_ACE_USER && sd->aces[j].id == a->id;
                if (!dup)
                        acl.e[n++] = (struct acl_entry) { ACL_USER,
                                                          (uint16_t) perm_bits(sh->type, manual,
                                                                               granted_to(sh, S0_ACE_USER, a->id)),
                                                          a->id };
        }
        acl.e[n++] = (struct acl_entry) { ACL_GROUP_OBJ, 0, (uint32_t) -1 };
        for (size_t i = 0; i < sd->n_aces; i++) {
                const struct s0_obj_ace *a = &sd->aces[i];
                bool dup = false;
                if (a->who != S0_ACE_GROUP)
                        continue;
                for (size_t j = 0; j < i; j++)
                        dup |= sd->aces[j].who == S0_ACE_GROUP && sd->aces[j].id == a->id;
                if (!dup) {
                        unsigned p = perm_bits(sh->type, manual, granted_to(sh, S0_ACE_GROUP, a->id));
                        acl.e[n++] = (struct acl_entry) { ACL_GROUP, (uint16_t) p, a->id };
                        group |= p;
                }
        }
        /* named users' bits are under the mask too */
        for (size_t i = 0; i < n; i++)
                if (acl.e[i].tag == ACL_USER)
                        group |= acl.e[i].perm;
        if (n == 2) { /* no named entries: a plain mode says it all */
                if (fchmod(fd, (mode_t) (owner << 6 | other)) < 0)
                        return -errno;
                return 0;
        }
        acl.e[n++] = (struct acl_entry) { ACL_MASK, (uint16_t) group, (uint32_t) -1 };
        acl.e[n++] = (struct acl_entry) { ACL_OTHER, (uint16_t) other, (uint32_t) -1 };
        /* the kernel wants entries sorted by tag, then id */
        for (size_t i = 1; i < n; i++)
                for (size_t j = i; j > 0 && (acl.e[j - 1].tag > acl.e[j].tag ||
                                             (acl.e[j - 1].tag == acl.e[j].tag && acl.e[j - 1].id > acl.e[j].id));
                     j--) {
                        struct acl_entry t = acl.e[j];
                        acl.e[j] = acl.e[j - 1];
                        acl.e[j - 1] = t;
                }
set_acl:
        if (fsetxattr(fd, "system.posix_acl_access", &acl, sizeof(uint32_t) + n * sizeof(struct acl_entry), 0) < 0)
                return -errno;
        return 0;
}
