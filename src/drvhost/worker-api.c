/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The accessors of the driver ABI (include/session0/driver/umdf.h) the host provides;
 * exported from the worker executable through worker.dynlist. */
#include <stdarg.h>
#include <stdio.h>

#include "worker.h"

const char *s0_umdf_device_name(const struct s0_umdf_device *dev) { return dev->name; }
void s0_umdf_device_set_context(struct s0_umdf_device *dev, void *ctx) { dev->ctx = ctx; }
void *s0_umdf_device_context(const struct s0_umdf_device *dev) { return dev->ctx; }
struct s0_umdf_device *s0_umdf_file_device(const struct s0_umdf_file *file) { return file->dev; }
const struct s0_umdf_caller *s0_umdf_file_caller(const struct s0_umdf_file *file) { return &file->who; }
void s0_umdf_file_set_context(struct s0_umdf_file *file, void *ctx) { file->ctx = ctx; }
void *s0_umdf_file_context(const struct s0_umdf_file *file) { return file->ctx; }

void s0_umdf_log(const char *fmt, ...) {
        char line[512];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(line, sizeof line, fmt, ap);
        va_end(ap);
        fprintf(stderr, "s0-drvhost-worker[%s]: %s\n", worker_self ? worker_self->conf.name : "?", line);
}
