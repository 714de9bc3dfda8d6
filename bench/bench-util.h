/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What every benchmark needs: a clock, sample statistics, CPU placement, /proc readers,
 * and the one results table `make bench` prints. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* CLOCK_MONOTONIC in microseconds. */
double now_us(void);

struct samples {
        double *v;
        size_t n, cap;
};
int samples_add(struct samples *s, double v);
void samples_clear(struct samples *s);
void samples_free(struct samples *s);
/* q in [0,1], nearest-rank on a sorted copy; NAN when empty. */
double samples_quantile(const struct samples *s, double q);

/* Moves the calling thread to one CPU. 0 or -errno. */
int pin_to_cpu(int cpu);
/* The single CPU pid is allowed on, -1 if several, -errno on error. */
int pid_single_cpu(pid_t pid);
int cpus_online(void);

/* A "Key:   N kB" line of /proc/PID/status, in kB. */
int proc_status_kb(pid_t pid, const char *key, long *ret);
/* A "Key:   N kB" line of /proc/meminfo, in kB. */
int proc_meminfo_kb(const char *key, long *ret);
/* The state letter of /proc/PID/stat ('R', 'S', 'D', 'Z', ...), or -errno. */
int proc_state(pid_t pid);
/* Pss from /proc/PID/smaps_rollup, in kB. */
int proc_pss_kb(pid_t pid, long *ret);
/* The syscall number pid is blocked in (first field of /proc/PID/syscall); -EAGAIN if
 * it is running. */
int proc_blocked_syscall(pid_t pid, long *ret);
/* Waits (yielding the CPU, bounded by timeout_ms) until pid is blocked in syscall nr:
 * e.g. a freshly exec'd idle process has reached its pause(). */
int wait_blocked_in(pid_t pid, long nr, int timeout_ms);

/* The results table. Times are in µs (ns for operations that take no system call),
 * memory in kB; NAN prints "-". UNIT_RATIO is a plain factor (e.g. last/first);
 * UNIT_PER_S a rate (higher is better: ours/raw below 1 is slower). */
enum unit { UNIT_US, UNIT_MS, UNIT_KB, UNIT_COUNT, UNIT_NS, UNIT_RATIO, UNIT_PER_S, _UNIT_MAX };
struct row {
        char figure[64];
        const char *placement; /* "pinned", "split" or "-" */
        enum unit unit;
        /* Footnote letter for the raw column, 0: none. The letters are one namespace for
         * every bench program whose rows end up in the one table (scripts/bench.sh):
         * sessions a b c d e f l o, objects g h i j k w z, pipes p, scm m n s,
         * windows u v x, drvhost t y, spooler (bench-spooler.sh) q r. */
        char raw_key;
        double ours_med, ours_p90, raw_med, raw_p90;
        double target;         /* NAN: no target */
        bool target_is_min;    /* target is a lower bound (counts) rather than upper */
        bool target_is_ratio;  /* target bounds ours/raw (e.g. <= 1.5x), not ours */
};
struct table {
        struct row *rows;
        size_t n_rows;
        struct {
                char key;
                char *text;
        } notes[32];
        size_t n_notes;
};
/* A row from samples: median and p90 of each (raw NULL: no raw column). */
struct row row_of(const char *figure, const char *placement, enum unit u, char key, const struct samples *ours,
                  const struct samples *raw, double target);
int table_add(struct table *t, const struct row *r);
void table_note(struct table *t, char key, const char *text);
/* Rows of the same figure are printed together, in order of first appearance. */
void table_print(const struct table *t);
void table_free(struct table *t);
/* Rows and notes as tab-separated lines, so that another benchmark program (one that
 * must run inside a session, bench-objects) can hand its rows to the one table:
 *   row <figure> <placement> <unit> <key|-> <ours med> <ours p90> <raw med> <raw p90> <target> <min> <ratio>
 *   note <key> <text> */
int table_write(const struct table *t, FILE *f);
/* Appends the rows and notes of a file table_write() made. -EBADMSG for a bad line. */
int table_read(struct table *t, const char *path);
