/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0_msg_validate() and s0_spawn_unpack(): the only code that reads a datagram before
 * its fields are trusted. Every check is exercised at its boundary: the exact size and
 * one byte either side, the limit and the limit plus one.
 *
 * Messages are validated from a heap copy of exactly n bytes, so that under ASan a
 * validator reading past the datagram fails the test instead of reading our slack. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>

#include <cmocka.h>

#include <session0/protocol.h>

/* Room for any message plus a few bytes, to build "one byte too long" variants. */
static union {
        struct s0_msg_header hdr;
        uint64_t align;
        unsigned char raw[S0_MSG_SIZE_MAX + 64];
} msg;

static const char *type_name(unsigned type) {
        static const char *const names[_S0_MSG_MAX] = {
                [S0_MSG_INVALID] = "INVALID",   [S0_MSG_ERROR] = "ERROR",     [S0_MSG_OK] = "OK",
                [S0_MSG_SESSION] = "SESSION",   [S0_MSG_SESSION_LIST] = "SESSION_LIST",
                [S0_MSG_SPAWNED] = "SPAWNED",   [S0_MSG_EXITED] = "EXITED",   [S0_MSG_LOGON] = "LOGON",
                [S0_MSG_LOGOFF] = "LOGOFF",     [S0_MSG_SPAWN] = "SPAWN",     [S0_MSG_LIST] = "LIST",
                [S0_MSG_SESSION_OF] = "SESSION_OF", [S0_MSG_JOIN] = "JOIN", [S0_MSG_JOINED] = "JOINED",
                [S0_MSG_DISCONNECT] = "DISCONNECT", [S0_MSG_OBJ_REAP] = "OBJ_REAP",
                [S0_MSG_EVENTS] = "EVENTS", [S0_MSG_EVENT_LIST] = "EVENT_LIST",
                [S0_MSG_EVENTS_FOLLOW] = "EVENTS_FOLLOW", [S0_MSG_AUDIT] = "AUDIT",
                [S0_MSG_AGENT_REGISTER] = "AGENT_REGISTER", [S0_MSG_SEND_MESSAGE] = "SEND_MESSAGE",
                [S0_MSG_MESSAGE_SHOW] = "MESSAGE_SHOW", [S0_MSG_MESSAGE_ANSWER] = "MESSAGE_ANSWER",
                [S0_MSG_LOCK] = "LOCK",
        };
        return type < _S0_MSG_MAX ? names[type] : "out-of-range";
}

/* Numbers inside the enum's range that no message has (reserved for later). */
static bool type_assigned(unsigned type) { return type < _S0_MSG_MAX && type_name(type) != NULL; }

/* Validates a private heap copy of buf[0..n). */
static int validate(const void *buf, size_t n) {
        void *copy = malloc(n ? n : 1);
        int r;

        assert_non_null(copy);
        memcpy(copy, buf, n);
        r = s0_msg_validate(copy, n);
        free(copy);
        return r;
}

static void hdr_init(void *buf, unsigned type, size_t size) {
        struct s0_msg_header *h = buf;
        h->magic = S0_MSG_MAGIC;
        h->version = S0_PROTOCOL_VERSION;
        h->type = (uint16_t) type;
        h->size = (uint32_t) size;
        h->cookie = 0x0c00c1e;
}

static void set_size(void *buf, size_t size) { ((struct s0_msg_header *) buf)->size = (uint32_t) size; }

/* A spawn request carrying the given strings; returns its size. */
static size_t spawn_build(void *buf, const char *const *argv, size_t argc, const char *const *envp, size_t envc) {
        struct s0_req_spawn *m = buf;
        char *p = (char *) (m + 1);
        size_t used = 0;

        memset(buf, 0, sizeof msg.raw);
        for (size_t i = 0; i < argc + envc; i++) {
                const char *s = i < argc ? argv[i] : envp[i - argc];
                size_t l = strlen(s) + 1;
                assert_true(sizeof *m + used + l <= sizeof msg.raw);
                memcpy(p + used, s, l);
                used += l;
        }
        m->argc = (uint32_t) argc;
        m->envc = (uint32_t) envc;
        m->strings_size = (uint32_t) used;
        m->session_id = 1;
        hdr_init(buf, S0_MSG_SPAWN, sizeof *m + used);
        return sizeof *m + used;
}

/* A spawn request with nargs arguments "a" and nenv environment entries "K=v". */
static size_t spawn_build_n(void *buf, size_t nargs, size_t nenv) {
        static const char *argv[S0_SPAWN_ARGS_MAX + 8], *envp[S0_SPAWN_ENV_MAX + 8];
        assert_true(nargs <= S0_SPAWN_ARGS_MAX + 8 && nenv <= S0_SPAWN_ENV_MAX + 8);
        for (size_t i = 0; i < nargs; i++)
                argv[i] = "a";
        for (size_t i = 0; i < nenv; i++)
                envp[i] = "K=v";
        return spawn_build(buf, argv, nargs, envp, nenv);
}

/* A session list reply with count entries named u0, u1...; returns its size. */
static size_t list_build(void *buf, uint32_t count) {
        struct s0_rep_list *m = buf;
        size_t size = sizeof *m + (size_t) count * sizeof(struct s0_session_info);

        assert_true(size <= sizeof msg.raw);
        memset(buf, 0, sizeof msg.raw);
        m->count = count;
        m->next_id = S0_SESSION_NONE;
        for (uint32_t i = 0; i < count; i++) {
                m->entries[i].id = i;
                m->entries[i].uid = 1000 + i;
                snprintf(m->entries[i].user, sizeof m->entries[i].user, "u%u", (unsigned) i);
        }
        hdr_init(buf, S0_MSG_SESSION_LIST, size);
        return size;
}

/* An event list reply with count events; returns its size. */
static size_t event_list_build(void *buf, uint32_t count) {
        struct s0_rep_event_list *m = buf;
        size_t size = sizeof *m + (size_t) count * sizeof(struct s0_event);

        assert_true(size <= sizeof msg.raw);
        memset(buf, 0, sizeof msg.raw);
        m->count = count;
        m->next_seq = 100 + count;
        for (uint32_t i = 0; i < count; i++) {
                m->events[i].seq = 100 + i;
                m->events[i].kind = S0_EVENT_SPAWN;
                m->events[i].result = -EPERM;
                snprintf(m->events[i].target, sizeof m->events[i].target, "cmd%u", (unsigned) i);
        }
        hdr_init(buf, S0_MSG_EVENT_LIST, size);
        return size;
}

