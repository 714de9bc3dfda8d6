/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The job list and printer lookup; callers hold sp->lock. The list is in queue order:
 * a printer's worker takes the first queued, unpaused job of its printer in it, and
 * EnumJobs lists it in that order. New jobs go last; SetJob's Priority and Position move
 * a queued job (jobs_requeue_by_priority, jobs_move). Each job's place is its `order`,
 * kept in its record, so the queue comes back in the same order after a restart.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <strings.h>

#include "shared/log.h"
#include "spooler.h"

struct job *jobs_find(struct spooler *sp, uint32_t id) {
        for (struct job *j = sp->jobs; j; j = j->next)
                if (j->id == id)
                        return j;
        return NULL;
}

void jobs_insert(struct spooler *sp, struct job *j) {
        struct job **pp = &sp->jobs;
        while (*pp && (*pp)->order < j->order)
                pp = &(*pp)->next;
        j->next = *pp;
        *pp = j;
}

void jobs_remove(struct spooler *sp, struct job *j) {
        for (struct job **pp = &sp->jobs; *pp; pp = &(*pp)->next)
                if (*pp == j) {
                        *pp = j->next;
                        return;
                }
}

static bool finished(const struct job *j) { return j->state >= S0_JOB_DONE; }

static bool queued_on(const struct job *j, const struct job *of) {
        return j != of && j->state == S0_JOB_QUEUED && strcasecmp(j->printer, of->printer) == 0;
}

static void insert_before(struct spooler *sp, struct job *j, struct job *before) {
        struct job **pp = &sp->jobs;
        while (*pp && *pp != before)
                pp = &(*pp)->next;
        j->next = *pp;
        *pp = j;
}

/* Gives every job its index as order. Indexes stay below next_order (orders are distinct
 * and all below it), so new jobs still go last. A record that fails to save keeps its
 * old order: after a restart that job may come back in its old place, nothing worse. */
static void renumber(struct spooler *sp) {
        uint64_t i = 0;
        for (struct job *j = sp->jobs; j; j = j->next, i++)
                if (j->order != i) {
                        j->order = i;
                        int r = store_save(sp, j);
                        if (r < 0)
                                log_warning_errno(r, "Cannot save the queue place of job %" PRIu32 ", ignoring", j->id);
                }
}

void jobs_requeue_by_priority(struct spooler *sp, struct job *j) {
        struct job *before = NULL;
        jobs_remove(sp, j);
        for (struct job *k = sp->jobs; k && !before; k = k->next)
                if (queued_on(k, j) && k->priority < j->priority)
                        before = k;
        insert_before(sp, j, before); /* NULL: last, behind every job of its priority */
        renumber(sp);
}

void jobs_move(struct spooler *sp, struct job *j, uint32_t position) {
        struct job *before = NULL;
        uint32_t place = 0;
        jobs_remove(sp, j);
        for (struct job *k = sp->jobs; k && !before; k = k->next)
                if (queued_on(k, j) && ++place == position)
                        before = k;
        insert_before(sp, j, before); /* past the end of the queue: last */
        renumber(sp);
}

size_t jobs_active(struct spooler *sp) {
        size_t n = 0;
        for (struct job *j = sp->jobs; j; j = j->next)
                n += !finished(j);
        return n;
}

void jobs_prune(struct spooler *sp) {
        size_t done = 0;
        uint32_t newest = 0;
        for (struct job *j = sp->jobs; j; j = j->next) {
                done += finished(j);
                newest = j->id > newest ? j->id : newest;
        }
        /* the first finished jobs in the list go first; the record with the highest id
         * always stays, so that job ids keep growing across restarts */
        for (struct job **pp = &sp->jobs; *pp && done > SPOOLER_DONE_KEPT;) {
                struct job *j = *pp;
                if (finished(j) && j->id != newest) {
                        *pp = j->next;
                        store_remove(sp, j->id);
                        free(j);
                        done--;
                } else
                        pp = &j->next;
        }
}

/* Printer names are case-insensitive, as on Windows. */
struct printer *printer_find(struct spooler *sp, const char *name) {
        for (size_t i = 0; i < sp->n_printers; i++)
                if (strcasecmp(sp->printers[i].name, name) == 0)
                        return &sp->printers[i];
        return NULL;
}
