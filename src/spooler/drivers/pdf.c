/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The "pdf" printer driver: text jobs are laid out on A4 pages with cairo's PDF surface;
 * PostScript and PDF jobs are converted (normalised) by ghostscript's pdfwrite device.
 * It writes job<ID>.pdf into the directory it is given and names it as the output.
 * Options: gs=PATH (default /usr/bin/gs), font=FAMILY (default monospace).
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <session0/driver/printer.h>

#define PAGE_W 595.0 /* A4 in points */
#define PAGE_H 842.0
#define MARGIN 50.0
#define FONT_SIZE 10.0
#define LINE_H 12.0
#define LINE_MAX 4096

struct pdf_ctx {
        char gs[256];
        char font[64];
};

static const char *option(const char *options, const char *key, char *buf, size_t size) {
        size_t klen = strlen(key);
        for (const char *p = options; p && *p;) {
                const char *end = strchr(p, ',');
                size_t n = end ? (size_t) (end - p) : strlen(p);
                if (n > klen && strncmp(p, key, klen) == 0 && p[klen] == '=' && n - klen - 1 < size) {
                        memcpy(buf, p + klen + 1, n - klen - 1);
                        buf[n - klen - 1] = 0;
                        return buf;
                }
                p = end ? end + 1 : NULL;
        }
        return NULL;
}

static int pdf_init(const char *options, void **ret) {
        struct pdf_ctx *c = calloc(1, sizeof *c);
        if (!c)
                return -ENOMEM;
        if (!option(options, "gs", c->gs, sizeof c->gs))
                snprintf(c->gs, sizeof c->gs, "/usr/bin/gs");
        if (!option(options, "font", c->font, sizeof c->font))
                snprintf(c->font, sizeof c->font, "monospace");
        *ret = c;
        return 0;
}

static cairo_status_t write_fd(void *closure, const unsigned char *data, unsigned int len) {
        int fd = *(int *) closure;
        while (len > 0) {
                ssize_t n = write(fd, data, len);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        return CAIRO_STATUS_WRITE_ERROR;
                data += n;
                len -= (unsigned) n;
        }
        return CAIRO_STATUS_SUCCESS;
}

/* cairo takes only valid UTF-8: anything else, and control characters, become '?';
 * a tab becomes spaces up to the next multiple of 8. */
static void clean_line(const char *in, char *out, size_t size) {
        const unsigned char *p = (const unsigned char *) in;
        size_t k = 0, col = 0;
        while (*p && k + 8 < size) {
                size_t len = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
                bool ok = len > 0 && (len == 1 || *p >= 0xC2);
                for (size_t i = 1; ok && i < len; i++)
                        ok = (p[i] & 0xC0) == 0x80;
                if (*p == '\t') {
                        do
                                out[k++] = ' ', col++;
                        while (col % 8 && k + 1 < size);
                        p++;
                } else if (!ok || (len == 1 && (*p < 0x20 || *p == 0x7f))) {
                        out[k++] = '?', col++;
                        p++;
                } else {
                        memcpy(out + k, p, len);
                        k += len, p += len, col++;
                }
        }
        out[k] = 0;
}

