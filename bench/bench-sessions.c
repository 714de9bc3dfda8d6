/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench-sessions: the foundation's numbers, each next to the raw Linux primitive it is
 * built on, measured in the same run (see bench-raw.h). Driven by scripts/bench.sh,
 * which starts session0d on CPU 0 and creates the user and the raw cgroup; this program
 * only talks to that daemon through libsession0 and works inside that cgroup.
 *
 * Placements: "pinned" runs the client on the daemon's CPU (0), "split" on CPU 1. Work
 * the daemon does itself (logon, logoff) has a single-process raw baseline, run on the
 * daemon's CPU in both placements; round trips (list, session-of) have a cross-process
 * or in-client raw baseline run with the client's placement.
 *
 * Prints one table on stdout; progress and problems go to stderr. A missed target is
 * reported, never an error: only a broken set-up makes the exit status non-zero.
 */
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <session0/session0.h>
#include <session0/wts.h>

#include "bench-raw.h"
#include "bench-util.h"
#include "bench-wts.h"
#include "shared/audit-json.h"
#include "shared/macro.h"
#include "shared/parse-util.h"

#ifdef SYS_pause
#define IDLE_ANCHOR_SYSCALL SYS_pause /* glibc's pause() */
#else
#define IDLE_ANCHOR_SYSCALL SYS_rt_sigsuspend
#endif

#define DAEMON_CPU 0
#define LOGOFF_PROCS 100
#define PLAIN_COPIES 20
#define LOGON_TARGET_US 10000.0
#define LOGOFF_TARGET_US 50000.0
#define ANCHOR_RSS_TARGET_KB 1024.0
#define HOST_RSS_TARGET_KB 2048.0               /* issue 5: an idle session host */
#define HOSTS_TOTAL_TARGET_KB_PER_200 409600.0  /* issue 5: 200 sessions' hosts in 400 MB */
#define AUDIT_BATCHES 20
#define AUDIT_NO_SESSION 999999u /* no such session: a SPAWN there is refused with -ENOENT */
#define AUDIT_TAIL_READ 8192     /* the journal's tail, enough for several whole lines */

struct bench {
        const char *runtime_dir, *user, *anchor_path;
        const char *rows_path; /* rows another bench program measured, for the one table */
        const char *audit_dir;           /* the journal of the daemon under test */
        const char *noaudit_runtime_dir; /* a second session0d, --audit-dir none */
        pid_t daemon_pid;
        int raw_root_fd, null_fd;
        struct raw_user ru;
        struct s0_client *c;
        unsigned n_logons, n_logoffs, n_sessions, n_list, n_session_of, n_audit;
        bool warned_nprocs;
        double pingpong24_us[2]; /* bare 24-byte round trip, pinned and split: for the notes */
        struct table table;
};

struct placement {
        const char *name;
        int client_cpu;
        bool first;
        unsigned index;
};

static int fail(int r, const char *what, const struct bench *b) {
        const char *t = b && b->c ? s0_client_error_text(b->c) : "";
        fprintf(stderr, "bench-sessions: %s: %s%s%s\n", what, strerror(-r), *t ? ": " : "", t);
        return r;
}

static int add_row(struct bench *b, struct row r) {
        int k = table_add(&b->table, &r);
        return k < 0 ? fail(k, "table", NULL) : 0;
}

static int pin(int cpu) {
        int r = pin_to_cpu(cpu);
        return r < 0 ? fail(r, "sched_setaffinity", NULL) : 0;
}

static int wait_pidfd_ok(int pidfd, const char *what) {
        siginfo_t si = { 0 };
        if (waitid(P_PIDFD, (id_t) pidfd, &si, WEXITED) < 0)
                return fail(-errno, what, NULL);
        if (si.si_code != CLD_EXITED || si.si_status != 0) {
                fprintf(stderr, "bench-sessions: %s: exited with code %d status %d\n", what, si.si_code,
                        si.si_status);
                return -EIO;
        }
        return 0;
}

/* ---- logon: request -> session ready, first process exec'd ------------------------ */

static int ours_spawn(struct bench *b, uint32_t id, char *const argv[], int *ret_pidfd) {
        struct s0_spawn_args a = {
                .session = id,
                .user = b->user,
                .argv = argv,
                .fds = { b->null_fd, b->null_fd, b->null_fd },
        };
        pid_t pid;
        return s0_spawn(b->c, &a, &pid, ret_pidfd);
}

static int ours_spawn_reap(struct bench *b, int pidfd) {
        int code = 0, status = 0, r = s0_spawn_wait(b->c, &code, &status);
        safe_close(pidfd);
        if (r < 0)
                return fail(r, "s0_spawn_wait", b);
        if (code != CLD_EXITED || status != 0) {
                fprintf(stderr, "bench-sessions: spawned process ended with code %d status %d\n", code, status);
                return -EIO;
        }
        return 0;
}

static int ours_logon(struct bench *b, struct samples *out) {
        static char *const argv[] = { (char *) "/bin/true", NULL };
        uint32_t id;
        int pidfd = -1, r;
        double t0 = now_us();

        r = s0_logon(b->c, b->user, &id);
        if (r < 0)
                return fail(r, "s0_logon", b);
        r = ours_spawn(b, id, argv, &pidfd);
        if (r < 0)
                return fail(r, "s0_spawn /bin/true", b);
        double t1 = now_us();
        if (out && samples_add(out, t1 - t0) < 0)
                return -ENOMEM;
        r = ours_spawn_reap(b, pidfd);
        if (r < 0)
                return r;
        r = s0_logoff(b->c, id);
        return r < 0 ? fail(r, "s0_logoff", b) : 0;
}

static int raw_logon(struct bench *b, struct samples *out) {
        static char *const argv[] = { (char *) "/bin/true", NULL };
        struct raw_session s;
        pid_t pid;
        int pidfd, r;
        double t0 = now_us();

        r = raw_session_create(b->raw_root_fd, 1, b->ru.uid, b->anchor_path, &s);
        if (r < 0)
                return fail(r, "raw session", NULL);
        r = raw_session_spawn(&s, &b->ru, argv, b->null_fd, &pid, &pidfd);
        if (r < 0) {
                (void) raw_session_destroy(b->raw_root_fd, &s);
                return fail(r, "raw spawn /bin/true", NULL);
        }
        double t1 = now_us();
        if (out && samples_add(out, t1 - t0) < 0)
                return -ENOMEM;
        r = wait_pidfd_ok(pidfd, "raw /bin/true");
        safe_close(pidfd);
        int k = raw_session_destroy(b->raw_root_fd, &s);
        if (k < 0)
                return fail(k, "raw session teardown", NULL);
        return r;
}

