/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The one-shot verbs of `s0ctl object`: open NAME with the access the operation needs,
 * do it, close. Each prints its result or the Win32 error, and returns the exit status. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "object.h"

/* Exit status of a wait that timed out (1 is a failure, 2 tells them apart). */
#define EXIT_WAIT_TIMEOUT 2

void object_create_args(const struct object_opts *o, struct s0_obj_create_args *ret) {
        struct s0_obj_create_args c = { .type = o->type, .name = o->name, .sd = o->sd };

        switch (o->type) {
        case S0_OBJ_EVENT:
                c.event.manual_reset = o->manual_reset;
                c.event.initial_state = o->initial_set;
                break;
        case S0_OBJ_MUTEX:
                c.mutex.initial_owner = o->initial_owner;
                break;
        case S0_OBJ_SEMAPHORE:
                c.semaphore.initial = o->initial;
                c.semaphore.maximum = o->maximum;
                break;
        case S0_OBJ_TIMER:
                c.timer.manual_reset = o->manual_reset;
                break;
        case S0_OBJ_SECTION:
                c.section.size = o->size;
                c.section.protect = S0_PAGE_READWRITE;
                break;
        }
        *ret = c;
}

/* Opens o->name for access; on failure prints "cannot open TYPE 'NAME'" and returns 1. */
static int open_named(const struct s0ctl_args *a, const struct object_opts *o, struct s0_objctx *ctx, uint32_t access,
                      struct s0_object **ret) {
        int r = s0_obj_open(ctx, o->type, o->name, access, ret);
        if (r < 0)
                return s0ctl_obj_fail(a, r, "cannot open %s '%s'", o->type_name, o->name);
        return 0;
}

int object_create(const struct s0ctl_args *a, const struct object_opts *o, struct s0_objctx *ctx) {
        struct s0_obj_create_args c;
        struct s0_object *obj = NULL;
        uint32_t code;
        int r;

        object_create_args(o, &c);
        r = s0_obj_create(ctx, &c, &obj);
        if (r < 0)
                return s0ctl_obj_fail(a, r, "cannot create %s '%s'", o->type_name, o->name);
        /* CreateEvent & co. succeed on an existing object and say so in GetLastError() */
        code = r == S0_OBJ_EXISTED ? s0_obj_win32_error(-EEXIST) : 0;
        if (a->json) {
                s0ctl_obj_json_begin(o, r == S0_OBJ_EXISTED ? "opened" : "created");
                printf(", \"last_error\": \"%s\", \"code\": %u", s0ctl_win32_name(code), code);
                s0ctl_obj_json_end();
        } else {
                printf("%s\n", r == S0_OBJ_EXISTED ? "opened" : "created");
                if (code)
                        fprintf(stderr, "s0ctl: %s '%s' already existed: %s (%u)\n", o->type_name, o->name,
                                s0ctl_win32_name(code), code);
        }
        (void) s0_obj_close(obj);
        return 0;
}

int object_open(const struct s0ctl_args *a, const struct object_opts *o, struct s0_objctx *ctx) {
        uint32_t access = o->access ? o->access : s0ctl_all_access(o->type);
        struct s0_object *obj = NULL;

        if (open_named(a, o, ctx, access, &obj))
                return 1;
        if (a->json) {
                s0ctl_obj_json_begin(o, "opened");
                printf(", \"access\": \"0x%x\"", s0_obj_access(obj));
                s0ctl_obj_json_end();
        } else
                printf("opened\n");
        (void) s0_obj_close(obj);
        return 0;
}

int object_event_op(const struct s0ctl_args *a, const struct object_opts *o, struct s0_objctx *ctx) {
        struct s0_object *obj = NULL;
        const char *done;
        int r;

        if (open_named(a, o, ctx, S0_EVENT_MODIFY_STATE, &obj))
                return 1;
        if (strcmp(o->verb, "set") == 0) {
                r = s0_event_set(obj);
                done = "set";
        } else if (strcmp(o->verb, "reset") == 0) {
                r = s0_event_reset(obj);
                done = "reset";
        } else {
                r = s0_event_pulse(obj);
                done = "pulsed";
        }
        if (r < 0)
                r = s0ctl_obj_fail(a, r, "cannot %s event '%s'", o->verb, o->name);
        else {
                s0ctl_obj_result(a, o, done);
                r = 0;
        }
        (void) s0_obj_close(obj);
        return r;
}

int object_release(const struct s0ctl_args *a, const struct object_opts *o, struct s0_objctx *ctx) {
        struct s0_object *obj = NULL;
        int32_t previous = 0;
        int r;

        if (o->type == S0_OBJ_MUTEX) {
                if (open_named(a, o, ctx, S0_MUTEX_MODIFY_STATE, &obj))
                        return 1;
                r = s0_mutex_release(obj);
        } else {
                if (open_named(a, o, ctx, S0_SEMAPHORE_MODIFY_STATE, &obj))
                        return 1;
                r = s0_semaphore_release(obj, o->count, &previous);
        }
        if (r < 0)
                r = s0ctl_obj_fail(a, r, "cannot release %s '%s'", o->type_name, o->name);
        else if (a->json) {
                s0ctl_obj_json_begin(o, "released");
                if (o->type == S0_OBJ_SEMAPHORE)
                        printf(", \"previous_count\": %d", previous);
                s0ctl_obj_json_end();
                r = 0;
        } else {
                if (o->type == S0_OBJ_SEMAPHORE)
                        printf("%d\n", previous);
                else
                        printf("released\n");
                r = 0;
        }
        (void) s0_obj_close(obj);
        return r;
}

