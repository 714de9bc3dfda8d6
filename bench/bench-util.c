/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench-util.h"

double now_us(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double) ts.tv_sec * 1e6 + (double) ts.tv_nsec / 1e3;
}

int samples_add(struct samples *s, double v) {
        if (s->n == s->cap) {
                size_t cap = s->cap ? s->cap * 2 : 64;
                double *p = realloc(s->v, cap * sizeof *p);
                if (!p)
                        return -ENOMEM;
                s->v = p;
                s->cap = cap;
        }
        s->v[s->n++] = v;
        return 0;
}

void samples_clear(struct samples *s) { s->n = 0; }

void samples_free(struct samples *s) {
        free(s->v);
        *s = (struct samples){ 0 };
}

static int cmp_double(const void *a, const void *b) {
        double x = *(const double *) a, y = *(const double *) b;
        return x < y ? -1 : x > y;
}

double samples_quantile(const struct samples *s, double q) {
        double *sorted, r;
        size_t k;

        if (s->n == 0)
                return NAN;
        sorted = malloc(s->n * sizeof *sorted);
        if (!sorted)
                return NAN;
        memcpy(sorted, s->v, s->n * sizeof *sorted);
        qsort(sorted, s->n, sizeof *sorted, cmp_double);
        if (q == 0.5 && s->n % 2 == 0)
                r = (sorted[s->n / 2 - 1] + sorted[s->n / 2]) / 2; /* the usual median */
        else {
                /* nearest rank: the smallest value with at least q of the samples <= it */
                k = (size_t) ceil(q * (double) s->n);
                r = sorted[k > 0 ? k - 1 : 0];
        }
        free(sorted);
        return r;
}

int pin_to_cpu(int cpu) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        return sched_setaffinity(0, sizeof set, &set) < 0 ? -errno : 0;
}

int pid_single_cpu(pid_t pid) {
        cpu_set_t set;
        if (sched_getaffinity(pid, sizeof set, &set) < 0)
                return -errno;
        if (CPU_COUNT(&set) != 1)
                return -1;
        for (int i = 0; i < CPU_SETSIZE; i++)
                if (CPU_ISSET(i, &set))
                        return i;
        return -1;
}

int cpus_online(void) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        return n > 0 ? (int) n : 1;
}

/* Finds "key<spaces>N" in a small /proc file. */
static int proc_key_long(const char *path, const char *key, long *ret) {
        char line[512];
        size_t kl = strlen(key);
        FILE *f = fopen(path, "re");
        int r = -ENOENT;

        if (!f)
                return errno == ENOENT ? -ESRCH : -errno;
        while (fgets(line, sizeof line, f))
                if (strncmp(line, key, kl) == 0) {
                        char *end;
                        long v = strtol(line + kl, &end, 10);
                        r = end == line + kl ? -EBADMSG : 0;
                        if (r == 0)
                                *ret = v;
                        break;
                }
        fclose(f);
        return r;
}

int proc_status_kb(pid_t pid, const char *key, long *ret) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/status", (int) pid);
        return proc_key_long(path, key, ret);
}

int proc_meminfo_kb(const char *key, long *ret) { return proc_key_long("/proc/meminfo", key, ret); }

int proc_state(pid_t pid) {
        char path[64], buf[512], *p;
        FILE *f;
        int r = -EBADMSG;

        snprintf(path, sizeof path, "/proc/%d/stat", (int) pid);
        f = fopen(path, "re");
        if (!f)
                return errno == ENOENT ? -ESRCH : -errno;
        /* "pid (comm) S ...": comm may hold spaces and parentheses, the last ')' ends it */
        if (fgets(buf, sizeof buf, f) && (p = strrchr(buf, ')')) && p[1] == ' ' && p[2])
                r = (unsigned char) p[2];
        fclose(f);
        return r;
}

int proc_pss_kb(pid_t pid, long *ret) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/smaps_rollup", (int) pid);
        return proc_key_long(path, "Pss:", ret);
}

int proc_blocked_syscall(pid_t pid, long *ret) {
        char path[64], buf[256];
        FILE *f;
        int r = 0;

        snprintf(path, sizeof path, "/proc/%d/syscall", (int) pid);
        f = fopen(path, "re");
        if (!f)
                return errno == ENOENT ? -ESRCH : -errno;
        if (!fgets(buf, sizeof buf, f))
                r = -EBADMSG;
        fclose(f);
        if (r < 0)
                return r;
        if (strncmp(buf, "running", 7) == 0)
                return -EAGAIN;
        *ret = strtol(buf, NULL, 10);
        return 0;
}

