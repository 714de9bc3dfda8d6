/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Session changes (logon, logoff, connect, disconnect, lock, unlock) as services and
 * windows hear of them: SERVICE_CONTROL_SESSIONCHANGE and WM_WTSSESSION_CHANGE. Each is
 * one S0_EVENT_SESSION_CHANGE event in the audit journal, recorded when the change has
 * happened, in the order the changes happen; s0-scm and the session hosts follow the
 * journal (docs/ARCHITECTURE.md, "Session changes"). */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "daemon.h"

/* One change of s (code: enum s0_wts_event). Only sessions with a user change. */
void session_change(struct s0_daemon *d, struct s0_session *s, uint32_t code);
/* s was attached to a terminal or connection: WTS_CONSOLE_CONNECT for the console
 * session, WTS_REMOTE_CONNECT for any other (every session but the console is "remote"
 * in Windows' terms); then, unless it was a reconnect, WTS_SESSION_LOGON. Call after
 * console_note_logon(), which decides which it is. */
void session_change_logon(struct s0_daemon *d, struct s0_session *s, bool reconnected);
/* s is no longer attached: WTS_CONSOLE_DISCONNECT or WTS_REMOTE_DISCONNECT. Call before
 * console_note_disconnect(), which forgets that it was the console. */
void session_change_disconnect(struct s0_daemon *d, struct s0_session *s);

/* S0_MSG_LOCK (lock.c): lock or unlock a session, kept in an xattr across restarts. */
void handle_lock(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_session *req);
/* At adoption: was the session locked? */
void lock_adopt(struct s0_session *s);
