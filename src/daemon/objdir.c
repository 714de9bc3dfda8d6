/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The object namespace directories. Named kernel objects (events, mutexes, sections...)
 * will be files in these, and the kernel does the access checks, so the directories'
 * owners and modes ARE the namespace's security:
 *
 *   <runtime>/objects/              root:root 0755
 *   <runtime>/objects/policy        root:root 0644, key=value lines the library reads
 *   <runtime>/objects/global/       \BaseNamedObjects. --global-create=compat: root:root
 *                                   1777 (anyone creates; the sticky bit keeps users from
 *                                   removing each other's entries). strict: root:GROUP 1771
 *                                   (only root and --create-global-group create; anyone
 *                                   still opens an existing object by name, nobody lists)
 *   <runtime>/objects/sessions/     root:root 0755 (shows only which session ids exist)
 *   <runtime>/objects/sessions/0    -> ../global (session 0's namespace is the global one)
 *   <runtime>/objects/sessions/N/   \Sessions\N\BaseNamedObjects: the session's user, 0700
 *   <runtime>/objects/private/      root:root 0755, one directory per principal that may
 *                                   own private namespaces (boundary descriptors):
 *   <runtime>/objects/private/uUID/ UID:its group 0711 (root's at start, a user's at logon)
 *   <runtime>/objects/private/gGID/ root:GID 1771, --admin-group only
 *                                   (others may pass through to open a namespace by name)
 *
 * Strict mode is enforced by the kernel, through global/'s mode: the library only reads
 * the policy file to give the Win32 error a caller expects before it tries.
 *
 * The runtime directory is never under /tmp, /dev/shm or /var/tmp, so every session sees
 * the same tree.
 *
 * A session's directory belongs to its user, who may put anything in it: symbolic links
 * to files elsewhere, fifos, nested directories, and may change it while we remove it
 * (from another session of theirs). So it is removed only through descriptors: each
 * directory is opened O_NOFOLLOW relative to its parent's descriptor, and entries are
 * removed with unlinkat() on that descriptor, which removes a name and never what a
 * symbolic link points to. Nothing outside the tree can be reached that way.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "objdir.h"
#include "shared/io-util.h"
#include "shared/log.h"
#include "shared/macro.h"
#include "shared/parse-util.h"

#define SESSION0_LINK "../" OBJDIR_GLOBAL
#define POLICY_TMP OBJDIR_POLICY ".tmp"
#define MODE_ROOT_DIR 0755
#define MODE_GLOBAL_COMPAT 01777
#define MODE_GLOBAL_STRICT 01771
#define MODE_SESSION 0700
/* Only the principal creates namespaces in its directory; everyone may pass through it
 * (not list it) to open one by name, which the namespace's own mode then allows or not:
 * who may open a private namespace is its descriptor's business, as on Windows. */
#define MODE_PRIVATE_USER 0711
#define MODE_PRIVATE_ADMIN 01771
/* A group directory of an admin group no longer configured: what is in it stays
 * reachable (objects in use) but its members can no longer create there. */
#define MODE_PRIVATE_RETIRED 0751
#define MODE_POLICY 0644
#define MODE_PIPES 01777
#define POLICY_SIZE_MAX 128
/* Deeper directories are left in place (and logged): the walk recurses, and a user
 * could otherwise nest directories until the daemon's stack runs out. */
#define REMOVE_DEPTH_MAX 16u

static void session_name(uint32_t id, char name[static 16]) { snprintf(name, 16, "%" PRIu32, id); }

/* ---- removing a tree without following links ---------------------------------------- */

/* The path of the entry being removed, for messages only (truncated if long). */
struct rm_walk {
        char path[PATH_MAX];
        size_t len;
};

static void walk_init(struct rm_walk *w, const char *prefix) {
        int n = snprintf(w->path, sizeof w->path, "%s", prefix);
        w->len = n < 0 ? 0 : (size_t) n < sizeof w->path ? (size_t) n : sizeof w->path - 1;
        w->path[w->len] = 0;
}

static size_t walk_push(struct rm_walk *w, const char *name) {
        size_t saved = w->len;
        int n = snprintf(w->path + w->len, sizeof w->path - w->len, "/%s", name);
        if (n > 0)
                w->len = w->len + (size_t) n < sizeof w->path ? w->len + (size_t) n : sizeof w->path - 1;
        return saved;
}

static void walk_pop(struct rm_walk *w, size_t saved) {
        w->len = saved;
        w->path[saved] = 0;
}

static int remove_entry(struct rm_walk *w, int dir_fd, const char *name, unsigned depth);

/* Removes every entry of the directory fd (which it takes over). */
static int remove_contents(struct rm_walk *w, int fd, unsigned depth) {
        struct dirent *de;
        DIR *dir = fdopendir(fd);
        int r = 0, k;

        if (!dir) {
                r = -errno;
                safe_close(fd);
                return log_warning_errno(r, "Cannot read '%s'", w->path);
        }
        for (;;) {
                errno = 0;
                de = readdir(dir);
                if (!de) {
                        if (errno != 0 && r == 0)
                                r = log_warning_errno(-errno, "Cannot read '%s'", w->path);
                        break;
                }
                if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                        continue;
                k = remove_entry(w, dirfd(dir), de->d_name, depth);
                if (k < 0 && r == 0)
                        r = k;
        }
        closedir(dir);
        return r;
}

/* name (in dir_fd) was a directory a moment ago: empty it, then remove it. */
static int remove_dir(struct rm_walk *w, int dir_fd, const char *name, unsigned depth) {
        int fd, r;

        if (depth >= REMOVE_DEPTH_MAX)
                return log_warning_errno(-ELOOP, "Cannot remove '%s': nested more than %u directories deep", w->path,
                                         REMOVE_DEPTH_MAX);
        /* O_NOFOLLOW: the name may have been swapped for a symbolic link since unlinkat()
         * saw a directory; we never descend through one. O_NONBLOCK: should it now be a
         * fifo, O_DIRECTORY fails before the open could wait for a writer, but be sure. */
        fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
                if (errno == ENOENT)
                        return 0;
                if ((errno == ELOOP || errno == ENOTDIR) && unlinkat(dir_fd, name, 0) == 0)
                        return 0; /* swapped for a non-directory: that one goes with unlink() */
                return log_warning_errno(-errno, "Cannot open '%s' to remove it", w->path);
        }
        r = remove_contents(w, fd, depth + 1);
        if (unlinkat(dir_fd, name, AT_REMOVEDIR) < 0 && errno != ENOENT && r == 0)
                r = log_warning_errno(-errno, "Cannot remove directory '%s'", w->path);
        return r;
}

/* Removes name in dir_fd, whatever it is; a missing name is no error. */
static int remove_entry(struct rm_walk *w, int dir_fd, const char *name, unsigned depth) {
        size_t saved;
        int r;

        /* Anything but a directory -- file, fifo, socket, symbolic link -- goes with
         * unlink(), which removes the name and never touches what a link points to.
         * A directory fails with EISDIR (Linux). */
        if (unlinkat(dir_fd, name, 0) == 0 || errno == ENOENT)
                return 0;
        saved = walk_push(w, name);
        if (errno == EISDIR)
                r = remove_dir(w, dir_fd, name, depth);
        else
                r = log_warning_errno(-errno, "Cannot remove '%s'", w->path);
        walk_pop(w, saved);
        return r;
}

/* ---- the root-owned directories -------------------------------------------------------- */

/* Opens name in dir_fd (a directory only root may write to), creating it if missing,
 * and gives it root:gid and mode. Anything else than a directory owned by root is
 * refused rather than repaired: we did not make it, and someone who could put it there
 * could as well have kept a way into it. */
static int root_dir_open(int dir_fd, const char *name, const char *path, gid_t gid, mode_t mode, int *ret_fd) {
        _cleanup_close_ int fd = -1;
        struct stat st;

        /* mkdirat() is subject to the umask: the mode is set with fchmod() below. */
        if (mkdirat(dir_fd, name, 0700) < 0 && errno != EEXIST)
                return log_error_errno(-errno, "Cannot create '%s'", path);
        /* O_NOFOLLOW: we never chown or chmod through a symbolic link. */
        fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
                if (errno == ELOOP) {
                        log_error("Refusing to start: '%s' is a symbolic link, not a directory owned by root; "
                                  "remove it or use another --runtime-dir", path);
                        return -ELOOP;
                }
                if (errno == ENOTDIR) {
                        log_error("Refusing to start: '%s' is not a directory; remove it or use another --runtime-dir",
                                  path);
                        return -ENOTDIR;
                }
                return log_error_errno(-errno, "Cannot open '%s'", path);
        }
        if (fstat(fd, &st) < 0)
                return log_error_errno(-errno, "Cannot stat '%s'", path);
        if (st.st_uid != 0) {
                log_error("Refusing to start: '%s' is owned by uid %u, not root; remove it or use another --runtime-dir",
                          path, (unsigned) st.st_uid);
                return -EPERM;
        }
        if (st.st_gid != gid && fchown(fd, 0, gid) < 0)
                return log_error_errno(-errno, "Cannot give '%s' to group %u", path, (unsigned) gid);
        /* After fchown(), which may clear set-id bits: the mode is set last. */
        if ((st.st_mode & 07777) != mode && fchmod(fd, mode) < 0)
                return log_error_errno(-errno, "Cannot set mode %04o on '%s'", (unsigned) mode, path);
        *ret_fd = TAKE_FD(fd);
        return 0;
}