int wait_blocked_in(pid_t pid, long nr, int timeout_ms) {
        double deadline = now_us() + timeout_ms * 1000.0;
        for (;;) {
                long cur = -1;
                int r = proc_blocked_syscall(pid, &cur);
                if (r == 0 && cur == nr)
                        return 0;
                if (r < 0 && r != -EAGAIN)
                        return r;
                if (now_us() > deadline)
                        return -ETIMEDOUT;
                sched_yield(); /* let it run, on our CPU too */
        }
}

/* ---- the table ------------------------------------------------------------------- */

struct row row_of(const char *figure, const char *placement, enum unit u, char key, const struct samples *ours,
                  const struct samples *raw, double target) {
        struct row r = {
                .placement = placement,
                .unit = u,
                .raw_key = key,
                .ours_med = samples_quantile(ours, 0.5),
                .ours_p90 = ours->n > 1 ? samples_quantile(ours, 0.9) : NAN,
                .raw_med = raw ? samples_quantile(raw, 0.5) : NAN,
                .raw_p90 = raw && raw->n > 1 ? samples_quantile(raw, 0.9) : NAN,
                .target = target,
        };
        snprintf(r.figure, sizeof r.figure, "%s", figure);
        return r;
}

int table_add(struct table *t, const struct row *r) {
        struct row *p = realloc(t->rows, (t->n_rows + 1) * sizeof *p);
        if (!p)
                return -ENOMEM;
        t->rows = p;
        t->rows[t->n_rows++] = *r;
        return 0;
}

void table_note(struct table *t, char key, const char *text) {
        if (t->n_notes < sizeof t->notes / sizeof t->notes[0]) {
                t->notes[t->n_notes].key = key;
                t->notes[t->n_notes].text = strdup(text);
                t->n_notes++;
        }
}

static const char *unit_name(enum unit u) {
        switch (u) {
        case UNIT_US:
                return "µs";
        case UNIT_MS:
                return "ms";
        case UNIT_KB:
                return "kB";
        case UNIT_NS:
                return "ns";
        case UNIT_RATIO:
                return "x";
        case UNIT_PER_S:
                return "/s";
        default:
                return "n";
        }
}

/* Three significant figures or so: 12345, 1234, 123, 12.3, 1.23. */
static void fmt(char *buf, size_t size, double v) {
        if (isnan(v))
                snprintf(buf, size, "-");
        else if (fabs(v) >= 100)
                snprintf(buf, size, "%.0f", v);
        else if (fabs(v) >= 10)
                snprintf(buf, size, "%.1f", v);
        else
                snprintf(buf, size, "%.2f", v);
}

/* Pads to width columns of the terminal, counting UTF-8 characters, not bytes. */
static void put_cell(const char *s, int width, bool right) {
        int chars = 0;
        for (const char *p = s; *p; p++)
                chars += ((unsigned char) *p & 0xC0) != 0x80;
        int pad = width > chars ? width - chars : 0;
        if (right)
                printf("%*s%s", pad, "", s);
        else
                printf("%s%*s", s, pad, "");
}

static void print_row(const struct row *r, const int *width) {
        char c[8][32];
        bool has_target = !isnan(r->target);
        double measured = r->target_is_ratio ? r->ours_med / r->raw_med : r->ours_med;
        bool pass = has_target && (r->target_is_min ? measured >= r->target : measured <= r->target);

        fmt(c[0], sizeof c[0], r->ours_med);
        fmt(c[1], sizeof c[1], r->ours_p90);
        fmt(c[2], sizeof c[2], r->raw_med);
        if (r->raw_key && !isnan(r->raw_med)) {
                size_t l = strlen(c[2]);
                snprintf(c[2] + l, sizeof c[2] - l, " (%c)", r->raw_key);
        }
        fmt(c[3], sizeof c[3], r->raw_p90);
        if (!isnan(r->raw_med) && r->raw_med > 0 && !isnan(r->ours_med))
                snprintf(c[4], sizeof c[4], "%.2fx", r->ours_med / r->raw_med);
        else
                snprintf(c[4], sizeof c[4], "-");
        if (has_target) {
                char t[24];
                if (r->target_is_ratio)
                        snprintf(t, sizeof t, "%.2fx", r->target);
                else
                        fmt(t, sizeof t, r->target);
                snprintf(c[5], sizeof c[5], "%s %s", r->target_is_min ? ">=" : "<=", t);
        } else
                snprintf(c[5], sizeof c[5], "-");
        snprintf(c[6], sizeof c[6], "%s", has_target ? (pass ? "PASS" : "MISS") : "");

        put_cell(r->figure, width[0], false);
        putchar(' ');
        put_cell(r->placement, width[1], false);
        putchar(' ');
        put_cell(unit_name(r->unit), width[2], false);
        putchar(' ');
        for (int k = 0; k < 6; k++) {
                put_cell(c[k], width[3 + k], true);
                putchar(' ');
        }
        put_cell(c[6], width[9], false);
        putchar('\n');
}

