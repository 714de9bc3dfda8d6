/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench-pipes: the named-pipe figure of issue 7 next to the raw Linux primitive it is
 * built on, measured in the same run between the same two processes:
 *
 *   named-pipe message round trip        a SOCK_SEQPACKET socketpair round trip
 *
 * "ours" is s0_pipe_write() + s0_pipe_read() on a message pipe made with s0_pipe_create()
 * and s0_pipe_open() (what WriteFile/ReadFile call, minus the handle lookup); "raw" is
 * send() + recv() on a socketpair. The partner echoes both; batches alternate ours, raw,
 * ours... on a schedule both processes know, so no control message is on the clock.
 * Placements: "pinned" both on CPU 0, "split" the partner on CPU 1. Rows go to stdout in
 * table_write()'s form for bench-sessions to print (scripts/bench.sh); target ours/raw
 * <= 1.3x. Needs a session0d serving --runtime-dir (for <runtime>/pipes), not a session.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <session0/pipes.h>

#include "bench-util.h"
#include "shared/parse-util.h"

#define MAIN_CPU 0
#define SPLIT_CPU 1
#define RATIO_TARGET 1.3
#define TRIPS_PER_BATCH 100u
#define MESSAGE_SIZE 64u
#define PHASE_ALARM_S 60u

struct bench {
        const char *runtime_dir;
        unsigned n_trips;
        struct table table;
};

static int fail(int r, const char *what) {
        fprintf(stderr, "bench-pipes: %s: %s\n", what, strerror(-r));
        return r;
}

/* The partner: echoes every message, batch by batch, on the agreed fd. */
static int partner(struct s0_pipe *ours, int raw, unsigned batches) {
        char buf[MESSAGE_SIZE];
        size_t n;

        for (unsigned b = 0; b < batches; b++)
                for (unsigned i = 0; i < TRIPS_PER_BATCH; i++) {
                        if (b % 2 == 0) {
                                if (s0_pipe_read(ours, buf, sizeof buf, &n) < 0 || s0_pipe_write(ours, buf, n, &n) < 0)
                                        return 1;
                        } else if (recv(raw, buf, sizeof buf, 0) <= 0 || send(raw, buf, MESSAGE_SIZE, 0) < 0)
                                return 1;
                }
        return 0;
}

static int round_trips(struct bench *b, const char *placement, int partner_cpu) {
        struct s0_pipe_create_args a = {
                .runtime_dir = b->runtime_dir,
                .name = "s0-bench-pipe",
                .flags = S0_PIPE_MESSAGE | S0_PIPE_READ_MESSAGE | S0_PIPE_FIRST_INSTANCE,
                .max_instances = 1,
        };
        unsigned batches = 2 * (b->n_trips / TRIPS_PER_BATCH + 1); /* + one warm-up pair */
        struct samples ours = { 0 }, raw = { 0 };
        struct s0_pipe *server = NULL, *client = NULL;
        char buf[MESSAGE_SIZE] = "ping";
        int sp[2], r, status;
        struct row row;
        pid_t pid;
        size_t n;

        r = s0_pipe_create(&a, &server);
        if (r < 0)
                return fail(r, "s0_pipe_create");
        r = s0_pipe_open(b->runtime_dir, a.name, &client);
        if (r < 0) {
                s0_pipe_close(server);
                return fail(r, "s0_pipe_open");
        }
        (void) s0_pipe_set_read_message(client, true);
        r = s0_pipe_connect(server);
        if (r < 0 || socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) < 0) {
                s0_pipe_close(server);
                s0_pipe_close(client);
                return fail(r < 0 ? r : -errno, "connect");
        }
        fprintf(stderr, "bench: named-pipe message round trip, %u round trips (%s)\n", b->n_trips, placement);
        pid = fork();
        if (pid == 0) {
                (void) prctl(PR_SET_PDEATHSIG, SIGKILL);
                alarm(PHASE_ALARM_S);
                (void) pin_to_cpu(partner_cpu);
                _exit(partner(server, sp[1], batches));
        }
        (void) pin_to_cpu(MAIN_CPU);
        for (unsigned i = 0; pid > 0 && i < batches; i++) {
                double t0 = now_us();
                for (unsigned k = 0; k < TRIPS_PER_BATCH; k++) {
                        if (i % 2 == 0) {
                                if (s0_pipe_write(client, buf, sizeof buf, &n) < 0 ||
                                    s0_pipe_read(client, buf, sizeof buf, &n) < 0)
                                        goto broken;
                        } else if (send(sp[0], buf, sizeof buf, 0) < 0 || recv(sp[0], buf, sizeof buf, 0) <= 0)
                                goto broken;
                }
                if (i >= 2)
                        (void) samples_add(i % 2 == 0 ? &ours : &raw, (now_us() - t0) / TRIPS_PER_BATCH);
        }
        row = row_of("named-pipe message round trip", placement, UNIT_US, 'p', &ours, &raw, RATIO_TARGET);
        row.target_is_ratio = true;
        r = table_add(&b->table, &row);
        goto done;
broken:
        r = fail(-EPIPE, "round trip");
done:
        if (pid > 0)
                (void) waitpid(pid, &status, 0);
        close(sp[0]);
        close(sp[1]);
        s0_pipe_close(client);
        s0_pipe_close(server);
        samples_free(&ours);
        samples_free(&raw);
        return r;
}

static int parse_uint(const char *s, unsigned min, unsigned max, unsigned *ret) {
        uint32_t v;

        if (safe_atou32(s, &v) < 0 || v < min || v > max)
                return -EINVAL;
        *ret = v;
        return 0;
}

int main(int argc, char **argv) {
        static const struct option options[] = {
                { "runtime-dir", required_argument, NULL, 'R' },
                { "iterations", required_argument, NULL, 'n' },
                {},
        };
        struct bench b = { .n_trips = 20000 };
        int c, r;

        while ((c = getopt_long(argc, argv, "", options, NULL)) >= 0)
                switch (c) {
                case 'R':
                        b.runtime_dir = optarg;
                        break;
                case 'n':
                        r = parse_uint(optarg, 100, 10000000, &b.n_trips);
                        if (r < 0) {
                                fprintf(stderr, "bench-pipes: bad --iterations '%s'\n", optarg);
                                return 2;
                        }
                        break;
                default:
                        return 2;
                }
        r = round_trips(&b, "pinned", MAIN_CPU);
        if (r == 0 && cpus_online() > 1)
                r = round_trips(&b, "split", SPLIT_CPU);
        if (r == 0) {
                table_note(&b.table, 'p',
                           "send()+recv() of 64 bytes on a SOCK_SEQPACKET socketpair between the same two processes "
                           "(ours: s0_pipe_write()+s0_pipe_read() on a \\\\.\\pipe\\ message pipe)");
                r = table_write(&b.table, stdout);
        }
        table_free(&b.table);
        return r < 0 ? 1 : 0;
}
