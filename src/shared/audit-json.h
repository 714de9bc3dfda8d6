/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The audit journal's line format: one JSON object per event, the same text session0d
 * writes to events.log and `s0ctl events --json` prints. Pure functions (unit-tested). */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <session0/protocol.h>

/* Longest line s0_event_format_json() can produce, newline and NUL included: every
 * target byte may become a 6-byte \uXXXX escape. */
#define AUDIT_JSON_LINE_MAX 1536u

/* Writes src as a JSON string body (no quotes) into dst: '"', '\\' and control
 * characters escaped, invalid UTF-8 bytes replaced by \ufffd. Returns the length it
 * needs (excluding the NUL), like snprintf; dst is always NUL-terminated if size > 0. */
size_t json_escape(char *dst, size_t size, const char *src);

/* One event as a JSON object, no newline. Returns its length, or -ENOBUFS. */
int audit_event_format_json(const struct s0_event *e, char *buf, size_t size);

/* The seq of a journal line ("{\"seq\":N,..."), or -EINVAL for anything else (a line
 * cut by a crash, another format). */
int audit_json_line_seq(const char *line, size_t n, uint64_t *ret_seq);

/* The highest seq among the complete lines of buf[0..n) (the tail of a journal file);
 * -ENOENT if there is none. A partial first line (we started mid-file) is skipped. */
int audit_json_tail_seq(const char *buf, size_t n, int partial_first, uint64_t *ret_seq);
