/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "s0ctl.h"

static void help(void) {
        printf("Usage: s0ctl sessions [--json]\n"
               "\n"
               "Lists sessions like qwinsta: id, user, state, processes (the anchor not\n"
               "counted), logon time, and what the session is.\n");
}

static const char *kind(const struct s0_session_info *e) {
        if (e->id == 0)
                return (e->flags & S0_SESSION_INTERACTIVE) ? "services+console (legacy)" : "services";
        return "interactive";
}

static void print_time(FILE *f, int64_t t, bool iso) {
        time_t tt = (time_t) t;
        struct tm tm;
        char buf[64];
        if (!localtime_r(&tt, &tm) || !strftime(buf, sizeof buf, iso ? "%Y-%m-%dT%H:%M:%S%z" : "%Y-%m-%d %H:%M:%S", &tm))
                snprintf(buf, sizeof buf, "%lld", (long long) t);
        fputs(buf, f);
}

int cmd_sessions(const struct s0ctl_args *a, int argc, char **argv) {
        struct s0_session_info *list = NULL;
        struct s0_client *c;
        size_t n = 0;
        int r;

        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
                        help();
                        return 0;
                }
                fprintf(stderr, "s0ctl sessions: unexpected argument '%s'\n", argv[i]);
                return 2;
        }
        c = s0ctl_connect(a);
        if (!c)
                return 1;
        r = s0_list_sessions(c, &list, &n);
        if (r < 0) {
                r = s0ctl_fail(c, r, "cannot list sessions");
                s0_client_close(c);
                return r;
        }
        if (a->json) {
                printf("[");
                for (size_t i = 0; i < n; i++) {
                        const struct s0_session_info *e = &list[i];
                        printf("%s\n  {\"id\": %u, \"user\": ", i ? "," : "", e->id);
                        json_string(stdout, e->user);
                        if (e->flags & S0_SESSION_INTERACTIVE)
                                printf(", \"uid\": %u", e->uid);
                        else
                                printf(", \"uid\": null");
                        printf(", \"state\": \"%s\", \"connect_state\": %u, \"processes\": %u, \"anchor_pid\": %d, "
                               "\"logon_time\": \"",
                               s0_session_state_name(e->state), e->state, e->nprocs, e->anchor_pid);
                        print_time(stdout, e->logon_time, true);
                        printf("\", \"kind\": \"%s\", \"legacy\": %s, \"console\": %s, \"remote\": %s, "
                               "\"locked\": %s}",
                               kind(e), (e->flags & S0_SESSION_LEGACY) ? "true" : "false",
                               (e->flags & S0_SESSION_CONSOLE) ? "true" : "false",
                               (e->flags & S0_SESSION_REMOTE) ? "true" : "false",
                               (e->flags & S0_SESSION_LOCKED) ? "true" : "false");
                }
                printf("%s]\n", n ? "\n" : "");
        } else {
                printf(" SESSION  USER              STATE   PROCS  LOGON TIME           KIND\n");
                for (size_t i = 0; i < n; i++) {
                        const struct s0_session_info *e = &list[i];
                        printf(" %7u  %-16s  %-6s  %5u  ", e->id, e->user[0] ? e->user : "-",
                               s0_session_state_name(e->state), e->nprocs);
                        print_time(stdout, e->logon_time, false);
                        printf("  %s%s\n", kind(e), (e->flags & S0_SESSION_LOCKED) ? " (locked)" : "");
                }
        }
        free(list);
        s0_client_close(c);
        return 0;
}