/* sessions/0 -> ../global: session 0's namespace is the global one. Whatever else is
 * there (only root could have put it there) is replaced. */
static int link_session0(int sessions_fd, const char *path) {
        char target[sizeof SESSION0_LINK + 1];
        ssize_t n = readlinkat(sessions_fd, "0", target, sizeof target);
        struct rm_walk w;
        int r;

        if (n == (ssize_t) strlen(SESSION0_LINK) && memcmp(target, SESSION0_LINK, (size_t) n) == 0)
                return 0;
        if (n < 0 && errno != ENOENT && errno != EINVAL) /* EINVAL: there, but no symbolic link */
                return log_error_errno(-errno, "Cannot read '%s/0'", path);
        if (n >= 0 || errno == EINVAL) {
                walk_init(&w, path);
                r = remove_entry(&w, sessions_fd, "0", 0);
                if (r < 0)
                        return r;
        }
        if (symlinkat(SESSION0_LINK, sessions_fd, "0") < 0)
                return log_error_errno(-errno, "Cannot create '%s/0'", path);
        return 0;
}

/* Gives the directory fd to uid:gid with mode. Returns 1 if anything had to change.
 * gid (gid_t) -1 leaves the group as it is. */
static int dir_fix(int fd, uid_t uid, gid_t gid, mode_t mode) {
        struct stat st;
        int changed = 0;

        if (fstat(fd, &st) < 0)
                return -errno;
        if (!S_ISDIR(st.st_mode))
                return -ENOTDIR;
        if (st.st_uid != uid || (gid != (gid_t) -1 && st.st_gid != gid)) {
                if (fchown(fd, uid, gid) < 0)
                        return -errno;
                changed = 1;
        }
        /* After fchown(), which may clear set-id bits: the mode is set last. */
        if ((st.st_mode & 07777) != mode) {
                if (fchmod(fd, mode) < 0)
                        return -errno;
                changed = 1;
        }
        return changed;
}