/* The smallest valid message of each type; returns its size. */
static size_t build_valid(void *buf, unsigned type) {
        memset(buf, 0, sizeof msg.raw);
        switch (type) {
        case S0_MSG_ERROR: {
                struct s0_rep_error *m = buf;
                m->error = -EACCES;
                strcpy(m->text, "denied");
                hdr_init(buf, type, sizeof *m);
                return sizeof *m;
        }
        case S0_MSG_OK:
                hdr_init(buf, type, sizeof(struct s0_msg_header));
                return sizeof(struct s0_msg_header);
        case S0_MSG_SESSION:
                ((struct s0_rep_session *) buf)->session_id = 3;
                hdr_init(buf, type, sizeof(struct s0_rep_session));
                return sizeof(struct s0_rep_session);
        case S0_MSG_SESSION_LIST:
                return list_build(buf, 0);
        case S0_MSG_SPAWNED:
                ((struct s0_rep_spawned *) buf)->pid = 42;
                hdr_init(buf, type, sizeof(struct s0_rep_spawned));
                return sizeof(struct s0_rep_spawned);
        case S0_MSG_EXITED:
                ((struct s0_rep_exited *) buf)->pid = 42;
                hdr_init(buf, type, sizeof(struct s0_rep_exited));
                return sizeof(struct s0_rep_exited);
        case S0_MSG_LOGON: {
                struct s0_req_logon *m = buf;
                strcpy(m->user, "alice");
                hdr_init(buf, type, sizeof *m);
                return sizeof *m;
        }
        case S0_MSG_LOGOFF:
                ((struct s0_req_session *) buf)->session_id = 1;
                hdr_init(buf, type, sizeof(struct s0_req_session));
                return sizeof(struct s0_req_session);
        case S0_MSG_SPAWN: {
                static const char *const argv[] = { "true" };
                return spawn_build(buf, argv, 1, NULL, 0);
        }
        case S0_MSG_LIST:
                hdr_init(buf, type, sizeof(struct s0_req_list));
                return sizeof(struct s0_req_list);
        case S0_MSG_SESSION_OF:
                ((struct s0_req_pid *) buf)->pid = 1;
                hdr_init(buf, type, sizeof(struct s0_req_pid));
                return sizeof(struct s0_req_pid);
        case S0_MSG_JOIN: {
                struct s0_req_join *m = buf;
                strcpy(m->user, "alice");
                m->flags = S0_JOIN_RECONNECT;
                hdr_init(buf, type, sizeof *m);
                return sizeof *m;
        }
        case S0_MSG_JOINED:
                ((struct s0_rep_joined *) buf)->session_id = 1;
                hdr_init(buf, type, sizeof(struct s0_rep_joined));
                return sizeof(struct s0_rep_joined);
        case S0_MSG_DISCONNECT:
        case S0_MSG_LOCK:
                ((struct s0_req_session *) buf)->session_id = 1;
                hdr_init(buf, type, sizeof(struct s0_req_session));
                return sizeof(struct s0_req_session);
        case S0_MSG_OBJ_REAP: {
                struct s0_req_obj_reap *m = buf;
                strcpy(m->file, "MyEvent");
                hdr_init(buf, type, sizeof *m);
                return sizeof *m;
        }
        case S0_MSG_EVENTS:
        case S0_MSG_EVENTS_FOLLOW: {
                struct s0_req_events *m = buf;
                m->session = S0_SESSION_NONE;
                hdr_init(buf, type, sizeof *m);
                return sizeof *m;
        }
        case S0_MSG_EVENT_LIST:
                return event_list_build(buf, 0);
        case S0_MSG_AGENT_REGISTER:
                hdr_init(buf, type, sizeof(struct s0_req_agent_register));
                return sizeof(struct s0_req_agent_register);
        case S0_MSG_SEND_MESSAGE: {
                struct s0_req_send_message *m = buf;
                m->session = 1;
                m->style = 4 | 0x100; /* MB_YESNO | MB_DEFBUTTON2 */
                m->flags = S0_SEND_MESSAGE_WAIT;
                strcpy(m->title, "Backup");
                strcpy(m->text, "Restart now?");
                hdr_init(buf, type, sizeof *m);
                return sizeof *m;
        }
        case S0_MSG_MESSAGE_SHOW: {
                struct s0_msg_message_show *m = buf;
                m->id = 7;
                m->timeout_s = 30;
                strcpy(m->text, "Hello");
                hdr_init(buf, type, sizeof *m);
                return sizeof *m;
        }
        case S0_MSG_MESSAGE_ANSWER:
                ((struct s0_msg_message_answer *) buf)->response = 6; /* IDYES */
                hdr_init(buf, type, sizeof(struct s0_msg_message_answer));
                return sizeof(struct s0_msg_message_answer);
        case S0_MSG_AUDIT: {
                struct s0_req_audit *m = buf;
                m->kind = S0_EVENT_PIPE;
                m->target_session = S0_SESSION_NONE;
                m->result = -EACCES;
                strcpy(m->target, "\\\\.\\pipe\\spooler");
                hdr_init(buf, type, sizeof *m);
                return sizeof *m;
        }
        default:
                fail_msg("no builder for type %u", type);
                return 0;
        }
}

static void expect_validate(const void *buf, size_t n, int expected, const char *what, unsigned type) {
        int r = validate(buf, n);
        if (r != expected)
                fail_msg("%s (%s, %zu bytes): got %d (%s), want %d (%s)", what, type_name(type), n, r,
                         strerror(-r), expected, strerror(-expected));
}

/* ---- every type -------------------------------------------------------------------- */

static void every_type_is_accepted_at_its_exact_size(void **state) {
        for (unsigned t = S0_MSG_INVALID + 1; t < _S0_MSG_MAX; t++) {
                if (!type_assigned(t))
                        continue;
                size_t n = build_valid(msg.raw, t);
                expect_validate(msg.raw, n, 0, "valid message", t);
        }
}

static void every_type_is_rejected_one_byte_short(void **state) {
        for (unsigned t = S0_MSG_INVALID + 1; t < _S0_MSG_MAX; t++) {
                if (!type_assigned(t))
                        continue;
                size_t n = build_valid(msg.raw, t) - 1;
                set_size(msg.raw, n); /* consistent size field: only the layout is wrong */
                expect_validate(msg.raw, n, -EBADMSG, "one byte short", t);
        }
}

static void every_type_is_rejected_one_byte_long(void **state) {
        for (unsigned t = S0_MSG_INVALID + 1; t < _S0_MSG_MAX; t++) {
                if (!type_assigned(t))
                        continue;
                size_t n = build_valid(msg.raw, t) + 1;
                set_size(msg.raw, n);
                expect_validate(msg.raw, n, -EBADMSG, "one byte long", t);
        }
}

static void variable_types_shorter_than_their_fixed_part_are_rejected(void **state) {
        size_t n;

        build_valid(msg.raw, S0_MSG_SPAWN);
        n = sizeof(struct s0_req_spawn) - 1;
        set_size(msg.raw, n);
        expect_validate(msg.raw, n, -EBADMSG, "spawn without its fixed part", S0_MSG_SPAWN);

        build_valid(msg.raw, S0_MSG_SESSION_LIST);
        n = sizeof(struct s0_rep_list) - 1;
        set_size(msg.raw, n);
        expect_validate(msg.raw, n, -EBADMSG, "list without its fixed part", S0_MSG_SESSION_LIST);
}

