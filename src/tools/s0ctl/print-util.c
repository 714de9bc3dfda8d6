/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "print-util.h"

const char *print_error_name(uint32_t code) {
        switch (code) {
        case 2: return "ERROR_FILE_NOT_FOUND";
        case S0_SPOOL_ERR_ACCESS_DENIED: return "ERROR_ACCESS_DENIED";
        case S0_SPOOL_ERR_NOT_SUPPORTED: return "ERROR_NOT_SUPPORTED";
        case S0_SPOOL_ERR_INVALID_PARAMETER: return "ERROR_INVALID_PARAMETER";
        case S0_SPOOL_ERR_DISK_FULL: return "ERROR_DISK_FULL";
        case S0_SPOOL_ERR_GEN_FAILURE: return "ERROR_GEN_FAILURE";
        case S0_SPOOL_ERR_INVALID_PRINTER_NAME: return "ERROR_INVALID_PRINTER_NAME";
        case S0_SPOOL_ERR_INVALID_DATATYPE: return "ERROR_INVALID_DATATYPE";
        case S0_SPOOL_ERR_NOT_ENOUGH_QUOTA: return "ERROR_NOT_ENOUGH_QUOTA";
        case S0_SPOOL_ERR_SPL_NO_STARTDOC: return "ERROR_SPL_NO_STARTDOC";
        default: return "ERROR_GEN_FAILURE";
        }
}

struct s0_spool *print_connect(const struct s0ctl_args *a, const char *verb) {
        struct s0_spool *s;
        int r = s0_spool_connect(a->runtime_dir, &s);
        if (r < 0) {
                fprintf(stderr, "s0ctl %s: cannot reach the print spooler (\\\\.\\pipe\\%s): %s%s\n", verb,
                        S0_SPOOL_PIPE_NAME, strerror(-r), r == -ENOENT ? ". Is s0-spooler running?" : "");
                return NULL;
        }
        return s;
}

int print_fail(struct s0_spool *s, int r, const char *verb, const char *what) {
        if (r == -EREMOTEIO) {
                uint32_t code = s0_spool_win32_error(s);
                fprintf(stderr, "s0ctl %s: %s: %s: %s (%u)\n", verb, what, s0_spool_error_text(s),
                        print_error_name(code), code);
        } else
                fprintf(stderr, "s0ctl %s: %s: %s\n", verb, what, strerror(-r));
        s0_spool_close(s);
        return 1;
}