static int bench_logon(struct bench *b, const struct placement *p) {
        struct samples ours = { 0 }, raw = { 0 };
        int r = 0;

        fprintf(stderr, "bench: logon + first process, %u iterations (%s)\n", b->n_logons, p->name);
        for (unsigned i = 0; r == 0 && i < b->n_logons + 10; i++) {
                bool warm = i < 10;
                /* alternate, so that drift on the host hits both sides alike */
                r = pin(p->client_cpu);
                if (r == 0)
                        r = ours_logon(b, warm ? NULL : &ours);
                if (r == 0)
                        r = pin(DAEMON_CPU);
                if (r == 0)
                        r = raw_logon(b, warm ? NULL : &raw);
        }
        if (r == 0)
                r = add_row(b, row_of("logon: request -> first process exec'd", p->name, UNIT_US, 'a', &ours, &raw,
                                      LOGON_TARGET_US));
        samples_free(&ours);
        samples_free(&raw);
        return r;
}

/* ---- logoff of a session holding 100 processes -------------------------------------- */

static int session_nprocs(struct bench *b, uint32_t id, uint32_t *ret) {
        _cleanup_free_ struct s0_session_info *info = NULL;
        size_t n;
        int r = s0_list_sessions(b->c, &info, &n);
        if (r < 0)
                return fail(r, "s0_list_sessions", b);
        for (size_t i = 0; i < n; i++)
                if (info[i].id == id) {
                        *ret = info[i].nprocs;
                        return 0;
                }
        return fail(-ENOENT, "session vanished", NULL);
}

static int ours_logoff(struct bench *b, struct samples *out) {
        static char *const argv[] = { (char *) "/bin/sh", (char *) "-c",
                                      (char *) "for i in $(seq 100); do sleep 1000 & done", NULL };
        uint32_t id, nprocs = 0;
        int pidfd = -1, r;

        r = s0_logon(b->c, b->user, &id);
        if (r < 0)
                return fail(r, "s0_logon", b);
        r = ours_spawn(b, id, argv, &pidfd);
        if (r < 0)
                return fail(r, "s0_spawn sh", b);
        r = ours_spawn_reap(b, pidfd); /* sh has forked all 100 once it exits */
        if (r == 0)
                r = session_nprocs(b, id, &nprocs);
        if (r < 0)
                return r;
        if (nprocs != LOGOFF_PROCS && !b->warned_nprocs) {
                fprintf(stderr, "bench-sessions: warning: session %u holds %u processes, expected %d\n", id, nprocs,
                        LOGOFF_PROCS);
                b->warned_nprocs = true;
        }
        double t0 = now_us();
        r = s0_logoff(b->c, id);
        double t1 = now_us();
        if (r < 0)
                return fail(r, "s0_logoff", b);
        return out ? samples_add(out, t1 - t0) : 0;
}

static int raw_logoff(struct bench *b, struct samples *out) {
        pid_t pids[LOGOFF_PROCS];
        int dir_fd, r;

        r = raw_sleepers_start(b->raw_root_fd, "logoff", LOGOFF_PROCS, pids, &dir_fd);
        if (r < 0)
                return fail(r, "raw sleepers", NULL);
        double t0 = now_us();
        r = raw_kill_wait_rmdir(b->raw_root_fd, "logoff", dir_fd);
        double t1 = now_us();
        for (int i = 0; i < LOGOFF_PROCS; i++)
                (void) waitpid(pids[i], NULL, 0); /* zombies do not keep a cgroup populated */
        if (r < 0)
                return fail(r, "raw cgroup.kill", NULL);
        return out ? samples_add(out, t1 - t0) : 0;
}

static int bench_logoff(struct bench *b, const struct placement *p) {
        struct samples ours = { 0 }, raw = { 0 };
        int r = 0;

        fprintf(stderr, "bench: logoff of %d processes, %u iterations (%s)\n", LOGOFF_PROCS, b->n_logoffs, p->name);
        for (unsigned i = 0; r == 0 && i < b->n_logoffs + 2; i++) {
                bool warm = i < 2;
                r = pin(p->client_cpu);
                if (r == 0)
                        r = ours_logoff(b, warm ? NULL : &ours);
                if (r == 0)
                        r = pin(DAEMON_CPU);
                if (r == 0)
                        r = raw_logoff(b, warm ? NULL : &raw);
        }
        if (r == 0)
                r = add_row(b, row_of("logoff: session with 100 processes", p->name, UNIT_US, 'b', &ours, &raw,
                                      LOGOFF_TARGET_US));
        samples_free(&ours);
        samples_free(&raw);
        return r;
}

/* ---- memory of idle sessions ---------------------------------------------------------- */

/* RSS and PSS of pids, each waited for until idle in syscall nr. */
static int idle_memory(const pid_t *pids, size_t n, long nr, struct samples *rss, struct samples *pss) {
        for (size_t i = 0; i < n; i++) {
                long v;
                int r = wait_blocked_in(pids[i], nr, 5000);
                if (r < 0)
                        return fail(r, "waiting for an idle process", NULL);
                r = proc_status_kb(pids[i], "VmRSS:", &v);
                if (r == 0)
                        r = samples_add(rss, (double) v);
                if (r == 0)
                        r = proc_pss_kb(pids[i], &v);
                if (r == 0)
                        r = samples_add(pss, (double) v);
                if (r < 0)
                        return fail(r, "reading /proc memory figures", NULL);
        }
        return 0;
}

