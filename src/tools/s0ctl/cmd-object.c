/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* `s0ctl object VERB TYPE NAME [options]`: one operation on one named object. This file
 * parses and checks the command line; the verbs are in object-verbs.c and
 * object-hold.c. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "object.h"
#include "sddl.h"
#include "shared/macro.h"
#include "shared/parse-util.h"

#define TB(t) (1u << (t))
#define ALL_TYPES (TB(S0_OBJ_EVENT) | TB(S0_OBJ_MUTEX) | TB(S0_OBJ_SEMAPHORE) | TB(S0_OBJ_TIMER) | TB(S0_OBJ_SECTION))

enum verb_id {
        VB_CREATE,
        VB_OPEN,
        VB_SET,
        VB_RESET,
        VB_PULSE,
        VB_RELEASE,
        VB_WAIT,
        VB_TIMER_SET,
        VB_CANCEL,
        VB_MAP,
        VB_HOLD,
};
#define VB(v) (1u << (v))

static const struct verb {
        const char *name;
        unsigned types;
        int (*fn)(const struct s0ctl_args *a, const struct object_opts *o, struct s0_objctx *ctx);
        const char *usage;
        const char *help;
} verbs[] = {
        [VB_CREATE] = { "create", ALL_TYPES, object_create, "create TYPE NAME [creation options] [--sddl SDDL]",
                        "Creates the object (CreateEvent, CreateMutex, ...) and closes it again: prints 'created',\n"
                        "or 'opened' when NAME already held an object of TYPE (ERROR_ALREADY_EXISTS; the\n"
                        "creation options are then ignored, as on Windows). The object lives only while a\n"
                        "handle is open, so it is gone when s0ctl exits: use 'hold' to keep one.\n" },
        [VB_OPEN] = { "open", ALL_TYPES, object_open, "open TYPE NAME [--access ACCESS]",
                      "Opens the object (OpenEvent, ...) with ACCESS (default: all) and closes it.\n" },
        [VB_SET] = { "set", TB(S0_OBJ_EVENT), object_event_op, "set event NAME", "SetEvent.\n" },
        [VB_RESET] = { "reset", TB(S0_OBJ_EVENT), object_event_op, "reset event NAME", "ResetEvent.\n" },
        [VB_PULSE] = { "pulse", TB(S0_OBJ_EVENT), object_event_op, "pulse event NAME", "PulseEvent.\n" },
        [VB_RELEASE] = { "release", TB(S0_OBJ_MUTEX) | TB(S0_OBJ_SEMAPHORE), object_release,
                         "release mutex NAME | release semaphore NAME [--count N]",
                         "ReleaseSemaphore (count N, default 1): prints the previous count. ReleaseMutex:\n"
                         "a mutex is owned by a thread, so a new s0ctl process never owns it and gets\n"
                         "ERROR_NOT_OWNER (288), as any non-owner does on Windows.\n" },
        [VB_WAIT] = { "wait", ALL_TYPES, object_wait, "wait TYPE NAME [--timeout MS]",
                      "WaitForSingleObject (default timeout: infinite). Prints 'signaled', 'abandoned'\n"
                      "(a mutex whose owner died) or 'timeout'; exits 0, 0 or 2. A mutex acquired by the\n"
                      "wait is released again before s0ctl exits; an auto-reset event or timer stays\n"
                      "reset and a semaphore stays decremented, as the wait's effect.\n" },
        [VB_TIMER_SET] = { "timer-set", TB(S0_OBJ_TIMER), object_timer_set, "timer-set timer NAME --due MS [--period MS]",
                           "SetWaitableTimer: due in MS milliseconds from now, then every --period MS.\n" },
        [VB_CANCEL] = { "cancel", TB(S0_OBJ_TIMER), object_timer_cancel, "cancel timer NAME",
                        "CancelWaitableTimer.\n" },
        [VB_MAP] = { "map", TB(S0_OBJ_SECTION), object_map, "map section NAME [--write DATA] [--read N]",
                     "MapViewOfFile of the whole section: --write copies DATA to offset 0, --read prints\n"
                     "the first N bytes (as they are, then a newline); neither prints the size.\n" },
        [VB_HOLD] = { "hold", ALL_TYPES, object_hold, "hold TYPE NAME [creation options] [--sddl SDDL] | --open [--access A]",
                      "Creates the object (or with --open opens it), prints 'created' or 'opened' on a\n"
                      "line of its own (with --json also the pid), and keeps the handle until SIGTERM,\n"
                      "SIGINT or SIGHUP (then: releases a mutex it owns, closes, exits 0). Killed with\n"
                      "SIGKILL, its handle closes with the process (a mutex it owned is abandoned).\n" },
};

