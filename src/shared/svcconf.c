/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The service definition parser (svcconf.h). The format is deliberately small: one
 * [Service] section, Key=Value lines, '#' or ';' comments, keys case-insensitive, each
 * at most once; anything else is an error naming the line, so a typo never silently
 * becomes a default.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse-util.h"
#include "svcconf.h"

void s0_svc_config_init(struct s0_svc_config *c) {
        *c = (struct s0_svc_config) {
                .start_type = S0_SVC_START_DEMAND,
                .stop_timeout_ms = S0_SVC_STOP_TIMEOUT_DEFAULT,
                .preshutdown_timeout_ms = S0_SVC_PRESHUTDOWN_TIMEOUT_DEFAULT,
        };
}

static void free_list(char **v, size_t *n) {
        for (size_t i = 0; i < *n; i++) {
                free(v[i]);
                v[i] = NULL;
        }
        *n = 0;
}

void s0_svc_config_done(struct s0_svc_config *c) {
        free(c->binary_path);
        free(c->arguments);
        free(c->display_name);
        free(c->description);
        free(c->account_user);
        free_list(c->dependencies, &c->n_dependencies);
        free_list(c->control_users, &c->n_control_users);
        free_list(c->control_groups, &c->n_control_groups);
        s0_svc_config_init(c);
}

static int fail(struct s0_svc_config_error *err, unsigned line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct s0_svc_config_error *err, unsigned line, const char *fmt, ...) {
        va_list ap;

        if (err) {
                err->line = line;
                va_start(ap, fmt);
                (void) vsnprintf(err->why, sizeof err->why, fmt, ap);
                va_end(ap);
        }
        return -EINVAL;
}

static const struct {
        const char *name;
        uint32_t bit;
} control_names[] = {
        { "stop", 0x1 },           { "pause", 0x2 },           { "shutdown", 0x4 },
        { "paramchange", 0x8 },    { "netbindchange", 0x10 },  { "hardwareprofilechange", 0x20 },
        { "powerevent", 0x40 },    { "sessionchange", 0x80 },  { "preshutdown", 0x100 },
};

/* Calls fn for each item of a comma- or space-separated list. */
static int each_item(const char *s, int (*fn)(const char *item, size_t n, void *ud), void *ud) {
        while (*s) {
                size_t n;
                int r;

                while (*s == ',' || *s == ' ' || *s == '\t')
                        s++;
                n = strcspn(s, ", \t");
                if (n == 0)
                        break;
                r = fn(s, n, ud);
                if (r < 0)
                        return r;
                s += n;
        }
        return 0;
}

static int control_item(const char *item, size_t n, void *ud) {
        for (size_t i = 0; i < sizeof control_names / sizeof control_names[0]; i++)
                if (strlen(control_names[i].name) == n && strncasecmp(item, control_names[i].name, n) == 0) {
                        *(uint32_t *) ud |= control_names[i].bit;
                        return 0;
                }
        return -EINVAL;
}

int s0_svc_controls_parse(const char *s, uint32_t *ret) {
        uint32_t mask = 0;
        int r = each_item(s, control_item, &mask);
        if (r < 0)
                return r;
        *ret = mask;
        return 0;
}

int s0_svc_account_parse(const char *s, enum s0_svc_account *ret, char **ret_user) {
        const char *u = NULL;

        if (strcasecmp(s, "LocalSystem") == 0 || strcasecmp(s, ".\\LocalSystem") == 0)
                *ret = S0_SVC_ACCOUNT_LOCAL_SYSTEM;
        else if (strcasecmp(s, "LocalService") == 0 || strcasecmp(s, "NT AUTHORITY\\LocalService") == 0)
                *ret = S0_SVC_ACCOUNT_LOCAL_SERVICE;
        else if (strcasecmp(s, "NetworkService") == 0 || strcasecmp(s, "NT AUTHORITY\\NetworkService") == 0)
                *ret = S0_SVC_ACCOUNT_NETWORK_SERVICE;
        else if (strncasecmp(s, "user ", 5) == 0)
                u = s + 5;
        else if (strncmp(s, ".\\", 2) == 0)
                u = s + 2;
        else
                return -EINVAL;
        if (u) {
                /* a Linux user name: no separators, no spaces */
                if (!*u || strlen(u) > 31 || strpbrk(u, " \t\\/:,"))
                        return -EINVAL;
                *ret_user = strdup(u);
                if (!*ret_user)
                        return -ENOMEM;
                *ret = S0_SVC_ACCOUNT_USER;
        }
        return 0;
}

