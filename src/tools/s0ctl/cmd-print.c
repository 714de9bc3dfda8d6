/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0ctl print: a file to a printer (OpenPrinter, StartDocPrinter, WritePrinter, EndDocPrinter). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "print-util.h"
#include "shared/io-util.h"
#include "shared/macro.h"

static void help(void) {
        printf("Usage: s0ctl print [--printer NAME] [--title DOCUMENT] [--datatype text|ps|pdf] FILE\n"
               "\n"
               "Sends FILE ('-': standard input) to the session0 print spooler and prints the\n"
               "job id once the spooler has it on disk. Without --printer, the first printer;\n"
               "without --datatype, PDF and PostScript are recognised by their first bytes and\n"
               "anything else is text. The job runs as you, from your session: the spooler\n"
               "tells you in that session when it is done (s0-msgagent shows it).\n");
}

static uint32_t guess_datatype(const char *head, size_t n) {
        if (n >= 5 && memcmp(head, "%PDF-", 5) == 0)
                return S0_SPOOL_DT_PDF;
        if (n >= 2 && memcmp(head, "%!", 2) == 0)
                return S0_SPOOL_DT_POSTSCRIPT;
        return S0_SPOOL_DT_TEXT;
}

static int first_printer(struct s0_spool *s, char *buf, size_t size) {
        struct s0_spool_printer_info *list;
        size_t n;
        int r = s0_spool_enum_printers(s, &list, &n);
        if (r < 0)
                return r;
        if (n == 0)
                r = -ENOENT;
        else
                snprintf(buf, size, "%s", list[0].name);
        free(list);
        return r;
}

int cmd_print(const struct s0ctl_args *a, int argc, char **argv) {
        const char *printer = NULL, *title = NULL, *file = NULL;
        char pname[S0_SPOOL_PRINTER_MAX], *fcopy = NULL;
        uint32_t dt = 0, job = 0;
        _cleanup_close_ int fd = -1;
        struct s0_spool *s;
        static char buf[S0_SPOOL_WRITE_MAX];
        bool first = true;
        int r;

        for (int i = 1; i < argc; i++) {
                const char *v = i + 1 < argc ? argv[i + 1] : NULL;
                if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
                        help();
                        return 0;
                } else if (strcmp(argv[i], "--printer") == 0 && v)
                        printer = v, i++;
                else if (strcmp(argv[i], "--title") == 0 && v)
                        title = v, i++;
                else if (strcmp(argv[i], "--datatype") == 0 && v) {
                        dt = s0_spool_datatype_from_name(v);
                        if (!dt) {
                                fprintf(stderr, "s0ctl print: unknown datatype '%s': text, ps or pdf\n", v);
                                return 2;
                        }
                        i++;
                } else if (argv[i][0] == '-' && argv[i][1] != 0) {
                        fprintf(stderr, "s0ctl print: unknown option or missing value '%s'\n", argv[i]);
                        return 2;
                } else if (!file)
                        file = argv[i];
                else {
                        fprintf(stderr, "s0ctl print: one FILE only ('%s')\n", argv[i]);
                        return 2;
                }
        }
        if (!file) {
                fprintf(stderr, "s0ctl print: missing FILE (try --help)\n");
                return 2;
        }
        fd = strcmp(file, "-") == 0 ? dup(0) : open(file, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
                fprintf(stderr, "s0ctl print: cannot open '%s': %s\n", file, strerror(errno));
                return 1;
        }
        if (!title) {
                fcopy = strdup(file);
                title = fcopy ? (strcmp(file, "-") == 0 ? "stdin" : basename(fcopy)) : "document";
        }
        s = print_connect(a, "print");
        if (!s) {
                free(fcopy);
                return 1;
        }
        if (!printer) {
                r = first_printer(s, pname, sizeof pname);
                if (r < 0) {
                        free(fcopy);
                        return print_fail(s, r, "print", "no printer");
                }
                printer = pname;
        }
        for (;;) {
                ssize_t n = loop_read(fd, buf, sizeof buf);
                if (n < 0) {
                        fprintf(stderr, "s0ctl print: cannot read '%s': %s\n", file, strerror((int) -n));
                        (void) s0_spool_abort_doc(s);
                        s0_spool_close(s);
                        free(fcopy);
                        return 1;
                }
                if (first) {
                        if (!dt)
                                dt = guess_datatype(buf, (size_t) n);
                        r = s0_spool_start_doc(s, printer, title, dt, &job);
                        if (r < 0) {
                                free(fcopy);
                                return print_fail(s, r, "print", printer);
                        }
                        first = false;
                }
                if (n == 0)
                        break;
                r = s0_spool_write(s, buf, (size_t) n);
                if (r < 0) {
                        free(fcopy);
                        return print_fail(s, r, "print", "WritePrinter");
                }
        }
        r = s0_spool_end_doc(s, &job);
        if (r < 0) {
                free(fcopy);
                return print_fail(s, r, "print", "EndDocPrinter");
        }
        if (a->json) {
                printf("{\"job\": %u, \"printer\": ", job);
                json_string(stdout, printer);
                printf(", \"document\": ");
                json_string(stdout, title);
                printf(", \"datatype\": \"%s\"}\n", s0_spool_datatype_name(dt));
        } else
                printf("job %u accepted by %s\n", job, printer);
        s0_spool_close(s);
        free(fcopy);
        return 0;
}
