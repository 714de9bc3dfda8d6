/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Small helpers in the systemd style: cleanup attributes and ownership transfer. */
#pragma once

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#define ELEMENTSOF(x) (sizeof(x) / sizeof((x)[0]))
#define _unused_ __attribute__((unused))
#define _printf_(a, b) __attribute__((format(printf, a, b)))

static inline void freep(void *p) { free(*(void **) p); }
#define _cleanup_free_ __attribute__((cleanup(freep)))

/* close() is never retried on EINTR: on Linux the descriptor is gone either way and
 * the number may already belong to another thread. errno is preserved for callers. */
static inline int safe_close(int fd) {
        if (fd >= 0) {
                int saved = errno;
                (void) close(fd);
                errno = saved;
        }
        return -1;
}
static inline void closep(int *fd) { safe_close(*fd); }
#define _cleanup_close_ __attribute__((cleanup(closep)))

#define TAKE_FD(fd) ({ int _fd_ = (fd); (fd) = -1; _fd_; })
#define TAKE_PTR(p) ({ __typeof__(p) _p_ = (p); (p) = NULL; _p_; })

static inline int negative_errno(void) { return errno > 0 ? -errno : -EIO; }
