/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0-spooler's internal interfaces (docs/PRINTING.md). Not installed. */
#pragma once

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <session0/spooler-protocol.h>

#define SPOOLER_PRINTERS_MAX 16u
#define SPOOLER_PIPE_INSTANCES 8u     /* clients served at once; more wait (ERROR_PIPE_BUSY) */
#define SPOOLER_JOBS_MAX 1000u        /* queued + printing, all users: more is ERROR_NOT_ENOUGH_QUOTA */
#define SPOOLER_DONE_KEPT 200u        /* finished jobs kept for EnumJobs; older ones are forgotten */
#define SPOOLER_JOB_BYTES_MAX (256ull << 20) /* one job's data: more is ERROR_DISK_FULL */
#define SPOOLER_OUTPUT_BYTES_MAX (512ull << 20)

struct job {
        uint32_t id;
        uint32_t state; /* enum s0_spool_job_state */
        bool paused;
        bool cancel;    /* asked while printing: the host is stopped */
        uid_t uid;
        gid_t gid;
        uint32_t session;
        uint32_t datatype;
        uint32_t priority; /* S0_SPOOL_PRIORITY_MIN .. MAX */
        uint64_t order;    /* place in the list (the queue order), kept in the record */
        uint64_t size;
        int64_t submitted_ns;
        char printer[S0_SPOOL_PRINTER_MAX];
        char user[S0_SPOOL_USER_MAX];
        char document[S0_SPOOL_DOC_MAX];
        char status[S0_SPOOL_TEXT_MAX];
        char output[S0_SPOOL_PATH_MAX];
        struct job *next; /* the spooler's list, by order: a printer's queue is its queued jobs in it */
};

struct spooler;

struct printer {
        struct spooler *sp;
        char name[S0_SPOOL_PRINTER_MAX];
        char driver[S0_SPOOL_PRINTER_MAX];
        char driver_path[PATH_MAX];
        char options[256];
        uint32_t capabilities;  /* from the host's HELLO */
        bool can_cancel;        /* the HELLO said ABI 1.1: the driver has cancel() */
        int wake_fd;            /* eventfd: wakes the worker waiting on its host (a cancel) */
        uint32_t status;        /* PRINTER_STATUS_* of the last driver status */
        char status_text[S0_SPOOL_TEXT_MAX];
        pid_t host_pid;         /* 0: none */
        int host_fd;            /* our end of the socketpair, -1: none */
        pthread_t thread;
};

struct spooler {
        pthread_mutex_t lock; /* everything below that changes */
        pthread_cond_t work;  /* a job became printable, or we are stopping */
        struct job *jobs;
        uint32_t next_id;
        uint64_t next_order; /* above every job's order: a new job goes last */
        bool stopping;
        struct printer printers[SPOOLER_PRINTERS_MAX];
        size_t n_printers;
        /* fixed after start */
        const char *runtime_dir;
        const char *spool_dir;
        const char *output_dir;
        const char *host_path;
        const char *driver_dir;
        int jobs_fd, tmp_fd, work_fd, out_fd;
        uid_t drv_uid;
        gid_t drv_gid;
        unsigned job_timeout_ms;
        uint64_t driver_mem;
        bool notify;
};

/* store.c: the spool directory. Every change reaches the disk before it is answered. */
int store_open(struct spooler *sp);
int store_load(struct spooler *sp);
/* A new data file in tmp/ for job id (O_RDWR). */
int store_data_create(struct spooler *sp, uint32_t id, int *ret_fd);
/* fsync, rename into jobs/, then writes the job record: the job is accepted. */
int store_accept(struct spooler *sp, const struct job *j, int data_fd);
void store_data_discard(struct spooler *sp, uint32_t id);
int store_data_open(struct spooler *sp, uint32_t id, int *ret_fd);
/* Rewrites the job's record (atomically: temporary file, fsync, rename, fsync dir). */
int store_save(struct spooler *sp, const struct job *j);
/* Forgets a job: its record and its data. */
void store_remove(struct spooler *sp, uint32_t id);
void store_remove_data(struct spooler *sp, uint32_t id);
/* Parses a job record (text); pure. */
int store_parse_job(const char *text, struct job *ret);

/* jobs.c: the list, under sp->lock. */
struct job *jobs_find(struct spooler *sp, uint32_t id);
void jobs_insert(struct spooler *sp, struct job *j); /* by j->order */
/* Moves queued job j behind the printer's queued jobs of its priority or higher (FIFO
 * within a priority), or to the 1-based place position among them; then renumbers the
 * list and saves the records whose order changed. */
void jobs_requeue_by_priority(struct spooler *sp, struct job *j);
void jobs_move(struct spooler *sp, struct job *j, uint32_t position);
void jobs_remove(struct spooler *sp, struct job *j);
size_t jobs_active(struct spooler *sp);
void jobs_prune(struct spooler *sp); /* keeps the last SPOOLER_DONE_KEPT finished ones */
struct printer *printer_find(struct spooler *sp, const char *name);

/* server.c: the \\.\pipe\spoolss instances, one thread each. */
int server_start(struct spooler *sp);

/* printer.c: one worker thread per printer, and its driver host. */
int printer_start(struct printer *p);
/* SetJob cancel of the printing job id (its j->cancel set): wakes the worker, which asks
 * an ABI 1.1 driver to stop; a 1.0 driver's host is killed at once. Under sp->lock. */
void printer_cancel(struct printer *p, uint32_t id);

/* host.c: a driver host process. */
int host_spawn(struct printer *p);
void host_stop(struct printer *p);
/* Runs one job on the host; *status gets the job's final text ("" on success) and
 * output the published file name. Returns 0 (printed) or -errno; -ECHILD: the host
 * died (crash, timeout), restarted by the caller. */
int host_run_job(struct printer *p, struct job *j, char *status, size_t status_size, char *out_name,
                 size_t out_size);

/* publish.c: the driver's output into the owner's output directory. */
int publish_output(struct spooler *sp, const struct job *j, int work_dir_fd, const char *name, char *ret_path,
                   size_t size);
int publish_work_dir(struct spooler *sp, uint32_t id, int *ret_fd);
void publish_work_dir_remove(struct spooler *sp, uint32_t id);

/* notify.c: the sanctioned channels back to the user. */
void notify_user(struct spooler *sp, uint32_t session, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void notify_audit(struct spooler *sp, uint32_t session, int32_t result, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

/* privileges.c */
int privileges_drop(void);
