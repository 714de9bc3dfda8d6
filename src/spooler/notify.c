/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The spooler's only ways back to users: WTSSendMessage to the job's session (no wait:
 * a printer never blocks on a user), and the audit journal for refusals. Each opens its
 * own connection to session0d, as the Win32 layer does, so any thread may call them.
 */
#include <stdarg.h>
#include <stdio.h>

#include <session0/session0.h>

#include "shared/log.h"
#include "spooler.h"

void notify_user(struct spooler *sp, uint32_t session, const char *fmt, ...) {
        char text[S0_MSG_TEXT_MAX];
        struct s0_client *c = NULL;
        uint32_t resp;
        va_list ap;
        int r;

        if (!sp->notify || session == S0_SESSION_NONE || session == 0)
                return;
        va_start(ap, fmt);
        (void) vsnprintf(text, sizeof text, fmt, ap); /* a long text is cut, not refused */
        va_end(ap);
        r = s0_client_open(sp->runtime_dir, &c);
        if (r >= 0)
                r = s0_send_message(c, session, "Print spooler", text, 0 /* MB_OK */, 60, false, &resp);
        if (r < 0)
                log_debug("cannot tell session %u '%s': %d, ignoring", session, text, r);
        s0_client_close(c);
}

void notify_audit(struct spooler *sp, uint32_t session, int32_t result, const char *fmt, ...) {
        char target[S0_EVENT_TARGET_MAX];
        struct s0_client *c = NULL;
        va_list ap;
        int r;

        va_start(ap, fmt);
        (void) vsnprintf(target, sizeof target, fmt, ap);
        va_end(ap);
        r = s0_client_open(sp->runtime_dir, &c);
        if (r >= 0)
                r = s0_audit_report(c, S0_EVENT_PRINT, session, target, result);
        if (r < 0)
                log_warning_errno(r, "Cannot report '%s' to the audit journal", target);
        s0_client_close(c);
}
