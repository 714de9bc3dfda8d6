/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <string.h>

#include "s0ctl.h"
#include "shared/parse-util.h"

static void help(void) {
        printf("Usage: s0ctl session-of PID [--json]\n"
               "\n"
               "Prints the session of process PID (ProcessIdToSessionId), as the kernel\n"
               "records it: the session is the process's cgroup.\n");
}

int cmd_session_of(const struct s0ctl_args *a, int argc, char **argv) {
        struct s0_client *c;
        const char *arg = NULL;
        int32_t pid;
        uint32_t id;
        int r;

        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
                        help();
                        return 0;
                }
                if (arg) {
                        fprintf(stderr, "s0ctl session-of: unexpected argument '%s'\n", argv[i]);
                        return 2;
                }
                arg = argv[i];
        }
        if (!arg) {
                fprintf(stderr, "s0ctl session-of: missing PID\n");
                return 2;
        }
        if (safe_atoi32(arg, &pid) < 0 || pid <= 0) {
                fprintf(stderr, "s0ctl session-of: invalid pid '%s'\n", arg);
                return 2;
        }
        c = s0ctl_connect(a);
        if (!c)
                return 1;
        r = s0_session_of_pid(c, pid, &id);
        if (r < 0) {
                r = s0ctl_fail(c, r, "session-of %d", pid);
                s0_client_close(c);
                return r;
        }
        if (a->json)
                printf("{\"pid\": %d, \"session\": %u}\n", pid, id);
        else
                printf("%u\n", id);
        s0_client_close(c);
        return 0;
}
