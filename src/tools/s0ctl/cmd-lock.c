/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lock and unlock: a session's lock state, which services hear of as WTS_SESSION_LOCK
 * and WTS_SESSION_UNLOCK (SERVICE_CONTROL_SESSIONCHANGE). */
#include <stdio.h>
#include <string.h>

#include "s0ctl.h"

static void help(bool unlock) {
        printf("Usage: s0ctl %s ID\n"
               "\n"
               "%s session ID (like LockWorkStation, or loginctl %s-session). session0 draws\n"
               "no lock screen: this records the state, shows it in 's0ctl sessions' and WTS\n"
               "queries, and tells the services that accept SERVICE_ACCEPT_SESSIONCHANGE\n"
               "(%s). Root may %s any session, a user only their own;\n"
               "session 0 has no lock. Doing it twice changes nothing the second time.\n",
               unlock ? "unlock" : "lock", unlock ? "Unlocks" : "Locks", unlock ? "unlock" : "lock",
               unlock ? "WTS_SESSION_UNLOCK" : "WTS_SESSION_LOCK", unlock ? "unlock" : "lock");
}

int cmd_lock(const struct s0ctl_args *a, int argc, char **argv) {
        bool unlock = strcmp(argv[0], "unlock") == 0;
        struct s0_client *c;
        const char *arg = NULL;
        uint32_t id;
        int r;

        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
                        help(unlock);
                        return 0;
                }
                if (arg) {
                        fprintf(stderr, "s0ctl %s: unexpected argument '%s'\n", argv[0], argv[i]);
                        return 2;
                }
                arg = argv[i];
        }
        if (!arg) {
                fprintf(stderr, "s0ctl %s: missing session ID\n", argv[0]);
                return 2;
        }
        if (s0ctl_parse_session(arg, &id) < 0)
                return 2;
        c = s0ctl_connect(a);
        if (!c)
                return 1;
        r = s0_lock_session(c, id, unlock);
        if (r < 0)
                r = s0ctl_fail(c, r, "%s %u", argv[0], id);
        else if (a->json)
                printf("{\"session\": %u, \"locked\": %s}\n", id, unlock ? "false" : "true");
        s0_client_close(c);
        return r < 0 ? 1 : r;
}