enum opt_id {
        O_MANUAL_RESET,
        O_INITIAL_SET,
        O_INITIAL_OWNER,
        O_INITIAL,
        O_MAX,
        O_SIZE,
        O_SDDL,
        O_ACCESS,
        O_OPEN,
        O_COUNT,
        O_TIMEOUT,
        O_DUE,
        O_PERIOD,
        O_WRITE,
        O_READ,
        _O_MAX,
};

static const struct opt {
        const char *name;
        bool has_arg;
        unsigned verbs;
        unsigned types;
} opts[_O_MAX] = {
        [O_MANUAL_RESET] = { "--manual-reset", false, VB(VB_CREATE) | VB(VB_HOLD), TB(S0_OBJ_EVENT) | TB(S0_OBJ_TIMER) },
        [O_INITIAL_SET] = { "--initial-set", false, VB(VB_CREATE) | VB(VB_HOLD), TB(S0_OBJ_EVENT) },
        [O_INITIAL_OWNER] = { "--initial-owner", false, VB(VB_CREATE) | VB(VB_HOLD), TB(S0_OBJ_MUTEX) },
        [O_INITIAL] = { "--initial", true, VB(VB_CREATE) | VB(VB_HOLD), TB(S0_OBJ_SEMAPHORE) },
        [O_MAX] = { "--max", true, VB(VB_CREATE) | VB(VB_HOLD), TB(S0_OBJ_SEMAPHORE) },
        [O_SIZE] = { "--size", true, VB(VB_CREATE) | VB(VB_HOLD), TB(S0_OBJ_SECTION) },
        [O_SDDL] = { "--sddl", true, VB(VB_CREATE) | VB(VB_HOLD), ALL_TYPES },
        [O_ACCESS] = { "--access", true, VB(VB_OPEN) | VB(VB_HOLD), ALL_TYPES },
        [O_OPEN] = { "--open", false, VB(VB_HOLD), ALL_TYPES },
        [O_COUNT] = { "--count", true, VB(VB_RELEASE), TB(S0_OBJ_SEMAPHORE) },
        [O_TIMEOUT] = { "--timeout", true, VB(VB_WAIT), ALL_TYPES },
        [O_DUE] = { "--due", true, VB(VB_TIMER_SET), TB(S0_OBJ_TIMER) },
        [O_PERIOD] = { "--period", true, VB(VB_TIMER_SET), TB(S0_OBJ_TIMER) },
        [O_WRITE] = { "--write", true, VB(VB_MAP), TB(S0_OBJ_SECTION) },
        [O_READ] = { "--read", true, VB(VB_MAP), TB(S0_OBJ_SECTION) },
};

static void help(const struct verb *only) {
        if (only) {
                printf("Usage: s0ctl object %s\n\n%s", only->usage, only->help);
        } else {
                printf("Usage: s0ctl object VERB TYPE NAME [OPTIONS] [--json]\n"
                       "\n"
                       "One operation on a named object. TYPE is event, mutex, semaphore, timer or\n"
                       "section. NAME is a Win32 object name, resolved from the caller's session:\n"
                       "Global\\X (the global namespace), Local\\X or X (the caller's session; in session\n"
                       "0 the global namespace), Session\\N\\X (session N's).\n"
                       "\n"
                       "Verbs:\n");
                for (size_t i = 0; i < ELEMENTSOF(verbs); i++)
                        printf("  %s\n", verbs[i].usage);
        }
        printf("\n"
               "Creation options: event --manual-reset --initial-set; mutex --initial-owner;\n"
               "  semaphore --initial N --max N (default 0 and 1); timer --manual-reset;\n"
               "  section --size BYTES (required).\n"
               "--sddl SDDL  the security descriptor, e.g. 'D:(A;;GA;;;SY)(A;;0x100000;;;WD)':\n"
               "  the Win32 layer's SDDL (docs/WIN32.md): ACEs A/D, rights a number or codes\n"
               "  GA GR GW GX SD RC WD WO ..., SIDs WD SY BA CO AU S-1-22-1-UID S-1-22-2-GID;\n"
               "  'D:NO_ACCESS_CONTROL' for a NULL DACL. Default: the creator and root get all\n"
               "  access, nobody else any.\n"
               "--access A  0xHEX, or all, synchronize, modify, query (timer), read, write\n"
               "  (section), joined with '|'.\n"
               "\n"
               "Every verb but create and hold opens NAME with the access it needs, acts, and\n"
               "closes. A failure prints 's0ctl: cannot <verb> TYPE 'NAME': ERROR_X (N)' and exits\n"
               "1; with --json also {\"error\": \"ERROR_X\", \"code\": N, ...} on standard output.\n"
               "'s0ctl object VERB --help' shows one verb.\n");
}

