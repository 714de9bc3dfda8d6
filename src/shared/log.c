/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

/* Process-wide logging configuration: set once at start-up by main(), read after. */
static struct {
        const char *ident;
        int max_level;
        int journal; /* -1 unknown */
} log_ctx = { "session0", LOG_INFO, -1 };

void log_set_ident(const char *ident) { log_ctx.ident = ident; }
void log_set_max_level(int level) { log_ctx.max_level = level; }

_printf_(3, 0) static void log_vmsg(int level, int error, const char *fmt, va_list ap) {
        char buf[1024];
        int n;

        if (level > log_ctx.max_level)
                return;
        if (log_ctx.journal < 0)
                log_ctx.journal = getenv("JOURNAL_STREAM") != NULL;
        n = vsnprintf(buf, sizeof buf, fmt, ap);
        if (n < 0)
                return;
        if (log_ctx.journal)
                fprintf(stderr, "<%d>", level);
        else
                fprintf(stderr, "%s: ", log_ctx.ident);
        if (error != 0)
                fprintf(stderr, "%s: %s\n", buf, strerror(error < 0 ? -error : error));
        else
                fprintf(stderr, "%s\n", buf);
}

void log_msg(int level, const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        log_vmsg(level, 0, fmt, ap);
        va_end(ap);
}

int log_msg_errno(int level, int error, const char *fmt, ...) {
        va_list ap;
        int saved = errno;
        va_start(ap, fmt);
        log_vmsg(level, error == 0 ? -EIO : error, fmt, ap);
        va_end(ap);
        errno = saved;
        return error < 0 ? error : -error;
}
