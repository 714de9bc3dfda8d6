/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the three example services share: the ServiceMain/handler boilerplate every
 * Windows service has (src/svcmain: StartServiceCtrlDispatcher, RegisterServiceCtrlHandlerEx,
 * SetServiceStatus), so that each example file holds only what it demonstrates. A
 * service defines example_name, example_run() (returns when stop_requested() is true)
 * and example_stop_hint() (wakes example_run() up).
 */
#pragma once

#include <stdarg.h>
#include <stdio.h>

#include <windows.h>

extern const char example_name[];
/* The service's work; returns its exit code (NO_ERROR...). */
DWORD example_run(void);
/* Called on SERVICE_CONTROL_STOP or SHUTDOWN, from the handler thread, after stop_requested() turned
 * true: make example_run() notice. */
void example_stop_hint(void);

BOOL stop_requested(void);
/* The process's command line (the service's Arguments=), for the example to read. */
extern int example_argc;
extern char **example_argv;
/* A line to stderr (s0-scm passes it to its log): "NAME: ...". */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
