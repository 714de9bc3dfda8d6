/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0ctl device read|write|ioctl NAME ...: one CreateFile + ReadFile / WriteFile /
 * DeviceIoControl + CloseHandle on \\.\NAME, a front end for scripts (the Win32 layer
 * does the work: the same checks and errors as any application). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "object.h"
#include "s0ctl.h"
#include "windows.h"

#define BUF_MAX 65536

static void help(void) {
        printf("Usage: s0ctl device read NAME [--size N] [--json]\n"
               "       s0ctl device write NAME TEXT [--json]\n"
               "       s0ctl device ioctl NAME CODE [--in TEXT] [--out-size N] [--json]\n"
               "\n"
               "Opens \\\\.\\NAME (or a full \\\\.\\GLOBALROOT\\Device\\NAME path) and reads, writes or\n"
               "sends one I/O control code (hex, e.g. 0x222000); output is printed as hex.\n"
               "The handle asks for the access the request needs (an IOCTL: the Access field\n"
               "of its code). Errors are Win32 error names and codes.\n");
}

static int fail(const struct s0ctl_args *a, const char *what, DWORD e) {
        if (a->json)
                printf("{\"ok\": false, \"error\": %u, \"error_name\": \"%s\"}\n", (unsigned) e, s0ctl_win32_name(e));
        fprintf(stderr, "s0ctl device: %s: %s (%u)\n", what, s0ctl_win32_name(e), (unsigned) e);
        return 1;
}

static void print_data(const struct s0ctl_args *a, const unsigned char *buf, DWORD n) {
        if (a->json) {
                printf("{\"ok\": true, \"bytes\": %u, \"hex\": \"", (unsigned) n);
                for (DWORD i = 0; i < n; i++)
                        printf("%02x", buf[i]);
                printf("\"}\n");
                return;
        }
        printf("%u bytes:", (unsigned) n);
        for (DWORD i = 0; i < n; i++)
                printf(" %02x", buf[i]);
        printf("\n");
}

/* read: GENERIC_READ; write: GENERIC_WRITE; ioctl: what the code's Access field asks */
static DWORD access_for(const char *verb, DWORD code) {
        DWORD a = (code >> 14) & 3;

        if (strcmp(verb, "read") == 0)
                return GENERIC_READ;
        if (strcmp(verb, "write") == 0)
                return GENERIC_WRITE;
        return ((a & FILE_READ_ACCESS) ? GENERIC_READ : 0) | ((a & FILE_WRITE_ACCESS) ? GENERIC_WRITE : 0);
}

int cmd_device(const struct s0ctl_args *a, int argc, char **argv) {
        static unsigned char buf[BUF_MAX];
        const char *verb, *name, *text = NULL, *in = NULL;
        char path[256];
        DWORD size = 4096, code = 0, n = 0;
        HANDLE h;
        BOOL ok;
        int i;

        for (i = 1; i < argc; i++)
                if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
                        help();
                        return 0;
                }
        if (argc < 3) {
                fprintf(stderr, "s0ctl device: missing VERB and NAME (see --help)\n");
                return 2;
        }
        verb = argv[1];
        name = argv[2];
        i = 3;
        if (strcmp(verb, "write") == 0 && i < argc)
                text = argv[i++];
        if (strcmp(verb, "ioctl") == 0 && i < argc)
                code = (DWORD) strtoul(argv[i++], NULL, 16);
        for (; i < argc; i++) {
                if ((strcmp(argv[i], "--size") == 0 || strcmp(argv[i], "--out-size") == 0) && i + 1 < argc)
                        size = (DWORD) strtoul(argv[++i], NULL, 10);
                else if (strcmp(argv[i], "--in") == 0 && i + 1 < argc)
                        in = argv[++i];
                else {
                        fprintf(stderr, "s0ctl device: unexpected argument '%s'\n", argv[i]);
                        return 2;
                }
        }
        if (size > BUF_MAX || (strcmp(verb, "write") == 0 && !text) || (strcmp(verb, "ioctl") == 0 && !code) ||
            (strcmp(verb, "read") != 0 && strcmp(verb, "write") != 0 && strcmp(verb, "ioctl") != 0)) {
                fprintf(stderr, "s0ctl device: bad arguments (see --help)\n");
                return 2;
        }
        if (a->runtime_dir)
                (void) setenv("S0_RUNTIME_DIR", a->runtime_dir, 1); /* where the Win32 layer looks */
        snprintf(path, sizeof path, "%s%s", strncmp(name, "\\\\", 2) == 0 ? "" : "\\\\.\\", name);
        /* ask for what the request needs, no more: a read-only device admits a reader */
        h = CreateFileA(path, access_for(verb, code), 0, NULL, OPEN_EXISTING, 0, NULL);
        if (h == INVALID_HANDLE_VALUE)
                return fail(a, path, GetLastError());
        if (strcmp(verb, "read") == 0)
                ok = ReadFile(h, buf, size, &n, NULL);
        else if (strcmp(verb, "write") == 0)
                ok = WriteFile(h, text, (DWORD) strlen(text), &n, NULL);
        else
                ok = DeviceIoControl(h, code, (void *) in, in ? (DWORD) strlen(in) : 0, buf, size, &n, NULL);
        if (!ok) {
                DWORD e = GetLastError();

                CloseHandle(h);
                return fail(a, verb, e);
        }
        CloseHandle(h);
        if (strcmp(verb, "write") == 0) {
                if (a->json)
                        printf("{\"ok\": true, \"bytes\": %u}\n", (unsigned) n);
                else
                        printf("%u bytes written\n", (unsigned) n);
                return 0;
        }
        print_data(a, buf, n);
        return 0;
}
