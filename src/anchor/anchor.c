/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * s0-anchor: holds a session's namespaces. session0d starts it inside the session's
 * cgroup with the session's fresh mount and IPC namespaces already set up; as long as
 * it lives, the session's /tmp, /dev/shm and IPC objects exist even with no user
 * process, and session0d (or a restarted one) can setns() new processes into them.
 *
 * It is deliberately nothing else: it gives up every capability and privilege it was
 * started with, ignores catchable signals, and sleeps. Only SIGKILL, sent by logoff
 * through cgroup.kill, ends it. It runs as root (without capabilities) so that the
 * session's own user cannot signal, trace or read it (ATTACKS A7).
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "shared/privdrop.h"

int main(int argc, char **argv) {
        int r;

        (void) argc;
        (void) argv; /* "--session N" is there for ps(1) only */
        r = s0_drop_all_privileges();
        if (r < 0) {
                fprintf(stderr, "s0-anchor: cannot drop privileges: %s\n", strerror(-r));
                return 1;
        }
        /* Ignore everything catchable (SIGKILL and SIGSTOP cannot be, and only root may
         * send us anything). With no handler installed, pause() never returns. */
        for (int sig = 1; sig < NSIG; sig++)
                (void) signal(sig, SIG_IGN);
        for (;;)
                pause();
}
