/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Creating, opening and closing objects: the object manager's part of the library.
 *
 * Create publishes atomically: the object is made complete in an O_TMPFILE in the
 * namespace directory (page initialised, descriptor applied, our shared lock taken),
 * then linkat() gives it its name; a concurrent creator's linkat() fails with EEXIST and
 * it opens the winner's object instead. No opener can see a half-made object.
 *
 * Lifetime (object.h): each handle's open file description holds flock(LOCK_SH); the
 * last one to close gets LOCK_EX and unlinks the name. An opener that gets LOCK_EX has
 * found an orphan (its holders crashed), reaps it, and reports the name absent.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "name.h"
#include "object.h"
#include "shared/macro.h"

#define CREATE_TRIES_MAX 64

static const char *const type_names[_S0_OBJ_TYPE_MAX] = {
        [S0_OBJ_EVENT] = "event", [S0_OBJ_MUTEX] = "mutex", [S0_OBJ_SEMAPHORE] = "semaphore",
        [S0_OBJ_TIMER] = "timer", [S0_OBJ_SECTION] = "section",
};

S0_EXPORT const char *s0_obj_type_name(uint32_t type) {
        return type > 0 && type < _S0_OBJ_TYPE_MAX ? type_names[type] : NULL;
}

S0_EXPORT uint32_t s0_obj_type_from_name(const char *name) {
        for (uint32_t t = 1; name && t < _S0_OBJ_TYPE_MAX; t++)
                if (strcmp(name, type_names[t]) == 0)
                        return t;
        return S0_OBJ_NONE;
}

static int flock_retry(int fd, int op) {
        int r;
        do
                r = flock(fd, op);
        while (r < 0 && errno == EINTR);
        return r < 0 ? -errno : 0;
}

/* ---- name resolution ------------------------------------------------------------------ */

struct target {
        int dir_fd;
        bool owned;              /* else the context's, not to be closed */
        bool global;
        char file[S0_OBJ_FILE_MAX];
        bool unnamed;
};

static int win32_to_errno(uint32_t e) {
        switch (e) {
        case S0_ERROR_PATH_NOT_FOUND: return -ENOTDIR;
        case S0_ERROR_INVALID_HANDLE: return -EPROTOTYPE;
        case S0_ERROR_INVALID_NAME: return -EILSEQ;
        case S0_ERROR_BAD_PATHNAME: return -EBADR;
        case S0_ERROR_FILENAME_EXCED_RANGE: return -ENAMETOOLONG;
        default: return -EINVAL;
        }
}

