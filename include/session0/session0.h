/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libsession0: the native API. Every function returns 0 (or a count) on success and a
 * negative errno on failure; output parameters (ret_*) are written only on success.
 * The library keeps no global state: a connection to session0d is a struct s0_client.
 */
#pragma once

#include <stdbool.h>
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

/* ---- WTSSendMessage ------------------------------------------------------------------- */

/* Shows a message box (title and text UTF-8, at most 255 and 1023 bytes; NULL title:
 * "") in session's message agent. style: MB_* (MB_OK .. MB_CANCELTRYCONTINUE, plus
 * MB_DEFBUTTONn for the Enter key); timeout_s: seconds, 0 = the daemon's maximum (one
 * hour). With wait, returns once answered: *ret_response = IDOK .. IDCONTINUE, or
 * IDTIMEOUT (32000) if nobody answered in time, if the session has no agent, or if its
 * agent went away; without, *ret_response = IDASYNC (32001) at once while the box is
 * shown (IDTIMEOUT if there is no agent to show it). -ENOENT: no such session; -EACCES:
 * another user's session (root may send to any); -EAGAIN: too many messages (per
 * sender, per session); -EINVAL: a string too long or a bad style. */
S0_EXPORT int s0_send_message(struct s0_client *c, uint32_t session, const char *title, const char *text,
                              uint32_t style, uint32_t timeout_s, bool wait, uint32_t *ret_response);
/* "IDOK", "IDYES", ... "IDTIMEOUT", "IDASYNC"; NULL for an unknown value. */
S0_EXPORT const char *s0_message_response_name(uint32_t response);

/* ---- the audit journal (s0ctl events) ------------------------------------------------ */

/* Which events to return: session S0_SESSION_NONE and kind S0_EVENT_NONE match all. */
struct s0_event_filter {
        uint32_t session; /* events whose caller's session or target session is this one */
        uint32_t kind;    /* enum s0_event_kind */
};
/* The events with seq >= from_seq that match f (NULL: all) and that the caller may read
 * (root: all; others: their own, and those aimed at their sessions), oldest first, as
 * far as the daemon's in-memory ring (the last 4096) reaches. Free *ret with free().
 * *ret_next_seq (optional): where a later call continues. */
S0_EXPORT int s0_events(struct s0_client *c, const struct s0_event_filter *f, uint64_t from_seq,
                        struct s0_event **ret, size_t *ret_count, uint64_t *ret_next_seq);
/* Turns c into a subscription: the events from from_seq (0: only new ones; may be
 * older, as for s0_events()) matching f are pushed as they happen; read them with
 * s0_events_next(). Use a connection of its own: other requests on c are no longer
 * possible. */
S0_EXPORT int s0_events_follow(struct s0_client *c, const struct s0_event_filter *f, uint64_t from_seq);
/* Waits for the next page of a subscription (poll s0_client_fd() first not to block).
 * *ret_flags (optional) gets enum s0_event_list_flags: S0_EVENTS_GAP if events were
 * dropped because this follower was too slow. Free *ret with free(). */
S0_EXPORT int s0_events_next(struct s0_client *c, struct s0_event **ret, size_t *ret_count, uint32_t *ret_flags);
/* Reports a crossing the library decided (kind >= S0_EVENT_FIRST_REPORTABLE). The
 * daemon records it under the caller's identity as the kernel knows it. */
S0_EXPORT int s0_audit_report(struct s0_client *c, uint32_t kind, uint32_t target_session, const char *target,
                              int32_t result);
/* "spawn", "pipe"...; "unknown" for a kind this library does not know. */
S0_EXPORT const char *s0_event_kind_name(uint32_t kind);
/* The kind of a name as s0_event_kind_name() gives it; -ENOENT if none. */
S0_EXPORT int s0_event_kind_from_name(const char *name, uint32_t *ret_kind);

/* ---- session changes (SERVICE_CONTROL_SESSIONCHANGE, WM_WTSSESSION_CHANGE) ------------ */

/* "WTS_SESSION_LOGON"... for an enum s0_wts_event code; NULL for another value. */
S0_EXPORT const char *s0_session_change_name(uint32_t code);
/* If e is a session change session0d decided (kind S0_EVENT_SESSION_CHANGE, not a
 * client's report), its WTS code (enum s0_wts_event) in *ret_code and 0; else -EINVAL.
 * The session that changed is e->target_session, its user e->target_uid. */
S0_EXPORT int s0_event_session_change(const struct s0_event *e, uint32_t *ret_code);
/* Locks (or, with unlock, unlocks) a session: root, or the session's own user. Locking a
 * locked session (or unlocking an unlocked one) succeeds and changes nothing. -ENOENT: no
 * such session; -EPERM: session 0, or another user's session; -EBUSY: more than 10
 * changes a second. */
S0_EXPORT int s0_lock_session(struct s0_client *c, uint32_t session, bool unlock);

#ifdef __cplusplus
}
#endif
