/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Session-change events: see sessionchange.h. */
#include <session0/session0.h>

#include "audit.h"
#include "console.h"
#include "sessionchange.h"

void session_change(struct s0_daemon *d, struct s0_session *s, uint32_t code) {
        const char *name = s0_session_change_name(code);

        if (!name || s->uid == (uid_t) -1)
                return;
        /* A logon that failed half-way (a JOIN whose caller could not be moved in) was
         * never announced: its logoff is not news either. */
        if (code == S0_WTS_SESSION_LOGOFF && !s->announced)
                return;
        if (code == S0_WTS_SESSION_LOGON)
                s->announced = true;
        else if (code == S0_WTS_SESSION_LOGOFF)
                s->announced = false;
        /* Caused by whoever asked, but decided and recorded by the daemon: no client
         * connection, so no per-uid rate limit drops it (lock.c bounds what a user can
         * cause), and the reader can tell it from any report. */
        audit_record(d, NULL, S0_EVENT_SESSION_CHANGE, s->id, name, 0);
}

void session_change_logon(struct s0_daemon *d, struct s0_session *s, bool reconnected) {
        bool console = console_session_flags(d, s) & S0_SESSION_CONSOLE;

        session_change(d, s, console ? S0_WTS_CONSOLE_CONNECT : S0_WTS_REMOTE_CONNECT);
        if (!reconnected)
                session_change(d, s, S0_WTS_SESSION_LOGON);
}

void session_change_disconnect(struct s0_daemon *d, struct s0_session *s) {
        bool console = console_session_flags(d, s) & S0_SESSION_CONSOLE;

        session_change(d, s, console ? S0_WTS_CONSOLE_DISCONNECT : S0_WTS_REMOTE_DISCONNECT);
}
