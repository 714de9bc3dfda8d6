/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench-objects: the named-object figures of issue 4 (include/session0/objects.h), each
 * next to the raw Linux primitive it is built on, measured in the same run:
 *
 *   create / open of a named event       sem_open() of a named POSIX semaphore
 *   SetEvent, ResetEvent, Wait(0)        an atomic exchange on a shared int
 *   cross-process event ping-pong        a futex ping-pong over two shared ints
 *   WaitForMultipleObjects(64) wake      futex_waitv() on 64 shared words
 *   100,000 live named objects           100,000 live named POSIX semaphores
 *
 * The object API refuses a process outside any session, so scripts/bench.sh starts this
 * program inside a session of its test user (`s0ctl logon USER -- bench-objects ...`);
 * the processes it forks stay in that session. It writes its rows to stdout in the
 * form table_write() makes, and bench-sessions prints them in the one table; progress
 * and problems go to stderr. A missed target is reported, never an error.
 *
 * Placements of the cross-process figures: "pinned" puts both processes on CPU 0,
 * "split" the measuring one on CPU 0 and its partner on CPU 1; the raw baseline runs
 * between the same two processes, alternating with ours batch by batch.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <linux/futex.h>
#include <math.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <session0/objects.h>

#include "bench-util.h"
#include "shared/macro.h"
#include "shared/parse-util.h"

#define MAIN_CPU 0
#define SPLIT_CPU 1
#define CREATE_RATIO_TARGET 1.5
#define OPEN_RATIO_TARGET 1.5
#define OP_NS_TARGET 100.0
#define PINGPONG_RATIO_TARGET 1.2
#define SLOPE_TARGET 1.2          /* "flat": last 1k / first 1k, allowing for noise */
#define OPS_PER_BATCH 10000u      /* uncontended operations timed together */
#define OP_BATCHES 101u
#define PROBE_OPS 20000u          /* operations run under strace */
#define ROUND_TRIPS_PER_BATCH 100u
#define WAKE_EVENTS 64u
#define SLOPE_WINDOW 1000u        /* "the first 1k" and "the last 1k" */
#define FILL_BUDGET_S 20.0        /* per side (ours, raw): the whole run stays under 60 s */
#define PHASE_ALARM_S 60u         /* a partner that hangs kills us, not the bench */
#define ACCESS_SYNC_MODIFY (S0_SYNCHRONIZE | S0_EVENT_MODIFY_STATE)

struct bench {
        const char *runtime_dir;
        char objects_dir[PATH_MAX];
        struct s0_objctx *ctx;
        unsigned n_create, n_pingpong, n_wake, n_objects;
        bool split;
        struct table table;
};

static int fail(int r, const char *what) {
        fprintf(stderr, "bench-objects: %s: %s\n", what, strerror(-r));
        return r;
}

static int add_row(struct bench *b, struct row r) {
        int k = table_add(&b->table, &r);
        return k < 0 ? fail(k, "table") : 0;
}

static int add_ratio_row(struct bench *b, const char *figure, const char *placement, enum unit u, char key,
                         const struct samples *ours, const struct samples *raw, double ratio_target) {
        struct row r = row_of(figure, placement, u, key, ours, raw, ratio_target);
        r.target_is_ratio = !isnan(ratio_target);
        return add_row(b, r);
}

static int pin(int cpu) {
        int r = pin_to_cpu(cpu);
        return r < 0 ? fail(r, "sched_setaffinity") : 0;
}

static void *shared_alloc(size_t size) {
        void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        return p == MAP_FAILED ? NULL : p;
}

/* ---- futexes: the raw primitive, and the bench's own hand-shakes ------------------- */

/* Not FUTEX_PRIVATE_FLAG: the words are shared between processes. */
static long futex(uint32_t *w, int op, uint32_t val, const struct timespec *timeout) {
        return syscall(SYS_futex, w, op, val, timeout, NULL, 0);
}

/* An auto-reset event made of one word, as a program would write it with no library:
 * set = store 1 + FUTEX_WAKE, wait = take the 1 or FUTEX_WAIT while 0. */
static void raw_set(uint32_t *w) {
        __atomic_store_n(w, 1, __ATOMIC_RELEASE);
        (void) futex(w, FUTEX_WAKE, 1, NULL);
}

static void raw_wait(uint32_t *w) {
        while (__atomic_exchange_n(w, 0, __ATOMIC_ACQUIRE) == 0)
                (void) futex(w, FUTEX_WAIT, 0, NULL);
}

/* Counters the two sides of a measurement raise and wait for (outside the timed parts). */
static void flag_post(uint32_t *f, uint32_t v) {
        __atomic_store_n(f, v, __ATOMIC_RELEASE);
        (void) futex(f, FUTEX_WAKE, INT_MAX, NULL);
}

static int flag_wait(uint32_t *f, uint32_t v) {
        double deadline = now_us() + PHASE_ALARM_S * 1e6;
        for (;;) {
                uint32_t cur = __atomic_load_n(f, __ATOMIC_ACQUIRE);
                if (cur >= v)
                        return 0;
                if (now_us() > deadline)
                        return -ETIMEDOUT;
                struct timespec ts = { .tv_sec = 1 };
                (void) futex(f, FUTEX_WAIT, cur, &ts);
        }
}

/* Forks a partner process on cpu that runs fn and exits with 0 for success. The caller
 * must hold no object handle at this point: a handle is an open file description, and
 * the partner's copy would keep the object alive after the caller closed it. */
static int fork_partner(int cpu, int (*fn)(const struct bench *, void *), const struct bench *b, void *arg,
                        pid_t *ret_pid) {
        pid_t parent = getpid(), pid = fork();

        if (pid < 0)
                return fail(-errno, "fork");
        if (pid == 0) {
                if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
                        _exit(1);
                if (pin(cpu) < 0)
                        _exit(1);
                _exit(fn(b, arg) < 0 ? 1 : 0);
        }
        *ret_pid = pid;
        return 0;
}

static int reap(pid_t pid, const char *what) {
        int status;
        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return fail(-errno, "waitpid");
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                fprintf(stderr, "bench-objects: %s failed (status 0x%x)\n", what, (unsigned) status);
                return -EIO;
        }
        return 0;
}

static int new_ctx(const struct bench *b, struct s0_objctx **ret) {
        int r = s0_objctx_new(b->runtime_dir, ret);
        return r < 0 ? fail(r, "s0_objctx_new (is this process in a session?)") : 0;
}

static int event_create(struct s0_objctx *ctx, const char *name, bool manual, bool initial, struct s0_object **ret) {
        struct s0_obj_create_args a = { .type = S0_OBJ_EVENT, .name = name };
        a.event.manual_reset = manual;
        a.event.initial_state = initial;
        int r = s0_obj_create(ctx, &a, ret);
        if (r == S0_OBJ_EXISTED) {
                (void) s0_obj_close(*ret);
                return fail(-EEXIST, name);
        }
        return r < 0 ? fail(r, "s0_obj_create") : 0;
}

/* ---- create, open -------------------------------------------------------------------- */

