/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A printer driver that misbehaves on request, for the tests (A20): a job containing
 * CRASH segfaults, HANG never returns, LEAK allocates until the address-space limit,
 * PAPEROUT reports "out of paper" and then prints, WINDOW creates a visible top-level
 * window (CreateWindowExA, as a driver with a settings dialog would) and then prints.
 * Any other job is copied to
 * job<ID>.txt and named as the output. Option log=PATH: each printed job appends
 * "printed job ID" there (the tests count them: exactly once per job).
 */
#include <errno.h>
#include <fcntl.h>
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

static int faulty_init(const char *options, void **ret) {
        const char *p = strstr(options ? options : "", "log=");
        *ret = p ? strdup(p + 4) : NULL;
        return 0;
}

static int faulty_render(void *ctx, const struct s0_print_job_info *job, int in_fd, int out_dir_fd,
                         struct s0_print_host *host) {
        static char buf[1 << 16];
        char name[64];
        ssize_t n = read(in_fd, buf, sizeof buf - 1);
        int out;

        (void) ctx;
        if (n < 0)
                return -errno;
        buf[n] = 0;
        if (strstr(buf, "CRASH")) {
                /* the default action, as an unhandled fault in a real driver: a sanitizer's
                 * handler (the ASan test build) would turn it into exit(1) */
                (void) signal(SIGSEGV, SIG_DFL);
                (void) raise(SIGSEGV);
        }
        if (strstr(buf, "HANG"))
                for (;;)
                        pause();
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
        if (ctx) {
                FILE *f = fopen(ctx, "a");
                if (f) {
                        fprintf(f, "printed job %u\n", job->job_id);
                        fclose(f);
                }
        }
        return host->output(host, name);
}

static const struct s0_printer_driver faulty_driver = {
        .abi_version = S0_PRINTER_DRIVER_ABI,
        .capabilities = S0_PRINTER_CAP(S0_PRINT_TEXT),
        .name = "faulty",
        .description = "Test driver that crashes, hangs or leaks on request",
        .init = faulty_init,
        .render = faulty_render,
};

__attribute__((visibility("default"))) const struct s0_printer_driver *s0_printer_driver_entry(void) {
        return &faulty_driver;
}
