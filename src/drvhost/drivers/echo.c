/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The echo sample driver: a loopback per open handle. WriteFile data comes back on
 * ReadFile of the same handle (a handle never sees another's data); IOCTL_ECHO_ECHO
 * returns its input; IOCTL_ECHO_STATS the device's counters; IOCTL_ECHO_WHOAMI the caller.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <session0/driver/samples.h>
#include <session0/driver/umdf.h>

#define ERROR_INVALID_FUNCTION 1u
#define ERROR_NOT_ENOUGH_MEMORY 8u
#define ERROR_INSUFFICIENT_BUFFER 122u
#define LOOP_MAX S0_UMDF_BUFFER_MAX

struct echo_dev {
        struct s0_echo_stats stats; /* callbacks run on one thread: no lock needed */
};
struct echo_file {
        size_t len;
        unsigned char data[LOOP_MAX];
};

static uint32_t echo_add(struct s0_umdf_device *dev) {
        struct echo_dev *e = calloc(1, sizeof *e);

        if (!e)
                return ERROR_NOT_ENOUGH_MEMORY;
        s0_umdf_device_set_context(dev, e);
        return 0;
}

static void echo_remove(struct s0_umdf_device *dev) { free(s0_umdf_device_context(dev)); }

static uint32_t echo_create(struct s0_umdf_file *file, const struct s0_umdf_caller *who) {
        struct echo_dev *e = s0_umdf_device_context(s0_umdf_file_device(file));
        struct echo_file *f = calloc(1, sizeof *f);

        (void) who;
        if (!f)
                return ERROR_NOT_ENOUGH_MEMORY;
        s0_umdf_file_set_context(file, f);
        e->stats.opens++;
        return 0;
}

static void echo_close(struct s0_umdf_file *file) {
        struct echo_dev *e = s0_umdf_device_context(s0_umdf_file_device(file));

        free(s0_umdf_file_context(file));
        e->stats.opens--;
}

static struct echo_dev *dev_of(struct s0_umdf_request *req) {
        return s0_umdf_device_context(s0_umdf_file_device(s0_umdf_request_file(req)));
}

static void echo_read(struct s0_umdf_request *req, size_t length) {
        struct echo_file *f = s0_umdf_file_context(s0_umdf_request_file(req));
        size_t n = f->len < length ? f->len : length;

        memcpy(s0_umdf_request_buffer(req), f->data, n);
        memmove(f->data, f->data + n, f->len - n);
        f->len -= n;
        dev_of(req)->stats.reads++;
        (void) s0_umdf_request_complete(req, 0, n);
}

static void echo_write(struct s0_umdf_request *req, const void *data, size_t length) {
        struct echo_file *f = s0_umdf_file_context(s0_umdf_request_file(req));
        size_t n = LOOP_MAX - f->len < length ? LOOP_MAX - f->len : length;

        memcpy(f->data + f->len, data, n);
        f->len += n;
        dev_of(req)->stats.writes++;
        dev_of(req)->stats.bytes_in += n;
        (void) s0_umdf_request_complete(req, 0, n); /* a full loopback takes less: a short write */
}

static void echo_ioctl(struct s0_umdf_request *req, uint32_t code, const void *in, size_t in_len, size_t out_len) {
        struct s0_umdf_file *file = s0_umdf_request_file(req);
        struct echo_dev *e = dev_of(req);
        void *out = s0_umdf_request_buffer(req);

        e->stats.ioctls++;
        switch (code) {
        case IOCTL_ECHO_ECHO:
                if (out_len < in_len) {
                        (void) s0_umdf_request_complete(req, ERROR_INSUFFICIENT_BUFFER, 0);
                        return;
                }
                if (in_len)
                        memcpy(out, in, in_len);
                (void) s0_umdf_request_complete(req, 0, in_len);
                return;
        case IOCTL_ECHO_STATS:
                if (out_len < sizeof e->stats) {
                        (void) s0_umdf_request_complete(req, ERROR_INSUFFICIENT_BUFFER, 0);
                        return;
                }
                memcpy(out, &e->stats, sizeof e->stats);
                (void) s0_umdf_request_complete(req, 0, sizeof e->stats);
                return;
        case IOCTL_ECHO_WHOAMI: {
                const struct s0_umdf_caller *who = s0_umdf_file_caller(file);
                struct s0_echo_whoami w = { (uint32_t) who->uid, (uint32_t) who->pid, who->session, who->access };

                if (out_len < sizeof w) {
                        (void) s0_umdf_request_complete(req, ERROR_INSUFFICIENT_BUFFER, 0);
                        return;
                }
                memcpy(out, &w, sizeof w);
                (void) s0_umdf_request_complete(req, 0, sizeof w);
                return;
        }
        case IOCTL_ECHO_RESET:
                ((struct echo_file *) s0_umdf_file_context(file))->len = 0;
                (void) s0_umdf_request_complete(req, 0, 0);
                return;
        default:
                (void) s0_umdf_request_complete(req, ERROR_INVALID_FUNCTION, 0);
        }
}

static const struct s0_umdf_driver echo_driver = {
        .abi_version = S0_UMDF_ABI_VERSION,
        .name = "echo",
        .cb = {
                .device_add = echo_add,
                .device_remove = echo_remove,
                .file_create = echo_create,
                .file_close = echo_close,
                .read = echo_read,
                .write = echo_write,
                .ioctl = echo_ioctl,
        },
};

const struct s0_umdf_driver *s0_umdf_driver_entry(void) { return &echo_driver; }
