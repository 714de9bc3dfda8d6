/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The spool directory (docs/PRINTING.md, "Durability"):
 *
 *   SPOOL/tmp/ID.data     data of a job being received (gone after a crash: never accepted)
 *   SPOOL/jobs/ID.data    an accepted job's data
 *   SPOOL/jobs/ID.job     its record: key=value lines, replaced atomically
 *   SPOOL/work/ID/        the driver host's output directory for the job (s0-printdrv's)
 *
 * A job is accepted -- END_DOC answered -- only once its data is fsync'd and renamed
 * into jobs/ and its record written through a temporary file, fsync, rename and an
 * fsync of jobs/. So kill -9 or a power cut loses no accepted job. A record in state
 * "printing" at start is queued again; "done" is never printed again.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shared/io-util.h"
#include "shared/log.h"
#include "shared/macro.h"
#include "shared/parse-util.h"
#include "spooler.h"

static int open_subdir(int parent, const char *name, mode_t mode, int *ret) {
        int fd;
        if (mkdirat(parent, name, mode) < 0 && errno != EEXIST)
                return -errno;
        fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        if (fchmod(fd, mode) < 0) {
                int r = -errno;
                safe_close(fd);
                return r;
        }
        *ret = fd;
        return 0;
}

int store_open(struct spooler *sp) {
        _cleanup_close_ int root = -1;
        int r;

        if (mkdir(sp->spool_dir, 0700) < 0 && errno != EEXIST)
                return log_error_errno(-errno, "Cannot create spool directory '%s'", sp->spool_dir);
        root = open(sp->spool_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (root < 0)
                return log_error_errno(-errno, "Cannot open spool directory '%s'", sp->spool_dir);
        if (fchmod(root, 0700) < 0)
                return log_error_errno(-errno, "Cannot chmod '%s'", sp->spool_dir);
        if ((r = open_subdir(root, "jobs", 0700, &sp->jobs_fd)) < 0 || (r = open_subdir(root, "tmp", 0700, &sp->tmp_fd)) < 0 ||
            (r = open_subdir(root, "work", 0700, &sp->work_fd)) < 0)
                return log_error_errno(r, "Cannot set up '%s'", sp->spool_dir);
        if (mkdir(sp->output_dir, 0755) < 0 && errno != EEXIST)
                return log_error_errno(-errno, "Cannot create output directory '%s'", sp->output_dir);
        sp->out_fd = open(sp->output_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (sp->out_fd < 0)
                return log_error_errno(-errno, "Cannot open output directory '%s'", sp->output_dir);
        return 0;
}

static void name_of(char *buf, size_t size, uint32_t id, const char *suffix) {
        (void) snprintf(buf, size, "%08" PRIu32 "%s", id, suffix);
}

int store_data_create(struct spooler *sp, uint32_t id, int *ret_fd) {
        char name[32];
        int fd;
        name_of(name, sizeof name, id, ".data");
        fd = openat(sp->tmp_fd, name, O_RDWR | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0)
                return -errno;
        *ret_fd = fd;
        return 0;
}

void store_data_discard(struct spooler *sp, uint32_t id) {
        char name[32];
        name_of(name, sizeof name, id, ".data");
        (void) unlinkat(sp->tmp_fd, name, 0); /* best effort: tmp/ is emptied at start anyway */
}

int store_data_open(struct spooler *sp, uint32_t id, int *ret_fd) {
        char name[32];
        int fd;
        name_of(name, sizeof name, id, ".data");
        fd = openat(sp->jobs_fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        *ret_fd = fd;
        return 0;
}

/* Record text: one key=value per line; the values are ours or sanitised (no newline). */
static int format_job(const struct job *j, char *buf, size_t size) {
        int n = snprintf(buf, size,
                         "id=%" PRIu32 "\nstate=%s\npaused=%d\nuid=%u\ngid=%u\nsession=%" PRIu32 "\ndatatype=%s\n"
                         "size=%" PRIu64 "\nsubmitted=%" PRId64 "\nprinter=%s\nuser=%s\ndocument=%s\nstatus=%s\n"
                         "output=%s\npriority=%" PRIu32 "\norder=%" PRIu64 "\n",
                         j->id, s0_spool_job_state_name(j->state), j->paused ? 1 : 0, (unsigned) j->uid,
                         (unsigned) j->gid, j->session, s0_spool_datatype_name(j->datatype), j->size, j->submitted_ns,
                         j->printer, j->user, j->document, j->status, j->output, j->priority, j->order);
        return n < 0 || (size_t) n >= size ? -ENOBUFS : n;
}

static int copy_field(char *dst, size_t size, const char *v) {
        size_t n = strlen(v);
        if (n >= size)
                return -EINVAL;
        memcpy(dst, v, n + 1);
        return 0;
}

int store_parse_job(const char *text, struct job *ret) {
        struct job j = { .priority = S0_SPOOL_PRIORITY_DEFAULT };
        const char *p = text;
        bool have_order = false;
        char line[512];
        unsigned seen = 0;

        while (*p) {
                const char *nl = strchr(p, '\n');
                size_t n = nl ? (size_t) (nl - p) : strlen(p);
                char *eq, *v;
                uint32_t u;
                uint64_t u64;
                int r = 0;

                if (n >= sizeof line)
                        return -EINVAL;
                memcpy(line, p, n);
                line[n] = 0;
                p += n + (nl ? 1 : 0);
                eq = strchr(line, '=');
                if (!eq)
                        return -EINVAL;
                *eq = 0;
                v = eq + 1;
                if (strcmp(line, "id") == 0)
                        r = safe_atou32(v, &j.id), seen |= 1;
                else if (strcmp(line, "state") == 0) {
                        r = -EINVAL;
                        for (uint32_t s = S0_JOB_QUEUED; s < _S0_JOB_STATE_MAX; s++)
                                if (strcmp(v, s0_spool_job_state_name(s)) == 0)
                                        j.state = s, r = 0;
                        seen |= 2;
                } else if (strcmp(line, "paused") == 0)
                        r = safe_atou32(v, &u), j.paused = u != 0;
                else if (strcmp(line, "uid") == 0)
                        r = safe_atou32(v, &u), j.uid = u, seen |= 4;
                else if (strcmp(line, "gid") == 0)
                        r = safe_atou32(v, &u), j.gid = u;
                else if (strcmp(line, "session") == 0)
                        r = safe_atou32(v, &j.session);
                else if (strcmp(line, "datatype") == 0)
                        r = (j.datatype = s0_spool_datatype_from_name(v)) ? 0 : -EINVAL, seen |= 8;
                else if (strcmp(line, "size") == 0)
                        r = safe_atou64(v, &j.size);
                else if (strcmp(line, "submitted") == 0)
                        r = safe_atou64(v, &u64), j.submitted_ns = (int64_t) u64;
                else if (strcmp(line, "printer") == 0)
                        r = copy_field(j.printer, sizeof j.printer, v), seen |= 16;
                else if (strcmp(line, "user") == 0)
                        r = copy_field(j.user, sizeof j.user, v);
                else if (strcmp(line, "document") == 0)
                        r = copy_field(j.document, sizeof j.document, v);
                else if (strcmp(line, "status") == 0)
                        r = copy_field(j.status, sizeof j.status, v);
                else if (strcmp(line, "output") == 0)
                        r = copy_field(j.output, sizeof j.output, v);
                else if (strcmp(line, "priority") == 0)
                        r = safe_atou32(v, &j.priority) < 0 || j.priority < S0_SPOOL_PRIORITY_MIN ||
                                            j.priority > S0_SPOOL_PRIORITY_MAX
                                    ? -EINVAL
                                    : 0;
                else if (strcmp(line, "order") == 0)
                        r = safe_atou64(v, &j.order), have_order = true;
                /* unknown keys are a newer spooler's: ignored */
                if (r < 0)
                        return -EINVAL;
        }
        if (seen != 31)
                return -EINVAL;
        if (!have_order)
                j.order = j.id; /* a record from before queue order was kept: by id, as then */
        *ret = j;
        return 0;
}

static int fsync_dir(int fd) { return fsync(fd) < 0 ? -errno : 0; }

int store_save(struct spooler *sp, const struct job *j) {
        char buf[2048], tmp[40], name[32];
        _cleanup_close_ int fd = -1;
        int n, r;

        n = format_job(j, buf, sizeof buf);
        if (n < 0)
                return n;
        name_of(tmp, sizeof tmp, j->id, ".job.tmp");
        name_of(name, sizeof name, j->id, ".job");
        fd = openat(sp->jobs_fd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0)
                return -errno;
        r = loop_write(fd, buf, (size_t) n);
        if (r < 0)
                return r;
        if (fsync(fd) < 0)
                return -errno;
        if (renameat(sp->jobs_fd, tmp, sp->jobs_fd, name) < 0)
                return -errno;
        return fsync_dir(sp->jobs_fd);
}

int store_accept(struct spooler *sp, const struct job *j, int data_fd) {
        char name[32];
        name_of(name, sizeof name, j->id, ".data");
        if (fsync(data_fd) < 0)
                return -errno;
        if (renameat(sp->tmp_fd, name, sp->jobs_fd, name) < 0)
                return -errno;
        /* the record's own rename is followed by an fsync of jobs/, which covers both */
        return store_save(sp, j);
}

void store_remove_data(struct spooler *sp, uint32_t id) {
        char name[32];
        name_of(name, sizeof name, id, ".data");
        if (unlinkat(sp->jobs_fd, name, 0) < 0 && errno != ENOENT)
                log_warning_errno(-errno, "Cannot remove data of job %" PRIu32 ", ignoring", id);
}

void store_remove(struct spooler *sp, uint32_t id) {
        char name[32];
        store_remove_data(sp, id);
        name_of(name, sizeof name, id, ".job");
        if (unlinkat(sp->jobs_fd, name, 0) < 0 && errno != ENOENT)
                log_warning_errno(-errno, "Cannot remove record of job %" PRIu32 ", ignoring", id);
}

/* Empties tmp/: data of jobs that were never accepted. */
static void clear_tmp(struct spooler *sp) {
        int fd = openat(sp->tmp_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
        struct dirent *de;
        if (!d) {
                safe_close(fd);
                return;
        }
        while ((de = readdir(d)))
                if (de->d_name[0] != '.')
                        (void) unlinkat(sp->tmp_fd, de->d_name, 0); /* best effort: never read */
        closedir(d);
}

int store_load(struct spooler *sp) {
        int fd = openat(sp->jobs_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
        struct dirent *de;
        size_t loaded = 0, requeued = 0;

        if (!d)
                return log_error_errno(fd < 0 ? -errno : -ENOMEM, "Cannot read '%s/jobs'", sp->spool_dir);
        clear_tmp(sp);
        while ((de = readdir(d))) {
                char text[2048], path[300];
                struct job *j;
                size_t len = strlen(de->d_name);
                int r;

                if (len != 12 || strcmp(de->d_name + 8, ".job") != 0)
                        continue;
                r = read_small_file_at(sp->jobs_fd, de->d_name, text, sizeof text);
                j = calloc(1, sizeof *j);
                if (!j)
                        break;
                if (r < 0 || store_parse_job(text, j) < 0) {
                        log_warning("%s/jobs/%s: unreadable job record, ignoring", sp->spool_dir, de->d_name);
                        free(j);
                        continue;
                }
                if (j->state == S0_JOB_PRINTING) {
                        /* we died while it printed: print it again (the driver's output is
                         * named by job id, so a second run replaces, never duplicates) */
                        j->state = S0_JOB_QUEUED;
                        snprintf(j->status, sizeof j->status, "restarted after a spooler restart");
                        (void) store_save(sp, j);
                        requeued++;
                }
                (void) snprintf(path, sizeof path, "%08" PRIu32 ".data", j->id);
                if ((j->state == S0_JOB_QUEUED) && faccessat(sp->jobs_fd, path, F_OK, 0) < 0) {
                        log_warning("job %" PRIu32 ": data missing, marking it failed", j->id);
                        j->state = S0_JOB_FAILED;
                        snprintf(j->status, sizeof j->status, "error: spool data lost");
                        (void) store_save(sp, j);
                }
                if (j->id >= sp->next_id)
                        sp->next_id = j->id + 1;
                if (j->order >= sp->next_order)
                        sp->next_order = j->order + 1;
                jobs_insert(sp, j);
                loaded++;
        }
        closedir(d);
        log_info("spool: %zu jobs loaded, %zu interrupted ones queued again", loaded, requeued);
        return 0;
}
