/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* `s0ctl objects`: a WinObj-like listing of object namespaces (s0_obj_list). */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "object.h"
#include "shared/macro.h"

/* At most this many namespaces in one listing (--all): the sessions the daemon has. */
#define NAMESPACES_MAX 1024

static void help(void) {
        printf("Usage: s0ctl objects [--session N | --all] [--json]\n"
               "\n"
               "Lists named objects (events, mutexes, semaphores, waitable timers, sections), like\n"
               "WinObj: by default those of the caller's own session (Local\\) and of the global\n"
               "namespace (Global\\); with --session N those of session N (0: the global one);\n"
               "with --all every namespace the caller may read (root: all). Columns: NAME (as any\n"
               "session can open it: Global\\X or Session\\N\\X), TYPE, SESSION, OWNER (the\n"
               "creator), STATE, HANDLES (open handles in all processes).\n"
               "\n"
               "Run it inside a session (s0ctl run): the namespace of a process is its session's.\n");
}

/* The user name of uid, or the number. */
static void owner_name(uid_t uid, char *buf, size_t size) {
        struct passwd pw, *res = NULL;
        char tmp[1024];

        if (getpwuid_r(uid, &pw, tmp, sizeof tmp, &res) == 0 && res)
                snprintf(buf, size, "%s", res->pw_name);
        else
                snprintf(buf, size, "%u", (unsigned) uid);
}

/* Global\X or Session\N\X: the name that reaches the object from any session. */
static void object_path(const struct s0_obj_info *e, char *buf, size_t size) {
        if (e->session == 0)
                snprintf(buf, size, "Global\\%s", e->name);
        else
                snprintf(buf, size, "Session\\%u\\%s", e->session, e->name);
}

static void state_text(const struct s0_obj_info *e, char *buf, size_t size) {
        const char *reset = e->manual_reset ? "manual-reset" : "auto-reset";

        switch (e->type) {
        case S0_OBJ_EVENT:
        case S0_OBJ_TIMER:
                snprintf(buf, size, "%s, %s", e->signaled ? "signaled" : "non-signaled", reset);
                break;
        case S0_OBJ_MUTEX:
                if (e->abandoned)
                        snprintf(buf, size, "abandoned");
                else if (e->owner_tid > 0)
                        snprintf(buf, size, "owned by tid %d", (int) e->owner_tid);
                else
                        snprintf(buf, size, "free");
                break;
        case S0_OBJ_SEMAPHORE:
                snprintf(buf, size, "count %d/%d", e->count, e->maximum);
                break;
        case S0_OBJ_SECTION:
                snprintf(buf, size, "%llu bytes", (unsigned long long) e->size);
                break;
        default:
                snprintf(buf, size, "?");
        }
}

static int compare_info(const void *x, const void *y) {
        const struct s0_obj_info *a = x, *b = y;
        if (a->session != b->session)
                return a->session < b->session ? -1 : 1;
        return strcmp(a->name, b->name);
}

static void print_json_one(const struct s0_obj_info *e) {
        char path[sizeof e->name + 32], owner[256], state[128];
        const char *type = s0_obj_type_name(e->type);

        object_path(e, path, sizeof path);
        owner_name(e->owner, owner, sizeof owner);
        state_text(e, state, sizeof state);
        printf("{\"name\": ");
        json_string(stdout, e->name);
        printf(", \"path\": ");
        json_string(stdout, path);
        printf(", \"type\": \"%s\", \"session\": %u, \"owner\": ", type ? type : "unknown", e->session);
        json_string(stdout, owner);
        printf(", \"uid\": %u, \"gid\": %u, \"mode\": \"%04o\", \"handles\": ", (unsigned) e->owner,
               (unsigned) e->group, (unsigned) (e->mode & 07777));
        if (e->handles >= 0)
                printf("%d", e->handles);
        else
                printf("null");
        printf(", \"state\": ");
        json_string(stdout, state);
        switch (e->type) {
        case S0_OBJ_EVENT:
        case S0_OBJ_TIMER:
                printf(", \"signaled\": %s, \"manual_reset\": %s", e->signaled ? "true" : "false",
                       e->manual_reset ? "true" : "false");
                break;
        case S0_OBJ_MUTEX:
                printf(", \"owner_tid\": ");
                if (e->owner_tid > 0)
                        printf("%d", (int) e->owner_tid);
                else
                        printf("null");
                printf(", \"count\": %d, \"abandoned\": %s", e->count, e->abandoned ? "true" : "false");
                break;
        case S0_OBJ_SEMAPHORE:
                printf(", \"count\": %d, \"maximum\": %d", e->count, e->maximum);
                break;
        case S0_OBJ_SECTION:
                printf(", \"size\": %llu", (unsigned long long) e->size);
                break;
        }
        printf("}");
}

