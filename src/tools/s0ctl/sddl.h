/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* `s0ctl object create|hold --sddl`: an SDDL string as the native descriptor, through
 * the Win32 layer's parser (src/win32/sddl.c, the one behind
 * ConvertStringSecurityDescriptorToSecurityDescriptor) and its translation to struct
 * s0_obj_sd, so both front ends accept the same language (docs/WIN32.md, "Security
 * descriptors"):
 *
 *   D:(A;;0x100000;;;WD)(A;;GA;;;S-1-22-1-1000)(D;;GRGW;;;S-1-22-2-100)
 *   D:NO_ACCESS_CONTROL           a NULL DACL: everyone gets all access
 *   D:                            an empty DACL: nobody gets any access
 *
 * Anything outside the subset is refused with the reason, never ignored: a descriptor
 * that means less than it says would grant more than the user meant. */
#pragma once

#include <stddef.h>

#include <session0/objects.h>

struct s0ctl_sddl {
        struct s0_obj_sd sd;                    /* sd.aces points into aces[] */
        struct s0_obj_ace aces[S0_OBJ_ACES_MAX];
};

/* Parses s into *ret (written only on success), with the SIDs BA and CO resolved as for
 * the objects of runtime_dir (NULL: s0_runtime_dir()): 0, -ENOMEM, or -EINVAL with
 * *ret_why (optional) set to a static reason and *ret_pos (optional) to the byte offset
 * where it failed, or SIZE_MAX when the descriptor as a whole is refused (more ACEs
 * apply than the native limit). */
int s0ctl_sddl_parse(const char *s, const char *runtime_dir, struct s0ctl_sddl *ret, const char **ret_why,
                     size_t *ret_pos);