static const struct verb *find_verb(const char *s) {
        for (size_t i = 0; i < ELEMENTSOF(verbs); i++)
                if (strcmp(s, verbs[i].name) == 0)
                        return &verbs[i];
        return NULL;
}

static int find_opt(const char *arg, const char **ret_value) {
        for (int i = 0; i < _O_MAX; i++) {
                size_t len = strlen(opts[i].name);
                if (strncmp(arg, opts[i].name, len) != 0)
                        continue;
                if (arg[len] == '\0') {
                        *ret_value = NULL;
                        return i;
                }
                if (arg[len] == '=' && opts[i].has_arg) {
                        *ret_value = arg + len + 1;
                        return i;
                }
        }
        return -1;
}

static int usage_error(const char *fmt, ...) _printf_(1, 2);
static int usage_error(const char *fmt, ...) {
        va_list ap;
        fputs("s0ctl object: ", stderr);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
        return 2;
}

/* The values of the options given, by enum opt_id (NULL: not given; "" for a flag). */
static int apply_numbers(const char *const v[_O_MAX], struct object_opts *o) {
        if (v[O_INITIAL] && safe_atoi32(v[O_INITIAL], &o->initial) < 0)
                return usage_error("invalid --initial '%s': expected a count", v[O_INITIAL]);
        if (v[O_MAX] && safe_atoi32(v[O_MAX], &o->maximum) < 0)
                return usage_error("invalid --max '%s': expected a count", v[O_MAX]);
        if (v[O_SIZE] && safe_atou64(v[O_SIZE], &o->size) < 0)
                return usage_error("invalid --size '%s': expected a number of bytes", v[O_SIZE]);
        if (v[O_COUNT] && safe_atoi32(v[O_COUNT], &o->count) < 0)
                return usage_error("invalid --count '%s': expected a count", v[O_COUNT]);
        if (v[O_TIMEOUT] && strcmp(v[O_TIMEOUT], "infinite") != 0 &&
            (safe_atou32(v[O_TIMEOUT], &o->timeout_ms) < 0 || o->timeout_ms == S0_INFINITE))
                return usage_error("invalid --timeout '%s': expected milliseconds or 'infinite'", v[O_TIMEOUT]);
        if (v[O_DUE] && safe_atou32(v[O_DUE], &o->due_ms) < 0)
                return usage_error("invalid --due '%s': expected milliseconds", v[O_DUE]);
        if (v[O_PERIOD] && safe_atoi32(v[O_PERIOD], &o->period_ms) < 0)
                return usage_error("invalid --period '%s': expected milliseconds", v[O_PERIOD]);
        if (v[O_READ] && safe_atou32(v[O_READ], &o->read_bytes) < 0)
                return usage_error("invalid --read '%s': expected a number of bytes", v[O_READ]);
        if (v[O_ACCESS] && s0ctl_parse_access(o->type, v[O_ACCESS], &o->access) < 0)
                return usage_error("invalid --access '%s': expected 0xHEX, all, synchronize, modify, query, "
                                   "read or write",
                                   v[O_ACCESS]);
        return 0;
}

