/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A device's security descriptor: parsed from its SDDL, checked against a caller, and
 * turned into the mode and POSIX ACL of its socket so the kernel refuses the same
 * callers (docs/DRIVERS.md). */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <session0/objects.h>

struct device_sd {
        struct s0_obj_sd sd;
        struct s0_obj_ace aces[S0_OBJ_ACES_MAX];
};

/* 0, or -EINVAL (a bad SDDL string). */
int device_sd_from_sddl(const char *sddl, const char *runtime_dir, struct device_sd *ret);
/* Win32 file rights: generic bits mapped as for files. */
uint32_t device_map_generic(uint32_t mask);
/* The rights of desired (mapped) that sd grants uid (with its groups); 0 with
 * *ret_denied set if any of them is refused. */
uint32_t device_access_check(const struct device_sd *sd, uid_t uid, gid_t gid, uint32_t desired, bool *ret_denied);
/* Sets path's mode and ACL from sd: who may open at all may connect. 0 or -errno. */
int device_socket_protect(const char *path, const struct device_sd *sd);
