/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0ctl job cancel|pause|resume|delete ID: SetJob with JOB_CONTROL_*. */
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

int cmd_job(const struct s0ctl_args *a, int argc, char **argv) {
        uint32_t id, command = 0;
        struct s0_spool *s;
        char what[64];
        int r;

        if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
                printf("Usage: s0ctl job cancel|pause|resume|delete ID [--json]\n\nControls a print job (SetJob). "
                       "Your own jobs only; root may control any.\n");
                return 0;
        }
        if (argc != 3) {
                fprintf(stderr, "s0ctl job: expected a command and a job id (try --help)\n");
                return 2;
        }
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
                if (strcmp(argv[1], commands[i].name) == 0)
                        command = commands[i].command;
        if (!command) {
                fprintf(stderr, "s0ctl job: unknown command '%s': cancel, pause, resume or delete\n", argv[1]);
                return 2;
        }
        if (safe_atou32(argv[2], &id) < 0) {
                fprintf(stderr, "s0ctl job: invalid job id '%s'\n", argv[2]);
                return 2;
        }
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
