/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* --sddl through the Win32 layer's SDDL parser: parse to a self-relative descriptor,
 * translate that to the native one, copy it out. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "sddl.h"
#include "shared/macro.h"
#include "win32/win32.h"

static int refuse(const char *why, size_t pos, const char **ret_why, size_t *ret_pos) {
        if (ret_why)
                *ret_why = why;
        if (ret_pos)
                *ret_pos = pos;
        return -EINVAL;
}

int s0ctl_sddl_parse(const char *s, const char *runtime_dir, struct s0ctl_sddl *ret, const char **ret_why,
                     size_t *ret_pos) {
        struct s0_win32_sddl_error err = { 0 };
        struct s0_win32_native_sd buf;
        struct s0_win32_sid_env env;
        const struct s0_obj_sd *sd;
        _cleanup_free_ void *psd = NULL;
        uint32_t e;

        if (!s || !ret)
                return -EINVAL;
        e = s0_win32_sddl_parse(s, &psd, NULL, &err);
        if (e == ERROR_NOT_ENOUGH_MEMORY)
                return -ENOMEM;
        if (e != ERROR_SUCCESS)
                return refuse(err.why, err.pos, ret_why, ret_pos);
        s0_win32_sid_env_current(runtime_dir, &env);
        e = s0_win32_sd_to_native(psd, &env, &buf, &sd);
        if (e != ERROR_SUCCESS)
                /* the parser's own output: only the native limit can be in the way */
                return refuse(e == ERROR_NOT_SUPPORTED ? "more ACEs apply than the 32 an object takes"
                                                       : "the descriptor does not translate",
                              SIZE_MAX, ret_why, ret_pos);
        ret->sd = *sd;
        for (size_t i = 0; i < sd->n_aces; i++)
                ret->aces[i] = sd->aces[i];
        ret->sd.aces = ret->aces;
        return 0;
}
