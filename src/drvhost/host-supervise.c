/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The supervision of driver hosts: one s0-drvhost-worker per driver; a worker that dies
 * (a crash, exit code 70 for a hang) is reported to the audit journal, its devices'
 * sockets are removed (open handles already see their connection gone: the Win32 layer
 * reports ERROR_DEVICE_REMOVED), and it is started again after a back-off; a driver that
 * keeps crashing is held back, as UMDF's reflector stops restarting a failing host.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <session0/session0.h>

#include "host.h"
#include "shared/log.h"

#define EXIT_HANG 70
#define TICK_MS 20
#define ERROR_DEVICE_REMOVED 1617

static uint64_t now_ms(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000u + (uint64_t) ts.tv_nsec / 1000000u;
}

static const char *state_name(enum host_state s) {
        switch (s) {
        case HOST_RUNNING: return "running";
        case HOST_RESTARTING: return "restarting";
        case HOST_HELD: return "held";
        default: return "stopped";
        }
}

int host_load(struct host *h) {
        DIR *d = opendir(h->config_dir);
        struct dirent *e;

        if (!d)
                return log_error_errno(-errno, "opendir %s", h->config_dir);
        while ((e = readdir(d)) && h->n_drivers < HOST_DRIVERS_MAX) {
                size_t n = strlen(e->d_name);
                char name[DRV_NAME_MAX], err[256];

                if (n < 6 || n - 5 >= sizeof name || strcmp(e->d_name + n - 5, ".conf") != 0)
                        continue;
                memcpy(name, e->d_name, n - 5);
                name[n - 5] = 0;
                if (drv_conf_load(h->config_dir, name, &h->drivers[h->n_drivers].conf, err, sizeof err) < 0) {
                        log_error("%s/%s: %s; driver '%s' not loaded", h->config_dir, e->d_name, err, name);
                        continue;
                }
                h->drivers[h->n_drivers++].state = HOST_RESTARTING; /* start now */
        }
        closedir(d);
        log_info("%u driver(s) configured in %s", h->n_drivers, h->config_dir);
        return 0;
}

/* For s0ctl devices, between workers (a running worker writes its own). */
static void write_status(struct host *h, struct host_driver *d) {
        for (unsigned i = 0; i < d->conf.n_devices; i++) {
                char path[4300];
                FILE *f;

                snprintf(path, sizeof path, "%s/devices/.status/%s", h->runtime_dir, d->conf.devices[i].name);
                f = fopen(path, "we");
                if (!f)
                        continue; /* status only */
                fprintf(f, "driver=%s state=%s opens=0 restarts=%u pid=0\n", d->conf.name, state_name(d->state),
                        d->restarts);
                fclose(f);
        }
}

static void audit(struct host *h, const char *target, int32_t result) {
        struct s0_client *c;

        if (s0_client_open(h->runtime_dir, &c) < 0)
                return;
        (void) s0_audit_report(c, S0_EVENT_DEVICE, 0, target, result);
        s0_client_close(c);
}

static void remove_sockets(struct host *h, struct host_driver *d) {
        for (unsigned i = 0; i < d->conf.n_devices; i++) {
                char path[4300];

                snprintf(path, sizeof path, "%s/devices/%s", h->runtime_dir, d->conf.devices[i].name);
                (void) unlink(path); /* a new open then finds no device: ERROR_FILE_NOT_FOUND */
        }
}

static void start_worker(struct host *h, struct host_driver *d) {
        char restarts[16];
        pid_t pid;

        snprintf(restarts, sizeof restarts, "%u", d->restarts);
        pid = fork();
        if (pid < 0) {
                log_error_errno(-errno, "fork for driver %s", d->conf.name);
                d->next_start_ms = now_ms() + BACKOFF_MAX_MS;
                return;
        }
        if (pid == 0) {
                sigset_t all;

                sigemptyset(&all);
                (void) sigprocmask(SIG_SETMASK, &all, NULL);
                execl(h->worker_path, "s0-drvhost-worker", "--runtime-dir", h->runtime_dir, "--config-dir",
                      h->config_dir, "--driver", d->conf.name, "--user", h->account, "--restarts", restarts,
                      (char *) NULL);
                _exit(127);
        }
        d->pid = pid;
        d->state = HOST_RUNNING;
        if (!d->window_start_ms)
                d->window_start_ms = now_ms();
        log_info("driver %s: host process %d", d->conf.name, (int) pid);
}

static void worker_died(struct host *h, struct host_driver *d, int status) {
        uint64_t now = now_ms(), delay;
        char why[64], target[192];

        d->pid = 0;
        remove_sockets(h, d);
        if (h->stop) {
                d->state = HOST_STOPPED;
                write_status(h, d);
                return;
        }
        if (WIFSIGNALED(status))
                snprintf(why, sizeof why, "crashed (signal %d)", WTERMSIG(status));
        else if (WEXITSTATUS(status) == EXIT_HANG)
                snprintf(why, sizeof why, "hung");
        else
                snprintf(why, sizeof why, "exited (status %d)", WEXITSTATUS(status));
        snprintf(target, sizeof target, "driver %s %s", d->conf.name, why);
        log_error("%s", target);
        audit(h, target, ERROR_DEVICE_REMOVED);
        if (now - d->window_start_ms > HOLD_WINDOW_MS) {
                d->window_start_ms = now;
                d->crashes = 0;
        }
        d->crashes++;
        if (d->crashes > HOLD_CRASHES) {
                d->state = HOST_HELD;
                log_error("driver %s: %u failures within %u s: held back", d->conf.name, d->crashes,
                          HOLD_WINDOW_MS / 1000);
                write_status(h, d);
                return;
        }
        delay = BACKOFF_FIRST_MS << (d->crashes - 1);
        d->next_start_ms = now + (delay > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : delay);
        d->state = HOST_RESTARTING;
        d->restarts++;
        write_status(h, d);
}

int host_run(struct host *h) {
        int status;
        pid_t pid;

        while (!h->stop) {
                uint64_t now = now_ms();

                for (unsigned i = 0; i < h->n_drivers; i++)
                        if (h->drivers[i].state == HOST_RESTARTING && now >= h->drivers[i].next_start_ms)
                                start_worker(h, &h->drivers[i]);
                while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
                        for (unsigned i = 0; i < h->n_drivers; i++)
                                if (h->drivers[i].pid == pid)
                                        worker_died(h, &h->drivers[i], status);
                (void) usleep(TICK_MS * 1000);
        }
        for (unsigned i = 0; i < h->n_drivers; i++)
                if (h->drivers[i].pid > 0)
                        (void) kill(h->drivers[i].pid, SIGTERM);
        for (unsigned i = 0; i < h->n_drivers; i++)
                if (h->drivers[i].pid > 0 && waitpid(h->drivers[i].pid, &status, 0) > 0)
                        worker_died(h, &h->drivers[i], status);
        return 0;
}
