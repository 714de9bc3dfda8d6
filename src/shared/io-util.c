/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "io-util.h"
#include "macro.h"

int loop_write(int fd, const void *buf, size_t n) {
        const char *p = buf;
        while (n > 0) {
                ssize_t k = write(fd, p, n);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                if (k == 0)
                        return -EIO;
                p += k;
                n -= (size_t) k;
        }
        return 0;
}

ssize_t loop_read(int fd, void *buf, size_t n) {
        char *p = buf;
        size_t done = 0;
        while (done < n) {
                ssize_t k = read(fd, p + done, n - done);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                if (k == 0)
                        break;
                done += (size_t) k;
        }
        return (ssize_t) done;
}

int read_small_file_at(int dirfd, const char *path, char *buf, size_t max) {
        _cleanup_close_ int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        ssize_t n;

        if (fd < 0)
                return -errno;
        n = loop_read(fd, buf, max);
        if (n < 0)
                return (int) n;
        if ((size_t) n >= max)
                return -EFBIG;
        buf[n] = 0;
        if (n > 0 && buf[n - 1] == '\n')
                buf[n - 1] = 0;
        return 0;
}

int write_string_file_at(int dirfd, const char *path, const char *s) {
        _cleanup_close_ int fd = openat(dirfd, path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
        size_t n = strlen(s);
        ssize_t k;

        if (fd < 0)
                return -errno;
        /* kernfs knobs want the value in one write(): no loop that could split it. */
        do
                k = write(fd, s, n);
        while (k < 0 && errno == EINTR);
        if (k < 0)
                return -errno;
        return (size_t) k == n ? 0 : -EIO;
}