static void bad_magic_is_rejected_for_every_type(void **state) {
        for (unsigned t = S0_MSG_INVALID + 1; t < _S0_MSG_MAX; t++) {
                if (!type_assigned(t))
                        continue;
                size_t n = build_valid(msg.raw, t);
                msg.hdr.magic = S0_MSG_MAGIC ^ 1;
                expect_validate(msg.raw, n, -EBADMSG, "bad magic", t);
                msg.hdr.magic = __builtin_bswap32(S0_MSG_MAGIC); /* the other byte order */
                expect_validate(msg.raw, n, -EBADMSG, "byte-swapped magic", t);
        }
}

static void other_protocol_versions_are_reported_as_unsupported(void **state) {
        static const uint16_t versions[] = { 0, S0_PROTOCOL_VERSION + 1, 0x0100, 0xffff };
        for (unsigned t = S0_MSG_INVALID + 1; t < _S0_MSG_MAX; t++)
                for (size_t i = 0; i < sizeof versions / sizeof versions[0] && type_assigned(t); i++) {
                        size_t n = build_valid(msg.raw, t);
                        msg.hdr.version = versions[i];
                        expect_validate(msg.raw, n, -EPROTO, "other version", t);
                }
}

static void a_newer_version_is_unsupported_even_with_a_type_we_do_not_know(void **state) {
        /* A v2 client may use v2 types and layouts: it must hear "version", not "type". */
        hdr_init(msg.raw, _S0_MSG_MAX + 5, 40);
        msg.hdr.version = S0_PROTOCOL_VERSION + 1;
        expect_validate(msg.raw, 40, -EPROTO, "v2 with a new type", _S0_MSG_MAX + 5);
}

static void unknown_types_are_not_supported(void **state) {
        static const unsigned types[] = { S0_MSG_INVALID, _S0_MSG_MAX, _S0_MSG_MAX + 1, 0x7fff, 0xffff };
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
                memset(msg.raw, 0, sizeof msg.raw);
                hdr_init(msg.raw, types[i], sizeof(struct s0_msg_header));
                expect_validate(msg.raw, sizeof(struct s0_msg_header), -EOPNOTSUPP, "unknown type", types[i]);
                /* a body does not make it known either */
                hdr_init(msg.raw, types[i], 64);
                expect_validate(msg.raw, 64, -EOPNOTSUPP, "unknown type with body", types[i]);
        }
}

static void size_field_must_equal_the_datagram_length(void **state) {
        for (unsigned t = S0_MSG_INVALID + 1; t < _S0_MSG_MAX; t++) {
                if (!type_assigned(t))
                        continue;
                size_t n = build_valid(msg.raw, t);
                set_size(msg.raw, n + 1);
                expect_validate(msg.raw, n, -EBADMSG, "size field one too big", t);
                set_size(msg.raw, n - 1);
                expect_validate(msg.raw, n, -EBADMSG, "size field one too small", t);
                set_size(msg.raw, 0);
                expect_validate(msg.raw, n, -EBADMSG, "size field 0", t);
                set_size(msg.raw, UINT32_MAX);
                expect_validate(msg.raw, n, -EBADMSG, "size field UINT32_MAX", t);
        }
}

static void datagram_shorter_than_a_header_is_rejected(void **state) {
        build_valid(msg.raw, S0_MSG_OK);
        for (size_t n = 0; n < sizeof(struct s0_msg_header); n++)
                expect_validate(msg.raw, n, -EBADMSG, "truncated header", S0_MSG_OK);
        assert_int_equal(s0_msg_validate(NULL, 0), -EBADMSG);
        assert_int_equal(s0_msg_validate(NULL, 64), -EBADMSG);
}

static void oversized_message_is_rejected(void **state) {
        size_t n;

        /* A spawn of exactly S0_MSG_SIZE_MAX bytes: one long argv[0]. */
        memset(msg.raw, 0, sizeof msg.raw);
        n = S0_MSG_SIZE_MAX;
        {
                struct s0_req_spawn *m = (struct s0_req_spawn *) msg.raw;
                m->argc = 1;
                m->strings_size = (uint32_t) (n - sizeof *m);
                memset(m + 1, 'x', m->strings_size - 1);
                hdr_init(msg.raw, S0_MSG_SPAWN, n);
        }
        expect_validate(msg.raw, n, 0, "spawn of exactly the maximum size", S0_MSG_SPAWN);

        /* The same one byte longer, everything else consistent. */
        {
                struct s0_req_spawn *m = (struct s0_req_spawn *) msg.raw;
                n = S0_MSG_SIZE_MAX + 1;
                m->strings_size = (uint32_t) (n - sizeof *m);
                memset(m + 1, 'x', m->strings_size - 1);
                ((char *) (m + 1))[m->strings_size - 1] = 0;
                hdr_init(msg.raw, S0_MSG_SPAWN, n);
        }
        expect_validate(msg.raw, n, -EBADMSG, "spawn one byte over the maximum", S0_MSG_SPAWN);

        /* Even a message with a fixed layout is refused for its length first. */
        build_valid(msg.raw, S0_MSG_OK);
        set_size(msg.raw, S0_MSG_SIZE_MAX + 1);
        expect_validate(msg.raw, S0_MSG_SIZE_MAX + 1, -EBADMSG, "oversized OK", S0_MSG_OK);
}

/* ---- ERROR ------------------------------------------------------------------------- */

static void error_reply_must_carry_a_negative_errno(void **state) {
        static const int32_t bad[] = { 0, 1, EINVAL, INT32_MAX };
        size_t n = build_valid(msg.raw, S0_MSG_ERROR);
        struct s0_rep_error *m = (struct s0_rep_error *) msg.raw;

        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
                m->error = bad[i];
                expect_validate(msg.raw, n, -EBADMSG, "error >= 0", S0_MSG_ERROR);
        }
        m->error = -1;
        expect_validate(msg.raw, n, 0, "error -1", S0_MSG_ERROR);
        m->error = INT32_MIN;
        expect_validate(msg.raw, n, 0, "error INT32_MIN", S0_MSG_ERROR);
}

static void error_reply_with_unterminated_text_is_rejected(void **state) {
        size_t n = build_valid(msg.raw, S0_MSG_ERROR);
        struct s0_rep_error *m = (struct s0_rep_error *) msg.raw;

        memset(m->text, 'e', sizeof m->text);
        expect_validate(msg.raw, n, -EBADMSG, "unterminated text", S0_MSG_ERROR);
        m->text[sizeof m->text - 1] = 0; /* the longest text that fits */
        expect_validate(msg.raw, n, 0, "text filling the field", S0_MSG_ERROR);
}

/* ---- LOGON / LOGOFF ---------------------------------------------------------------- */

static void logon_with_unterminated_user_is_rejected(void **state) {
        size_t n = build_valid(msg.raw, S0_MSG_LOGON);
        struct s0_req_logon *m = (struct s0_req_logon *) msg.raw;

        memset(m->user, 'u', sizeof m->user);
        expect_validate(msg.raw, n, -EBADMSG, "unterminated user", S0_MSG_LOGON);
        m->user[sizeof m->user - 1] = 0; /* 63 characters and the NUL */
        expect_validate(msg.raw, n, 0, "user filling the field", S0_MSG_LOGON);
}

