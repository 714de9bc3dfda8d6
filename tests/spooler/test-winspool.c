/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The winspool API as a Windows program uses it, for test-spooler-print.sh:
 *   test-winspool enum                 EnumPrintersW levels 1, 2 and 4 (sizing call first)
 *   test-winspool print PRINTER TEXT   OpenPrinterW .. EndDocPrinter; prints "job N"
 *   test-winspool jobs PRINTER         EnumJobsW level 1: "JOB USER STATUS DOCUMENT"
 *   test-winspool enuma                EnumPrintersA level 2: a buffer one byte short is
 *                                      ERROR_INSUFFICIENT_BUFFER with the same pcbNeeded;
 *                                      strings lie after the structures, inside the buffer
 *   test-winspool jobsa PRINTER        EnumJobsA level 1, as jobs
 *   test-winspool jobs2[a] PRINTER     EnumJobsW (A) level 2: sizing, one byte short, then
 *                                      one line per job with the level-2 members
 *   test-winspool setjob PRINTER JOB CMD   SetJobW; prints "ok" or "error N"
 *   test-winspool setjob1 PRINTER JOB PRIORITY POSITION DOC
 *                                      SetJobW level 1 (no command); DOC "-": pDocument NULL
 *   test-winspool setjob2a PRINTER JOB PRIORITY POSITION DOC
 *                                      SetJobA level 2, likewise
 *   test-winspool open PRINTER         OpenPrinterW only; "ok" or "error N"
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <windows.h>

/* ASCII test strings as UTF-16, in a few static slots (nothing to free: LeakSanitizer) */
static WCHAR *w(const char *s) {
        static WCHAR slots[4][256];
        static unsigned next;
        WCHAR *r = slots[next++ % 4];
        size_t i = 0;
        for (; s[i] && i + 1 < 256; i++)
                r[i] = (unsigned char) s[i];
        r[i] = 0;
        return r;
}

static void a(const WCHAR *s, char *out, size_t size) {
        size_t i = 0;
        for (; s && s[i] && i + 1 < size; i++)
                out[i] = s[i] < 128 ? (char) s[i] : '?';
        out[i] = 0;
}

static int fail(const char *what) {
        printf("error %u\n", (unsigned) GetLastError());
        fprintf(stderr, "%s failed: %u\n", what, (unsigned) GetLastError());
        return 1;
}

static int do_enum(void) {
        for (DWORD level = 1; level <= 4; level += level == 2 ? 2 : 1) { /* 1, 2, 4 */
                DWORD need = 0, count = 0;
                BYTE *buf;
                char name[128], drv[128];
                if (EnumPrintersW(PRINTER_ENUM_LOCAL, NULL, level, NULL, 0, &need, &count) ||
                    GetLastError() != ERROR_INSUFFICIENT_BUFFER || need == 0)
                        return fail("EnumPrinters sizing");
                buf = malloc(need);
                if (!EnumPrintersW(PRINTER_ENUM_LOCAL, NULL, level, buf, need, &need, &count))
                        return fail("EnumPrinters");
                for (DWORD i = 0; i < count; i++) {
                        if (level == 1) {
                                a(((PRINTER_INFO_1W *) buf)[i].pName, name, sizeof name);
                                printf("level1 %s\n", name);
                        } else if (level == 4) {
                                PRINTER_INFO_4W *p = &((PRINTER_INFO_4W *) buf)[i];
                                a(p->pPrinterName, name, sizeof name);
                                printf("level4 %s server=%s attributes=0x%x\n", name, p->pServerName ? "set" : "null",
                                       (unsigned) p->Attributes);
                        } else {
                                PRINTER_INFO_2W *p = &((PRINTER_INFO_2W *) buf)[i];
                                a(p->pPrinterName, name, sizeof name);
                                a(p->pDriverName, drv, sizeof drv);
                                printf("level2 %s driver=%s jobs=%u attributes=0x%x\n", name, drv, (unsigned) p->cJobs,
                                       (unsigned) p->Attributes);
                        }
                }
                free(buf);
        }
        return 0;
}

/* p lies in [lo, hi): an ANSI string packed inside the caller's buffer, after the structures */
static bool inside(const void *p, const BYTE *lo, const BYTE *hi) { return (const BYTE *) p >= lo && (const BYTE *) p < hi; }