/* PLAIN_COPIES of argv started directly (no session), idle: their RSS and PSS. */
static int plain_memory(struct bench *b, const char *leaf, char *const argv[], long nr, struct samples *rss,
                        struct samples *pss) {
        pid_t pids[PLAIN_COPIES];
        int pidfds[PLAIN_COPIES], n = 0, r = 0;

        for (; n < PLAIN_COPIES; n++) {
                r = raw_start_plain(b->raw_root_fd, leaf, argv, &pids[n], &pidfds[n]);
                if (r < 0) {
                        fail(r, argv[0], NULL);
                        break;
                }
        }
        if (r == 0)
                r = idle_memory(pids, (size_t) n, nr, rss, pss);
        raw_cgroup_purge(b->raw_root_fd, leaf); /* the anchor ignores every catchable signal */
        for (int i = 0; i < n; i++) {
                (void) waitid(P_PIDFD, (id_t) pidfds[i], &(siginfo_t){ 0 }, WEXITED);
                safe_close(pidfds[i]);
        }
        return r;
}

/* The session host of the session whose anchor is anchor_pid: the first pid in the
 * session's host/ leaf, found from the anchor's own cgroup (.../session-N/anchor). The
 * raw cgroup is a child of the cgroup2 root, so the root is ".." from it. 0 if the
 * session has no host (session0d found no s0-sessionhost). */
static int session_host_pid(const struct bench *b, pid_t anchor_pid, pid_t *ret) {
        char cg[4096], path[4200], buf[64];
        int r = raw_proc_cgroup(anchor_pid, cg, sizeof cg);
        if (r < 0)
                return r;
        char *slash = strrchr(cg, '/');
        if (!slash || strcmp(slash, "/anchor") != 0)
                return -EBADMSG;
        *slash = 0;
        snprintf(path, sizeof path, "..%s/host/cgroup.procs", cg);
        int fd = openat(b->raw_root_fd, path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return errno == ENOENT ? (*ret = 0, 0) : -errno;
        ssize_t k;
        do
                k = read(fd, buf, sizeof buf - 1);
        while (k < 0 && errno == EINTR);
        r = k < 0 ? -errno : 0;
        safe_close(fd);
        if (r < 0)
                return r;
        buf[k] = 0;
        *ret = (pid_t) atoi(buf); /* empty: 0, not started (yet) */
        return 0;
}

/* The idle session hosts of the logged-on sessions (issue 5: <= 2 MB each, 200 sessions'
 * hosts in 400 MB): each one's VmRSS and Pss, and the sum over all of them. */
static int host_memory_rows(struct bench *b, const struct s0_session_info *info, size_t n) {
        struct samples rss = { 0 }, pss = { 0 }, sum_rss = { 0 }, sum_pss = { 0 };
        pid_t *pids = calloc(n, sizeof *pids);
        size_t k = 0;
        int r = pids ? 0 : -ENOMEM;

        for (size_t i = 0; r == 0 && i < n; i++) {
                pid_t hp = 0;
                if (info[i].id == 0)
                        continue;
                /* the host starts with the session but asynchronously: wait for it */
                double deadline = now_us() + 5e6;
                while ((r = session_host_pid(b, info[i].anchor_pid, &hp)) == 0 && hp == 0 && now_us() < deadline)
                        sched_yield();
                if (r == 0 && hp == 0) {
                        fprintf(stderr, "bench: session %u has no session host, no host rows\n", info[i].id);
                        free(pids);
                        return 0;
                }
                if (r == 0)
                        pids[k++] = hp;
        }
        fprintf(stderr, "bench: memory of %zu idle session hosts\n", k);
        if (r == 0)
                r = idle_memory(pids, k, SYS_epoll_wait, &rss, &pss);
        free(pids);
        if (r == 0) {
                double t_rss = 0, t_pss = 0;
                for (size_t i = 0; i < rss.n; i++) {
                        t_rss += rss.v[i];
                        t_pss += pss.v[i];
                }
                r = samples_add(&sum_rss, t_rss);
                if (r == 0)
                        r = samples_add(&sum_pss, t_pss);
        }
        if (r == 0) {
                char f_rss[64], f_pss[64];
                snprintf(f_rss, sizeof f_rss, "%zu idle session hosts: total VmRSS", rss.n);
                snprintf(f_pss, sizeof f_pss, "%zu idle session hosts: total Pss", rss.n);
                r = add_row(b, row_of("idle session: s0-sessionhost VmRSS", "-", UNIT_KB, 0, &rss, NULL,
                                      HOST_RSS_TARGET_KB));
                if (r == 0)
                        r = add_row(b, row_of("idle session: s0-sessionhost Pss", "-", UNIT_KB, 0, &pss, NULL, NAN));
                if (r == 0)
                        r = add_row(b, row_of(f_rss, "-", UNIT_KB, 0, &sum_rss, NULL,
                                              HOSTS_TOTAL_TARGET_KB_PER_200 * (double) rss.n / 200.0));
                if (r == 0)
                        r = add_row(b, row_of(f_pss, "-", UNIT_KB, 0, &sum_pss, NULL, NAN));
        }
        samples_free(&rss);
        samples_free(&pss);
        samples_free(&sum_rss);
        samples_free(&sum_pss);
        return r;
}

static int memory_rows(struct bench *b, const struct s0_session_info *info, size_t n, long daemon_growth_kb,
                       unsigned sessions) {
        struct samples rss = { 0 }, pss = { 0 }, raw_rss = { 0 }, raw_pss = { 0 }, sl_rss = { 0 }, sl_pss = { 0 };
        char *anchor_argv[] = { (char *) b->anchor_path, (char *) "--session", (char *) "0", NULL };
        char *sleep_argv[] = { (char *) "/bin/sleep", (char *) "1000", NULL };
        pid_t *pids = calloc(n, sizeof *pids);
        size_t k = 0;
        int r;

        if (!pids)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++)
                if (info[i].id != 0) /* the logged-on ones */
                        pids[k++] = info[i].anchor_pid;
        fprintf(stderr, "bench: memory of %zu idle anchors\n", k);
        r = idle_memory(pids, k, IDLE_ANCHOR_SYSCALL, &rss, &pss);
        free(pids);
        if (r == 0)
                r = plain_memory(b, "plain-anchor", anchor_argv, IDLE_ANCHOR_SYSCALL, &raw_rss, &raw_pss);
        if (r == 0)
                r = plain_memory(b, "plain-sleep", sleep_argv, SYS_clock_nanosleep, &sl_rss, &sl_pss);
        if (r == 0) {
                struct samples growth = { 0 };
                char note[400];
                r = samples_add(&growth, (double) daemon_growth_kb / sessions);
                if (r == 0)
                        r = add_row(b, row_of("idle session: anchor VmRSS", "-", UNIT_KB, 'd', &rss, &raw_rss,
                                              ANCHOR_RSS_TARGET_KB));
                if (r == 0)
                        r = add_row(b, row_of("idle session: anchor Pss", "-", UNIT_KB, 'd', &pss, &raw_pss, NAN));
                if (r == 0)
                        r = add_row(b, row_of("idle session: session0d VmRSS growth", "-", UNIT_KB, 0, &growth,
                                              NULL, NAN));
                snprintf(note, sizeof note,
                         "the same static s0-anchor binary exec'd directly by the bench: no session cgroup, no "
                         "namespaces, no tmpfs (median of %d). For scale, an idle dynamic /bin/sleep: VmRSS %.0f kB, "
                         "Pss %.0f kB. Daemon growth = (VmRSS after - before %u logons) / %u.",
                         PLAIN_COPIES, samples_quantile(&sl_rss, 0.5), samples_quantile(&sl_pss, 0.5), sessions,
                         sessions);
                table_note(&b->table, 'd', note);
                samples_free(&growth);
        }
        if (r == 0)
                r = host_memory_rows(b, info, n);
        samples_free(&rss);
        samples_free(&pss);
        samples_free(&raw_rss);
        samples_free(&raw_pss);
        samples_free(&sl_rss);
        samples_free(&sl_pss);
        return r;
}

