/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A printer driver that misbehaves on request, for the tests (A20): a job containing
 * CRASH segfaults, HANG never returns, LEAK allocates until the address-space limit,
 * PAPEROUT reports "out of paper" and then prints, WINDOW creates a visible top-level
 * window (CreateWindowExA, as a driver with a settings dialog would) and then prints.
 * Any other job is copied to
 * job<ID>.txt and named as the output. Option log=PATH: each printed job appends
 * "printed job ID" there (the tests count them: exactly once per job).
 *
 * ABI 1.1: cancel() ends a HANG job (render() returns -ECANCELED, logging "cancelled
 * job ID"); a STUBBORN job hangs and ignores it. Built with -DFAULTY_ABI_1_0 (faulty10.so)
 * it declares ABI 1.0, without cancel(): the spooler must kill its host, as before 1.1.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <session0/driver/printer.h>
#include <windows.h>

/* LEAK's allocations stay reachable from here: the point is the address space, and
 * LeakSanitizer (the ASan build) must not report them. */
static char *leaked[384];

static LRESULT CALLBACK wnd_proc(HWND w, UINT msg, WPARAM wp, LPARAM lp) { return DefWindowProcW(w, msg, wp, lp); }

/* What a driver with UI does: a window on the desktop it runs on. In session 0 nobody
 * sees it; the session host reports it (s0-ui0detect). The driver does not wait for an
 * answer, so the job goes on: its outcome is the driver's, not the window's. */
static int show_window(const struct s0_print_job_info *job) {
        WNDCLASSEXA wc = { .cbSize = sizeof wc, .lpfnWndProc = wnd_proc, .lpszClassName = "FaultyDriverDialog" };
        char title[96];
        HWND w;

        if (!RegisterClassExA(&wc) && GetLastError() != ERROR_CLASS_ALREADY_EXISTS)
                return -EIO;
        snprintf(title, sizeof title, "Faulty driver settings (job %u)", job->job_id);
        w = CreateWindowExA(0, wc.lpszClassName, title, WS_OVERLAPPEDWINDOW | WS_VISIBLE, 0, 0, 300, 200, NULL, NULL,
                            NULL, NULL);
        if (!w)
                return -EIO;
        (void) DestroyWindow(w); /* gone or not, it was shown */
        return 0;
}

struct faulty {
        char *log;         /* log=PATH, or NULL */
        int cancel_fd[2];  /* cancel() writes a byte; HANG waits for it */
};

static int faulty_init(const char *options, void **ret) {
        const char *p = strstr(options ? options : "", "log=");
        struct faulty *f = calloc(1, sizeof *f);
        if (!f)
                return -ENOMEM;
        if (pipe2(f->cancel_fd, O_CLOEXEC | O_NONBLOCK) < 0) {
                int r = -errno;
                free(f);
                return r;
        }
        f->log = p ? strdup(p + 4) : NULL;
        *ret = f;
        return 0;
}

static void faulty_log(const struct faulty *f, const char *what, unsigned id) {
        FILE *l = f->log ? fopen(f->log, "a") : NULL;
        if (l) {
                fprintf(l, "%s job %u\n", what, id);
                fclose(l);
        }
}

#ifndef FAULTY_ABI_1_0
/* Called on the host's watcher thread while render() runs: only the pipe is touched. */
static void faulty_cancel(void *ctx, uint32_t job_id) {
        struct faulty *f = ctx;
        (void) job_id;
        if (write(f->cancel_fd[1], "c", 1) < 0) {
                /* full (a cancel already pending) or broken: nothing more to say */
        }
}
#endif

/* HANG: until cancel() (never, for a 1.0 host); -ECANCELED */
static int hang_until_cancelled(struct faulty *f, unsigned id) {
        struct pollfd pfd = { .fd = f->cancel_fd[0], .events = POLLIN };
        char c;
        while (poll(&pfd, 1, -1) < 0)
                if (errno != EINTR)
                        return -errno;
        (void) !read(f->cancel_fd[0], &c, 1);
        faulty_log(f, "cancelled", id);
        return -ECANCELED;
}

static int faulty_render(void *ctx, const struct s0_print_job_info *job, int in_fd, int out_dir_fd,
                         struct s0_print_host *host) {
        static char buf[1 << 16];
        char name[64];
        ssize_t n = read(in_fd, buf, sizeof buf - 1);
        int out;
        struct faulty *f = ctx;

        if (n < 0)
                return -errno;
        buf[n] = 0;
        if (strstr(buf, "CRASH")) {
                /* the default action, as an unhandled fault in a real driver: a sanitizer's
                 * handler (the ASan test build) would turn it into exit(1) */
                (void) signal(SIGSEGV, SIG_DFL);
                (void) raise(SIGSEGV);
        }
        {
                /* a cancel that came after its job ended must not end this one */
                char stale[16];
                while (read(f->cancel_fd[0], stale, sizeof stale) > 0)
                        ;
        }
        if (strstr(buf, "STUBBORN"))
                for (;;)
                        pause();
        if (strstr(buf, "HANG"))
                return hang_until_cancelled(f, job->job_id);
        if (strstr(buf, "LEAK")) {
                /* bounded (384 MiB), so that a host without an address-space limit (the
                 * ASan build) cannot take the machine's memory */
                for (size_t i = 0; i < sizeof leaked / sizeof leaked[0]; i++) {
                        char *p = malloc(1 << 20);
                        if (!p)
                                return -ENOMEM;
                        memset(p, 1, 1 << 20);
                        leaked[i] = p;
                }
                return -ENOMEM;
        }
        if (strstr(buf, "WINDOW")) {
                int r = show_window(job);
                if (r < 0)
                        return r;
        }
        if (strstr(buf, "PAPEROUT"))
                host->status(host, S0_PRINTER_STATUS_PAPER_OUT, "printer out of paper");
        snprintf(name, sizeof name, "job%u.txt", job->job_id);
        out = openat(out_dir_fd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (out < 0)
                return -errno;
        if (write(out, buf, (size_t) n) != n) {
                close(out);
                return -EIO;
        }
        close(out);
        faulty_log(f, "printed", job->job_id);
        return host->output(host, name);
}

static const struct s0_printer_driver faulty_driver = {
#ifdef FAULTY_ABI_1_0
        .abi_version = S0_PRINTER_DRIVER_ABI, /* 1.0: the host must not look at .cancel */
#else
        .abi_version = S0_PRINTER_DRIVER_ABI_VERSION(1, 1),
        .cancel = faulty_cancel,
#endif
        .capabilities = S0_PRINTER_CAP(S0_PRINT_TEXT),
        .name = "faulty",
        .description = "Test driver that crashes, hangs or leaks on request",
        .init = faulty_init,
        .render = faulty_render,
};

__attribute__((visibility("default"))) const struct s0_printer_driver *s0_printer_driver_entry(void) {
        return &faulty_driver;
}