static int create_once(struct bench *b, unsigned i, struct samples *ours, struct samples *raw) {
        char name[64], sname[64];
        struct s0_object *o;
        sem_t *s;
        int r;

        snprintf(name, sizeof name, "Local\\s0bench-c-%d-%u", (int) getpid(), i);
        snprintf(sname, sizeof sname, "/s0bench-c-%d-%u", (int) getpid(), i);
        double t0 = now_us();
        r = event_create(b->ctx, name, false, false, &o);
        if (r < 0)
                return r;
        r = s0_obj_close(o);
        double t1 = now_us();
        if (r < 0)
                return fail(r, "s0_obj_close");
        s = sem_open(sname, O_CREAT | O_EXCL, 0600, 0);
        if (s == SEM_FAILED)
                return fail(-errno, "sem_open(O_CREAT|O_EXCL)");
        (void) sem_close(s);
        if (sem_unlink(sname) < 0)
                return fail(-errno, "sem_unlink");
        double t2 = now_us();
        if (ours && (samples_add(ours, t1 - t0) < 0 || samples_add(raw, t2 - t1) < 0))
                return -ENOMEM;
        return 0;
}

static int bench_create(struct bench *b) {
        struct samples ours = { 0 }, raw = { 0 };
        int r = 0;

        fprintf(stderr, "bench: create named event, %u iterations\n", b->n_create);
        for (unsigned i = 0; r == 0 && i < b->n_create + 100; i++)
                r = create_once(b, i, i < 100 ? NULL : &ours, &raw);
        if (r == 0)
                r = add_ratio_row(b, "create named event (+ close)", "-", UNIT_US, 'g', &ours, &raw,
                                  CREATE_RATIO_TARGET);
        samples_free(&ours);
        samples_free(&raw);
        return r;
}

struct holder_shm {
        uint32_t ready, done;
        char name[64], sname[64];
};

/* The "someone else" who holds the event and the semaphore open while we open them. */
static int open_holder(const struct bench *b, void *arg) {
        struct holder_shm *sh = arg;
        struct s0_objctx *ctx;
        struct s0_object *o;
        sem_t *s;
        int r = new_ctx(b, &ctx);

        if (r < 0)
                return r;
        r = event_create(ctx, sh->name, false, false, &o);
        if (r < 0)
                return r;
        s = sem_open(sh->sname, O_CREAT | O_EXCL, 0600, 0);
        if (s == SEM_FAILED)
                return fail(-errno, "sem_open(O_CREAT|O_EXCL)");
        flag_post(&sh->ready, 1);
        r = flag_wait(&sh->done, 1);
        (void) sem_close(s);
        (void) sem_unlink(sh->sname);
        (void) s0_obj_close(o);
        s0_objctx_free(ctx);
        return r;
}

static int open_once(struct bench *b, const struct holder_shm *sh, struct samples *ours, struct samples *raw) {
        struct s0_object *o;
        sem_t *s;
        int r;

        double t0 = now_us();
        r = s0_obj_open(b->ctx, S0_OBJ_EVENT, sh->name, ACCESS_SYNC_MODIFY, &o);
        if (r < 0)
                return fail(r, "s0_obj_open");
        r = s0_obj_close(o);
        double t1 = now_us();
        if (r < 0)
                return fail(r, "s0_obj_close");
        s = sem_open(sh->sname, 0);
        if (s == SEM_FAILED)
                return fail(-errno, "sem_open");
        (void) sem_close(s);
        double t2 = now_us();
        if (ours && (samples_add(ours, t1 - t0) < 0 || samples_add(raw, t2 - t1) < 0))
                return -ENOMEM;
        return 0;
}

static int bench_open(struct bench *b) {
        struct samples ours = { 0 }, raw = { 0 };
        struct holder_shm *sh = shared_alloc(sizeof *sh);
        pid_t pid;
        int r;

        if (!sh)
                return fail(-errno, "mmap");
        fprintf(stderr, "bench: open + close of a named event held by another process, %u iterations\n",
                b->n_create);
        snprintf(sh->name, sizeof sh->name, "Local\\s0bench-o-%d", (int) getpid());
        snprintf(sh->sname, sizeof sh->sname, "/s0bench-o-%d", (int) getpid());
        r = fork_partner(MAIN_CPU, open_holder, b, sh, &pid);
        if (r < 0)
                goto out;
        r = flag_wait(&sh->ready, 1);
        for (unsigned i = 0; r == 0 && i < b->n_create + 100; i++)
                r = open_once(b, sh, i < 100 ? NULL : &ours, &raw);
        flag_post(&sh->done, 1);
        int k = reap(pid, "the holder process");
        if (r == 0)
                r = k;
        if (r == 0)
                r = add_ratio_row(b, "open + close existing named event", "-", UNIT_US, 'g', &ours, &raw,
                                  OPEN_RATIO_TARGET);
out:
        samples_free(&ours);
        samples_free(&raw);
        (void) munmap(sh, sizeof *sh);
        return r;
}

/* ---- uncontended operations ------------------------------------------------------------ */

enum op { OP_SET, OP_RESET, OP_SETRESET, OP_WAIT0, OP_XCHG, _OP_MAX };
static const char *const op_names[_OP_MAX] = { "set", "reset", "setreset", "wait0", "xchg" };
/* Calls per loop iteration: set+reset is two. */
static const unsigned op_calls[_OP_MAX] = { 1, 1, 2, 1, 1 };

/* n iterations of op on e (OP_XCHG: on *w); the result of the last call. */
static int run_op(enum op op, struct s0_object *e, uint32_t *w, unsigned n) {
        uint32_t idx;
        bool abandoned;
        int r = 0;

        switch (op) {
        case OP_SET:
                for (unsigned i = 0; i < n; i++)
                        r |= s0_event_set(e);
                break;
        case OP_RESET:
                for (unsigned i = 0; i < n; i++)
                        r |= s0_event_reset(e);
                break;
        case OP_SETRESET:
                for (unsigned i = 0; i < n; i++)
                        r |= s0_event_set(e) | s0_event_reset(e);
                (void) s0_event_set(e); /* leave it signaled for OP_WAIT0 */
                break;
        case OP_WAIT0:
                for (unsigned i = 0; i < n; i++)
                        r |= s0_obj_wait(&e, 1, false, 0, &idx, &abandoned);
                break;
        case OP_XCHG:
                for (unsigned i = 0; i < n; i++)
                        (void) __atomic_exchange_n(w, i & 1, __ATOMIC_SEQ_CST);
                break;
        default:
                return -EINVAL;
        }
        return r < 0 ? -EIO : 0;
}

/* --probe OP N: what runs under strace. getppid() marks the start and end of the loop
 * in the trace (nothing in the library calls it). */
static int run_probe(const struct bench *b, const char *opname, unsigned n) {
        struct s0_objctx *ctx;
        struct s0_object *e;
        uint32_t *w = shared_alloc(sizeof *w);
        char name[64];
        int op = -1, r;

        for (int i = 0; i < _OP_MAX; i++)
                if (strcmp(opname, op_names[i]) == 0)
                        op = i;
        if (op < 0 || !w)
                return -EINVAL;
        r = new_ctx(b, &ctx);
        if (r < 0)
                return r;
        snprintf(name, sizeof name, "Local\\s0bench-p-%d", (int) getpid());
        r = event_create(ctx, name, true, true, &e);
        if (r < 0)
                return r;
        (void) run_op(op, e, w, 100); /* first touches outside the window */
        (void) syscall(SYS_getppid);
        r = run_op(op, e, w, n);
        (void) syscall(SYS_getppid);
        (void) s0_obj_close(e);
        s0_objctx_free(ctx);
        return r;
}

