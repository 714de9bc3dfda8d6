/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0ctl printers: EnumPrinters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "print-util.h"

int cmd_printers(const struct s0ctl_args *a, int argc, char **argv) {
        struct s0_spool_printer_info *list;
        struct s0_spool *s;
        size_t n;
        int r;

        if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
                printf("Usage: s0ctl printers [--json]\n\nLists the spooler's printers: name, driver, jobs waiting,\n"
                       "the driver's last status and its driver host's pid.\n");
                return 0;
        }
        if (argc > 1) {
                fprintf(stderr, "s0ctl printers: unexpected argument '%s'\n", argv[1]);
                return 2;
        }
        s = print_connect(a, "printers");
        if (!s)
                return 1;
        r = s0_spool_enum_printers(s, &list, &n);
        if (r < 0)
                return print_fail(s, r, "printers", "EnumPrinters");
        if (a->json) {
                printf("[");
                for (size_t i = 0; i < n; i++) {
                        printf("%s{\"name\": ", i ? ", " : "");
                        json_string(stdout, list[i].name);
                        printf(", \"driver\": ");
                        json_string(stdout, list[i].driver);
                        printf(", \"jobs\": %u, \"status\": %u, \"status_text\": ", list[i].jobs, list[i].status);
                        json_string(stdout, list[i].status_text);
                        printf(", \"capabilities\": %u, \"host_pid\": %d}", list[i].capabilities, list[i].host_pid);
                }
                printf("]\n");
        } else {
                printf("%-20s %-10s %5s %8s  %s\n", "PRINTER", "DRIVER", "JOBS", "HOST", "STATUS");
                for (size_t i = 0; i < n; i++)
                        printf("%-20s %-10s %5u %8d  %s\n", list[i].name, list[i].driver, list[i].jobs,
                               list[i].host_pid, list[i].status_text[0] ? list[i].status_text : "ready");
        }
        free(list);
        s0_spool_close(s);
        return 0;
}
