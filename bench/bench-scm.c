/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench-scm: the service figures of issue 6, each next to the raw Linux primitive it is
 * built on, measured in the same run:
 *
 *   start -> RUNNING, trivial service      posix_spawn + waitpid of the same binary
 *   200 services in dependency order       200 of those, one after the other
 *   lock -> SESSIONCHANGE delivered        a pipe write to a child that appends a line,
 *                                          seen through inotify, as the service's is
 *   s0-scm idle VmRSS
 *
 * Windows code (libsession0-win32): the service API as a client calls it. "start ->
 * RUNNING" is StartService until QueryServiceStatus says SERVICE_RUNNING (polled in a
 * tight loop: each poll is one round trip to s0-scm), then the service is stopped
 * untimed. The service is tests/scm/test-service, which reports START_PENDING, then
 * RUNNING, as real services do. s0-scm and session0d run on CPU 0 (scripts/bench.sh
 * starts them there); this program runs on CPU 0 (pinned) or CPU 1 (split).
 * Rows go to stdout in table_write()'s form for bench-sessions to print.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <session0/session0.h>
#include <windows.h>

#include "bench-util.h"

#define MAIN_CPU 0
#define SPLIT_CPU 1
#define START_TARGET_US 5000.0
#define CHAIN 200u
#define POLL_LIMIT 200000u /* polls of QueryServiceStatus before a start counts as failed */

extern char **environ;

struct bench {
        const char *runtime_dir, *service_bin, *out_dir;
        pid_t scm_pid;
        uint32_t lock_session;
        unsigned n_starts, n_notify;
        SC_HANDLE mgr;
        struct table table;
};

static int fail(const char *what) {
        fprintf(stderr, "bench-scm: %s (error %lu)\n", what, (unsigned long) GetLastError());
        return -1;
}

static SC_HANDLE create(struct bench *b, const char *name, const char *deps, const char *args) {
        char bin[1024];

        snprintf(bin, sizeof bin, "%s %s/%s%s", b->service_bin, b->out_dir, name, args);
        return CreateServiceA(b->mgr, name, name, SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS, SERVICE_DEMAND_START,
                              SERVICE_ERROR_NORMAL, bin, NULL, NULL, deps, NULL, NULL);
}

static int wait_state(SC_HANDLE h, DWORD want) {
        SERVICE_STATUS st;

        for (unsigned i = 0; i < POLL_LIMIT; i++) {
                if (!QueryServiceStatus(h, &st))
                        return -1;
                if (st.dwCurrentState == want)
                        return 0;
                if (want == SERVICE_RUNNING && st.dwCurrentState == SERVICE_STOPPED && i > 0 &&
                    st.dwWin32ExitCode != 0)
                        return -1;
        }
        return -1;
}

static int stop(SC_HANDLE h) {
        SERVICE_STATUS st;
        if (!ControlService(h, SERVICE_CONTROL_STOP, &st) && GetLastError() != ERROR_SERVICE_NOT_ACTIVE)
                return -1;
        return wait_state(h, SERVICE_STOPPED);
}

static double raw_spawn_us(const char *bin) {
        char *argv[] = { (char *) bin, NULL };
        double t0 = now_us();
        pid_t pid;
        int status;
        posix_spawn_file_actions_t fa;

        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0); /* its usage line */
        if (posix_spawn(&pid, bin, &fa, NULL, argv, environ) != 0) {
                posix_spawn_file_actions_destroy(&fa);
                return NAN;
        }
        posix_spawn_file_actions_destroy(&fa);
        (void) waitpid(pid, &status, 0);
        return now_us() - t0;
}

static int starts(struct bench *b, const char *placement) {
        struct samples ours = { 0 }, raw = { 0 };
        SC_HANDLE h = create(b, "bench-trivial", NULL, "");
        int r = 0;

        if (!h)
                return fail("CreateService bench-trivial");
        for (unsigned i = 0; i < b->n_starts && r == 0; i++) {
                double t0 = now_us();
                if (!StartServiceA(h, 0, NULL) || wait_state(h, SERVICE_RUNNING) < 0) {
                        r = fail("start bench-trivial");
                        break;
                }
                (void) samples_add(&ours, now_us() - t0);
                if (stop(h) < 0)
                        r = fail("stop bench-trivial");
                (void) samples_add(&raw, raw_spawn_us(b->service_bin));
        }
        if (r == 0) {
                struct row row = row_of("service start -> RUNNING (trivial)", placement, UNIT_US, 's', &ours, &raw,
                                        START_TARGET_US);
                (void) table_add(&b->table, &row);
        }
        (void) DeleteService(h);
        (void) CloseServiceHandle(h);
        samples_free(&ours);
        samples_free(&raw);
        return r;
}