const char *s0_svc_account_string(const struct s0_svc_config *c, char *buf, size_t size) {
        switch (c->account) {
        case S0_SVC_ACCOUNT_LOCAL_SERVICE:
                return "LocalService";
        case S0_SVC_ACCOUNT_NETWORK_SERVICE:
                return "NetworkService";
        case S0_SVC_ACCOUNT_USER:
                (void) snprintf(buf, size, "user %s", c->account_user ? c->account_user : "");
                return buf;
        default:
                return "LocalSystem";
        }
}

struct list_ud {
        char **v;
        size_t *n;
        size_t max;
        bool names; /* service names: [A-Za-z0-9_.-] */
};

static int list_item(const char *item, size_t n, void *ud) {
        struct list_ud *l = ud;

        if (*l->n >= l->max)
                return -E2BIG;
        if (n >= 256)
                return -EINVAL;
        for (size_t i = 0; i < n; i++) {
                char c = item[i];
                if (l->names && !(isalnum((unsigned char) c) || c == '_' || c == '-' || c == '.'))
                        return -EINVAL;
                /* user and group names: no path characters, no control characters (a
                 * '\r' would not survive the next read: lines are trimmed) */
                if (!l->names && (c == '\\' || c == '/' || c == ':' || (unsigned char) c < 0x20 || c == 0x7f))
                        return -EINVAL;
        }
        if (l->names && item[0] == '.')
                return -EINVAL;
        l->v[*l->n] = strndup(item, n);
        if (!l->v[*l->n])
                return -ENOMEM;
        (*l->n)++;
        return 0;
}

static int parse_actions(const char *s, struct s0_svc_config *c) {
        while (*s) {
                size_t n;
                char word[32];
                char *slash;
                uint32_t delay = 0;

                while (*s == ',' || *s == ' ')
                        s++;
                n = strcspn(s, ", ");
                if (n == 0)
                        break;
                if (n >= sizeof word || c->n_actions >= S0_SVC_ACTIONS_MAX)
                        return -EINVAL;
                memcpy(word, s, n);
                word[n] = 0;
                s += n;
                slash = strchr(word, '/');
                if (slash) {
                        *slash = 0;
                        if (safe_atou32(slash + 1, &delay) < 0)
                                return -EINVAL;
                }
                if (strcasecmp(word, "restart") == 0)
                        c->actions[c->n_actions++] = (struct s0_svc_action) { 1, delay };
                else if (strcasecmp(word, "none") == 0)
                        c->actions[c->n_actions++] = (struct s0_svc_action) { 0, delay };
                else
                        return -EINVAL;
        }
        return 0;
}

static int set_string(char **field, const char *v) {
        *field = strdup(v);
        return *field ? 0 : -ENOMEM;
}

enum key {
        K_BINARY, K_ARGS, K_DISPLAY, K_DESCR, K_ACCOUNT, K_START, K_DEPS, K_RECOVERY, K_RESET,
        K_CONTROLS, K_STOP_TIMEOUT, K_CONTROL_USERS, K_CONTROL_GROUPS, K_DELAYED, K_PRESHUTDOWN_TIMEOUT, _K_MAX,
};

static const char *const key_names[_K_MAX] = {
        [K_BINARY] = "BinaryPath",       [K_ARGS] = "Arguments",
        [K_DISPLAY] = "DisplayName",     [K_DESCR] = "Description",
        [K_ACCOUNT] = "Account",         [K_START] = "StartType",
        [K_DEPS] = "Dependencies",       [K_RECOVERY] = "Recovery",
        [K_RESET] = "ResetPeriod",       [K_CONTROLS] = "AcceptedControls",
        [K_STOP_TIMEOUT] = "StopTimeout", [K_CONTROL_USERS] = "ControlUsers",
        [K_CONTROL_GROUPS] = "ControlGroups", [K_DELAYED] = "DelayedAutoStart",
        [K_PRESHUTDOWN_TIMEOUT] = "PreshutdownTimeout",
};

