/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libsession0: the native API. Every function returns 0 (or a count) on success and a
 * negative errno on failure; output parameters (ret_*) are written only on success.
 * The library keeps no global state: a connection to session0d is a struct s0_client.
 */
#pragma once

#include <stdint.h>
#include <sys/types.h>

#include <session0/protocol.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(S0_BUILDING_LIBRARY)
#define S0_EXPORT __attribute__((visibility("default")))
#else
#define S0_EXPORT
#endif

#define S0_RUNTIME_DIR_DEFAULT "/run/session0"

struct s0_client;

/* The runtime directory this process talks to: $S0_RUNTIME_DIR, else /run/session0. */
S0_EXPORT const char *s0_runtime_dir(void);

/* Connects to session0d's control socket in runtime_dir (NULL: s0_runtime_dir()). */
S0_EXPORT int s0_client_open(const char *runtime_dir, struct s0_client **ret);
S0_EXPORT void s0_client_close(struct s0_client *c);
/* The daemon's one-line explanation of the last failed request on c ("" if none). */
S0_EXPORT const char *s0_client_error_text(const struct s0_client *c);
/* The connected socket, for poll(); readable when a spawned process's exit arrives. */
S0_EXPORT int s0_client_fd(const struct s0_client *c);

/* Creates a session for user (root only) and returns its id (>= 1; 0 in legacy mode
 * for the first logon). The session stays until s0_logoff(). */
S0_EXPORT int s0_logon(struct s0_client *c, const char *user, uint32_t *ret_session);
/* Kills everything in the session and returns once it is empty and gone. */
S0_EXPORT int s0_logoff(struct s0_client *c, uint32_t session);
/* Leaves the session logged on with nothing attached (WTSDisconnected): root or the
 * session's user; a later s0_join(S0_JOIN_RECONNECT) of the same user takes it back. */
S0_EXPORT int s0_disconnect(struct s0_client *c, uint32_t session);
/* PAM's open_session (root only): moves the calling process into a new session of
 * user (or, with S0_JOIN_RECONNECT, the user's disconnected one). *ret_anchor_pidfd
 * is a pidfd of the session's anchor: setns(fd, CLONE_NEWNS|CLONE_NEWIPC) enters its
 * namespaces. *ret_flags (optional) gets enum s0_joined_flags. */
S0_EXPORT int s0_join(struct s0_client *c, const char *user, uint32_t flags, uint32_t *ret_session,
                      int *ret_anchor_pidfd, uint32_t *ret_flags);
/* All sessions, ordered by id; free *ret with free(). */
S0_EXPORT int s0_list_sessions(struct s0_client *c, struct s0_session_info **ret, size_t *ret_count);
/* ProcessIdToSessionId, answered by the daemon from the kernel (the pid's cgroup). */
S0_EXPORT int s0_session_of_pid(struct s0_client *c, pid_t pid, uint32_t *ret_session);

/* Asks the daemon to remove file (one file-name component, as it is on disk, i.e.
 * escaped) from the object namespace of session (0: the global one) if it is an
 * orphan: a regular file nobody holds a flock on. Returns 0 whether or not it was
 * one; -ENOENT if there is no such file, -EINVAL for a name that is not a single
 * component, -EACCES for another user's session. */
S0_EXPORT int s0_obj_reap(struct s0_client *c, uint32_t session, const char *file);

struct s0_spawn_args {
        uint32_t session;   /* target session */
        const char *user;   /* NULL or "": the caller's own user */
        char *const *argv;  /* argv[0] is looked up in the user's PATH */
        char *const *envp;  /* extra environment, filtered by the daemon; may be NULL */
        int fds[3];         /* stdin, stdout, stderr for the child */
        uint32_t flags;     /* enum s0_spawn_flags */
};
/* Starts a process in a session. *ret_pidfd (optional) is a pidfd for it. */
S0_EXPORT int s0_spawn(struct s0_client *c, const struct s0_spawn_args *a, pid_t *ret_pid, int *ret_pidfd);
/* Waits for the exit report of the process started by the last s0_spawn() on c.
 * *ret_code is CLD_EXITED/CLD_KILLED/CLD_DUMPED, *ret_status the status or signal. */
S0_EXPORT int s0_spawn_wait(struct s0_client *c, int *ret_code, int *ret_status);

/* The session of pid, read locally from /proc/PID/cgroup and the daemon's published
 * cgroup root ($S0_RUNTIME_DIR/cgroup). -ESRCH if the pid is in no session. */
S0_EXPORT int s0_pid_session(pid_t pid, uint32_t *ret_session);

/* Parses a cgroup v2 path (as in /proc/PID/cgroup) against the session tree root
 * (both starting with '/'). Returns 0 and the id, or -ESRCH if path is not inside a
 * session, -EINVAL on a malformed path. Pure. */
S0_EXPORT int s0_session_from_cgroup_path(const char *root, const char *path, uint32_t *ret_session);

/* Text for a session state, as qwinsta prints it ("Active", "Disc", "Down"). */
S0_EXPORT const char *s0_session_state_name(uint32_t state);

#ifdef __cplusplus
}
#endif
