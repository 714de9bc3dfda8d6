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
#include <errno.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int drop_privileges(void) {
        struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
        struct __user_cap_data_struct data[2];

        /* Bounding set first (needs CAP_SETPCAP, which we still have), then the rest. */
        for (int cap = 0; cap <= 63; cap++)
                if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
                        return -errno;
        if (prctl(PR_SET_SECUREBITS, 0x2f /* NOROOT|NO_SETUID_FIXUP|KEEP_CAPS_LOCKED|...LOCKED */, 0, 0, 0) < 0 &&
            errno != EPERM)
                return -errno;
        memset(data, 0, sizeof data);
        if (syscall(SYS_capset, &hdr, data) < 0)
                return -errno;
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
                return -errno;
        /* Not dumpable: no core, no ptrace or /proc/PID/mem access by anyone unprivileged. */
        if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
                return -errno;
        return 0;
}

int main(int argc, char **argv) {
        int r;

        (void) argc;
        (void) argv; /* "--session N" is there for ps(1) only */
        r = drop_privileges();
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
