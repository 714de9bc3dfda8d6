/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once
struct spooler;
/* Full start, used by both modes. */
int spooler_setup(struct spooler *sp);
/* Runs as a Windows service under s0-scm (StartServiceCtrlDispatcher); returns the exit code. */
int service_run(struct spooler *sp);
