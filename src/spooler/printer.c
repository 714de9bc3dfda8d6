/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * One worker thread per printer: takes the first queued, unpaused job of its printer in
 * the queue order (jobs.c: submission order, changed by SetJob levels 1, 2), records it as
 * printing (on disk, before the driver sees it), runs it on the printer's driver host,
 * publishes the output, records the result, and tells the owner. A failed host is
 * restarted before the next job; other printers have their own threads and hosts.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "shared/log.h"
#include "shared/macro.h"
#include "spooler.h"

static struct job *next_job(struct spooler *sp, struct printer *p) {
        for (struct job *j = sp->jobs; j; j = j->next)
                if (j->state == S0_JOB_QUEUED && !j->paused && strcasecmp(j->printer, p->name) == 0)
                        return j;
        return NULL;
}

void printer_cancel(struct printer *p, uint32_t id) {
        (void) id;
        if (p->can_cancel) {
                /* the worker sends HOST_CANCEL itself: it is the only writer of host_fd */
                if (eventfd_write(p->wake_fd, 1) == 0)
                        return;
                log_warning_errno(-errno, "printer %s: cannot wake its worker, stopping the host", p->name);
        }
        /* the worker sees the host's end and the job's cancel flag */
        if (p->host_pid > 0)
                (void) kill(p->host_pid, SIGKILL);
}

static void finish(struct spooler *sp, struct job *j, uint32_t state, const char *status, const char *output) {
        pthread_mutex_lock(&sp->lock);
        j->state = state;
        snprintf(j->status, sizeof j->status, "%s", status);
        snprintf(j->output, sizeof j->output, "%s", output ? output : "");
        (void) store_save(sp, j); /* the record first: done is never printed again */
        store_remove_data(sp, j->id);
        jobs_prune(sp);
        pthread_mutex_unlock(&sp->lock);
}

static void print_one(struct printer *p, struct job *j) {
        struct spooler *sp = p->sp;
        char status[S0_SPOOL_TEXT_MAX], out_name[S0_SPOOL_TEXT_MAX], path[S0_SPOOL_PATH_MAX] = "";
        _cleanup_close_ int work = -1;
        int r;

        if (p->host_pid <= 0) {
                r = host_spawn(p);
                if (r < 0) {
                        log_error_errno(r, "printer %s: cannot start its driver host", p->name);
                        snprintf(status, sizeof status, "error: driver host did not start");
                        goto failed;
                }
        }
        r = host_run_job(p, j, status, sizeof status, out_name, sizeof out_name);
        if (r == 0 && out_name[0]) {
                char wname[16];
                (void) snprintf(wname, sizeof wname, "%08" PRIu32, j->id);
                work = openat(sp->work_fd, wname, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                r = work < 0 ? -errno : publish_output(sp, j, work, out_name, path, sizeof path);
                if (r < 0)
                        snprintf(status, sizeof status, "error: cannot deliver the output: %s", strerror(-r));
        }
        publish_work_dir_remove(sp, j->id);
        /* -ECANCELED: the driver stopped (ABI 1.1), its host lives on; -ECHILD: killed */
        if ((r == -ECHILD || r == -ECANCELED) && strcmp(status, "cancelled") == 0) {
                finish(sp, j, S0_JOB_CANCELLED, status, NULL);
                log_info("printer %s: job %" PRIu32 " cancelled while printing", p->name, j->id);
                if (r == -ECHILD) {
                        /* its host was killed: a new one now, as after a crash */
                        int q = host_spawn(p);
                        if (q < 0)
                                log_error_errno(q, "printer %s: cannot restart its driver host", p->name);
                }
                return;
        }
        if (r < 0)
                goto failed;
        finish(sp, j, S0_JOB_DONE, "printed", path);
        log_info("printer %s: job %" PRIu32 " done%s%s", p->name, j->id, path[0] ? ": " : "", path);
        if (path[0])
                notify_user(sp, j->session, "job %" PRIu32 " done: %s", j->id, path);
        else
                notify_user(sp, j->session, "job %" PRIu32 " (%s) printed on %s", j->id, j->document, p->name);
        return;
failed:
        finish(sp, j, S0_JOB_FAILED, status, NULL);
        log_warning("printer %s: job %" PRIu32 " failed: %s", p->name, j->id, status);
        notify_user(sp, j->session, "job %" PRIu32 " (%s) failed: %s", j->id, j->document, status);
        if (r == -ECHILD) {
                /* the host is gone: a new one now, so the printer is ready for the next job */
                int q = host_spawn(p);
                if (q < 0)
                        log_error_errno(q, "printer %s: cannot restart its driver host", p->name);
        }
}

static void *printer_thread(void *arg) {
        struct printer *p = arg;
        struct spooler *sp = p->sp;

        for (;;) {
                struct job *j = NULL;
                pthread_mutex_lock(&sp->lock);
                while (!sp->stopping && !(j = next_job(sp, p)))
                        pthread_cond_wait(&sp->work, &sp->lock);
                if (sp->stopping) {
                        pthread_mutex_unlock(&sp->lock);
                        break;
                }
                j->state = S0_JOB_PRINTING;
                j->status[0] = 0;
                (void) store_save(sp, j);
                pthread_mutex_unlock(&sp->lock);
                print_one(p, j);
        }
        host_stop(p);
        return NULL;
}

int printer_start(struct printer *p) {
        int r;
        p->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (p->wake_fd < 0)
                return log_error_errno(-errno, "printer %s: eventfd", p->name);
        r = host_spawn(p);
        if (r < 0)
                log_error_errno(r, "printer %s: driver host did not start (driver '%s'); will retry per job",
                                p->name, p->driver_path);
        return -pthread_create(&p->thread, NULL, printer_thread, p);
}
