/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0-drvhost-worker: the host process of one driver (docs/DRIVERS.md). */
#pragma once

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <session0/driver/umdf.h>

#include "device-security.h"
#include "driver-conf.h"

#define WORKER_CONNS_MAX 256

struct s0_umdf_device {
        struct worker *w;
        char name[DRV_NAME_MAX];
        char path[4200]; /* the socket */
        struct device_sd sd;
        int listen_fd;
        bool up;         /* device_add succeeded */
        unsigned opens;
        void *ctx;
};

struct s0_umdf_request {
        struct conn *conn; /* NULL: the handle closed before completion */
        uint16_t type;
        size_t cap;        /* output capacity (read, IOCTL) */
        uint8_t *buf;
};

struct s0_umdf_file {
        struct s0_umdf_device *dev;
        struct s0_umdf_caller who;
        void *ctx;
};

struct conn {
        int fd;
        bool opened;
        struct s0_umdf_file file;
        struct s0_umdf_request *pending;
};

struct worker {
        const char *runtime_dir;
        struct drv_conf conf;
        const struct s0_umdf_driver *drv;
        struct s0_umdf_device devices[DRV_DEVICES_MAX];
        struct conn *conns[WORKER_CONNS_MAX];
        pthread_mutex_t lock; /* completions may come from a driver's own threads */
        /* the watchdog: when the running callback started (0: none runs) */
        _Atomic uint64_t busy_since_ms;
        unsigned restarts;
};

extern struct worker *worker_self; /* for the s0_umdf_* functions the driver calls */

uint64_t worker_now_ms(void);
/* Accepts a connection on dev. */
void worker_accept(struct worker *w, struct s0_umdf_device *dev);
/* Serves one message of c; false: c is to be closed. */
bool worker_serve(struct worker *w, struct conn *c);
void worker_conn_close(struct worker *w, struct conn *c);
/* Writes <runtime>/devices/NAME.status for s0ctl devices. */
void worker_write_status(struct worker *w, struct s0_umdf_device *dev, const char *state);
/* Reports to the audit journal (S0_EVENT_DEVICE). */
void worker_audit(struct worker *w, uint32_t session, const char *target, int32_t result);