int object_wait(const struct s0ctl_args *a, const struct object_opts *o, struct s0_objctx *ctx) {
        struct s0_object *obj = NULL;
        bool abandoned = false;
        uint32_t index = 0;
        int r;

        if (open_named(a, o, ctx, S0_SYNCHRONIZE, &obj))
                return 1;
        r = s0_obj_wait(&obj, 1, false, o->timeout_ms, &index, &abandoned);
        if (r == -ETIMEDOUT) {
                s0ctl_obj_result(a, o, "timeout");
                r = EXIT_WAIT_TIMEOUT;
        } else if (r < 0)
                r = s0ctl_obj_fail(a, r, "cannot wait for %s '%s'", o->type_name, o->name);
        else {
                /* The wait made this thread the mutex's owner; a tool that exits with it
                 * would abandon it. Release needs no access right (ReleaseMutex works
                 * through any handle). */
                if (o->type == S0_OBJ_MUTEX) {
                        int q = s0_mutex_release(obj);
                        if (q < 0)
                                fprintf(stderr, "s0ctl: cannot release mutex '%s' after the wait: %s (%u), ignoring\n",
                                        o->name, s0ctl_win32_name(s0_obj_win32_error(q)), s0_obj_win32_error(q));
                }
                s0ctl_obj_result(a, o, abandoned ? "abandoned" : "signaled");
                r = 0;
        }
        (void) s0_obj_close(obj);
        return r;
}

int object_timer_set(const struct s0ctl_args *a, const struct object_opts *o, struct s0_objctx *ctx) {
        /* relative times are negative, in 100 ns units */
        int64_t due = -(int64_t) o->due_ms * 10000;
        struct s0_object *obj = NULL;
        int r;

        if (open_named(a, o, ctx, S0_TIMER_MODIFY_STATE, &obj))
                return 1;
        r = s0_timer_set(obj, due, o->period_ms, false);
        if (r < 0)
                r = s0ctl_obj_fail(a, r, "cannot set timer '%s'", o->name);
        else {
                s0ctl_obj_result(a, o, "set");
                r = 0;
        }
        (void) s0_obj_close(obj);
        return r;
}

int object_timer_cancel(const struct s0ctl_args *a, const struct object_opts *o, struct s0_objctx *ctx) {
        struct s0_object *obj = NULL;
        int r;

        if (open_named(a, o, ctx, S0_TIMER_MODIFY_STATE, &obj))
                return 1;
        r = s0_timer_cancel(obj);
        if (r < 0)
                r = s0ctl_obj_fail(a, r, "cannot cancel timer '%s'", o->name);
        else {
                s0ctl_obj_result(a, o, "cancelled");
                r = 0;
        }
        (void) s0_obj_close(obj);
        return r;
}

static void print_read(const struct s0ctl_args *a, const struct object_opts *o, const void *p, size_t n) {
        if (a->json) {
                s0ctl_obj_json_begin(o, "read");
                printf(", \"bytes\": %zu, \"data\": ", n);
                json_bytes(stdout, p, n);
                s0ctl_obj_json_end();
        } else {
                (void) fwrite(p, 1, n, stdout);
                putchar('\n');
        }
}

static int map_view(const struct s0ctl_args *a, const struct object_opts *o, struct s0_objctx *ctx,
                    struct s0_object *obj, uint64_t size) {
        uint32_t view = o->write_data ? S0_FILE_MAP_WRITE : S0_FILE_MAP_READ;
        void *addr = NULL;
        size_t len;
        int r;

        if (o->write_data && strlen(o->write_data) > size) {
                fprintf(stderr, "s0ctl: cannot write %zu bytes to section '%s' of %llu bytes\n", strlen(o->write_data),
                        o->name, (unsigned long long) size);
                return 1;
        }
        r = s0_section_map(obj, view, 0, 0, &addr);
        if (r < 0)
                return s0ctl_obj_fail(a, r, "cannot map section '%s'", o->name);
        if (o->write_data) {
                len = strlen(o->write_data);
                memcpy(addr, o->write_data, len);
                if (!o->have_read) {
                        if (a->json) {
                                s0ctl_obj_json_begin(o, "written");
                                printf(", \"bytes\": %zu", len);
                                s0ctl_obj_json_end();
                        } else
                                printf("wrote %zu bytes\n", len);
                }
        }
        if (o->have_read)
                print_read(a, o, addr, o->read_bytes < size ? o->read_bytes : (size_t) size);
        r = s0_section_unmap(ctx, addr);
        if (r < 0)
                return s0ctl_obj_fail(a, r, "cannot unmap section '%s'", o->name);
        return 0;
}

int object_map(const struct s0ctl_args *a, const struct object_opts *o, struct s0_objctx *ctx) {
        uint32_t access = (o->write_data ? S0_FILE_MAP_WRITE : 0) | (o->have_read ? S0_FILE_MAP_READ : 0);
        struct s0_object *obj = NULL;
        uint64_t size = 0;
        int r;

        if (open_named(a, o, ctx, access ? access : S0_FILE_MAP_READ, &obj))
                return 1;
        r = s0_section_size(obj, &size);
        if (r < 0)
                r = s0ctl_obj_fail(a, r, "cannot get the size of section '%s'", o->name);
        else if (!o->write_data && !o->have_read) {
                if (a->json) {
                        s0ctl_obj_json_begin(o, "size");
                        printf(", \"size\": %llu", (unsigned long long) size);
                        s0ctl_obj_json_end();
                } else
                        printf("%llu\n", (unsigned long long) size);
                r = 0;
        } else
                r = map_view(a, o, ctx, obj, size);
        (void) s0_obj_close(obj);
        return r;
}
