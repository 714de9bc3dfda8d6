/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * s0-spooler: the print spooler service of session 0 (docs/PRINTING.md, s0-spooler(8)).
 * Run by s0-scm as LocalSystem (the dispatcher on $S0_SCM_FD), or in the foreground
 * without it. Jobs arrive on \\.\pipe\spoolss, are spooled to disk, and are printed by
 * one isolated driver host per printer.
 */
#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "shared/log.h"
#include "shared/parse-util.h"
#include "spooler.h"
#include "service.h"

static void help(void) {
        printf("Usage: s0-spooler [OPTIONS]\n"
               "\n"
               "The session0 print spooler: accepts jobs on \\\\.\\pipe\\spoolss from every session,\n"
               "spools them to disk and prints them through isolated driver hosts.\n"
               "\n"
               "  --printer NAME=DRIVER[:OPTIONS]  a printer (repeatable; default: PDF=pdf)\n"
               "  --spool-dir DIR       spooled jobs (default /var/spool/session0)\n"
               "  --output-dir DIR      per-user output directories (default /var/spool/session0/output)\n"
               "  --driver-dir DIR      where DRIVER.so plugins are (default %s)\n"
               "  --printhost PATH      the driver host program (default %s/s0-printhost)\n"
               "  --driver-user USER    the account driver hosts run as (default s0-printdrv)\n"
               "  --job-timeout SEC     a job's time limit in its driver (default 300)\n"
               "  --driver-memory MB    a driver host's address-space limit (default 1024; 0: none)\n"
               "  --runtime-dir DIR     session0d's runtime directory (default $S0_RUNTIME_DIR)\n"
               "  --no-notify           do not send WTSSendMessage notifications\n"
               "  --version\n",
               S0_PRINTER_DRIVER_DIR, S0_LIBEXECDIR);
}

static int add_printer(struct spooler *sp, const char *arg) {
        const char *eq = strchr(arg, '='), *colon;
        struct printer *p;
        size_t nlen, dlen;

        if (sp->n_printers >= SPOOLER_PRINTERS_MAX || !eq || eq == arg)
                return -EINVAL;
        colon = strchr(eq + 1, ':');
        nlen = (size_t) (eq - arg);
        dlen = colon ? (size_t) (colon - eq - 1) : strlen(eq + 1);
        p = &sp->printers[sp->n_printers];
        if (nlen >= sizeof p->name || dlen == 0 || dlen >= sizeof p->driver || (colon && strlen(colon + 1) >= sizeof p->options))
                return -EINVAL;
        memcpy(p->name, arg, nlen);
        memcpy(p->driver, eq + 1, dlen);
        if (strchr(p->driver, '/') || p->driver[0] == '.')
                return -EINVAL;
        if (printer_find(sp, p->name))
                return -EEXIST;
        if (colon)
                snprintf(p->options, sizeof p->options, "%s", colon + 1);
        p->sp = sp;
        p->host_fd = -1;
        sp->n_printers++;
        return 0;
}

static int parse_args(struct spooler *sp, int argc, char **argv, const char **driver_user) {
        for (int i = 1; i < argc; i++) {
                const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
                uint32_t u;

                if (strcmp(o, "--help") == 0 || strcmp(o, "-h") == 0) {
                        help();
                        exit(0);
                } else if (strcmp(o, "--version") == 0) {
                        printf("s0-spooler %s\n", S0_VERSION);
                        exit(0);
                } else if (strcmp(o, "--no-notify") == 0) {
                        sp->notify = false;
                        continue;
                }
                if (!v) {
                        fprintf(stderr, "s0-spooler: unknown option or missing value '%s'\n", o);
                        return -EINVAL;
                }
                i++;
                if (strcmp(o, "--printer") == 0) {
                        int r = add_printer(sp, v);
                        if (r < 0) {
                                fprintf(stderr, "s0-spooler: invalid --printer '%s': %s\n", v,
                                        r == -EEXIST ? "a printer of that name exists" : "NAME=DRIVER[:OPTIONS]");
                                return r;
                        }
                } else if (strcmp(o, "--spool-dir") == 0)
                        sp->spool_dir = v;
                else if (strcmp(o, "--output-dir") == 0)
                        sp->output_dir = v;
                else if (strcmp(o, "--driver-dir") == 0)
                        sp->driver_dir = v;
                else if (strcmp(o, "--printhost") == 0)
                        sp->host_path = v;
                else if (strcmp(o, "--runtime-dir") == 0)
                        sp->runtime_dir = v;
                else if (strcmp(o, "--driver-user") == 0)
                        *driver_user = v;
                else if (strcmp(o, "--job-timeout") == 0 && safe_atou32(v, &u) == 0 && u > 0 && u <= 86400)
                        sp->job_timeout_ms = u * 1000;
                else if (strcmp(o, "--driver-memory") == 0 && safe_atou32(v, &u) == 0 && u <= 1024 * 1024)
                        sp->driver_mem = (uint64_t) u << 20;
                else {
                        fprintf(stderr, "s0-spooler: invalid option or value '%s %s'\n", o, v);
                        return -EINVAL;
                }
        }
        return 0;
}

