/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* `s0ctl object hold`: keep a handle open until told to stop. What a test or a demo
 * uses to have an object exist (an object lives exactly as long as its handles). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "object.h"

static int hold_open(const struct s0ctl_args *a, const struct object_opts *o, struct s0_objctx *ctx,
                     struct s0_object **ret, bool *ret_owned) {
        int r;

        if (o->open_existing) {
                r = s0_obj_open(ctx, o->type, o->name, o->access ? o->access : s0ctl_all_access(o->type), ret);
                if (r < 0)
                        return s0ctl_obj_fail(a, r, "cannot open %s '%s'", o->type_name, o->name);
                *ret_owned = false;
                if (a->json) {
                        s0ctl_obj_json_begin(o, "opened");
                        printf(", \"pid\": %d", (int) getpid());
                        s0ctl_obj_json_end();
                } else
                        printf("opened\n");
                return 0;
        }

        struct s0_obj_create_args c;
        object_create_args(o, &c);
        r = s0_obj_create(ctx, &c, ret);
        if (r < 0)
                return s0ctl_obj_fail(a, r, "cannot create %s '%s'", o->type_name, o->name);
        /* initial ownership is ignored for a mutex that existed */
        *ret_owned = o->type == S0_OBJ_MUTEX && o->initial_owner && r == S0_OBJ_CREATED;
        uint32_t code = r == S0_OBJ_EXISTED ? s0_obj_win32_error(-EEXIST) : 0;
        if (a->json) {
                s0ctl_obj_json_begin(o, r == S0_OBJ_EXISTED ? "opened" : "created");
                printf(", \"last_error\": \"%s\", \"code\": %u, \"pid\": %d", s0ctl_win32_name(code), code,
                       (int) getpid());
                s0ctl_obj_json_end();
        } else {
                printf("%s\n", r == S0_OBJ_EXISTED ? "opened" : "created");
                if (code)
                        fprintf(stderr, "s0ctl: %s '%s' already existed: %s (%u)\n", o->type_name, o->name,
                                s0ctl_win32_name(code), code);
        }
        return 0;
}

int object_hold(const struct s0ctl_args *a, const struct object_opts *o, struct s0_objctx *ctx) {
        struct s0_object *obj = NULL;
        bool owned = false;
        sigset_t mask;
        int sig, r;

        /* Blocked before the object exists, so that a signal sent as soon as the
         * 'created' line is read is taken by sigwait() below, not by its default action
         * (which would exit without closing: harmless, but not the documented path). */
        sigemptyset(&mask);
        sigaddset(&mask, SIGTERM);
        sigaddset(&mask, SIGINT);
        sigaddset(&mask, SIGHUP);
        if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0) {
                fprintf(stderr, "s0ctl: sigprocmask: %s\n", strerror(errno));
                return 1;
        }
        r = hold_open(a, o, ctx, &obj, &owned);
        if (r != 0)
                return r;
        /* The reader (a test, a script) waits for this line: it must not sit in a buffer. */
        if (fflush(stdout) != 0) {
                (void) s0_obj_close(obj);
                return 1;
        }
        do
                r = sigwait(&mask, &sig);
        while (r == EINTR);
        if (owned) {
                r = s0_mutex_release(obj);
                if (r < 0)
                        fprintf(stderr, "s0ctl: cannot release mutex '%s': %s (%u), ignoring\n", o->name,
                                s0ctl_win32_name(s0_obj_win32_error(r)), s0_obj_win32_error(r));
        }
        (void) s0_obj_close(obj);
        return 0;
}
