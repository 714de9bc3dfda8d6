/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Where output goes. The driver host writes into SPOOL/work/ID/, a directory of
 * s0-printdrv's that it reaches only through the fd it was given; the spooler then copies
 * the named file into OUT/USER/ (the user's, 0700), as a new 0600 file of the user's,
 * through a temporary name and rename(): the driver account never touches a user's
 * directory, and a symlink or hard link the driver planted is refused, not followed.
 * The final name carries the job id, so printing a job again (after a spooler crash)
 * replaces its output instead of adding a second copy.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

#include "shared/log.h"
#include "shared/macro.h"
#include "spooler.h"

static void work_name(char *buf, size_t size, uint32_t id) { (void) snprintf(buf, size, "%08" PRIu32, id); }

void publish_work_dir_remove(struct spooler *sp, uint32_t id) {
        char name[16];
        int fd;
        DIR *d;
        struct dirent *de;

        work_name(name, sizeof name, id);
        fd = openat(sp->work_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0 && (d = fdopendir(fd))) {
                while ((de = readdir(d)))
                        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
                                (void) unlinkat(dirfd(d), de->d_name, 0); /* a driver's leftovers: best effort */
                closedir(d);
        } else
                safe_close(fd);
        (void) unlinkat(sp->work_fd, name, AT_REMOVEDIR);
}

int publish_work_dir(struct spooler *sp, uint32_t id, int *ret_fd) {
        char name[16];
        int fd;

        publish_work_dir_remove(sp, id); /* an earlier attempt's */
        work_name(name, sizeof name, id);
        if (mkdirat(sp->work_fd, name, 0700) < 0)
                return -errno;
        fd = openat(sp->work_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        if (fchown(fd, sp->drv_uid, sp->drv_gid) < 0) {
                int r = -errno;
                safe_close(fd);
                return r;
        }
        *ret_fd = fd;
        return 0;
}

/* OUT/USER, made the user's if new; refused if it is anything but the user's directory. */
static int user_dir(struct spooler *sp, const struct job *j, int *ret_fd) {
        struct stat st;
        int fd;

        if (j->user[0] == '.' || strchr(j->user, '/'))
                return -EINVAL;
        if (mkdirat(sp->out_fd, j->user, 0700) == 0) {
                if (fchownat(sp->out_fd, j->user, j->uid, j->gid, AT_SYMLINK_NOFOLLOW) < 0)
                        return -errno;
        } else if (errno != EEXIST)
                return -errno;
        fd = openat(sp->out_fd, j->user, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0 || st.st_uid != j->uid || (st.st_mode & 077)) {
                safe_close(fd);
                return -EPERM;
        }
        *ret_fd = fd;
        return 0;
}

static int copy_fd(int in, int out, uint64_t max) {
        uint64_t total = 0;
        for (;;) {
                ssize_t n = copy_file_range(in, NULL, out, NULL, 1 << 20, 0);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0)
                        return -errno;
                if (n == 0)
                        return 0;
                total += (uint64_t) n;
                if (total > max)
                        return -EFBIG;
        }
}

/* "<id>-<document>.<ext of the driver's file>", with the document reduced to safe characters. */
static void final_name(const struct job *j, const char *driver_name, char *buf, size_t size) {
        char doc[64];
        const char *ext = strrchr(driver_name, '.');
        size_t k = 0;
        for (const char *s = j->document; *s && k + 1 < sizeof doc; s++) {
                char ch = *s;
                doc[k++] = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                                           ch == '-' || ch == '_' ? ch : '_';
        }
        doc[k] = 0;
        if (!ext || strlen(ext) > 8)
                ext = "";
        (void) snprintf(buf, size, "job%" PRIu32 "-%s%s", j->id, k ? doc : "document", ext);
}

int publish_output(struct spooler *sp, const struct job *j, int work_dir_fd, const char *name, char *ret_path,
                   size_t size) {
        _cleanup_close_ int in = -1, dir = -1, out = -1;
        char final[128], tmp[160];
        struct stat st;
        int r;

        in = openat(work_dir_fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (in < 0)
                return -errno;
        if (fstat(in, &st) < 0)
                return -errno;
        if (!S_ISREG(st.st_mode) || st.st_nlink != 1 || st.st_uid != sp->drv_uid)
                return -EPERM; /* only a plain file the driver made itself */
        r = user_dir(sp, j, &dir);
        if (r < 0)
                return r;
        final_name(j, name, final, sizeof final);
        (void) snprintf(tmp, sizeof tmp, ".tmp-%s", final);
        out = openat(dir, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (out < 0)
                return -errno;
        if (fchown(out, j->uid, j->gid) < 0 || fchmod(out, 0600) < 0)
                r = -errno;
        else
                r = copy_fd(in, out, SPOOLER_OUTPUT_BYTES_MAX);
        if (r == 0 && fsync(out) < 0)
                r = -errno;
        if (r == 0 && renameat(dir, tmp, dir, final) < 0)
                r = -errno;
        if (r < 0) {
                (void) unlinkat(dir, tmp, 0);
                return r;
        }
        if (fsync(dir) < 0)
                return -errno;
        (void) snprintf(ret_path, size, "%s/%s/%s", sp->output_dir, j->user, final);
        return 0;
}