int cmd_object(const struct s0ctl_args *a, int argc, char **argv) {
        struct object_opts o = { .maximum = 1, .count = 1, .timeout_ms = S0_INFINITE };
        const char *v[_O_MAX] = { 0 }, *pos[3] = { 0 };
        const struct verb *verb;
        struct s0ctl_sddl sddl;
        struct s0_objctx *ctx;
        size_t n_pos = 0;
        bool dashdash = false;
        int r;

        for (int i = 1; i < argc; i++) {
                const char *arg = argv[i], *value;
                int id;
                if (!dashdash && (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)) {
                        help(n_pos > 0 ? find_verb(pos[0]) : NULL);
                        return 0;
                }
                if (!dashdash && strcmp(arg, "--") == 0) {
                        dashdash = true;
                        continue;
                }
                if (dashdash || arg[0] != '-' || arg[1] != '-') {
                        if (n_pos == ELEMENTSOF(pos))
                                return usage_error("unexpected argument '%s'", arg);
                        pos[n_pos++] = arg;
                        continue;
                }
                id = find_opt(arg, &value);
                if (id < 0)
                        return usage_error("unknown option '%s' (try 's0ctl object --help')", arg);
                if (opts[id].has_arg && !value) {
                        if (i + 1 >= argc)
                                return usage_error("%s needs a value", opts[id].name);
                        value = argv[++i];
                }
                v[id] = opts[id].has_arg ? value : "";
        }
        if (n_pos == 0)
                return usage_error("%s", "missing VERB (try 's0ctl object --help')");
        verb = find_verb(pos[0]);
        if (!verb)
                return usage_error("unknown verb '%s' (try 's0ctl object --help')", pos[0]);
        if (n_pos < 3)
                return usage_error(n_pos < 2 ? "%s: missing TYPE and NAME" : "%s: missing NAME", verb->name);
        o.verb = verb->name;
        o.type_name = pos[1];
        o.name = pos[2];
        o.type = s0_obj_type_from_name(pos[1]);
        if (o.type == S0_OBJ_NONE)
                return usage_error("unknown type '%s': expected event, mutex, semaphore, timer or section", pos[1]);
        if (!(verb->types & TB(o.type))) {
                fprintf(stderr, "s0ctl object: '%s' does not apply to a %s\n", verb->name, pos[1]);
                return 2;
        }
        for (int id = 0; id < _O_MAX; id++) {
                if (!v[id])
                        continue;
                if (!(opts[id].verbs & VB(verb - verbs)) || !(opts[id].types & TB(o.type))) {
                        fprintf(stderr, "s0ctl object: %s does not apply to '%s %s'\n", opts[id].name, verb->name,
                                pos[1]);
                        return 2;
                }
        }
        if (v[O_OPEN] && (v[O_MANUAL_RESET] || v[O_INITIAL_SET] || v[O_INITIAL_OWNER] || v[O_INITIAL] || v[O_MAX] ||
                          v[O_SIZE] || v[O_SDDL]))
                return usage_error("%s", "hold --open takes no creation options");
        if (v[O_ACCESS] && verb - verbs == VB_HOLD && !v[O_OPEN])
                return usage_error("%s", "--access applies to 'hold --open' only");
        r = apply_numbers(v, &o);
        if (r != 0)
                return r;
        if (o.type == S0_OBJ_SECTION && !v[O_SIZE] && (verb - verbs == VB_CREATE || (verb - verbs == VB_HOLD && !v[O_OPEN])))
                return usage_error("%s: a section needs --size BYTES", verb->name);
        if (verb - verbs == VB_TIMER_SET && !v[O_DUE])
                return usage_error("%s", "timer-set needs --due MS");
        if (v[O_SDDL]) {
                const char *why = NULL;
                size_t at = 0;
                r = s0ctl_sddl_parse(v[O_SDDL], a->runtime_dir, &sddl, &why, &at);
                if (r == -ENOMEM) {
                        fprintf(stderr, "s0ctl object: cannot parse --sddl: out of memory\n");
                        return 1;
                }
                if (r < 0) {
                        if (at == SIZE_MAX)
                                fprintf(stderr, "s0ctl object: invalid --sddl '%s': %s\n", v[O_SDDL], why);
                        else
                                fprintf(stderr, "s0ctl object: invalid --sddl '%s' at offset %zu: %s\n", v[O_SDDL],
                                        at, why);
                        return 2;
                }
                o.sddl = v[O_SDDL];
                o.sd = &sddl.sd;
        }
        o.manual_reset = v[O_MANUAL_RESET] != NULL;
        o.initial_set = v[O_INITIAL_SET] != NULL;
        o.initial_owner = v[O_INITIAL_OWNER] != NULL;
        o.open_existing = v[O_OPEN] != NULL;
        o.have_due = v[O_DUE] != NULL;
        o.write_data = v[O_WRITE];
        o.have_read = v[O_READ] != NULL;

        ctx = s0ctl_objctx(a);
        if (!ctx)
                return 1;
        r = verb->fn(a, &o, ctx);
        s0_objctx_free(ctx);
        return r;
}
