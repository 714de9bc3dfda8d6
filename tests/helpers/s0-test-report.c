/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0-test-report KIND TARGET [RESULT]: reports one audit event (s0_audit_report) as the
 * calling process -- what a session host does when it sees a process in session 0 try
 * to show UI (kind "ui0"). The daemon records it under the caller's kernel identity. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <session0/session0.h>

int main(int argc, char **argv) {
        struct s0_client *c;
        uint32_t kind;
        int r;

        if (argc < 3 || s0_event_kind_from_name(argv[1], &kind) < 0) {
                fprintf(stderr, "usage: %s KIND TARGET [RESULT]\n", argv[0]);
                return 2;
        }
        r = s0_client_open(NULL, &c);
        if (r == 0) {
                r = s0_audit_report(c, kind, S0_SESSION_NONE, argv[2], argc > 3 ? atoi(argv[3]) : 0);
                s0_client_close(c);
        }
        if (r < 0) {
                fprintf(stderr, "s0-test-report: %s\n", strerror(-r));
                return 1;
        }
        return 0;
}
