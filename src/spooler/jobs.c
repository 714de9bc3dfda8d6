/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The job list (by id) and printer lookup; callers hold sp->lock. */
#include <stdlib.h>
#include <strings.h>

#include "spooler.h"

struct job *jobs_find(struct spooler *sp, uint32_t id) {
        for (struct job *j = sp->jobs; j; j = j->next)
                if (j->id == id)
                        return j;
        return NULL;
}

void jobs_insert(struct spooler *sp, struct job *j) {
        struct job **pp = &sp->jobs;
        while (*pp && (*pp)->id < j->id)
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

size_t jobs_active(struct spooler *sp) {
        size_t n = 0;
        for (struct job *j = sp->jobs; j; j = j->next)
                n += !finished(j);
        return n;
}

void jobs_prune(struct spooler *sp) {
        size_t done = 0;
        for (struct job *j = sp->jobs; j; j = j->next)
                done += finished(j);
        /* the oldest finished jobs go first; the newest record always stays, so that job
         * ids keep growing across restarts */
        for (struct job **pp = &sp->jobs; *pp && done > SPOOLER_DONE_KEPT;) {
                struct job *j = *pp;
                if (finished(j) && j->next) {
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
