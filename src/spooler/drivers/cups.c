/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The "cups" printer driver: hands each job to a CUPS queue with lp(1), where CUPS is
 * installed. Options: queue=NAME (required), server=HOST[:PORT] (default: CUPS's own
 * default), lp=PATH (default /usr/bin/lp), raw=yes|no (default yes: the queue gets the
 * job's bytes as they are, without CUPS filters). The job is submitted under the job
 * owner's name (-U) and titled with the document and the job id.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <session0/driver/printer.h>

struct cups_ctx {
        char queue[64], server[128], lp[256];
        bool raw;
};

static bool option(const char *options, const char *key, char *buf, size_t size) {
        size_t klen = strlen(key);
        for (const char *p = options; p && *p;) {
                const char *end = strchr(p, ',');
                size_t n = end ? (size_t) (end - p) : strlen(p);
                if (n > klen && strncmp(p, key, klen) == 0 && p[klen] == '=' && n - klen - 1 < size) {
                        memcpy(buf, p + klen + 1, n - klen - 1);
                        buf[n - klen - 1] = 0;
                        return true;
                }
                p = end ? end + 1 : NULL;
        }
        return false;
}

static int cups_init(const char *options, void **ret) {
        struct cups_ctx *c = calloc(1, sizeof *c);
        char raw[8] = "yes";
        if (!c)
                return -ENOMEM;
        if (!option(options, "queue", c->queue, sizeof c->queue)) {
                free(c);
                return -EINVAL;
        }
        (void) option(options, "server", c->server, sizeof c->server);
        if (!option(options, "lp", c->lp, sizeof c->lp))
                snprintf(c->lp, sizeof c->lp, "/usr/bin/lp");
        (void) option(options, "raw", raw, sizeof raw);
        c->raw = strcmp(raw, "no") != 0;
        *ret = c;
        return 0;
}

static int cups_render(void *ctx, const struct s0_print_job_info *job, int in_fd, int out_dir_fd,
                       struct s0_print_host *host) {
        struct cups_ctx *c = ctx;
        char title[200], answer[256] = "";
        int pfd[2], status;
        ssize_t n;
        size_t got = 0;
        pid_t pid;

        (void) out_dir_fd; /* the output is the CUPS queue's */
        snprintf(title, sizeof title, "%s (session0 job %u)", job->document, job->job_id);
        if (pipe2(pfd, O_CLOEXEC) < 0)
                return -errno;
        pid = fork();
        if (pid < 0)
                return -errno;
        if (pid == 0) {
                char *argv[16];
                int k = 0;
                argv[k++] = c->lp;
                if (c->server[0])
                        argv[k++] = "-h", argv[k++] = c->server;
                argv[k++] = "-d", argv[k++] = c->queue;
                argv[k++] = "-t", argv[k++] = title;
                argv[k++] = "-U", argv[k++] = (char *) job->user;
                if (c->raw)
                        argv[k++] = "-o", argv[k++] = "raw";
                argv[k++] = "--";
                argv[k++] = "-";
                argv[k] = NULL;
                if (dup2(in_fd, 0) < 0 || dup2(pfd[1], 1) < 0 || dup2(pfd[1], 2) < 0)
                        _exit(126);
                execv(c->lp, argv);
                _exit(127);
        }
        close(pfd[1]);
        while ((n = read(pfd[0], answer + got, sizeof answer - 1 - got)) != 0) {
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0)
                        break;
                got += (size_t) n;
                if (got >= sizeof answer - 1)
                        break;
        }
        answer[got] = 0;
        answer[strcspn(answer, "\n")] = 0;
        close(pfd[0]);
        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return -errno;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                host->status(host, S0_PRINTER_STATUS_OFFLINE, answer[0] ? answer : "the CUPS queue refused the job");
                return -EIO;
        }
        host->status(host, S0_PRINTER_STATUS_INFO, answer[0] ? answer : "handed to CUPS");
        return 0;
}

static const struct s0_printer_driver cups_driver = {
        .abi_version = S0_PRINTER_DRIVER_ABI,
        .capabilities = S0_PRINTER_CAP(S0_PRINT_TEXT) | S0_PRINTER_CAP(S0_PRINT_POSTSCRIPT) | S0_PRINTER_CAP(S0_PRINT_PDF),
        .name = "cups",
        .description = "Hand jobs to a CUPS queue (lp)",
        .init = cups_init,
        .render = cups_render,
};

__attribute__((visibility("default"))) const struct s0_printer_driver *s0_printer_driver_entry(void) {
        return &cups_driver;
}