static void logon_with_empty_user_is_rejected(void **state) {
        size_t n = build_valid(msg.raw, S0_MSG_LOGON);
        struct s0_req_logon *m = (struct s0_req_logon *) msg.raw;

        memset(m->user, 0, sizeof m->user);
        expect_validate(msg.raw, n, -EBADMSG, "empty user", S0_MSG_LOGON);
}

static void logon_with_nonzero_flags_is_rejected(void **state) {
        size_t n = build_valid(msg.raw, S0_MSG_LOGON);
        struct s0_req_logon *m = (struct s0_req_logon *) msg.raw;

        m->flags = 1;
        expect_validate(msg.raw, n, -EBADMSG, "logon flags 1", S0_MSG_LOGON);
        m->flags = 0x80000000u;
        expect_validate(msg.raw, n, -EBADMSG, "logon flags bit 31", S0_MSG_LOGON);
}

static void logoff_with_nonzero_flags_is_rejected(void **state) {
        size_t n = build_valid(msg.raw, S0_MSG_LOGOFF);
        struct s0_req_session *m = (struct s0_req_session *) msg.raw;

        m->flags = 1;
        expect_validate(msg.raw, n, -EBADMSG, "logoff flags 1", S0_MSG_LOGOFF);
        m->flags = 0x80000000u;
        expect_validate(msg.raw, n, -EBADMSG, "logoff flags bit 31", S0_MSG_LOGOFF);
}

/* ---- JOIN / DISCONNECT ------------------------------------------------------------- */

static void join_with_empty_or_unterminated_user_is_rejected(void **state) {
        size_t n = build_valid(msg.raw, S0_MSG_JOIN);
        struct s0_req_join *m = (struct s0_req_join *) msg.raw;

        memset(m->user, 0, sizeof m->user);
        expect_validate(msg.raw, n, -EBADMSG, "join with empty user", S0_MSG_JOIN);
        memset(m->user, 'u', sizeof m->user);
        expect_validate(msg.raw, n, -EBADMSG, "join with unterminated user", S0_MSG_JOIN);
}

static void join_accepts_only_known_flags(void **state) {
        size_t n = build_valid(msg.raw, S0_MSG_JOIN);
        struct s0_req_join *m = (struct s0_req_join *) msg.raw;

        m->flags = 0;
        expect_validate(msg.raw, n, 0, "join without reconnect", S0_MSG_JOIN);
        m->flags = S0_JOIN_RECONNECT;
        expect_validate(msg.raw, n, 0, "join with reconnect", S0_MSG_JOIN);
        m->flags = S0_JOIN_RECONNECT | S0_JOIN_REMOTE;
        expect_validate(msg.raw, n, 0, "join with reconnect, remote", S0_MSG_JOIN);
        m->flags = S0_JOIN_REMOTE << 1;
        expect_validate(msg.raw, n, -EBADMSG, "join with an unknown flag", S0_MSG_JOIN);
}

static void disconnect_with_nonzero_flags_is_rejected(void **state) {
        size_t n = build_valid(msg.raw, S0_MSG_DISCONNECT);
        struct s0_req_session *m = (struct s0_req_session *) msg.raw;

        m->flags = 1;
        expect_validate(msg.raw, n, -EBADMSG, "disconnect flags 1", S0_MSG_DISCONNECT);
}

/* ---- OBJ_REAP ---------------------------------------------------------------------- */

static void obj_reap_accepts_any_single_component(void **state) {
        static const char *const good[] = { "x", "...", ".x", "%2Ea", "#0123", "a b", "a\\b", "\xff" };
        struct s0_req_obj_reap *m = (struct s0_req_obj_reap *) msg.raw;
        size_t n;

        for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
                n = build_valid(msg.raw, S0_MSG_OBJ_REAP);
                memset(m->file, 0, sizeof m->file);
                strcpy(m->file, good[i]);
                expect_validate(msg.raw, n, 0, good[i], S0_MSG_OBJ_REAP);
        }
        /* the longest: 255 bytes and the NUL in the last byte of the field */
        n = build_valid(msg.raw, S0_MSG_OBJ_REAP);
        memset(m->file, 'a', sizeof m->file - 1);
        m->file[sizeof m->file - 1] = 0;
        expect_validate(msg.raw, n, 0, "255-byte name", S0_MSG_OBJ_REAP);
        m->session = 4242;
        expect_validate(msg.raw, n, 0, "any session number", S0_MSG_OBJ_REAP);
}

static void obj_reap_with_a_path_or_dot_names_is_invalid(void **state) {
        static const char *const bad[] = { "", ".", "..", "../x", "a/b", "/", "x/", "/etc/passwd" };
        struct s0_req_obj_reap *m = (struct s0_req_obj_reap *) msg.raw;
        size_t n;

        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
                n = build_valid(msg.raw, S0_MSG_OBJ_REAP);
                memset(m->file, 0, sizeof m->file);
                strcpy(m->file, bad[i]);
                expect_validate(msg.raw, n, -EINVAL, bad[i], S0_MSG_OBJ_REAP);
        }
}

static void obj_reap_with_unterminated_file_is_invalid(void **state) {
        struct s0_req_obj_reap *m = (struct s0_req_obj_reap *) msg.raw;
        size_t n = build_valid(msg.raw, S0_MSG_OBJ_REAP);

        memset(m->file, 'a', sizeof m->file);
        expect_validate(msg.raw, n, -EINVAL, "file without a NUL", S0_MSG_OBJ_REAP);
}

/* ---- SPAWN ------------------------------------------------------------------------- */

static void spawn_without_arguments_is_rejected(void **state) {
        size_t n = spawn_build_n(msg.raw, 0, 0);
        expect_validate(msg.raw, n, -EBADMSG, "argc 0, no strings", S0_MSG_SPAWN);
        n = spawn_build_n(msg.raw, 0, 1); /* an environment alone is no command */
        expect_validate(msg.raw, n, -EBADMSG, "argc 0 with env", S0_MSG_SPAWN);
}

static void spawn_with_the_most_arguments_and_environment_is_accepted(void **state) {
        size_t n = spawn_build_n(msg.raw, S0_SPAWN_ARGS_MAX, S0_SPAWN_ENV_MAX);
        expect_validate(msg.raw, n, 0, "argc and envc at their limits", S0_MSG_SPAWN);
}

static void spawn_with_too_many_arguments_is_too_big(void **state) {
        size_t n = spawn_build_n(msg.raw, S0_SPAWN_ARGS_MAX + 1, 0);
        expect_validate(msg.raw, n, -E2BIG, "argc over the limit", S0_MSG_SPAWN);
}

static void spawn_with_too_many_environment_entries_is_too_big(void **state) {
        size_t n = spawn_build_n(msg.raw, 1, S0_SPAWN_ENV_MAX + 1);
        expect_validate(msg.raw, n, -E2BIG, "envc over the limit", S0_MSG_SPAWN);
}

