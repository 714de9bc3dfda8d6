/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The driver .conf parser: one [Driver] section of Key=Value lines,
 *   Plugin=/abs/path/driver.so       (required)
 *   Device=NAME SDDL                 (1..8; the SDDL string is the device's descriptor)
 *   HangTimeoutMs=N                  (a callback running longer is a hang; default 5000)
 * '#' and ';' start comments. Pure: the text comes in, the struct goes out.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "driver-conf.h"
#include "shared/io-util.h"
#include "shared/macro.h"

#define CONF_TEXT_MAX 16384

bool drv_name_valid(const char *s) {
        size_t n = strlen(s);

        if (n == 0 || n >= DRV_NAME_MAX)
                return false;
        for (size_t i = 0; i < n; i++)
                if (!isalnum((unsigned char) s[i]) && s[i] != '_' && s[i] != '-')
                        return false;
        return true;
}

static char *strip(char *s) {
        char *e;

        while (*s == ' ' || *s == '\t')
                s++;
        e = s + strlen(s);
        while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
                *--e = 0;
        return s;
}

static int bad(char *err, size_t size, unsigned line, const char *why) {
        snprintf(err, size, "line %u: %s", line, why);
        return -EINVAL;
}

static int parse_line(char *s, unsigned line, bool *in_section, struct drv_conf *c, char *err, size_t esz) {
        char *eq, *key, *val;

        s = strip(s);
        if (!*s || *s == '#' || *s == ';')
                return 0;
        if (*s == '[') {
                if (strcasecmp(s, "[Driver]") != 0)
                        return bad(err, esz, line, "only a [Driver] section is known");
                *in_section = true;
                return 0;
        }
        if (!*in_section)
                return bad(err, esz, line, "key outside [Driver]");
        eq = strchr(s, '=');
        if (!eq)
                return bad(err, esz, line, "expected Key=Value");
        *eq = 0;
        key = strip(s);
        val = strip(eq + 1);
        if (strcasecmp(key, "Plugin") == 0) {
                if (c->plugin[0])
                        return bad(err, esz, line, "Plugin given twice");
                if (val[0] != '/' || strlen(val) >= sizeof c->plugin)
                        return bad(err, esz, line, "Plugin must be an absolute path");
                strcpy(c->plugin, val);
        } else if (strcasecmp(key, "Device") == 0) {
                struct drv_device_conf *d;
                char *sp = strpbrk(val, " \t");

                if (c->n_devices >= DRV_DEVICES_MAX)
                        return bad(err, esz, line, "too many devices (8 at most)");
                if (!sp)
                        return bad(err, esz, line, "Device needs a name and an SDDL descriptor");
                *sp = 0;
                if (!drv_name_valid(val))
                        return bad(err, esz, line, "a device name is 1-63 of A-Z a-z 0-9 _ -");
                d = &c->devices[c->n_devices];
                for (size_t i = 0; val[i]; i++)
                        d->name[i] = (char) tolower((unsigned char) val[i]);
                for (unsigned i = 0; i < c->n_devices; i++)
                        if (strcmp(c->devices[i].name, d->name) == 0)
                                return bad(err, esz, line, "device named twice");
                val = strip(sp + 1);
                if (!*val || strlen(val) >= sizeof d->sddl)
                        return bad(err, esz, line, "bad SDDL length");
                strcpy(d->sddl, val);
                c->n_devices++;
        } else if (strcasecmp(key, "HangTimeoutMs") == 0) {
                char *end;
                unsigned long v;

                errno = 0;
                v = strtoul(val, &end, 10);
                if (errno || end == val || *end || v < 100 || v > 600000)
                        return bad(err, esz, line, "HangTimeoutMs must be 100..600000");
                c->hang_timeout_ms = (uint32_t) v;
        } else
                return bad(err, esz, line, "unknown key");
        return 0;
}

int drv_conf_parse(const char *name, const char *text, struct drv_conf *ret, char *err, size_t err_size) {
        _cleanup_free_ char *copy = NULL;
        _cleanup_free_ struct drv_conf *c = calloc(1, sizeof *c);
        bool in_section = false;
        unsigned line = 1;
        char *p, *nl;
        int r;

        if (!c || !(copy = strdup(text)))
                return -ENOMEM;
        if (!drv_name_valid(name))
                return bad(err, err_size, 0, "bad driver name");
        strcpy(c->name, name);
        c->hang_timeout_ms = 5000;
        for (p = copy; p; p = nl ? nl + 1 : NULL, line++) {
                nl = strchr(p, '\n');
                if (nl)
                        *nl = 0;
                r = parse_line(p, line, &in_section, c, err, err_size);
                if (r < 0)
                        return r;
        }
        if (!c->plugin[0])
                return bad(err, err_size, line - 1, "no Plugin=");
        if (c->n_devices == 0)
                return bad(err, err_size, line - 1, "no Device=");
        *ret = *c;
        return 0;
}

int drv_conf_load(const char *dir, const char *name, struct drv_conf *ret, char *err, size_t err_size) {
        _cleanup_free_ char *text = malloc(CONF_TEXT_MAX);
        char path[4096];
        int r;

        if (!text)
                return -ENOMEM;
        if (snprintf(path, sizeof path, "%s/%s.conf", dir, name) >= (int) sizeof path)
                return -ENAMETOOLONG;
        r = read_small_file_at(AT_FDCWD, path, text, CONF_TEXT_MAX);
        if (r < 0) {
                snprintf(err, err_size, "cannot read: %s", strerror(-r));
                return r;
        }
        return drv_conf_parse(name, text, ret, err, err_size);
}
