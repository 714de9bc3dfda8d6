/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Reaping orphaned object files (see objreap.c). */
#pragma once

/* Removes file (one component) from the namespace directory dir_fd if it is an orphan:
 * a regular file nobody holds a flock on. Returns 1 if it was removed, 0 if it is no
 * orphan (held, not a regular file, replaced meanwhile), -ENOENT if there is no such
 * name, -EINVAL for a name that is not a single component, else -errno. */
int objreap_file(int dir_fd, const char *file);
/* Reaps every orphan in dir_fd (at most a bounded number of entries per call); path is
 * for messages. Returns how many were reaped, or -errno if the directory cannot be read. */
int objreap_sweep(int dir_fd, const char *path);