static void spawn_with_huge_counts_is_too_big_not_overflowed(void **state) {
        /* argc + envc must not wrap around to the real string count. */
        size_t n = spawn_build_n(msg.raw, 2, 0);
        struct s0_req_spawn *m = (struct s0_req_spawn *) msg.raw;

        m->argc = UINT32_MAX;
        m->envc = 3;
        expect_validate(msg.raw, n, -E2BIG, "argc UINT32_MAX", S0_MSG_SPAWN);
        m->argc = 1;
        m->envc = UINT32_MAX;
        expect_validate(msg.raw, n, -E2BIG, "envc UINT32_MAX", S0_MSG_SPAWN);
}

static void spawn_strings_size_must_match_the_payload(void **state) {
        size_t n = spawn_build_n(msg.raw, 2, 1);
        struct s0_req_spawn *m = (struct s0_req_spawn *) msg.raw;
        uint32_t real = m->strings_size;

        m->strings_size = real + 1;
        expect_validate(msg.raw, n, -EBADMSG, "strings_size one too big", S0_MSG_SPAWN);
        m->strings_size = real - 1;
        expect_validate(msg.raw, n, -EBADMSG, "strings_size one too small", S0_MSG_SPAWN);
        m->strings_size = 0;
        expect_validate(msg.raw, n, -EBADMSG, "strings_size 0", S0_MSG_SPAWN);
        m->strings_size = UINT32_MAX;
        expect_validate(msg.raw, n, -EBADMSG, "strings_size UINT32_MAX", S0_MSG_SPAWN);
}

static void spawn_strings_must_be_nul_terminated(void **state) {
        size_t n = spawn_build_n(msg.raw, 1, 1);
        struct s0_req_spawn *m = (struct s0_req_spawn *) msg.raw;

        ((char *) (m + 1))[m->strings_size - 1] = 'x';
        /* the last string now runs to the end of the datagram */
        expect_validate(msg.raw, n, -EBADMSG, "last string unterminated", S0_MSG_SPAWN);
}

static void spawn_with_trailing_bytes_after_the_last_string_is_rejected(void **state) {
        /* "a\0\0x": the NUL count equals argc, but "x" runs off the end of the datagram. */
        static const char *const argv[] = { "a", "", "x" };
        char *av[S0_SPAWN_ARGS_MAX + 1], *ev[S0_SPAWN_ENV_MAX + 1];
        size_t n = spawn_build(msg.raw, argv, 3, NULL, 0) - 1;
        struct s0_req_spawn *m = (struct s0_req_spawn *) msg.raw;

        m->argc = 2;
        m->strings_size -= 1;
        set_size(msg.raw, n);
        expect_validate(msg.raw, n, -EBADMSG, "trailing unterminated bytes", S0_MSG_SPAWN);
        assert_int_equal(s0_spawn_unpack(m, n, av, ev), -EBADMSG);
}

static void spawn_string_count_must_equal_argc_plus_envc(void **state) {
        size_t n = spawn_build_n(msg.raw, 2, 1); /* three strings */
        struct s0_req_spawn *m = (struct s0_req_spawn *) msg.raw;

        m->argc = 3;
        expect_validate(msg.raw, n, -EBADMSG, "one string missing", S0_MSG_SPAWN);
        m->argc = 1;
        expect_validate(msg.raw, n, -EBADMSG, "one string too many", S0_MSG_SPAWN);
        m->argc = 1;
        m->envc = 2; /* the same three strings, split differently: valid */
        expect_validate(msg.raw, n, 0, "argc 1 envc 2", S0_MSG_SPAWN);
}

static void spawn_with_empty_strings_counts_each_of_them(void **state) {
        static const char *const argv[] = { "", "" };
        size_t n = spawn_build(msg.raw, argv, 2, NULL, 0);
        struct s0_req_spawn *m = (struct s0_req_spawn *) msg.raw;

        expect_validate(msg.raw, n, 0, "two empty strings", S0_MSG_SPAWN);
        m->argc = 1;
        expect_validate(msg.raw, n, -EBADMSG, "two empty strings, argc 1", S0_MSG_SPAWN);
}

static void spawn_with_unknown_flags_is_rejected(void **state) {
        size_t n = spawn_build_n(msg.raw, 1, 0);
        struct s0_req_spawn *m = (struct s0_req_spawn *) msg.raw;

        m->flags = S0_SPAWN_LOGOFF_ON_EXIT;
        expect_validate(msg.raw, n, 0, "known flag", S0_MSG_SPAWN);
        for (unsigned bit = 0; bit < 32; bit++) {
                if ((1u << bit) & _S0_SPAWN_FLAGS_ALL)
                        continue;
                m->flags = S0_SPAWN_LOGOFF_ON_EXIT | (1u << bit);
                expect_validate(msg.raw, n, -EBADMSG, "unknown flag bit", S0_MSG_SPAWN);
        }
}

static void spawn_with_unterminated_user_is_rejected(void **state) {
        size_t n = spawn_build_n(msg.raw, 1, 0);
        struct s0_req_spawn *m = (struct s0_req_spawn *) msg.raw;

        expect_validate(msg.raw, n, 0, "empty user (the caller's own)", S0_MSG_SPAWN);
        memset(m->user, 'u', sizeof m->user);
        expect_validate(msg.raw, n, -EBADMSG, "unterminated user", S0_MSG_SPAWN);
        m->user[sizeof m->user - 1] = 0;
        expect_validate(msg.raw, n, 0, "user filling the field", S0_MSG_SPAWN);
}

/* ---- SESSION_LIST ------------------------------------------------------------------ */

static void session_list_accepts_zero_to_the_maximum_entries(void **state) {
        static const uint32_t counts[] = { 0, 1, 2, S0_LIST_ENTRIES_MAX };
        assert_true(sizeof(struct s0_rep_list) + S0_LIST_ENTRIES_MAX * sizeof(struct s0_session_info) <=
                    S0_MSG_SIZE_MAX);
        for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
                size_t n = list_build(msg.raw, counts[i]);
                expect_validate(msg.raw, n, 0, "list", S0_MSG_SESSION_LIST);
        }
}

static void session_list_over_the_maximum_entries_is_too_big(void **state) {
        struct s0_rep_list *m = (struct s0_rep_list *) msg.raw;
        size_t n = list_build(msg.raw, 0);

        /* More entries than fit in a datagram: refused for the count, not read. */
        m->count = S0_LIST_ENTRIES_MAX + 1;
        expect_validate(msg.raw, n, -E2BIG, "count MAX+1", S0_MSG_SESSION_LIST);
        m->count = UINT32_MAX;
        expect_validate(msg.raw, n, -E2BIG, "count UINT32_MAX", S0_MSG_SESSION_LIST);
}

static void session_list_count_must_match_the_entries(void **state) {
        struct s0_rep_list *m = (struct s0_rep_list *) msg.raw;
        size_t n = list_build(msg.raw, 2);

        m->count = 1;
        expect_validate(msg.raw, n, -EBADMSG, "one entry more than counted", S0_MSG_SESSION_LIST);
        m->count = 3;
        expect_validate(msg.raw, n, -EBADMSG, "one entry less than counted", S0_MSG_SESSION_LIST);
        m->count = 2;
        set_size(msg.raw, n + sizeof(struct s0_session_info) / 2);
        expect_validate(msg.raw, n + sizeof(struct s0_session_info) / 2, -EBADMSG, "half an entry more",
                        S0_MSG_SESSION_LIST);
}

