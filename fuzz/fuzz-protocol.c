/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0_msg_validate() and s0_spawn_unpack() on arbitrary datagrams: what any local user
 * can send to session0d's control socket. Besides "no crash, no out-of-bounds read"
 * (ASan/UBSan), the invariants that the daemon's handlers rely on after a 0 are
 * checked here and abort() when broken. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <session0/protocol.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                                                    \
        do {                                                                                        \
                if (!(x)) {                                                                         \
                        fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #x); \
                        abort();                                                                    \
                }                                                                                   \
        } while (0)

static int is_string(const char *s, size_t max) { return memchr(s, 0, max) != NULL; }

/* Every pointer unpack returned must lie in the strings area, in order, and the
 * strings must exactly fill it. */
static void check_unpacked(const struct s0_req_spawn *m, size_t n, char **argv, char **envp) {
        const char *start = (const char *) (m + 1), *end = (const char *) m + n, *next = start;
        uint32_t i;

        CHECK(end - start == (ptrdiff_t) m->strings_size);
        for (i = 0; argv[i]; i++) {
                CHECK(i < m->argc);
                CHECK(argv[i] == next);
                CHECK(argv[i] >= start && argv[i] < end);
                CHECK(memchr(argv[i], 0, (size_t) (end - argv[i])) != NULL);
                next = argv[i] + strlen(argv[i]) + 1;
        }
        CHECK(i == m->argc && m->argc >= 1 && m->argc <= S0_SPAWN_ARGS_MAX);
        for (i = 0; envp[i]; i++) {
                CHECK(i < m->envc);
                CHECK(envp[i] == next);
                CHECK(envp[i] >= start && envp[i] < end);
                CHECK(memchr(envp[i], 0, (size_t) (end - envp[i])) != NULL);
                next = envp[i] + strlen(envp[i]) + 1;
        }
        CHECK(i == m->envc && m->envc <= S0_SPAWN_ENV_MAX);
        CHECK(next == end);
}

static void check_valid(const void *buf, size_t n) {
        const struct s0_msg_header *h = buf;

        CHECK(n >= sizeof *h && n <= S0_MSG_SIZE_MAX);
        CHECK(h->magic == S0_MSG_MAGIC && h->version == S0_PROTOCOL_VERSION && h->size == n);
        CHECK(h->type > S0_MSG_INVALID && h->type < _S0_MSG_MAX);

        switch (h->type) {
        case S0_MSG_ERROR: {
                const struct s0_rep_error *m = buf;
                CHECK(n == sizeof *m && m->error < 0 && is_string(m->text, sizeof m->text));
                break;
        }
        case S0_MSG_LOGON: {
                const struct s0_req_logon *m = buf;
                CHECK(n == sizeof *m && is_string(m->user, sizeof m->user) && m->user[0] != 0 && m->flags == 0);
                break;
        }
        case S0_MSG_SPAWN: {
                const struct s0_req_spawn *m = buf;
                char *argv[S0_SPAWN_ARGS_MAX + 1], *envp[S0_SPAWN_ENV_MAX + 1];
                CHECK(n >= sizeof *m && is_string(m->user, sizeof m->user));
                CHECK((m->flags & ~(uint32_t) _S0_SPAWN_FLAGS_ALL) == 0);
                CHECK(s0_spawn_unpack(m, n, argv, envp) == 0);
                check_unpacked(m, n, argv, envp);
                break;
        }
        case S0_MSG_SESSION_LIST: {
                const struct s0_rep_list *m = buf;
                CHECK(m->count <= S0_LIST_ENTRIES_MAX);
                CHECK(n == sizeof *m + (size_t) m->count * sizeof(struct s0_session_info));
                for (uint32_t i = 0; i < m->count; i++)
                        CHECK(is_string(m->entries[i].user, sizeof m->entries[i].user));
                break;
        }
        case S0_MSG_OBJ_REAP: {
                /* one component of the namespace directory: openat() cannot leave it */
                const struct s0_req_obj_reap *m = buf;
                CHECK(n == sizeof *m && is_string(m->file, sizeof m->file) && m->file[0] != 0);
                CHECK(strchr(m->file, '/') == NULL && strcmp(m->file, ".") != 0 && strcmp(m->file, "..") != 0);
                break;
        }
        default:
                break;
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        void *buf;
        int r;

        /* A private heap copy of exactly size bytes: aligned like the daemon's receive
         * buffer, and ASan sees any read past the datagram. */
        buf = malloc(size ? size : 1);
        if (!buf)
                return 0;
        memcpy(buf, data, size);

        r = s0_msg_validate(buf, size);
        CHECK(r == 0 || r == -EBADMSG || r == -EPROTO || r == -EOPNOTSUPP || r == -E2BIG || r == -EINVAL);
        /* -EINVAL is OBJ_REAP's bad file name, after every generic check passed */
        if (r == -EINVAL)
                CHECK(size == sizeof(struct s0_req_obj_reap) &&
                      ((const struct s0_msg_header *) buf)->type == S0_MSG_OBJ_REAP);
        if (r == 0)
                check_valid(buf, size);
        else if (size > S0_MSG_SIZE_MAX)
                CHECK(r == -EBADMSG);

        /* unpack checks its own input (not the header): whenever it says yes, its
         * pointers must be sound, whatever validate said about the header. */
        if (size >= sizeof(struct s0_req_spawn)) {
                char *argv[S0_SPAWN_ARGS_MAX + 1], *envp[S0_SPAWN_ENV_MAX + 1];
                if (s0_spawn_unpack(buf, size, argv, envp) == 0)
                        check_unpacked(buf, size, argv, envp);
        }

        free(buf);
        return 0;
}