/* Lines of an strace -f log that start a system call between the two getppid() markers. */
static int count_between_markers(const char *path, long *ret) {
        char line[4096];
        int markers = 0;
        long n = 0;
        FILE *f = fopen(path, "re");

        if (!f)
                return -errno;
        while (markers < 2 && fgets(line, sizeof line, f)) {
                const char *p = line, *q;
                while (*p >= '0' && *p <= '9')
                        p++;
                while (*p == ' ')
                        p++;
                for (q = p; (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '_'; q++)
                        ;
                if (q == p || *q != '(') /* "<... resumed>", "--- SIG", "+++ exited" */
                        continue;
                if (strncmp(p, "getppid(", 8) == 0)
                        markers++;
                else if (markers == 1)
                        n++;
        }
        fclose(f);
        if (markers != 2)
                return -EBADMSG;
        *ret = n;
        return 0;
}

static const char *strace_path(void) {
        static const char *const paths[] = { "/usr/bin/strace", "/bin/strace", "/usr/local/bin/strace" };
        for (size_t i = 0; i < ELEMENTSOF(paths); i++)
                if (access(paths[i], X_OK) == 0)
                        return paths[i];
        return NULL;
}

/* System calls per call of op, counted by strace; NAN if strace is missing or cannot
 * trace here (no ptrace in this container, say). */
static double syscalls_per_call(const struct bench *b, enum op op) {
        const char *strace = strace_path();
        char log[] = "/tmp/s0bench-strace.XXXXXX", self[PATH_MAX], count[16];
        ssize_t l = readlink("/proc/self/exe", self, sizeof self - 1);
        long calls = 0;
        pid_t pid;
        int fd, r;

        if (!strace || l <= 0)
                return NAN;
        self[l] = 0;
        fd = mkstemp(log);
        if (fd < 0)
                return NAN;
        safe_close(fd);
        snprintf(count, sizeof count, "%u", PROBE_OPS);
        char *argv[] = { (char *) strace, (char *) "-f", (char *) "-qq", (char *) "-o", log, self,
                         (char *) "--runtime-dir", (char *) b->runtime_dir, (char *) "--probe",
                         (char *) op_names[op], (char *) "--probe-count", count, NULL };
        pid = fork();
        if (pid == 0) {
                int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
                if (null >= 0)
                        (void) dup2(null, STDOUT_FILENO); /* the probe prints nothing; strace's own noise goes */
                execv(strace, argv);
                _exit(127);
        }
        r = pid < 0 ? -errno : reap(pid, "strace");
        if (r == 0)
                r = count_between_markers(log, &calls);
        (void) unlink(log);
        if (r < 0) {
                fprintf(stderr, "bench-objects: counting system calls of '%s' with strace failed, ignoring\n",
                        op_names[op]);
                return NAN;
        }
        return (double) calls / ((double) PROBE_OPS * op_calls[op]);
}

static double batch_ns(enum op op, struct s0_object *e, uint32_t *w, int *r) {
        double t0 = now_us();
        *r = run_op(op, e, w, OPS_PER_BATCH);
        return (now_us() - t0) * 1000.0 / ((double) OPS_PER_BATCH * op_calls[op]);
}

/* figure: the op's name (the syscall row is "<figure>: syscalls per call"); what: the
 * case, appended to the timing row only (the table's figure column is narrow). */
static int bench_op(struct bench *b, struct s0_object *e, uint32_t *w, enum op op, const char *figure,
                    const char *what, double raw_syscalls) {
        struct samples ours = { 0 }, raw = { 0 }, sc = { 0 }, sc_raw = { 0 };
        char f[64];
        int r = 0;

        for (unsigned i = 0; r == 0 && i < OP_BATCHES + 1; i++) {
                double ns = batch_ns(op, e, w, &r), ns_raw = batch_ns(OP_XCHG, e, w, &r);
                if (r == 0 && i > 0 && (samples_add(&ours, ns) < 0 || samples_add(&raw, ns_raw) < 0))
                        r = -ENOMEM;
        }
        if (r < 0)
                return fail(r, op_names[op]);
        snprintf(f, sizeof f, "%s, %s", figure, what);
        r = add_row(b, row_of(f, "-", UNIT_NS, 'h', &ours, &raw, OP_NS_TARGET));
        double calls = syscalls_per_call(b, op);
        if (r == 0)
                r = samples_add(&sc, calls);
        if (r == 0)
                r = samples_add(&sc_raw, raw_syscalls);
        if (r == 0) {
                snprintf(f, sizeof f, "%s: syscalls per call", figure);
                r = add_row(b, row_of(f, "-", UNIT_COUNT, 'h', &sc, &sc_raw, isnan(calls) ? NAN : 0));
        }
        samples_free(&ours);
        samples_free(&raw);
        samples_free(&sc);
        samples_free(&sc_raw);
        return r;
}

static int bench_ops(struct bench *b) {
        struct s0_object *e = NULL;
        uint32_t *w = shared_alloc(sizeof *w);
        char name[64];
        int r;

        if (!w)
                return fail(-errno, "mmap");
        fprintf(stderr, "bench: SetEvent, ResetEvent, WaitForSingleObject(0), %u x %u calls each\n", OP_BATCHES,
                OPS_PER_BATCH);
        snprintf(name, sizeof name, "Local\\s0bench-ops-%d", (int) getpid());
        double raw_calls = syscalls_per_call(b, OP_XCHG);
        r = event_create(b->ctx, name, true, true, &e);
        if (r == 0)
                r = bench_op(b, e, w, OP_SET, "SetEvent", "signaled manual-reset", raw_calls);
        if (r == 0)
                r = bench_op(b, e, w, OP_RESET, "ResetEvent", "non-signaled", raw_calls);
        if (r == 0)
                r = bench_op(b, e, w, OP_SETRESET, "Set+ResetEvent", "alternating, per call", raw_calls);
        if (r == 0)
                r = bench_op(b, e, w, OP_WAIT0, "WaitForSingleObject(0)", "signaled", raw_calls);
        if (e)
                (void) s0_obj_close(e);
        (void) munmap(w, sizeof *w);
        return r;
}

/* ---- cross-process ping-pong ---------------------------------------------------------- */

struct pp_shm {
        uint32_t w1 __attribute__((aligned(64))); /* A -> B */
        uint32_t w2 __attribute__((aligned(64))); /* B -> A */
        uint32_t ready __attribute__((aligned(64)));
        uint32_t opened;
        unsigned batches;
        char name1[64], name2[64];
};

/* Batches alternate, raw first: both sides follow the same schedule. */
static bool batch_is_raw(unsigned i) { return i % 2 == 0; }

static int pingpong_partner(const struct bench *b, void *arg) {
        struct pp_shm *sh = arg;
        struct s0_objctx *ctx;
        struct s0_object *e1 = NULL, *e2 = NULL;
        uint32_t idx;
        bool ab;
        int r = new_ctx(b, &ctx);

        if (r == 0)
                r = flag_wait(&sh->ready, 1);
        if (r == 0)
                r = s0_obj_open(ctx, S0_OBJ_EVENT, sh->name1, ACCESS_SYNC_MODIFY, &e1);
        if (r == 0)
                r = s0_obj_open(ctx, S0_OBJ_EVENT, sh->name2, ACCESS_SYNC_MODIFY, &e2);
        if (r < 0)
                return fail(r, "partner: opening the events");
        flag_post(&sh->opened, 1);
        for (unsigned i = 0; r == 0 && i < sh->batches; i++)
                for (unsigned k = 0; r == 0 && k < ROUND_TRIPS_PER_BATCH; k++) {
                        if (batch_is_raw(i)) {
                                raw_wait(&sh->w1);
                                raw_set(&sh->w2);
                        } else {
                                r = s0_obj_wait(&e1, 1, false, S0_INFINITE, &idx, &ab);
                                if (r == 0)
                                        r = s0_event_set(e2);
                        }
                }
        (void) s0_obj_close(e1);
        (void) s0_obj_close(e2);
        s0_objctx_free(ctx);
        return r < 0 ? fail(r, "partner: ping-pong") : 0;
}

static int pingpong_batch(struct pp_shm *sh, struct s0_object *e1, struct s0_object *e2, bool raw,
                          struct samples *out) {
        uint32_t idx;
        bool ab;
        int r = 0;

        for (unsigned k = 0; r == 0 && k < ROUND_TRIPS_PER_BATCH; k++) {
                double t0 = now_us();
                if (raw) {
                        raw_set(&sh->w1);
                        raw_wait(&sh->w2);
                } else {
                        r = s0_event_set(e1);
                        if (r == 0)
                                r = s0_obj_wait(&e2, 1, false, S0_INFINITE, &idx, &ab);
                }
                double t1 = now_us();
                if (r == 0 && out)
                        r = samples_add(out, t1 - t0);
        }
        return r;
}

static int bench_pingpong(struct bench *b, const char *placement, int partner_cpu) {
        struct samples ours = { 0 }, raw = { 0 };
        struct pp_shm *sh = shared_alloc(sizeof *sh);
        struct s0_object *e1 = NULL, *e2 = NULL;
        pid_t pid;
        int r;

        if (!sh)
                return fail(-errno, "mmap");
        fprintf(stderr, "bench: cross-process event ping-pong, %u round trips (%s)\n", b->n_pingpong, placement);
        sh->batches = 2 * (b->n_pingpong / ROUND_TRIPS_PER_BATCH + 1); /* + one warm-up pair */
        snprintf(sh->name1, sizeof sh->name1, "Local\\s0bench-pp1-%d", (int) getpid());
        snprintf(sh->name2, sizeof sh->name2, "Local\\s0bench-pp2-%d", (int) getpid());
        r = fork_partner(partner_cpu, pingpong_partner, b, sh, &pid);
        if (r < 0)
                goto out;
        alarm(PHASE_ALARM_S);
        r = event_create(b->ctx, sh->name1, false, false, &e1);
        if (r == 0)
                r = event_create(b->ctx, sh->name2, false, false, &e2);
        flag_post(&sh->ready, r == 0 ? 1 : UINT32_MAX); /* on failure the partner's open fails */
        if (r == 0)
                r = flag_wait(&sh->opened, 1);
        for (unsigned i = 0; r == 0 && i < sh->batches; i++) {
                bool is_raw = batch_is_raw(i);
                r = pingpong_batch(sh, e1, e2, is_raw, i < 2 ? NULL : is_raw ? &raw : &ours);
        }
        if (r < 0) {
                fail(r, "ping-pong");
                (void) kill(pid, SIGKILL);
        }
        int k = reap(pid, "the ping-pong partner");
        alarm(0);
        if (r == 0)
                r = k;
        if (r == 0)
                r = add_ratio_row(b, "event ping-pong round trip (2 processes)", placement, UNIT_US, 'i', &ours, &raw,
                                  PINGPONG_RATIO_TARGET);
out:
        if (e1)
                (void) s0_obj_close(e1);
        if (e2)
                (void) s0_obj_close(e2);
        samples_free(&ours);
        samples_free(&raw);
        (void) munmap(sh, sizeof *sh);
        return r;
}

/* ---- WaitForMultipleObjects(64) wake latency ---------------------------------------------- */

struct wake_shm {
        uint32_t words[WAKE_EVENTS] __attribute__((aligned(64)));
        uint32_t ready __attribute__((aligned(64)));
        uint32_t opened, armed, done, bad_index;
        double woke_at;
        unsigned iterations;
        char prefix[48];
};

static int raw_wait_any(uint32_t *words, unsigned n, unsigned *ret_index) {
        struct futex_waitv wv[WAKE_EVENTS];

        for (unsigned k = 0; k < n; k++)
                wv[k] = (struct futex_waitv){ .val = 0, .uaddr = (uintptr_t) &words[k], .flags = FUTEX_32 } /* shared: no FUTEX_PRIVATE_FLAG */;
        for (;;) {
                for (unsigned k = 0; k < n; k++)
                        if (__atomic_exchange_n(&words[k], 0, __ATOMIC_ACQUIRE)) {
                                *ret_index = k;
                                return 0;
                        }
                if (syscall(SYS_futex_waitv, wv, n, 0, NULL, CLOCK_MONOTONIC) < 0 && errno != EAGAIN &&
                    errno != EINTR)
                        return -errno;
        }
}

static int wake_partner(const struct bench *b, void *arg) {
        struct wake_shm *sh = arg;
        struct s0_objctx *ctx;
        struct s0_object *e[WAKE_EVENTS] = { 0 };
        char name[64];
        int r = new_ctx(b, &ctx);

        if (r == 0)
                r = flag_wait(&sh->ready, 1);
        for (unsigned k = 0; r == 0 && k < WAKE_EVENTS; k++) {
                snprintf(name, sizeof name, "%s%u", sh->prefix, k);
                r = s0_obj_open(ctx, S0_OBJ_EVENT, name, ACCESS_SYNC_MODIFY, &e[k]);
        }
        if (r < 0)
                return fail(r, "partner: opening the events");
        flag_post(&sh->opened, 1);
        for (unsigned i = 0; r == 0 && i < sh->iterations; i++) {
                unsigned idx = 0;
                bool ab;
                __atomic_store_n(&sh->armed, i + 1, __ATOMIC_RELEASE);
                if (batch_is_raw(i / ROUND_TRIPS_PER_BATCH))
                        r = raw_wait_any(sh->words, WAKE_EVENTS, &idx);
                else {
                        uint32_t idx32 = 0;
                        r = s0_obj_wait(e, WAKE_EVENTS, false, S0_INFINITE, &idx32, &ab);
                        idx = idx32;
                }
                sh->woke_at = now_us();
                if (idx != WAKE_EVENTS - 1)
                        sh->bad_index = 1;
                flag_post(&sh->done, i + 1);
        }
        for (unsigned k = 0; k < WAKE_EVENTS; k++)
                (void) s0_obj_close(e[k]);
        s0_objctx_free(ctx);
        return r < 0 ? fail(r, "partner: wait") : 0;
}

/* The partner has announced iteration i and is asleep (in its wait, not on the way). */
static int wait_partner_asleep(struct wake_shm *sh, pid_t pid, uint32_t i) {
        double deadline = now_us() + PHASE_ALARM_S * 1e6;
        for (;;) {
                if (__atomic_load_n(&sh->armed, __ATOMIC_ACQUIRE) >= i) {
                        int st = proc_state(pid);
                        if (st < 0)
                                return st;
                        if (st == 'S')
                                return 0;
                }
                if (now_us() > deadline)
                        return -ETIMEDOUT;
                sched_yield(); /* pinned: the partner needs our CPU to get there */
        }
}

static int bench_wake(struct bench *b, const char *placement, int partner_cpu) {
        struct samples ours = { 0 }, raw = { 0 };
        struct wake_shm *sh = shared_alloc(sizeof *sh);
        struct s0_object *e[WAKE_EVENTS] = { 0 };
        char name[64];
        pid_t pid;
        int r;

        if (!sh)
                return fail(-errno, "mmap");
        fprintf(stderr, "bench: WaitForMultipleObjects(64) wake latency, %u wakes (%s)\n", b->n_wake, placement);
        /* alternating batches, one warm-up pair first */
        sh->iterations = 2 * ROUND_TRIPS_PER_BATCH * (b->n_wake / ROUND_TRIPS_PER_BATCH + 1);
        snprintf(sh->prefix, sizeof sh->prefix, "Local\\s0bench-w-%d-", (int) getpid());
        r = fork_partner(partner_cpu, wake_partner, b, sh, &pid);
        if (r < 0)
                goto out;
        alarm(PHASE_ALARM_S);
        for (unsigned k = 0; r == 0 && k < WAKE_EVENTS; k++) {
                snprintf(name, sizeof name, "%s%u", sh->prefix, k);
                r = event_create(b->ctx, name, false, false, &e[k]);
        }
        flag_post(&sh->ready, r == 0 ? 1 : UINT32_MAX);
        if (r == 0)
                r = flag_wait(&sh->opened, 1);
        for (unsigned i = 0; r == 0 && i < sh->iterations; i++) {
                unsigned batch = i / ROUND_TRIPS_PER_BATCH;
                bool is_raw = batch_is_raw(batch);
                r = wait_partner_asleep(sh, pid, i + 1);
                if (r < 0)
                        break;
                double t0 = now_us();
                if (is_raw)
                        raw_set(&sh->words[WAKE_EVENTS - 1]);
                else
                        r = s0_event_set(e[WAKE_EVENTS - 1]);
                if (r == 0)
                        r = flag_wait(&sh->done, i + 1);
                if (r == 0 && batch >= 2)
                        r = samples_add(is_raw ? &raw : &ours, sh->woke_at - t0);
        }
        if (r < 0) {
                fail(r, "wake latency");
                (void) kill(pid, SIGKILL);
        }
        int k = reap(pid, "the waiting partner");
        alarm(0);
        if (r == 0)
                r = k;
        if (r == 0 && sh->bad_index) {
                fprintf(stderr, "bench-objects: the wait-any returned another index than the set one\n");
                r = -EIO;
        }
        if (r == 0)
                r = add_ratio_row(b, "WaitForMultipleObjects(64, any): set -> wake", placement, UNIT_US, 'j', &ours,
                                  &raw, NAN);
out:
        for (unsigned k2 = 0; k2 < WAKE_EVENTS; k2++)
                if (e[k2])
                        (void) s0_obj_close(e[k2]);
        samples_free(&ours);
        samples_free(&raw);
        (void) munmap(sh, sizeof *sh);
        return r;
}

/* ---- 100,000 live named objects ---------------------------------------------------------- */

/* Holders fill the namespace one after the other, each as many objects as its
 * descriptor and mapping limits allow, and keep them open until released. */
#define HOLDERS_MAX 64u

struct fill_shm {
        bool raw;
        unsigned n, per_holder;
        double deadline;
        uint32_t paused, resume, filled, release, stopped_early;
        unsigned made;                         /* objects created so far, in name order */
        long rss_before[HOLDERS_MAX], rss_after[HOLDERS_MAX], anon_before[HOLDERS_MAX], anon_after[HOLDERS_MAX];
        unsigned count[HOLDERS_MAX];
        double create_us[];                    /* per object, in name order */
};

static void fill_name(const struct fill_shm *sh, unsigned i, char *buf, size_t size) {
        if (sh->raw)
                snprintf(buf, size, "/s0bench-n-%06u", i);
        else
                snprintf(buf, size, "Local\\s0bench-n-%06u", i);
}

static int fill_create(struct s0_objctx *ctx, const struct fill_shm *sh, unsigned i, void **ret) {
        char name[64];
        fill_name(sh, i, name, sizeof name);
        if (sh->raw) {
                sem_t *s = sem_open(name, O_CREAT | O_EXCL, 0600, 0);
                if (s == SEM_FAILED)
                        return fail(-errno, "sem_open(O_CREAT|O_EXCL)");
                *ret = s;
                return 0;
        }
        return event_create(ctx, name, false, false, (struct s0_object **) ret);
}

static void fill_close(const struct fill_shm *sh, void *h) {
        if (sh->raw)
                (void) sem_close(h);
        else
                (void) s0_obj_close(h);
}

struct holder_arg {
        struct fill_shm *sh;
        unsigned h;
};

static int fill_holder(const struct bench *b, void *arg) {
        const struct holder_arg *ha = arg;
        struct fill_shm *sh = ha->sh;
        unsigned lo = ha->h * sh->per_holder, hi = lo + sh->per_holder, made = 0;
        struct s0_objctx *ctx = NULL;
        void **handles;
        long rss0 = 0, rss1 = 0, anon0 = 0, anon1 = 0;
        int r = 0;

        if (hi > sh->n)
                hi = sh->n;
        handles = calloc(hi - lo, sizeof *handles);
        if (!handles)
                return -ENOMEM;
        if (!sh->raw)
                r = new_ctx(b, &ctx);
        if (r == 0)
                r = proc_status_kb(getpid(), "VmRSS:", &rss0);
        if (r == 0)
                r = proc_status_kb(getpid(), "RssAnon:", &anon0);
        for (unsigned i = lo; r == 0 && i < hi; i++) {
                if (now_us() > sh->deadline) {
                        sh->stopped_early = 1;
                        break;
                }
                double t0 = now_us();
                r = fill_create(ctx, sh, i, &handles[i - lo]);
                sh->create_us[i] = now_us() - t0;
                if (r < 0)
                        break;
                made++;
                sh->made = i + 1;
                if (i + 1 == SLOPE_WINDOW) { /* the first 1k: let the parent time opening them */
                        flag_post(&sh->paused, 1);
                        r = flag_wait(&sh->resume, 1);
                }
        }
        if (ha->h == 0 && !sh->paused)
                flag_post(&sh->paused, 1); /* stopped before 1k: do not leave the parent waiting */
        if (r == 0)
                r = proc_status_kb(getpid(), "VmRSS:", &rss1);
        if (r == 0)
                r = proc_status_kb(getpid(), "RssAnon:", &anon1);
        sh->rss_before[ha->h] = rss0;
        sh->rss_after[ha->h] = rss1;
        sh->anon_before[ha->h] = anon0;
        sh->anon_after[ha->h] = anon1;
        sh->count[ha->h] = made;
        flag_post(&sh->filled, r == 0 ? ha->h + 1 : UINT32_MAX);
        if (r == 0)
                r = flag_wait(&sh->release, 1);
        for (unsigned i = 0; i < made; i++)
                fill_close(sh, handles[i]);
        free(handles);
        if (ctx)
                s0_objctx_free(ctx);
        return r;
}

/* Opens and closes names [lo, hi) once each, timing each pair. */
static int fill_open_range(struct bench *b, const struct fill_shm *sh, unsigned lo, unsigned hi,
                           struct samples *out) {
        char name[64];
        for (unsigned i = lo; i < hi; i++) {
                fill_name(sh, i, name, sizeof name);
                double t0 = now_us();
                if (sh->raw) {
                        sem_t *s = sem_open(name, 0);
                        if (s == SEM_FAILED)
                                return fail(-errno, "sem_open");
                        (void) sem_close(s);
                } else {
                        struct s0_object *o;
                        int r = s0_obj_open(b->ctx, S0_OBJ_EVENT, name, ACCESS_SYNC_MODIFY, &o);
                        if (r < 0)
                                return fail(r, "s0_obj_open");
                        (void) s0_obj_close(o);
                }
                if (samples_add(out, now_us() - t0) < 0)
                        return -ENOMEM;
        }
        return 0;
}

struct mem_snapshot {
        double fs_kb, shmem_kb, slab_kb;
};

static int mem_snapshot(const char *dir, struct mem_snapshot *ret) {
        struct statvfs sv;
        long shmem, srec, sunrec;
        int r;

        if (statvfs(dir, &sv) < 0)
                return fail(-errno, dir);
        r = proc_meminfo_kb("Shmem:", &shmem);
        if (r == 0)
                r = proc_meminfo_kb("SReclaimable:", &srec);
        if (r == 0)
                r = proc_meminfo_kb("SUnreclaim:", &sunrec);
        if (r < 0)
                return fail(r, "/proc/meminfo");
        ret->fs_kb = (double) (sv.f_blocks - sv.f_bfree) * (double) sv.f_frsize / 1024.0;
        ret->shmem_kb = (double) shmem;
        ret->slab_kb = (double) (srec + sunrec);
        return 0;
}

struct fill_result {
        struct samples create_first, create_last, open_first, open_last;
        double fs_kb, shmem_kb, slab_kb, rss_kb, anon_kb; /* per object / per handle */
        unsigned made;
        int fds_each, maps_each;
        bool stopped_early;
};

static void fill_result_free(struct fill_result *f) {
        samples_free(&f->create_first);
        samples_free(&f->create_last);
        samples_free(&f->open_first);
        samples_free(&f->open_last);
}

/* Lines of a /proc/self file or entries of a /proc/self directory: descriptors, mappings. */
static int count_fds(void) {
        DIR *d = opendir("/proc/self/fd");
        int n = 0;
        if (!d)
                return -errno;
        while (readdir(d))
                n++;
        closedir(d);
        return n;
}

static int count_maps(void) {
        char line[512];
        FILE *f = fopen("/proc/self/maps", "re");
        int n = 0;
        if (!f)
                return -errno;
        while (fgets(line, sizeof line, f))
                n += strchr(line, '\n') != NULL;
        fclose(f);
        return n;
}

/* What one idle handle costs a process in descriptors and mappings: one handle made
 * and counted in this process (the raw one: a semaphore held by sem_open). */
static int handle_cost(struct bench *b, bool raw, int *ret_fds, int *ret_maps) {
        char name[64];
        void *h = NULL;
        int fds0 = count_fds(), maps0 = count_maps(), r = 0;

        if (raw) {
                snprintf(name, sizeof name, "/s0bench-cost-%d", (int) getpid());
                sem_t *s = sem_open(name, O_CREAT | O_EXCL, 0600, 0);
                if (s == SEM_FAILED)
                        return fail(-errno, "sem_open(O_CREAT|O_EXCL)");
                (void) sem_unlink(name);
                h = s;
        } else {
                snprintf(name, sizeof name, "Local\\s0bench-cost-%d", (int) getpid());
                r = event_create(b->ctx, name, false, false, (struct s0_object **) &h);
                if (r < 0)
                        return r;
        }
        *ret_fds = count_fds() - fds0;
        *ret_maps = count_maps() - maps0;
        if (raw)
                (void) sem_close(h);
        else
                (void) s0_obj_close(h);
        return 0;
}

/* Descriptor and mapping limits decide how many objects one holder can keep open. */
static unsigned objects_per_holder(unsigned n, int fds_each, int maps_each) {
        struct rlimit rl;
        long maps = 65530;
        unsigned per = n;
        FILE *f = fopen("/proc/sys/vm/max_map_count", "re");

        if (f) {
                if (fscanf(f, "%ld", &maps) != 1)
                        maps = 65530;
                fclose(f);
        }
        if (fds_each < 1)
                fds_each = 1;
        if (maps_each < 1)
                maps_each = 1;
        if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
                rl.rlim_cur = rl.rlim_max;
                (void) setrlimit(RLIMIT_NOFILE, &rl); /* inherited by the holders */
                if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
                    (rl.rlim_cur - 256) / (unsigned) fds_each < per)
                        per = (unsigned) ((rl.rlim_cur - 256) / (unsigned) fds_each);
        }
        /* 1024 mappings for libc, the library, the stack...; the rest for handles */
        if ((unsigned long) (maps - 1024) / (unsigned) maps_each < per)
                per = (unsigned) ((maps - 1024) / maps_each);
        unsigned holders = (n + per - 1) / per;
        if (holders > HOLDERS_MAX)
                holders = HOLDERS_MAX;
        per = (n + holders - 1) / holders;
        return per < SLOPE_WINDOW ? SLOPE_WINDOW : per;
}

