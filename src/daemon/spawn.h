/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "user.h"

struct spawn_params {
        int cgroup_fd;           /* the leaf cgroup the process is born in (CLONE_INTO_CGROUP) */
        int ns_pidfd;            /* join this process's mount+IPC namespaces; -1: create new ones */
        const struct s0_user *user; /* NULL: stay root (the anchor, which drops its own privileges) */
        char *const *argv;
        int exec_fd;             /* >= 0: execute this file (O_PATH) instead of argv[0] */
        char *const *envp;
        int fds[3];              /* stdin/out/err, each >= 3 or -1 for /dev/null */
        /* New namespaces only: a private tmpfs mounted on xdg_dir (the user's
         * XDG_RUNTIME_DIR, /run/user/UID) with these mount options. NULL: none. */
        const char *xdg_dir;
        const char *xdg_opts;
        /* New namespaces only: a root-owned tmpfs (mode 0755) on this directory, where
         * the session host puts its socket: it exists only in this session. NULL: none. */
        const char *host_dir;
        const struct rlimit *rlimit_nofile; /* set before exec; NULL: keep the daemon's */
};

/* Starts a process born inside a session: in its cgroup from the first instruction,
 * in its namespaces, as its user, with a clean environment. Returns once the program
 * is exec'd (or the exec failed, with the child's errno: the caller learns *why*).
 * *ret_what names the failing step on error. */
int spawn_in_session(const struct spawn_params *p, pid_t *ret_pid, int *ret_pidfd, const char **ret_what);
