/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The sensor sample driver: a simulated thermometer. A timer thread makes a reading every
 * 250 ms (a slow sine around 21.5 degrees C); IOCTL_SENSOR_READ returns the latest,
 * IOCTL_SENSOR_WAIT pends until the next one (a request completed later, from the timer
 * thread). Each reading sets the auto-reset event Global\s0-sensor-NAME, created with an
 * explicit descriptor: everyone may SYNCHRONIZE (wait on it), only the driver's own
 * account may modify it, so an application in any session can wait, none can set it.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <session0/driver/samples.h>
#include <session0/driver/umdf.h>

#include "windows.h"

#define PERIOD_MS 250
#define PENDING_MAX 64

struct sensor {
        pthread_mutex_t lock;
        pthread_t timer;
        struct s0_sensor_reading last;
        struct s0_umdf_request *pending[PENDING_MAX];
        HANDLE event;
        volatile int stop;
};

static uint64_t now_ms(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000u + (uint64_t) ts.tv_nsec / 1000000u;
}

static void complete_reading(struct s0_umdf_request *req, const struct s0_sensor_reading *r) {
        memcpy(s0_umdf_request_buffer(req), r, sizeof *r);
        (void) s0_umdf_request_complete(req, 0, sizeof *r);
}

/* Called with the lock held. */
static void measure(struct sensor *s) {
        s->last.sequence++;
        s->last.timestamp_ms = now_ms();
        s->last.milli_celsius = 21500 + (int32_t) (1500.0 * sin((double) s->last.sequence / 20.0));
}

static void *timer_main(void *arg) {
        struct sensor *s = arg;

        while (!s->stop) {
                struct s0_sensor_reading r;
                struct s0_umdf_request *done[PENDING_MAX];
                size_t n = 0;

                usleep(PERIOD_MS * 1000);
                pthread_mutex_lock(&s->lock);
                measure(s);
                r = s->last;
                for (size_t i = 0; i < PENDING_MAX; i++)
                        if (s->pending[i]) {
                                done[n++] = s->pending[i];
                                s->pending[i] = NULL;
                        }
                pthread_mutex_unlock(&s->lock);
                for (size_t i = 0; i < n; i++)
                        complete_reading(done[i], &r);
                if (s->event)
                        (void) SetEvent(s->event);
        }
        return NULL;
}

static uint32_t sensor_add(struct s0_umdf_device *dev) {
        struct sensor *s = calloc(1, sizeof *s);
        char name[128], sddl[128];
        SECURITY_ATTRIBUTES sa = { .nLength = sizeof sa };
        PSECURITY_DESCRIPTOR sd = NULL;

        if (!s)
                return ERROR_NOT_ENOUGH_MEMORY;
        pthread_mutex_init(&s->lock, NULL);
        measure(s); /* a reading from the start: READ never returns an empty one */
        /* all rights for the driver's account, SYNCHRONIZE (0x00100000) for everyone */
        snprintf(sddl, sizeof sddl, "D:(A;;GA;;;S-1-22-1-%u)(A;;0x00100000;;;WD)", (unsigned) getuid());
        snprintf(name, sizeof name, "Global\\s0-sensor-%s", s0_umdf_device_name(dev));
        if (!ConvertStringSecurityDescriptorToSecurityDescriptorA(sddl, SDDL_REVISION_1, &sd, NULL)) {
                s0_umdf_log("SDDL %s: error %u", sddl, (unsigned) GetLastError());
                free(s);
                return ERROR_INVALID_PARAMETER;
        }
        sa.lpSecurityDescriptor = sd;
        s->event = CreateEventA(&sa, FALSE, FALSE, name);
        LocalFree(sd);
        if (!s->event) {
                uint32_t e = GetLastError();

                s0_umdf_log("CreateEvent %s: error %u", name, (unsigned) e);
                free(s);
                return e;
        }
        if (pthread_create(&s->timer, NULL, timer_main, s) != 0) {
                CloseHandle(s->event);
                free(s);
                return ERROR_NOT_ENOUGH_MEMORY;
        }
        s0_umdf_device_set_context(dev, s);
        return 0;
}

static void sensor_remove(struct s0_umdf_device *dev) {
        struct sensor *s = s0_umdf_device_context(dev);

        s->stop = 1;
        (void) pthread_join(s->timer, NULL);
        CloseHandle(s->event);
        free(s);
}

static void sensor_ioctl(struct s0_umdf_request *req, uint32_t code, const void *in, size_t in_len, size_t out_len) {
        struct sensor *s = s0_umdf_device_context(s0_umdf_file_device(s0_umdf_request_file(req)));
        struct s0_sensor_reading r;

        (void) in;
        (void) in_len;
        if (code != IOCTL_SENSOR_READ && code != IOCTL_SENSOR_WAIT) {
                (void) s0_umdf_request_complete(req, ERROR_INVALID_FUNCTION, 0);
                return;
        }
        if (out_len < sizeof r) {
                (void) s0_umdf_request_complete(req, ERROR_INSUFFICIENT_BUFFER, 0);
                return;
        }
        pthread_mutex_lock(&s->lock);
        r = s->last;
        if (code == IOCTL_SENSOR_WAIT) {
                for (size_t i = 0; i < PENDING_MAX; i++)
                        if (!s->pending[i]) {
                                s->pending[i] = req; /* completed by the timer thread */
                                pthread_mutex_unlock(&s->lock);
                                return;
                        }
                pthread_mutex_unlock(&s->lock);
                (void) s0_umdf_request_complete(req, ERROR_BUSY, 0);
                return;
        }
        pthread_mutex_unlock(&s->lock);
        complete_reading(req, &r);
}

static const struct s0_umdf_driver sensor_driver = {
        .abi_version = S0_UMDF_ABI_VERSION,
        .name = "sensor",
        .cb = {
                .device_add = sensor_add,
                .device_remove = sensor_remove,
                .ioctl = sensor_ioctl,
        },
};

const struct s0_umdf_driver *s0_umdf_driver_entry(void) { return &sensor_driver; }