static int fill_run(struct bench *b, bool raw, struct fill_result *res) {
        size_t size = sizeof(struct fill_shm) + (size_t) b->n_objects * sizeof(double);
        struct fill_shm *sh = shared_alloc(size);
        const char *dir = raw ? "/dev/shm" : b->objects_dir;
        struct mem_snapshot m0, m1;
        pid_t pids[HOLDERS_MAX];
        unsigned holders, started = 0;
        int r;

        if (!sh)
                return fail(-errno, "mmap");
        r = handle_cost(b, raw, &res->fds_each, &res->maps_each);
        if (r < 0)
                goto out;
        sh->raw = raw;
        sh->n = b->n_objects;
        sh->per_holder = objects_per_holder(b->n_objects, res->fds_each, res->maps_each);
        holders = (sh->n + sh->per_holder - 1) / sh->per_holder;
        fprintf(stderr, "bench: %u live named %s, %u holder processes of %u\n", sh->n,
                raw ? "POSIX semaphores" : "events", holders, sh->per_holder);
        r = mem_snapshot(dir, &m0);
        sh->deadline = now_us() + FILL_BUDGET_S * 1e6;
        alarm(PHASE_ALARM_S);
        for (unsigned h = 0; r == 0 && h < holders; h++) {
                struct holder_arg ha = { sh, h };
                r = fork_partner(MAIN_CPU, fill_holder, b, &ha, &pids[h]);
                if (r < 0)
                        break;
                started++;
                if (h == 0 && sh->n >= 2 * SLOPE_WINDOW) {
                        r = flag_wait(&sh->paused, 1);
                        if (r == 0)
                                r = fill_open_range(b, sh, 0, SLOPE_WINDOW, &res->open_first);
                        flag_post(&sh->resume, 1);
                }
                if (r == 0)
                        r = flag_wait(&sh->filled, h + 1);
                if (r == 0 && sh->filled == UINT32_MAX)
                        r = -EIO;
                if (r == 0 && sh->stopped_early)
                        break;
        }
        res->made = sh->made;
        res->stopped_early = sh->stopped_early;
        if (r == 0 && res->made < 2 * SLOPE_WINDOW)
                r = fail(-ETIMEDOUT, "filling the namespace");
        if (r == 0)
                r = mem_snapshot(dir, &m1);
        if (r == 0)
                r = fill_open_range(b, sh, res->made - SLOPE_WINDOW, res->made, &res->open_last);
        for (unsigned i = 0; r == 0 && i < SLOPE_WINDOW; i++)
                if (samples_add(&res->create_first, sh->create_us[i]) < 0 ||
                    samples_add(&res->create_last, sh->create_us[res->made - SLOPE_WINDOW + i]) < 0)
                        r = -ENOMEM;
        if (r == 0) {
                long rss = 0, anon = 0, cnt = 0;
                for (unsigned h = 0; h < started; h++) {
                        rss += sh->rss_after[h] - sh->rss_before[h];
                        anon += sh->anon_after[h] - sh->anon_before[h];
                        cnt += sh->count[h];
                }
                res->anon_kb = cnt > 0 ? (double) anon / (double) cnt : NAN;
                res->fs_kb = (m1.fs_kb - m0.fs_kb) / res->made;
                res->shmem_kb = (m1.shmem_kb - m0.shmem_kb) / res->made;
                res->slab_kb = (m1.slab_kb - m0.slab_kb) / res->made;
                res->rss_kb = cnt > 0 ? (double) rss / (double) cnt : NAN;
        }
        /* release the holders whatever happened: their last close removes every object */
        flag_post(&sh->release, 1);
        for (unsigned h = 0; h < started; h++) {
                if (r < 0)
                        (void) kill(pids[h], SIGKILL);
                int k = reap(pids[h], "a holder process");
                if (r == 0)
                        r = k;
        }
        alarm(0);
        if (raw) /* a semaphore's name outlives its last close */
                for (unsigned i = 0; i < sh->n; i++) {
                        char name[64];
                        fill_name(sh, i, name, sizeof name);
                        (void) sem_unlink(name);
                }
out:
        (void) munmap(sh, size);
        return r;
}

