/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the printing verbs (print, printers, jobs, job) share. */
#pragma once

#include <session0/spooler.h>

#include "s0ctl.h"

/* Connects to \\.\pipe\spoolss, or prints why not (one line) and returns NULL. */
struct s0_spool *print_connect(const struct s0ctl_args *a, const char *verb);
/* Prints "s0ctl VERB: WHAT: REASON: ERROR_NAME (code)" and returns 1. */
int print_fail(struct s0_spool *s, int r, const char *verb, const char *what);
const char *print_error_name(uint32_t code);