static int resolve(struct s0_objctx *c, const char *name, bool creating, struct target *t) {
        struct s0_obj_name n;
        const char *bs;
        uint32_t e;
        char buf[16];

        t->dir_fd = -1;
        t->owned = true;
        t->global = false;
        t->unnamed = false;
        if (!name)
                return -EINVAL;
        if (creating && !*name) {
                t->unnamed = true;
                return 0;
        }
        /* ALIAS\X: a private namespace open in this context */
        bs = strchr(name, '\\');
        if (bs && bs != name) {
                int pfd = objctx_privns_dir(c, name, (size_t) (bs - name));
                if (pfd >= 0) {
                        if (strchr(bs + 1, '\\'))
                                return -ENOTDIR;
                        e = s0_obj_name_resolve(bs + 1, 1, &n);
                        if (e)
                                return win32_to_errno(e);
                        if (n.is_directory)
                                return -EPROTOTYPE;
                        memcpy(t->file, n.file, sizeof t->file);
                        t->dir_fd = fcntl(pfd, F_DUPFD_CLOEXEC, 3);
                        return t->dir_fd < 0 ? -errno : 0;
                }
        }
        e = s0_obj_name_resolve(name, c->session, &n);
        if (e)
                return win32_to_errno(e);
        if (n.is_directory)
                return -EPROTOTYPE; /* the directory itself: a type mismatch */
        memcpy(t->file, n.file, sizeof t->file);
        if (n.global || n.session == 0) {
                t->global = true;
                t->dir_fd = c->global_fd;
                t->owned = false;
        } else if (n.session == c->session) {
                t->dir_fd = c->local_fd;
                t->owned = false;
        } else {
                snprintf(buf, sizeof buf, "%" PRIu32, n.session);
                t->dir_fd = openat(c->sessions_fd, buf, O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
                if (t->dir_fd >= 0 && faccessat(t->dir_fd, ".", X_OK, AT_EACCESS) < 0) {
                        /* O_PATH opens what we may not search: say so here, as Windows
                         * does for another user's \Sessions\N (not "not found") */
                        int err = errno;
                        t->dir_fd = safe_close(t->dir_fd);
                        return -err;
                }
                if (t->dir_fd < 0)
                        return errno == ENOENT || errno == ELOOP ? -ENOTDIR : -errno;
        }
        return t->dir_fd < 0 ? -errno : 0;
}

/* ---- handles --------------------------------------------------------------------------- */

static bool fd_writable(int fd) {
        int fl = fcntl(fd, F_GETFL);
        return fl >= 0 && (fl & O_ACCMODE) == O_RDWR;
}

int obj_map(struct s0_object *o) {
        struct s0_obj_shared *sh, *expected = NULL;
        int prot = PROT_READ | (o->writable ? PROT_WRITE : 0);
        if (__atomic_load_n(&o->sh, __ATOMIC_ACQUIRE))
                return 0;
        if (o->type == S0_OBJ_MUTEX) {
                /* the shared page, then a private one for the robust-list links (object.h) */
                sh = mmap(NULL, 2 * S0_OBJ_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                if (sh == MAP_FAILED)
                        return -errno;
                if (mmap(sh, S0_OBJ_PAGE, prot, MAP_SHARED | MAP_FIXED, o->fd, 0) == MAP_FAILED) {
                        int r = -errno;
                        (void) munmap(sh, 2 * S0_OBJ_PAGE);
                        return r;
                }
        } else {
                sh = mmap(NULL, S0_OBJ_PAGE, prot, MAP_SHARED, o->fd, 0);
                if (sh == MAP_FAILED)
                        return -errno;
        }
        if (!__atomic_compare_exchange_n(&o->sh, &expected, sh, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
                (void) munmap(sh, obj_map_len(o)); /* another thread mapped it first */
        return 0;
}

static struct s0_object *object_new(struct s0_objctx *c, uint32_t type, uint32_t access, int fd, bool writable,
                                    int dir_fd, bool dir_owned, const char *file) {
        struct s0_object *o = calloc(1, sizeof *o);
        if (!o)
                return NULL;
        if (file) {
                o->file = strdup(file);
                if (!o->file) {
                        free(o);
                        return NULL;
                }
        }
        o->ctx = c;
        o->type = type;
        o->access = access;
        o->fd = fd;
        o->dir_fd = dir_fd;
        o->dir_owned = dir_owned;
        o->writable = writable;
        o->pid = obj_self_pid();
        o->fork_fd = -1;
        if (type == S0_OBJ_MUTEX) {
                /* its identity: ownership is kept per object, whatever the handle */
                struct stat st;
                if (fstat(fd, &st) < 0) {
                        free(o->file);
                        free(o);
                        return NULL;
                }
                o->dev = st.st_dev;
                o->ino = st.st_ino;
        }
        objctx_ref(c);
        return o;
}

/* Removes an orphan's name if it still is this file; the caller holds LOCK_EX on fd.
 * Returns false if we may not remove it: in the sticky global directory only the file's
 * owner may, so the caller asks session0d (ask_daemon_reap) once its lock is gone. */
static bool reap_locked(int dir_fd, const char *file, int fd) {
        struct stat a, b;
        if (fstat(fd, &a) < 0 || fstatat(dir_fd, file, &b, AT_SYMLINK_NOFOLLOW) < 0)
                return true;
        if (a.st_dev == b.st_dev && a.st_ino == b.st_ino && unlinkat(dir_fd, file, 0) < 0)
                return !(errno == EPERM || errno == EACCES);
        return true;
}

/* session0d removes an orphan of the global namespace for anyone: it checks itself that
 * nobody holds it (objreap.c). Best effort: without a daemon the name stays an orphan,
 * which every opener treats as absent. */
static void ask_daemon_reap(struct s0_objctx *c, const char *file) {
        struct s0_client *cl;
        if (s0_client_open(c->runtime_dir, &cl) < 0)
                return;
        (void) s0_obj_reap(cl, 0, file);
        s0_client_close(cl);
}

static bool is_global_dir(struct s0_objctx *c, int dir_fd) {
        struct stat a, b;
        return fstat(dir_fd, &a) == 0 && fstat(c->global_fd, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* Reads the header of an object file (without mapping it). */
static int read_header(int fd, struct s0_obj_shared *h) {
        ssize_t n;
        do
                n = pread(fd, h, sizeof *h, 0);
        while (n < 0 && errno == EINTR);
        if (n < 0)
                return -errno;
        if ((size_t) n != sizeof *h || h->magic != S0_OBJ_MAGIC || h->version != S0_OBJ_VERSION || h->type == 0 ||
            h->type >= _S0_OBJ_TYPE_MAX)
                return -EPROTOTYPE; /* not an object: nothing we may treat as one */
        return 0;
}

/* Opens the object named file in dir_fd. -ENOENT if absent (or an orphan, reaped);
 * -EAGAIN if it vanished while we opened it (try again). */
static int open_existing(struct s0_objctx *c, int dir_fd, bool dir_owned, const char *file, uint32_t type,
                         uint32_t access, bool creating, struct s0_object **ret) {
        _cleanup_close_ int fd = -1;
        struct s0_obj_shared h;
        struct stat st;
        bool maximum = access & S0_MAXIMUM_ALLOWED, rw, manual;
        uint32_t granted;
        struct s0_object *o;
        int r;

        /* the open mode follows the rights asked for, generic ones mapped first;
         * MAXIMUM_ALLOWED tries read-write, then settles for what the descriptor gives */
        access = obj_generic_map(type, access & ~S0_MAXIMUM_ALLOWED) & obj_all_access(type);
        rw = maximum || obj_needs_write(type, false, access);
        fd = openat(dir_fd, file, (rw ? O_RDWR : O_RDONLY) | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
        if (fd < 0 && errno == EACCES && rw && (maximum || !obj_needs_write(type, true, access))) {
                /* maybe a manual-reset event or timer, which a waiter only reads */
                rw = false;
                fd = openat(dir_fd, file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
        }
        if (fd < 0)
                return errno == ELOOP || errno == EISDIR ? -EPROTOTYPE : -errno;
        r = flock_retry(fd, LOCK_EX | LOCK_NB);
        if (r == 0) {
                /* Nobody holds it: an orphan (or not an object at all: a fifo, a file
                 * someone put there). Reap only what is an object file. */
                if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
                        return -EPROTOTYPE;
                if (!reap_locked(dir_fd, file, fd) && is_global_dir(c, dir_fd)) {
                        fd = safe_close(fd);
                        ask_daemon_reap(c, file);
                }
                return -ENOENT;
        }
        if (r != -EWOULDBLOCK)
                return r;
        r = flock_retry(fd, LOCK_SH);
        if (r < 0)
                return r;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (!S_ISREG(st.st_mode))
                return -EPROTOTYPE;
        if (st.st_nlink == 0)
                return -EAGAIN; /* its last handle closed while we opened it */
        r = read_header(fd, &h);
        if (r < 0)
                return r;
        if (h.type != type)
                return -EPROTOTYPE;
        manual = h.flags & S0_SHF_MANUAL_RESET;
        granted = obj_granted(c, &h);
        if (maximum) {
                /* what the descriptor grants, less what a read-only open cannot do */
                access |= granted;
                if (!rw && obj_needs_write(type, manual, access))
                        access &= ~(type == S0_OBJ_SECTION ? S0_FILE_MAP_WRITE
                                                           : (S0_EVENT_MODIFY_STATE | S0_MUTEX_MODIFY_STATE |
                                                              (manual ? 0 : S0_SYNCHRONIZE)));
        }
        if (!creating && access == 0)
                return -EACCES;
        if ((access & ~granted) || (obj_needs_write(type, manual, access) && !rw))
                return -EACCES;
        if (dir_owned) {
                dir_fd = fcntl(dir_fd, F_DUPFD_CLOEXEC, 3);
                if (dir_fd < 0)
                        return -errno;
        }
        o = object_new(c, type, access, fd, rw, dir_fd, dir_owned, file);
        if (!o) {
                if (dir_owned)
                        safe_close(dir_fd);
                return -ENOMEM;
        }
        fd = -1;
        *ret = o;
        return 0;
}

static int validate_create(const struct s0_obj_create_args *a) {
        switch (a->type) {
        case S0_OBJ_EVENT:
        case S0_OBJ_MUTEX:
        case S0_OBJ_TIMER:
                break;
        case S0_OBJ_SEMAPHORE:
                if (a->semaphore.maximum <= 0 || a->semaphore.initial < 0 ||
                    a->semaphore.initial > a->semaphore.maximum)
                        return -EINVAL;
                break;
        case S0_OBJ_SECTION:
                if (a->section.size == 0 || a->section.size > (UINT64_C(1) << 46))
                        return -EINVAL;
                switch (a->section.protect & 0xff) {
                case S0_PAGE_READONLY:
                case S0_PAGE_READWRITE:
                case S0_PAGE_WRITECOPY:
                case S0_PAGE_EXECUTE_READ:
                case S0_PAGE_EXECUTE_READWRITE:
                        break;
                default:
                        return -EINVAL;
                }
                break;
        default:
                return -EINVAL;
        }
        return obj_sd_validate(a->sd);
}

/* Makes the object, complete, in an unnamed file. */

/* Makes the object, complete, in an unnamed file: its header written with one pwrite
 * (no mapping: a created object that is only closed again never faults a page in). */
static int make_object(struct s0_objctx *c, const struct s0_obj_create_args *a, int dir_fd, int *ret_fd) {
        _cleanup_close_ int fd = -1;
        struct s0_obj_shared h = { 0 };
        uint64_t size = S0_OBJ_PAGE;
        ssize_t n;
        int r;

        if (a->type == S0_OBJ_SECTION)
                size += (a->section.size + S0_OBJ_PAGE - 1) / S0_OBJ_PAGE * S0_OBJ_PAGE;
        if (dir_fd >= 0)
                fd = openat(dir_fd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
        else
                fd = memfd_create("s0-object", MFD_CLOEXEC);
        if (fd < 0)
                return -errno;
        if (ftruncate(fd, (off_t) size) < 0)
                return -errno;
        h.magic = S0_OBJ_MAGIC;
        h.version = S0_OBJ_VERSION;
        h.type = (uint16_t) a->type;
        switch (a->type) {
        case S0_OBJ_EVENT:
                h.flags = a->event.manual_reset ? S0_SHF_MANUAL_RESET : 0;
                h.state = a->event.initial_state ? 1 : 0;
                break;
        case S0_OBJ_SEMAPHORE:
                h.state = a->semaphore.initial;
                h.maximum = a->semaphore.maximum;
                break;
        case S0_OBJ_TIMER:
                h.flags = a->timer.manual_reset ? S0_SHF_MANUAL_RESET : 0;
                break;
        case S0_OBJ_SECTION:
                h.size = a->section.size;
                h.protect = a->section.protect;
                break;
        }
        r = obj_sd_apply(c, fd, &h, a->sd);
        if (r < 0)
                return r;
        do
                n = pwrite(fd, &h, sizeof h, 0);
        while (n < 0 && errno == EINTR);
        if (n < 0)
                return -errno;
        if ((size_t) n != sizeof h)
                return -EIO;
        *ret_fd = TAKE_FD(fd);
        return 0;
}

static int publish(int dir_fd, const char *file, int fd) {
        char proc[64];
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
        if (linkat(AT_FDCWD, proc, dir_fd, file, AT_SYMLINK_FOLLOW) < 0)
                return -errno;
        return 0;
}

S0_EXPORT int s0_obj_create(struct s0_objctx *c, const struct s0_obj_create_args *a, struct s0_object **ret) {
        struct target t;
        uint32_t access;
        int r;

        if (!c || !a || !ret)
                return -EINVAL;
        r = validate_create(a);
        if (r < 0)
                return r;
        access = a->access ? obj_generic_map(a->type, a->access) & obj_all_access(a->type) : obj_all_access(a->type);
        r = resolve(c, a->name ? a->name : "", true, &t);
        if (r < 0)
                return r;

        if (t.global && c->session != 0 && !objctx_create_global_privilege(c) &&
            (a->type == S0_OBJ_SECTION || c->policy.strict)) {
                r = -EACCES; /* SeCreateGlobalPrivilege (SEMANTICS.md §2) */
                goto out;
        }

        for (int tries = 0; tries < CREATE_TRIES_MAX; tries++) {
                struct s0_object *o;
                int fd = -1, dfd;

                if (!t.unnamed) {
                        r = open_existing(c, t.dir_fd, t.owned, t.file, a->type,
                                          a->access ? a->access : obj_all_access(a->type), true, &o);
                        if (r == 0) {
                                /* A privileged creator never adopts a Global\ section that
                                 * someone without the privilege made: that is the squat
                                 * SeCreateGlobalPrivilege exists to stop. */
                                struct stat st;
                                if (t.global && a->type == S0_OBJ_SECTION && objctx_create_global_privilege(c) &&
                                    fstat(o->fd, &st) == 0 && st.st_uid != 0 && st.st_uid != c->uid &&
                                    !(c->policy.has_create_global_gid && st.st_gid == c->policy.create_global_gid)) {
                                        (void) s0_obj_close(o);
                                        r = -EACCES;
                                        goto out;
                                }
                                *ret = o;
                                r = S0_OBJ_EXISTED;
                                goto out;
                        }
                        if (r == -EAGAIN)
                                continue;
                        if (r != -ENOENT)
                                goto out;
                }
                r = make_object(c, a, t.unnamed ? -1 : t.dir_fd, &fd);
                if (r < 0)
                        goto out;
                r = flock_retry(fd, LOCK_SH);
                if (r == 0 && !t.unnamed)
                        r = publish(t.dir_fd, t.file, fd);
                if (r < 0) {
                        safe_close(fd);
                        if (r == -EEXIST)
                                continue; /* someone was faster: open theirs */
                        goto out;
                }
                dfd = t.unnamed ? -1 : t.dir_fd;
                o = object_new(c, a->type, access, fd, true, dfd, t.owned, t.unnamed ? NULL : t.file);
                if (!o) {
                        if (!t.unnamed)
                                (void) unlinkat(t.dir_fd, t.file, 0);
                        safe_close(fd);
                        r = -ENOMEM;
                        goto out;
                }
                t.dir_fd = -1; /* the handle has it now */
                if (a->type == S0_OBJ_MUTEX && a->mutex.initial_owner) {
                        bool abandoned;
                        r = obj_map(o);
                        if (r == 0)
                                r = mutex_try_acquire(o, &abandoned); /* a new mutex: always ours */
                        if (r < 0) {
                                (void) s0_obj_close(o);
                                goto out;
                        }
                }
                *ret = o;
                r = S0_OBJ_CREATED;
                goto out;
        }
        r = -EAGAIN;
out:
        if (t.owned)
                safe_close(t.dir_fd);
        return r;
}

S0_EXPORT int s0_obj_open(struct s0_objctx *c, uint32_t type, const char *name, uint32_t access,
                          struct s0_object **ret) {
        struct target t;
        int r;

        if (!c || !ret || !name || type == 0 || type >= _S0_OBJ_TYPE_MAX)
                return -EINVAL;
        if (access == 0)
                return -EACCES;
        r = resolve(c, name, false, &t);
        if (r < 0)
                return r;
        for (int tries = 0; tries < CREATE_TRIES_MAX; tries++) {
                r = open_existing(c, t.dir_fd, t.owned, t.file, type, access, false, ret);
                if (r != -EAGAIN)
                        break;
        }
        if (t.owned)
                safe_close(t.dir_fd);
        return r;
}

S0_EXPORT int s0_obj_close(struct s0_object *o) {
        struct s0_objctx *c;
        bool keep_map = false, ask_daemon = false;

        if (!o)
                return -EBADF;
        c = o->ctx;
        if (o->type == S0_OBJ_MUTEX && o->sh && mutex_link_busy(o->sh))
                /* A thread of ours owns it through this mapping: the node is on that
                 * thread's robust list, so the pages stay mapped (for the kernel to mark
                 * it abandoned, or until that thread releases it: mutex.c unmaps then).
                 * Decided from our private link page, never from the shared one. */
                keep_map = true;
        /* A handle inherited through fork() shares its open file description (and lock)
         * with the parent's: only the process that opened it may try for LOCK_EX, or the
         * child's close would remove a name the parent still holds (s0_obj_fork_child()
         * gives a child a description of its own).
         * The last handle anywhere gets LOCK_EX, and the name goes. Holding it, the name
         * can only be this file: nobody else unlinks without LOCK_EX on it, nobody links
         * over an existing name. A failed try dropped our shared lock, which is what
         * closing does anyway. */
        if (o->fd >= 0 && o->file && o->pid == obj_self_pid() && flock(o->fd, LOCK_EX | LOCK_NB) == 0 &&
            unlinkat(o->dir_fd, o->file, 0) < 0)
                ask_daemon = (errno == EPERM || errno == EACCES) && is_global_dir(c, o->dir_fd);
        if (o->sh && !keep_map)
                (void) munmap(o->sh, obj_map_len(o));
        safe_close(o->fd);
        safe_close(o->fork_fd);
        if (ask_daemon)
                ask_daemon_reap(c, o->file);
        if (o->dir_owned)
                safe_close(o->dir_fd);
        free(o->file);
        free(o);
        objctx_unref(c);
        return 0;
}

/* A new open file description of the same file, holding its own shared lock. */
static int reopen_locked(int fd, bool rw) {
        char proc[64];
        int nfd, r;
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
        nfd = open(proc, (rw ? O_RDWR : O_RDONLY) | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (nfd < 0)
                return -errno;
        r = flock_retry(nfd, LOCK_SH);
        if (r < 0) {
                safe_close(nfd);
                return r;
        }
        return nfd;
}

S0_EXPORT int s0_obj_duplicate(struct s0_object *o, uint32_t access, bool same_access, struct s0_object **ret) {
        struct s0_object *n;
        int fd, dfd;

        if (!o)
                return -EBADF;
        if (!ret)
                return -EINVAL;
        if (!same_access) {
                access = obj_generic_map(o->type, access);
                if (access & ~o->access)
                        return -EACCES;
        } else
                access = o->access;
        fd = reopen_locked(o->fd, o->writable);
        if (fd < 0)
                return fd;
        dfd = o->dir_fd;
        if (o->dir_owned && (dfd = fcntl(o->dir_fd, F_DUPFD_CLOEXEC, 3)) < 0) {
                int r = -errno;
                safe_close(fd);
                return r;
        }
        n = object_new(o->ctx, o->type, access, fd, o->writable, dfd, o->dir_owned, o->file);
        if (!n) {
                safe_close(fd);
                if (o->dir_owned)
                        safe_close(dfd);
                return -ENOMEM;
        }
        *ret = n;
        return 0;
}

S0_EXPORT int s0_obj_fork_prepare(struct s0_object *o) {
        int nfd;
        if (!o || o->fd < 0)
                return -EBADF;
        o->fork_fd = safe_close(o->fork_fd);
        nfd = reopen_locked(o->fd, o->writable);
        if (nfd < 0)
                return nfd;
        o->fork_fd = nfd;
        return 0;
}

S0_EXPORT void s0_obj_fork_parent(struct s0_object *o) {
        if (o)
                o->fork_fd = safe_close(o->fork_fd);
}

S0_EXPORT void s0_obj_fork_child(struct s0_object *o) {
        int flags;
        if (!o || o->fork_fd < 0)
                return; /* prepare failed: the handle works, its lifetime is the parent's */
        flags = fcntl(o->fd, F_GETFD);
        /* the same number: an inheritable handle stays what it was */
        if (flags >= 0 && dup3(o->fork_fd, o->fd, (flags & FD_CLOEXEC) ? O_CLOEXEC : 0) >= 0)
                o->pid = getpid(); /* not the cache: its own atfork reset may not have run yet */
        o->fork_fd = safe_close(o->fork_fd);
}

S0_EXPORT int s0_obj_from_fd(struct s0_objctx *c, int fd, uint32_t access, struct s0_object **ret) {
        struct s0_obj_shared h;
        struct s0_object *n;
        struct stat st;
        int nfd, r;

        if (!c || !ret)
                return -EINVAL;
        if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
                return -EBADF;
        nfd = reopen_locked(fd, fd_writable(fd));
        if (nfd < 0)
                return nfd;
        r = read_header(nfd, &h);
        if (r < 0) {
                safe_close(nfd);
                return -EBADF;
        }
        /* The inherited handle's name is not known here: the object lives while handles
         * are open, and this one leaves an orphan, not a name, when it is the last. */
        n = object_new(c, h.type, obj_generic_map(h.type, access) & obj_all_access(h.type), nfd, fd_writable(nfd), -1,
                       false, NULL);
        if (!n) {
                safe_close(nfd);
                return -ENOMEM;
        }
        *ret = n;
        return 0;
}

S0_EXPORT uint32_t s0_obj_type(const struct s0_object *o) { return o ? o->type : S0_OBJ_NONE; }
S0_EXPORT uint32_t s0_obj_access(const struct s0_object *o) { return o ? o->access : 0; }
S0_EXPORT int s0_obj_fd(const struct s0_object *o) { return o ? o->fd : -EBADF; }

int obj_check(struct s0_object *o, uint32_t type, uint32_t need) {
        int r;
        if (!o)
                return -EBADF;
        if (__builtin_expect(!__atomic_load_n(&o->sh, __ATOMIC_ACQUIRE), 0) && (r = obj_map(o)) < 0)
                return r;
        if (type && o->type != type)
                return -EBADF; /* ERROR_INVALID_HANDLE, as Windows for a wrong type */
        if ((o->access & need) != need)
                return -EACCES;
        return 0;
}