static int one_value(struct samples *s, double v) {
        samples_clear(s);
        return samples_add(s, v);
}

static int slope_row(struct bench *b, const char *figure, const struct samples *first, const struct samples *last,
                     const struct samples *raw_first, const struct samples *raw_last) {
        struct samples o = { 0 }, w = { 0 };
        int r = one_value(&o, samples_quantile(last, 0.5) / samples_quantile(first, 0.5));
        if (r == 0)
                r = one_value(&w, samples_quantile(raw_last, 0.5) / samples_quantile(raw_first, 0.5));
        if (r == 0)
                r = add_row(b, row_of(figure, "-", UNIT_RATIO, 'k', &o, &w, SLOPE_TARGET));
        samples_free(&o);
        samples_free(&w);
        return r;
}

static int value_row(struct bench *b, const char *figure, enum unit u, double ours, double raw) {
        struct samples o = { 0 }, w = { 0 };
        int r = one_value(&o, ours);
        if (r == 0)
                r = one_value(&w, raw);
        if (r == 0)
                r = add_row(b, row_of(figure, "-", u, 'k', &o, &w, NAN));
        samples_free(&o);
        samples_free(&w);
        return r;
}

static int bench_many(struct bench *b) {
        struct fill_result ours = { 0 }, raw = { 0 };
        char f[8][64];
        unsigned k;
        int r;

        r = fill_run(b, false, &ours);
        if (r == 0)
                r = fill_run(b, true, &raw);
        if (r == 0 && (ours.stopped_early || raw.stopped_early))
                fprintf(stderr, "bench-objects: warning: the %.0f s budget ran out after %u objects (ours), %u (raw)\n",
                        FILL_BUDGET_S, ours.made, raw.made);
        k = ours.made / 1000;
        snprintf(f[0], sizeof f[0], "%uk objects: create, first 1k", k);
        snprintf(f[1], sizeof f[1], "%uk objects: create, last 1k", k);
        snprintf(f[2], sizeof f[2], "%uk objects: create, last/first", k);
        snprintf(f[3], sizeof f[3], "%uk objects: open+close, first 1k", k);
        snprintf(f[4], sizeof f[4], "%uk objects: open+close, last 1k", k);
        snprintf(f[5], sizeof f[5], "%uk objects: open+close, last/first", k);
        if (r == 0)
                r = add_row(b, row_of(f[0], "-", UNIT_US, 'k', &ours.create_first, &raw.create_first, NAN));
        if (r == 0)
                r = add_row(b, row_of(f[1], "-", UNIT_US, 'k', &ours.create_last, &raw.create_last, NAN));
        if (r == 0)
                r = slope_row(b, f[2], &ours.create_first, &ours.create_last, &raw.create_first, &raw.create_last);
        if (r == 0)
                r = add_row(b, row_of(f[3], "-", UNIT_US, 'k', &ours.open_first, &raw.open_first, NAN));
        if (r == 0)
                r = add_row(b, row_of(f[4], "-", UNIT_US, 'k', &ours.open_last, &raw.open_last, NAN));
        if (r == 0)
                r = slope_row(b, f[5], &ours.open_first, &ours.open_last, &raw.open_first, &raw.open_last);
        if (r == 0)
                r = value_row(b, "idle object: tmpfs used (statvfs), each", UNIT_KB, ours.fs_kb, raw.fs_kb);
        if (r == 0)
                r = value_row(b, "idle object: Shmem (/proc/meminfo), each", UNIT_KB, ours.shmem_kb, raw.shmem_kb);
        if (r == 0)
                r = value_row(b, "idle object: kernel slab (meminfo), each", UNIT_KB, ours.slab_kb, raw.slab_kb);
        if (r == 0)
                r = value_row(b, "idle handle: holder VmRSS growth, each", UNIT_KB, ours.rss_kb, raw.rss_kb);
        if (r == 0)
                r = value_row(b, "idle handle: holder RssAnon growth, each", UNIT_KB, ours.anon_kb, raw.anon_kb);
        if (r == 0)
                r = value_row(b, "idle handle: file descriptors, each", UNIT_COUNT, ours.fds_each, raw.fds_each);
        if (r == 0)
                r = value_row(b, "idle handle: mappings, each", UNIT_COUNT, ours.maps_each, raw.maps_each);
        fill_result_free(&ours);
        fill_result_free(&raw);
        return r;
}

