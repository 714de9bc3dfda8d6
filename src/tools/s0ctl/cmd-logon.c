/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "s0ctl.h"

static void help(void) {
        printf("Usage: s0ctl logon USER [--keep] [-- CMD [ARG...]]\n"
               "\n"
               "Logs USER on to a new session (root only) and prints its id.\n"
               "Without CMD the session stays until 's0ctl logoff ID'.\n"
               "With CMD, runs it as USER in the session (its shell), exits with its status,\n"
               "and logs the session off when it ends, unless --keep is given.\n"
               "\n"
               "  --keep    leave the session logged on after CMD exits\n"
               "  --json    print {\"session\": ID}\n");
}

int cmd_logon(const struct s0ctl_args *a, int argc, char **argv) {
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' }, { "keep", no_argument, NULL, 'k' }, {} };
        struct s0_client *c;
        int keep = 0, opt, r;
        uint32_t id;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "h", options, NULL)) >= 0) {
                if (opt == 'h') {
                        help();
                        return 0;
                }
                if (opt == 'k')
                        keep = 1;
                else
                        return 2;
        }
        if (optind >= argc) {
                fprintf(stderr, "s0ctl logon: missing USER\n");
                return 2;
        }
        const char *user = argv[optind++];
        if (optind < argc && strcmp(argv[optind], "--") == 0)
                optind++;
        c = s0ctl_connect(a);
        if (!c)
                return 1;
        r = s0_logon(c, user, &id);
        if (r < 0) {
                r = s0ctl_fail(c, r, "logon '%s'", user);
                s0_client_close(c);
                return r;
        }
        if (optind >= argc) {
                if (a->json)
                        printf("{\"session\": %u}\n", id);
                else
                        printf("%u\n", id);
                s0_client_close(c);
                return 0;
        }
        fflush(stdout);
        bool started;
        r = s0ctl_spawn_and_wait(c, id, user, argv + optind, keep ? 0 : S0_SPAWN_LOGOFF_ON_EXIT, &started);
        /* CMD never ran: the session was made for it alone, so it goes too (the daemon
         * has begun that; waiting here means the caller sees it gone). */
        if (!started && !keep) {
                int k = s0_logoff(c, id);
                if (k < 0 && k != -ENOENT)
                        (void) s0ctl_fail(c, k, "logoff %u", id);
        }
        s0_client_close(c);
        return r;
}
