/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libsession0: what the WTS API needs on top of session0.h -- one session's entry, the
 * console session, session names, a logoff that does not wait, and starting a process
 * in a session as its user. Same conventions as session0.h: 0 or -errno, ret_* written
 * only on success. docs/WIN32.md ("Sessions") says how names and the console are chosen.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <session0/session0.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Room for any session name, NUL included (Windows' WINSTATIONNAME_LENGTH is 32). */
#define S0_SESSION_NAME_MAX 32u

/* The entry of session id, as s0_list_sessions() reports it; -ENOENT if there is none. */
S0_EXPORT int s0_session_get(struct s0_client *c, uint32_t id, struct s0_session_info *ret);

/* The console session (flag S0_SESSION_CONSOLE): its id, or S0_SESSION_NONE when nobody
 * is on the console. */
S0_EXPORT int s0_console_session(struct s0_client *c, uint32_t *ret_session);

/* The session's name as WTS reports it (pWinStationName): "Services" for session 0
 * without a console user, "Console" for the console session, "SSH#N" for a logon
 * from a remote host, "Session#N" otherwise. -ENOBUFS if size is too small. */
S0_EXPORT int s0_session_name(const struct s0_session_info *s, char *buf, size_t size);

/* Starts the logoff of session and returns as soon as session0d has accepted it
 * (WTSLogoffSession with bWait = FALSE); the errors are s0_logoff()'s. */
S0_EXPORT int s0_logoff_start(struct s0_client *c, uint32_t session);

/* Starts argv in session as user (root: any user, any session; others: themselves in
 * their own sessions), with the caller's stdin, stdout and stderr. The same as
 * s0_spawn(); s0_spawn_wait() on c gets its exit. */
S0_EXPORT int s0_spawn_in_session(struct s0_client *c, uint32_t session, const char *user, char *const *argv,
                                  pid_t *ret_pid, int *ret_pidfd);

#ifdef __cplusplus
}
#endif
