/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/mount.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "cgroup.h"
#include "shared/io-util.h"
#include "shared/macro.h"
#include "shared/parse-util.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

/* mountinfo field 5 is the mount point, the field after " - " the fs type, the last
 * one the superblock's options. Mount points escape spaces as \040, which cgroup
 * mounts never have in practice; a mount point with an escape is skipped rather than
 * mis-parsed. ret_opts may be NULL. */
static int find_in_mountinfo(char **ret_path, char **ret_opts) {
        FILE *f = fopen("/proc/self/mountinfo", "re");
        char line[4096];
        int r = -ENOENT;

        if (!f)
                return -errno;
        while (fgets(line, sizeof line, f)) {
                char *sep = strstr(line, " - ");
                char mnt[1024], opts[1024];
                if (!sep || strncmp(sep + 3, "cgroup2 ", 8) != 0)
                        continue;
                if (sscanf(line, "%*s %*s %*s %*s %1023s", mnt) != 1 || strchr(mnt, '\\'))
                        continue;
                /* " - cgroup2 SOURCE OPTIONS" */
                if (sscanf(sep + 3, "%*s %*s %1023s", opts) != 1)
                        opts[0] = 0;
                *ret_path = strdup(mnt);
                if (ret_opts)
                        *ret_opts = strdup(opts);
                r = *ret_path && (!ret_opts || *ret_opts) ? 0 : -ENOMEM;
                break;
        }
        fclose(f);
        return r;
}

/* The cgroup2 superblock options to keep when reconfiguring: a reconfiguration sets
 * the hierarchy's flags to what it is given, so every flag in use is given again. */
static bool is_cgroup2_flag(const char *opt) {
        static const char *const flags[] = { "nsdelegate", "favordynmods", "memory_localevents",
                                             "memory_recursiveprot", "memory_hugetlb_accounting",
                                             "pids_localevents" };
        for (size_t i = 0; i < ELEMENTSOF(flags); i++)
                if (strcmp(opt, flags[i]) == 0)
                        return true;
        return false;
}

