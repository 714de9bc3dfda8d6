/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdint.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shared/macro.h"
#include "shared/parse-util.h"
#include "user.h"

static int valid_user_name(const char *name) {
        size_t n = strlen(name);
        if (n == 0 || n >= 64 || name[0] == '-')
                return 0;
        for (const char *p = name; *p; p++)
                if (*p == '/' || *p == ':' || *p == '\n' || (unsigned char) *p < 0x20)
                        return 0;
        return 1;
}

static int fill(const struct passwd *pw, struct s0_user *u) {
        int n = S0_GROUPS_MAX;

        if (snprintf(u->name, sizeof u->name, "%s", pw->pw_name) >= (int) sizeof u->name)
                return -ENAMETOOLONG;
        u->uid = pw->pw_uid;
        u->gid = pw->pw_gid;
        snprintf(u->home, sizeof u->home, "%s", pw->pw_dir && *pw->pw_dir ? pw->pw_dir : "/");
        snprintf(u->shell, sizeof u->shell, "%s", pw->pw_shell && *pw->pw_shell ? pw->pw_shell : "/bin/sh");
        if (getgrouplist(pw->pw_name, pw->pw_gid, u->groups, &n) < 0)
                return -E2BIG;
        u->ngroups = n;
        return 0;
}

static int lookup(const char *name, uid_t uid, struct s0_user *ret) {
        struct passwd pw, *res = NULL;
        char *buf;
        int r;
        size_t size = 16384;

        buf = malloc(size);
        if (!buf)
                return -ENOMEM;
        r = name ? getpwnam_r(name, &pw, buf, size, &res) : getpwuid_r(uid, &pw, buf, size, &res);
        if (r != 0) {
                free(buf);
                return -r;
        }
        if (!res) {
                free(buf);
                return -ENOENT;
        }
        r = fill(res, ret);
        free(buf);
        return r;
}

int user_by_name(const char *name, struct s0_user *ret) {
        if (!valid_user_name(name))
                return -EINVAL;
        return lookup(name, 0, ret);
}

int user_by_uid(uid_t uid, struct s0_user *ret) { return lookup(NULL, uid, ret); }

/* A group by name, or by decimal gid if no group has that name (as chgrp(1) does). */
int group_by_name(const char *name, gid_t *ret) {
        struct group gr, *res = NULL;
        _cleanup_free_ char *buf = NULL;
        size_t size = 16384;
        uint32_t v;
        int r;

        if (!valid_user_name(name))
                return -EINVAL;
        buf = malloc(size);
        if (!buf)
                return -ENOMEM;
        r = getgrnam_r(name, &gr, buf, size, &res);
        if (r == 0 && !res && safe_atou32(name, &v) == 0 && v != (uint32_t) (gid_t) -1)
                r = getgrgid_r((gid_t) v, &gr, buf, size, &res);
        if (r != 0)
                return -r;
        if (!res)
                return -ENOENT;
        *ret = res->gr_gid;
        return 0;
}
