/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Named pipes over Unix sockets (docs/PIPES.md). A pipe is a directory in the
 * machine-wide <runtime>/pipes/ (root 1777, sticky), owned by its first creator:
 *
 *   <runtime>/pipes/<folded, escaped name>/     creator, 0755 (0700 if nobody else may connect)
 *       attr      the pipe's attributes (type, nMaxInstances, default timeout), fixed
 *                 by the first instance
 *       l<N>      instance slot N's lock file: a server instance holds flock(LOCK_EX)
 *       s<N>      slot N's listening socket, there only while the instance listens
 *
 * Every server instance also holds flock(LOCK_SH) on the directory; the one that gets
 * LOCK_EX when it closes is the last and removes the pipe. A directory nobody holds is an
 * orphan (its servers crashed): a creator who may remove it does so, clients see no pipe.
 *
 * The first instance is built complete in a temporary directory and then renamed into
 * place with RENAME_NOREPLACE: the rename is the atomic claim of the name, so
 * FILE_FLAG_FIRST_PIPE_INSTANCE cannot be raced, and nobody ever sees a half-made pipe.
 *
 * Windows' instance semantics come from the listen backlog: a listening socket with
 * backlog 0 queues exactly one connection, so a second client connecting to the same
 * instance gets EAGAIN (non-blocking connect) and tries the next slot; when every slot
 * refuses, the pipe is busy (ERROR_PIPE_BUSY). ConnectNamedPipe removes the socket's name
 * before accept() and closes the listener after it: a connected instance takes no more
 * clients, and DisconnectNamedPipe + ConnectNamedPipe listen again on the same slot.
 *
 * Socket paths are reached through /proc/self/fd/<dir fd>/s<N>: a pipe's full path may
 * not fit in sun_path (108 bytes).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <session0/pipes.h>
#include <session0/session0.h>

#include "../objects/name.h"
#include "pipe-internal.h"
#include "shared/macro.h"

#define PIPES_DIR "pipes"
#define ATTR_FILE "attr"
#define ATTR_MAGIC 0x53305031u /* "S0P1" */
#define TMP_PREFIX ".new-"     /* escaped names never start with '.' */
#define DEFAULT_TIMEOUT_MS 50u /* Windows' default nDefaultTimeOut */
#define CREATE_TRIES 16        /* a name that keeps appearing and vanishing */
#define MODE_DIR_OPEN 0755
#define MODE_DIR_CLOSED 0700
#define MODE_SOCK_OPEN 0666
#define MODE_SOCK_CLOSED 0600
#define MODE_FILE 0644
#define MODE_LOCK 0600
/* FILE_READ_DATA, FILE_WRITE_DATA and the generic rights: what lets a client connect. */
#define CONNECT_RIGHTS (0x1u | 0x2u | S0_GENERIC_READ | S0_GENERIC_WRITE | S0_GENERIC_ALL | S0_MAXIMUM_ALLOWED)

struct pipe_attr {
        uint32_t magic;
        uint8_t message;
        uint8_t max_instances;
        uint16_t reserved;
        uint32_t default_timeout_ms;
};
_Static_assert(sizeof(struct pipe_attr) == 12, "attr file layout");

/* ---- small helpers --------------------------------------------------------------- */

static const char *runtime_or_default(const char *runtime_dir) { return runtime_dir ? runtime_dir : s0_runtime_dir(); }

static int pipes_dir_open(const char *runtime_dir, int *ret_fd) {
        char path[PATH_MAX];
        int n = snprintf(path, sizeof path, "%s/" PIPES_DIR, runtime_or_default(runtime_dir));
        int fd;

        if (n < 0 || (size_t) n >= sizeof path)
                return -ENAMETOOLONG;
        fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        *ret_fd = fd;
        return 0;
}

static void slot_name(char prefix, unsigned slot, char buf[static 8]) { snprintf(buf, 8, "%c%u", prefix, slot); }

static int slot_addr(int dir_fd, unsigned slot, struct sockaddr_un *sa, socklen_t *ret_len) {
        int n;

        *sa = (struct sockaddr_un) { .sun_family = AF_UNIX };
        n = snprintf(sa->sun_path, sizeof sa->sun_path, "/proc/self/fd/%d/s%u", dir_fd, slot);
        if (n < 0 || (size_t) n >= sizeof sa->sun_path)
                return -ENAMETOOLONG;
        *ret_len = (socklen_t) (offsetof(struct sockaddr_un, sun_path) + (size_t) n + 1);
        return 0;
}