static void session_list_entry_with_unterminated_user_is_rejected(void **state) {
        struct s0_rep_list *m = (struct s0_rep_list *) msg.raw;
        size_t n = list_build(msg.raw, 3);

        memset(m->entries[2].user, 'u', sizeof m->entries[2].user); /* the last one */
        expect_validate(msg.raw, n, -EBADMSG, "last entry's user unterminated", S0_MSG_SESSION_LIST);
        m->entries[2].user[sizeof m->entries[2].user - 1] = 0;
        expect_validate(msg.raw, n, 0, "user filling the field", S0_MSG_SESSION_LIST);
        memset(m->entries[0].user, 'u', sizeof m->entries[0].user);
        expect_validate(msg.raw, n, -EBADMSG, "first entry's user unterminated", S0_MSG_SESSION_LIST);
}

/* ---- s0_spawn_unpack() ------------------------------------------------------------- */

static void spawn_unpack_splits_argv_and_envp_exactly(void **state) {
        static const char *const args[] = { "/bin/echo", "", "hello world" };
        static const char *const env[] = { "TERM=xterm", "LANG=C.UTF-8" };
        char *argv[S0_SPAWN_ARGS_MAX + 1], *envp[S0_SPAWN_ENV_MAX + 1];
        size_t n = spawn_build(msg.raw, args, 3, env, 2);
        const struct s0_req_spawn *m = (const struct s0_req_spawn *) msg.raw;
        const char *strings = (const char *) (m + 1);

        assert_int_equal(s0_msg_validate(msg.raw, n), 0);
        memset(argv, 0xa5, sizeof argv); /* NULL terminators must be written, not found */
        memset(envp, 0xa5, sizeof envp);
        assert_int_equal(s0_spawn_unpack(m, n, argv, envp), 0);
        for (size_t i = 0; i < 3; i++) {
                assert_string_equal(argv[i], args[i]);
                assert_true(argv[i] >= strings && argv[i] < strings + m->strings_size);
        }
        assert_null(argv[3]);
        for (size_t i = 0; i < 2; i++) {
                assert_string_equal(envp[i], env[i]);
                assert_true(envp[i] >= strings && envp[i] < strings + m->strings_size);
        }
        assert_null(envp[2]);
        /* the strings are used in place, in order */
        assert_ptr_equal(argv[0], strings);
        assert_ptr_equal(envp[1] + strlen(envp[1]) + 1, strings + m->strings_size);
}

static void spawn_unpack_without_environment_gives_empty_envp(void **state) {
        char *argv[S0_SPAWN_ARGS_MAX + 1], *envp[S0_SPAWN_ENV_MAX + 1];
        size_t n = spawn_build_n(msg.raw, 1, 0);

        memset(envp, 0xa5, sizeof envp);
        assert_int_equal(s0_spawn_unpack((const struct s0_req_spawn *) msg.raw, n, argv, envp), 0);
        assert_string_equal(argv[0], "a");
        assert_null(argv[1]);
        assert_null(envp[0]);
}

static void spawn_unpack_fills_every_slot_at_the_limits(void **state) {
        char *argv[S0_SPAWN_ARGS_MAX + 1], *envp[S0_SPAWN_ENV_MAX + 1];
        size_t n = spawn_build_n(msg.raw, S0_SPAWN_ARGS_MAX, S0_SPAWN_ENV_MAX);

        memset(argv, 0xa5, sizeof argv);
        memset(envp, 0xa5, sizeof envp);
        assert_int_equal(s0_spawn_unpack((const struct s0_req_spawn *) msg.raw, n, argv, envp), 0);
        for (size_t i = 0; i < S0_SPAWN_ARGS_MAX; i++)
                assert_string_equal(argv[i], "a");
        assert_null(argv[S0_SPAWN_ARGS_MAX]);
        for (size_t i = 0; i < S0_SPAWN_ENV_MAX; i++)
                assert_string_equal(envp[i], "K=v");
        assert_null(envp[S0_SPAWN_ENV_MAX]);
}

static void spawn_unpack_refuses_what_validation_refuses(void **state) {
        char *argv[S0_SPAWN_ARGS_MAX + 1], *envp[S0_SPAWN_ENV_MAX + 1];
        struct s0_req_spawn *m = (struct s0_req_spawn *) msg.raw;
        size_t n = spawn_build_n(msg.raw, 2, 1);

        m->argc = 3; /* one string missing */
        assert_int_equal(s0_spawn_unpack(m, n, argv, envp), -EBADMSG);
        m->argc = 2;
        ((char *) (m + 1))[m->strings_size - 1] = 'x';
        assert_int_equal(s0_spawn_unpack(m, n, argv, envp), -EBADMSG);
        n = spawn_build_n(msg.raw, S0_SPAWN_ARGS_MAX + 1, 0);
        assert_int_equal(s0_spawn_unpack(m, n, argv, envp), -EBADMSG);
}

/* ---- the fuzzer's seeds ----------------------------------------------------------- */

/* fuzz/make-seeds.py writes valid messages of every type; after a protocol change they
 * must be regenerated, or the fuzzer starts from garbage without anyone noticing. */
/* ---- the audit journal's messages --------------------------------------------------- */

static void events_request_accepts_only_known_kinds_and_no_flags(void **state) {
        static const unsigned types[] = { S0_MSG_EVENTS, S0_MSG_EVENTS_FOLLOW };
        for (size_t i = 0; i < 2; i++) {
                unsigned t = types[i];
                size_t n = build_valid(msg.raw, t);
                struct s0_req_events *m = (struct s0_req_events *) msg.raw;
                m->kind = _S0_EVENT_KIND_MAX - 1;
                expect_validate(msg.raw, n, 0, "last kind", t);
                m->kind = _S0_EVENT_KIND_MAX;
                expect_validate(msg.raw, n, -EBADMSG, "kind out of range", t);
                m->kind = 0;
                m->flags = 1;
                expect_validate(msg.raw, n, -EBADMSG, "nonzero flags", t);
        }
}

static void event_list_accepts_zero_to_the_maximum_events(void **state) {
        size_t n = event_list_build(msg.raw, 0);
        expect_validate(msg.raw, n, 0, "empty event list", S0_MSG_EVENT_LIST);
        n = event_list_build(msg.raw, (uint32_t) S0_EVENT_LIST_MAX);
        expect_validate(msg.raw, n, 0, "full event list", S0_MSG_EVENT_LIST);
}

static void event_list_over_the_maximum_is_too_big(void **state) {
        size_t n = event_list_build(msg.raw, 1);
        ((struct s0_rep_event_list *) msg.raw)->count = (uint32_t) S0_EVENT_LIST_MAX + 1;
        expect_validate(msg.raw, n, -E2BIG, "count over the maximum", S0_MSG_EVENT_LIST);
        ((struct s0_rep_event_list *) msg.raw)->count = UINT32_MAX;
        expect_validate(msg.raw, n, -E2BIG, "huge count", S0_MSG_EVENT_LIST);
}

