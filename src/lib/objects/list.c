/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The WinObj-like listing of a namespace (s0ctl objects). Handle counts come from the
 * kernel: every handle is a flock(LOCK_SH) on the object file, and /proc/locks lists
 * them by inode. A file nobody holds is an orphan, not an object, and is not listed. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "name.h"
#include "object.h"
#include "shared/macro.h"

#define LIST_MAX 1000000u

struct lock_entry {
        dev_t dev;
        ino_t ino;
};

static int read_locks(struct lock_entry **ret, size_t *ret_n) {
        struct lock_entry *v = NULL;
        size_t n = 0, cap = 0;
        char line[512];
        FILE *f = fopen("/proc/locks", "re");
        if (!f)
                return -errno;
        while (fgets(line, sizeof line, f)) {
                char cls[32], kind[32], mode[32];
                unsigned maj, min;
                unsigned long long ino;
                long pid;
                /* "1: FLOCK  ADVISORY  READ  1234 00:1a:5678 0 EOF" ("->" lines are waiters) */
                if (strstr(line, "->"))
                        continue;
                if (sscanf(line, "%*d: %31s %31s %31s %ld %x:%x:%llu", cls, kind, mode, &pid, &maj, &min, &ino) != 7)
                        continue;
                if (strcmp(cls, "FLOCK") != 0 || strcmp(mode, "READ") != 0)
                        continue;
                if (n == cap) {
                        struct lock_entry *nv;
                        cap = cap ? cap * 2 : 64;
                        nv = realloc(v, cap * sizeof *v);
                        if (!nv) {
                                free(v);
                                fclose(f);
                                return -ENOMEM;
                        }
                        v = nv;
                }
                v[n++] = (struct lock_entry) { makedev(maj, min), (ino_t) ino };
        }
        fclose(f);
        *ret = v;
        *ret_n = n;
        return 0;
}

S0_EXPORT int s0_obj_list(struct s0_objctx *c, uint32_t session, struct s0_obj_info **ret, size_t *ret_count) {
        _cleanup_free_ struct lock_entry *locks = NULL;
        struct s0_obj_info *v = NULL;
        size_t n = 0, cap = 0, n_locks = 0;
        struct dirent *de;
        DIR *d;
        int dfd, r;

        if (!c || !ret || !ret_count)
                return -EINVAL;
        if (session == 0)
                dfd = openat(c->objects_fd, "global", O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        else {
                char buf[16];
                snprintf(buf, sizeof buf, "%" PRIu32, session);
                dfd = openat(c->sessions_fd, buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
                if (dfd < 0 && errno == ENOENT)
                        return -ENOTDIR;
        }
        if (dfd < 0)
                return -errno;
        d = fdopendir(dfd);
        if (!d) {
                r = -errno;
                safe_close(dfd);
                return r;
        }
        r = read_locks(&locks, &n_locks);
        if (r < 0)
                goto fail;
        while ((errno = 0, de = readdir(d))) {
                struct s0_obj_info *i;
                struct stat st;
                int handles = 0, fd;

                if (de->d_name[0] == '.')
                        continue;
                if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
                        continue;
                for (size_t k = 0; k < n_locks; k++)
                        handles += locks[k].dev == st.st_dev && locks[k].ino == st.st_ino;
                if (handles == 0)
                        continue; /* an orphan */
                if (n == cap) {
                        struct s0_obj_info *nv;
                        if (cap >= LIST_MAX)
                                break;
                        cap = cap ? cap * 2 : 16;
                        nv = realloc(v, cap * sizeof *v);
                        if (!nv) {
                                r = -ENOMEM;
                                goto fail;
                        }
                        v = nv;
                }
                i = &v[n];
                *i = (struct s0_obj_info) { .session = session, .owner = st.st_uid, .group = st.st_gid,
                                            .mode = st.st_mode & 07777, .handles = handles };
                if (s0_obj_name_unescape(de->d_name, i->name, sizeof i->name) != 0)
                        snprintf(i->name, sizeof i->name, "%s", de->d_name);
                fd = openat(dirfd(d), de->d_name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
                if (fd >= 0) {
                        struct s0_obj_shared *sh = mmap(NULL, S0_OBJ_PAGE, PROT_READ, MAP_SHARED, fd, 0);
                        if (sh != MAP_FAILED) {
                                if (sh->magic == S0_OBJ_MAGIC && sh->version == S0_OBJ_VERSION) {
                                        uint32_t w = atomic_load(obj_mutex_word(sh));
                                        i->type = sh->type;
                                        i->manual_reset = sh->flags & S0_SHF_MANUAL_RESET;
                                        switch (sh->type) {
                                        case S0_OBJ_EVENT:
                                                i->signaled = atomic_load(&sh->state) == 1;
                                                break;
                                        case S0_OBJ_SEMAPHORE:
                                                i->count = atomic_load(&sh->state);
                                                i->maximum = sh->maximum;
                                                i->signaled = i->count > 0;
                                                break;
                                        case S0_OBJ_MUTEX:
                                                i->owner_tid = (pid_t) (w & 0x3fffffffu);
                                                i->abandoned = (w & 0x40000000u) != 0;
                                                i->signaled = i->owner_tid == 0;
                                                i->count = i->owner_tid ? sh->recursion : 0;
                                                break;
                                        case S0_OBJ_TIMER:
                                                i->signaled = timer_is_signaled(sh, now_ns(CLOCK_MONOTONIC));
                                                break;
                                        case S0_OBJ_SECTION:
                                                i->size = sh->size;
                                                break;
                                        }
                                }
                                (void) munmap(sh, S0_OBJ_PAGE);
                        }
                        safe_close(fd);
                }
                n++;
        }
        if (errno) {
                r = -errno;
                goto fail;
        }
        closedir(d);
        *ret = v;
        *ret_count = n;
        return 0;
fail:
        closedir(d);
        free(v);
        return r;
}
