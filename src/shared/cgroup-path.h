/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sys/types.h>

/* The cgroup v2 path of pid (0 = self), the "0::" line of /proc/PID/cgroup;
 * malloc'd. -ESRCH if there is no such process. */
int proc_cgroup_path(pid_t pid, char **ret_path);