/* ---- round trips with many sessions ----------------------------------------------------- */

/* The reply sizes the daemon sends for a list of count sessions (it pages them). */
static size_t list_reply_sizes(size_t count, uint32_t *sizes, size_t max) {
        size_t n = 0;
        do {
                size_t k = count < S0_LIST_ENTRIES_MAX ? count : S0_LIST_ENTRIES_MAX;
                if (n == max)
                        break;
                sizes[n++] = (uint32_t) (sizeof(struct s0_rep_list) + k * sizeof(struct s0_session_info));
                count -= k;
        } while (count > 0);
        return n;
}

/* One WTSEnumerateSessionsW, timed; it must see count sessions. */
static int wts_enumerate(size_t count, struct samples *out) {
        size_t n = 0;
        uint32_t e = 0;
        double t0 = now_us();
        int r = bench_wts_enumerate(&n, &e);
        double t1 = now_us();

        if (r < 0) {
                fprintf(stderr, "bench-sessions: WTSEnumerateSessionsW failed: error %u\n", e);
                return r;
        }
        if (n != count) {
                fprintf(stderr, "bench-sessions: WTSEnumerateSessionsW listed %zu sessions, expected %zu\n", n,
                        count);
                return -EIO;
        }
        return out ? samples_add(out, t1 - t0) : 0;
}

static int bench_list(struct bench *b, const struct placement *p, size_t count) {
        struct samples ours = { 0 }, raw = { 0 }, wts = { 0 };
        uint32_t sizes[64];
        size_t n_sizes = list_reply_sizes(count, sizes, ELEMENTSOF(sizes));
        void *buf = malloc(S0_MSG_SIZE_MAX);
        pid_t server;
        int fd, r;

        if (!buf)
                return -ENOMEM;
        r = raw_pingpong_start(DAEMON_CPU, &server, &fd);
        if (r < 0) {
                free(buf);
                return fail(r, "ping-pong server", NULL);
        }
        fprintf(stderr, "bench: s0_list_sessions with %zu sessions, %u iterations (%s)\n", count, b->n_list, p->name);
        for (unsigned i = 0; r == 0 && i < b->n_list + 20; i++) {
                struct s0_session_info *info = NULL;
                size_t n = 0;
                double t0 = now_us();
                r = s0_list_sessions(b->c, &info, &n);
                double t1 = now_us();
                free(info);
                if (r < 0) {
                        fail(r, "s0_list_sessions", b);
                        break;
                }
                if (n != count) {
                        fprintf(stderr, "bench-sessions: listed %zu sessions, expected %zu\n", n, count);
                        r = -EIO;
                        break;
                }
                double t2 = now_us();
                r = raw_pingpong_call(fd, sizes, n_sizes, buf);
                double t3 = now_us();
                if (r < 0) {
                        fail(r, "ping-pong", NULL);
                        break;
                }
                if (i >= 20 && (samples_add(&ours, t1 - t0) < 0 || samples_add(&raw, t3 - t2) < 0))
                        r = -ENOMEM;
                if (r == 0)
                        r = wts_enumerate(count, i >= 20 ? &wts : NULL);
        }
        raw_pingpong_stop(server, fd);
        free(buf);
        if (r == 0) {
                char figure[64];
                snprintf(figure, sizeof figure, "s0_list_sessions (%zu sessions)", count);
                r = add_row(b, row_of(figure, p->name, UNIT_US, 'e', &ours, &raw, NAN));
                snprintf(figure, sizeof figure, "WTSEnumerateSessionsW (%zu sessions)", count);
                if (r == 0)
                        r = add_row(b, row_of(figure, p->name, UNIT_US, 'e', &wts, &raw, NAN));
                if (p->first) {
                        char note[300];
                        snprintf(note, sizeof note,
                                 "SOCK_SEQPACKET ping-pong, server on CPU %d, with the same datagrams as ours: %zu "
                                 "x (24 B request, reply of %u%s B).",
                                 DAEMON_CPU, n_sizes, sizes[0], n_sizes > 1 ? " then the rest" : "");
                        if (n_sizes == 2)
                                snprintf(note, sizeof note,
                                         "SOCK_SEQPACKET ping-pong, server on CPU %d, with the same datagrams as "
                                         "ours: 24 B -> %u B, then 24 B -> %u B (the daemon pages at %zu entries).",
                                         DAEMON_CPU, sizes[0], sizes[1], (size_t) S0_LIST_ENTRIES_MAX);
                        table_note(&b->table, 'e', note);
                        table_note(&b->table, 'e',
                                   "WTSEnumerateSessionsW (libsession0-win32, as a service calls it): a "
                                   "connection of its own per call (socket + connect + close, as wts.c does), the "
                                   "same LIST, the names packed as UTF-16 into one block, WTSFreeMemory; timed in "
                                   "the same loop as s0_list_sessions, against the same raw samples.");
                }
        }
        samples_free(&ours);
        samples_free(&raw);
        samples_free(&wts);
        return r;
}

