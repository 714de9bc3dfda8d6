/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * s0-ui0detect: Interactive Services Detection (UI0Detect.exe's part in session0).
 *
 * A service in session 0 that shows a window or a message box shows it where nobody
 * can see it: session 0 has no display, and its window stations are non-interactive.
 * The session host of session 0 (or the Win32 layer of the process itself, for a
 * message box) reports such an attempt to session0d's journal as an S0_EVENT_UI0 event,
 * under the kernel's word for who made it. This service follows the journal for those
 * events and tells the interactive user through the one sanctioned channel for a
 * notice, WTSSendMessage: the console session's user, or -- when no session is on the
 * console -- every active user session. The notice says which program tried, what it
 * tried to show, and what the program should do instead. It never shows the service's
 * UI itself (Windows' offer to switch to session 0's desktop has no analog here, and
 * Windows 10 1803 removed it too).
 *
 * Only events reported from session 0 count: a user session's own windows are not
 * news. A program is announced at most once a minute per session, so a service that
 * opens windows in a loop cannot flood the users.
 *
 * It is a Windows service (src/svcmain; stops on SERVICE_CONTROL_STOP or SHUTDOWN)
 * for s0-scm; with --foreground it runs without one (tests, debugging).
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <session0/session0.h>
#include <windows.h>
#include <wtsapi32.h>

#include "config.h"
#include "s0-svcmain.h"

#define NOTICE_INTERVAL_S 60   /* one notice per program and session per minute */
#define RECENT_MAX 64u         /* programs remembered for that */
#define NOTICE_TIMEOUT_S 0u    /* the box stays until the user answers it (no-wait send) */

struct recent {
        char what[S0_EVENT_TARGET_MAX];
        uint32_t session;
        time_t when;
};

/* Everything the service keeps: no other mutable state. */
struct ui0 {
        const char *runtime_dir;
        struct s0_client *events;   /* the journal subscription */
        struct s0_client *ctl;      /* for sessions and messages */
        int stop_fd;                /* eventfd: SERVICE_CONTROL_STOP or SHUTDOWN */
        struct recent recent[RECENT_MAX];
        unsigned n_recent;
        unsigned long noticed, told;
};

static struct ui0 ctx = { .stop_fd = -1 };

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...) {
        va_list ap;
        fputs("s0-ui0detect: ", stderr);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
}

/* Was (what, session) told less than a minute ago? Remembers it if not. */
static bool recently_told(struct ui0 *u, const char *what, uint32_t session) {
        time_t now = time(NULL);
        unsigned oldest = 0;

        for (unsigned i = 0; i < u->n_recent; i++) {
                struct recent *r = &u->recent[i];
                if (r->session == session && strcmp(r->what, what) == 0) {
                        if (now - r->when < NOTICE_INTERVAL_S)
                                return true;
                        r->when = now;
                        return false;
                }
                if (r->when < u->recent[oldest].when)
                        oldest = i;
        }
        struct recent *r = u->n_recent < RECENT_MAX ? &u->recent[u->n_recent++] : &u->recent[oldest];
        snprintf(r->what, sizeof r->what, "%s", what);
        r->session = session;
        r->when = now;
        return false;
}

static void tell(struct ui0 *u, uint32_t session, const struct s0_event *e) {
        char text[S0_MSG_TEXT_MAX];
        uint32_t answer = 0;
        int r;

        if (recently_told(u, e->target, session))
                return;
        snprintf(text, sizeof text,
                 "A program running in session 0 (the services' session) tried to show a message or window:\n"
                 "  %s\n"
                 "Session 0 is isolated: nobody can see or answer it there, and the "
                 "program may be waiting for an answer. Its vendor should use WTSSendMessage for a "
                 "notice, or start a helper in your session (WTSQueryUserToken + CreateProcessAsUser) "
                 "for real UI. 's0ctl events --kind ui0' lists these attempts.",
                 e->target);
        r = s0_send_message(u->ctl, session, "Interactive services detection", text, MB_OK | MB_ICONWARNING,
                            NOTICE_TIMEOUT_S, false, &answer);
        if (r < 0) {
                say("cannot tell session %u about '%s': %s", session, e->target, strerror(-r));
                return;
        }
        u->told++;
        say("told session %u: %s", session, e->target);
}

/* The console session, else every active user session. */
static void notice(struct ui0 *u, const struct s0_event *e) {
        struct s0_session_info *list = NULL;
        size_t n = 0;
        bool console = false;
        int r = s0_list_sessions(u->ctl, &list, &n);

        if (r < 0) {
                say("cannot list sessions: %s", strerror(-r));
                return;
        }
        u->noticed++;
        for (size_t i = 0; i < n; i++)
                if ((list[i].flags & S0_SESSION_CONSOLE) && list[i].id != 0 && list[i].state == S0_STATE_ACTIVE) {
                        tell(u, list[i].id, e);
                        console = true;
                }
        if (!console)
                for (size_t i = 0; i < n; i++)
                        if (list[i].id != 0 && (list[i].flags & S0_SESSION_INTERACTIVE) &&
                            list[i].state == S0_STATE_ACTIVE)
                                tell(u, list[i].id, e);
        free(list);
}