/* svc-0 <- svc-1 <- ... <- svc-199: starting the last starts all, in order. */
static int chain(struct bench *b) {
        SC_HANDLE h[CHAIN] = { 0 };
        struct samples ours = { 0 }, raw = { 0 };
        char name[32], dep[40];
        double t0, t;
        int r = 0;

        for (unsigned i = 0; i < CHAIN && r == 0; i++) {
                snprintf(name, sizeof name, "bench-chain-%u", i);
                /* lpDependencies: a double-NUL-terminated list */
                memset(dep, 0, sizeof dep);
                if (i)
                        snprintf(dep, sizeof dep - 1, "bench-chain-%u", i - 1);
                h[i] = create(b, name, i ? dep : NULL, "");
                if (!h[i])
                        r = fail("CreateService bench-chain");
        }
        if (r == 0) {
                t0 = now_us();
                if (!StartServiceA(h[CHAIN - 1], 0, NULL) || wait_state(h[CHAIN - 1], SERVICE_RUNNING) < 0)
                        r = fail("start the chain");
                t = now_us() - t0;
                (void) samples_add(&ours, t / 1000.0);
                t0 = now_us();
                for (unsigned i = 0; i < CHAIN; i++)
                        (void) raw_spawn_us(b->service_bin);
                (void) samples_add(&raw, (now_us() - t0) / 1000.0);
                if (r == 0) {
                        struct row row = row_of("200 services, dependency order: total", "pinned", UNIT_MS, 'm', &ours,
                                                &raw, NAN);
                        (void) table_add(&b->table, &row);
                }
        }
        for (unsigned i = CHAIN; i-- > 0;)
                if (h[i]) {
                        (void) stop(h[i]);
                        (void) DeleteService(h[i]);
                        (void) CloseServiceHandle(h[i]);
                }
        samples_free(&ours);
        samples_free(&raw);
        return r;
}

static off_t file_size(const char *path) {
        struct stat st;
        return stat(path, &st) < 0 ? -1 : st.st_size;
}

/* Blocks until path is longer than *size (inotify wakes us; the size decides, so an
 * event left over from an earlier write cannot end the wait early); bounded: 10 s. */
static int wait_grown(int ino, const char *path, off_t *size) {
        char buf[4096];
        double end = now_us() + 10e6;

        for (;;) {
                off_t now = file_size(path);
                struct pollfd p = { .fd = ino, .events = POLLIN };

                if (now > *size) {
                        *size = now;
                        return 0;
                }
                if (now_us() > end || poll(&p, 1, 1000) < 0)
                        return -1;
                if (p.revents && read(ino, buf, sizeof buf) < 0)
                        return -1;
        }
}

