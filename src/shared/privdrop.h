/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What s0-anchor and s0-sessionhost do first: they run as root so that the session's own
 * user cannot signal, trace or read them (ATTACKS A7), and keep nothing else of root's.
 * Empties the bounding set, locks the securebits so that no uid change can bring
 * capabilities back, drops every capability, sets no_new_privs and makes the process
 * not dumpable (no ptrace, /proc/PID/mem or core for anyone unprivileged). 0 or -errno. */
int s0_drop_all_privileges(void);
