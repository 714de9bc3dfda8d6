/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "s0ctl.h"

static void help(void) {
        printf("Usage: s0ctl run --session N [--user USER] [--integrity low|medium|high] -- CMD [ARG...]\n"
               "\n"
               "Starts CMD in session N (its cgroup, its private /tmp, /dev/shm and IPC)\n"
               "and exits with its status. Root may start any user's process in any\n"
               "session; other users only their own processes in their own sessions.\n"
               "\n"
               "  -s --session N   the target session\n"
               "  -u --user USER   run as USER (default: yourself)\n"
               "  -i --integrity L low, medium (default) or high (root only): the process's\n"
               "                   integrity level for window messages (UIPI), inherited\n");
}

int cmd_run(const struct s0ctl_args *a, int argc, char **argv) {
        static const struct option options[] = { { "help", no_argument, NULL, 'h' },
                                                 { "session", required_argument, NULL, 's' },
                                                 { "user", required_argument, NULL, 'u' },
                                                 { "integrity", required_argument, NULL, 'i' },
                                                 {} };
        const char *user = NULL;
        uint32_t session = S0_SESSION_NONE, flags = 0;
        struct s0_client *c;
        int opt, r;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "+hs:u:i:", options, NULL)) >= 0) {
                switch (opt) {
                case 'h':
                        help();
                        return 0;
                case 's':
                        if (s0ctl_parse_session(optarg, &session) < 0)
                                return 2;
                        break;
                case 'u':
                        user = optarg;
                        break;
                case 'i':
                        if (strcmp(optarg, "low") == 0)
                                flags = S0_SPAWN_INTEGRITY_LOW;
                        else if (strcmp(optarg, "high") == 0)
                                flags = S0_SPAWN_INTEGRITY_HIGH;
                        else if (strcmp(optarg, "medium") == 0)
                                flags = 0;
                        else {
                                fprintf(stderr, "s0ctl run: invalid --integrity '%s': expected low, medium or high\n", optarg);
                                return 2;
                        }
                        break;
                default:
                        return 2;
                }
        }
        if (session == S0_SESSION_NONE) {
                fprintf(stderr, "s0ctl run: missing --session N\n");
                return 2;
        }
        if (optind < argc && strcmp(argv[optind], "--") == 0)
                optind++;
        if (optind >= argc) {
                fprintf(stderr, "s0ctl run: missing CMD\n");
                return 2;
        }
        c = s0ctl_connect(a);
        if (!c)
                return 1;
        bool started;
        r = s0ctl_spawn_and_wait(c, session, user, argv + optind, flags, &started);
        s0_client_close(c);
        return r;
}