/* Whether the comma-separated list has the option. */
static bool has_option(const char *list, const char *opt) {
        size_t n = strlen(opt);
        for (const char *p = list; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
                if (strncmp(p, opt, n) == 0 && (p[n] == ',' || p[n] == 0))
                        return true;
        return false;
}

int cg_favor_dynmods(const char *mnt, bool *ret_changed) {
        char *path = NULL, *opts = NULL, *save = NULL;
        int fd = -1, r;

        *ret_changed = false;
        r = find_in_mountinfo(&path, &opts);
        if (r < 0)
                return r;
        if (strcmp(path, mnt) != 0) {
                r = -ENOENT;
                goto out;
        }
        if (has_option(opts, "favordynmods"))
                goto out;
        /* fspick(): a reconfiguration of the superblock alone. A MS_REMOUNT would also
         * reset the mount's own flags (nosuid, nodev, noexec) to what it is given. */
        fd = fspick(AT_FDCWD, mnt, FSPICK_CLOEXEC | FSPICK_NO_AUTOMOUNT);
        if (fd < 0) {
                r = -errno;
                goto out;
        }
        for (char *o = strtok_r(opts, ",", &save); o; o = strtok_r(NULL, ",", &save))
                if (is_cgroup2_flag(o) && fsconfig(fd, FSCONFIG_SET_FLAG, o, NULL, 0) < 0) {
                        r = -errno;
                        goto out;
                }
        if (fsconfig(fd, FSCONFIG_SET_FLAG, "favordynmods", NULL, 0) < 0 ||
            fsconfig(fd, FSCONFIG_CMD_RECONFIGURE, NULL, NULL, 0) < 0) {
                r = -errno;
                goto out;
        }
        *ret_changed = true;
out:
        if (fd >= 0)
                close(fd);
        free(path);
        free(opts);
        return r;
}

int cg_find_mount(char **ret_path) {
        struct statfs sfs;
        const char *where;
        int r = find_in_mountinfo(ret_path, NULL);

        if (r != -ENOENT)
                return r;
        /* No cgroup2 anywhere: mount one. On a hybrid host /sys/fs/cgroup holds the v1
         * hierarchies, so v2 goes to the conventional "unified" below it. */
        if (statfs("/sys/fs/cgroup", &sfs) < 0)
                return -errno;
        where = sfs.f_type == 0x01021994 /* TMPFS_MAGIC */ ? "/sys/fs/cgroup/unified" : "/sys/fs/cgroup";
        if (mkdir(where, 0755) < 0 && errno != EEXIST)
                return -errno;
        if (mount("cgroup2", where, "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
                return -errno;
        *ret_path = strdup(where);
        return *ret_path ? 0 : -ENOMEM;
}

int cg_mkdir_open(int dir_fd, const char *name, int *ret_fd) {
        int fd;
        if (mkdirat(dir_fd, name, 0755) < 0 && errno != EEXIST)
                return -errno;
        fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        *ret_fd = fd;
        return 0;
}

/* cgroups nest only a few levels under a session (session-N/leaf), so recursion is
 * bounded by the tree we made; depth is still capped against a hostile tree. */
static int rmdir_tree_depth(int dir_fd, const char *name, int depth) {
        _cleanup_close_ int fd = -1;
        DIR *dir;
        struct dirent *de;
        int r = 0;

        if (depth > 16)
                return -ELOOP;
        fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return errno == ENOENT ? 0 : -errno;
        dir = fdopendir(fd);
        if (!dir)
                return -errno;
        fd = -1; /* owned by dir now */
        while ((de = readdir(dir))) {
                if (de->d_type != DT_DIR || de->d_name[0] == '.')
                        continue;
                int k = rmdir_tree_depth(dirfd(dir), de->d_name, depth + 1);
                if (k < 0 && r == 0)
                        r = k;
        }
        closedir(dir);
        if (unlinkat(dir_fd, name, AT_REMOVEDIR) < 0 && errno != ENOENT && r == 0)
                r = -errno;
        return r;
}

int cg_rmdir_tree(int dir_fd, const char *name) { return rmdir_tree_depth(dir_fd, name, 0); }

/* Calls fn for each pid in dir_fd's cgroup.procs and below; stops when fn returns != 0. */
static int for_each_pid(int dir_fd, int depth, int (*fn)(pid_t pid, void *ud), void *ud) {
        _cleanup_close_ int procs = -1;
        DIR *dir;
        struct dirent *de;
        FILE *f;
        char line[32];
        int r = 0;

        if (depth > 16)
                return -ELOOP;
        procs = openat(dir_fd, "cgroup.procs", O_RDONLY | O_CLOEXEC);
        if (procs < 0)
                return -errno;
        f = fdopen(procs, "re");
        if (!f)
                return -errno;
        procs = -1;
        while (r == 0 && fgets(line, sizeof line, f)) {
                int32_t pid;
                line[strcspn(line, "\n")] = 0;
                if (safe_atoi32(line, &pid) == 0 && pid > 0)
                        r = fn(pid, ud);
        }
        fclose(f);
        if (r != 0)
                return r;

        int dfd = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0)
                return -errno;
        dir = fdopendir(dfd);
        if (!dir) {
                safe_close(dfd);
                return -errno;
        }
        while (r == 0 && (de = readdir(dir))) {
                _cleanup_close_ int sub = -1;
                if (de->d_type != DT_DIR || de->d_name[0] == '.')
                        continue;
                sub = openat(dirfd(dir), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (sub < 0)
                        continue; /* removed meanwhile */
                r = for_each_pid(sub, depth + 1, fn, ud);
        }
        closedir(dir);
        return r;
}

/* Lines in cgroup.procs, counted from raw read()s: listing sessions does this for
 * every session, so no stdio and no parsing. */
static int count_lines_at(int dir_fd, const char *name) {
        _cleanup_close_ int fd = openat(dir_fd, name, O_RDONLY | O_CLOEXEC);
        char buf[8192];
        int n = 0;

        if (fd < 0)
                return -errno;
        for (;;) {
                ssize_t k = read(fd, buf, sizeof buf);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                if (k == 0)
                        return n;
                for (ssize_t i = 0; i < k; i++)
                        n += buf[i] == '\n';
        }
}

static int count_procs_depth(int dir_fd, const char *skip, int depth) {
        DIR *dir;
        struct dirent *de;
        int dfd, n, r = 0;

        if (depth > 16)
                return -ELOOP;
        n = count_lines_at(dir_fd, "cgroup.procs");
        if (n < 0)
                return n;
        dfd = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0)
                return -errno;
        dir = fdopendir(dfd);
        if (!dir) {
                safe_close(dfd);
                return -errno;
        }
        while ((de = readdir(dir))) {
                _cleanup_close_ int sub = -1;
                if (de->d_type != DT_DIR || de->d_name[0] == '.' || (skip && (strcmp(de->d_name, skip) == 0 || strcmp(de->d_name, "host") == 0)))
                        continue;
                sub = openat(dirfd(dir), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (sub < 0)
                        continue; /* removed meanwhile */
                r = count_procs_depth(sub, NULL, depth + 1);
                if (r < 0)
                        break;
                n += r;
        }
        closedir(dir);
        return r < 0 ? r : n;
}

int cg_count_procs(int dir_fd, const char *skip) { return count_procs_depth(dir_fd, skip, 0); }

static int take_first(pid_t pid, void *ud) {
        *(pid_t *) ud = pid;
        return 1;
}

int cg_first_pid(int dir_fd, pid_t *ret) {
        pid_t pid = 0;
        int r = for_each_pid(dir_fd, 0, take_first, &pid);
        if (r < 0)
                return r;
        if (pid <= 0)
                return -ESRCH;
        *ret = pid;
        return 0;
}

int cg_single_pid(int dir_fd, pid_t *ret) {
        char buf[64], *nl;
        int32_t pid;
        int r = read_small_file_at(dir_fd, "cgroup.procs", buf, sizeof buf);
        if (r == -EFBIG)
                return -ENOTUNIQ;
        if (r < 0)
                return r;
        if (!buf[0])
                return -ESRCH;
        nl = strchr(buf, '\n');
        if (nl)
                return -ENOTUNIQ;
        r = safe_atoi32(buf, &pid);
        if (r < 0 || pid <= 0)
                return -EBADMSG;
        *ret = pid;
        return 0;
}

int cg_kill(int dir_fd) { return write_string_file_at(dir_fd, "cgroup.kill", "1"); }

static int parse_populated(const char *buf) {
        const char *p = strstr(buf, "populated ");
        if (!p)
                return -EBADMSG;
        return p[10] == '1';
}

int cg_populated(int dir_fd) {
        char buf[256];
        int r = read_small_file_at(dir_fd, "cgroup.events", buf, sizeof buf);
        if (r < 0)
                return r;
        return parse_populated(buf);
}

int cg_events_populated(int events_fd) {
        char buf[256];
        ssize_t n;
        do
                n = pread(events_fd, buf, sizeof buf - 1, 0);
        while (n < 0 && errno == EINTR);
        if (n < 0)
                return -errno;
        buf[n] = 0;
        return parse_populated(buf);
}

int cg_attach(int dir_fd, pid_t pid) {
        char buf[32];
        snprintf(buf, sizeof buf, "%d", (int) pid);
        return write_string_file_at(dir_fd, "cgroup.procs", buf);
}

int cg_set_xattr_u64(int dir_fd, const char *name, uint64_t v) {
        char buf[32];
        int n = snprintf(buf, sizeof buf, "%" PRIu64, v);
        if (fsetxattr(dir_fd, name, buf, (size_t) n, 0) < 0)
                return -errno;
        return 0;
}

int cg_get_xattr_u64(int dir_fd, const char *name, uint64_t *ret) {
        char buf[32];
        ssize_t n = fgetxattr(dir_fd, name, buf, sizeof buf - 1);
        if (n < 0)
                return -errno;
        buf[n] = 0;
        return safe_atou64(buf, ret);
}

int cg_wait_empty(int dir_fd, int timeout_ms) {
        _cleanup_close_ int fd = openat(dir_fd, "cgroup.events", O_RDONLY | O_CLOEXEC);
        struct timespec start, now;

        if (fd < 0)
                return -errno;
        clock_gettime(CLOCK_MONOTONIC, &start);
        for (;;) {
                struct pollfd pfd = { .fd = fd, .events = POLLPRI };
                int r = cg_events_populated(fd), left; /* reading fd re-arms POLLPRI */
                if (r <= 0)
                        return r;
                clock_gettime(CLOCK_MONOTONIC, &now);
                left = timeout_ms - (int) ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000);
                if (left <= 0)
                        return -ETIMEDOUT;
                if (poll(&pfd, 1, left) < 0 && errno != EINTR)
                        return -errno;
        }
}