static int notify(struct bench *b, const char *placement) {
        struct samples ours = { 0 }, raw = { 0 };
        struct s0_client *c = NULL;
        char path[512], rawpath[512];
        SC_HANDLE h = create(b, "bench-notify", NULL, " --sessionchange");
        int ino = -1, wd, r = 0, pfd[2] = { -1, -1 };
        pid_t child = -1;

        if (!h || !StartServiceA(h, 0, NULL) || wait_state(h, SERVICE_RUNNING) < 0)
                return fail("start bench-notify");
        snprintf(path, sizeof path, "%s/bench-notify", b->out_dir);
        snprintf(rawpath, sizeof rawpath, "%s/raw-notify", b->out_dir);
        ino = inotify_init1(IN_CLOEXEC);
        wd = ino < 0 ? -1 : inotify_add_watch(ino, path, IN_MODIFY);
        if (wd < 0 || s0_client_open(b->runtime_dir, &c) < 0 || pipe2(pfd, O_CLOEXEC) < 0) {
                fprintf(stderr, "bench-scm: cannot watch '%s' or connect: %m\n", path);
                r = -1;
                goto out;
        }
        /* the raw partner: one byte in, one line appended to a file */
        child = fork();
        if (child == 0) {
                char x;
                (void) close(pfd[1]); /* else our own copy keeps read() from ever seeing EOF */
                int fd = open(rawpath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
                (void) pin_to_cpu(MAIN_CPU); /* where s0-scm and its services are */
                while (fd >= 0 && read(pfd[0], &x, 1) == 1)
                        if (write(fd, "SESSIONCHANGE raw\n", 18) != 18)
                                break;
                _exit(0);
        }
        (void) close(pfd[0]);
        pfd[0] = -1;
        {
                int fd = open(rawpath, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
                if (fd >= 0)
                        (void) close(fd);
        }
        if (inotify_add_watch(ino, rawpath, IN_MODIFY) < 0) {
                fprintf(stderr, "bench-scm: cannot watch '%s': %m\n", rawpath);
                r = -1;
                goto out;
        }
        off_t size = file_size(path), raw_size = file_size(rawpath);
        for (unsigned i = 0; i < b->n_notify && r == 0; i++) {
                double t0 = now_us();
                if (s0_lock_session(c, b->lock_session, i % 2 == 1) < 0 || wait_grown(ino, path, &size) < 0) {
                        fprintf(stderr, "bench-scm: lock %u not delivered\n", i);
                        r = -1;
                        break;
                }
                (void) samples_add(&ours, now_us() - t0);
                t0 = now_us();
                if (write(pfd[1], "x", 1) != 1 || wait_grown(ino, rawpath, &raw_size) < 0) {
                        fprintf(stderr, "bench-scm: the raw partner did not write\n");
                        r = -1;
                        break;
                }
                (void) samples_add(&raw, now_us() - t0);
        }
        if (r == 0) {
                struct row row = row_of("lock -> SESSIONCHANGE in the service", placement, UNIT_US, 'n', &ours, &raw,
                                        NAN);
                (void) table_add(&b->table, &row);
        }
        if (b->n_notify % 2 == 1)
                (void) s0_lock_session(c, b->lock_session, true);
out:
        if (pfd[1] >= 0)
                (void) close(pfd[1]);
        if (child > 0)
                (void) waitpid(child, NULL, 0);
        if (ino >= 0)
                (void) close(ino);
        s0_client_close(c);
        (void) stop(h);
        (void) DeleteService(h);
        (void) CloseServiceHandle(h);
        samples_free(&ours);
        samples_free(&raw);
        return r;
}

static void rss_row(struct bench *b) {
        long kb;
        struct samples ours = { 0 };

        int r = proc_status_kb(b->scm_pid, "VmRSS:", &kb);
        if (r < 0) {
                fprintf(stderr, "bench-scm: VmRSS of s0-scm (pid %d): %s, no row\n", (int) b->scm_pid, strerror(-r));
                return;
        }
        (void) samples_add(&ours, (double) kb);
        struct row row = row_of("s0-scm idle VmRSS", "-", UNIT_KB, 0, &ours, NULL, NAN);
        (void) table_add(&b->table, &row);
        samples_free(&ours);
}

int main(int argc, char **argv) {
        static const struct option opts[] = {
                { "runtime-dir", required_argument, NULL, 'r' }, { "service", required_argument, NULL, 's' },
                { "out-dir", required_argument, NULL, 'o' },     { "scm-pid", required_argument, NULL, 'p' },
                { "lock-session", required_argument, NULL, 'l' }, { "starts", required_argument, NULL, 'n' },
                {},
        };
        struct bench b = { .n_starts = 30, .n_notify = 30 };
        int c, r = 0;

        while ((c = getopt_long(argc, argv, "", opts, NULL)) >= 0)
                switch (c) {
                case 'r': b.runtime_dir = optarg; break;
                case 's': b.service_bin = optarg; break;
                case 'o': b.out_dir = optarg; break;
                case 'p': b.scm_pid = (pid_t) atoi(optarg); break;
                case 'l': b.lock_session = (uint32_t) atoi(optarg); break;
                case 'n': b.n_starts = b.n_notify = (unsigned) atoi(optarg); break;
                default:
                        return 2;
                }
        if (!b.runtime_dir || !b.service_bin || !b.out_dir || !b.scm_pid || !b.lock_session) {
                fprintf(stderr, "usage: bench-scm --runtime-dir DIR --service BIN --out-dir DIR --scm-pid PID "
                                "--lock-session N [--starts N]\n");
                return 2;
        }
        setenv("S0_RUNTIME_DIR", b.runtime_dir, 1);
        b.mgr = OpenSCManagerA(NULL, NULL, SC_MANAGER_ALL_ACCESS);
        if (!b.mgr)
                return fail("OpenSCManager") ? 1 : 1;
        rss_row(&b);
        const struct { const char *placement; int cpu; } places[] = { { "pinned", MAIN_CPU }, { "split", SPLIT_CPU } };
        for (size_t i = 0; i < 2 && r == 0; i++) {
                (void) pin_to_cpu(places[i].cpu);
                r = starts(&b, places[i].placement);
                if (r == 0)
                        r = notify(&b, places[i].placement);
        }
        (void) pin_to_cpu(MAIN_CPU);
        if (r == 0)
                r = chain(&b);
        table_note(&b.table, 's',
                   "StartService until QueryServiceStatus reads SERVICE_RUNNING (tests/scm/test-service, which "
                   "reports START_PENDING then RUNNING); raw: posix_spawn + waitpid of the same binary. s0-scm and "
                   "session0d on CPU 0; the client on CPU 0 (pinned) or 1 (split).");
        table_note(&b.table, 'm',
                   "200 services each depending on the one before: StartService of the last starts all, one after "
                   "the other, until it is RUNNING; raw: 200 posix_spawn + waitpid of the same binary in a row.");
        table_note(&b.table, 'n',
                   "s0_lock_session() until the service's handler appended its SESSIONCHANGE line (inotify): "
                   "session0d -> journal -> s0-scm -> the service's dispatcher -> HandlerEx; raw: one byte through a "
                   "pipe to a child on CPU 0 that appends a line, seen through inotify.");
        if (table_write(&b.table, stdout) < 0)
                r = -1;
        table_free(&b.table);
        (void) CloseServiceHandle(b.mgr);
        return r < 0 ? 1 : 0;
}
