/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Formatting and reading back audit journal lines. Everything that goes into a line
 * except the target is a number or a fixed name; the target (a user name, a command, an
 * object or pipe name chosen by the caller) is escaped, so a line is always one valid
 * JSON object whatever the caller sent. */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <session0/session0.h>

#include "audit-json.h"

static const char *const kind_names[_S0_EVENT_KIND_MAX] = {
        [S0_EVENT_NONE] = "none",
        [S0_EVENT_LOGON] = "logon",
        [S0_EVENT_LOGOFF] = "logoff",
        [S0_EVENT_DISCONNECT] = "disconnect",
        [S0_EVENT_JOIN] = "join",
        [S0_EVENT_SPAWN] = "spawn",
        [S0_EVENT_SESSION_OF] = "session_of",
        [S0_EVENT_LIST] = "list",
        [S0_EVENT_OBJ_REAP] = "obj_reap",
        [S0_EVENT_BAD_MESSAGE] = "bad_message",
        [S0_EVENT_SUPPRESSED] = "suppressed",
        [S0_EVENT_WTS_QUERY] = "wts_query",
        [S0_EVENT_WTS_TOKEN] = "wts_token",
        [S0_EVENT_WTS_MESSAGE] = "wts_message",
        [S0_EVENT_PIPE] = "pipe",
        [S0_EVENT_WINDOW] = "window",
        [S0_EVENT_UI0] = "ui0",
        [S0_EVENT_SESSION_CHANGE] = "session_change",
        [S0_EVENT_PRINT] = "print",
        [S0_EVENT_DEVICE] = "device",
};

static const char *const wts_event_names[_S0_WTS_EVENT_MAX] = {
        [S0_WTS_CONSOLE_CONNECT] = "WTS_CONSOLE_CONNECT",   [S0_WTS_CONSOLE_DISCONNECT] = "WTS_CONSOLE_DISCONNECT",
        [S0_WTS_REMOTE_CONNECT] = "WTS_REMOTE_CONNECT",     [S0_WTS_REMOTE_DISCONNECT] = "WTS_REMOTE_DISCONNECT",
        [S0_WTS_SESSION_LOGON] = "WTS_SESSION_LOGON",       [S0_WTS_SESSION_LOGOFF] = "WTS_SESSION_LOGOFF",
        [S0_WTS_SESSION_LOCK] = "WTS_SESSION_LOCK",         [S0_WTS_SESSION_UNLOCK] = "WTS_SESSION_UNLOCK",
};

S0_EXPORT const char *s0_session_change_name(uint32_t code) {
        return code < _S0_WTS_EVENT_MAX ? wts_event_names[code] : NULL;
}

S0_EXPORT int s0_event_session_change(const struct s0_event *e, uint32_t *ret_code) {
        /* Only what session0d itself recorded: a report (S0_EVENT_REPORTED) could not
         * carry this kind anyway, but a reader must not have to know that. */
        if (!e || !ret_code || e->kind != S0_EVENT_SESSION_CHANGE || (e->flags & S0_EVENT_REPORTED) ||
            !memchr(e->target, 0, sizeof e->target))
                return -EINVAL;
        for (uint32_t code = 1; code < _S0_WTS_EVENT_MAX; code++)
                if (wts_event_names[code] && strcmp(e->target, wts_event_names[code]) == 0) {
                        *ret_code = code;
                        return 0;
                }
        return -EINVAL;
}

S0_EXPORT const char *s0_event_kind_name(uint32_t kind) {
        return kind < _S0_EVENT_KIND_MAX && kind_names[kind] ? kind_names[kind] : "unknown";
}