static int do_enum_a(void) {
        DWORD need = 0, need2 = 0, count = 0;
        BYTE *buf;
        if (EnumPrintersA(PRINTER_ENUM_LOCAL, NULL, 2, NULL, 0, &need, &count) ||
            GetLastError() != ERROR_INSUFFICIENT_BUFFER || need == 0)
                return fail("EnumPrintersA sizing");
        buf = malloc(need);
        if (EnumPrintersA(PRINTER_ENUM_LOCAL, NULL, 2, buf, need - 1, &need2, &count) ||
            GetLastError() != ERROR_INSUFFICIENT_BUFFER || need2 != need || count != 0)
                return fail("EnumPrintersA one byte short");
        if (!EnumPrintersA(PRINTER_ENUM_LOCAL, NULL, 2, buf, need, &need2, &count))
                return fail("EnumPrintersA");
        for (DWORD i = 0; i < count; i++) {
                PRINTER_INFO_2A *p = &((PRINTER_INFO_2A *) buf)[i];
                const BYTE *strings = buf + count * sizeof *p;
                if (!inside(p->pPrinterName, strings, buf + need) || !inside(p->pDriverName, strings, buf + need))
                        return fail("EnumPrintersA string outside the string area");
                printf("level2a %s driver=%s jobs=%u\n", p->pPrinterName, p->pDriverName, (unsigned) p->cJobs);
        }
        free(buf);
        return 0;
}