static int apply(struct s0_svc_config *c, enum key k, const char *v, unsigned line, struct s0_svc_config_error *err) {
        struct list_ud l;
        int r;

        switch (k) {
        case K_BINARY:
                if (v[0] != '/')
                        return fail(err, line, "BinaryPath must be an absolute path, not '%.80s'", v);
                return set_string(&c->binary_path, v);
        case K_ARGS: {
                char **argv = NULL;
                size_t n = 0;
                r = s0_svc_split_args(v, 255, &argv, &n);
                if (r < 0)
                        return fail(err, line, "Arguments: %s", r == -E2BIG ? "more than 255 words" : "unterminated quote");
                for (size_t i = 0; i < n; i++)
                        free(argv[i]);
                free(argv);
                return set_string(&c->arguments, v);
        }
        case K_DISPLAY:
                if (strlen(v) >= 256)
                        return fail(err, line, "DisplayName longer than 255 bytes");
                return set_string(&c->display_name, v);
        case K_DESCR:
                return set_string(&c->description, v);
        case K_ACCOUNT:
                r = s0_svc_account_parse(v, &c->account, &c->account_user);
                if (r == -EINVAL)
                        return fail(err, line, "Account must be LocalSystem, LocalService, NetworkService or 'user NAME', not '%.60s'", v);
                return r;
        case K_START:
                if (strcasecmp(v, "auto") == 0)
                        c->start_type = S0_SVC_START_AUTO;
                else if (strcasecmp(v, "demand") == 0)
                        c->start_type = S0_SVC_START_DEMAND;
                else if (strcasecmp(v, "disabled") == 0)
                        c->start_type = S0_SVC_START_DISABLED;
                else
                        return fail(err, line, "StartType must be auto, demand or disabled, not '%.60s'", v);
                return 0;
        case K_DEPS:
                l = (struct list_ud) { c->dependencies, &c->n_dependencies, S0_SVC_DEPS_MAX, true };
                r = each_item(v, list_item, &l);
                if (r == -ENOMEM)
                        return r;
                return r < 0 ? fail(err, line, "Dependencies: not a list of service names (at most %u)", S0_SVC_DEPS_MAX) : 0;
        case K_RECOVERY:
                if (parse_actions(v, c) < 0)
                        return fail(err, line, "Recovery must be a list like 'restart/5000,restart/10000,none' (at most %u)",
                                    S0_SVC_ACTIONS_MAX);
                return 0;
        case K_RESET:
                if (safe_atou32(v, &c->reset_period_s) < 0)
                        return fail(err, line, "ResetPeriod must be a number of seconds, not '%.60s'", v);
                return 0;
        case K_CONTROLS:
                if (s0_svc_controls_parse(v, &c->accepted_controls) < 0)
                        return fail(err, line, "AcceptedControls: unknown control in '%.80s' (stop, pause, shutdown, "
                                    "paramchange, sessionchange, preshutdown, ...)", v);
                c->has_accepted_controls = true;
                return 0;
        case K_STOP_TIMEOUT:
                if (safe_atou32(v, &c->stop_timeout_ms) < 0)
                        return fail(err, line, "StopTimeout must be a number of milliseconds, not '%.60s'", v);
                return 0;
        case K_DELAYED:
                if (strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0)
                        c->delayed_auto_start = true;
                else if (strcasecmp(v, "no") == 0 || strcasecmp(v, "false") == 0 || strcmp(v, "0") == 0)
                        c->delayed_auto_start = false;
                else
                        return fail(err, line, "DelayedAutoStart must be yes or no, not '%.60s'", v);
                return 0;
        case K_PRESHUTDOWN_TIMEOUT:
                if (safe_atou32(v, &c->preshutdown_timeout_ms) < 0)
                        return fail(err, line, "PreshutdownTimeout must be a number of milliseconds, not '%.60s'", v);
                return 0;
        case K_CONTROL_USERS:
        case K_CONTROL_GROUPS:
                l = k == K_CONTROL_USERS ?
                            (struct list_ud) { c->control_users, &c->n_control_users, S0_SVC_PRINCIPALS_MAX, false } :
                            (struct list_ud) { c->control_groups, &c->n_control_groups, S0_SVC_PRINCIPALS_MAX, false };
                r = each_item(v, list_item, &l);
                if (r == -ENOMEM)
                        return r;
                return r < 0 ? fail(err, line, "%s: not a list of names (at most %u)", key_names[k], S0_SVC_PRINCIPALS_MAX) : 0;
        default:
                return -EINVAL;
        }
}

static char *trim(char *s) {
        char *e;

        while (*s == ' ' || *s == '\t')
                s++;
        e = s + strlen(s);
        while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
                *--e = 0;
        return s;
}