/* The bare transport cost of a small request/reply, to read the session-of row against. */
static int bench_pingpong24(struct bench *b, const struct placement *p) {
        static const uint32_t size = sizeof(struct s0_rep_session);
        struct samples s = { 0 };
        void *buf = malloc(S0_MSG_SIZE_MAX);
        pid_t server;
        int fd, r;

        if (!buf)
                return -ENOMEM;
        r = raw_pingpong_start(DAEMON_CPU, &server, &fd);
        if (r < 0) {
                free(buf);
                return fail(r, "ping-pong server", NULL);
        }
        for (unsigned i = 0; r == 0 && i < b->n_session_of + 100; i++) {
                double t0 = now_us();
                r = raw_pingpong_call(fd, &size, 1, buf);
                if (r < 0)
                        fail(r, "ping-pong", NULL);
                else if (i >= 100)
                        r = samples_add(&s, now_us() - t0);
        }
        raw_pingpong_stop(server, fd);
        free(buf);
        b->pingpong24_us[p->index] = samples_quantile(&s, 0.5);
        samples_free(&s);
        return r;
}

static int bench_session_of(struct bench *b, const struct placement *p, pid_t pid, uint32_t expect) {
        struct samples ours = { 0 }, raw = { 0 }, local = { 0 };
        char path[4096];
        int r = bench_pingpong24(b, p);

        fprintf(stderr, "bench: s0_session_of_pid, %u iterations (%s)\n", b->n_session_of, p->name);
        for (unsigned i = 0; r == 0 && i < b->n_session_of + 100; i++) {
                uint32_t id = S0_SESSION_NONE, lid = S0_SESSION_NONE;
                double t0 = now_us();
                r = s0_session_of_pid(b->c, pid, &id);
                double t1 = now_us();
                int k = raw_proc_cgroup(pid, path, sizeof path);
                double t2 = now_us();
                int l = p->first ? s0_pid_session(pid, &lid) : 0;
                double t3 = now_us();
                if (r < 0 || k < 0 || l < 0) {
                        r = fail(r < 0 ? r : k < 0 ? k : l, "session of pid", b);
                        break;
                }
                if (id != expect || (p->first && lid != expect)) {
                        fprintf(stderr, "bench-sessions: pid %d: session %u/%u, expected %u\n", (int) pid, id, lid,
                                expect);
                        r = -EIO;
                        break;
                }
                if (i >= 100 && (samples_add(&ours, t1 - t0) < 0 || samples_add(&raw, t2 - t1) < 0 ||
                                 (p->first && samples_add(&local, t3 - t2) < 0)))
                        r = -ENOMEM;
        }
        if (r == 0)
                r = add_row(b, row_of("s0_session_of_pid (daemon round trip)", p->name, UNIT_US, 'f', &ours, &raw, NAN));
        if (r == 0 && p->first)
                r = add_row(b, row_of("s0_pid_session (in-process, no daemon)", "-", UNIT_US, 'f', &local, &raw, NAN));
        samples_free(&ours);
        samples_free(&raw);
        samples_free(&local);
        return r;
}

/* ---- 200 sessions at once ------------------------------------------------------------------ */

/* Running or sleeping, not a zombie: state is the field after "(comm)" in /proc/PID/stat. */
static bool pid_alive(pid_t pid) {
        char path[64], buf[512], *p;
        FILE *f;
        bool alive = false;

        snprintf(path, sizeof path, "/proc/%d/stat", (int) pid);
        f = fopen(path, "re");
        if (!f)
                return false;
        if (fgets(buf, sizeof buf, f) && (p = strrchr(buf, ')')) && p[1] == ' ')
                alive = strchr("RSD", p[2]) != NULL;
        fclose(f);
        return alive;
}

static int count_live_anchors(const struct s0_session_info *info, size_t n) {
        int live = 0;
        for (size_t i = 0; i < n; i++)
                if (info[i].id != 0 && info[i].anchor_pid > 0 && pid_alive(info[i].anchor_pid))
                        live++;
        return live;
}

static int raw_many(struct bench *b, struct samples *each, struct samples *off_each, double *ret_total) {
        struct raw_session *s = calloc(b->n_sessions, sizeof *s);
        unsigned made = 0;
        int r = 0;

        if (!s)
                return -ENOMEM;
        double t0 = now_us();
        for (; made < b->n_sessions; made++) {
                double t1 = now_us();
                r = raw_session_create(b->raw_root_fd, made + 1, b->ru.uid, b->anchor_path, &s[made]);
                if (r < 0) {
                        fail(r, "raw session", NULL);
                        break;
                }
                if (samples_add(each, now_us() - t1) < 0) {
                        made++;
                        r = -ENOMEM;
                        break;
                }
        }
        *ret_total = now_us() - t0;
        for (unsigned i = 0; i < made; i++) {
                double t1 = now_us();
                int k = raw_session_destroy(b->raw_root_fd, &s[i]);
                if (k < 0 && r == 0)
                        r = fail(k, "raw session teardown", NULL);
                if (samples_add(off_each, now_us() - t1) < 0 && r == 0)
                        r = -ENOMEM;
        }
        free(s);
        return r;
}

