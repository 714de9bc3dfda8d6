/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0ctl job cancel|pause|resume|delete ID: SetJob with JOB_CONTROL_*;
 * s0ctl job set ID [--priority N] [--position N] [--document NAME]: SetJob level 1. */
#include <stdio.h>
#include <string.h>

#include "print-util.h"
#include "shared/parse-util.h"

static const struct {
        const char *name;
        uint32_t command;
} commands[] = {
        { "cancel", S0_JOB_CONTROL_CANCEL },
        { "pause", S0_JOB_CONTROL_PAUSE },
        { "resume", S0_JOB_CONTROL_RESUME },
        { "delete", S0_JOB_CONTROL_DELETE },
};

struct job_set {
        const char *document;
        uint32_t priority, position;
};

/* argv: the words after "set ID". 0, or 2 (usage) after saying what is wrong. */
static int parse_set(int argc, char **argv, struct job_set *ret) {
        *ret = (struct job_set) { 0 };
        for (int i = 0; i < argc; i += 2) {
                const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
                if (!v) {
                        fprintf(stderr, "s0ctl job set: option '%s' needs a value\n", o);
                        return 2;
                }
                if (strcmp(o, "--document") == 0 && v[0])
                        ret->document = v;
                else if (strcmp(o, "--priority") == 0 && safe_atou32(v, &ret->priority) == 0 &&
                         ret->priority >= S0_SPOOL_PRIORITY_MIN && ret->priority <= S0_SPOOL_PRIORITY_MAX)
                        ;
                else if (strcmp(o, "--position") == 0 && safe_atou32(v, &ret->position) == 0 && ret->position > 0)
                        ;
                else {
                        fprintf(stderr,
                                "s0ctl job set: invalid option or value '%s %s' (--priority 1..99, --position 1.., "
                                "--document NAME)\n",
                                o, v);
                        return 2;
                }
        }
        if (!ret->document && !ret->priority && !ret->position) {
                fprintf(stderr, "s0ctl job set: nothing to change: give --priority, --position or --document\n");
                return 2;
        }
        return 0;
}

static int job_set(const struct s0ctl_args *a, uint32_t id, int argc, char **argv) {
        struct job_set set;
        struct s0_spool *s;
        char what[64];
        int r;

        r = parse_set(argc, argv, &set);
        if (r)
                return r;
        s = print_connect(a, "job");
        if (!s)
                return 1;
        r = s0_spool_set_job_info(s, id, set.document, set.priority, set.position);
        snprintf(what, sizeof what, "change job %u", id);
        if (r < 0)
                return print_fail(s, r, "job", what);
        if (a->json)
                printf("{\"job\": %u, \"command\": \"set\", \"result\": 0}\n", id);
        else
                printf("job %u: changed\n", id);
        s0_spool_close(s);
        return 0;
}

int cmd_job(const struct s0ctl_args *a, int argc, char **argv) {
        uint32_t id, command = 0;
        struct s0_spool *s;
        char what[64];
        int r;

        if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
                printf("Usage: s0ctl job cancel|pause|resume|delete ID [--json]\n"
                       "       s0ctl job set ID [--priority 1..99] [--position N] [--document NAME] [--json]\n\n"
                       "Controls a print job (SetJob), or changes a queued job's priority, its place in the\n"
                       "printer's queue (1: next) or its document name. Your own jobs only; root may control any.\n");
                return 0;
        }
        if (argc < 3 || (argc != 3 && strcmp(argv[1], "set") != 0)) {
                fprintf(stderr, "s0ctl job: expected a command and a job id (try --help)\n");
                return 2;
        }
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
                if (strcmp(argv[1], commands[i].name) == 0)
                        command = commands[i].command;
        if (!command && strcmp(argv[1], "set") != 0) {
                fprintf(stderr, "s0ctl job: unknown command '%s': cancel, pause, resume, delete or set\n", argv[1]);
                return 2;
        }
        if (safe_atou32(argv[2], &id) < 0) {
                fprintf(stderr, "s0ctl job: invalid job id '%s'\n", argv[2]);
                return 2;
        }
        if (!command)
                return job_set(a, id, argc - 3, argv + 3);
        s = print_connect(a, "job");
        if (!s)
                return 1;
        r = s0_spool_set_job(s, id, command);
        snprintf(what, sizeof what, "%s job %u", argv[1], id);
        if (r < 0)
                return print_fail(s, r, "job", what);
        if (a->json)
                printf("{\"job\": %u, \"command\": \"%s\", \"result\": 0}\n", id, argv[1]);
        else
                printf("job %u: %s\n", id, argv[1]);
        s0_spool_close(s);
        return 0;
}
