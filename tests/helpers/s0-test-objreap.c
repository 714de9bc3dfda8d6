/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * s0-test-objreap: asks session0d to reap an orphaned object file, through
 * libsession0's s0_obj_reap(), as whoever runs it.
 *
 * Usage: s0-test-objreap SESSION FILE      (the daemon of $S0_RUNTIME_DIR)
 *
 * Prints "OK", or "ERROR <errno> <strerror>: <the daemon's text>"; exits 0 on OK, 1 on
 * an error reply, 2 on usage errors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <session0/session0.h>

int main(int argc, char **argv) {
        struct s0_client *c;
        unsigned long session;
        char *end;
        int r;

        if (argc != 3) {
                fprintf(stderr, "usage: s0-test-objreap SESSION FILE\n");
                return 2;
        }
        errno = 0;
        session = strtoul(argv[1], &end, 10);
        if (errno != 0 || *end || end == argv[1] || session > UINT32_MAX) {
                fprintf(stderr, "invalid session '%s'\n", argv[1]);
                return 2;
        }
        r = s0_client_open(NULL, &c);
        if (r < 0) {
                printf("ERROR %d %s: cannot connect\n", -r, strerror(-r));
                return 1;
        }
        r = s0_obj_reap(c, (uint32_t) session, argv[2]);
        if (r < 0)
                printf("ERROR %d %s: %s\n", -r, strerror(-r), s0_client_error_text(c));
        else
                printf("OK\n");
        s0_client_close(c);
        return r < 0 ? 1 : 0;
}