static int bench_many(struct bench *b, const struct placement *p) {
        struct samples each = { 0 }, raw_each = { 0 }, total = { 0 }, raw_total = { 0 }, live = { 0 }, off = { 0 },
                       raw_off = { 0 };
        uint32_t *ids = calloc(b->n_sessions, sizeof *ids);
        struct s0_session_info *info = NULL;
        size_t n = 0;
        unsigned made = 0;
        long rss0 = 0, rss1 = 0;
        double t_raw = 0;
        int r;

        if (!ids)
                return -ENOMEM;
        fprintf(stderr, "bench: %u sessions at once (%s)\n", b->n_sessions, p->name);
        r = pin(p->client_cpu);
        if (r == 0)
                r = proc_status_kb(b->daemon_pid, "VmRSS:", &rss0);
        double t0 = now_us();
        for (; r == 0 && made < b->n_sessions; made++) {
                double t1 = now_us();
                r = s0_logon(b->c, b->user, &ids[made]);
                if (r < 0) {
                        fail(r, "s0_logon", b);
                        break;
                }
                r = samples_add(&each, now_us() - t1);
        }
        if (r == 0)
                r = samples_add(&total, (now_us() - t0) / 1000.0);
        if (r == 0)
                r = proc_status_kb(b->daemon_pid, "VmRSS:", &rss1);
        if (r == 0)
                r = s0_list_sessions(b->c, &info, &n);
        if (r == 0)
                r = samples_add(&live, (double) count_live_anchors(info, n));
        if (r == 0 && p->first)
                r = memory_rows(b, info, n, rss1 - rss0, b->n_sessions);
        if (r == 0)
                r = bench_list(b, p, n);
        if (r == 0 && made > 0)
                r = bench_session_of(b, p, info[n - 1].anchor_pid, info[n - 1].id);

        /* log them all off again, whatever happened above */
        for (unsigned i = 0; i < made; i++) {
                double t1 = now_us();
                int k = s0_logoff(b->c, ids[i]);
                if (k < 0 && r == 0)
                        r = fail(k, "s0_logoff", b);
                if (samples_add(&off, now_us() - t1) < 0 && r == 0)
                        r = -ENOMEM;
        }
        free(info);
        free(ids);

        if (r == 0)
                r = pin(DAEMON_CPU);
        if (r == 0)
                r = raw_many(b, &raw_each, &raw_off, &t_raw);
        if (r == 0)
                r = samples_add(&raw_total, t_raw / 1000.0);
        if (r == 0) {
                char f_total[64], f_each[64], f_live[64], f_off[64];
                snprintf(f_total, sizeof f_total, "%u logons back to back: total", b->n_sessions);
                snprintf(f_each, sizeof f_each, "%u logons back to back: each", b->n_sessions);
                snprintf(f_live, sizeof f_live, "%u sessions at once: live anchors", b->n_sessions);
                snprintf(f_off, sizeof f_off, "%u logoffs back to back (idle): each", b->n_sessions);
                r = add_row(b, row_of(f_total, p->name, UNIT_MS, 'c', &total, &raw_total, NAN));
                if (r == 0)
                        r = add_row(b, row_of(f_each, p->name, UNIT_US, 'c', &each, &raw_each, NAN));
                if (r == 0) {
                        struct row lr = row_of(f_live, p->name, UNIT_COUNT, 0, &live, NULL, b->n_sessions);
                        lr.target_is_min = true;
                        r = add_row(b, lr);
                }
                if (r == 0)
                        r = add_row(b, row_of(f_off, p->name, UNIT_US, 'c', &off, &raw_off, NAN));
        }
        samples_free(&each);
        samples_free(&raw_each);
        samples_free(&total);
        samples_free(&raw_total);
        samples_free(&live);
        samples_free(&off);
        samples_free(&raw_off);
        return r;
}

/* ---- the audit journal: events written per second -------------------------------------- */

/* n SPAWNs into a session that does not exist: each refused (-ENOENT), each an event. */
static int refused_spawns(struct s0_client *c, int null_fd, unsigned n) {
        static char *const argv[] = { (char *) "/bin/true", NULL };
        struct s0_spawn_args a = {
                .session = AUDIT_NO_SESSION,
                .argv = argv,
                .fds = { null_fd, null_fd, null_fd },
        };

        for (unsigned i = 0; i < n; i++) {
                pid_t pid;
                int pidfd = -1, r = s0_spawn(c, &a, &pid, &pidfd);
                if (r >= 0) {
                        safe_close(pidfd);
                        return -EEXIST; /* session AUDIT_NO_SESSION exists after all */
                }
                if (r != -ENOENT)
                        return r;
        }
        /* One more round trip: the daemon writes an event after its reply, so this one
         * returns only once the last of the burst is on disk. */
        return s0_console_session(c, &(uint32_t){ 0 });
}

/* The highest seq in the journal's events.log. */
static int journal_seq(const char *dir, uint64_t *ret) {
        char path[4096], buf[AUDIT_TAIL_READ];
        _cleanup_close_ int fd = -1;
        struct stat st;
        off_t off;
        ssize_t n;

        if (snprintf(path, sizeof path, "%s/events.log", dir) >= (int) sizeof path)
                return -ENAMETOOLONG;
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || fstat(fd, &st) < 0)
                return -errno;
        off = st.st_size > AUDIT_TAIL_READ ? st.st_size - AUDIT_TAIL_READ : 0;
        n = pread(fd, buf, sizeof buf, off);
        if (n < 0)
                return -errno;
        return audit_json_tail_seq(buf, (size_t) n, off > 0, ret);
}

static const char *fs_name(const char *dir) {
        struct statfs sf;

        if (statfs(dir, &sf) < 0)
                return "?";
        switch ((unsigned long) sf.f_type) {
        case 0xEF53UL:
                return "ext4";
        case 0x58465342UL:
                return "xfs";
        case 0x9123683EUL:
                return "btrfs";
        case 0x01021994UL:
                return "tmpfs";
        case 0x794C7630UL:
                return "overlayfs";
        default:
                return "another file system";
        }
}

/* One burst of refused crossings in batches, alternating between the daemon under test
 * (journal on) and a second one started with --audit-dir none: the rate each sustains. */
