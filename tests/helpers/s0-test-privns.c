/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0-test-privns: private namespaces for the attack tests (s0ctl has no verb for them).
 *
 *   s0-test-privns create|open BOUNDARY PRINCIPALS ALIAS [EVENT]
 *
 * Creates (or opens) the private namespace BOUNDARY whose boundary is PRINCIPALS (a
 * comma-separated list of u:UID and g:GID), under ALIAS, then, if EVENT is given,
 * creates the event ALIAS\EVENT in it. One line per step on stdout:
 *
 *   namespace: created | opened | ERROR_NAME (N)
 *   event: created | opened | ERROR_NAME (N)
 *
 * Exit 0 if every step succeeded, 1 if one failed, 2 for a bad command line. Runs in a
 * session (s0ctl run): the runtime directory is $S0_RUNTIME_DIR. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <session0/objects.h>

static int parse_principals(char *s, struct s0_boundary_entry *e, size_t max, size_t *ret_n) {
        size_t n = 0;
        for (char *save = NULL, *tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
                char *end;
                unsigned long v;
                if (n == max || (tok[0] != 'u' && tok[0] != 'g') || tok[1] != ':' || !tok[2])
                        return -EINVAL;
                errno = 0;
                v = strtoul(tok + 2, &end, 10);
                if (errno || *end || v > UINT32_MAX)
                        return -EINVAL;
                e[n].who = tok[0] == 'u' ? S0_ACE_USER : S0_ACE_GROUP;
                e[n].id = (uint32_t) v;
                n++;
        }
        *ret_n = n;
        return 0;
}

static void print_error(const char *step, int r) {
        uint32_t code = s0_obj_win32_error(r);
        printf("%s: %s (%u)\n", step, s0_win32_error_name(code), code);
}

int main(int argc, char **argv) {
        struct s0_boundary_entry entries[S0_BOUNDARY_ENTRIES_MAX];
        struct s0_objctx *ctx = NULL;
        struct s0_privns *ns = NULL;
        struct s0_object *ev = NULL;
        const char *runtime_dir = getenv("S0_RUNTIME_DIR");
        char name[1024];
        size_t n = 0;
        bool create;
        int r;

        if (argc < 5 || argc > 6 || (strcmp(argv[1], "create") != 0 && strcmp(argv[1], "open") != 0) ||
            parse_principals(argv[3], entries, S0_BOUNDARY_ENTRIES_MAX, &n) < 0) {
                fprintf(stderr, "usage: s0-test-privns create|open BOUNDARY u:UID,g:GID... ALIAS [EVENT]\n");
                return 2;
        }
        create = strcmp(argv[1], "create") == 0;
        r = s0_objctx_new(runtime_dir, &ctx);
        if (r < 0) {
                print_error("context", r);
                return 1;
        }
        r = create ? s0_privns_create(ctx, argv[2], entries, n, argv[4], NULL, &ns)
                   : s0_privns_open(ctx, argv[2], entries, n, argv[4], &ns);
        if (r < 0) {
                print_error("namespace", r);
                s0_objctx_free(ctx);
                return 1;
        }
        printf("namespace: %s\n", create ? "created" : "opened");
        if (argc == 6) {
                struct s0_obj_create_args a = { .type = S0_OBJ_EVENT, .name = name };
                if (snprintf(name, sizeof name, "%s\\%s", argv[4], argv[5]) >= (int) sizeof name) {
                        fprintf(stderr, "s0-test-privns: name too long\n");
                        return 2;
                }
                r = s0_obj_create(ctx, &a, &ev);
                if (r < 0)
                        print_error("event", r);
                else {
                        printf("event: %s\n", r == S0_OBJ_EXISTED ? "opened" : "created");
                        (void) s0_obj_close(ev);
                }
        }
        (void) s0_privns_close(ns, false);
        s0_objctx_free(ctx);
        return r < 0 ? 1 : 0;
}
