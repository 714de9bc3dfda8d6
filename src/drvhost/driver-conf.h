/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A driver's configuration, /etc/session0/drivers/NAME.conf (docs/DRIVERS.md). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DRV_DEVICES_MAX 8
#define DRV_NAME_MAX 64
#define DRV_SDDL_MAX 1024

struct drv_device_conf {
        char name[DRV_NAME_MAX]; /* lower case: device names are case-insensitive */
        char sddl[DRV_SDDL_MAX];
};

struct drv_conf {
        char name[DRV_NAME_MAX]; /* the file's NAME */
        char plugin[4096];
        uint32_t hang_timeout_ms;
        unsigned n_devices;
        struct drv_device_conf devices[DRV_DEVICES_MAX];
};

/* Parses the text of NAME.conf. 0, or -EINVAL with "line N: why" in err. */
int drv_conf_parse(const char *name, const char *text, struct drv_conf *ret, char *err, size_t err_size);
/* Reads and parses dir/NAME.conf. */
int drv_conf_load(const char *dir, const char *name, struct drv_conf *ret, char *err, size_t err_size);
/* A device or driver name: 1-63 of [A-Za-z0-9_-]. */
bool drv_name_valid(const char *s);
