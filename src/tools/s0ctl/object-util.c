/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What `s0ctl object` and `s0ctl objects` share: the namespace context, Win32 error
 * reporting, result output and access masks. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "object.h"
#include "shared/parse-util.h"

struct s0_objctx *s0ctl_objctx(const struct s0ctl_args *a) {
        const char *dir = a->runtime_dir ? a->runtime_dir : s0_runtime_dir();
        struct s0_objctx *ctx = NULL;
        int r = s0_objctx_new(dir, &ctx);

        if (r >= 0)
                return ctx;
        if (r == -ESRCH)
                fprintf(stderr,
                        "s0ctl: cannot open the object namespace of '%s': this process is in no session of "
                        "that session0d (start it with 's0ctl run --session N')\n",
                        dir);
        else
                fprintf(stderr, "s0ctl: cannot open the object namespace of '%s': %s%s\n", dir, strerror(-r),
                        r == -ENOENT ? " (is session0d running?)" : "");
        if (a->json) {
                uint32_t code = s0_obj_win32_error(r);
                printf("{\"error\": \"%s\", \"code\": %u, \"message\": \"cannot open the object namespace\"}\n",
                       s0ctl_win32_name(code), code);
        }
        return NULL;
}

const char *s0ctl_win32_name(uint32_t code) { return code == 0 ? "ERROR_SUCCESS" : s0_win32_error_name(code); }

int s0ctl_obj_fail(const struct s0ctl_args *a, int r, const char *fmt, ...) {
        uint32_t code = s0_obj_win32_error(r);
        char what[1024];
        va_list ap;

        va_start(ap, fmt);
        (void) vsnprintf(what, sizeof what, fmt, ap); /* a long name is cut in the message only */
        va_end(ap);
        fprintf(stderr, "s0ctl: %s: %s (%u)\n", what, s0ctl_win32_name(code), code);
        if (a->json) {
                printf("{\"error\": \"%s\", \"code\": %u, \"message\": ", s0ctl_win32_name(code), code);
                json_string(stdout, what);
                printf("}\n");
        }
        return 1;
}

void s0ctl_obj_json_begin(const struct object_opts *o, const char *word) {
        printf("{\"result\": \"%s\", \"type\": \"%s\", \"name\": ", word, o->type_name);
        json_string(stdout, o->name);
}

void s0ctl_obj_json_end(void) { printf("}\n"); }

void s0ctl_obj_result(const struct s0ctl_args *a, const struct object_opts *o, const char *word) {
        if (a->json) {
                s0ctl_obj_json_begin(o, word);
                s0ctl_obj_json_end();
        } else
                printf("%s\n", word);
}

void json_bytes(FILE *f, const void *p, size_t n) {
        const unsigned char *b = p;
        fputc('"', f);
        for (size_t i = 0; i < n; i++) {
                if (b[i] == '"' || b[i] == '\\')
                        fprintf(f, "\\%c", b[i]);
                else if (b[i] < 0x20 || b[i] == 0x7f)
                        fprintf(f, "\\u%04x", b[i]);
                else
                        fputc(b[i], f);
        }
        fputc('"', f);
}

uint32_t s0ctl_all_access(uint32_t type) {
        switch (type) {
        case S0_OBJ_EVENT:
                return S0_EVENT_ALL_ACCESS;
        case S0_OBJ_MUTEX:
                return S0_MUTEX_ALL_ACCESS;
        case S0_OBJ_SEMAPHORE:
                return S0_SEMAPHORE_ALL_ACCESS;
        case S0_OBJ_TIMER:
                return S0_TIMER_ALL_ACCESS;
        case S0_OBJ_SECTION:
                return S0_FILE_MAP_ALL_ACCESS;
        default:
                return 0;
        }
}

static uint32_t modify_access(uint32_t type) {
        switch (type) {
        case S0_OBJ_EVENT:
                return S0_EVENT_MODIFY_STATE;
        case S0_OBJ_MUTEX:
                return S0_MUTEX_MODIFY_STATE;
        case S0_OBJ_SEMAPHORE:
                return S0_SEMAPHORE_MODIFY_STATE;
        case S0_OBJ_TIMER:
                return S0_TIMER_MODIFY_STATE;
        case S0_OBJ_SECTION:
                return S0_FILE_MAP_WRITE;
        default:
                return 0;
        }
}

static int access_word(uint32_t type, const char *w, size_t len, uint32_t *ret) {
        char buf[32];
        uint32_t v;

        if (len == 0 || len >= sizeof buf)
                return -EINVAL;
        memcpy(buf, w, len);
        buf[len] = '\0';
        if (strcmp(buf, "all") == 0)
                v = s0ctl_all_access(type);
        else if (strcmp(buf, "synchronize") == 0)
                v = S0_SYNCHRONIZE;
        else if (strcmp(buf, "modify") == 0)
                v = modify_access(type);
        else if (strcmp(buf, "query") == 0 && type == S0_OBJ_TIMER)
                v = S0_TIMER_QUERY_STATE;
        else if (strcmp(buf, "read") == 0 && type == S0_OBJ_SECTION)
                v = S0_FILE_MAP_READ;
        else if (strcmp(buf, "write") == 0 && type == S0_OBJ_SECTION)
                v = S0_FILE_MAP_WRITE;
        else if (buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X')) {
                char *end;
                unsigned long long x;
                if (!buf[2] || buf[2] == '-' || buf[2] == '+')
                        return -EINVAL;
                errno = 0;
                x = strtoull(buf + 2, &end, 16);
                if (errno || *end || x > UINT32_MAX)
                        return -EINVAL;
                v = (uint32_t) x;
        } else if (safe_atou32(buf, &v) < 0)
                return -EINVAL;
        *ret = v;
        return 0;
}

int s0ctl_parse_access(uint32_t type, const char *s, uint32_t *ret) {
        uint32_t mask = 0;

        for (const char *p = s;;) {
                size_t len = strcspn(p, "|,");
                uint32_t v;
                if (access_word(type, p, len, &v) < 0)
                        return -EINVAL;
                mask |= v;
                if (!p[len])
                        break;
                p += len + 1;
        }
        *ret = mask;
        return 0;
}
