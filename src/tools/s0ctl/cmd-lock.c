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
        uint32_t id;
        int r;

        r = s0ctl_session_arg(argc, argv, help, unlock, &id);
        if (r >= 0)
                return r;
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
