/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A session is a cgroup directory: <root>/session-<N>/... The session of any process
 * is therefore a fact the kernel keeps (its cgroup), and this parser is how everyone
 * turns that fact into an id. Pure; fuzzed. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <session0/session0.h>

#include "cgroup-path.h"

#define SESSION_PREFIX "session-"

int s0_session_from_cgroup_path(const char *root, const char *path, uint32_t *ret_session) {
        size_t rl;
        const char *p;
        uint64_t id = 0;
        int digits = 0;

        if (!root || !path || root[0] != '/' || path[0] != '/')
                return -EINVAL;
        rl = strlen(root);
        while (rl > 1 && root[rl - 1] == '/')
                rl--;
        if (rl == 1)
                rl = 0; /* root is "/": sessions sit directly below */
        if (strncmp(path, root, rl) != 0 || path[rl] != '/')
                return -ESRCH;
        p = path + rl + 1;
        if (strncmp(p, SESSION_PREFIX, strlen(SESSION_PREFIX)) != 0)
                return -ESRCH;
        p += strlen(SESSION_PREFIX);
        for (; *p >= '0' && *p <= '9'; p++) {
                /* no leading zeros: "session-01" is not a session directory */
                if (digits == 1 && id == 0)
                        return -ESRCH;
                id = id * 10 + (uint64_t) (*p - '0');
                if (id >= S0_SESSION_NONE)
                        return -ESRCH;
                digits++;
        }
        if (digits == 0 || (*p != 0 && *p != '/'))
                return -ESRCH;
        *ret_session = (uint32_t) id;
        return 0;
}

const char *s0_session_state_name(uint32_t state) {
        switch (state) {
        case S0_STATE_ACTIVE:
                return "Active";
        case S0_STATE_DISCONNECTED:
                return "Disc";
        case S0_STATE_DOWN:
                return "Down";
        default:
                return "Unknown";
        }
}

int proc_cgroup_path(pid_t pid, char **ret_path) {
        char path[64], line[4096];
        FILE *f;
        int r = -ENOENT;

        if (pid == 0)
                snprintf(path, sizeof path, "/proc/self/cgroup");
        else
                snprintf(path, sizeof path, "/proc/%d/cgroup", (int) pid);
        f = fopen(path, "re");
        if (!f)
                return errno == ENOENT ? -ESRCH : -errno;
        while (fgets(line, sizeof line, f)) {
                if (strncmp(line, "0::", 3) != 0)
                        continue;
                line[strcspn(line, "\n")] = 0;
                *ret_path = strdup(line + 3);
                r = *ret_path ? 0 : -ENOMEM;
                break;
        }
        fclose(f);
        return r;
}
