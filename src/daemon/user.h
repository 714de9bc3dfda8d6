/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sys/types.h>

#define S0_GROUPS_MAX 256

struct s0_user {
        char name[64];
        uid_t uid;
        gid_t gid;
        char home[512];
        char shell[256];
        int ngroups;
        gid_t groups[S0_GROUPS_MAX];
};

/* Looks a user up by name (NSS): -ENOENT if unknown, -EINVAL if the name is malformed. */
int user_by_name(const char *name, struct s0_user *ret);
int user_by_uid(uid_t uid, struct s0_user *ret);
/* Looks a group up by name, else by decimal gid: -ENOENT if there is none, -EINVAL
 * if the name is malformed. */
int group_by_name(const char *name, gid_t *ret);