static int parse_line(struct s0_svc_config *c, char *s, unsigned line, bool *in_section, bool seen[_K_MAX],
                      struct s0_svc_config_error *err) {
        char *eq, *key, *val;

        s = trim(s);
        if (*s == 0 || *s == '#' || *s == ';')
                return 0;
        if (*s == '[') {
                if (strcmp(s, "[Service]") != 0)
                        return fail(err, line, "unknown section '%.60s' (only [Service])", s);
                if (*in_section)
                        return fail(err, line, "[Service] given twice");
                *in_section = true;
                return 0;
        }
        eq = strchr(s, '=');
        if (!eq)
                return fail(err, line, "expected Key=Value, got '%.60s'", s);
        if (!*in_section)
                return fail(err, line, "Key=Value before the [Service] section");
        *eq = 0;
        key = trim(s);
        val = trim(eq + 1);
        for (int k = 0; k < _K_MAX; k++) {
                if (strcasecmp(key, key_names[k]) != 0)
                        continue;
                if (seen[k])
                        return fail(err, line, "%s given twice", key_names[k]);
                seen[k] = true;
                return apply(c, (enum key) k, val, line, err);
        }
        return fail(err, line, "unknown key '%.60s'", key);
}

int s0_svc_config_parse(const char *text, size_t size, struct s0_svc_config *ret, struct s0_svc_config_error *err) {
        bool seen[_K_MAX] = { false }, in_section = false;
        struct s0_svc_config c;
        unsigned line = 0;
        size_t pos = 0;
        int r = 0;

        s0_svc_config_init(ret);
        s0_svc_config_init(&c);
        if (size > S0_SVC_TEXT_MAX)
                return fail(err, 0, "longer than %u bytes", S0_SVC_TEXT_MAX);
        if (memchr(text, 0, size))
                return fail(err, 0, "contains a NUL byte");
        while (pos < size && r == 0) {
                const char *nl = memchr(text + pos, '\n', size - pos);
                size_t n = nl ? (size_t) (nl - (text + pos)) : size - pos;
                char *buf = strndup(text + pos, n);

                line++;
                if (!buf) {
                        r = -ENOMEM;
                        break;
                }
                r = parse_line(&c, buf, line, &in_section, seen, err);
                free(buf);
                pos += n + 1;
        }
        if (r == 0 && !in_section)
                r = fail(err, 0, "no [Service] section");
        if (r == 0 && !c.binary_path)
                r = fail(err, 0, "BinaryPath= is missing");
        if (r < 0) {
                s0_svc_config_done(&c);
                return r;
        }
        *ret = c;
        return 0;
}

int s0_svc_split_args(const char *s, size_t max, char ***ret, size_t *ret_n) {
        char **v = calloc(max + 1, sizeof *v);
        size_t n = 0, len = strlen(s);
        char *word = malloc(len + 1);
        int r = 0;

        if (!v || !word) {
                free(v);
                free(word);
                return -ENOMEM;
        }
        for (const char *p = s; *p && r == 0;) {
                size_t w = 0;
                char q = 0;

                while (*p == ' ' || *p == '\t')
                        p++;
                if (!*p)
                        break;
                for (; *p && (q || (*p != ' ' && *p != '\t')); p++) {
                        if (q && *p == q)
                                q = 0;
                        else if (!q && (*p == '"' || *p == '\''))
                                q = *p;
                        else
                                word[w++] = *p;
                }
                if (q)
                        r = -EINVAL;
                else if (n >= max)
                        r = -E2BIG;
                else if (!(v[n++] = strndup(word, w)))
                        r = -ENOMEM;
        }
        free(word);
        if (r < 0) {
                for (size_t i = 0; i < n; i++)
                        free(v[i]);
                free(v);
                return r;
        }
        *ret = v;
        *ret_n = n;
        return 0;
}

/* A growing string buffer for the formatter. */
struct strbuf {
        char *s;
        size_t n, cap;
        int error;
};

static void sb_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(struct strbuf *b, const char *fmt, ...) {
        va_list ap;
        int k;

        if (b->error)
                return;
        for (;;) {
                va_start(ap, fmt);
                k = vsnprintf(b->s ? b->s + b->n : NULL, b->s ? b->cap - b->n : 0, fmt, ap);
                va_end(ap);
                if (k < 0) {
                        b->error = -EINVAL;
                        return;
                }
                if (b->s && b->n + (size_t) k < b->cap) {
                        b->n += (size_t) k;
                        return;
                }
                size_t cap = (b->cap ? b->cap * 2 : 512) + (size_t) k;
                char *p = realloc(b->s, cap);
                if (!p) {
                        b->error = -ENOMEM;
                        return;
                }
                b->s = p;
                b->cap = cap;
        }
}

static bool value_ok(const char *v) { return !v || !strpbrk(v, "\r\n"); }

static void sb_list(struct strbuf *b, const char *key, char *const *v, size_t n) {
        if (n == 0)
                return;
        sb_printf(b, "%s=", key);
        for (size_t i = 0; i < n; i++)
                sb_printf(b, "%s%s", i ? "," : "", v[i]);
        sb_printf(b, "\n");
}

