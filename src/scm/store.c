/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What survives s0-scm: the definitions in --config-dir (NAME.conf, written by the API
 * through a temporary file and rename(), so a crash leaves the old file or the new one,
 * never half of either) and, in --state-dir, NAME.state with the running process
 * (pid and its start time) for re-adoption after a restart.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "scm.h"
#include "shared/io-util.h"
#include "shared/log.h"
#include "shared/macro.h"

enum { ST_STOPPED = 1, ST_RUNNING = 4 };

static int write_atomic(const char *dir, const char *name, const char *text) {
        char tmp[4096], path[4096];
        int fd, r = 0;

        (void) snprintf(path, sizeof path, "%s/%s", dir, name);
        (void) snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, name);
        fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0)
                return -errno;
        r = loop_write(fd, text, strlen(text));
        if (r == 0 && fsync(fd) < 0)
                r = -errno;
        (void) close(fd);
        if (r == 0 && rename(tmp, path) < 0)
                r = -errno;
        if (r < 0)
                (void) unlink(tmp);
        return r;
}

int store_save_config(struct scm *s, const char *name, const struct s0_svc_config *cfg) {
        _cleanup_free_ char *text = NULL;
        char file[S0_SCM_NAME_MAX + 8];
        int r = s0_svc_config_format(cfg, &text);

        if (r < 0)
                return r;
        (void) snprintf(file, sizeof file, "%s.conf", name);
        return write_atomic(s->config_dir, file, text);
}

int store_delete_config(struct scm *s, const char *name) {
        char path[4096];

        (void) snprintf(path, sizeof path, "%s/%s.conf", s->config_dir, name);
        return unlink(path) < 0 && errno != ENOENT ? -errno : 0;
}

void store_save_state(struct scm *s, struct svc *v) {
        char file[S0_SCM_NAME_MAX + 8], text[256];
        int r;

        (void) snprintf(file, sizeof file, "%s.state", v->name);
        (void) snprintf(text, sizeof text, "pid=%u\nstarttime=%llu\nstate=%u\nfailures=%u\n", v->st.process_id,
                        (unsigned long long) v->starttime, v->st.current_state, v->failures);
        r = write_atomic(s->state_dir, file, text);
        if (r < 0)
                log_warning_errno(r, "Cannot write the state of '%s', ignoring", v->name);
}

void store_delete_state(struct scm *s, const char *name) {
        char path[4096];

        (void) snprintf(path, sizeof path, "%s/%s.state", s->state_dir, name);
        (void) unlink(path);
}

/* Loads one file; a malformed one is logged with its file and line and skipped. */
static void load_one(struct scm *s, int dfd, const char *file) {
        char name[S0_SCM_NAME_MAX], path[4096];
        struct s0_svc_config cfg;
        struct s0_svc_config_error err = { 0 };
        _cleanup_free_ char *text = malloc(S0_SVC_TEXT_MAX + 1);
        size_t len = strlen(file) - 5;
        ssize_t n;
        int fd, r;

        (void) snprintf(path, sizeof path, "%s/%s", s->config_dir, file);
        if (len == 0 || len >= sizeof name || !text)
                return;
        memcpy(name, file, len);
        name[len] = 0;
        if (s0_scm_name_valid(name) < 0) {
                log_error("%s: '%s' is not a valid service name ([A-Za-z0-9_.-]), ignoring", path, name);
                return;
        }
        fd = openat(dfd, file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0) {
                log_error_errno(-errno, "%s: cannot open, ignoring", path);
                return;
        }
        n = loop_read(fd, text, S0_SVC_TEXT_MAX + 1);
        (void) close(fd);
        if (n < 0) {
                log_error_errno((int) n, "%s: cannot read, ignoring", path);
                return;
        }
        r = s0_svc_config_parse(text, (size_t) n, &cfg, &err);
        if (r < 0) {
                if (err.line)
                        log_error("%s:%u: %s; service '%s' not loaded", path, err.line, err.why, name);
                else
                        log_error("%s: %s; service '%s' not loaded", path, err.why, name);
                return;
        }
        if (scm_find(s, name)) {
                log_error("%s: service '%s' is defined twice (names are case-insensitive), ignoring", path, name);
                s0_svc_config_done(&cfg);
                return;
        }
        if (scm_add(s, name, &cfg, NULL) < 0)
                s0_svc_config_done(&cfg);
}

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *) a, *(char *const *) b); }

