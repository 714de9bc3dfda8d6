/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A small subset of SDDL (the Security Descriptor Definition Language), enough to give
 * `s0ctl object create --sddl` a DACL:
 *
 *   D:(A;;0x100000;;;WD)(A;;GA;;;S-1-22-1-1000)(D;;0x2;;;S-1-22-2-100)
 *   D:NO_ACCESS_CONTROL           a NULL DACL: everyone gets all access
 *   D:                            an empty DACL: nobody gets any access
 *
 * Only the D: part; ACE types A (allow) and D (deny); empty ACE flags, object and
 * inherited-object GUIDs; rights as 0xHEX, decimal, or two-letter codes (GA GR GW GX
 * SD RC WD WO, concatenated as in "GRGW"); SIDs WD / S-1-1-0 (Everyone), SY / S-1-5-18
 * (SYSTEM: uid 0), S-1-22-1-UID (a Unix user), S-1-22-2-GID (a Unix group). Anything
 * else is refused with the reason, never ignored: a descriptor that means less than it
 * says would grant more than the user meant.
 *
 * TODO: when the Win32 layer lands its ConvertStringSecurityDescriptor parser
 * (src/win32/security.c), use that one instead: one parser per format. */
#pragma once

#include <session0/objects.h>

struct s0ctl_sddl {
        struct s0_obj_sd sd;                    /* sd.aces points into aces[] */
        struct s0_obj_ace aces[S0_OBJ_ACES_MAX];
};

/* Parses s into *ret (written only on success): 0, or -EINVAL with *ret_why (optional)
 * set to a static reason and *ret_pos (optional) to the byte offset where it failed. */
int s0ctl_sddl_parse(const char *s, struct s0ctl_sddl *ret, const char **ret_why, size_t *ret_pos);
