/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Which session is the console session (WTSGetActiveConsoleSessionId), and which
 * sessions were logged on from a remote host: decided from the kernel at LOGON/JOIN,
 * kept in the session cgroup's xattrs so that a restarted daemon knows them again. */
#pragma once

#include <stdbool.h>

#include "daemon.h"

/* Checks a --console-tty value: "none", "ttyN", "ttySN", "pts/N" or a name with a
 * character device under /dev. 0 or -EINVAL. */
int console_tty_check(const char *name);

/* After a LOGON or JOIN of session s by connection c: the session becomes the console
 * session when c's process has the console tty as its controlling terminal (read from
 * /proc/PID/stat, never from the message); any other console session then stops being
 * one. remote: the JOIN carried S0_JOIN_REMOTE. */
void console_note_logon(struct s0_daemon *d, struct s0_session *s, const struct s0_conn *c, bool remote);
/* A disconnected session is attached to no terminal: no longer the console session. */
void console_note_disconnect(struct s0_daemon *d, struct s0_session *s);
/* At adoption: reads the flags back from the xattrs. */
void console_adopt(struct s0_session *s);
/* S0_SESSION_CONSOLE | S0_SESSION_REMOTE as they apply to s. */
uint32_t console_session_flags(const struct s0_daemon *d, const struct s0_session *s);