static void event_list_count_must_match_the_events(void **state) {
        size_t n = event_list_build(msg.raw, 3);
        ((struct s0_rep_event_list *) msg.raw)->count = 2;
        expect_validate(msg.raw, n, -EBADMSG, "one event more than counted", S0_MSG_EVENT_LIST);
        ((struct s0_rep_event_list *) msg.raw)->count = 4;
        expect_validate(msg.raw, n, -EBADMSG, "one event less than counted", S0_MSG_EVENT_LIST);
        n = event_list_build(msg.raw, 1);
        set_size(msg.raw, n - 1);
        expect_validate(msg.raw, n - 1, -EBADMSG, "last event cut short", S0_MSG_EVENT_LIST);
}

static void event_list_with_unterminated_target_or_unknown_flags_is_rejected(void **state) {
        size_t n = event_list_build(msg.raw, 2);
        struct s0_rep_event_list *m = (struct s0_rep_event_list *) msg.raw;
        memset(m->events[1].target, 'x', sizeof m->events[1].target);
        expect_validate(msg.raw, n, -EBADMSG, "unterminated target", S0_MSG_EVENT_LIST);
        n = event_list_build(msg.raw, 0);
        m->flags = S0_EVENTS_GAP | S0_EVENTS_MORE;
        expect_validate(msg.raw, n, 0, "known flags", S0_MSG_EVENT_LIST);
        m->flags = 4;
        expect_validate(msg.raw, n, -EBADMSG, "unknown flag", S0_MSG_EVENT_LIST);
}

static void audit_report_needs_a_kind_a_terminated_target_and_zero_reserved(void **state) {
        size_t n = build_valid(msg.raw, S0_MSG_AUDIT);
        struct s0_req_audit *m = (struct s0_req_audit *) msg.raw;

        m->kind = S0_EVENT_NONE;
        expect_validate(msg.raw, n, -EBADMSG, "kind none", S0_MSG_AUDIT);
        m->kind = _S0_EVENT_KIND_MAX;
        expect_validate(msg.raw, n, -EBADMSG, "kind out of range", S0_MSG_AUDIT);
        /* a daemon kind is well-formed: refusing it is the daemon's decision (and an event) */
        m->kind = S0_EVENT_SPAWN;
        expect_validate(msg.raw, n, 0, "daemon kind", S0_MSG_AUDIT);
        m->reserved = 1;
        expect_validate(msg.raw, n, -EBADMSG, "nonzero reserved", S0_MSG_AUDIT);
        m->reserved = 0;
        memset(m->target, 'p', sizeof m->target);
        expect_validate(msg.raw, n, -EBADMSG, "unterminated target", S0_MSG_AUDIT);
        m->target[sizeof m->target - 1] = 0;
        expect_validate(msg.raw, n, 0, "longest target", S0_MSG_AUDIT);
}

/* ---- WTSSendMessage --------------------------------------------------------------- */

static void unassigned_type_numbers_are_not_supported(void **state) {
        for (unsigned t = S0_MSG_INVALID + 1; t < _S0_MSG_MAX; t++) {
                if (type_assigned(t))
                        continue;
                memset(msg.raw, 0, sizeof msg.raw);
                hdr_init(msg.raw, t, 64);
                expect_validate(msg.raw, 64, -EOPNOTSUPP, "unassigned type", t);
        }
}

static void lock_takes_only_the_unlock_flag(void **state) {
        size_t n = build_valid(msg.raw, S0_MSG_LOCK);
        ((struct s0_req_session *) msg.raw)->flags = S0_LOCK_UNLOCK;
        expect_validate(msg.raw, n, 0, "unlock", S0_MSG_LOCK);
        ((struct s0_req_session *) msg.raw)->flags = 2;
        expect_validate(msg.raw, n, -EBADMSG, "lock flags 2", S0_MSG_LOCK);
        /* and DISCONNECT, sharing the layout, still takes none */
        n = build_valid(msg.raw, S0_MSG_DISCONNECT);
        ((struct s0_req_session *) msg.raw)->flags = S0_LOCK_UNLOCK;
        expect_validate(msg.raw, n, -EBADMSG, "disconnect with the unlock flag", S0_MSG_DISCONNECT);
}

static void agent_register_with_nonzero_flags_is_rejected(void **state) {
        size_t n = build_valid(msg.raw, S0_MSG_AGENT_REGISTER);
        ((struct s0_req_agent_register *) msg.raw)->flags = 1;
        expect_validate(msg.raw, n, -EBADMSG, "register flags", S0_MSG_AGENT_REGISTER);
        n = build_valid(msg.raw, S0_MSG_AGENT_REGISTER);
        ((struct s0_req_agent_register *) msg.raw)->reserved = 1;
        expect_validate(msg.raw, n, -EBADMSG, "register reserved", S0_MSG_AGENT_REGISTER);
}

static void send_message_with_unterminated_title_or_text_is_rejected(void **state) {
        struct s0_req_send_message *m = (void *) msg.raw;
        size_t n = build_valid(msg.raw, S0_MSG_SEND_MESSAGE);

        memset(m->title, 'T', sizeof m->title);
        expect_validate(msg.raw, n, -EBADMSG, "unterminated title", S0_MSG_SEND_MESSAGE);
        n = build_valid(msg.raw, S0_MSG_SEND_MESSAGE);
        memset(m->text, 'x', sizeof m->text);
        expect_validate(msg.raw, n, -EBADMSG, "unterminated text", S0_MSG_SEND_MESSAGE);
        /* the longest of each: 255 and 1023 bytes */
        n = build_valid(msg.raw, S0_MSG_SEND_MESSAGE);
        memset(m->title, 'T', sizeof m->title - 1);
        memset(m->text, 'x', sizeof m->text - 1);
        expect_validate(msg.raw, n, 0, "longest title and text", S0_MSG_SEND_MESSAGE);
}

static void send_message_accepts_every_windows_style_and_no_other(void **state) {
        struct s0_req_send_message *m = (void *) msg.raw;
        size_t n;

        for (uint32_t type = 0; type <= 15; type++) {
                n = build_valid(msg.raw, S0_MSG_SEND_MESSAGE);
                m->style = type | 0x40 | 0x300 | 0x40000; /* icon, MB_DEFBUTTON4, MB_TOPMOST: accepted */
                expect_validate(msg.raw, n, type <= 6 ? 0 : -EBADMSG, "style type", S0_MSG_SEND_MESSAGE);
        }
        n = build_valid(msg.raw, S0_MSG_SEND_MESSAGE);
        m->style = 0x00400000; /* no such MB_ bit */
        expect_validate(msg.raw, n, -EBADMSG, "unknown style bit", S0_MSG_SEND_MESSAGE);
        n = build_valid(msg.raw, S0_MSG_SEND_MESSAGE);
        m->flags = 2;
        expect_validate(msg.raw, n, -EBADMSG, "unknown send flag", S0_MSG_SEND_MESSAGE);
}

