/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The spooler runs as LocalSystem and keeps only what it uses: starting driver hosts as
 * s0-printdrv (SETUID, SETGID), killing them (KILL), giving output files to their users
 * and reading the driver's work directories (CHOWN, FOWNER, DAC_OVERRIDE). Everything
 * else leaves the bounding set and the permitted set before any thread starts (capsets
 * are per thread; threads made later inherit the reduced set).
 */
#include <errno.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "spooler.h"

static const int kept[] = { CAP_SETUID, CAP_SETGID, CAP_KILL, CAP_CHOWN, CAP_FOWNER, CAP_DAC_OVERRIDE };

int privileges_drop(void) {
        struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
        struct __user_cap_data_struct d[2] = { 0 };
        int last = CAP_LAST_CAP;

        if (geteuid() != 0)
                return 0; /* a test run as a user: nothing to drop */
        for (int cap = 0; cap <= 63; cap++) {
                bool keep = false;
                for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
                        keep |= kept[i] == cap;
                if (keep)
                        continue;
                if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) {
                        if (errno == EINVAL && cap > last)
                                break; /* past the kernel's last capability */
                        return -errno;
                }
        }
        for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
                d[kept[i] / 32].permitted |= 1u << (kept[i] % 32);
                d[kept[i] / 32].effective |= 1u << (kept[i] % 32);
        }
        if (syscall(SYS_capset, &h, d) < 0)
                return -errno;
        return 0;
}