/* name in dir_fd (a directory only root writes to): a directory of uid:gid with mode,
 * made or repaired. */
static int owned_dir_ensure(int dir_fd, const char *name, uid_t uid, gid_t gid, mode_t mode) {
        _cleanup_close_ int fd = -1;

        /* Made root's and 0700, then given away: nobody can enter it before it has its
         * final owner and mode. */
        if (mkdirat(dir_fd, name, 0700) < 0 && errno != EEXIST)
                return -errno;
        fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        return dir_fix(fd, uid, gid, mode);
}

/* ---- the policy file ------------------------------------------------------------------ */

static int policy_format(const struct objdir_policy *p, char *buf, size_t size) {
        int n = snprintf(buf, size, "global_create=%s\n",
                         p->global_create == OBJDIR_GLOBAL_CREATE_STRICT ? "strict" : "compat");
        int k;

        if (n < 0 || (size_t) n >= size)
                return -ENOBUFS;
        if (p->create_global_gid != OBJDIR_NO_GID) {
                k = snprintf(buf + n, size - (size_t) n, "create_global_gid=%u\n", (unsigned) p->create_global_gid);
                if (k < 0 || (size_t) k >= size - (size_t) n)
                        return -ENOBUFS;
                n += k;
        }
        if (p->admin_gid != OBJDIR_NO_GID) {
                k = snprintf(buf + n, size - (size_t) n, "admin_gid=%u\n", (unsigned) p->admin_gid);
                if (k < 0 || (size_t) k >= size - (size_t) n)
                        return -ENOBUFS;
                n += k;
        }
        return n;
}