static int render_text(struct pdf_ctx *c, const struct s0_print_job_info *job, int in_fd, int out_fd) {
        cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_fd, &out_fd, PAGE_W, PAGE_H);
        cairo_t *cr = cairo_create(s);
        FILE *in = fdopen(dup(in_fd), "r");
        static char line[LINE_MAX], clean[LINE_MAX * 2];
        double y = MARGIN + FONT_SIZE;
        int r = 0;

        if (!in) {
                r = -errno;
                goto out;
        }
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, job->document);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, job->user);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "session0 pdf printer driver");
        cairo_select_font_face(cr, c->font, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
        cairo_set_font_size(cr, FONT_SIZE);
        cairo_set_source_rgb(cr, 0, 0, 0);
        while (fgets(line, sizeof line, in)) {
                line[strcspn(line, "\r\n")] = 0;
                if (strchr(line, '\f') || y > PAGE_H - MARGIN) {
                        cairo_show_page(cr);
                        y = MARGIN + FONT_SIZE;
                }
                clean_line(line, clean, sizeof clean);
                cairo_move_to(cr, MARGIN, y);
                cairo_show_text(cr, clean);
                y += LINE_H;
        }
        if (ferror(in))
                r = -EIO;
        fclose(in);
out:
        cairo_destroy(cr);
        cairo_surface_finish(s);
        if (r == 0 && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
                r = -EIO;
        cairo_surface_destroy(s);
        return r;
}

static int copy_in(int in_fd, int dir_fd, const char *name) {
        char buf[65536];
        int out = openat(dir_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        int r = 0;
        if (out < 0)
                return -errno;
        for (;;) {
                ssize_t n = read(in_fd, buf, sizeof buf);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0) {
                        r = -errno;
                        break;
                }
                if (n == 0)
                        break;
                for (ssize_t off = 0; off < n;) {
                        ssize_t w = write(out, buf + off, (size_t) (n - off));
                        if (w < 0 && errno == EINTR)
                                continue;
                        if (w < 0) {
                                r = -errno;
                                goto done;
                        }
                        off += w;
                }
        }
done:
        close(out);
        return r;
}

/* gs -dSAFER: the job's PostScript may not read or write files beyond its own. */
static int render_gs(struct pdf_ctx *c, int in_fd, int dir_fd, const char *out_name, struct s0_print_host *host) {
        char outarg[160];
        int status, r;
        pid_t pid;

        r = copy_in(in_fd, dir_fd, "input");
        if (r < 0)
                return r;
        snprintf(outarg, sizeof outarg, "-sOutputFile=%s", out_name);
        pid = fork();
        if (pid < 0)
                return -errno;
        if (pid == 0) {
                char *argv[] = { c->gs, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite", outarg, "input", NULL };
                int devnull = open("/dev/null", O_RDWR);
                if (fchdir(dir_fd) < 0 || devnull < 0 || dup2(devnull, 0) < 0 || dup2(devnull, 1) < 0)
                        _exit(126);
                execv(c->gs, argv);
                _exit(127);
        }
        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return -errno;
        (void) unlinkat(dir_fd, "input", 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                host->status(host, S0_PRINTER_STATUS_ERROR, WIFEXITED(status) && WEXITSTATUS(status) == 127 ?
                                                                    "ghostscript is not installed" : "ghostscript could not convert the job");
                return -EIO;
        }
        return 0;
}

static int pdf_render(void *ctx, const struct s0_print_job_info *job, int in_fd, int out_dir_fd,
                      struct s0_print_host *host) {
        struct pdf_ctx *c = ctx;
        char name[64];
        int r;

        /* named by job id: printing the same job again overwrites, never duplicates */
        snprintf(name, sizeof name, "job%u.pdf", job->job_id);
        if (job->datatype == S0_PRINT_TEXT) {
                int out = openat(out_dir_fd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
                if (out < 0)
                        return -errno;
                r = render_text(c, job, in_fd, out);
                if (close(out) < 0 && r == 0)
                        r = -errno;
        } else
                r = render_gs(c, in_fd, out_dir_fd, name, host);
        if (r < 0)
                return r;
        return host->output(host, name);
}

static const struct s0_printer_driver pdf_driver = {
        .abi_version = S0_PRINTER_DRIVER_ABI,
        .capabilities = S0_PRINTER_CAP(S0_PRINT_TEXT) | S0_PRINTER_CAP(S0_PRINT_POSTSCRIPT) | S0_PRINTER_CAP(S0_PRINT_PDF),
        .name = "pdf",
        .description = "Print to PDF files (cairo for text, ghostscript for PostScript and PDF)",
        .init = pdf_init,
        .render = pdf_render,
};

__attribute__((visibility("default"))) const struct s0_printer_driver *s0_printer_driver_entry(void) {
        return &pdf_driver;
}
