/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * make bench, windows and messages (issue 5), run inside a session (scripts/bench.sh
 * starts it with `s0ctl logon`), rows on stdout for bench-sessions' table:
 *   SendMessage round trip, cross-process    a futex ping-pong over shared memory
 *   PostMessage throughput, cross-process    32-byte records through a pipe
 *   GetMessage wake-up latency               (no raw column)
 * each pinned (both on CPU 0) and split (CPU 0 and 1), and the host's RSS next to the
 * session's s0-anchor (footnotes u, v, x). Windows code: built with the
 * Win32 layer's flags. The partner is forked before either side talks to the host (a
 * thread's host connection is made on first use).
 */
#include <errno.h>
#include <linux/futex.h>
#include <math.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <windows.h>

#include "bench-util.h"

#define ROUNDS 2000
#define POSTS 100000
#define WAKES 500

struct shm {
        _Atomic uint32_t hwnd_ready;
        uint64_t hwnd;
        _Atomic uint32_t ping, pong; /* raw futex words */
        _Atomic uint32_t received;
        double sent_at_us;           /* wake-up latency: when the post went out */
};

static long futex(_Atomic uint32_t *w, int op, uint32_t val) { return syscall(SYS_futex, w, op, val, NULL, NULL, 0); }

static struct shm *sh;

static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM w, LPARAM l) {
        if (m == WM_USER + 1)
                return (LRESULT) w + 1;
        return DefWindowProcW(h, m, w, l);
}