static int attr_read(int dir_fd, struct pipe_attr *ret) {
        _cleanup_close_ int fd = openat(dir_fd, ATTR_FILE, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        struct pipe_attr a;
        ssize_t n;

        if (fd < 0)
                return errno == EACCES ? -EACCES : -ENOENT;
        n = pread(fd, &a, sizeof a, 0);
        /* max_instances is a byte: S0_PIPE_INSTANCES_MAX (255) bounds it already */
        if (n != (ssize_t) sizeof a || a.magic != ATTR_MAGIC || a.max_instances == 0)
                return -ENOENT; /* not a pipe session0 made: as good as none */
        *ret = a;
        return 0;
}

static int attr_write(int dir_fd, const struct pipe_attr *a) {
        _cleanup_close_ int fd = openat(dir_fd, ATTR_FILE, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, MODE_FILE);

        if (fd < 0)
                return -errno;
        if (fchmod(fd, MODE_FILE) < 0) /* the umask may have taken bits away */
                return -errno;
        if (pwrite(fd, a, sizeof *a, 0) != (ssize_t) sizeof *a)
                return -EIO;
        return 0;
}

/* Whether Everyone may connect: the first Everyone ACE that speaks of a connect right
 * decides (Windows' ordered evaluation, for the one principal the file mode can express
 * besides the owner). No descriptor: Windows' default grants Everyone read. */
static bool everyone_may_connect(const struct s0_obj_sd *sd) {
        if (!sd || !sd->has_dacl || sd->null_dacl)
                return true;
        for (size_t i = 0; i < sd->n_aces; i++)
                if (sd->aces[i].who == S0_ACE_EVERYONE && (sd->aces[i].mask & CONNECT_RIGHTS))
                        return sd->aces[i].kind == S0_ACE_ALLOW;
        return false;
}

/* Named users and groups the descriptor lets connect become POSIX ACL entries: search
 * (r-x) on the pipe directory, write (rw-) on every instance socket. For each principal
 * the first of its ACEs that speaks of a connect right decides, as Windows' ordered
 * evaluation does. */
#define ACL_XATTR "system.posix_acl_access"
enum { ACL_USER_OBJ = 1, ACL_USER = 2, ACL_GROUP_OBJ = 4, ACL_GROUP = 8, ACL_MASK = 0x10, ACL_OTHER = 0x20 };
struct acl_entry {
        uint16_t tag, perm;
        uint32_t id;
};
struct acl_buf {
        uint32_t version;
        struct acl_entry e[S0_OBJ_ACES_MAX + 4];
};

static size_t acl_finish(struct acl_buf *b, size_t n, mode_t mode) {
        unsigned mask = (mode >> 3) & 7;
        for (size_t i = 0; i < n; i++)
                if (b->e[i].tag == ACL_USER || b->e[i].tag == ACL_GROUP)
                        mask |= b->e[i].perm;
        b->e[n++] = (struct acl_entry) { ACL_USER_OBJ, (uint16_t) ((mode >> 6) & 7), (uint32_t) -1 };
        b->e[n++] = (struct acl_entry) { ACL_GROUP_OBJ, (uint16_t) ((mode >> 3) & 7), (uint32_t) -1 };
        b->e[n++] = (struct acl_entry) { ACL_MASK, (uint16_t) mask, (uint32_t) -1 };
        b->e[n++] = (struct acl_entry) { ACL_OTHER, (uint16_t) (mode & 7), (uint32_t) -1 };
        /* the kernel wants them sorted by tag, then id */
        for (size_t i = 1; i < n; i++)
                for (size_t j = i; j > 0 && (b->e[j - 1].tag > b->e[j].tag ||
                                             (b->e[j - 1].tag == b->e[j].tag && b->e[j - 1].id > b->e[j].id));
                     j--) {
                        struct acl_entry t = b->e[j];
                        b->e[j] = b->e[j - 1];
                        b->e[j - 1] = t;
                }
        b->version = 2;
        return sizeof(uint32_t) + n * sizeof(struct acl_entry);
}

/* The directory's ACL for sd (0 bytes: no named principal may connect). */
static size_t dir_acl(const struct s0_obj_sd *sd, mode_t mode, struct acl_buf *b) {
        size_t n = 0;
        if (!sd || !sd->has_dacl || sd->null_dacl)
                return 0;
        for (size_t i = 0; i < sd->n_aces; i++) {
                const struct s0_obj_ace *a = &sd->aces[i];
                bool seen = false;
                if ((a->who != S0_ACE_USER && a->who != S0_ACE_GROUP) || !(a->mask & CONNECT_RIGHTS))
                        continue;
                for (size_t j = 0; j < i; j++)
                        seen |= sd->aces[j].who == a->who && sd->aces[j].id == a->id &&
                                (sd->aces[j].mask & CONNECT_RIGHTS);
                if (seen || a->kind != S0_ACE_ALLOW)
                        continue;
                b->e[n++] = (struct acl_entry) { a->who == S0_ACE_USER ? ACL_USER : ACL_GROUP, 5, a->id };
        }
        return n ? acl_finish(b, n, mode) : 0;
}

/* An instance socket gets the directory's named principals, with write access. */
static int sock_acl_from_dir(int dir_fd, const char *name, mode_t sock_mode) {
        struct acl_buf d, b;
        char path[64];
        ssize_t len;
        size_t n = 0;

        len = fgetxattr(dir_fd, ACL_XATTR, &d, sizeof d);
        if (len < 0)
                return errno == ENODATA || errno == EOPNOTSUPP ? 0 : -errno;
        if (len < (ssize_t) sizeof(uint32_t) || (len - sizeof(uint32_t)) % sizeof(struct acl_entry))
                return -EINVAL;
        for (size_t i = 0; i < (len - sizeof(uint32_t)) / sizeof(struct acl_entry); i++)
                if (d.e[i].tag == ACL_USER || d.e[i].tag == ACL_GROUP)
                        b.e[n++] = (struct acl_entry) { d.e[i].tag, 6, d.e[i].id };
        if (n == 0)
                return 0;
        len = (ssize_t) acl_finish(&b, n, sock_mode);
        snprintf(path, sizeof path, "/proc/self/fd/%d/%s", dir_fd, name);
        return setxattr(path, ACL_XATTR, &b, (size_t) len, 0) < 0 ? -errno : 0;
}

/* Removes the pipe directory dir_fd (at name in pipes_fd) and its entries: only what
 * the pipe layout has, never following anything. */
static int pipe_dir_remove(int pipes_fd, const char *name, int dir_fd) {
        struct stat a, b;
        char slot[8];

        if (fstat(dir_fd, &a) < 0)
                return -errno;
        if (fstatat(pipes_fd, name, &b, AT_SYMLINK_NOFOLLOW) < 0 || a.st_dev != b.st_dev || a.st_ino != b.st_ino)
                return 0; /* already gone, or another pipe by now */
        (void) unlinkat(dir_fd, ATTR_FILE, 0);
        for (unsigned i = 0; i < S0_PIPE_INSTANCES_MAX; i++) {
                slot_name('s', i, slot);
                (void) unlinkat(dir_fd, slot, 0);
                slot_name('l', i, slot);
                if (unlinkat(dir_fd, slot, 0) < 0 && errno == ENOENT)
                        break; /* slots are claimed lowest first: no lock file, no further slot */
        }
        if (unlinkat(pipes_fd, name, AT_REMOVEDIR) < 0)
                return -errno;
        return 0;
}

static struct s0_pipe *pipe_new(void) {
        struct s0_pipe *p = calloc(1, sizeof *p);

        if (!p)
                return NULL;
        p->fd = p->pipes_fd = p->dir_fd = p->lock_fd = p->listen_fd = -1;
        return p;
}

/* ---- server instances ------------------------------------------------------------- */

/* Binds and listens on the instance's slot (whose lock we hold). */
static int listen_start(struct s0_pipe *p) {
        _cleanup_close_ int fd = -1;
        struct sockaddr_un sa;
        socklen_t len;
        char name[8];
        int r;

        fd = socket(AF_UNIX, ((p->flags & S0_PIPE_MESSAGE) ? SOCK_SEQPACKET : SOCK_STREAM) | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return -errno;
        r = slot_addr(p->dir_fd, p->slot, &sa, &len);
        if (r < 0)
                return r;
        slot_name('s', p->slot, name);
        (void) unlinkat(p->dir_fd, name, 0); /* a crashed predecessor's, whose slot we now hold */
        if (bind(fd, (struct sockaddr *) &sa, len) < 0)
                return -errno;
        /* bind() applied the umask; the mode says who may connect. Until this call
         * the socket is only more restricted. */
        if (fchmodat(p->dir_fd, name, p->sock_mode, 0) < 0 || listen(fd, 0) < 0) {
                r = -errno;
                (void) unlinkat(p->dir_fd, name, 0);
                return r;
        }
        r = sock_acl_from_dir(p->dir_fd, name, p->sock_mode);
        if (r < 0) {
                (void) unlinkat(p->dir_fd, name, 0);
                return r;
        }
        p->listen_fd = TAKE_FD(fd);
        p->state = PIPE_LISTENING;
        return 0;
}

/* Takes the lowest free slot of the pipe in p->dir_fd: -EBUSY if all max are held,
 * -EACCES if the caller may not add instances (not the pipe's owner or root). */
static int slot_claim(struct s0_pipe *p, unsigned max) {
        for (unsigned i = 0; i < max; i++) {
                _cleanup_close_ int fd = -1;
                struct stat st;
                char name[8];

                slot_name('l', i, name);
                fd = openat(p->dir_fd, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, MODE_LOCK);
                if (fd < 0)
                        return errno == EACCES || errno == EPERM || errno == EROFS ? -EACCES : -errno;
                if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
                        if (errno == EWOULDBLOCK)
                                continue;
                        return -errno;
                }
                /* Its holder removed it while we opened it: take the slot again. */
                if (fstat(fd, &st) < 0)
                        return -errno;
                if (st.st_nlink == 0) {
                        i--;
                        continue;
                }
                p->lock_fd = TAKE_FD(fd);
                p->slot = i;
                return 0;
        }
        return -EBUSY;
}

/* The first instance: the pipe built in a temporary directory, renamed into place.
 * 1: made; 0: the name exists (nothing left behind); < 0: error. */
static int pipe_make(struct s0_pipe *p, const struct s0_pipe_create_args *a, bool open_to_all) {
        char tmp[64];
        struct pipe_attr attr = {
                .magic = ATTR_MAGIC,
                .message = (a->flags & S0_PIPE_MESSAGE) ? 1 : 0,
                .max_instances = (uint8_t) a->max_instances,
                .default_timeout_ms = a->default_timeout_ms ? a->default_timeout_ms : DEFAULT_TIMEOUT_MS,
        };
        int r;

        snprintf(tmp, sizeof tmp, TMP_PREFIX "%ld-%lx", (long) getpid(), (unsigned long) (uintptr_t) p);
        if (mkdirat(p->pipes_fd, tmp, 0700) < 0)
                return -errno;
        p->dir_fd = openat(p->pipes_fd, tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (p->dir_fd < 0) {
                r = -errno;
                (void) unlinkat(p->pipes_fd, tmp, AT_REMOVEDIR);
                return r;
        }
        r = attr_write(p->dir_fd, &attr);
        if (r == 0 && flock(p->dir_fd, LOCK_SH) < 0)
                r = -errno;
        if (r == 0)
                r = slot_claim(p, 1);
        if (r == 0)
                r = listen_start(p);
        if (r == 0 && fchmod(p->dir_fd, open_to_all ? MODE_DIR_OPEN : MODE_DIR_CLOSED) < 0)
                r = -errno;
        if (r == 0) {
                /* named users and groups of the descriptor: after the mode, which would
                 * otherwise reset the ACL's mask; then the first instance's socket */
                struct acl_buf b;
                size_t len = dir_acl(a->sd, open_to_all ? MODE_DIR_OPEN : MODE_DIR_CLOSED, &b);
                char sname[16];
                if (len > 0 && fsetxattr(p->dir_fd, ACL_XATTR, &b, len, 0) < 0)
                        r = -errno;
                slot_name('s', p->slot, sname);
                if (r == 0 && len > 0)
                        r = sock_acl_from_dir(p->dir_fd, sname, p->sock_mode);
        }
        if (r == 0 && renameat2(p->pipes_fd, tmp, p->pipes_fd, p->file, RENAME_NOREPLACE) == 0)
                return 1;
        if (r == 0)
                r = errno == EEXIST ? 0 : -errno;

        /* undo: the temporary directory is ours alone */
        p->listen_fd = safe_close(p->listen_fd);
        p->lock_fd = safe_close(p->lock_fd);
        (void) unlinkat(p->dir_fd, "s0", 0);
        (void) unlinkat(p->dir_fd, "l0", 0);
        (void) unlinkat(p->dir_fd, ATTR_FILE, 0);
        p->dir_fd = safe_close(p->dir_fd);
        (void) unlinkat(p->pipes_fd, tmp, AT_REMOVEDIR);
        return r;
}

/* Records a refused FILE_FLAG_FIRST_PIPE_INSTANCE create in session0d's audit journal
 * ('pipe' events). Best effort: the refusal stands whether or not the daemon hears of it. */
static void report_squat(const struct s0_pipe_create_args *a) {
        char target[S0_EVENT_TARGET_MAX];
        struct s0_client *c;

        if (s0_client_open(a->runtime_dir, &c) < 0)
                return;
        snprintf(target, sizeof target, "\\\\.\\pipe\\%s", a->name);
        (void) s0_audit_report(c, S0_EVENT_PIPE, S0_SESSION_NONE, target, 5 /* ERROR_ACCESS_DENIED */);
        s0_client_close(c);
}

/* Another instance of an existing pipe. 0: added; -EAGAIN: the pipe vanished or was an
 * orphan we removed, try again; else an error. */
static int pipe_join(struct s0_pipe *p, const struct s0_pipe_create_args *a) {
        struct pipe_attr attr;
        struct stat st;
        int r;

        p->dir_fd = openat(p->pipes_fd, p->file, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (p->dir_fd < 0) {
                if (errno == ENOENT)
                        return -EAGAIN;
                return -EACCES; /* not ours to enter, or not a pipe at all (squatted name) */
        }
        /* Nobody holds it: its servers are gone. Remove it if we may, as a new create. */
        if (flock(p->dir_fd, LOCK_EX | LOCK_NB) == 0) {
                r = pipe_dir_remove(p->pipes_fd, p->file, p->dir_fd);
                p->dir_fd = safe_close(p->dir_fd);
                return r == 0 ? -EAGAIN : -EACCES;
        }
        /* FILE_FLAG_FIRST_PIPE_INSTANCE: a live pipe of that name exists. The service
         * fails safe, and the refusal is a crossing for the audit journal (ATTACKS A17). */
        if (a->flags & S0_PIPE_FIRST_INSTANCE) {
                report_squat(a);
                return -EACCES;
        }
        if (flock(p->dir_fd, LOCK_SH) < 0)
                return -errno;
        if (fstat(p->dir_fd, &st) < 0)
                return -errno;
        if (st.st_nlink == 0) { /* removed by its last server while we waited */
                p->dir_fd = safe_close(p->dir_fd);
                return -EAGAIN;
        }
        r = attr_read(p->dir_fd, &attr);
        if (r < 0)
                return r == -ENOENT ? -EACCES : r;
        /* Later instances must have the pipe's type (Windows: same open mode). */
        if (!!attr.message != !!(a->flags & S0_PIPE_MESSAGE))
                return -EACCES;
        p->sock_mode = (st.st_mode & 0077) ? MODE_SOCK_OPEN : MODE_SOCK_CLOSED;
        r = slot_claim(p, attr.max_instances);
        if (r < 0)
                return r;
        return listen_start(p);
}

int s0_pipe_create(const struct s0_pipe_create_args *a, struct s0_pipe **ret) {
        struct s0_pipe *p;
        bool open_to_all;
        int r;

        if (!a || !ret || a->max_instances == 0 || a->max_instances > S0_PIPE_INSTANCES_MAX ||
            (a->flags & ~(S0_PIPE_MESSAGE | S0_PIPE_FIRST_INSTANCE | S0_PIPE_READ_MESSAGE)) ||
            ((a->flags & S0_PIPE_READ_MESSAGE) && !(a->flags & S0_PIPE_MESSAGE)))
                return -EINVAL;
        if (a->sd && a->sd->has_dacl && !a->sd->null_dacl && (a->sd->n_aces > S0_OBJ_ACES_MAX ||
                                                              (a->sd->n_aces && !a->sd->aces)))
                return -EINVAL;
        p = pipe_new();
        if (!p)
                return -ENOMEM;
        p->server = true;
        p->flags = a->flags & (S0_PIPE_MESSAGE | S0_PIPE_READ_MESSAGE);
        r = s0_pipe_file_name(a->name, p->file);
        if (r == 0)
                r = pipes_dir_open(a->runtime_dir, &p->pipes_fd);
        if (r == -ENOENT)
                r = -ENXIO; /* no session0d made pipes/ */
        open_to_all = everyone_may_connect(a->sd);
        p->sock_mode = open_to_all ? MODE_SOCK_OPEN : MODE_SOCK_CLOSED;
        for (int i = 0; r == 0 && i < CREATE_TRIES; i++) {
                r = pipe_make(p, a, open_to_all);
                if (r != 0)
                        break; /* made (1) or failed */
                r = pipe_join(p, a);
                if (r != -EAGAIN)
                        break;
                p->dir_fd = safe_close(p->dir_fd);
                r = 0;
        }
        if (r == 0 && p->listen_fd < 0)
                r = -EBUSY; /* the name kept changing under us */
        if (r < 0) {
                s0_pipe_close(p);
                return r;
        }
        *ret = p;
        return r;
}

static void spill_reset(struct s0_pipe *p) { p->spill_off = p->spill_len = 0; }

int s0_pipe_connect(struct s0_pipe *p) {
        struct pollfd pfd;
        bool was_there;
        char name[8];
        int fd, r;

        if (!p || !p->server)
                return -EINVAL;
        if (p->state == PIPE_CONNECTED) {
                /* Windows: still connected is ERROR_PIPE_CONNECTED; a client that left
                 * before DisconnectNamedPipe is ERROR_NO_DATA. */
                pfd = (struct pollfd) { .fd = p->fd, .events = POLLRDHUP };
                if (poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLHUP | POLLRDHUP | POLLERR)))
                        return -EPIPE;
                return 1;
        }
        if (p->state == PIPE_DISCONNECTED) {
                r = listen_start(p);
                if (r < 0)
                        return r;
        }
        pfd = (struct pollfd) { .fd = p->listen_fd, .events = POLLIN };
        r = poll(&pfd, 1, 0);
        was_there = r > 0;
        while (!was_there && (r = poll(&pfd, 1, -1)) <= 0)
                if (r < 0 && errno != EINTR)
                        return -errno;
        /* Unnamed before accept(): from here on clients find this instance busy. */
        slot_name('s', p->slot, name);
        (void) unlinkat(p->dir_fd, name, 0);
        do
                fd = accept4(p->listen_fd, NULL, NULL, SOCK_CLOEXEC);
        while (fd < 0 && errno == EINTR);
        r = fd < 0 ? -errno : 0;
        p->listen_fd = safe_close(p->listen_fd);
        if (r < 0) {
                p->state = PIPE_DISCONNECTED;
                return r;
        }
        p->fd = fd;
        p->state = PIPE_CONNECTED;
        p->has_read = false;
        p->peer_known = false;
        spill_reset(p);
        return was_there ? 1 : 0;
}

int s0_pipe_disconnect(struct s0_pipe *p) {
        if (!p || !p->server)
                return -EINVAL;
        if (p->state != PIPE_CONNECTED)
                return 0;
        p->fd = safe_close(p->fd);
        p->state = PIPE_DISCONNECTED;
        p->has_read = false;
        p->peer_known = false;
        spill_reset(p);
        return 0;
}

void s0_pipe_close(struct s0_pipe *p) {
        char name[8];

        if (!p)
                return;
        p->fd = safe_close(p->fd);
        if (p->listen_fd >= 0) {
                slot_name('s', p->slot, name);
                (void) unlinkat(p->dir_fd, name, 0);
                p->listen_fd = safe_close(p->listen_fd);
        }
        if (p->lock_fd >= 0) {
                /* Unlinked while we hold its lock: a claimer that opened it meanwhile sees
                 * st_nlink == 0 and takes the slot again. */
                slot_name('l', p->slot, name);
                (void) unlinkat(p->dir_fd, name, 0);
                p->lock_fd = safe_close(p->lock_fd);
        }
        /* The last instance (nobody else holds the directory) removes the pipe. */
        if (p->dir_fd >= 0 && p->server && flock(p->dir_fd, LOCK_EX | LOCK_NB) == 0)
                (void) pipe_dir_remove(p->pipes_fd, p->file, p->dir_fd);
        p->dir_fd = safe_close(p->dir_fd);
        p->pipes_fd = safe_close(p->pipes_fd);
        free(p->spill);
        free(p);
}

/* ---- clients -------------------------------------------------------------------- */

/* The pipe's directory, for clients: -ENOENT if there is none. */
static int client_dir_open(const char *runtime_dir, const char *name, int *ret_fd) {
        _cleanup_close_ int pipes_fd = -1;
        char file[S0_OBJ_FILE_MAX];
        int r, fd;

        r = s0_pipe_file_name(name, file);
        if (r < 0)
                return r;
        r = pipes_dir_open(runtime_dir, &pipes_fd);
        if (r < 0)
                return r == -EACCES ? r : -ENOENT;
        fd = openat(pipes_fd, file, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return errno == EACCES ? -EACCES : -ENOENT;
        *ret_fd = fd;
        return 0;
}

/* Whether any server holds the pipe (an orphan has none: clients see no pipe). */
static bool pipe_has_server(int dir_fd) {
        if (flock(dir_fd, LOCK_EX | LOCK_NB) < 0)
                return true;
        (void) flock(dir_fd, LOCK_UN);
        return false;
}

int s0_pipe_open(const char *runtime_dir, const char *name, struct s0_pipe **ret) {
        _cleanup_close_ int dir_fd = -1;
        struct pipe_attr attr;
        bool busy = false, denied = false;
        int r;

        if (!ret)
                return -EINVAL;
        r = client_dir_open(runtime_dir, name, &dir_fd);
        if (r < 0)
                return r;
        r = attr_read(dir_fd, &attr);
        if (r < 0)
                return r;
        for (unsigned i = 0; i < attr.max_instances; i++) {
                _cleanup_close_ int fd = -1;
                struct sockaddr_un sa;
                socklen_t len;
                struct s0_pipe *p;

                fd = socket(AF_UNIX, (attr.message ? SOCK_SEQPACKET : SOCK_STREAM) | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
                if (fd < 0)
                        return -errno;
                r = slot_addr(dir_fd, i, &sa, &len);
                if (r < 0)
                        return r;
                if (connect(fd, (struct sockaddr *) &sa, len) < 0) {
                        if (errno == EAGAIN)
                                busy = true; /* its one queued client is there already */
                        else if (errno == EACCES || errno == EPERM)
                                denied = true;
                        continue;
                }
                /* Connected (queued until ConnectNamedPipe, as on Windows): blocking I/O from
                 * now on, as a synchronous Windows handle. */
                if (fcntl(fd, F_SETFL, 0) < 0)
                        return -errno;
                p = pipe_new();
                if (!p)
                        return -ENOMEM;
                p->fd = TAKE_FD(fd);
                p->flags = attr.message ? S0_PIPE_MESSAGE : 0; /* clients start in byte read mode */
                p->state = PIPE_CLIENT;
                *ret = p;
                return 0;
        }
        if (denied)
                return -EACCES;
        if (busy || pipe_has_server(dir_fd))
                return -EBUSY;
        return -ENOENT;
}

static bool any_listening(int dir_fd, unsigned max) {
        for (unsigned i = 0; i < max; i++) {
                struct stat st;
                char name[8];

                slot_name('s', i, name);
                if (fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISSOCK(st.st_mode))
                        return true;
        }
        return false;
}

static uint64_t now_ms(void) {
        struct timespec ts;

        (void) clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000u + (uint64_t) ts.tv_nsec / 1000000u;
}

int s0_pipe_wait(const char *runtime_dir, const char *name, uint32_t timeout_ms) {
        _cleanup_close_ int dir_fd = -1, ino = -1;
        char path[64];
        struct pipe_attr attr;
        uint64_t deadline;
        int r;

        r = client_dir_open(runtime_dir, name, &dir_fd);
        if (r < 0)
                return r;
        r = attr_read(dir_fd, &attr);
        if (r < 0)
                return r;
        if (timeout_ms == 0)
                timeout_ms = attr.default_timeout_ms;
        deadline = timeout_ms == UINT32_MAX ? UINT64_MAX : now_ms() + timeout_ms;
        /* Watch first, then look: a socket bound in between is not missed. */
        ino = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
        if (ino < 0)
                return -errno;
        snprintf(path, sizeof path, "/proc/self/fd/%d", dir_fd);
        if (inotify_add_watch(ino, path, IN_CREATE | IN_MOVED_TO | IN_DELETE_SELF | IN_ONLYDIR) < 0)
                return -errno;
        for (;;) {
                struct pollfd pfd = { .fd = ino, .events = POLLIN };
                char buf[4096];
                struct stat st;
                uint64_t now;
                int wait;

                if (fstat(dir_fd, &st) < 0)
                        return -errno;
                if (st.st_nlink == 0 || !pipe_has_server(dir_fd))
                        return -ENOENT;
                if (any_listening(dir_fd, attr.max_instances))
                        return 0;
                now = now_ms();
                if (now >= deadline)
                        return -ETIMEDOUT;
                wait = deadline - now > INT32_MAX ? -1 : (int) (deadline - now);
                r = poll(&pfd, 1, wait);
                if (r < 0 && errno != EINTR)
                        return -errno;
                while (read(ino, buf, sizeof buf) > 0)
                        ;
        }
}

/* ---- data ------------------------------------------------------------------------ */

static int conn_fd(const struct s0_pipe *p) { return p->fd >= 0 ? p->fd : -ENOTCONN; }

static int io_error(int e) { return e == EPIPE || e == ECONNRESET ? -EPIPE : -e; }

int s0_pipe_read(struct s0_pipe *p, void *buf, size_t size, size_t *ret_n) {
        struct iovec iov[2];
        struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };
        bool message_reads;
        ssize_t n;
        int fd;

        if (!p || (!buf && size) || !ret_n)
                return -EINVAL;
        fd = conn_fd(p);
        if (fd < 0)
                return fd;
        message_reads = p->flags & S0_PIPE_READ_MESSAGE;
        /* The rest of a message that did not fit the last read. */
        if (p->spill_off < p->spill_len) {
                size_t left = p->spill_len - p->spill_off, k = left < size ? left : size;
                if (k)
                        memcpy(buf, p->spill + p->spill_off, k);
                p->spill_off += k;
                *ret_n = k;
                return k < left && message_reads ? 1 : 0;
        }
        if (!(p->flags & S0_PIPE_MESSAGE)) {
                do
                        n = read(fd, buf, size);
                while (n < 0 && errno == EINTR);
                if (n < 0)
                        return io_error(errno);
                if (n == 0 && size > 0)
                        return -EPIPE;
                p->has_read = true;
                *ret_n = (size_t) n;
                return 0;
        }
        /* One recvmsg() reads the whole message: what does not fit buf lands in the spill
         * buffer for the next reads (ERROR_MORE_DATA), where a plain recv() would have
         * dropped it. */
        if (!p->spill) {
                p->spill = malloc(S0_PIPE_MESSAGE_MAX);
                if (!p->spill)
                        return -ENOMEM;
        }
        iov[0] = (struct iovec) { .iov_base = buf, .iov_len = size };
        iov[1] = (struct iovec) { .iov_base = p->spill, .iov_len = S0_PIPE_MESSAGE_MAX };
        do
                n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);
        while (n < 0 && errno == EINTR);
        if (n < 0)
                return io_error(errno);
        if (n == 0)
                return -EPIPE; /* writers never send empty messages: this is the end */
        p->has_read = true;
        if ((size_t) n <= size) {
                *ret_n = (size_t) n;
                return 0;
        }
        p->spill_off = 0;
        p->spill_len = (size_t) n - size;
        *ret_n = size;
        return message_reads ? 1 : 0;
}

int s0_pipe_write(struct s0_pipe *p, const void *buf, size_t size, size_t *ret_n) {
        size_t done = 0;
        ssize_t n;
        int fd;

        if (!p || (!buf && size) || !ret_n)
                return -EINVAL;
        fd = conn_fd(p);
        if (fd < 0)
                return fd;
        if (p->flags & S0_PIPE_MESSAGE) {
                if (size > S0_PIPE_MESSAGE_MAX)
                        return -EMSGSIZE;
                /* An empty message is not sent: a reader could not tell it from the end. */
                if (size == 0) {
                        *ret_n = 0;
                        return 0;
                }
                do
                        n = send(fd, buf, size, MSG_NOSIGNAL);
                while (n < 0 && errno == EINTR);
                if (n < 0)
                        return io_error(errno);
                *ret_n = (size_t) n;
                return 0;
        }
        while (done < size) {
                n = send(fd, (const char *) buf + done, size - done, MSG_NOSIGNAL);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return io_error(errno);
                }
                done += (size_t) n;
        }
        *ret_n = done;
        return 0;
}