void table_print(const struct table *t) {
        static const char *const head[] = { "figure", "cpus", "unit", "ours med", "ours p90", "raw med",
                                            "raw p90", "ours/raw", "target", "" };
        static const int width[] = { 44, 6, 4, 10, 10, 12, 10, 9, 11, 5 };
        int total = 0;

        for (size_t i = 0; i < sizeof width / sizeof width[0]; i++)
                total += width[i] + 1;
        for (size_t i = 0; i < sizeof head / sizeof head[0]; i++) {
                put_cell(head[i], width[i], i >= 3 && i <= 8);
                putchar(' ');
        }
        putchar('\n');
        for (int i = 0; i < total - 1; i++)
                putchar('-');
        putchar('\n');
        bool *done = calloc(t->n_rows, sizeof *done);
        for (size_t i = 0; i < t->n_rows; i++) {
                if (done && done[i])
                        continue;
                for (size_t k = i; k < t->n_rows; k++)
                        if (k == i || (done && !done[k] && strcmp(t->rows[k].figure, t->rows[i].figure) == 0)) {
                                print_row(&t->rows[k], width);
                                if (done)
                                        done[k] = true;
                        }
        }
        free(done);
        putchar('\n');
        for (char key = 'a'; key <= 'z'; key++)
                for (size_t i = 0; i < t->n_notes; i++)
                        if (t->notes[i].key == key)
                                printf("(%c) %s\n", key, t->notes[i].text ? t->notes[i].text : "");
        fflush(stdout);
}

void table_free(struct table *t) {
        free(t->rows);
        for (size_t i = 0; i < t->n_notes; i++)
                free(t->notes[i].text);
        *t = (struct table){ 0 };
}

/* ---- rows handed over between programs ---------------------------------------------- */

int table_write(const struct table *t, FILE *f) {
        for (size_t i = 0; i < t->n_rows; i++) {
                const struct row *r = &t->rows[i];
                /* %a: the exact double, NAN included, and strtod() reads it back */
                fprintf(f, "row\t%s\t%s\t%d\t%c\t%a\t%a\t%a\t%a\t%a\t%d\t%d\n", r->figure, r->placement,
                        (int) r->unit, r->raw_key ? r->raw_key : '-', r->ours_med, r->ours_p90, r->raw_med,
                        r->raw_p90, r->target, r->target_is_min, r->target_is_ratio);
        }
        for (size_t i = 0; i < t->n_notes; i++)
                fprintf(f, "note\t%c\t%s\n", t->notes[i].key, t->notes[i].text ? t->notes[i].text : "");
        return fflush(f) == 0 && !ferror(f) ? 0 : -EIO;
}

/* Placements are compared by name when rows are grouped; keep them static. */
static const char *placement_name(const char *s) {
        static const char *const known[] = { "pinned", "split", "-" };
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
                if (strcmp(s, known[i]) == 0)
                        return known[i];
        return "?";
}

static int parse_row(char *line, struct row *r) {
        char *f[12], *save = NULL;
        size_t n = 0;

        for (char *tok = strtok_r(line, "\t", &save); tok && n < 12; tok = strtok_r(NULL, "\t", &save))
                f[n++] = tok;
        if (n != 12 || strlen(f[4]) != 1)
                return -EBADMSG;
        *r = (struct row){ 0 };
        snprintf(r->figure, sizeof r->figure, "%s", f[1]);
        r->placement = placement_name(f[2]);
        int unit = atoi(f[3]);
        if (unit < 0 || unit >= _UNIT_MAX)
                return -EBADMSG;
        r->unit = (enum unit) unit;
        r->raw_key = f[4][0] == '-' ? 0 : f[4][0];
        double *d[] = { &r->ours_med, &r->ours_p90, &r->raw_med, &r->raw_p90, &r->target };
        for (size_t k = 0; k < 5; k++) {
                char *end;
                *d[k] = strtod(f[5 + k], &end);
                if (end == f[5 + k] || *end)
                        return -EBADMSG;
        }
        r->target_is_min = f[10][0] == '1';
        r->target_is_ratio = f[11][0] == '1';
        return 0;
}

int table_read(struct table *t, const char *path) {
        char line[2048];
        FILE *f = fopen(path, "re");
        int r = 0;

        if (!f)
                return -errno;
        while (r == 0 && fgets(line, sizeof line, f)) {
                line[strcspn(line, "\n")] = 0;
                if (strncmp(line, "row\t", 4) == 0) {
                        struct row row;
                        r = parse_row(line, &row);
                        if (r == 0)
                                r = table_add(t, &row);
                } else if (strncmp(line, "note\t", 5) == 0 && line[5] && line[6] == '\t')
                        table_note(t, line[5], line + 7);
                else if (line[0])
                        r = -EBADMSG;
        }
        fclose(f);
        return r;
}