static int partner(int cpu) {
        MSG m;
        (void) pin_to_cpu(cpu);
        WNDCLASSEXW c = { .cbSize = sizeof c, .lpfnWndProc = proc, .lpszClassName = L"S0Bench" };
        if (!RegisterClassExW(&c))
                return 1;
        HWND h = CreateWindowExW(0, L"S0Bench", L"bench", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
        if (!h)
                return 1;
        sh->hwnd = (uint64_t) (uintptr_t) h;
        atomic_store(&sh->hwnd_ready, 1);
        (void) futex(&sh->hwnd_ready, FUTEX_WAKE, 1);
        /* raw ping-pong first */
        for (uint32_t i = 1; i <= ROUNDS; i++) {
                while (atomic_load(&sh->ping) != i)
                        (void) futex(&sh->ping, FUTEX_WAIT, i - 1);
                atomic_store(&sh->pong, i);
                (void) futex(&sh->pong, FUTEX_WAKE, 1);
        }
        while (GetMessageW(&m, NULL, 0, 0) > 0) {
                if (m.message == WM_USER + 2) {
                        uint32_t n = atomic_fetch_add(&sh->received, 1) + 1;
                        if (n % 1000 == 0 || n == POSTS)
                                (void) futex(&sh->received, FUTEX_WAKE, 1);
                } else if (m.message == WM_USER + 3) {
                        /* the latency, handed back in the sender's own field */
                        sh->sent_at_us = now_us() - sh->sent_at_us;
                        atomic_fetch_add(&sh->received, 1);
                        (void) futex(&sh->received, FUTEX_WAKE, 1);
                }
                DispatchMessageW(&m);
        }
        return 0;
}

static void wait_received(uint32_t n) {
        uint32_t cur;
        while ((cur = atomic_load(&sh->received)) < n)
                (void) futex(&sh->received, FUTEX_WAIT, cur);
}

static int run(struct table *t, const char *placement, int partner_cpu) {
        struct samples ours = { 0 }, raw = { 0 };
        pid_t pid;
        memset(sh, 0, sizeof *sh);
        pid = fork();
        if (pid < 0)
                return -errno;
        if (pid == 0)
                _exit(partner(partner_cpu));
        while (!atomic_load(&sh->hwnd_ready))
                (void) futex(&sh->hwnd_ready, FUTEX_WAIT, 0);
        HWND h = (HWND) (uintptr_t) sh->hwnd;

        for (uint32_t i = 1; i <= ROUNDS; i++) {
                double t0 = now_us();
                atomic_store(&sh->ping, i);
                (void) futex(&sh->ping, FUTEX_WAKE, 1);
                while (atomic_load(&sh->pong) != i)
                        (void) futex(&sh->pong, FUTEX_WAIT, i - 1);
                (void) samples_add(&raw, now_us() - t0);
        }
        for (uint32_t i = 0; i < ROUNDS; i++) {
                double t0 = now_us();
                if (SendMessageW(h, WM_USER + 1, i, 0) != (LRESULT) i + 1)
                        goto fail;
                (void) samples_add(&ours, now_us() - t0);
        }
        struct row r = row_of("SendMessage round trip (cross-process)", placement, UNIT_US, 'u', &ours, &raw, 1.5);
        r.target_is_ratio = true;
        (void) table_add(t, &r);

        /* PostMessage throughput: posts until the quota, then waits for the drain */
        double t0 = now_us();
        for (uint32_t i = 0; i < POSTS;) {
                if (PostMessageW(h, WM_USER + 2, i, 0))
                        i++;
                else if (GetLastError() == ERROR_NOT_ENOUGH_QUOTA)
                        wait_received(i - 9000); /* the queue is full (10,000): let 1,000 drain */
                else
                        goto fail;
        }
        wait_received(POSTS);
        double ours_rate = POSTS / ((now_us() - t0) / 1e6);
        /* raw: the same count of 32-byte records through a pipe to a reader */
        int p[2];
        if (pipe(p) < 0)
                goto fail;
        pid_t rd = fork();
        if (rd == 0) {
                (void) pin_to_cpu(partner_cpu);
                char buf[32 * 128];
                size_t total = 0;
                close(p[1]);
                while (total < (size_t) POSTS * 32) {
                        ssize_t k = read(p[0], buf, sizeof buf);
                        if (k <= 0)
                                _exit(1);
                        total += (size_t) k;
                }
                _exit(0);
        }
        close(p[0]);
        char rec[32] = { 0 };
        t0 = now_us();
        for (uint32_t i = 0; i < POSTS; i++)
                if (write(p[1], rec, sizeof rec) != sizeof rec)
                        break;
        close(p[1]);
        (void) waitpid(rd, NULL, 0);
        double raw_rate = POSTS / ((now_us() - t0) / 1e6);
        struct row pr = { .placement = placement, .unit = UNIT_PER_S, .raw_key = 'v', .ours_med = ours_rate,
                          .ours_p90 = NAN, .raw_med = raw_rate, .raw_p90 = NAN, .target = 1e6, .target_is_min = true };
        snprintf(pr.figure, sizeof pr.figure, "PostMessage throughput (cross-process)");
        (void) table_add(t, &pr);

        /* GetMessage wake-up: a post to a partner blocked in GetMessage */
        samples_clear(&ours);
        for (unsigned i = 0; i < WAKES; i++) {
                uint32_t before = atomic_load(&sh->received);
                usleep(200); /* let it block again */
                sh->sent_at_us = now_us();
                if (!PostMessageW(h, WM_USER + 3, 0, 0))
                        goto fail;
                wait_received(before + 1);
                (void) samples_add(&ours, sh->sent_at_us);
        }
        struct row wr = row_of("GetMessage wake-up (cross-process)", placement, UNIT_US, 0, &ours, NULL, NAN);
        (void) table_add(t, &wr);
        PostMessageW(h, WM_QUIT, 0, 0);
        (void) kill(pid, SIGKILL);
        (void) waitpid(pid, NULL, 0);
        samples_free(&ours);
        samples_free(&raw);
        return 0;
fail:
        fprintf(stderr, "bench-windows: %s: error %u\n", placement, GetLastError());
        (void) kill(pid, SIGKILL);
        (void) waitpid(pid, NULL, 0);
        return -EIO;
}

/* The pid in the single-process leaf next to ours (session-N/host, session-N/anchor). */
static pid_t sibling_leaf_pid(const char *leaf) {
        char line[4096], mnt[1024] = "", cg[4096] = "", path[5200];
        FILE *f = fopen("/proc/self/mountinfo", "r");
        while (f && fgets(line, sizeof line, f)) {
                char *sep = strstr(line, " - cgroup2 ");
                if (!sep)
                        continue;
                /* field 5 is the mount point */
                char *p = line;
                for (int i = 0; i < 4 && p; i++)
                        p = strchr(p + 1, ' ');
                if (p && sscanf(p + 1, "%1023s", mnt) == 1)
                        break;
        }
        if (f)
                fclose(f);
        f = fopen("/proc/self/cgroup", "r");
        while (f && fgets(line, sizeof line, f))
                if (strncmp(line, "0::", 3) == 0)
                        snprintf(cg, sizeof cg, "%s", line + 3);
        if (f)
                fclose(f);
        char *slash = strrchr(cg, '/');
        if (!mnt[0] || !slash)
                return -1;
        *slash = 0;
        snprintf(path, sizeof path, "%s%s/%s/cgroup.procs", mnt, cg, leaf);
        f = fopen(path, "r");
        int pid = -1;
        if (!f || fscanf(f, "%d", &pid) != 1)
                pid = -1;
        if (f)
                fclose(f);
        return (pid_t) pid;
}

static void add_rss_row(struct table *t) {
        pid_t host = sibling_leaf_pid("host"), anchor = sibling_leaf_pid("anchor");
        long host_kb = 0, anchor_kb = 0;
        if (host <= 0 || proc_status_kb(host, "VmRSS:", &host_kb) < 0)
                return;
        if (anchor <= 0 || proc_status_kb(anchor, "VmRSS:", &anchor_kb) < 0)
                anchor_kb = 0;
        struct row r = { .placement = "-", .unit = UNIT_KB, .raw_key = 'x', .ours_med = (double) host_kb,
                         .ours_p90 = NAN, .raw_med = anchor_kb ? (double) anchor_kb : NAN, .raw_p90 = NAN,
                         .target = 2048 };
        snprintf(r.figure, sizeof r.figure, "s0-sessionhost RSS (after the runs)");
        (void) table_add(t, &r);
        table_note(t, 'x', "raw: the same session's s0-anchor (a static process that only pause()s)");
}

int main(void) {
        struct table t = { 0 };
        sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (sh == MAP_FAILED)
                return 1;
        if (pin_to_cpu(0) < 0)
                return 1;
        fprintf(stderr, "bench: windows and messages (pinned)\n");
        if (run(&t, "pinned", 0) < 0)
                return 1;
        if (cpus_online() > 1) {
                fprintf(stderr, "bench: windows and messages (split)\n");
                if (run(&t, "split", 1) < 0)
                        return 1;
        }
        add_rss_row(&t);
        table_note(&t, 'u', "raw: a futex ping-pong between the same two processes; ours: the channel s0-sessionhost granted (shared memory, a futex each way; the host is not on the data path)");
        table_note(&t, 'v', "raw: 32-byte records through a pipe to a reader process");
        return table_write(&t, stdout) < 0;
}