/* Written to policy.tmp and renamed over policy: a reader sees the old file or the new
 * one, never half of one. Only root writes to objects/, so the names are ours. */
static int policy_write(int objects_fd, const struct objdir_policy *p) {
        _cleanup_close_ int fd = -1;
        char buf[POLICY_SIZE_MAX];
        int n, r;

        n = policy_format(p, buf, sizeof buf);
        if (n < 0)
                return n;
        fd = openat(objects_fd, POLICY_TMP, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, MODE_POLICY);
        if (fd < 0)
                return -errno;
        if (fchmod(fd, MODE_POLICY) < 0) /* the umask may have taken bits away */
                r = -errno;
        else
                r = loop_write(fd, buf, (size_t) n);
        if (r == 0 && renameat(objects_fd, POLICY_TMP, objects_fd, OBJDIR_POLICY) < 0)
                r = -errno;
        if (r < 0)
                (void) unlinkat(objects_fd, POLICY_TMP, 0);
        return r;
}

/* ---- private/ ------------------------------------------------------------------------- */

/* private/u0 for root (services), the admin group's directory, and retiring the
 * directories of admin groups configured before but not now. */
static int private_init(struct s0_objdir *o, const struct objdir_policy *p, const char *path) {
        _cleanup_close_ int fd = -1;
        struct dirent *de;
        DIR *dir;
        int r;

        r = objdir_private_user(o, 0, 0);
        if (r < 0)
                return log_error_errno(r, "Cannot create '%s/u0'", path);
        if (p->admin_gid != OBJDIR_NO_GID) {
                char name[16];
                snprintf(name, sizeof name, "g%u", (unsigned) p->admin_gid);
                r = owned_dir_ensure(o->private_fd, name, 0, p->admin_gid, MODE_PRIVATE_ADMIN);
                if (r < 0)
                        return log_error_errno(r, "Cannot create '%s/%s'", path, name);
        }

        fd = openat(o->private_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return log_error_errno(-errno, "Cannot open '%s'", path);
        dir = fdopendir(fd);
        if (!dir)
                return log_error_errno(-errno, "Cannot read '%s'", path);
        fd = -1; /* the DIR has it */
        for (;;) {
                _cleanup_close_ int gfd = -1;
                uint32_t gid;

                errno = 0;
                de = readdir(dir);
                if (!de) {
                        if (errno != 0) /* only retiring is left undone: start anyway */
                                log_warning_errno(-errno, "Cannot read '%s'", path);
                        break;
                }
                if (de->d_name[0] != 'g' || safe_atou32(de->d_name + 1, &gid) < 0 || gid == p->admin_gid)
                        continue;
                gfd = openat(dirfd(dir), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (gfd < 0)
                        continue;
                r = dir_fix(gfd, 0, (gid_t) -1, MODE_PRIVATE_RETIRED);
                if (r > 0)
                        log_notice("'%s/%s': group %u is no longer --admin-group, its members can no longer create there",
                                   path, de->d_name, (unsigned) gid);
                else if (r < 0)
                        log_warning_errno(r, "Cannot retire '%s/%s'", path, de->d_name);
        }
        closedir(dir);
        return 0;
}

int objdir_private_user(struct s0_objdir *o, uid_t uid, gid_t gid) {
        char name[16];

        snprintf(name, sizeof name, "u%u", (unsigned) uid);
        return owned_dir_ensure(o->private_fd, name, uid, gid, MODE_PRIVATE_USER);
}

/* ---- start-up -------------------------------------------------------------------------- */

int objdir_init(struct s0_objdir *o, int runtime_fd, const char *runtime_dir, const struct objdir_policy *p) {
        int fd = -1;
        bool strict = p->global_create == OBJDIR_GLOBAL_CREATE_STRICT;
        gid_t global_gid = strict && p->create_global_gid != OBJDIR_NO_GID ? p->create_global_gid : 0;
        char path[PATH_MAX];
        int r;

        o->runtime_dir = runtime_dir;
        snprintf(path, sizeof path, "%s/" OBJDIR_NAME, runtime_dir);
        r = root_dir_open(runtime_fd, OBJDIR_NAME, path, 0, MODE_ROOT_DIR, &o->objects_fd);
        if (r < 0)
                return r;
        /* The policy is published before global/'s mode changes: a library that reads
         * "strict" while global/ is still 1777 only refuses a little early. */
        r = policy_write(o->objects_fd, p);
        if (r < 0)
                return log_error_errno(r, "Cannot write '%s/" OBJDIR_POLICY "'", path);
        snprintf(path, sizeof path, "%s/" OBJDIR_NAME "/" OBJDIR_GLOBAL, runtime_dir);
        r = root_dir_open(o->objects_fd, OBJDIR_GLOBAL, path, global_gid, strict ? MODE_GLOBAL_STRICT : MODE_GLOBAL_COMPAT,
                          &o->global_fd);
        if (r < 0)
                return r;
        snprintf(path, sizeof path, "%s/" OBJDIR_NAME "/" OBJDIR_SESSIONS, runtime_dir);
        r = root_dir_open(o->objects_fd, OBJDIR_SESSIONS, path, 0, MODE_ROOT_DIR, &o->sessions_fd);
        if (r < 0)
                return r;
        r = link_session0(o->sessions_fd, path);
        if (r < 0)
                return r;
        snprintf(path, sizeof path, "%s/" OBJDIR_NAME "/" OBJDIR_PRIVATE, runtime_dir);
        r = root_dir_open(o->objects_fd, OBJDIR_PRIVATE, path, 0, MODE_ROOT_DIR, &o->private_fd);
        if (r < 0)
                return r;
        r = private_init(o, p, path);
        if (r < 0)
                return r;
        /* The named pipe namespace, one for all sessions (docs/PIPES.md): anyone creates
         * a pipe directory in it, the sticky bit keeps users from removing each other's. */
        snprintf(path, sizeof path, "%s/" OBJDIR_PIPES, runtime_dir);
        r = root_dir_open(runtime_fd, OBJDIR_PIPES, path, 0, MODE_PIPES, &fd);
        safe_close(fd);
        return r;
}

void objdir_close(struct s0_objdir *o) {
        o->objects_fd = safe_close(o->objects_fd);
        o->global_fd = safe_close(o->global_fd);
        o->sessions_fd = safe_close(o->sessions_fd);
        o->private_fd = safe_close(o->private_fd);
}

/* ---- per-session directories ---------------------------------------------------------- */

static void walk_init_sessions(struct rm_walk *w, const struct s0_objdir *o) {
        char prefix[PATH_MAX];
        snprintf(prefix, sizeof prefix, "%s/" OBJDIR_NAME "/" OBJDIR_SESSIONS, o->runtime_dir ? o->runtime_dir : "");
        walk_init(w, prefix);
}

int objdir_session_create(struct s0_objdir *o, uint32_t id, uid_t uid, gid_t gid) {
        _cleanup_close_ int fd = -1;
        struct rm_walk w;
        char name[16];
        int r;

        if (id == 0) /* session 0's namespace is the global one */
                return -EINVAL;
        session_name(id, name);
        /* A leftover of an earlier session with this id: its objects are not ours to hand
         * to the new session (whose user may be another). */
        walk_init_sessions(&w, o);
        r = remove_entry(&w, o->sessions_fd, name, 0);
        if (r < 0)
                return r;
        /* Made root's and 0700, then given away: nobody can enter it before it is the
         * user's, as only root may write to sessions/. */
        if (mkdirat(o->sessions_fd, name, MODE_SESSION) < 0)
                return -errno;
        fd = openat(o->sessions_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        r = dir_fix(fd, uid, gid, MODE_SESSION);
        return r < 0 ? r : 0;
}

int objdir_session_adopt(struct s0_objdir *o, uint32_t id, uid_t uid, gid_t gid) {
        _cleanup_close_ int fd = -1;
        char name[16];
        int r;

        if (id == 0)
                return -EINVAL;
        session_name(id, name);
        fd = openat(o->sessions_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
                /* Missing, or not a directory (only root could have made it so): a new,
                 * empty one is all we can give the session. */
                if (errno != ENOENT && errno != ENOTDIR && errno != ELOOP)
                        return -errno;
                r = objdir_session_create(o, id, uid, gid);
                return r < 0 ? r : 1;
        }
        /* Its objects are still in use by the session's processes: keep them. */
        return dir_fix(fd, uid, gid, MODE_SESSION);
}

int objdir_session_open(struct s0_objdir *o, uint32_t id, int *ret_fd) {
        char name[16];
        int fd;

        if (id == 0)
                return -EINVAL;
        session_name(id, name);
        fd = openat(o->sessions_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        *ret_fd = fd;
        return 0;
}

int objdir_session_remove(struct s0_objdir *o, uint32_t id) {
        struct rm_walk w;
        char name[16];

        if (id == 0)
                return -EINVAL;
        session_name(id, name);
        walk_init_sessions(&w, o);
        return remove_entry(&w, o->sessions_fd, name, 0);
}

int objdir_prune(struct s0_objdir *o, bool (*exists)(void *userdata, uint32_t id), void *userdata) {
        struct rm_walk w;
        struct dirent *de;
        DIR *dir;
        int fd, r = 0, k;

        /* fdopendir() takes the descriptor over: read through a copy of our own. */
        fd = openat(o->sessions_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        dir = fdopendir(fd);
        if (!dir) {
                r = -errno;
                safe_close(fd);
                return r;
        }
        walk_init_sessions(&w, o);
        for (;;) {
                char canonical[16];
                uint32_t id;

                errno = 0;
                de = readdir(dir);
                if (!de) {
                        if (errno != 0 && r == 0)
                                r = -errno;
                        break;
                }
                if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 || strcmp(de->d_name, "0") == 0)
                        continue;
                /* Only the canonical decimal name of a live session stays ("01" does not). */
                if (safe_atou32(de->d_name, &id) == 0) {
                        session_name(id, canonical);
                        if (strcmp(canonical, de->d_name) == 0 && id != 0 && exists(userdata, id))
                                continue;
                }
                log_info("Removing '%s/%s': no such session", w.path, de->d_name);
                k = remove_entry(&w, dirfd(dir), de->d_name, 0);
                if (k < 0 && r == 0)
                        r = k;
        }
        closedir(dir);
        return r;
}

int objdir_purge(int runtime_fd, const char *runtime_dir) {
        struct rm_walk w;
        int r, k;

        walk_init(&w, runtime_dir);
        r = remove_entry(&w, runtime_fd, OBJDIR_PIPES, 0); /* pipes/ (docs/PIPES.md) */
        k = remove_entry(&w, runtime_fd, OBJDIR_DEVICES, 0); /* devices/ of s0-drvhost (docs/DRIVERS.md) */
        if (k < 0 && r == 0)
                r = k;
        k = remove_entry(&w, runtime_fd, OBJDIR_NAME, 0);
        return k < 0 ? k : r;
}