/* ---- main ------------------------------------------------------------------------------ */

static void notes(struct bench *b) {
        char note[1000];
        table_note(&b->table, 'g',
                   "raw create: sem_open(O_CREAT|O_EXCL) + sem_close + sem_unlink of a new name (the session's "
                   "/dev/shm, a tmpfs); ours: s0_obj_create of a new Local\\ auto-reset event + s0_obj_close (the "
                   "last close removes it). raw open: sem_open + sem_close of a semaphore another process holds; "
                   "ours: s0_obj_open(SYNCHRONIZE|EVENT_MODIFY_STATE) + s0_obj_close of an event another process "
                   "holds. Target: ours/raw.");
        snprintf(note, sizeof note,
                 "raw: __atomic_exchange_n (seq_cst) on a shared int; ns per call = median over %u batches of %u "
                 "calls, ours and raw batches alternating. Syscalls per call: strace -f of %u calls of the loop "
                 "alone (between two getppid() markers) divided by the calls; \"-\" when strace cannot run.",
                 OP_BATCHES, OPS_PER_BATCH, PROBE_OPS);
        table_note(&b->table, 'h', note);
        snprintf(note, sizeof note,
                 "raw: two shared ints used as auto-reset events (set: store 1 + FUTEX_WAKE; wait: exchange to 0, "
                 "FUTEX_WAIT while 0); ours: two named auto-reset events, A: SetEvent(e1) + WaitForSingleObject(e2), "
                 "B the mirror. Both between the same two processes, batches of %u alternating. pinned: both on "
                 "CPU %d; split: A on CPU %d, B on CPU %d%s.",
                 ROUND_TRIPS_PER_BATCH, MAIN_CPU, MAIN_CPU, SPLIT_CPU,
                 b->split ? "" : " (skipped: only one CPU online)");
        table_note(&b->table, 'i', note);
        table_note(&b->table, 'j',
                   "B waits on 64 auto-reset events (wait-any), A sets the last one once B is asleep (/proc/B/stat "
                   "'S'); latency = B's clock after the wait returns - A's clock before the set. raw: futex_waitv() "
                   "on 64 shared words, A stores 1 + FUTEX_WAKE. Placements as (i).");
        snprintf(note, sizeof note,
                 "raw: named POSIX semaphores (sem_open O_CREAT|O_EXCL) in the session's /dev/shm; ours: named "
                 "events in %.200s. Holder processes fill the namespace one after another and keep every object open; "
                 "first 1k opens are timed with 1k objects live, last 1k with all live. Memory: before/after "
                 "differences divided by the count: statvfs of the directory's tmpfs, Shmem and "
                 "SReclaimable+SUnreclaim of /proc/meminfo (system-wide), holders' VmRSS (which counts a mapped "
                 "state page the holder has touched, the page the tmpfs row counts already) and RssAnon (the "
                 "process's private memory: the handle itself).",
                 b->objects_dir);
        table_note(&b->table, 'k', note);
        table_note(&b->table, 'w',
                   "for reference, Wine 8.0 (issue 4): create named event ~41 µs, open+close ~106 µs, SetEvent "
                   "~43 µs, cross-process event round trip ~70 µs.");
}

