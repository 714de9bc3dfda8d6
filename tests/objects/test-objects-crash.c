/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Crashes and races of the named-object library (plain C: exit status 0 on success,
 * FAIL: lines on stderr otherwise; counts on stdout). Runs inside a session, as
 * tests/objects/test-objects-crash.sh arranges.
 *
 *  crash  1,000 cycles: a child creates Local\s0crash<pid>-N (an event, opened a second
 *         time by name in odd cycles) and a mutex it acquires, and ends at a random
 *         point: _exit(), SIGKILL of itself, or SIGKILL from the parent after a random
 *         number of yields. Afterwards no such name may be listed (s0_obj_list), a fresh
 *         Create of each must make a new object (an orphan is never resurrected: the
 *         new mutex is not abandoned, the new event not signaled), and once every name
 *         has been opened once more, the namespace directory holds no file of the test.
 *  race   10,000 rounds of two processes creating Local\s0race<pid> at the same instant
 *         (a barrier in a shared mapping): exactly one gets S0_OBJ_CREATED, the other
 *         S0_OBJ_EXISTED and the same object; both close, and before the next round
 *         the name is gone (Open gives 2, no file is left).
 *
 * Usage: test-objects-crash [crash|race|all] [cycles] [rounds]
 */
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/futex.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <session0/objects.h>

#include "objtest.h"

#define TIME_LIMIT_MS 50000u

static struct s0_objctx *ctx;
static uint64_t t_start;
static int failures;

#define FAILF(...)                                                   \
        do {                                                         \
                fprintf(stderr, "FAIL: " __VA_ARGS__);               \
                fputc('\n', stderr);                                 \
                failures++;                                          \
        } while (0)

static bool over_time(void) { return objtest_now_ms() - t_start > TIME_LIMIT_MS; }

static const char *err(int r) { return s0_win32_error_name(s0_obj_win32_error(r)); }

