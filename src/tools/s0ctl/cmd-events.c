/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0ctl events: the audit journal, as the daemon lets the caller see it. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "s0ctl.h"
#include "shared/audit-json.h"
#include "shared/parse-util.h"

static void help(void) {
        printf("Usage: s0ctl events [--follow] [--session N] [--kind KIND] [--from SEQ] [--json]\n"
               "\n"
               "Shows the audit journal: every crossing session0d decided (logon, logoff,\n"
               "disconnect, join, spawn, obj_reap), every refused or malformed request, and\n"
               "what clients reported (pipe, wts_*). Root sees every event; a user sees the\n"
               "events they caused and those aimed at their sessions. The daemon keeps the\n"
               "last 4096 in memory; older ones are in its journal files (session0d(8)).\n"
               "\n"
               "  --follow        keep running and print events as they happen\n"
               "  --session N     only events from or aimed at session N\n"
               "  --kind KIND     only events of this kind (spawn, logon, pipe...)\n"
               "  --from SEQ      only events with sequence number SEQ or later\n"
               "  --json          one JSON object per line, as in the journal files\n");
}

/* "EPERM" for -1, "ok" for 0, "win32:5" for a Win32 code a client reported. */
static const char *result_name(int32_t r, char *buf, size_t size) {
        const char *n;
        if (r == 0)
                return "ok";
        if (r > 0) {
                snprintf(buf, size, "win32:%" PRId32, r);
                return buf;
        }
        n = strerrorname_np((int) -r);
        if (n)
                return n;
        snprintf(buf, size, "%" PRId32, r);
        return buf;
}

static void session_text(uint32_t id, char *buf, size_t size) {
        if (id == S0_SESSION_NONE)
                snprintf(buf, size, "-");
        else
                snprintf(buf, size, "%" PRIu32, id);
}

static void print_event(const struct s0_event *e, bool json) {
        char line[AUDIT_JSON_LINE_MAX], when[32], res[32], from[16], to[16];
        time_t secs = (time_t) (e->time_ns / 1000000000);
        struct tm tm;

        if (json) {
                if (audit_event_format_json(e, line, sizeof line) >= 0)
                        printf("%s\n", line);
                return;
        }
        if (!localtime_r(&secs, &tm) || !strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm))
                snprintf(when, sizeof when, "%lld", (long long) secs);
        session_text(e->session, from, sizeof from);
        session_text(e->target_session, to, sizeof to);
        printf("%6" PRIu64 "  %s.%03d  %-11s  %-8s  %7" PRId32 "  %6" PRIu32 "  %3s -> %-3s  ", e->seq, when,
               (int) (e->time_ns % 1000000000 / 1000000), s0_event_kind_name(e->kind),
               result_name(e->result, res, sizeof res), e->pid, e->uid, from, to);
        json_escape(line, sizeof line, e->target); /* the target is the caller's text: no raw control chars */
        printf("%s%s\n", line, (e->flags & S0_EVENT_REPORTED) ? " (reported)" : "");
}

static void print_header(bool json) {
        if (!json)
                printf("   SEQ  TIME                     KIND         RESULT        PID     UID  SESSION     TARGET\n");
}

static int follow(struct s0_client *c, const struct s0_event_filter *f, uint64_t from, bool json) {
        int r = s0_events_follow(c, f, from);

        if (r < 0)
                return s0ctl_fail(c, r, "cannot follow events");
        /* on stderr, so that --json output stays pure; tells a script we are subscribed */
        fprintf(stderr, "Following events%s...\n", json ? "" : " (Ctrl-C to stop)");
        print_header(json);
        fflush(stdout);
        for (;;) {
                struct s0_event *list = NULL;
                uint32_t flags = 0;
                size_t n = 0;

                r = s0_events_next(c, &list, &n, &flags);
                if (r < 0)
                        return s0ctl_fail(NULL, r, "lost the event stream");
                if (flags & S0_EVENTS_GAP)
                        fprintf(stderr, "s0ctl: some events were dropped: this follower was too slow\n");
                for (size_t i = 0; i < n; i++)
                        print_event(&list[i], json);
                free(list);
                fflush(stdout);
        }
}

int cmd_events(const struct s0ctl_args *a, int argc, char **argv) {
        struct s0_event_filter f = { .session = S0_SESSION_NONE, .kind = S0_EVENT_NONE };
        struct s0_event *list = NULL;
        struct s0_client *c;
        bool do_follow = false;
        uint64_t from = 0;
        size_t n = 0;
        int r;

        for (int i = 1; i < argc; i++) {
                const char *opt = argv[i];
                if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0) {
                        help();
                        return 0;
                } else if (strcmp(opt, "--follow") == 0 || strcmp(opt, "-f") == 0)
                        do_follow = true;
                else if (strcmp(opt, "--session") == 0 && i + 1 < argc) {
                        if (s0ctl_parse_session(argv[++i], &f.session) < 0)
                                return 2;
                } else if (strcmp(opt, "--kind") == 0 && i + 1 < argc) {
                        if (s0_event_kind_from_name(argv[++i], &f.kind) < 0) {
                                fprintf(stderr, "s0ctl events: unknown event kind '%s' (see s0ctl(1))\n", argv[i]);
                                return 2;
                        }
                } else if (strcmp(opt, "--from") == 0 && i + 1 < argc) {
                        if (safe_atou64(argv[++i], &from) < 0) {
                                fprintf(stderr, "s0ctl events: invalid sequence number '%s'\n", argv[i]);
                                return 2;
                        }
                } else {
                        fprintf(stderr, "s0ctl events: unexpected argument '%s'\n", opt);
                        return 2;
                }
        }
        c = s0ctl_connect(a);
        if (!c)
                return 1;
        if (do_follow) {
                r = follow(c, &f, from, a->json);
                s0_client_close(c);
                return r;
        }
        r = s0_events(c, &f, from, &list, &n, NULL);
        if (r < 0) {
                r = s0ctl_fail(c, r, "cannot read events");
                s0_client_close(c);
                return r;
        }
        print_header(a->json);
        for (size_t i = 0; i < n; i++)
                print_event(&list[i], a->json);
        free(list);
        s0_client_close(c);
        return 0;
}
