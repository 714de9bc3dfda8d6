/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The raw Linux primitives session0d is built on, done directly by the benchmark (as
 * root, no daemon, no protocol), so that each of our figures can be set next to what
 * the kernel alone costs in the same run. The session code mirrors
 * src/daemon/session.c + spawn.c step by step: same cgroup layout, same clone3() flags,
 * same child-side steps, same "exec'd" confirmation (EOF on a CLOEXEC pipe).
 */
#pragma once

#include <stdint.h>
#include <sys/types.h>

#define RAW_GROUPS_MAX 64

struct raw_user {
        uid_t uid;
        gid_t gid;
        gid_t groups[RAW_GROUPS_MAX];
        int ngroups;
        char home[256];
};
int raw_user_lookup(const char *name, struct raw_user *ret);

struct raw_session {
        uint32_t id;
        int dir_fd;        /* <root>/session-N */
        int anchor_pidfd;
        pid_t anchor_pid;
};

/* mkdir <root>/session-N with the daemon's two xattrs, mkdir its anchor/ leaf, clone3()
 * the anchor into it with new mount+IPC namespaces (slave /, tmpfs /tmp and /dev/shm),
 * and return once it has exec'd. */
int raw_session_create(int root_fd, uint32_t id, uid_t uid, const char *anchor_path, struct raw_session *ret);
/* mkdir user/, clone3() into it, setns() into the anchor's namespaces, become u, exec
 * argv[0] (a path) with stdio on null_fd; returns once exec'd. */
int raw_session_spawn(struct raw_session *s, const struct raw_user *u, char *const argv[], int null_fd,
                      pid_t *ret_pid, int *ret_pidfd);
/* cgroup.kill, wait for "populated 0", remove the tree, reap the anchor. */
int raw_session_destroy(int root_fd, struct raw_session *s);

/* Starts program (argv[0] a path) in <root>/name as a plain child: no namespaces, no
 * privilege change. Returns once it has exec'd. */
int raw_start_plain(int root_fd, const char *name, char *const argv[], pid_t *ret_pid, int *ret_pidfd);

/* n `sleep 1000` children born in cgroup <root>/name (created). pids get n entries. */
int raw_sleepers_start(int root_fd, const char *name, int n, pid_t *pids, int *ret_dir_fd);
/* The logoff primitive: write "1" to cgroup.kill, wait (poll POLLPRI on cgroup.events)
 * for "populated 0", rmdir. Consumes dir_fd. */
int raw_kill_wait_rmdir(int root_fd, const char *name, int dir_fd);
/* Removes <root>/name and below, killing whatever is left; for error paths. */
void raw_cgroup_purge(int root_fd, const char *name);

/* A SOCK_SEQPACKET echo server on cpu: each request names the size of its reply. */
int raw_pingpong_start(int cpu, pid_t *ret_pid, int *ret_fd);
/* One "call": for each of sizes[], a 24-byte request and a reply of that size, received
 * into buf (S0_MSG_SIZE_MAX bytes). */
int raw_pingpong_call(int fd, const uint32_t *sizes, size_t n, void *buf);
void raw_pingpong_stop(pid_t pid, int fd);

/* open + read + close /proc/PID/cgroup, and find the "0::" line: the kernel's answer
 * to "which session is pid in", without the daemon. Returns the path length. */
int raw_proc_cgroup(pid_t pid, char *buf, size_t size);
