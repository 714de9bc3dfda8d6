/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Reaping orphaned object files.
 *
 * An object's lifetime is Windows': it lives while a handle is open. Every handle holds
 * flock(LOCK_SH) on its own open file description of the object file; the last closer
 * gets flock(LOCK_EX|LOCK_NB) and unlinks the name. Two things leave a name with no
 * object behind it, an orphan: a holder that dies between losing its lock and
 * unlinking (or is killed at logoff), and a last closer that may not unlink -- global/
 * is sticky, so only the file's owner (and root) can remove it. An orphan is a regular
 * file on which nobody holds a lock, so flock(LOCK_EX|LOCK_NB) succeeds.
 *
 * The daemon reaps them as root: on request (S0_MSG_OBJ_REAP: a library that finds an
 * orphan it may not remove asks), at start and after every logoff. Reaping must never
 * remove a live object nor anything but the name it was asked about, although the
 * directory is shared with every user:
 *
 *   - it looks only at regular files, and opens them O_NOFOLLOW|O_NONBLOCK relative to
 *     the directory's descriptor: no symbolic link is followed, no fifo or device opened,
 *     and a lease held by the file's owner cannot make the open wait;
 *   - the exclusive lock is taken on that open file description: while we hold it, no
 *     holder can appear (an opener's LOCK_SH waits or fails);
 *   - the name is unlinked only if it still names the very inode we locked (st_dev and
 *     st_ino): a file renamed in its place since is not touched.
 *
 * An opener that got its LOCK_SH after we unlinked holds a file without a name; the
 * library checks after locking that the name still leads to its inode, and starts over
 * otherwise (docs/ARCHITECTURE.md, "Object namespaces").
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"
#include "objreap.h"
#include "shared/log.h"
#include "shared/macro.h"

/* A sweep looks at this many entries at most: the daemon is single-threaded, and a user
 * could fill global/ with files to stall it. The rest wait for the next sweep. */
#define SWEEP_ENTRIES_MAX 65536u

static bool file_name_valid(const char *file) {
        return file[0] != 0 && !strchr(file, '/') && strcmp(file, ".") != 0 && strcmp(file, "..") != 0 &&
               strnlen(file, S0_OBJ_FILE_NAME_MAX) < S0_OBJ_FILE_NAME_MAX;
}

int objreap_file(int dir_fd, const char *file) {
        _cleanup_close_ int fd = -1;
        struct stat st, now;

        if (!file || !file_name_valid(file))
                return -EINVAL;
        /* Before opening anything: never open a fifo or device node as root. */
        if (fstatat(dir_fd, file, &st, AT_SYMLINK_NOFOLLOW) < 0)
                return -errno;
        if (!S_ISREG(st.st_mode))
                return 0;
        fd = openat(dir_fd, file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
                /* ELOOP: swapped for a symbolic link; EWOULDBLOCK: its owner holds a
                 * write lease -- in use, whatever it is. */
                if (errno == ELOOP || errno == EWOULDBLOCK)
                        return 0;
                return -errno;
        }
        if (fstat(fd, &st) < 0)
                return -errno;
        if (!S_ISREG(st.st_mode))
                return 0;
        if (flock(fd, LOCK_EX | LOCK_NB) < 0)
                return errno == EWOULDBLOCK ? 0 : -errno; /* held: a live object */
        /* The name may have been renamed away or replaced since we opened it. */
        if (fstatat(dir_fd, file, &now, AT_SYMLINK_NOFOLLOW) < 0)
                return errno == ENOENT ? 0 : -errno;
        if (now.st_dev != st.st_dev || now.st_ino != st.st_ino)
                return 0;
        if (unlinkat(dir_fd, file, 0) < 0)
                return errno == ENOENT ? 0 : -errno;
        return 1; /* the lock goes with the descriptor, after the name */
}

int objreap_sweep(int dir_fd, const char *path) {
        struct dirent *de;
        unsigned seen = 0;
        int fd, reaped = 0, r = 0, k;
        DIR *dir;

        /* fdopendir() takes the descriptor over: read through a copy of our own. */
        fd = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        dir = fdopendir(fd);
        if (!dir) {
                r = -errno;
                safe_close(fd);
                return r;
        }
        for (;;) {
                errno = 0;
                de = readdir(dir);
                if (!de) {
                        if (errno != 0)
                                r = -errno;
                        break;
                }
                if (de->d_type != DT_REG && de->d_type != DT_UNKNOWN)
                        continue;
                if (++seen > SWEEP_ENTRIES_MAX) {
                        log_warning("'%s': more than %u objects, the rest are swept next time", path,
                                    SWEEP_ENTRIES_MAX);
                        break;
                }
                k = objreap_file(dirfd(dir), de->d_name);
                if (k > 0) {
                        log_debug("Reaped orphaned object file '%s/%s'", path, de->d_name);
                        reaped++;
                } else if (k < 0 && k != -ENOENT)
                        log_warning_errno(k, "Cannot reap '%s/%s'", path, de->d_name);
        }
        closedir(dir);
        return r < 0 ? r : reaped;
}

void objreap_sweep_global(struct s0_daemon *d) {
        char path[4200];
        int r;

        if (d->objdir.global_fd < 0)
                return;
        snprintf(path, sizeof path, "%s/" OBJDIR_NAME "/" OBJDIR_GLOBAL, d->runtime_dir);
        r = objreap_sweep(d->objdir.global_fd, path);
        if (r < 0)
                log_warning_errno(r, "Cannot sweep '%s' for orphaned objects", path);
        else if (r > 0)
                log_info("Reaped %d orphaned object file%s in '%s'", r, r == 1 ? "" : "s", path);
}

void handle_obj_reap(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_obj_reap *req) {
        _cleanup_close_ int session_fd = -1;
        uint32_t cookie = req->hdr.cookie, id = req->session;
        int dir_fd = d->objdir.global_fd, r;

        if (id != 0) {
                struct s0_session *s = session_get(d, id);
                if (!s) {
                        (void) conn_reply_error(d, c, cookie, -ENOENT, "no session %u", id);
                        return;
                }
                /* Reaping a true orphan is harmless, but the answer (ENOENT or not) would
                 * tell others what a 0700 directory holds. */
                if (c->uid != 0 && s->uid != c->uid) {
                        (void) conn_reply_error(d, c, cookie, -EACCES,
                                                "session %u's objects are not yours (caller is uid %u)", id,
                                                (unsigned) c->uid);
                        return;
                }
                r = objdir_session_open(&d->objdir, id, &session_fd);
                if (r < 0) {
                        (void) conn_reply_error(d, c, cookie, r, "session %u has no object directory: %s", id,
                                                strerror(-r));
                        return;
                }
                dir_fd = session_fd;
        }
        r = objreap_file(dir_fd, req->file);
        if (r == -ENOENT) {
                (void) conn_reply_error(d, c, cookie, r, "no object file '%s' in session %u's namespace", req->file,
                                        id);
                return;
        }
        if (r < 0) {
                (void) conn_reply_error(d, c, cookie, r, "cannot reap '%s': %s", req->file, strerror(-r));
                return;
        }
        if (r > 0)
                log_debug("client %llu (uid %u): reaped orphaned object file '%s' in session %u's namespace",
                          (unsigned long long) c->id, (unsigned) c->uid, req->file, id);
        (void) conn_reply_ok(d, c, cookie);
}
