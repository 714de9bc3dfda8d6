/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench-drvhost: the device figures of issue 9 next to the raw Linux primitives they are
 * built on, measured in the same run:
 *
 *   DeviceIoControl round trip     send()+recv() of the same bytes on a Unix stream socket
 *                                  to an echoing process on the host's CPU
 *   idle RSS of s0-drvhost / of a driver host process   an idle minimal process (fork()ed)
 *
 * "ours" is DeviceIoControl(IOCTL_ECHO_ECHO, 64 bytes in, 64 out) on \\.\echo, served by
 * the echo driver in its s0-drvhost-worker (scripts/bench.sh starts s0-drvhost --console
 * on CPU 0). Batches alternate ours, raw, ours... Placements: "pinned" the client on
 * CPU 0 with the host, "split" on CPU 1. Target ours/raw <= 1.5x. Rows go to stdout in
 * table_write()'s form for bench-sessions to print.
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

#include <session0/driver/samples.h>

#include "bench-util.h"
#include "windows.h"

#define HOST_CPU 0
#define SPLIT_CPU 1
#define RATIO_TARGET 1.5
#define TRIPS_PER_BATCH 100u
#define MESSAGE_SIZE 64u
#define PHASE_ALARM_S 60u

struct bench {
        unsigned n_trips;
        pid_t host_pid, worker_pid;
        struct table table;
};

static int raw_partner(int fd) {
        char buf[MESSAGE_SIZE];

        for (;;) {
                ssize_t n = recv(fd, buf, sizeof buf, MSG_WAITALL);

                if (n <= 0)
                        return n < 0;
                if (send(fd, buf, (size_t) n, MSG_NOSIGNAL) != n)
                        return 1;
        }
}

static int round_trips(struct bench *b, const char *placement, int client_cpu) {
        unsigned batches = 2 * (b->n_trips / TRIPS_PER_BATCH + 1); /* + one warm-up pair */
        struct samples ours = { 0 }, raw = { 0 };
        char in[MESSAGE_SIZE] = "ping", out[MESSAGE_SIZE];
        int sp[2], r = 0, status;
        struct row row;
        HANDLE h;
        DWORD n;
        pid_t pid;

        h = CreateFileA("\\\\.\\echo", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
        if (h == INVALID_HANDLE_VALUE) {
                fprintf(stderr, "bench-drvhost: CreateFile \\\\.\\echo: error %u\n", (unsigned) GetLastError());
                return -ENOENT;
        }
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) < 0) {
                CloseHandle(h);
                return -errno;
        }
        fprintf(stderr, "bench: DeviceIoControl round trip, %u round trips (%s)\n", b->n_trips, placement);
        pid = fork();
        if (pid == 0) {
                (void) prctl(PR_SET_PDEATHSIG, SIGKILL);
                alarm(PHASE_ALARM_S);
                (void) pin_to_cpu(HOST_CPU);
                close(sp[0]);
                _exit(raw_partner(sp[1]));
        }
        close(sp[1]);
        (void) pin_to_cpu(client_cpu);
        for (unsigned i = 0; pid > 0 && i < batches; i++) {
                double t0 = now_us();

                for (unsigned k = 0; k < TRIPS_PER_BATCH; k++) {
                        if (i % 2 == 0) {
                                if (!DeviceIoControl(h, IOCTL_ECHO_ECHO, in, sizeof in, out, sizeof out, &n, NULL))
                                        goto broken;
                        } else if (send(sp[0], in, sizeof in, 0) != sizeof in ||
                                   recv(sp[0], out, sizeof out, MSG_WAITALL) != sizeof out)
                                goto broken;
                }
                if (i >= 2)
                        (void) samples_add(i % 2 == 0 ? &ours : &raw, (now_us() - t0) / TRIPS_PER_BATCH);
        }
        row = row_of("DeviceIoControl round trip", placement, UNIT_US, 'y', &ours, &raw, RATIO_TARGET);
        row.target_is_ratio = true;
        r = table_add(&b->table, &row);
        goto done;
broken:
        fprintf(stderr, "bench-drvhost: round trip broke (error %u)\n", (unsigned) GetLastError());
        r = -EPIPE;
done:
        close(sp[0]);
        if (pid > 0)
                (void) waitpid(pid, &status, 0);
        CloseHandle(h);
        samples_free(&ours);
        samples_free(&raw);
        return r;
}

static int idle_rss(struct bench *b) {
        struct samples host = { 0 }, worker = { 0 }, raw = { 0 };
        long kb;
        struct row row;
        pid_t pid = fork();
        int status, r;

        if (pid == 0) {
                (void) prctl(PR_SET_PDEATHSIG, SIGKILL);
                alarm(PHASE_ALARM_S);
                pause();
                _exit(0);
        }
        if (pid < 0)
                return -errno;
        (void) wait_blocked_in(pid, 34 /* pause */, 2000);
        if (proc_status_kb(pid, "VmRSS:", &kb) == 0)
                (void) samples_add(&raw, (double) kb);
        if (proc_status_kb(b->host_pid, "VmRSS:", &kb) == 0)
                (void) samples_add(&host, (double) kb);
        if (proc_status_kb(b->worker_pid, "VmRSS:", &kb) == 0)
                (void) samples_add(&worker, (double) kb);
        (void) kill(pid, SIGKILL);
        (void) waitpid(pid, &status, 0);
        row = row_of("idle RSS of s0-drvhost", "-", UNIT_KB, 't', &host, &raw, NAN);
        r = table_add(&b->table, &row);
        row = row_of("idle RSS of a driver host", "-", UNIT_KB, 't', &worker, &raw, NAN);
        if (r == 0)
                r = table_add(&b->table, &row);
        samples_free(&host);
        samples_free(&worker);
        samples_free(&raw);
        return r;
}

int main(int argc, char **argv) {
        static const struct option options[] = {
                { "iterations", required_argument, NULL, 'n' },
                { "host-pid", required_argument, NULL, 'H' },
                { "worker-pid", required_argument, NULL, 'W' },
                {},
        };
        struct bench b = { .n_trips = 20000 };
        int c, r;

        while ((c = getopt_long(argc, argv, "", options, NULL)) >= 0)
                switch (c) {
                case 'n': b.n_trips = (unsigned) strtoul(optarg, NULL, 10); break;
                case 'H': b.host_pid = (pid_t) strtol(optarg, NULL, 10); break;
                case 'W': b.worker_pid = (pid_t) strtol(optarg, NULL, 10); break;
                default: return 2;
                }
        if (b.n_trips < 100 || b.n_trips > 10000000 || b.host_pid <= 0 || b.worker_pid <= 0) {
                fprintf(stderr, "usage: bench-drvhost --host-pid PID --worker-pid PID [--iterations N]\n");
                return 2;
        }
        r = idle_rss(&b);
        if (r == 0)
                r = round_trips(&b, "pinned", HOST_CPU);
        if (r == 0 && cpus_online() > 1)
                r = round_trips(&b, "split", SPLIT_CPU);
        if (r == 0) {
                table_note(&b.table, 'y',
                           "send()+recv() of 64 bytes on a Unix stream socketpair to an echoing process on CPU 0 "
                           "(ours: DeviceIoControl(IOCTL_ECHO_ECHO) on \\\\.\\echo, the echo driver's host on CPU 0)");
                table_note(&b.table, 't', "VmRSS of an idle fork()ed copy of bench-drvhost in pause()");
                r = table_write(&b.table, stdout);
        }
        table_free(&b.table);
        return r < 0 ? 1 : 0;
}
