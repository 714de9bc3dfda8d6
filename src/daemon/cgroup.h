/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The cgroup v2 operations a session needs. All take directory fds: paths are resolved
 * once, at start-up. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

/* Finds (or mounts) the cgroup2 hierarchy; *ret_path is malloc'd. */
int cg_find_mount(char **ret_path);
/* Turns on the hierarchy's favordynmods flag (keeping its others) unless it is on:
 * task migrations then skip an RCU grace period (~7 ms) at a small cost to every fork
 * and exit. It is the whole host's hierarchy, hence an option. mnt: from cg_find_mount. */
int cg_favor_dynmods(const char *mnt, bool *ret_changed);
/* mkdir (EEXIST is fine) and open the directory. */
int cg_mkdir_open(int dirfd, const char *name, int *ret_fd);
/* Removes the cgroup dirfd/name and every cgroup below it (they must be empty). */
int cg_rmdir_tree(int dirfd, const char *name);
/* Number of processes in the cgroup and below, leaving out the child cgroup named
 * skip (if not NULL). */
int cg_count_procs(int dirfd, const char *skip);
/* The first process found in the cgroup or below; -ESRCH if none. */
int cg_first_pid(int dirfd, pid_t *ret);
/* The only process of a leaf cgroup (the anchor's); -ESRCH if none, -ENOTUNIQ if many. */
int cg_single_pid(int dirfd, pid_t *ret);
/* cgroup.kill: SIGKILL to everything in the cgroup and below, atomically against forks. */
int cg_kill(int dirfd);
/* 1 if "populated 1" in cgroup.events, 0 if empty. */
int cg_populated(int dirfd);
/* The same, read from an open cgroup.events fd -- which re-arms its POLLPRI. */
int cg_events_populated(int events_fd);
/* Moves pid into the cgroup. */
int cg_attach(int dirfd, pid_t pid);

/* Session metadata in trusted.* xattrs on the session's cgroup: only root can write
 * (or read) them, and they live exactly as long as the session, in the kernel. */
int cg_set_xattr_u64(int dirfd, const char *name, uint64_t v);
int cg_get_xattr_u64(int dirfd, const char *name, uint64_t *ret);
/* Waits (poll on cgroup.events, no sleeping) until the cgroup is empty. -ETIMEDOUT. */
int cg_wait_empty(int dirfd, int timeout_ms);