/* The namespace directory Local\ names of this context land in. */
static int open_namespace_dir(void) {
        char path[4096];
        uint32_t s = s0_objctx_session(ctx);
        if (s == 0)
                snprintf(path, sizeof path, "%s/objects/global", s0_runtime_dir());
        else
                snprintf(path, sizeof path, "%s/objects/sessions/%" PRIu32, s0_runtime_dir(), s);
        return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* Files in the namespace directory whose names start with prefix. */
static int count_files(const char *prefix, char *first, size_t first_size) {
        int fd = open_namespace_dir(), n = 0;
        DIR *d;
        struct dirent *de;
        if (fd < 0) {
                FAILF("cannot open the namespace directory: %m");
                return -1;
        }
        d = fdopendir(fd);
        if (!d) {
                close(fd);
                return -1;
        }
        while ((de = readdir(d)))
                if (strncmp(de->d_name, prefix, strlen(prefix)) == 0) {
                        if (n == 0 && first)
                                snprintf(first, first_size, "%s", de->d_name);
                        n++;
                }
        closedir(d);
        return n;
}

/* ---- crash ------------------------------------------------------------------------ */

enum { MODE_EXIT, MODE_SELF_KILL, MODE_PARENT_KILL, _MODE_MAX };
#define STEPS 6 /* 0 create event, 1 open it again, 2 create mutex, 3 acquire, 4 set event, 5 done */

static void crash_child(int cycle, int mode, int step, int hold_fd) {
        char ev[128], mx[128];
        struct s0_object *e = NULL, *e2 = NULL, *m = NULL;
        struct s0_obj_create_args a = { .type = S0_OBJ_EVENT, .name = ev };
        char c;

        snprintf(ev, sizeof ev, "Local\\s0crash%d-%d", (int) getppid(), cycle);
        snprintf(mx, sizeof mx, "Local\\s0crash%d-%d-mutex", (int) getppid(), cycle);
        for (int s = 0; s < STEPS; s++) {
                if (s == step) {
                        if (mode == MODE_EXIT)
                                _exit(0);
                        if (mode == MODE_SELF_KILL)
                                raise(SIGKILL);
                }
                switch (s) {
                case 0:
                        a.event.manual_reset = true;
                        if (s0_obj_create(ctx, &a, &e) != S0_OBJ_CREATED)
                                _exit(10);
                        break;
                case 1:
                        if (cycle % 2 && s0_obj_open(ctx, S0_OBJ_EVENT, ev, S0_SYNCHRONIZE, &e2) != 0)
                                _exit(11);
                        break;
                case 2:
                        a = (struct s0_obj_create_args) { .type = S0_OBJ_MUTEX, .name = mx };
                        if (s0_obj_create(ctx, &a, &m) != S0_OBJ_CREATED)
                                _exit(12);
                        break;
                case 3:
                        if (s0_obj_wait(&m, 1, false, 0, NULL, NULL) != 0)
                                _exit(13);
                        break;
                case 4:
                        if (s0_event_set(e) != 0)
                                _exit(14);
                        break;
                }
        }
        if (mode == MODE_PARENT_KILL)
                (void) read(hold_fd, &c, 1); /* until killed */
        _exit(0);
}

static void test_crash(int cycles) {
        char prefix[64], name[128], first[256];
        unsigned seed = (unsigned) (objtest_now_ms() ^ (uint64_t) getpid() * 2654435761u);
        int counts[_MODE_MAX] = { 0 }, killed_by_signal = 0, exited = 0, listed = 0, cycles_done = 0;
        int hold[2];
        uint64_t t0 = objtest_now_ms();
        struct s0_obj_info *info = NULL;
        size_t n_info = 0;
        int r, left;

        printf("# crash: seed %u\n", seed);
        if (pipe2(hold, O_CLOEXEC) < 0) {
                FAILF("pipe: %m");
                return;
        }
        snprintf(prefix, sizeof prefix, "s0crash%d-", (int) getpid());
        for (int n = 0; n < cycles; n++) {
                int mode = rand_r(&seed) % _MODE_MAX;
                int step = rand_r(&seed) % (STEPS + 1); /* STEPS: after everything */
                int yields = rand_r(&seed) % 3000;
                pid_t p;

                if (over_time()) {
                        FAILF("crash: out of time after %d cycles", n);
                        break;
                }
                fflush(NULL);
                p = fork();
                if (p < 0) {
                        FAILF("fork: %m");
                        break;
                }
                if (p == 0)
                        crash_child(n, mode, step, hold[0]);
                if (mode == MODE_PARENT_KILL) {
                        for (int i = 0; i < yields; i++)
                                sched_yield();
                        (void) kill(p, SIGKILL);
                }
                r = objtest_reap(p, 10000);
                if (r == 128 + SIGKILL)
                        killed_by_signal++;
                else if (r == 0)
                        exited++;
                else {
                        FAILF("crash: cycle %d (mode %d, step %d): child status %d", n, mode, step, r);
                        continue;
                }
                counts[mode]++;
                cycles_done++;
        }
        printf("# crash: %d cycles (%d _exit, %d self SIGKILL, %d parent SIGKILL; %d ended by SIGKILL, %d by exit)"
               " in %" PRIu64 " ms\n",
               cycles_done, counts[MODE_EXIT], counts[MODE_SELF_KILL], counts[MODE_PARENT_KILL], killed_by_signal,
               exited, objtest_now_ms() - t0);
        close(hold[0]);
        close(hold[1]);

        /* Nothing of a crashed holder is an object: none of the names is listed. */
        r = s0_obj_list(ctx, s0_objctx_session(ctx), &info, &n_info);
        if (r < 0)
                FAILF("s0_obj_list(session %u): %d (%s)", s0_objctx_session(ctx), r, err(r));
        else {
                for (size_t i = 0; i < n_info; i++)
                        if (strncmp(info[i].name, prefix, strlen(prefix)) == 0) {
                                if (listed++ < 5)
                                        FAILF("crash: '%s' is still listed (%d handles) after its holder died",
                                              info[i].name, info[i].handles);
                        }
                free(info);
        }
        left = count_files(prefix, first, sizeof first);
        printf("# crash: %d names listed, %d files left by the crashes (orphans, before any opener)\n", listed, left);

        /* A fresh Create of each name makes a new object: an orphan is never resurrected. */
        int fresh_bad = 0;
        for (int n = 0; n < cycles_done && !over_time(); n++) {
                struct s0_object *e = NULL, *m = NULL;
                struct s0_obj_create_args a = { .type = S0_OBJ_EVENT, .name = name };
                bool ab = true;

                snprintf(name, sizeof name, "Local\\%s%d", prefix, n);
                a.event.manual_reset = false;
                r = s0_obj_create(ctx, &a, &e);
                if (r != S0_OBJ_CREATED) {
                        if (fresh_bad++ < 5)
                                FAILF("crash: fresh create of event %s returned %d (%s), expected S0_OBJ_CREATED", name,
                                      r, r >= 0 ? "S0_OBJ_EXISTED" : err(r));
                } else if ((r = s0_obj_wait(&e, 1, false, 0, NULL, NULL)) != -ETIMEDOUT) {
                        if (fresh_bad++ < 5)
                                FAILF("crash: the new event %s is signaled (wait: %d)", name, r);
                }
                if (e)
                        (void) s0_obj_close(e);
                snprintf(name, sizeof name, "Local\\%s%d-mutex", prefix, n);
                a = (struct s0_obj_create_args) { .type = S0_OBJ_MUTEX, .name = name };
                r = s0_obj_create(ctx, &a, &m);
                if (r != S0_OBJ_CREATED) {
                        if (fresh_bad++ < 5)
                                FAILF("crash: fresh create of mutex %s returned %d (%s), expected S0_OBJ_CREATED", name,
                                      r, r >= 0 ? "S0_OBJ_EXISTED" : err(r));
                } else if ((r = s0_obj_wait(&m, 1, false, 0, NULL, &ab)) != 0 || ab) {
                        if (fresh_bad++ < 5)
                                FAILF("crash: the new mutex %s: wait %d (%s), abandoned %d: expected a free, new mutex",
                                      name, r, err(r), ab);
                } else if ((r = s0_mutex_release(m)) != 0)
                        FAILF("crash: release of %s: %d (%s)", name, r, err(r));
                if (m)
                        (void) s0_obj_close(m);
        }
        /* Every name opened once more: absent (2), and whatever orphan was left is reaped. */
        for (int n = 0; n < cycles_done; n++) {
                struct s0_object *o = NULL;
                snprintf(name, sizeof name, "Local\\%s%d", prefix, n);
                r = s0_obj_open(ctx, S0_OBJ_EVENT, name, S0_SYNCHRONIZE, &o);
                if (r != -ENOENT) {
                        if (fresh_bad++ < 5)
                                FAILF("crash: open of closed %s returned %d (%s), expected ERROR_FILE_NOT_FOUND", name,
                                      r, err(r));
                        if (r == 0)
                                (void) s0_obj_close(o);
                }
                snprintf(name, sizeof name, "Local\\%s%d-mutex", prefix, n);
                r = s0_obj_open(ctx, S0_OBJ_MUTEX, name, S0_SYNCHRONIZE, &o);
                if (r != -ENOENT) {
                        if (fresh_bad++ < 5)
                                FAILF("crash: open of closed %s returned %d (%s), expected ERROR_FILE_NOT_FOUND", name,
                                      r, err(r));
                        if (r == 0)
                                (void) s0_obj_close(o);
                }
        }
        left = count_files(prefix, first, sizeof first);
        if (left != 0)
                FAILF("crash: the namespace directory still holds %d files of the test (e.g. %s)", left, first);
        printf("# crash: %d fresh-create/open problems, %d files left at the end\n", fresh_bad, left);
}

/* ---- race -------------------------------------------------------------------------- */

struct race_shm {
        _Atomic uint32_t arrive;
        _Atomic uint32_t gen;
        _Atomic int abort;
        int result[2];           /* this round's create results */
        uint64_t ino[2];
        int created[2];          /* S0_OBJ_CREATED counts */
        int existed[2];
        int errors[2];
};

static int futex(_Atomic uint32_t *w, int op, uint32_t v, const struct timespec *ts) {
        return (int) syscall(SYS_futex, w, op, v, ts, NULL, 0);
}

/* Both processes meet here; false if the other went away (or we ran out of time). */
static bool barrier(struct race_shm *s) {
        uint32_t g = atomic_load(&s->gen);
        if (atomic_fetch_add(&s->arrive, 1) == 1) {
                atomic_store(&s->arrive, 0);
                atomic_fetch_add(&s->gen, 1);
                (void) futex(&s->gen, FUTEX_WAKE, INT32_MAX, NULL);
                return !atomic_load(&s->abort);
        }
        for (int i = 0; i < 2000 && atomic_load(&s->gen) == g; i++)
                __builtin_ia32_pause();
        while (atomic_load(&s->gen) == g) {
                struct timespec ts = { .tv_sec = 0, .tv_nsec = 100000000 };
                if (atomic_load(&s->abort) || over_time())
                        return false;
                (void) futex(&s->gen, FUTEX_WAIT, g, &ts);
        }
        return !atomic_load(&s->abort);
}

static int race_side(struct race_shm *s, int who, int rounds, const char *name, const char *file) {
        for (int n = 0; n < rounds; n++) {
                struct s0_object *o = NULL;
                struct s0_obj_create_args a = { .type = S0_OBJ_EVENT, .name = name };
                struct stat st;
                int r;

                if (!barrier(s))
                        return 1;
                r = s0_obj_create(ctx, &a, &o);
                s->result[who] = r;
                s->ino[who] = r >= 0 && fstat(s0_obj_fd(o), &st) == 0 ? (uint64_t) st.st_ino : 0;
                if (r == S0_OBJ_CREATED)
                        s->created[who]++;
                else if (r == S0_OBJ_EXISTED)
                        s->existed[who]++;
                else
                        s->errors[who]++;
                if (!barrier(s)) /* both have created: both hold the object now */
                        return 1;
                if (who == 0) {
                        int c = (s->result[0] == S0_OBJ_CREATED) + (s->result[1] == S0_OBJ_CREATED);
                        int e = (s->result[0] == S0_OBJ_EXISTED) + (s->result[1] == S0_OBJ_EXISTED);
                        if (c != 1 || e != 1) {
                                if (failures < 5)
                                        FAILF("race: round %d: create results %d and %d (want one S0_OBJ_CREATED, one "
                                              "S0_OBJ_EXISTED)",
                                              n, s->result[0], s->result[1]);
                                else
                                        failures++;
                        } else if (s->ino[0] != s->ino[1]) {
                                FAILF("race: round %d: the two handles are different objects", n);
                        }
                }
                if (o)
                        (void) s0_obj_close(o);
                if (!barrier(s)) /* both closed */
                        return 1;
                if (who == 0) {
                        struct s0_object *x = NULL;
                        int fd = open_namespace_dir();
                        bool file_left = fd >= 0 && fstatat(fd, file, &st, AT_SYMLINK_NOFOLLOW) == 0;
                        if (fd >= 0)
                                close(fd);
                        if (file_left) {
                                if (failures < 5)
                                        FAILF("race: round %d: the name's file is still there after both closed", n);
                                else
                                        failures++;
                        }
                        r = s0_obj_open(ctx, S0_OBJ_EVENT, name, S0_SYNCHRONIZE, &x);
                        if (r != -ENOENT) {
                                FAILF("race: round %d: open after both closed: %d (%s), expected ERROR_FILE_NOT_FOUND",
                                      n, r, err(r));
                                if (r == 0)
                                        (void) s0_obj_close(x);
                        }
                        if (failures > 20)
                                atomic_store(&s->abort, 1);
                }
        }
        return 0;
}

static void test_race(int rounds) {
        struct race_shm *s;
        char name[160], file[128];
        uint64_t t0 = objtest_now_ms();
        pid_t p;
        int r;

        s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (s == MAP_FAILED) {
                FAILF("mmap: %m");
                return;
        }
        snprintf(file, sizeof file, "s0race%d", (int) getpid());
        snprintf(name, sizeof name, "Local\\%s", file);
        fflush(NULL);
        p = fork();
        if (p < 0) {
                FAILF("fork: %m");
                return;
        }
        if (p == 0)
                _exit(race_side(s, 1, rounds, name, file));
        r = race_side(s, 0, rounds, name, file);
        if (r != 0) {
                atomic_store(&s->abort, 1);
                FAILF("race: stopped early (the other process went away, or out of time)");
        }
        r = objtest_reap(p, 10000);
        if (r != 0)
                FAILF("race: the second process ended with status %d", r);
        printf("# race: %d rounds in %" PRIu64 " ms: process A created %d / existed %d / errors %d, "
               "process B created %d / existed %d / errors %d\n",
               rounds, objtest_now_ms() - t0, s->created[0], s->existed[0], s->errors[0], s->created[1],
               s->existed[1], s->errors[1]);
        if (s->created[0] + s->created[1] != rounds || s->existed[0] + s->existed[1] != rounds)
                FAILF("race: %d S0_OBJ_CREATED and %d S0_OBJ_EXISTED in %d rounds", s->created[0] + s->created[1],
                      s->existed[0] + s->existed[1], rounds);
        (void) munmap(s, sizeof *s);
}

int main(int argc, char **argv) {
        const char *what = argc > 1 ? argv[1] : "all";
        int cycles = argc > 2 ? atoi(argv[2]) : 1000;
        int rounds = argc > 3 ? atoi(argv[3]) : 10000;
        int r;

        setvbuf(stdout, NULL, _IOLBF, 0);
        t_start = objtest_now_ms();
        r = s0_objctx_new(NULL, &ctx);
        if (r < 0) {
                fprintf(stderr, "FAIL: s0_objctx_new: %s: this test runs inside a session\n", strerror(-r));
                return 1;
        }
        printf("# session %u, uid %u\n", s0_objctx_session(ctx), (unsigned) geteuid());
        if (strcmp(what, "crash") == 0 || strcmp(what, "all") == 0)
                test_crash(cycles);
        if (strcmp(what, "race") == 0 || strcmp(what, "all") == 0)
                test_race(rounds);
        s0_objctx_free(ctx);
        printf("# %s in %" PRIu64 " ms: %d failures\n", what, objtest_now_ms() - t_start, failures);
        return failures ? 1 : 0;
}
