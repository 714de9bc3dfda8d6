/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Validation of control messages: the only code that looks at a datagram before its
 * fields are trusted. Pure functions, fuzzed by fuzz/fuzz-protocol.c. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <session0/protocol.h>

#include "macro.h"

/* Fixed part of each message type; variable-size types say so. */
static const struct {
        uint32_t size;
        uint8_t variable;
} msg_layout[_S0_MSG_MAX] = {
        [S0_MSG_ERROR] = { sizeof(struct s0_rep_error), 0 },
        [S0_MSG_OK] = { sizeof(struct s0_msg_header), 0 },
        [S0_MSG_SESSION] = { sizeof(struct s0_rep_session), 0 },
        [S0_MSG_SESSION_LIST] = { sizeof(struct s0_rep_list), 1 },
        [S0_MSG_SPAWNED] = { sizeof(struct s0_rep_spawned), 0 },
        [S0_MSG_EXITED] = { sizeof(struct s0_rep_exited), 0 },
        [S0_MSG_LOGON] = { sizeof(struct s0_req_logon), 0 },
        [S0_MSG_LOGOFF] = { sizeof(struct s0_req_session), 0 },
        [S0_MSG_SPAWN] = { sizeof(struct s0_req_spawn), 1 },
        [S0_MSG_LIST] = { sizeof(struct s0_req_list), 0 },
        [S0_MSG_SESSION_OF] = { sizeof(struct s0_req_pid), 0 },
        [S0_MSG_JOIN] = { sizeof(struct s0_req_join), 0 },
        [S0_MSG_JOINED] = { sizeof(struct s0_rep_joined), 0 },
        [S0_MSG_DISCONNECT] = { sizeof(struct s0_req_session), 0 },
        [S0_MSG_OBJ_REAP] = { sizeof(struct s0_req_obj_reap), 0 },
        [S0_MSG_EVENTS] = { sizeof(struct s0_req_events), 0 },
        [S0_MSG_EVENT_LIST] = { sizeof(struct s0_rep_event_list), 1 },
        [S0_MSG_EVENTS_FOLLOW] = { sizeof(struct s0_req_events), 0 },
        [S0_MSG_AUDIT] = { sizeof(struct s0_req_audit), 0 },
        [S0_MSG_AGENT_REGISTER] = { sizeof(struct s0_req_agent_register), 0 },
        [S0_MSG_SEND_MESSAGE] = { sizeof(struct s0_req_send_message), 0 },
        [S0_MSG_MESSAGE_SHOW] = { sizeof(struct s0_msg_message_show), 0 },
        [S0_MSG_MESSAGE_ANSWER] = { sizeof(struct s0_msg_message_answer), 0 },
        [S0_MSG_LOCK] = { sizeof(struct s0_req_session), 0 },
};

static int field_is_string(const char *s, size_t max) { return memchr(s, 0, max) != NULL; }

/* Counts NUL-terminated strings in p[0..n); -EBADMSG unless n ends on a NUL. */
static int count_strings(const char *p, size_t n) {
        int count = 0;
        if (n == 0)
                return 0;
        if (p[n - 1] != 0)
                return -EBADMSG;
        for (size_t i = 0; i < n; i++)
                if (p[i] == 0)
                        count++;
        return count;
}

static int validate_spawn(const struct s0_req_spawn *m, size_t n) {
        int count;
        if (m->strings_size != n - sizeof(*m))
                return -EBADMSG;
        if (!field_is_string(m->user, sizeof m->user))
                return -EBADMSG;
        if (m->flags & ~(uint32_t) _S0_SPAWN_FLAGS_ALL)
                return -EBADMSG;
        if (m->argc == 0)
                return -EBADMSG;
        if (m->argc > S0_SPAWN_ARGS_MAX || m->envc > S0_SPAWN_ENV_MAX)
                return -E2BIG;
        count = count_strings((const char *) (m + 1), m->strings_size);
        if (count < 0)
                return count;
        if ((uint32_t) count != m->argc + m->envc)
                return -EBADMSG;
        return 0;
}

/* One component of a directory: NUL-terminated in the field, not empty, no '/', not
 * "." or ".." -- so openat()/unlinkat() on the namespace's descriptor cannot leave it. */
static int validate_obj_reap(const struct s0_req_obj_reap *m) {
        const char *f = m->file;

        if (!field_is_string(f, sizeof m->file) || f[0] == 0 || strchr(f, '/') || strcmp(f, ".") == 0 ||
            strcmp(f, "..") == 0)
                return -EINVAL;
        return 0;
}

static int validate_event_list(const struct s0_rep_event_list *m, size_t n) {
        if (m->count > S0_EVENT_LIST_MAX)
                return -E2BIG;
        if (n != sizeof(*m) + (size_t) m->count * sizeof(struct s0_event))
                return -EBADMSG;
        if (m->flags & ~(uint32_t) (S0_EVENTS_GAP | S0_EVENTS_MORE))
                return -EBADMSG;
        for (uint32_t i = 0; i < m->count; i++)
                if (!field_is_string(m->events[i].target, sizeof m->events[i].target))
                        return -EBADMSG;
        return 0;
}

static int validate_list(const struct s0_rep_list *m, size_t n) {
        if (m->count > S0_LIST_ENTRIES_MAX)
                return -E2BIG;
        if (n != sizeof(*m) + (size_t) m->count * sizeof(struct s0_session_info))
                return -EBADMSG;
        for (uint32_t i = 0; i < m->count; i++)
                if (!field_is_string(m->entries[i].user, sizeof m->entries[i].user))
                        return -EBADMSG;
        return 0;
}

/* WTSSendMessage: strings NUL-terminated in their fields, a style Windows defines, an
 * answer that is one of the ID* values. */
