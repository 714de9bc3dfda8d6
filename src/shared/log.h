/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Logging for daemons and tools (never for library code, which returns -errno and lets
 * the deciding caller log once). Lines go to stderr with a "<N>" syslog priority prefix
 * when stderr is the journal (JOURNAL_STREAM set), plain otherwise. */
#pragma once

#include <syslog.h>

#include "macro.h"

void log_set_ident(const char *ident);
void log_set_max_level(int level);
void log_msg(int level, const char *fmt, ...) _printf_(2, 3);
/* Logs with ": <strerror(-error)>" appended and returns error (negative). */
int log_msg_errno(int level, int error, const char *fmt, ...) _printf_(3, 4);

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_notice(...) log_msg(LOG_NOTICE, __VA_ARGS__)
#define log_warning(...) log_msg(LOG_WARNING, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERR, __VA_ARGS__)
#define log_error_errno(e, ...) log_msg_errno(LOG_ERR, (e), __VA_ARGS__)
#define log_warning_errno(e, ...) log_msg_errno(LOG_WARNING, (e), __VA_ARGS__)
