/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The object context of a process: the namespace directories it resolves names in,
 * the caller's session (read from the kernel, once), its identity for the security
 * descriptors, and the daemon's policy (<runtime>/objects/policy).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "object.h"
#include "shared/macro.h"
#include "shared/parse-util.h"

static int read_policy(int objects_fd, struct s0_objpolicy *p) {
        char buf[1024], *line, *save = NULL;
        _cleanup_close_ int fd = -1;
        ssize_t n;

        *p = (struct s0_objpolicy) { 0 };
        fd = openat(objects_fd, "policy", O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
                return errno == ENOENT ? 0 : -errno; /* an older daemon: compat, no groups */
        do
                n = read(fd, buf, sizeof buf - 1);
        while (n < 0 && errno == EINTR);
        if (n < 0)
                return -errno;
        buf[n] = 0;
        for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                uint32_t v;
                if (strcmp(line, "global_create=strict") == 0)
                        p->strict = true;
                else if (strncmp(line, "create_global_gid=", 18) == 0 && safe_atou32(line + 18, &v) == 0) {
                        p->has_create_global_gid = true;
                        p->create_global_gid = v;
                } else if (strncmp(line, "admin_gid=", 10) == 0 && safe_atou32(line + 10, &v) == 0) {
                        p->has_admin_gid = true;
                        p->admin_gid = v;
                }
        }
        return 0;
}

/* The session0d tree's cgroup root as published in <runtime>/cgroup, and our cgroup. */
static int own_session(const char *runtime_dir, uint32_t *ret) {
        char path[4096], root[4096], line[4096];
        FILE *f;
        int r = -ESRCH;

        if (snprintf(path, sizeof path, "%s/cgroup", runtime_dir) >= (int) sizeof path)
                return -ENAMETOOLONG;
        f = fopen(path, "re");
        if (!f)
                return errno == ENOENT ? -ESRCH : -errno;
        if (!fgets(root, sizeof root, f)) {
                fclose(f);
                return -EBADMSG;
        }
        fclose(f);
        root[strcspn(root, "\n")] = 0;
        f = fopen("/proc/self/cgroup", "re");
        if (!f)
                return -errno;
        while (fgets(line, sizeof line, f)) {
                if (strncmp(line, "0::", 3) != 0)
                        continue;
                line[strcspn(line, "\n")] = 0;
                r = s0_session_from_cgroup_path(root, line + 3, ret);
                break;
        }
        fclose(f);
        return r;
}

S0_EXPORT int s0_objctx_new(const char *runtime_dir, struct s0_objctx **ret) {
        struct s0_objctx *c;
        char name[32];
        int r, n;

        if (!ret)
                return -EINVAL;
        if (!runtime_dir)
                runtime_dir = s0_runtime_dir();
        c = calloc(1, sizeof *c);
        if (!c)
                return -ENOMEM;
        c->objects_fd = c->global_fd = c->sessions_fd = c->local_fd = -1;
        c->refs = 1;
        pthread_mutex_init(&c->lock, NULL);
        c->runtime_dir = strdup(runtime_dir);
        if (!c->runtime_dir) {
                r = -ENOMEM;
                goto fail;
        }
        r = own_session(runtime_dir, &c->session);
        if (r < 0)
                goto fail;
        c->uid = geteuid();
        c->gid = getegid();
        n = getgroups(S0_OBJ_GROUPS_MAX, c->groups);
        if (n < 0) {
                r = -errno;
                goto fail;
        }
        c->n_groups = n;

        char path[4096];
        if (snprintf(path, sizeof path, "%s/objects", runtime_dir) >= (int) sizeof path) {
                r = -ENAMETOOLONG;
                goto fail;
        }
        /* O_PATH: names are looked up and files made through these, never listed, and
         * under --global-create=strict the global directory is not readable (1771) */
        c->objects_fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (c->objects_fd < 0) {
                r = -errno;
                goto fail;
        }
        c->global_fd = openat(c->objects_fd, "global", O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        c->sessions_fd = openat(c->objects_fd, "sessions", O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        if (c->global_fd < 0 || c->sessions_fd < 0) {
                r = -errno;
                goto fail;
        }
        if (c->session == 0)
                c->local_fd = fcntl(c->global_fd, F_DUPFD_CLOEXEC, 3);
        else {
                snprintf(name, sizeof name, "%" PRIu32, c->session);
                c->local_fd = openat(c->sessions_fd, name, O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        }
        if (c->local_fd < 0) {
                r = -errno;
                goto fail;
        }
        r = read_policy(c->objects_fd, &c->policy);
        if (r < 0)
                goto fail;
        *ret = c;
        return 0;
fail:
        c->freed = true;
        objctx_unref(c);
        return r;
}

static void objctx_destroy(struct s0_objctx *c) {
        safe_close(c->objects_fd);
        safe_close(c->global_fd);
        safe_close(c->sessions_fd);
        safe_close(c->local_fd);
        while (c->privns) {
                struct s0_privns *p = c->privns;
                c->privns = p->next;
                safe_close(p->dir_fd);
                safe_close(p->parent_fd);
                free(p->alias);
                free(p);
        }
        while (c->views) {
                struct s0_view *v = c->views;
                c->views = v->next;
                free(v); /* the mappings themselves stay: they are the caller's memory */
        }
        pthread_mutex_destroy(&c->lock);
        free(c->runtime_dir);
        free(c);
}

void objctx_ref(struct s0_objctx *c) {
        pthread_mutex_lock(&c->lock);
        c->refs++;
        pthread_mutex_unlock(&c->lock);
}

void objctx_unref(struct s0_objctx *c) {
        bool last;
        pthread_mutex_lock(&c->lock);
        last = --c->refs == 0;
        pthread_mutex_unlock(&c->lock);
        if (last)
                objctx_destroy(c);
}

S0_EXPORT void s0_objctx_free(struct s0_objctx *c) {
        if (!c)
                return;
        pthread_mutex_lock(&c->lock);
        if (c->freed) {
                pthread_mutex_unlock(&c->lock);
                return;
        }
        c->freed = true;
        pthread_mutex_unlock(&c->lock);
        objctx_unref(c);
}

S0_EXPORT uint32_t s0_objctx_session(const struct s0_objctx *c) { return c ? c->session : S0_SESSION_NONE; }

bool objctx_in_group(const struct s0_objctx *c, gid_t gid) {
        if (c->gid == gid)
                return true;
        for (int i = 0; i < c->n_groups; i++)
                if (c->groups[i] == gid)
                        return true;
        return false;
}

bool objctx_create_global_privilege(const struct s0_objctx *c) {
        if (c->uid == 0)
                return true;
        return c->policy.has_create_global_gid && objctx_in_group(c, c->policy.create_global_gid);
}

int objctx_privns_dir(struct s0_objctx *c, const char *alias, size_t len) {
        int fd = -1;
        pthread_mutex_lock(&c->lock);
        for (struct s0_privns *p = c->privns; p; p = p->next)
                if (strlen(p->alias) == len && memcmp(p->alias, alias, len) == 0) {
                        fd = p->dir_fd;
                        break;
                }
        pthread_mutex_unlock(&c->lock);
        return fd;
}
