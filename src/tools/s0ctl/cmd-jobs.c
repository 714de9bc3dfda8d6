/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0ctl jobs: EnumJobs. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "print-util.h"

static void json_job(const struct s0_spool_job_info *j) {
        printf("{\"id\": %u, \"printer\": ", j->id);
        json_string(stdout, j->printer);
        printf(", \"user\": ");
        json_string(stdout, j->user);
        printf(", \"uid\": %u, \"session\": %u, \"state\": \"%s\", \"paused\": %s, \"datatype\": \"%s\", "
               "\"priority\": %u, \"size\": %" PRIu64 ", \"submitted_ns\": %" PRId64 ", \"document\": ",
               j->uid, j->session, s0_spool_job_state_name(j->state), j->paused ? "true" : "false",
               s0_spool_datatype_name(j->datatype), j->priority, j->size, j->submitted_ns);
        json_string(stdout, j->document);
        printf(", \"status\": ");
        json_string(stdout, j->status_text);
        printf(", \"output\": ");
        json_string(stdout, j->output);
        printf("}");
}

int cmd_jobs(const struct s0ctl_args *a, int argc, char **argv) {
        const char *printer = NULL;
        struct s0_spool_job_info *list;
        struct s0_spool *s;
        size_t n;
        int r;

        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
                        printf("Usage: s0ctl jobs [--printer NAME] [--json]\n\nLists print jobs (everyone's, as on "
                               "Windows); where a job's output went is shown to its owner only.\n");
                        return 0;
                } else if (strcmp(argv[i], "--printer") == 0 && i + 1 < argc)
                        printer = argv[++i];
                else {
                        fprintf(stderr, "s0ctl jobs: unknown option or missing value '%s'\n", argv[i]);
                        return 2;
                }
        }
        s = print_connect(a, "jobs");
        if (!s)
                return 1;
        r = s0_spool_enum_jobs(s, printer, &list, &n);
        if (r < 0)
                return print_fail(s, r, "jobs", printer ? printer : "EnumJobs");
        if (a->json) {
                printf("[");
                for (size_t i = 0; i < n; i++) {
                        printf("%s", i ? ", " : "");
                        json_job(&list[i]);
                }
                printf("]\n");
        } else {
                printf("%5s %-12s %-16s %4s %-9s %9s  %-20s %s\n", "JOB", "PRINTER", "USER", "SES", "STATE", "BYTES",
                       "DOCUMENT", "STATUS");
                for (size_t i = 0; i < n; i++) {
                        const struct s0_spool_job_info *j = &list[i];
                        printf("%5u %-12s %-16s %4u %-9s %9" PRIu64 "  %-20s %s%s%s\n", j->id, j->printer, j->user,
                               j->session, j->paused && j->state == S0_JOB_QUEUED ? "paused" : s0_spool_job_state_name(j->state),
                               j->size, j->document, j->status_text, j->output[0] ? " " : "", j->output);
                }
        }
        free(list);
        s0_spool_close(s);
        return 0;
}
