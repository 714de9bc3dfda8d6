/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0ctl devices: the devices s0-drvhost serves, from <runtime>/devices/.status/ (each
 * driver host process and s0-drvhost keep a line there per device). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "s0ctl.h"
#include "shared/io-util.h"

static void help(void) {
        printf("Usage: s0ctl devices [--json]\n"
               "\n"
               "Lists the devices of s0-drvhost: device (\\\\.\\NAME), driver, state (running,\n"
               "restarting, held, stopped), open handles and restarts of its driver.\n");
}

struct dev_row {
        char device[64], driver[64], state[16];
        unsigned opens, restarts;
        int pid;
};

static int cmp(const void *a, const void *b) { return strcmp(((const struct dev_row *) a)->device, ((const struct dev_row *) b)->device); }

int cmd_devices(const struct s0ctl_args *a, int argc, char **argv) {
        struct dev_row rows[256];
        size_t n = 0;
        char dir[4096];
        struct dirent *e;
        DIR *d;
        int fd;

        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
                        help();
                        return 0;
                }
                fprintf(stderr, "s0ctl devices: unexpected argument '%s'\n", argv[i]);
                return 2;
        }
        snprintf(dir, sizeof dir, "%s/devices/.status", a->runtime_dir ? a->runtime_dir : s0_runtime_dir());
        fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        d = fd >= 0 ? fdopendir(fd) : NULL;
        if (d) {
                while ((e = readdir(d)) && n < sizeof rows / sizeof rows[0]) {
                        char text[512];
                        struct dev_row *r = &rows[n];

                        if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof r->device || strstr(e->d_name, ".tmp"))
                                continue;
                        if (read_small_file_at(fd, e->d_name, text, sizeof text) < 0 ||
                            sscanf(text, "driver=%63s state=%15s opens=%u restarts=%u pid=%d", r->driver, r->state,
                                   &r->opens, &r->restarts, &r->pid) != 5)
                                continue; /* being rewritten, or not ours */
                        strcpy(r->device, e->d_name);
                        n++;
                }
                closedir(d);
        } else if (errno != ENOENT) {
                fprintf(stderr, "s0ctl devices: %s: %s\n", dir, strerror(errno));
                return 1;
        }
        qsort(rows, n, sizeof rows[0], cmp);
        if (a->json) {
                printf("[");
                for (size_t i = 0; i < n; i++) {
                        printf("%s{\"device\": ", i ? ", " : "");
                        json_string(stdout, rows[i].device);
                        printf(", \"path\": \"\\\\\\\\.\\\\%s\", \"driver\": ", rows[i].device);
                        json_string(stdout, rows[i].driver);
                        printf(", \"state\": ");
                        json_string(stdout, rows[i].state);
                        printf(", \"opens\": %u, \"restarts\": %u, \"pid\": %d}", rows[i].opens, rows[i].restarts,
                               rows[i].pid);
                }
                printf("]\n");
                return 0;
        }
        printf("%-20s %-16s %-11s %6s %9s\n", "DEVICE", "DRIVER", "STATE", "OPENS", "RESTARTS");
        for (size_t i = 0; i < n; i++)
                printf("\\\\.\\%-16s %-16s %-11s %6u %9u\n", rows[i].device, rows[i].driver, rows[i].state,
                       rows[i].opens, rows[i].restarts);
        return 0;
}
