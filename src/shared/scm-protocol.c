/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Validation of s0-scm protocol datagrams (include/session0/scm-protocol.h). Pure: no
 * I/O, no allocation; fuzzed by fuzz/fuzz-scm-protocol.c. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <session0/scm-protocol.h>

static const struct {
        size_t size;
        bool variable;
} layout[_S0_SCM_MSG_MAX] = {
        [S0_SCM_MSG_ERROR] = { sizeof(struct s0_scm_rep_error), false },
        [S0_SCM_MSG_OK] = { sizeof(struct s0_scm_hdr), false },
        [S0_SCM_MSG_STATUS] = { sizeof(struct s0_scm_msg_status), false },
        [S0_SCM_MSG_CONFIG] = { sizeof(struct s0_scm_msg_config), true },
        [S0_SCM_MSG_ENUM_LIST] = { sizeof(struct s0_scm_rep_enum), true },
        [S0_SCM_MSG_QUERY] = { sizeof(struct s0_scm_req_name), false },
        [S0_SCM_MSG_START] = { sizeof(struct s0_scm_req_name), false },
        [S0_SCM_MSG_CONTROL] = { sizeof(struct s0_scm_req_control), false },
        [S0_SCM_MSG_GET_CONFIG] = { sizeof(struct s0_scm_req_name), false },
        [S0_SCM_MSG_SET_CONFIG] = { sizeof(struct s0_scm_msg_config), true },
        [S0_SCM_MSG_DELETE] = { sizeof(struct s0_scm_req_name), false },
        [S0_SCM_MSG_ENUM] = { sizeof(struct s0_scm_req_enum), false },
        [S0_SCM_MSG_OPEN] = { sizeof(struct s0_scm_req_name), false },
        [S0_SCM_MSG_HELLO] = { sizeof(struct s0_scm_msg_status), false },
        [S0_SCM_MSG_SET_STATUS] = { sizeof(struct s0_scm_msg_status), false },
        [S0_SCM_MSG_SVC_CONTROL] = { sizeof(struct s0_scm_msg_svc_control), false },
        [S0_SCM_MSG_SVC_RESULT] = { sizeof(struct s0_scm_msg_svc_result), false },
};

static bool field_is_string(const char *s, size_t size) { return memchr(s, 0, size) != NULL; }

int s0_scm_name_valid(const char *name) {
        size_t n = 0;

        if (!name || name[0] == 0 || name[0] == '.')
                return -EINVAL;
        for (; name[n]; n++) {
                char c = name[n];
                if (n + 1 >= S0_SCM_NAME_MAX)
                        return -ENAMETOOLONG;
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                      c == '-' || c == '.'))
                        return -EINVAL;
        }
        return 0;
}

/* A name field: NUL-terminated within its size and a valid service name. */
static bool name_ok(const char *s) {
        return field_is_string(s, S0_SCM_NAME_MAX) && s0_scm_name_valid(s) == 0;
}

/* Windows' states are 1 (STOPPED) .. 7 (PAUSED). */
static bool status_ok(const struct s0_scm_status *st) {
        return st->current_state >= 1 && st->current_state <= 7 && (st->scm_flags & ~_S0_SCM_STATUS_ALL) == 0;
}

static int validate_config(const struct s0_scm_msg_config *m, size_t n, bool request) {
        if (m->text_size != n - sizeof(*m) || m->text_size > S0_SCM_CONFIG_TEXT_MAX)
                return -EBADMSG;
        if (m->flags & ~(uint32_t) _S0_SCM_CONFIG_ALL || (!request && m->flags != 0))
                return -EBADMSG;
        if (!name_ok(m->name) || memchr(m->text, 0, m->text_size))
                return -EBADMSG;
        return 0;
}

static int validate_enum(const struct s0_scm_rep_enum *m, size_t n) {
        if (m->count > S0_SCM_ENUM_PAGE || n != sizeof(*m) + (size_t) m->count * sizeof(m->entries[0]))
                return -EBADMSG;
        for (uint32_t i = 0; i < m->count; i++) {
                const struct s0_scm_enum_entry *e = &m->entries[i];
                if (!name_ok(e->name) || !field_is_string(e->display_name, sizeof e->display_name) ||
                    !status_ok(&e->status))
                        return -EBADMSG;
        }
        return 0;
}

int s0_scm_msg_validate(const void *buf, size_t n) {
        const struct s0_scm_hdr *h = buf;

        if (!buf || n < sizeof(*h) || n > S0_SCM_MSG_SIZE_MAX)
                return -EBADMSG;
        if (h->magic != S0_SCM_MAGIC)
                return -EBADMSG;
        if (h->version != S0_SCM_PROTOCOL_VERSION)
                return -EPROTO;
        if (h->size != n)
                return -EBADMSG;
        if (h->type == S0_SCM_MSG_INVALID || h->type >= _S0_SCM_MSG_MAX)
                return -EOPNOTSUPP;
        if (n < layout[h->type].size || (!layout[h->type].variable && n != layout[h->type].size))
                return -EBADMSG;

        switch (h->type) {
        case S0_SCM_MSG_ERROR: {
                const struct s0_scm_rep_error *m = buf;
                return m->error != 0 && m->reserved == 0 && field_is_string(m->text, sizeof m->text) ? 0 : -EBADMSG;
        }
        case S0_SCM_MSG_STATUS:
        case S0_SCM_MSG_HELLO:
        case S0_SCM_MSG_SET_STATUS: {
                const struct s0_scm_msg_status *m = buf;
                return name_ok(m->name) && status_ok(&m->status) ? 0 : -EBADMSG;
        }
        case S0_SCM_MSG_CONFIG:
                return validate_config(buf, n, false);
        case S0_SCM_MSG_SET_CONFIG:
                return validate_config(buf, n, true);
        case S0_SCM_MSG_ENUM_LIST:
                return validate_enum(buf, n);
        case S0_SCM_MSG_QUERY:
        case S0_SCM_MSG_START:
        case S0_SCM_MSG_GET_CONFIG:
        case S0_SCM_MSG_DELETE:
        case S0_SCM_MSG_OPEN: {
                const struct s0_scm_req_name *m = buf;
                return name_ok(m->name) ? 0 : -EBADMSG;
        }
        case S0_SCM_MSG_CONTROL: {
                const struct s0_scm_req_control *m = buf;
                /* user-defined controls are 128..255; 0 is not a control */
                return name_ok(m->name) && m->reserved == 0 && m->control != 0 && m->control <= 255 ? 0 : -EBADMSG;
        }
        case S0_SCM_MSG_ENUM: {
                const struct s0_scm_req_enum *m = buf;
                return m->reserved == 0 ? 0 : -EBADMSG;
        }
        case S0_SCM_MSG_SVC_CONTROL: {
                const struct s0_scm_msg_svc_control *m = buf;
                return m->reserved == 0 && m->control != 0 && m->control <= 255 ? 0 : -EBADMSG;
        }
        case S0_SCM_MSG_SVC_RESULT: {
                const struct s0_scm_msg_svc_result *m = buf;
                return m->reserved == 0 ? 0 : -EBADMSG;
        }
        default:
                return 0;
        }
}