static void help(void) {
        printf("Usage: bench-objects --runtime-dir DIR [--iterations N] [--round-trips N] [--wakes N]\n"
               "                     [--objects N]\n"
               "Run by scripts/bench.sh (make bench) inside a session of a private session0d;\n"
               "prints its rows for bench-sessions' table on stdout.\n");
}

static int parse_uint(const char *s, unsigned min, unsigned max, unsigned *ret) {
        uint32_t v;
        if (safe_atou32(s, &v) < 0 || v < min || v > max) {
                fprintf(stderr, "bench-objects: invalid number '%s' (%u..%u)\n", s, min, max);
                return -EINVAL;
        }
        *ret = v;
        return 0;
}

static int parse_args(int argc, char **argv, struct bench *b, const char **probe, unsigned *probe_count) {
        enum { A_RUNTIME = 0x100, A_ITER, A_RT, A_WAKES, A_OBJECTS, A_PROBE, A_PROBE_COUNT };
        static const struct option opts[] = {
                { "help", no_argument, NULL, 'h' },
                { "runtime-dir", required_argument, NULL, A_RUNTIME },
                { "iterations", required_argument, NULL, A_ITER },
                { "round-trips", required_argument, NULL, A_RT },
                { "wakes", required_argument, NULL, A_WAKES },
                { "objects", required_argument, NULL, A_OBJECTS },
                { "probe", required_argument, NULL, A_PROBE },
                { "probe-count", required_argument, NULL, A_PROBE_COUNT },
                {},
        };
        int c, r = 0;

        while ((c = getopt_long(argc, argv, "h", opts, NULL)) >= 0) {
                switch (c) {
                case 'h':
                        help();
                        return 0;
                case A_RUNTIME:
                        b->runtime_dir = optarg;
                        break;
                case A_ITER:
                        r = parse_uint(optarg, 1, 1000000, &b->n_create);
                        break;
                case A_RT:
                        r = parse_uint(optarg, 1, 1000000, &b->n_pingpong);
                        break;
                case A_WAKES:
                        r = parse_uint(optarg, 1, 100000, &b->n_wake);
                        break;
                case A_OBJECTS:
                        r = parse_uint(optarg, 2 * SLOPE_WINDOW, 1000000, &b->n_objects);
                        break;
                case A_PROBE:
                        *probe = optarg;
                        break;
                case A_PROBE_COUNT:
                        r = parse_uint(optarg, 1, 10000000, probe_count);
                        break;
                default:
                        return -EINVAL;
                }
                if (r < 0)
                        return r;
        }
        if (!b->runtime_dir) {
                help();
                return -EINVAL;
        }
        return 1;
}