int s0_pipe_peek(struct s0_pipe *p, void *buf, size_t size, size_t *ret_n, size_t *ret_avail,
                 size_t *ret_left_in_message) {
        size_t got = 0, avail = 0, left = 0;
        int queued = 0, fd;
        ssize_t n;

        if (!p || (!buf && size))
                return -EINVAL;
        fd = conn_fd(p);
        if (fd < 0)
                return fd;
        if (ioctl(fd, FIONREAD, &queued) < 0)
                return -errno;
        if (p->spill_off < p->spill_len) {
                size_t rest = p->spill_len - p->spill_off;
                got = rest < size ? rest : size;
                if (got)
                        memcpy(buf, p->spill + p->spill_off, got);
                avail = rest + (size_t) queued;
                left = rest - got;
        } else if (queued > 0) {
                n = recv(fd, buf, size, MSG_PEEK | MSG_DONTWAIT | ((p->flags & S0_PIPE_MESSAGE) ? MSG_TRUNC : 0));
                if (n < 0 && errno != EAGAIN)
                        return io_error(errno);
                if (n > 0) {
                        got = (size_t) n < size ? (size_t) n : size;
                        left = (p->flags & S0_PIPE_MESSAGE) ? (size_t) n - got : 0;
                }
                avail = (size_t) queued;
        } else {
                struct pollfd pfd = { .fd = fd, .events = POLLRDHUP };
                if (poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLHUP | POLLRDHUP | POLLERR)))
                        return -EPIPE;
        }
        if (ret_n)
                *ret_n = got;
        if (ret_avail)
                *ret_avail = avail;
        if (ret_left_in_message)
                *ret_left_in_message = left;
        return 0;
}

bool s0_pipe_is_server(const struct s0_pipe *p) { return p && p->server; }

uint32_t s0_pipe_flags(const struct s0_pipe *p) { return p ? p->flags : 0; }

int s0_pipe_set_read_message(struct s0_pipe *p, bool message) {
        if (!p || (message && !(p->flags & S0_PIPE_MESSAGE)))
                return -EINVAL;
        if (message)
                p->flags |= S0_PIPE_READ_MESSAGE;
        else
                p->flags &= ~(uint32_t) S0_PIPE_READ_MESSAGE;
        return 0;
}

int s0_pipe_fd(const struct s0_pipe *p) { return p ? p->fd : -1; }