S0_EXPORT int s0_event_kind_from_name(const char *name, uint32_t *ret_kind) {
        if (!name || !ret_kind)
                return -EINVAL;
        for (uint32_t k = 1; k < _S0_EVENT_KIND_MAX; k++)
                if (kind_names[k] && strcmp(name, kind_names[k]) == 0) {
                        *ret_kind = k;
                        return 0;
                }
        return -ENOENT;
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if it is not one (overlong
 * forms, surrogates and code points above U+10FFFF are not). */
static size_t utf8_seq_len(const unsigned char *p) {
        unsigned char c = p[0];
        size_t len;
        uint32_t cp;

        if (c < 0x80)
                return 1;
        if ((c & 0xE0) == 0xC0)
                len = 2, cp = c & 0x1F;
        else if ((c & 0xF0) == 0xE0)
                len = 3, cp = c & 0x0F;
        else if ((c & 0xF8) == 0xF0)
                len = 4, cp = c & 0x07;
        else
                return 0;
        for (size_t i = 1; i < len; i++) {
                if ((p[i] & 0xC0) != 0x80) /* also stops at the NUL */
                        return 0;
                cp = (cp << 6) | (p[i] & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
                return 0;
        return len;
}

size_t json_escape(char *dst, size_t size, const char *src) {
        const unsigned char *p = (const unsigned char *) src;
        size_t out = 0;
        char esc[8];

#define EMIT(s, l)                                                      \
        do {                                                            \
                for (size_t _i = 0; _i < (l); _i++, out++)              \
                        if (out + 1 < size)                             \
                                dst[out] = (s)[_i];                     \
        } while (0)

        while (*p) {
                size_t l = utf8_seq_len(p);
                if (l == 0) {
                        EMIT("\\ufffd", 6);
                        p++;
                } else if (*p == '"' || *p == '\\') {
                        esc[0] = '\\';
                        esc[1] = (char) *p;
                        EMIT(esc, 2);
                        p++;
                } else if (*p < 0x20 || *p == 0x7F) {
                        (void) snprintf(esc, sizeof esc, "\\u%04x", *p);
                        EMIT(esc, 6);
                        p++;
                } else {
                        EMIT((const char *) p, l);
                        p += l;
                }
        }
#undef EMIT
        if (size > 0)
                dst[out < size ? out : size - 1] = 0;
        return out;
}

/* "session":null for S0_SESSION_NONE; a number otherwise. */
static void fmt_session(char *buf, size_t size, uint32_t id) {
        if (id == S0_SESSION_NONE)
                (void) snprintf(buf, size, "null");
        else
                (void) snprintf(buf, size, "%" PRIu32, id);
}

int audit_event_format_json(const struct s0_event *e, char *buf, size_t size) {
        char target[S0_EVENT_TARGET_MAX * 6 + 1], when[64], sess[16], tsess[16], tuid[16];
        char safe[S0_EVENT_TARGET_MAX];
        time_t secs = (time_t) (e->time_ns / 1000000000);
        struct tm tm;
        int n;

        /* the target is NUL-terminated on the wire (validated); be safe for other callers */
        memcpy(safe, e->target, sizeof safe);
        safe[sizeof safe - 1] = 0;
        (void) json_escape(target, sizeof target, safe);
        if (!gmtime_r(&secs, &tm) || strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm) == 0)
                (void) snprintf(when, sizeof when, "1970-01-01T00:00:00");
        fmt_session(sess, sizeof sess, e->session);
        fmt_session(tsess, sizeof tsess, e->target_session);
        fmt_session(tuid, sizeof tuid, e->target_uid);
        n = snprintf(buf, size,
                     "{\"seq\":%" PRIu64 ",\"time\":\"%s.%09" PRId64 "Z\",\"time_ns\":%" PRId64 ",\"kind\":\"%s\","
                     "\"result\":%" PRId32 ",\"pid\":%" PRId32 ",\"uid\":%" PRIu32 ",\"session\":%s,"
                     "\"target_session\":%s,\"target_uid\":%s,\"cross_session\":%s,\"reported\":%s,"
                     "\"target\":\"%s\"}",
                     e->seq, when, e->time_ns % 1000000000, e->time_ns, s0_event_kind_name(e->kind), e->result, e->pid,
                     e->uid, sess, tsess, tuid, (e->flags & S0_EVENT_CROSS_SESSION) ? "true" : "false",
                     (e->flags & S0_EVENT_REPORTED) ? "true" : "false", target);
        if (n < 0 || (size_t) n >= size)
                return -ENOBUFS;
        return n;
}

int audit_json_line_seq(const char *line, size_t n, uint64_t *ret_seq) {
        static const char prefix[] = "{\"seq\":";
        uint64_t v = 0;
        size_t i = sizeof prefix - 1, digits = 0;

        if (n < i || memcmp(line, prefix, i) != 0)
                return -EINVAL;
        for (; i < n && line[i] >= '0' && line[i] <= '9'; i++, digits++) {
                unsigned d = (unsigned) (line[i] - '0');
                if (v > (UINT64_MAX - d) / 10)
                        return -EINVAL;
                v = v * 10 + d;
        }
        /* a whole line: the number is followed by more fields and the line ends with '}' */
        if (digits == 0 || i >= n || line[i] != ',' || line[n - 1] != '}')
                return -EINVAL;
        *ret_seq = v;
        return 0;
}

int audit_json_tail_seq(const char *buf, size_t n, int partial_first, uint64_t *ret_seq) {
        bool found = false;
        uint64_t best = 0;
        size_t start = 0;

        if (partial_first) {
                const char *nl = memchr(buf, '\n', n);
                if (!nl)
                        return -ENOENT;
                start = (size_t) (nl - buf) + 1;
        }
        while (start < n) {
                const char *nl = memchr(buf + start, '\n', n - start);
                uint64_t v;
                if (!nl)
                        break; /* the last line is incomplete: a write cut short */
                if (audit_json_line_seq(buf + start, (size_t) (nl - (buf + start)), &v) == 0 && (!found || v > best)) {
                        best = v;
                        found = true;
                }
                start = (size_t) (nl - buf) + 1;
        }
        if (!found)
                return -ENOENT;
        *ret_seq = best;
        return 0;
}