int s0_svc_config_format(const struct s0_svc_config *c, char **ret) {
        struct strbuf b = { 0 };
        char acct[64];

        if (!c->binary_path || !value_ok(c->arguments) || !value_ok(c->display_name) || !value_ok(c->description) ||
            !value_ok(c->binary_path))
                return -EINVAL;
        sb_printf(&b, "[Service]\nBinaryPath=%s\n", c->binary_path);
        if (c->arguments && *c->arguments)
                sb_printf(&b, "Arguments=%s\n", c->arguments);
        if (c->display_name && *c->display_name)
                sb_printf(&b, "DisplayName=%s\n", c->display_name);
        if (c->description && *c->description)
                sb_printf(&b, "Description=%s\n", c->description);
        sb_printf(&b, "Account=%s\n", s0_svc_account_string(c, acct, sizeof acct));
        sb_printf(&b, "StartType=%s\n", c->start_type == S0_SVC_START_AUTO       ? "auto" :
                                        c->start_type == S0_SVC_START_DISABLED ? "disabled" :
                                                                                 "demand");
        sb_list(&b, "Dependencies", c->dependencies, c->n_dependencies);
        if (c->n_actions) {
                sb_printf(&b, "Recovery=");
                for (size_t i = 0; i < c->n_actions; i++)
                        sb_printf(&b, "%s%s/%u", i ? "," : "", c->actions[i].type == 1 ? "restart" : "none",
                                  c->actions[i].delay_ms);
                sb_printf(&b, "\n");
        }
        if (c->reset_period_s)
                sb_printf(&b, "ResetPeriod=%u\n", c->reset_period_s);
        if (c->has_accepted_controls) {
                bool first = true;
                sb_printf(&b, "AcceptedControls=");
                for (size_t i = 0; i < sizeof control_names / sizeof control_names[0]; i++)
                        if (c->accepted_controls & control_names[i].bit) {
                                sb_printf(&b, "%s%s", first ? "" : ",", control_names[i].name);
                                first = false;
                        }
                sb_printf(&b, "\n");
        }
        if (c->stop_timeout_ms != S0_SVC_STOP_TIMEOUT_DEFAULT)
                sb_printf(&b, "StopTimeout=%u\n", c->stop_timeout_ms);
        if (c->preshutdown_timeout_ms != S0_SVC_PRESHUTDOWN_TIMEOUT_DEFAULT)
                sb_printf(&b, "PreshutdownTimeout=%u\n", c->preshutdown_timeout_ms);
        if (c->delayed_auto_start)
                sb_printf(&b, "DelayedAutoStart=yes\n");
        sb_list(&b, "ControlUsers", c->control_users, c->n_control_users);
        sb_list(&b, "ControlGroups", c->control_groups, c->n_control_groups);
        if (b.error) {
                free(b.s);
                return b.error;
        }
        *ret = b.s;
        return 0;
}

static int dup_list(char *const *src, size_t n, char **dst, size_t *dst_n) {
        for (size_t i = 0; i < n; i++) {
                dst[i] = strdup(src[i]);
                if (!dst[i])
                        return -ENOMEM;
                *dst_n = i + 1;
        }
        return 0;
}

static int dup_opt(const char *s, char **ret) {
        *ret = NULL;
        if (!s)
                return 0;
        *ret = strdup(s);
        return *ret ? 0 : -ENOMEM;
}

int s0_svc_config_copy(const struct s0_svc_config *src, struct s0_svc_config *dst) {
        struct s0_svc_config c = *src;

        c.binary_path = c.arguments = c.display_name = c.description = c.account_user = NULL;
        c.n_dependencies = c.n_control_users = c.n_control_groups = 0;
        if (dup_opt(src->binary_path, &c.binary_path) < 0 || dup_opt(src->arguments, &c.arguments) < 0 ||
            dup_opt(src->display_name, &c.display_name) < 0 || dup_opt(src->description, &c.description) < 0 ||
            dup_opt(src->account_user, &c.account_user) < 0 ||
            dup_list(src->dependencies, src->n_dependencies, c.dependencies, &c.n_dependencies) < 0 ||
            dup_list(src->control_users, src->n_control_users, c.control_users, &c.n_control_users) < 0 ||
            dup_list(src->control_groups, src->n_control_groups, c.control_groups, &c.n_control_groups) < 0) {
                s0_svc_config_done(&c);
                return -ENOMEM;
        }
        *dst = c;
        return 0;
}