int spooler_setup(struct spooler *sp) {
        int r = store_open(sp);
        if (r < 0)
                return r;
        r = store_load(sp);
        if (r < 0)
                return r;
        r = server_start(sp);
        if (r < 0)
                return r;
        for (size_t i = 0; i < sp->n_printers; i++) {
                r = printer_start(&sp->printers[i]);
                if (r < 0)
                        return log_error_errno(r, "Cannot start printer %s", sp->printers[i].name);
        }
        log_info("ready: %zu printers on \\\\.\\pipe\\" S0_SPOOL_PIPE_NAME ", spool %s", sp->n_printers, sp->spool_dir);
        return 0;
}

int main(int argc, char **argv) {
        static struct spooler sp = {
                .lock = PTHREAD_MUTEX_INITIALIZER,
                .work = PTHREAD_COND_INITIALIZER,
                .next_id = 1,
                .spool_dir = "/var/spool/session0",
                .output_dir = "/var/spool/session0/output",
                .driver_dir = S0_PRINTER_DRIVER_DIR,
                .host_path = S0_LIBEXECDIR "/s0-printhost",
                .jobs_fd = -1, .tmp_fd = -1, .work_fd = -1, .out_fd = -1,
                .job_timeout_ms = 300 * 1000,
                .driver_mem = 1024ull << 20,
                .notify = true,
        };
        const char *driver_user = "s0-printdrv";
        struct passwd *pw;
        int r;

        log_set_ident("s0-spooler");
        if (parse_args(&sp, argc, argv, &driver_user) < 0)
                return 2;
        if (sp.n_printers == 0)
                (void) add_printer(&sp, "PDF=pdf");
        for (size_t i = 0; i < sp.n_printers; i++) {
                struct printer *p = &sp.printers[i];
                int n = snprintf(p->driver_path, sizeof p->driver_path, "%s/%s.so", sp.driver_dir, p->driver);
                if (n < 0 || (size_t) n >= sizeof p->driver_path)
                        return log_error_errno(-ENAMETOOLONG, "driver path too long"), 2;
        }
        pw = getpwnam(driver_user);
        if (!pw) {
                log_error("Unknown driver account '%s'. Create it (make install does) or give --driver-user.", driver_user);
                return 1;
        }
        if (pw->pw_uid == 0) {
                log_error("The driver account '%s' is root: drivers must not run with privileges.", driver_user);
                return 1;
        }
        sp.drv_uid = pw->pw_uid;
        sp.drv_gid = pw->pw_gid;
        (void) signal(SIGPIPE, SIG_IGN);
        r = privileges_drop();
        if (r < 0)
                return log_error_errno(r, "Cannot drop capabilities"), 1;
        if (getenv("S0_SCM_FD"))
                return service_run(&sp);
        {
                sigset_t set;
                int sig;
                /* blocked before any thread starts, so that only sigwait() below takes them */
                sigemptyset(&set);
                sigaddset(&set, SIGTERM);
                sigaddset(&set, SIGINT);
                (void) pthread_sigmask(SIG_BLOCK, &set, NULL);
                r = spooler_setup(&sp);
                if (r < 0)
                        return 1;
                (void) sigwait(&set, &sig);
        }
        /* nothing to flush: every accepted job is on disk; a job printing now is queued
         * again at the next start */
        return 0;
}