static int bench_audit(struct bench *b, const struct placement *p) {
        struct samples ours = { 0 }, raw = { 0 };
        struct s0_client *none = NULL;
        unsigned batch = b->n_audit / AUDIT_BATCHES ? b->n_audit / AUDIT_BATCHES : 1;
        uint64_t written = 0, seq0, seq1;
        char note[700];
        int r;

        fprintf(stderr, "bench: audit journal, %u refused spawns each with and without it (%s)\n",
                batch * AUDIT_BATCHES, p->name);
        r = s0_client_open(b->noaudit_runtime_dir, &none);
        if (r < 0)
                return fail(r, "cannot connect to the session0d without journal", NULL);
        r = pin(p->client_cpu);
        if (r == 0)
                r = refused_spawns(b->c, b->null_fd, 100); /* warm-up */
        if (r == 0)
                r = refused_spawns(none, b->null_fd, 100);
        for (unsigned i = 0; r == 0 && i < AUDIT_BATCHES; i++) {
                r = journal_seq(b->audit_dir, &seq0);
                if (r < 0) {
                        fail(r, "reading the audit journal", NULL);
                        break;
                }
                double t0 = now_us();
                r = refused_spawns(b->c, b->null_fd, batch);
                double t1 = now_us();
                if (r < 0) {
                        fail(r, "refused spawns (journal)", b);
                        break;
                }
                r = journal_seq(b->audit_dir, &seq1);
                if (r < 0) {
                        fail(r, "reading the audit journal", NULL);
                        break;
                }
                written += seq1 - seq0;
                double t2 = now_us();
                r = refused_spawns(none, b->null_fd, batch);
                double t3 = now_us();
                if (r < 0) {
                        fail(r, "refused spawns (no journal)", NULL);
                        break;
                }
                /* events/s as written: what the journal's seq moved by, over the time taken */
                if (samples_add(&ours, (double) (seq1 - seq0) * 1e6 / (t1 - t0)) < 0 ||
                    samples_add(&raw, batch * 1e6 / (t3 - t2)) < 0)
                        r = -ENOMEM;
        }
        s0_client_close(none);
        if (r == 0)
                r = add_row(b, row_of("audit: events written per second", p->name, UNIT_PER_S, 'l', &ours, &raw,
                                      NAN));
        if (r == 0) {
                snprintf(note, sizeof note,
                         "a burst of refused SPAWNs (root, into a session that does not exist: -ENOENT, the "
                         "cheapest refusal, so the journal's share is at its largest), %u batches of %u. Ours: events "
                         "per second as written to the journal (%s, %s; its seq moved by %" PRIu64 " for %u "
                         "refusals). Raw: the same burst, interleaved, against a second session0d started with "
                         "--audit-dir none (ring and followers only, no file). ours/raw = the crossing rate kept with "
                         "the journal on.",
                         AUDIT_BATCHES, batch, b->audit_dir, fs_name(b->audit_dir), written, AUDIT_BATCHES * batch);
                table_note(&b->table, 'l', note);
        }
        samples_free(&ours);
        samples_free(&raw);
        return r;
}

/* ---- main ---------------------------------------------------------------------------------- */

static void notes(struct bench *b, bool split) {
        char note[700];
        snprintf(note, sizeof note,
                 "raw logon: mkdir session cgroup + 2 xattrs + anchor/ leaf, clone3(CLONE_INTO_CGROUP|CLONE_NEWNS|"
                 "CLONE_NEWIPC|CLONE_PIDFD) of s0-anchor whose child sets / MS_REC|MS_SLAVE and mounts tmpfs on /tmp, "
                 "/var/tmp and /dev/shm; then mkdir user/ + clone3(CLONE_INTO_CGROUP) of /bin/true that setns()es into "
                 "the anchor, setgroups/setresgid/setresuid to the user, joins a new session keyring; each exec confirmed by EOF on a CLOEXEC pipe. "
                 "As spawn.c does, minus the protocol and the passwd lookups. Run by the bench on CPU %d.",
                 DAEMON_CPU);
        table_note(&b->table, 'a', note);
        snprintf(note, sizeof note,
                 "raw logoff: %d `sleep 1000` forked by the bench into one cgroup; timed: write \"1\" to cgroup.kill, "
                 "poll(POLLPRI) cgroup.events until \"populated 0\", rmdir. Ours also kills the anchor and removes 3 "
                 "cgroups (session, anchor/, user/).",
                 LOGOFF_PROCS);
        table_note(&b->table, 'b', note);
        table_note(&b->table, 'c',
                   "raw: the session part of (a) -- cgroups, xattrs, anchor with its namespaces and mounts -- "
                   "repeated, all kept alive together; then each torn down: cgroup.kill, wait for \"populated 0\", "
                   "rmdir of the 2 cgroups, reap the anchor.");
        snprintf(note, sizeof note,
                 "raw: open + read + close of /proc/PID/cgroup in the client, picking the \"0::\" line (PID = an "
                 "anchor). For scale, a bare 24-byte SOCK_SEQPACKET round trip: %.1f µs pinned, %.1f µs split.",
                 b->pingpong24_us[0], b->pingpong24_us[1]);
        table_note(&b->table, 'f', note);
        snprintf(note, sizeof note,
                 "cpus: pinned = session0d and the client on CPU %d (taskset -c %d); split = session0d on CPU %d, "
                 "client on CPU 1%s. Processes the daemon starts inherit its CPU. Single-process raw baselines "
                 "(a, b, c) run on CPU %d, where the daemon does that work, in both placements.",
                 DAEMON_CPU, DAEMON_CPU, DAEMON_CPU, split ? "" : " (skipped: only one CPU online)", DAEMON_CPU);
        table_note(&b->table, 'o', note);
}

static void help(void) {
        printf("Usage: bench-sessions --runtime-dir DIR --user USER --daemon-pid PID --anchor PATH\n"
               "                      --raw-cgroup ABSPATH [--logons N] [--logoffs N] [--sessions N]\n"
               "                      [--list N] [--session-of N] [--rows FILE]\n"
               "                      [--audit-dir DIR --noaudit-runtime-dir DIR [--audit-events N]]\n"
               "Run by scripts/bench.sh (make bench) as root, against a session0d pinned to CPU 0.\n");
}

static int parse_uint(const char *s, unsigned *ret) {
        uint32_t v;
        if (safe_atou32(s, &v) < 0 || v == 0 || v > 100000)
                return -EINVAL;
        *ret = v;
        return 0;
}