int store_load_all(struct scm *s) {
        DIR *d = opendir(s->config_dir);
        struct dirent *de;
        char **names = NULL;
        size_t n = 0;

        if (!d)
                return errno == ENOENT ? 0 : log_error_errno(-errno, "Cannot open '%s'", s->config_dir);
        while ((de = readdir(d))) {
                size_t len = strlen(de->d_name);
                char **p;
                if (de->d_name[0] == '.' || len <= 5 || strcmp(de->d_name + len - 5, ".conf") != 0)
                        continue;
                p = realloc(names, (n + 1) * sizeof *names);
                if (!p)
                        break;
                names = p;
                if ((names[n] = strdup(de->d_name)))
                        n++;
        }
        /* a stable order: enumeration and auto-start do not depend on readdir() */
        qsort(names, n, sizeof *names, cmp_names);
        for (size_t i = 0; i < n; i++) {
                load_one(s, dirfd(d), names[i]);
                free(names[i]);
        }
        free(names);
        closedir(d);
        for (size_t i = 0; i < s->n_svcs; i++)
                if (scm_has_cycle(s, s->svcs[i]->name, &s->svcs[i]->cfg))
                        log_error("%s/%s.conf: Dependencies= form a cycle (ERROR_CIRCULAR_DEPENDENCY); it cannot start",
                                  s->config_dir, s->svcs[i]->name);
        return 0;
}

int scm_watch_proc(struct scm *s, struct svc *v) {
        struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &v->w };

        if (v->pidfd < 0) {
                v->pidfd = (int) syscall(SYS_pidfd_open, (pid_t) v->st.process_id, 0);
                if (v->pidfd < 0)
                        return -errno;
        }
        if (epoll_ctl(s->epoll_fd, EPOLL_CTL_ADD, v->pidfd, &ev) < 0)
                return -errno;
        return 0;
}

/* Is pid listed in the service's cgroup.procs? */
static bool pid_in_cgroup(struct scm *s, const char *name, pid_t pid) {
        char path[4096], line[32];
        bool found = false;
        FILE *f;

        (void) snprintf(path, sizeof path, "%s/svc-%s/cgroup.procs", s->cg_base, name);
        f = fopen(path, "re");
        if (!f)
                return false;
        while (!found && fgets(line, sizeof line, f))
                found = atoi(line) == pid;
        fclose(f);
        return found;
}

static void adopt_one(struct scm *s, struct svc *v) {
        char path[4096], text[256];
        unsigned pid = 0, state = 0, failures = 0;
        unsigned long long st = 0;
        uint64_t now_st = 0;
        int dfd;

        dfd = open(s->state_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        (void) snprintf(path, sizeof path, "%s.state", v->name);
        if (dfd < 0 || read_small_file_at(dfd, path, text, sizeof text) < 0) {
                if (dfd >= 0)
                        (void) close(dfd);
                goto stale;
        }
        (void) close(dfd);
        if (sscanf(text, "pid=%u\nstarttime=%llu\nstate=%u\nfailures=%u", &pid, &st, &state, &failures) < 3)
                goto stale;
        v->failures = failures;
        if (pid == 0 || state == ST_STOPPED)
                goto stale;
        if (!pid_in_cgroup(s, v->name, (pid_t) pid) || proc_starttime((pid_t) pid, &now_st) < 0 || now_st != st)
                goto stale;
        v->st.process_id = pid;
        v->starttime = st;
        v->st.current_state = state;
        if (scm_watch_proc(s, v) < 0)
                goto stale;
        /* controls arrive when its dispatcher reconnects (it retries on its own) */
        log_info("Re-adopted service '%s' (pid %u, state %u)", v->name, pid, state);
        return;
stale:
        v->st.process_id = 0;
        v->st.current_state = ST_STOPPED;
        /* a process left in svc-NAME that is not the one recorded: nobody supervises it */
        (void) snprintf(path, sizeof path, "%s/svc-%s", s->cg_base, v->name);
        if (access(path, F_OK) == 0) {
                if (scm_cgroup_kill(s, v->name) == 0)
                        log_warning("Service '%s': unknown processes left in its cgroup were killed", v->name);
                scm_cgroup_remove(s, v->name);
        }
}

void store_adopt_all(struct scm *s) {
        for (size_t i = 0; i < s->n_svcs; i++)
                adopt_one(s, s->svcs[i]);
}