static void message_show_needs_a_timeout(void **state) {
        size_t n = build_valid(msg.raw, S0_MSG_MESSAGE_SHOW);
        ((struct s0_msg_message_show *) msg.raw)->timeout_s = 0;
        expect_validate(msg.raw, n, -EBADMSG, "show without timeout", S0_MSG_MESSAGE_SHOW);
}

static void message_answer_must_be_a_windows_id(void **state) {
        static const uint32_t ok[] = { 1, 2, 3, 4, 5, 6, 7, 10, 11, 32000, 32001 };
        static const uint32_t bad[] = { 0, 8, 9, 12, 31999, 32002, 0xFFFFFFFF };
        size_t n;

        for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
                n = build_valid(msg.raw, S0_MSG_MESSAGE_ANSWER);
                ((struct s0_msg_message_answer *) msg.raw)->response = ok[i];
                expect_validate(msg.raw, n, 0, "answer", S0_MSG_MESSAGE_ANSWER);
        }
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
                n = build_valid(msg.raw, S0_MSG_MESSAGE_ANSWER);
                ((struct s0_msg_message_answer *) msg.raw)->response = bad[i];
                expect_validate(msg.raw, n, -EBADMSG, "bad answer", S0_MSG_MESSAGE_ANSWER);
        }
}

static void protocol_seed_corpus_is_all_valid_messages(void **state) {
        const char *dir = getenv("S0_PROTOCOL_SEEDS");
        unsigned seen[_S0_MSG_MAX] = { 0 };
        struct dirent *de;
        DIR *d;

        if (!dir)
                skip(); /* run outside meson test */
        d = opendir(dir);
        assert_non_null(d);
        while ((de = readdir(d))) {
                char path[4096];
                size_t n;
                FILE *f;

                if (de->d_name[0] == '.')
                        continue;
                snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
                f = fopen(path, "re");
                assert_non_null(f);
                n = fread(msg.raw, 1, sizeof msg.raw, f);
                fclose(f);
                expect_validate(msg.raw, n, 0, de->d_name, n >= sizeof msg.hdr ? msg.hdr.type : 0);
                seen[msg.hdr.type]++;
        }
        closedir(d);
        for (unsigned t = S0_MSG_INVALID + 1; t < _S0_MSG_MAX; t++)
                if (type_assigned(t) && seen[t] == 0)
                        fail_msg("no seed of type %s in %s", type_name(t), dir);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(every_type_is_accepted_at_its_exact_size),
                cmocka_unit_test(every_type_is_rejected_one_byte_short),
                cmocka_unit_test(every_type_is_rejected_one_byte_long),
                cmocka_unit_test(variable_types_shorter_than_their_fixed_part_are_rejected),
                cmocka_unit_test(bad_magic_is_rejected_for_every_type),
                cmocka_unit_test(other_protocol_versions_are_reported_as_unsupported),
                cmocka_unit_test(a_newer_version_is_unsupported_even_with_a_type_we_do_not_know),
                cmocka_unit_test(unknown_types_are_not_supported),
                cmocka_unit_test(size_field_must_equal_the_datagram_length),
                cmocka_unit_test(datagram_shorter_than_a_header_is_rejected),
                cmocka_unit_test(oversized_message_is_rejected),
                cmocka_unit_test(error_reply_must_carry_a_negative_errno),
                cmocka_unit_test(error_reply_with_unterminated_text_is_rejected),
                cmocka_unit_test(logon_with_unterminated_user_is_rejected),
                cmocka_unit_test(join_with_empty_or_unterminated_user_is_rejected),
                cmocka_unit_test(join_accepts_only_known_flags),
                cmocka_unit_test(disconnect_with_nonzero_flags_is_rejected),
                cmocka_unit_test(obj_reap_accepts_any_single_component),
                cmocka_unit_test(obj_reap_with_a_path_or_dot_names_is_invalid),
                cmocka_unit_test(obj_reap_with_unterminated_file_is_invalid),
                cmocka_unit_test(unassigned_type_numbers_are_not_supported),
                cmocka_unit_test(lock_takes_only_the_unlock_flag),
                cmocka_unit_test(agent_register_with_nonzero_flags_is_rejected),
                cmocka_unit_test(send_message_with_unterminated_title_or_text_is_rejected),
                cmocka_unit_test(send_message_accepts_every_windows_style_and_no_other),
                cmocka_unit_test(message_show_needs_a_timeout),
                cmocka_unit_test(message_answer_must_be_a_windows_id),
                cmocka_unit_test(logon_with_empty_user_is_rejected),
                cmocka_unit_test(logon_with_nonzero_flags_is_rejected),
                cmocka_unit_test(logoff_with_nonzero_flags_is_rejected),
                cmocka_unit_test(spawn_without_arguments_is_rejected),
                cmocka_unit_test(spawn_with_the_most_arguments_and_environment_is_accepted),
                cmocka_unit_test(spawn_with_too_many_arguments_is_too_big),
                cmocka_unit_test(spawn_with_too_many_environment_entries_is_too_big),
                cmocka_unit_test(spawn_with_huge_counts_is_too_big_not_overflowed),
                cmocka_unit_test(spawn_strings_size_must_match_the_payload),
                cmocka_unit_test(spawn_strings_must_be_nul_terminated),
                cmocka_unit_test(spawn_with_trailing_bytes_after_the_last_string_is_rejected),
                cmocka_unit_test(spawn_string_count_must_equal_argc_plus_envc),
                cmocka_unit_test(spawn_with_empty_strings_counts_each_of_them),
                cmocka_unit_test(spawn_with_unknown_flags_is_rejected),
                cmocka_unit_test(spawn_with_unterminated_user_is_rejected),
                cmocka_unit_test(session_list_accepts_zero_to_the_maximum_entries),
                cmocka_unit_test(session_list_over_the_maximum_entries_is_too_big),
                cmocka_unit_test(session_list_count_must_match_the_entries),
                cmocka_unit_test(session_list_entry_with_unterminated_user_is_rejected),
                cmocka_unit_test(spawn_unpack_splits_argv_and_envp_exactly),
                cmocka_unit_test(spawn_unpack_without_environment_gives_empty_envp),
                cmocka_unit_test(spawn_unpack_fills_every_slot_at_the_limits),
                cmocka_unit_test(spawn_unpack_refuses_what_validation_refuses),
                cmocka_unit_test(events_request_accepts_only_known_kinds_and_no_flags),
                cmocka_unit_test(event_list_accepts_zero_to_the_maximum_events),
                cmocka_unit_test(event_list_over_the_maximum_is_too_big),
                cmocka_unit_test(event_list_count_must_match_the_events),
                cmocka_unit_test(event_list_with_unterminated_target_or_unknown_flags_is_rejected),
                cmocka_unit_test(audit_report_needs_a_kind_a_terminated_target_and_zero_reserved),
                cmocka_unit_test(protocol_seed_corpus_is_all_valid_messages),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
