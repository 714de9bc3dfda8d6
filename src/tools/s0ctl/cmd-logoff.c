/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* logoff and disconnect: the two ways a session stops being attached to its user. */
#include <stdio.h>
#include <string.h>

#include "s0ctl.h"

static void help(bool disconnect) {
        if (disconnect)
                printf("Usage: s0ctl disconnect ID\n"
                       "\n"
                       "Disconnects session ID (like tsdiscon): its processes keep running and its\n"
                       "state becomes Disc; the user's next logon through pam_session0 with the\n"
                       "'reconnect' option takes it back. Root may disconnect any session, a user\n"
                       "only their own. Session 0 cannot be disconnected.\n");
        else
                printf("Usage: s0ctl logoff ID\n"
                       "\n"
                       "Logs session ID off: every process in it is killed (cgroup.kill, which no\n"
                       "fork or double fork escapes), and the command returns once the session is\n"
                       "empty and its cgroup, namespaces and mounts are gone. Session 0 cannot be\n"
                       "logged off (in legacy mode, logging off 0 removes only the console user).\n"
                       "Root may log off any session, a user only their own.\n");
}

int cmd_logoff(const struct s0ctl_args *a, int argc, char **argv) {
        bool disconnect = strcmp(argv[0], "disconnect") == 0;
        struct s0_client *c;
        uint32_t id;
        int r;

        r = s0ctl_session_arg(argc, argv, help, disconnect, &id);
        if (r >= 0)
                return r;
        c = s0ctl_connect(a);
        if (!c)
                return 1;
        r = disconnect ? s0_disconnect(c, id) : s0_logoff(c, id);
        if (r < 0)
                r = s0ctl_fail(c, r, "%s %u", argv[0], id);
        else if (a->json)
                printf("{\"session\": %u, \"%s\": true}\n", id, disconnect ? "disconnected" : "logged_off");
        s0_client_close(c);
        return r < 0 ? 1 : r;
}