int main(int argc, char **argv) {
        HANDLE h;

        setvbuf(stdout, NULL, _IONBF, 0); /* every line out even if the program aborts */
        if (argc >= 2 && strcmp(argv[1], "enum") == 0)
                return do_enum();
        if (argc >= 2 && strcmp(argv[1], "enuma") == 0)
                return do_enum_a();
        if (argc < 3)
                return 2;
        if (!OpenPrinterW(w(argv[2]), &h, NULL))
                return fail("OpenPrinter");
        if (strcmp(argv[1], "open") == 0) {
                printf("ok\n");
        } else if (strcmp(argv[1], "print") == 0 && argc == 4) {
                DOC_INFO_1W di = { .pDocName = w("winspool test"), .pOutputFile = NULL, .pDatatype = w("RAW") };
                DWORD job = StartDocPrinterW(h, 1, (LPBYTE) &di), written = 0;
                if (!job)
                        return fail("StartDocPrinter");
                if (WritePrinter(h, argv[3], 1, &written) || GetLastError() != ERROR_SUCCESS) {
                        /* WritePrinter before StartPagePrinter is allowed on Windows; keep going */
                }
                if (!StartPagePrinter(h) || !WritePrinter(h, argv[3] + 1, (DWORD) strlen(argv[3]) - 1, &written) ||
                    !EndPagePrinter(h) || !EndDocPrinter(h))
                        return fail("printing");
                if (EndDocPrinter(h) || GetLastError() != ERROR_SPL_NO_STARTDOC)
                        return fail("EndDocPrinter twice");
                printf("job %u\n", (unsigned) job);
        } else if (strcmp(argv[1], "jobs") == 0) {
                DWORD need = 0, count = 0;
                BYTE *buf;
                (void) EnumJobsW(h, 0, 1000, 1, NULL, 0, &need, &count);
                buf = malloc(need ? need : 1);
                if (!EnumJobsW(h, 0, 1000, 1, buf, need, &need, &count))
                        return fail("EnumJobs");
                for (DWORD i = 0; i < count; i++) {
                        JOB_INFO_1W *j = &((JOB_INFO_1W *) buf)[i];
                        char user[128], doc[128];
                        a(j->pUserName, user, sizeof user);
                        a(j->pDocument, doc, sizeof doc);
                        printf("%u %s 0x%x %s priority=%u\n", (unsigned) j->JobId, user, (unsigned) j->Status, doc,
                               (unsigned) j->Priority);
                }
                free(buf);
        } else if (strcmp(argv[1], "jobsa") == 0) {
                DWORD need = 0, count = 0;
                BYTE *buf;
                (void) EnumJobsA(h, 0, 1000, 1, NULL, 0, &need, &count);
                buf = malloc(need ? need : 1);
                if (!EnumJobsA(h, 0, 1000, 1, buf, need, &need, &count))
                        return fail("EnumJobsA");
                for (DWORD i = 0; i < count; i++) {
                        JOB_INFO_1A *j = &((JOB_INFO_1A *) buf)[i];
                        if (!inside(j->pDocument, buf + count * sizeof *j, buf + need))
                                return fail("EnumJobsA string outside the string area");
                        printf("%u %s 0x%x %s\n", (unsigned) j->JobId, j->pUserName, (unsigned) j->Status, j->pDocument);
                }
                free(buf);
        } else if (strcmp(argv[1], "jobs2") == 0 || strcmp(argv[1], "jobs2a") == 0) {
                /* level 2, W or A: the members level 1 lacks */
                bool ansi = argv[1][5] == 'a';
                DWORD need = 0, count = 0, need2 = 0;
                BYTE *buf;
                if (ansi ? EnumJobsA(h, 0, 1000, 2, NULL, 0, &need, &count) : EnumJobsW(h, 0, 1000, 2, NULL, 0, &need, &count))
                        return fail("EnumJobs level 2 into no buffer succeeded");
                if (GetLastError() != ERROR_INSUFFICIENT_BUFFER || need == 0)
                        return fail("EnumJobs level 2 sizing");
                buf = malloc(need);
                if (!buf)
                        return fail("malloc");
                if (ansi ? EnumJobsA(h, 0, 1000, 2, buf, need - 1, &need2, &count)
                         : EnumJobsW(h, 0, 1000, 2, buf, need - 1, &need2, &count))
                        return fail("EnumJobs level 2 into a buffer one byte short succeeded");
                if (GetLastError() != ERROR_INSUFFICIENT_BUFFER || need2 != need || count != 0)
                        return fail("EnumJobs level 2, one byte short");
                if (ansi ? !EnumJobsA(h, 0, 1000, 2, buf, need, &need, &count) : !EnumJobsW(h, 0, 1000, 2, buf, need, &need, &count))
                        return fail("EnumJobs level 2");
                for (DWORD i = 0; i < count; i++) {
                        char user[128], doc[128], notify[128], dt[32], proc[32];
                        DWORD id, size, prio;
                        const void *devmode, *sd;
                        if (ansi) {
                                JOB_INFO_2A *j = &((JOB_INFO_2A *) buf)[i];
                                if (!inside(j->pDocument, buf + count * sizeof *j, buf + need))
                                        return fail("EnumJobsA level 2 string outside the string area");
                                snprintf(user, sizeof user, "%s", j->pUserName);
                                snprintf(doc, sizeof doc, "%s", j->pDocument);
                                snprintf(notify, sizeof notify, "%s", j->pNotifyName);
                                snprintf(dt, sizeof dt, "%s", j->pDatatype);
                                snprintf(proc, sizeof proc, "%s", j->pPrintProcessor);
                                id = j->JobId, size = j->Size, prio = j->Priority, devmode = j->pDevMode,
                                sd = j->pSecurityDescriptor;
                        } else {
                                JOB_INFO_2W *j = &((JOB_INFO_2W *) buf)[i];
                                a(j->pUserName, user, sizeof user);
                                a(j->pDocument, doc, sizeof doc);
                                a(j->pNotifyName, notify, sizeof notify);
                                a(j->pDatatype, dt, sizeof dt);
                                a(j->pPrintProcessor, proc, sizeof proc);
                                id = j->JobId, size = j->Size, prio = j->Priority, devmode = j->pDevMode,
                                sd = j->pSecurityDescriptor;
                        }
                        printf("%u %s notify=%s dt=%s proc=%s size=%u priority=%u devmode=%s sd=%s doc=%s\n",
                               (unsigned) id, user, notify, dt, proc, (unsigned) size, (unsigned) prio,
                               devmode ? "set" : "null", sd ? "set" : "null", doc);
                }
                free(buf);
        } else if (strcmp(argv[1], "setjob") == 0 && argc == 5) {
                if (!SetJobW(h, (DWORD) atoi(argv[3]), 0, NULL, (DWORD) atoi(argv[4])))
                        return fail("SetJob");
                printf("ok\n");
        } else if (strcmp(argv[1], "setjob1") == 0 && argc == 7) {
                JOB_INFO_1W ji = { .Priority = (DWORD) atoi(argv[4]), .Position = (DWORD) atoi(argv[5]),
                                   .pDocument = strcmp(argv[6], "-") == 0 ? NULL : w(argv[6]) };
                if (!SetJobW(h, (DWORD) atoi(argv[3]), 1, (LPBYTE) &ji, 0))
                        return fail("SetJobW level 1");
                printf("ok\n");
        } else if (strcmp(argv[1], "setjob2a") == 0 && argc == 7) {
                /* the members SetJob ignores are set to show they are ignored */
                JOB_INFO_2A ji = { .Priority = (DWORD) atoi(argv[4]), .Position = (DWORD) atoi(argv[5]),
                                   .pDocument = strcmp(argv[6], "-") == 0 ? NULL : argv[6], .JobId = 424242,
                                   .pUserName = "mallory", .Status = JOB_STATUS_PRINTED };
                if (!SetJobA(h, (DWORD) atoi(argv[3]), 2, (LPBYTE) &ji, 0))
                        return fail("SetJobA level 2");
                printf("ok\n");
        } else
                return 2;
        if (!ClosePrinter(h))
                return fail("ClosePrinter");
        return 0;
}