static void print_table(const struct s0_obj_info *list, size_t n) {
        int wname = 4;

        for (size_t i = 0; i < n; i++) {
                char path[sizeof list[i].name + 32];
                object_path(&list[i], path, sizeof path);
                if ((int) strlen(path) > wname)
                        wname = (int) strlen(path);
        }
        printf("%-*s  %-9s  %7s  %-16s  %-28s  %7s\n", wname, "NAME", "TYPE", "SESSION", "OWNER", "STATE", "HANDLES");
        for (size_t i = 0; i < n; i++) {
                const struct s0_obj_info *e = &list[i];
                char path[sizeof e->name + 32], owner[256], state[128], handles[16];
                const char *type = s0_obj_type_name(e->type);
                object_path(e, path, sizeof path);
                owner_name(e->owner, owner, sizeof owner);
                state_text(e, state, sizeof state);
                if (e->handles >= 0)
                        snprintf(handles, sizeof handles, "%d", e->handles);
                else
                        snprintf(handles, sizeof handles, "?");
                printf("%-*s  %-9s  %7u  %-16s  %-28s  %7s\n", wname, path, type ? type : "unknown", e->session, owner,
                       state, handles);
        }
}

/* Appends namespace `session` to *all. Returns 0, or the library's error. */
static int collect(struct s0_objctx *ctx, uint32_t session, struct s0_obj_info **all, size_t *n_all) {
        struct s0_obj_info *list = NULL, *grown;
        size_t n = 0;
        int r;

        r = s0_obj_list(ctx, session, &list, &n);
        if (r < 0)
                return r;
        if (n > 0) {
                grown = realloc(*all, (*n_all + n) * sizeof **all);
                if (!grown) {
                        free(list);
                        return -ENOMEM;
                }
                memcpy(grown + *n_all, list, n * sizeof *list);
                *all = grown;
                *n_all += n;
        }
        free(list);
        return 0;
}

/* The namespaces --all lists: the global one and every session the daemon has. */
static int all_sessions(const struct s0ctl_args *a, uint32_t *ids, size_t max, size_t *ret_n) {
        struct s0_session_info *list = NULL;
        struct s0_client *c;
        size_t n = 0, k = 0;
        int r;

        c = s0ctl_connect(a);
        if (!c)
                return -ENOTCONN;
        r = s0_list_sessions(c, &list, &n);
        if (r < 0) {
                (void) s0ctl_fail(c, r, "cannot list sessions");
                s0_client_close(c);
                return r;
        }
        ids[k++] = 0;
        for (size_t i = 0; i < n && k < max; i++)
                if (list[i].id != 0)
                        ids[k++] = list[i].id;
        free(list);
        s0_client_close(c);
        *ret_n = k;
        return 0;
}

int cmd_objects(const struct s0ctl_args *a, int argc, char **argv) {
        uint32_t ids[NAMESPACES_MAX], failed = 0;
        struct s0_obj_info *all = NULL;
        struct s0_objctx *ctx;
        size_t n_ids = 0, n_all = 0;
        bool opt_all = false, have_session = false;
        uint32_t session = 0;
        int r = 0;

        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
                        help();
                        return 0;
                } else if (strcmp(argv[i], "--all") == 0)
                        opt_all = true;
                else if (strcmp(argv[i], "--session") == 0 && i + 1 < argc) {
                        if (s0ctl_parse_session(argv[++i], &session) < 0)
                                return 2;
                        have_session = true;
                } else if (strncmp(argv[i], "--session=", 10) == 0) {
                        if (s0ctl_parse_session(argv[i] + 10, &session) < 0)
                                return 2;
                        have_session = true;
                } else {
                        fprintf(stderr, "s0ctl objects: unexpected argument '%s'\n", argv[i]);
                        return 2;
                }
        }
        if (opt_all && have_session) {
                fprintf(stderr, "s0ctl objects: --all and --session exclude each other\n");
                return 2;
        }
        ctx = s0ctl_objctx(a);
        if (!ctx)
                return 1;
        if (have_session)
                ids[n_ids++] = session;
        else if (opt_all) {
                if (all_sessions(a, ids, ELEMENTSOF(ids), &n_ids) < 0) {
                        s0_objctx_free(ctx);
                        return 1;
                }
        } else {
                ids[n_ids++] = 0;
                if (s0_objctx_session(ctx) != 0)
                        ids[n_ids++] = s0_objctx_session(ctx);
        }

        for (size_t i = 0; i < n_ids; i++) {
                r = collect(ctx, ids[i], &all, &n_all);
                if (r >= 0)
                        continue;
                /* Explicitly asked for: an error. --all, and the global namespace of the
                 * default listing (which strict mode lets nobody list): skipped. */
                if (have_session || (!opt_all && ids[i] != 0)) {
                        failed = ids[i];
                        break;
                }
                /* a namespace we may not read, or a session that just went away */
                if (r != -ENOTDIR)
                        fprintf(stderr, "s0ctl: cannot list session %u's objects: %s (%u), skipping\n", ids[i],
                                s0ctl_win32_name(s0_obj_win32_error(r)), s0_obj_win32_error(r));
                r = 0;
        }
        if (r < 0) {
                r = s0ctl_obj_fail(a, r, "cannot list session %u's objects", failed);
                goto out;
        }
        if (n_all > 1)
                qsort(all, n_all, sizeof *all, compare_info);
        if (a->json) {
                printf("[");
                for (size_t i = 0; i < n_all; i++) {
                        printf("%s\n  ", i ? "," : "");
                        print_json_one(&all[i]);
                }
                printf("%s]\n", n_all ? "\n" : "");
        } else
                print_table(all, n_all);
out:
        free(all);
        s0_objctx_free(ctx);
        return r < 0 ? 1 : r;
}
