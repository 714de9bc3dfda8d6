/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0-drvhost: the supervisor of the driver host processes (docs/DRIVERS.md). */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "driver-conf.h"

#define HOST_DRIVERS_MAX 32
/* crash back-off: 100 ms doubling to 5 s; more than HOLD_CRASHES crashes within
 * HOLD_WINDOW_MS and the driver is held back until s0-drvhost restarts */
#define BACKOFF_FIRST_MS 100u
#define BACKOFF_MAX_MS 5000u
#define HOLD_CRASHES 5u
#define HOLD_WINDOW_MS 60000u

enum host_state { HOST_STOPPED, HOST_RUNNING, HOST_RESTARTING, HOST_HELD };

struct host_driver {
        struct drv_conf conf;
        pid_t pid;
        enum host_state state;
        unsigned restarts;
        unsigned crashes;        /* within the current window */
        uint64_t window_start_ms;
        uint64_t next_start_ms;
};

struct host {
        const char *runtime_dir;
        const char *config_dir;
        const char *worker_path;
        const char *account;
        struct host_driver drivers[HOST_DRIVERS_MAX];
        unsigned n_drivers;
        volatile int stop; /* set by the service control handler */
};

/* Loads every config_dir/NAME.conf (a bad one is logged and skipped). */
int host_load(struct host *h);
/* Runs until h->stop: starts the workers, reaps them, restarts with back-off. */
int host_run(struct host *h);
