/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private namespaces (CreatePrivateNamespace / OpenPrivateNamespace): Windows' answer
 * to name squatting. A namespace is identified by its boundary (a name and principals);
 * only a caller that is every principal of the boundary may create it. Here it is the
 * directory <runtime>/objects/private/<home>/<sha256 of the boundary>, where home is
 * u<UID> for the boundary's first user (or g<GID> for its first group when it names no
 * user): session0d makes those directories writable by that user (group) only, so the
 * kernel, not this library, keeps everyone else from creating — or squatting — it.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "object.h"
#include "shared/macro.h"
#include "shared/sha256.h"

static int boundary_paths(const char *name, const struct s0_boundary_entry *e, size_t n, char home[32],
                          char dir[80]) {
        struct s0_sha256 h;
        uint8_t digest[S0_SHA256_DIGEST_SIZE];
        const struct s0_boundary_entry *first_user = NULL, *first_group = NULL;
        /* the digest must not depend on the order the principals were added in */
        uint64_t keys[S0_BOUNDARY_ENTRIES_MAX];

        if (!name || !*name || strlen(name) > 1024 || n == 0 || n > S0_BOUNDARY_ENTRIES_MAX || !e)
                return -EINVAL;
        for (size_t i = 0; i < n; i++) {
                if (e[i].who == S0_ACE_USER && !first_user)
                        first_user = &e[i];
                else if (e[i].who == S0_ACE_GROUP && !first_group)
                        first_group = &e[i];
                else if (e[i].who != S0_ACE_USER && e[i].who != S0_ACE_GROUP)
                        return -EINVAL;
                keys[i] = (uint64_t) e[i].who << 32 | e[i].id;
        }
        for (size_t i = 1; i < n; i++)
                for (size_t j = i; j > 0 && keys[j - 1] > keys[j]; j--) {
                        uint64_t t = keys[j];
                        keys[j] = keys[j - 1];
                        keys[j - 1] = t;
                }
        s0_sha256_init(&h);
        s0_sha256_update(&h, name, strlen(name) + 1);
        for (size_t i = 0; i < n; i++)
                if (i == 0 || keys[i] != keys[i - 1])
                        s0_sha256_update(&h, &keys[i], sizeof keys[i]);
        s0_sha256_final(&h, digest);
        if (first_user)
                snprintf(home, 32, "u%" PRIu32, first_user->id);
        else
                snprintf(home, 32, "g%" PRIu32, first_group->id);
        for (size_t i = 0; i < 32; i++)
                snprintf(dir + 2 * i, 3, "%02x", digest[i]);
        return 0;
}

static int privns_add(struct s0_objctx *c, const char *alias, int parent_fd, int dir_fd, const char *dir,
                      struct s0_privns **ret) {
        struct s0_privns *p = calloc(1, sizeof *p);
        if (!p || !(p->alias = strdup(alias))) {
                free(p);
                return -ENOMEM;
        }
        p->ctx = c;
        p->parent_fd = parent_fd;
        p->dir_fd = dir_fd;
        snprintf(p->dir_name, sizeof p->dir_name, "%s", dir);
        pthread_mutex_lock(&c->lock);
        p->next = c->privns;
        c->privns = p;
        pthread_mutex_unlock(&c->lock);
        *ret = p;
        return 0;
}

static int open_parent(struct s0_objctx *c, const char *home) {
        char path[64];
        int fd;
        snprintf(path, sizeof path, "private/%s", home);
        fd = openat(c->objects_fd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
                return errno == ENOENT ? -EACCES : -errno; /* nobody made a home for it */
        return fd;
}

static bool valid_alias(const char *alias) {
        return alias && *alias && strlen(alias) < 256 && !strchr(alias, '\\');
}

S0_EXPORT int s0_privns_create(struct s0_objctx *c, const char *boundary_name, const struct s0_boundary_entry *e,
                               size_t n, const char *alias, const struct s0_obj_sd *sd, struct s0_privns **ret) {
        char home[32], dir[80];
        mode_t mode = 0700;
        int parent, fd, r;

        if (!c || !ret || !valid_alias(alias))
                return -EINVAL;
        r = boundary_paths(boundary_name, e, n, home, dir);
        if (r < 0)
                return r;
        r = obj_sd_validate(sd);
        if (r < 0)
                return r;
        /* the caller must be every principal of the boundary */
        for (size_t i = 0; i < n; i++)
                if (c->uid != 0 && ((e[i].who == S0_ACE_USER && e[i].id != c->uid) ||
                                    (e[i].who == S0_ACE_GROUP && !objctx_in_group(c, e[i].id))))
                        return -EACCES;
        /* who may open it: others need to search the directory to reach objects in it,
         * and write to create them */
        if (sd && sd->has_dacl) {
                if (sd->null_dacl)
                        mode = 01777;
                else
                        for (size_t i = 0; i < sd->n_aces; i++)
                                if (sd->aces[i].kind == S0_ACE_ALLOW && sd->aces[i].who == S0_ACE_EVERYONE)
                                        mode = (sd->aces[i].mask & (S0_GENERIC_ALL | S0_GENERIC_WRITE)) ? 01777 : 0711;
        }
        parent = open_parent(c, home);
        if (parent < 0)
                return parent;
        if (mkdirat(parent, dir, 0700) < 0) {
                r = errno == EEXIST ? -EEXIST : -errno;
                safe_close(parent);
                return r;
        }
        fd = openat(parent, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0 || fchmod(fd, mode) < 0) {
                r = -errno;
                safe_close(fd);
                (void) unlinkat(parent, dir, AT_REMOVEDIR);
                safe_close(parent);
                return r;
        }
        r = privns_add(c, alias, parent, fd, dir, ret);
        if (r < 0) {
                safe_close(fd);
                (void) unlinkat(parent, dir, AT_REMOVEDIR);
                safe_close(parent);
        }
        return r;
}

S0_EXPORT int s0_privns_open(struct s0_objctx *c, const char *boundary_name, const struct s0_boundary_entry *e,
                             size_t n, const char *alias, struct s0_privns **ret) {
        char home[32], dir[80];
        int parent, fd, r;

        if (!c || !ret || !valid_alias(alias))
                return -EINVAL;
        r = boundary_paths(boundary_name, e, n, home, dir);
        if (r < 0)
                return r;
        parent = openat(c->objects_fd, "private", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (parent >= 0) {
                int p2 = openat(parent, home, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
                safe_close(parent);
                parent = p2;
        }
        if (parent < 0)
                return errno == ENOENT ? -ENOENT : -errno;
        fd = openat(parent, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0) {
                r = errno == ENOENT ? -ENOENT : -errno;
                safe_close(parent);
                return r;
        }
        r = privns_add(c, alias, parent, fd, dir, ret);
        if (r < 0) {
                safe_close(fd);
                safe_close(parent);
        }
        return r;
}

S0_EXPORT int s0_privns_close(struct s0_privns *ns, bool destroy) {
        struct s0_objctx *c;
        struct s0_privns **p;
        if (!ns)
                return -EINVAL;
        c = ns->ctx;
        pthread_mutex_lock(&c->lock);
        for (p = &c->privns; *p; p = &(*p)->next)
                if (*p == ns) {
                        *p = ns->next;
                        break;
                }
        pthread_mutex_unlock(&c->lock);
        if (destroy)
                (void) unlinkat(ns->parent_fd, ns->dir_name, AT_REMOVEDIR); /* busy: it goes with its
                                                                              * last object's close */
        safe_close(ns->dir_fd);
        safe_close(ns->parent_fd);
        free(ns->alias);
        free(ns);
        return 0;
}
