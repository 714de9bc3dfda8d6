/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* `s0ctl object` and `s0ctl objects`: what the named-object verbs share. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <session0/objects.h>

#include "s0ctl.h"

/* The parsed command line of `s0ctl object VERB TYPE NAME [options]`. */
struct object_opts {
        const char *verb;
        uint32_t type;                  /* enum s0_obj_type */
        const char *type_name;          /* "event", ... */
        const char *name;               /* as given: Global\X, Local\X, Session\N\X, X */
        /* create / hold */
        bool manual_reset, initial_set, initial_owner;
        int32_t initial, maximum;       /* semaphore */
        uint64_t size;                  /* section; 0: not given */
        const char *sddl;               /* --sddl as given */
        const struct s0_obj_sd *sd;     /* its parse (NULL: the default descriptor) */
        bool open_existing;             /* hold --open */
        /* open / hold --open */
        uint32_t access;                /* 0: the verb's default */
        /* release (semaphore) */
        int32_t count;
        /* wait */
        uint32_t timeout_ms;
        /* timer-set */
        bool have_due;
        uint32_t due_ms;
        int32_t period_ms;
        /* map */
        const char *write_data;
        bool have_read;
        uint32_t read_bytes;
};

/* Opens the caller's object namespace; on failure prints why and returns NULL. */
struct s0_objctx *s0ctl_objctx(const struct s0ctl_args *a);

/* Prints "s0ctl: <what>: ERROR_NAME (code)" on stderr and, with --json,
 * {"error":"ERROR_NAME","code":N,"message":"<what>"} on stdout. Returns 1 (the exit
 * status of a refused or failed operation). */
int s0ctl_obj_fail(const struct s0ctl_args *a, int r, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The Win32 name of an error code, "ERROR_SUCCESS" for 0. */
const char *s0ctl_win32_name(uint32_t code);

/* Starts a JSON result object: {"result":"<word>","type":"...","name":"..." -- the
 * caller adds fields (", \"k\": v") and ends it with s0ctl_obj_json_end(). */
void s0ctl_obj_json_begin(const struct object_opts *o, const char *word);
void s0ctl_obj_json_end(void);
/* Prints a result: the word on a line of its own, or with --json the JSON object. */
void s0ctl_obj_result(const struct s0ctl_args *a, const struct object_opts *o, const char *word);

/* JSON string of n bytes (NULs and other control bytes escaped). */
void json_bytes(FILE *f, const void *p, size_t n);

/* --access: 0xHEX, a number, or names joined by '|' or ',': all, synchronize, modify
 * (the type's *_MODIFY_STATE; FILE_MAP_WRITE for sections), query (timers), read and
 * write (sections). 0 and -EINVAL on error. */
int s0ctl_parse_access(uint32_t type, const char *s, uint32_t *ret);
/* The type's *_ALL_ACCESS. */
uint32_t s0ctl_all_access(uint32_t type);

/* The verbs (object-verbs.c, object-hold.c). Each returns the exit status. */
int object_create(const struct s0ctl_args *a, const struct object_opts *o, struct s0_objctx *ctx);
int object_open(const struct s0ctl_args *a, const struct object_opts *o, struct s0_objctx *ctx);
int object_event_op(const struct s0ctl_args *a, const struct object_opts *o, struct s0_objctx *ctx);
int object_release(const struct s0ctl_args *a, const struct object_opts *o, struct s0_objctx *ctx);
int object_wait(const struct s0ctl_args *a, const struct object_opts *o, struct s0_objctx *ctx);
int object_timer_set(const struct s0ctl_args *a, const struct object_opts *o, struct s0_objctx *ctx);
int object_timer_cancel(const struct s0ctl_args *a, const struct object_opts *o, struct s0_objctx *ctx);
int object_map(const struct s0ctl_args *a, const struct object_opts *o, struct s0_objctx *ctx);
int object_hold(const struct s0ctl_args *a, const struct object_opts *o, struct s0_objctx *ctx);

/* The creation arguments the options ask for (create, hold). */
void object_create_args(const struct object_opts *o, struct s0_obj_create_args *ret);