static bool message_style_ok(uint32_t style) {
        return !(style & ~S0_MB_KNOWN) && (style & S0_MB_TYPEMASK) <= S0_MB_TYPE_LAST;
}

static bool message_response_ok(uint32_t r) {
        return (r >= 1 && r <= 7) || r == 10 || r == 11 || r == S0_ID_TIMEOUT || r == S0_ID_ASYNC;
}

static int validate_message_box(uint16_t type, const void *buf) {
        switch (type) {
        case S0_MSG_AGENT_REGISTER: {
                const struct s0_req_agent_register *m = buf;
                return m->flags == 0 && m->reserved == 0 ? 0 : -EBADMSG;
        }
        case S0_MSG_SEND_MESSAGE: {
                const struct s0_req_send_message *m = buf;
                if (!field_is_string(m->title, sizeof m->title) || !field_is_string(m->text, sizeof m->text) ||
                    !message_style_ok(m->style) || (m->flags & ~(uint32_t) _S0_SEND_MESSAGE_FLAGS_ALL))
                        return -EBADMSG;
                return 0;
        }
        case S0_MSG_MESSAGE_SHOW: {
                const struct s0_msg_message_show *m = buf;
                if (!field_is_string(m->title, sizeof m->title) || !field_is_string(m->text, sizeof m->text) ||
                    !message_style_ok(m->style) || m->timeout_s == 0)
                        return -EBADMSG;
                return 0;
        }
        default: {
                const struct s0_msg_message_answer *m = buf;
                return message_response_ok(m->response) ? 0 : -EBADMSG;
        }
        }
}

int s0_msg_validate(const void *buf, size_t n) {
        const struct s0_msg_header *h = buf;

        if (!buf || n < sizeof(*h) || n > S0_MSG_SIZE_MAX)
                return -EBADMSG;
        if (h->magic != S0_MSG_MAGIC)
                return -EBADMSG;
        if (h->version != S0_PROTOCOL_VERSION)
                return -EPROTO;
        if (h->size != n)
                return -EBADMSG;
        /* size 0: a number in the enum's range that no message has (yet) */
        if (h->type == S0_MSG_INVALID || h->type >= _S0_MSG_MAX || msg_layout[h->type].size == 0)
                return -EOPNOTSUPP;
        if (n < msg_layout[h->type].size || (!msg_layout[h->type].variable && n != msg_layout[h->type].size))
                return -EBADMSG;

        switch (h->type) {
        case S0_MSG_ERROR: {
                const struct s0_rep_error *m = buf;
                return field_is_string(m->text, sizeof m->text) && m->error < 0 ? 0 : -EBADMSG;
        }
        case S0_MSG_LOGON: {
                const struct s0_req_logon *m = buf;
                if (!field_is_string(m->user, sizeof m->user) || m->user[0] == 0 || m->flags != 0)
                        return -EBADMSG;
                return 0;
        }
        case S0_MSG_JOIN: {
                const struct s0_req_join *m = buf;
                if (!field_is_string(m->user, sizeof m->user) || m->user[0] == 0 ||
                    (m->flags & ~(uint32_t) _S0_JOIN_FLAGS_ALL))
                        return -EBADMSG;
                return 0;
        }
        case S0_MSG_LOGOFF:
        case S0_MSG_DISCONNECT: {
                const struct s0_req_session *m = buf;
                return m->flags == 0 ? 0 : -EBADMSG;
        }
        case S0_MSG_LOCK: {
                const struct s0_req_session *m = buf;
                return (m->flags & ~(uint32_t) S0_LOCK_UNLOCK) == 0 ? 0 : -EBADMSG;
        }
        case S0_MSG_SPAWN:
                return validate_spawn(buf, n);
        case S0_MSG_SESSION_LIST:
                return validate_list(buf, n);
        case S0_MSG_OBJ_REAP:
                return validate_obj_reap(buf);
        case S0_MSG_EVENTS:
        case S0_MSG_EVENTS_FOLLOW: {
                const struct s0_req_events *m = buf;
                if (m->flags != 0 || m->kind >= _S0_EVENT_KIND_MAX)
                        return -EBADMSG;
                return 0;
        }
        case S0_MSG_EVENT_LIST:
                return validate_event_list(buf, n);
        case S0_MSG_AUDIT: {
                const struct s0_req_audit *m = buf;
                if (m->reserved != 0 || m->kind == S0_EVENT_NONE || m->kind >= _S0_EVENT_KIND_MAX ||
                    !field_is_string(m->target, sizeof m->target))
                        return -EBADMSG;
                return 0;
        }
        case S0_MSG_AGENT_REGISTER:
        case S0_MSG_SEND_MESSAGE:
        case S0_MSG_MESSAGE_SHOW:
        case S0_MSG_MESSAGE_ANSWER:
                return validate_message_box(h->type, buf);
        default:
                return 0;
        }
}

int s0_spawn_unpack(const struct s0_req_spawn *req, size_t n, char **argv, char **envp) {
        char *p, *end;
        uint32_t i;

        if (!req || n < sizeof *req || validate_spawn(req, n) < 0)
                return -EBADMSG;
        /* Validated above: strings_size bytes of exactly argc+envc NUL-terminated strings. */
        p = (char *) (req + 1);
        end = p + req->strings_size;
        for (i = 0; i < req->argc; i++) {
                argv[i] = p;
                p += strlen(p) + 1;
        }
        argv[i] = NULL;
        for (i = 0; i < req->envc; i++) {
                envp[i] = p;
                p += strlen(p) + 1;
        }
        envp[i] = NULL;
        return p == end ? 0 : -EBADMSG;
}
