/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * User Interface Privilege Isolation (SEMANTICS.md section 6). A process's integrity
 * level is the cgroup leaf it lives in -- session-N/user-low, user, user-high, session
 * 0's system/ -- so it cannot raise its own level and its children inherit it; the
 * host reads it from the kernel (/proc/PID/cgroup), never from a message.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "host.h"
#include "shared/io-util.h"

int uipi_read_level(pid_t pid, uint32_t *ret_il, bool *ret_console) {
        char path[64], buf[1024];
        int r;

        snprintf(path, sizeof path, "/proc/%d/cgroup", (int) pid);
        r = read_small_file_at(AT_FDCWD, path, buf, sizeof buf);
        if (r < 0)
                return r;
        /* cgroup v2: one line "0::/path" */
        const char *p = strstr(buf, "0::");
        if (!p)
                return -EIO;
        const char *leaf = strrchr(p, '/');
        leaf = leaf ? leaf + 1 : p;
        *ret_console = strcmp(leaf, "console") == 0;
        if (strcmp(leaf, "user-low") == 0)
                *ret_il = S0H_IL_LOW;
        else if (strcmp(leaf, "user-high") == 0)
                *ret_il = S0H_IL_HIGH;
        else if (strcmp(leaf, "system") == 0)
                *ret_il = S0H_IL_SYSTEM;
        else
                *ret_il = S0H_IL_MEDIUM; /* user/, console/, and anything else: the default */
        return 0;
}

/* The messages below WM_USER that always pass (reading ones): session0's choice. */
static bool always_passes(uint32_t msg) {
        return msg == 0x0000 /* WM_NULL */ || msg == 0x000D /* WM_GETTEXT */ || msg == 0x000E /* WM_GETTEXTLENGTH */ ||
               msg == 0x007F /* WM_GETICON */ || msg == 0x0033 /* WM_GETHOTKEY */;
}

bool uipi_allows(uint32_t il, bool console, const struct window *w, uint32_t msg) {
        if (il >= w->il)
                return true;
        /* Legacy session 0 is Windows XP, which had no UIPI: its console user reaches the
         * services' windows (that is the shatter the default mode removes). */
        if (console && w->il == S0H_IL_SYSTEM)
                return true;
        if (always_passes(msg))
                return true;
        for (uint32_t i = 0; i < w->n_allowed; i++)
                if (w->allowed[i] == msg)
                        return true;
        return false;
}