static int parse_args(int argc, char **argv, struct bench *b, const char **raw_cgroup) {
        enum { A_RUNTIME = 0x100, A_USER, A_DPID, A_ANCHOR, A_RAW, A_LOGONS, A_LOGOFFS, A_SESSIONS, A_LIST, A_SOF,
               A_ROWS, A_AUDIT_DIR, A_NOAUDIT, A_AUDIT_N };
        static const struct option opts[] = {
                { "help", no_argument, NULL, 'h' },
                { "runtime-dir", required_argument, NULL, A_RUNTIME },
                { "user", required_argument, NULL, A_USER },
                { "daemon-pid", required_argument, NULL, A_DPID },
                { "anchor", required_argument, NULL, A_ANCHOR },
                { "raw-cgroup", required_argument, NULL, A_RAW },
                { "logons", required_argument, NULL, A_LOGONS },
                { "logoffs", required_argument, NULL, A_LOGOFFS },
                { "sessions", required_argument, NULL, A_SESSIONS },
                { "list", required_argument, NULL, A_LIST },
                { "session-of", required_argument, NULL, A_SOF },
                { "rows", required_argument, NULL, A_ROWS },
                { "audit-dir", required_argument, NULL, A_AUDIT_DIR },
                { "noaudit-runtime-dir", required_argument, NULL, A_NOAUDIT },
                { "audit-events", required_argument, NULL, A_AUDIT_N },
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
                case A_USER:
                        b->user = optarg;
                        break;
                case A_DPID: {
                        int32_t pid;
                        r = safe_atoi32(optarg, &pid) < 0 || pid <= 0 ? -EINVAL : 0;
                        b->daemon_pid = pid;
                        break;
                }
                case A_ANCHOR:
                        b->anchor_path = optarg;
                        break;
                case A_RAW:
                        *raw_cgroup = optarg;
                        break;
                case A_LOGONS:
                        r = parse_uint(optarg, &b->n_logons);
                        break;
                case A_LOGOFFS:
                        r = parse_uint(optarg, &b->n_logoffs);
                        break;
                case A_SESSIONS:
                        r = parse_uint(optarg, &b->n_sessions);
                        break;
                case A_LIST:
                        r = parse_uint(optarg, &b->n_list);
                        break;
                case A_SOF:
                        r = parse_uint(optarg, &b->n_session_of);
                        break;
                case A_ROWS:
                        b->rows_path = optarg;
                        break;
                case A_AUDIT_DIR:
                        b->audit_dir = optarg;
                        break;
                case A_NOAUDIT:
                        b->noaudit_runtime_dir = optarg;
                        break;
                case A_AUDIT_N:
                        r = parse_uint(optarg, &b->n_audit);
                        break;
                default:
                        return -EINVAL;
                }
                if (r < 0) {
                        fprintf(stderr, "bench-sessions: invalid number '%s'\n", optarg);
                        return r;
                }
        }
        if (!b->runtime_dir || !b->user || b->daemon_pid <= 0 || !b->anchor_path || !*raw_cgroup ||
            !b->audit_dir != !b->noaudit_runtime_dir) {
                help();
                return -EINVAL;
        }
        return 1;
}

int main(int argc, char **argv) {
        struct bench b = { .n_logons = 200, .n_logoffs = 30, .n_sessions = 200, .n_list = 300,
                           .n_session_of = 2000, .n_audit = 20000, .raw_root_fd = -1, .null_fd = -1,
                           .pingpong24_us = { NAN, NAN } };
        struct placement placements[] = { { "pinned", DAEMON_CPU, true, 0 }, { "split", 1, false, 1 } };
        const char *raw_cgroup = NULL;
        bool split;
        int r;

        r = parse_args(argc, argv, &b, &raw_cgroup);
        if (r <= 0)
                return r < 0 ? 2 : 0;
        if (geteuid() != 0) {
                fprintf(stderr, "bench-sessions: must run as root\n");
                return 1;
        }
        /* s0_pid_session() finds the daemon's cgroup root through the environment */
        setenv("S0_RUNTIME_DIR", b.runtime_dir, 1);
        signal(SIGPIPE, SIG_IGN);
        split = cpus_online() >= 2;
        r = pid_single_cpu(b.daemon_pid);
        if (r != DAEMON_CPU)
                fprintf(stderr, "bench-sessions: warning: session0d (pid %d) is not pinned to CPU %d alone\n",
                        (int) b.daemon_pid, DAEMON_CPU);
        r = raw_user_lookup(b.user, &b.ru);
        if (r < 0)
                fail(r, b.user, NULL);
        if (r == 0) {
                b.raw_root_fd = open(raw_cgroup, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (b.raw_root_fd < 0)
                        r = fail(-errno, raw_cgroup, NULL);
        }
        if (r == 0) {
                b.null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
                if (b.null_fd < 0)
                        r = fail(-errno, "/dev/null", NULL);
        }
        if (r == 0) {
                r = s0_client_open(b.runtime_dir, &b.c);
                if (r < 0)
                        fail(r, "cannot connect to session0d", NULL);
        }
        for (size_t i = 0; r == 0 && i < ELEMENTSOF(placements); i++) {
                const struct placement *p = &placements[i];
                if (!split && p->client_cpu != DAEMON_CPU)
                        continue;
                r = bench_logon(&b, p);
                if (r == 0)
                        r = bench_logoff(&b, p);
                if (r == 0)
                        r = bench_many(&b, p);
        }
        /* The journal's cost is the daemon's: measured once, with the client off its CPU
         * where there is another, so that the daemon's own rate shows. */
        if (r == 0 && b.audit_dir)
                r = bench_audit(&b, &placements[split ? 1 : 0]);
        if (r == 0 && b.rows_path) {
                /* bench-objects' rows (scripts/bench.sh ran it inside a session): one table */
                int k = table_read(&b.table, b.rows_path);
                if (k < 0)
                        fprintf(stderr, "bench-sessions: cannot read rows from '%s': %s, ignoring\n", b.rows_path,
                                strerror(-k));
        }
        if (r == 0) {
                notes(&b, split);
                table_print(&b.table);
        }
        table_free(&b.table);
        s0_client_close(b.c);
        safe_close(b.null_fd);
        safe_close(b.raw_root_fd);
        return r < 0 ? 1 : 0;
}
