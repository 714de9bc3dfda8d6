/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stddef.h>
#include <sys/types.h>

/* write() until all of buf is out, retrying EINTR and short writes. 0 or -errno. */
int loop_write(int fd, const void *buf, size_t n);
/* read() until n bytes or EOF, retrying EINTR. Returns bytes read or -errno. */
ssize_t loop_read(int fd, void *buf, size_t n);
/* Reads a small file (at most max-1 bytes) at dirfd/path into buf, NUL-terminates it
 * and strips one trailing newline. -EFBIG if it does not fit. */
int read_small_file_at(int dirfd, const char *path, char *buf, size_t max);
/* Writes s to an existing file (cgroup/proc knobs), in one write(). */
int write_string_file_at(int dirfd, const char *path, const char *s);
