/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The one table from the native API's results to Win32 error codes (objects.h). */
#include <errno.h>
#include <stddef.h>

#include <session0/objects.h>

S0_EXPORT uint32_t s0_obj_win32_error(int r) {
        if (r >= 0)
                return 0;
        switch (-r) {
        case ENOENT: return 2;
        case ENOTDIR: return 3;
        case EMFILE:
        case ENFILE: return 4;
        case EACCES: return 5;
        case EBADF:
        case EPROTOTYPE: return 6;
        case ENOMEM: return 8;
        case ESRCH: return 50; /* the caller is in no session: ERROR_NOT_SUPPORTED */
        case EINVAL: return 87;
        case ENOSPC: return 112;
        case EILSEQ: return 123;
        case EBADR: return 161;
        case EEXIST: return 183;
        case ENAMETOOLONG: return 206;
        case ETIMEDOUT: return 258;
        case EPERM: return 288;
        case EOVERFLOW: return 298;
        case ENODATA: return 1006;
        case EADDRNOTAVAIL: return 1132;
        case ENOTSUP: return 50;
        default: return 31;
        }
}

static const struct {
        uint32_t code;
        const char *name;
} names[] = {
        { 0, "ERROR_SUCCESS" },
        { 1, "ERROR_INVALID_FUNCTION" },
        { 2, "ERROR_FILE_NOT_FOUND" },
        { 3, "ERROR_PATH_NOT_FOUND" },
        { 4, "ERROR_TOO_MANY_OPEN_FILES" },
        { 5, "ERROR_ACCESS_DENIED" },
        { 6, "ERROR_INVALID_HANDLE" },
        { 8, "ERROR_NOT_ENOUGH_MEMORY" },
        { 31, "ERROR_GEN_FAILURE" },
        { 50, "ERROR_NOT_SUPPORTED" },
        { 87, "ERROR_INVALID_PARAMETER" },
        { 112, "ERROR_DISK_FULL" },
        { 122, "ERROR_INSUFFICIENT_BUFFER" },
        { 123, "ERROR_INVALID_NAME" },
        { 161, "ERROR_BAD_PATHNAME" },
        { 170, "ERROR_BUSY" },
        { 183, "ERROR_ALREADY_EXISTS" },
        { 206, "ERROR_FILENAME_EXCED_RANGE" },
        { 234, "ERROR_MORE_DATA" },
        { 258, "WAIT_TIMEOUT" },
        { 288, "ERROR_NOT_OWNER" },
        { 298, "ERROR_TOO_MANY_POSTS" },
        { 1006, "ERROR_FILE_INVALID" },
        { 1132, "ERROR_MAPPED_ALIGNMENT" },
        { 1617, "ERROR_DEVICE_REMOVED" },
};

S0_EXPORT const char *s0_win32_error_name(uint32_t code) {
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
                if (names[i].code == code)
                        return names[i].name;
        return "ERROR_GEN_FAILURE";
}