int main(int argc, char **argv) {
        struct bench b = { .n_create = 2000, .n_pingpong = 2000, .n_wake = 1000, .n_objects = 100000 };
        const char *probe = NULL;
        unsigned probe_count = PROBE_OPS;
        int r;

        r = parse_args(argc, argv, &b, &probe, &probe_count);
        if (r <= 0)
                return r < 0 ? 2 : 0;
        if (probe)
                return run_probe(&b, probe, probe_count) < 0 ? 1 : 0;
        if (snprintf(b.objects_dir, sizeof b.objects_dir, "%s/objects", b.runtime_dir) >= (int) sizeof b.objects_dir)
                return 2;
        b.split = cpus_online() >= 2;
        r = pin(MAIN_CPU);
        if (r == 0)
                r = new_ctx(&b, &b.ctx);
        if (r == 0) {
                fprintf(stderr, "bench: objects in session %u of uid %u\n", s0_objctx_session(b.ctx),
                        (unsigned) getuid());
                r = bench_create(&b);
        }
        if (r == 0)
                r = bench_open(&b);
        if (r == 0)
                r = bench_ops(&b);
        for (int split = 0; r == 0 && split <= (b.split ? 1 : 0); split++) {
                const char *placement = split ? "split" : "pinned";
                int cpu = split ? SPLIT_CPU : MAIN_CPU;
                r = bench_pingpong(&b, placement, cpu);
                if (r == 0)
                        r = bench_wake(&b, placement, cpu);
        }
        if (r == 0)
                r = bench_many(&b);
        if (r == 0) {
                notes(&b);
                r = table_write(&b.table, stdout);
        }
        table_free(&b.table);
        if (b.ctx)
                s0_objctx_free(b.ctx);
        return r < 0 ? 1 : 0;
}
