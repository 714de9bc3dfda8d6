/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pipe call NAME MESSAGE: one CallNamedPipe round trip, for scripts and for checking what
 * a service answers (the examples' \\.\pipe\s0-example, a spooler...). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "object.h"
#include "s0ctl.h"

static void help(void) {
        printf("Usage: s0ctl pipe call NAME MESSAGE [--timeout MS]\n"
               "\n"
               "Connects to the named pipe NAME (\\\\.\\pipe\\X, or just X), writes MESSAGE as one\n"
               "message, prints the one message the server answers, and disconnects\n"
               "(CallNamedPipe). The server learns who you are from the kernel\n"
               "(GetNamedPipeClientSessionId...), not from the message. Waits up to\n"
               "--timeout MS (default 5000) for a free instance. Errors: the Win32 error, e.g.\n"
               "ERROR_FILE_NOT_FOUND (2) for no such pipe.\n");
}

int cmd_pipe(const struct s0ctl_args *a, int argc, char **argv) {
        char name[300], reply[4096];
        const char *pname = NULL, *msg = NULL;
        DWORD timeout = 5000, n = 0;

        if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
                help();
                return 0;
        }
        if (argc < 2 || strcmp(argv[1], "call") != 0) {
                fprintf(stderr, "s0ctl pipe: expected 'call' (see s0ctl pipe --help)\n");
                return 2;
        }
        for (int i = 2; i < argc; i++) {
                if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc) {
                        char *end;
                        unsigned long v = strtoul(argv[++i], &end, 10);
                        if (*end || v > 600000) {
                                fprintf(stderr, "s0ctl pipe: bad --timeout '%s' (milliseconds, at most 600000)\n",
                                        argv[i]);
                                return 2;
                        }
                        timeout = (DWORD) v;
                } else if (!pname)
                        pname = argv[i];
                else if (!msg)
                        msg = argv[i];
                else {
                        fprintf(stderr, "s0ctl pipe: unexpected argument '%s'\n", argv[i]);
                        return 2;
                }
        }
        if (!pname || !msg) {
                fprintf(stderr, "s0ctl pipe call: missing %s\n", pname ? "MESSAGE" : "NAME");
                return 2;
        }
        if (strncmp(pname, "\\\\.\\pipe\\", 9) == 0)
                snprintf(name, sizeof name, "%s", pname);
        else
                snprintf(name, sizeof name, "\\\\.\\pipe\\%s", pname);
        if (!CallNamedPipeA(name, (LPVOID) msg, (DWORD) strlen(msg), reply, sizeof reply - 1, &n, timeout)) {
                DWORD e = GetLastError();
                fprintf(stderr, "s0ctl: pipe %s: %s (%lu)\n", name, s0ctl_win32_name(e), (unsigned long) e);
                return 1;
        }
        reply[n] = 0;
        if (a->json) {
                printf("{\"pipe\": ");
                json_string(stdout, name);
                printf(", \"reply\": ");
                json_string(stdout, reply);
                printf("}\n");
        } else
                printf("%s\n", reply);
        return 0;
}