static int subscribe(struct ui0 *u) {
        struct s0_event_filter f = { .session = S0_SESSION_NONE, .kind = S0_EVENT_UI0 };
        int r = s0_client_open(u->runtime_dir, &u->events);

        if (r == 0)
                r = s0_events_follow(u->events, &f, 0);
        if (r == 0)
                r = s0_client_open(u->runtime_dir, &u->ctl);
        return r;
}

/* Until stop_fd is written, or the daemon goes away (-ECONNRESET...). */
static int run_loop(struct ui0 *u) {
        for (;;) {
                struct pollfd p[2] = { { .fd = s0_client_fd(u->events), .events = POLLIN },
                                       { .fd = u->stop_fd, .events = POLLIN } };
                struct s0_event *list = NULL;
                size_t n = 0;
                int r;

                if (poll(p, 2, -1) < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                if (p[1].revents)
                        return 0;
                r = s0_events_next(u->events, &list, &n, NULL);
                if (r < 0)
                        return r;
                for (size_t i = 0; i < n; i++)
                        /* reported from session 0, by whoever the kernel says it was */
                        if (list[i].kind == S0_EVENT_UI0 && (list[i].flags & S0_EVENT_REPORTED) &&
                            list[i].session == 0)
                                notice(u, &list[i]);
                free(list);
        }
}

static int serve(struct ui0 *u) {
        int r = subscribe(u);

        if (r < 0) {
                say("cannot follow session0d's journal in %s: %s", u->runtime_dir, strerror(-r));
                return r;
        }
        say("watching session 0 for UI (journal of %s)", u->runtime_dir);
        r = run_loop(u);
        if (r < 0)
                say("journal subscription ended: %s", strerror(-r));
        return r;
}

/* ---- as a Windows service (src/svcmain: the scaffolding) ----------------------------- */

static DWORD run_service(void *userdata) {
        return serve(userdata) < 0 ? ERROR_SERVICE_SPECIFIC_ERROR : NO_ERROR;
}

/* SERVICE_CONTROL_STOP or SHUTDOWN: wake run_loop() */
static DWORD stop_service(void *userdata) {
        struct ui0 *u = userdata;
        uint64_t one = 1;

        return write(u->stop_fd, &one, sizeof one) < 0 ? ERROR_GEN_FAILURE : NO_ERROR;
}

static void help(void) {
        printf("Usage: s0-ui0detect [--runtime-dir DIR] [--foreground]\n"
               "\n"
               "Interactive Services Detection: tells the console user (or, with nobody on the\n"
               "console, every active user session) through WTSSendMessage when a program in\n"
               "session 0 tries to show a window or a message box. Runs as a service under\n"
               "s0-scm (data/services/ui0detect.conf); --foreground runs it without one.\n"
               "\n"
               "  --runtime-dir DIR  the session0d of DIR (default $S0_RUNTIME_DIR or /run/session0)\n"
               "  --foreground       not a service: run until SIGTERM\n"
               "  --version\n");
}

int main(int argc, char **argv) {
        static const struct option opts[] = {
                { "runtime-dir", required_argument, NULL, 'r' }, { "foreground", no_argument, NULL, 'f' },
                { "help", no_argument, NULL, 'h' },              { "version", no_argument, NULL, 'V' },
                {},
        };
        const struct s0_service_def def = { .name = "ui0detect", .run = run_service, .stop = stop_service,
                                            .userdata = &ctx };
        bool foreground = false;
        int c;

        ctx.runtime_dir = s0_runtime_dir();
        while ((c = getopt_long(argc, argv, "h", opts, NULL)) >= 0)
                switch (c) {
                case 'r':
                        ctx.runtime_dir = optarg;
                        break;
                case 'f':
                        foreground = true;
                        break;
                case 'h':
                        help();
                        return 0;
                case 'V':
                        printf("s0-ui0detect %s\n", S0_VERSION);
                        return 0;
                default:
                        return 2;
                }
        if (optind < argc) {
                say("unexpected argument '%s'", argv[optind]);
                return 2;
        }
        ctx.stop_fd = eventfd(0, EFD_CLOEXEC);
        if (ctx.stop_fd < 0) {
                say("eventfd: %s", strerror(errno));
                return 1;
        }
        if (foreground)
                return serve(&ctx) < 0 ? 1 : 0;
        if (!s0_service_dispatch(&def)) {
                say("not started by s0-scm (StartServiceCtrlDispatcher: error %u); use --foreground",
                    (unsigned) GetLastError());
                return 1;
        }
        return 0;
}
