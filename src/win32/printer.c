/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The print spooler API (winspool.h) over libsession0's spooler client: a printer
 * HANDLE is a connection to \\.\pipe\spoolss plus the printer's name and the document in
 * progress. Errors are the spooler's Win32 codes (it decides them: 1801 for an unknown
 * printer, 5 for another user's job, 87 for an unknown job), RPC_S_SERVER_UNAVAILABLE
 * when no spooler answers. EnumPrinters/EnumJobs pack their structures at the start of
 * the caller's buffer and the strings after them, as Windows does; a buffer too small
 * is ERROR_INSUFFICIENT_BUFFER with *pcbNeeded the size that fits.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <session0/spooler.h>

#include "win32.h"
#include "winspool.h"

struct printer_handle {
        struct s0_spool *s;
        char name[S0_SPOOL_PRINTER_MAX]; /* "": the print server */
        DWORD job;                       /* the open document's job, 0: none */
        bool in_page;
};

static uint32_t printer_close(void *p, uint32_t flags) {
        struct printer_handle *h = p;
        (void) flags;
        if (h->job)
                (void) s0_spool_abort_doc(h->s); /* an unfinished document is not printed */
        s0_spool_close(h->s);
        free(h);
        return ERROR_SUCCESS;
}

static const struct s0_win32_handle_ops printer_ops = { .name = "Printer", .close = printer_close };

static uint32_t spool_error(struct s0_spool *s, int r) {
        if (r == -EREMOTEIO)
                return s0_spool_win32_error(s);
        if (r == -ENOENT || r == -ECONNREFUSED || r == -EPIPE || r == -ECONNRESET)
                return RPC_S_SERVER_UNAVAILABLE;
        if (r == -ENOMEM)
                return ERROR_NOT_ENOUGH_MEMORY;
        if (r == -EINVAL || r == -ENAMETOOLONG)
                return ERROR_INVALID_PARAMETER;
        return ERROR_GEN_FAILURE;
}

static BOOL open_printer(const char *name, LPHANDLE ret) {
        struct printer_handle *h;
        uint32_t e;
        int r;

        if (!ret)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        if (name && strlen(name) >= S0_SPOOL_PRINTER_MAX)
                return s0_win32_fail(ERROR_INVALID_PRINTER_NAME);
        h = calloc(1, sizeof *h);
        if (!h)
                return s0_win32_fail(ERROR_NOT_ENOUGH_MEMORY);
        r = s0_spool_connect(NULL, &h->s);
        if (r < 0) {
                free(h);
                return s0_win32_fail(spool_error(NULL, r));
        }
        if (name && *name) {
                r = s0_spool_open_printer(h->s, name);
                if (r < 0) {
                        e = spool_error(h->s, r);
                        s0_spool_close(h->s);
                        free(h);
                        return s0_win32_fail(e);
                }
                snprintf(h->name, sizeof h->name, "%s", name);
        }
        e = s0_win32_handle_insert(&s0_win32_process()->handles, &printer_ops, h, ret);
        if (e) {
                printer_close(h, 0);
                return s0_win32_fail(e);
        }
        SetLastError(ERROR_SUCCESS);
        return TRUE;
}

WINBASEAPI BOOL WINAPI OpenPrinterW(LPWSTR pPrinterName, LPHANDLE phPrinter, LPPRINTER_DEFAULTSW pDefault) {
        char *name = NULL;
        uint32_t e;
        BOOL ok;
        (void) pDefault; /* the access asked for is checked per operation by the spooler */
        if (pPrinterName && (e = s0_win32_utf16_to_utf8(pPrinterName, 0, &name)))
                return s0_win32_fail(e == ERROR_INVALID_NAME ? ERROR_INVALID_PRINTER_NAME : e);
        ok = open_printer(name, phPrinter);
        free(name);
        return ok;
}

WINBASEAPI BOOL WINAPI OpenPrinterA(LPSTR pPrinterName, LPHANDLE phPrinter, LPPRINTER_DEFAULTSA pDefault) {
        (void) pDefault;
        return open_printer(pPrinterName, phPrinter);
}

/* The printer behind h, referenced; put it back with s0_win32_ref_put(). */
static uint32_t get_printer(HANDLE hp, struct s0_win32_ref **ret_ref, struct printer_handle **ret) {
        uint32_t e = s0_win32_handle_get(&s0_win32_process()->handles, hp, &printer_ops, ret_ref);
        if (e)
                return e;
        *ret = (*ret_ref)->p;
        return 0;
}

static void put(struct s0_win32_ref *ref) { (void) s0_win32_ref_put(&s0_win32_process()->handles, ref); }

WINBASEAPI BOOL WINAPI ClosePrinter(HANDLE hPrinter) {
        uint32_t e = s0_win32_handle_close(&s0_win32_process()->handles, hPrinter, &printer_ops, 0);
        if (e)
                return s0_win32_fail(e);
        SetLastError(ERROR_SUCCESS);
        return TRUE;
}

static DWORD start_doc(HANDLE hp, const char *doc, const char *datatype) {
        struct s0_win32_ref *ref;
        struct printer_handle *h;
        uint32_t e, dt, job = 0;
        int r;

        e = get_printer(hp, &ref, &h);
        if (e)
                return s0_win32_fail(e), 0;
        /* NULL: the printer's default, RAW, which is text here */
        dt = datatype ? s0_spool_datatype_from_name(datatype) : S0_SPOOL_DT_TEXT;
        if (!h->name[0])
                e = ERROR_INVALID_HANDLE;
        else if (h->job)
                e = ERROR_INVALID_PARAMETER;
        else if (!dt)
                e = ERROR_INVALID_DATATYPE;
        else if ((r = s0_spool_start_doc(h->s, h->name, doc, dt, &job)) < 0)
                e = spool_error(h->s, r);
        else
                h->job = job;
        put(ref);
        if (e)
                return s0_win32_fail(e), 0;
        SetLastError(ERROR_SUCCESS);
        return job;
}

WINBASEAPI DWORD WINAPI StartDocPrinterW(HANDLE hPrinter, DWORD Level, LPBYTE pDocInfo) {
        const DOC_INFO_1W *di = (const DOC_INFO_1W *) pDocInfo;
        char *doc = NULL, *dt = NULL;
        uint32_t e = 0;
        DWORD job;

        if ((Level != 1 && Level != 2) || !di)
                return s0_win32_fail(Level != 1 && Level != 2 ? ERROR_INVALID_LEVEL : ERROR_INVALID_PARAMETER), 0;
        if ((di->pDocName && (e = s0_win32_utf16_to_utf8(di->pDocName, 0, &doc))) ||
            (di->pDatatype && (e = s0_win32_utf16_to_utf8(di->pDatatype, 0, &dt)))) {
                free(doc);
                return s0_win32_fail(e), 0;
        }
        job = start_doc(hPrinter, doc, dt);
        free(doc);
        free(dt);
        return job;
}

WINBASEAPI DWORD WINAPI StartDocPrinterA(HANDLE hPrinter, DWORD Level, LPBYTE pDocInfo) {
        const DOC_INFO_1A *di = (const DOC_INFO_1A *) pDocInfo;
        if ((Level != 1 && Level != 2) || !di)
                return s0_win32_fail(Level != 1 && Level != 2 ? ERROR_INVALID_LEVEL : ERROR_INVALID_PARAMETER), 0;
        return start_doc(hPrinter, di->pDocName, di->pDatatype);
}

/* StartPagePrinter/EndPagePrinter: page boundaries only matter to the driver here, and
 * our datatypes carry their own; the calls check the state as Windows does. */
static BOOL page(HANDLE hp, bool start) {
        struct s0_win32_ref *ref;
        struct printer_handle *h;
        uint32_t e = get_printer(hp, &ref, &h);
        if (e)
                return s0_win32_fail(e);
        if (!h->job)
                e = ERROR_SPL_NO_STARTDOC;
        else
                h->in_page = start;
        put(ref);
        if (e)
                return s0_win32_fail(e);
        SetLastError(ERROR_SUCCESS);
        return TRUE;
}

WINBASEAPI BOOL WINAPI StartPagePrinter(HANDLE hPrinter) { return page(hPrinter, true); }
WINBASEAPI BOOL WINAPI EndPagePrinter(HANDLE hPrinter) { return page(hPrinter, false); }

WINBASEAPI BOOL WINAPI WritePrinter(HANDLE hPrinter, LPVOID pBuf, DWORD cbBuf, LPDWORD pcWritten) {
        struct s0_win32_ref *ref;
        struct printer_handle *h;
        uint32_t e;
        int r;

        if (!pcWritten || (!pBuf && cbBuf))
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        e = get_printer(hPrinter, &ref, &h);
        if (e)
                return s0_win32_fail(e);
        if (!h->job)
                e = ERROR_SPL_NO_STARTDOC;
        else if (cbBuf && (r = s0_spool_write(h->s, pBuf, cbBuf)) < 0)
                e = spool_error(h->s, r);
        put(ref);
        if (e)
                return s0_win32_fail(e);
        *pcWritten = cbBuf;
        SetLastError(ERROR_SUCCESS);
        return TRUE;
}

static BOOL end_doc(HANDLE hp, bool abort_it) {
        struct s0_win32_ref *ref;
        struct printer_handle *h;
        uint32_t e = get_printer(hp, &ref, &h);
        int r;
        if (e)
                return s0_win32_fail(e);
        if (!h->job)
                e = ERROR_SPL_NO_STARTDOC;
        else {
                r = abort_it ? s0_spool_abort_doc(h->s) : s0_spool_end_doc(h->s, NULL);
                if (r < 0)
                        e = spool_error(h->s, r);
                h->job = 0;
                h->in_page = false;
        }
        put(ref);
        if (e)
                return s0_win32_fail(e);
        SetLastError(ERROR_SUCCESS);
        return TRUE;
}

WINBASEAPI BOOL WINAPI EndDocPrinter(HANDLE hPrinter) { return end_doc(hPrinter, false); }
WINBASEAPI BOOL WINAPI AbortPrinter(HANDLE hPrinter) { return end_doc(hPrinter, true); }

/* ---- packing: structures forward from the start, strings backward from the end --------- */
struct packer {
        BYTE *buf;
        size_t size, fixed, strings; /* bytes used at each end */
        bool fits;
        bool ansi; /* the A functions: strings as the ANSI (here UTF-8) bytes, not UTF-16 */
};

/* The A structures have the W ones' layout (a pointer is a pointer): one packer fills
 * both, and the string's type is the caller's. */
static void *pack_string(struct packer *pk, const char *s) {
        WCHAR *w = NULL;
        size_t units = 0, bytes;
        if (pk->ansi) {
                bytes = strlen(s ? s : "") + 1;
                pk->strings += bytes;
                if (!pk->fits || pk->fixed + pk->strings > pk->size) {
                        pk->fits = false;
                        return NULL;
                }
                char *dst = (char *) (pk->buf + pk->size - pk->strings);
                memcpy(dst, s ? s : "", bytes);
                return dst;
        }
        if (s0_win32_utf8_to_utf16(s ? s : "", &w, &units) != 0) {
                free(w);
                w = NULL;
                (void) s0_win32_utf8_to_utf16("?", &w, &units);
        }
        bytes = (units + 1) * sizeof(WCHAR);
        pk->strings += bytes;
        if (!pk->fits || pk->fixed + pk->strings > pk->size) {
                pk->fits = false;
                free(w);
                return NULL;
        }
        WCHAR *dst = (WCHAR *) (pk->buf + pk->size - pk->strings);
        memcpy(dst, w, bytes);
        free(w);
        return dst;
}

static void *pack_fixed(struct packer *pk, size_t n) {
        size_t at = pk->fixed;
        pk->fixed += n;
        if (!pk->fits || pk->fixed + pk->strings > pk->size) {
                pk->fits = false;
                return NULL;
        }
        memset(pk->buf + at, 0, n);
        return pk->buf + at;
}

static BOOL finish_pack(struct packer *pk, DWORD count, LPDWORD pcbNeeded, LPDWORD pcReturned) {
        size_t need = pk->fixed + pk->strings;
        *pcbNeeded = (DWORD) need;
        if (!pk->fits) {
                *pcReturned = 0;
                return s0_win32_fail(ERROR_INSUFFICIENT_BUFFER);
        }
        *pcReturned = count;
        SetLastError(ERROR_SUCCESS);
        return TRUE;
}

/* One pass: with a buffer too small (or none) nothing more is written once it is full,
 * but the sizes keep adding up, so *pcbNeeded is what the next call needs. */
static void pack_printer(struct packer *pk, DWORD level, const struct s0_spool_printer_info *p) {
        static const char *const dts[] = { "", "TEXT", "PS", "PDF" };
        if (level == 1) {
                PRINTER_INFO_1W *pi = pack_fixed(pk, sizeof *pi);
                char desc[256];
                snprintf(desc, sizeof desc, "%s,%s,session0", p->name, p->driver);
                LPWSTR d = pack_string(pk, desc), n = pack_string(pk, p->name), c = pack_string(pk, p->status_text);
                if (pi)
                        *pi = (PRINTER_INFO_1W) { .Flags = 0, .pDescription = d, .pName = n, .pComment = c };
        } else if (level == 4) {
                /* the level meant to be cheap: name and attributes only */
                PRINTER_INFO_4W *pi = pack_fixed(pk, sizeof *pi);
                LPWSTR name = pack_string(pk, p->name);
                if (pi)
                        *pi = (PRINTER_INFO_4W) { .pPrinterName = name, .pServerName = NULL,
                                                  .Attributes = PRINTER_ATTRIBUTE_QUEUED | PRINTER_ATTRIBUTE_LOCAL };
        } else {
                PRINTER_INFO_2W *pi = pack_fixed(pk, sizeof *pi);
                const char *dt = "TEXT";
                for (uint32_t i = 1; i < 4; i++)
                        if (p->capabilities & (1u << i)) {
                                dt = dts[i];
                                break;
                        }
                LPWSTR name = pack_string(pk, p->name), port = pack_string(pk, "s0-printhost:"),
                       drv = pack_string(pk, p->driver), comment = pack_string(pk, p->status_text),
                       loc = pack_string(pk, "session 0"), proc = pack_string(pk, "s0-spooler"),
                       dtw = pack_string(pk, dt), empty = pack_string(pk, "");
                if (pi)
                        *pi = (PRINTER_INFO_2W) { .pServerName = NULL, .pPrinterName = name, .pShareName = empty,
                                                  .pPortName = port, .pDriverName = drv, .pComment = comment,
                                                  .pLocation = loc, .pSepFile = empty, .pPrintProcessor = proc,
                                                  .pDatatype = dtw, .pParameters = empty,
                                                  .Attributes = PRINTER_ATTRIBUTE_QUEUED | PRINTER_ATTRIBUTE_LOCAL,
                                                  .Priority = 1, .DefaultPriority = 1, .Status = p->status,
                                                  .cJobs = p->jobs };
        }
}

static BOOL enum_printers(DWORD Flags, DWORD Level, LPBYTE pPrinterEnum, DWORD cbBuf, LPDWORD pcbNeeded,
                          LPDWORD pcReturned, bool ansi) {
        struct s0_spool_printer_info *list = NULL;
        struct s0_spool *s;
        struct packer pk;
        size_t n = 0;
        int r;

        if (!pcbNeeded || !pcReturned)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        if (Level != 1 && Level != 2 && Level != 4)
                return s0_win32_fail(ERROR_INVALID_LEVEL);
        if (!(Flags & (PRINTER_ENUM_LOCAL | PRINTER_ENUM_CONNECTIONS | PRINTER_ENUM_NAME | PRINTER_ENUM_DEFAULT))) {
                *pcbNeeded = 0;
                *pcReturned = 0;
                SetLastError(ERROR_SUCCESS);
                return TRUE;
        }
        r = s0_spool_connect(NULL, &s);
        if (r < 0)
                return s0_win32_fail(spool_error(NULL, r));
        r = s0_spool_enum_printers(s, &list, &n);
        if (r < 0) {
                uint32_t e = spool_error(s, r);
                s0_spool_close(s);
                return s0_win32_fail(e);
        }
        s0_spool_close(s);
        if (Flags & PRINTER_ENUM_DEFAULT && n > 1)
                n = 1; /* the first printer is the default one */
        /* W strings are WCHARs: the end of the buffer is kept 2-byte aligned */
        pk = (struct packer) { .buf = pPrinterEnum, .size = pPrinterEnum ? (ansi ? cbBuf : cbBuf & ~1u) : 0,
                               .fits = pPrinterEnum != NULL, .ansi = ansi };
        for (size_t i = 0; i < n; i++)
                pack_printer(&pk, Level, &list[i]);
        free(list);
        if (!pPrinterEnum && pk.fixed + pk.strings == 0)
                pk.fits = true;
        return finish_pack(&pk, (DWORD) n, pcbNeeded, pcReturned);
}

WINBASEAPI BOOL WINAPI EnumPrintersW(DWORD Flags, LPWSTR Name, DWORD Level, LPBYTE pPrinterEnum, DWORD cbBuf,
                                     LPDWORD pcbNeeded, LPDWORD pcReturned) {
        (void) Name; /* the local machine only */
        return enum_printers(Flags, Level, pPrinterEnum, cbBuf, pcbNeeded, pcReturned, false);
}

WINBASEAPI BOOL WINAPI EnumPrintersA(DWORD Flags, LPSTR Name, DWORD Level, LPBYTE pPrinterEnum, DWORD cbBuf,
                                     LPDWORD pcbNeeded, LPDWORD pcReturned) {
        (void) Name;
        return enum_printers(Flags, Level, pPrinterEnum, cbBuf, pcbNeeded, pcReturned, true);
}

static DWORD job_status(const struct s0_spool_job_info *j) {
        DWORD st = j->paused ? JOB_STATUS_PAUSED : 0;
        switch (j->state) {
        case S0_JOB_PRINTING: return st | JOB_STATUS_PRINTING;
        case S0_JOB_DONE: return st | JOB_STATUS_PRINTED | JOB_STATUS_COMPLETE;
        case S0_JOB_FAILED: return st | JOB_STATUS_ERROR;
        case S0_JOB_CANCELLED: return st | JOB_STATUS_DELETED;
        default: return st;
        }
}

static SYSTEMTIME job_submitted(const struct s0_spool_job_info *j) {
        struct tm tm;
        time_t t = (time_t) (j->submitted_ns / 1000000000);
        (void) gmtime_r(&t, &tm);
        return (SYSTEMTIME) { .wYear = (WORD) (tm.tm_year + 1900), .wMonth = (WORD) (tm.tm_mon + 1),
                              .wDayOfWeek = (WORD) tm.tm_wday, .wDay = (WORD) tm.tm_mday, .wHour = (WORD) tm.tm_hour,
                              .wMinute = (WORD) tm.tm_min, .wSecond = (WORD) tm.tm_sec,
                              .wMilliseconds = (WORD) ((j->submitted_ns / 1000000) % 1000) };
}

static const char *job_datatype(const struct s0_spool_job_info *j) {
        static const char *const dts[] = { "", "TEXT", "PS", "PDF" };
        return j->datatype < 4 ? dts[j->datatype] : "";
}

static const char *job_status_text(const struct s0_spool_job_info *j) {
        return j->status_text[0] ? j->status_text : s0_spool_job_state_name(j->state);
}

static void pack_job(struct packer *pk, const struct s0_spool_job_info *j, DWORD position) {
        JOB_INFO_1W *ji = pack_fixed(pk, sizeof *ji);
        LPWSTR printer = pack_string(pk, j->printer), machine = pack_string(pk, ""), user = pack_string(pk, j->user),
               doc = pack_string(pk, j->document), dt = pack_string(pk, job_datatype(j)),
               status = pack_string(pk, job_status_text(j));
        if (!ji)
                return;
        *ji = (JOB_INFO_1W) { .JobId = j->id, .pPrinterName = printer, .pMachineName = machine, .pUserName = user,
                              .pDocument = doc, .pDatatype = dt, .pStatus = status, .Status = job_status(j),
                              .Priority = j->priority, .Position = position, .Submitted = job_submitted(j) };
}

/* Level 2: level 1's members and the job's size; no DEVMODE, no security descriptor,
 * pages unknown (0) as for a job whose driver has not counted them, no time window
 * (StartTime = UntilTime = 0: always), the print processor Windows' default. */
static void pack_job2(struct packer *pk, const struct s0_spool_job_info *j, DWORD position) {
        JOB_INFO_2W *ji = pack_fixed(pk, sizeof *ji);
        LPWSTR printer = pack_string(pk, j->printer), machine = pack_string(pk, ""), user = pack_string(pk, j->user),
               doc = pack_string(pk, j->document), notify = pack_string(pk, j->user),
               dt = pack_string(pk, job_datatype(j)), proc = pack_string(pk, "winprint"),
               params = pack_string(pk, ""), driver = pack_string(pk, ""),
               status = pack_string(pk, job_status_text(j));
        if (!ji)
                return;
        *ji = (JOB_INFO_2W) { .JobId = j->id, .pPrinterName = printer, .pMachineName = machine, .pUserName = user,
                              .pDocument = doc, .pNotifyName = notify, .pDatatype = dt, .pPrintProcessor = proc,
                              .pParameters = params, .pDriverName = driver, .pStatus = status,
                              .Status = job_status(j), .Priority = j->priority, .Position = position,
                              .Size = j->size > UINT32_MAX ? UINT32_MAX : (DWORD) j->size,
                              .Submitted = job_submitted(j) };
}

static BOOL enum_jobs(HANDLE hPrinter, DWORD FirstJob, DWORD NoJobs, DWORD Level, LPBYTE pJob, DWORD cbBuf,
                      LPDWORD pcbNeeded, LPDWORD pcReturned, bool ansi) {
        struct s0_spool_job_info *list = NULL;
        struct s0_win32_ref *ref;
        struct printer_handle *h;
        struct packer pk;
        size_t n = 0, count = 0;
        uint32_t e;
        int r;

        if (!pcbNeeded || !pcReturned)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        if (Level != 1 && Level != 2)
                return s0_win32_fail(ERROR_INVALID_LEVEL);
        e = get_printer(hPrinter, &ref, &h);
        if (e)
                return s0_win32_fail(e);
        r = s0_spool_enum_jobs(h->s, h->name, &list, &n);
        if (r < 0)
                e = spool_error(h->s, r);
        put(ref);
        if (e)
                return s0_win32_fail(e);
        pk = (struct packer) { .buf = pJob, .size = pJob ? (ansi ? cbBuf : cbBuf & ~1u) : 0, .fits = pJob != NULL,
                               .ansi = ansi };
        for (size_t i = FirstJob; i < n && count < NoJobs; i++, count++)
                (Level == 1 ? pack_job : pack_job2)(&pk, &list[i], (DWORD) (i + 1));
        free(list);
        if (!pJob && pk.fixed + pk.strings == 0)
                pk.fits = true;
        return finish_pack(&pk, (DWORD) count, pcbNeeded, pcReturned);
}

WINBASEAPI BOOL WINAPI EnumJobsW(HANDLE hPrinter, DWORD FirstJob, DWORD NoJobs, DWORD Level, LPBYTE pJob, DWORD cbBuf,
                                 LPDWORD pcbNeeded, LPDWORD pcReturned) {
        return enum_jobs(hPrinter, FirstJob, NoJobs, Level, pJob, cbBuf, pcbNeeded, pcReturned, false);
}

WINBASEAPI BOOL WINAPI EnumJobsA(HANDLE hPrinter, DWORD FirstJob, DWORD NoJobs, DWORD Level, LPBYTE pJob, DWORD cbBuf,
                                 LPDWORD pcbNeeded, LPDWORD pcReturned) {
        return enum_jobs(hPrinter, FirstJob, NoJobs, Level, pJob, cbBuf, pcbNeeded, pcReturned, true);
}

/* What SetJob levels 1 and 2 change: the document name (UTF-8, NULL: unchanged), the
 * priority and the position (0: unchanged); the other members are ignored, as on Windows. */
struct job_change {
        const char *document;
        DWORD priority, position;
};

static uint32_t job_change_of(DWORD Level, const BYTE *pJob, bool ansi, struct job_change *ret, char **ret_doc) {
        const void *doc;
        uint32_t e;

        *ret_doc = NULL;
        if (Level == 1 && ansi) {
                const JOB_INFO_1A *j = (const void *) pJob;
                *ret = (struct job_change) { j->pDocument, j->Priority, j->Position };
                return 0;
        }
        if (Level == 2 && ansi) {
                const JOB_INFO_2A *j = (const void *) pJob;
                *ret = (struct job_change) { j->pDocument, j->Priority, j->Position };
                return 0;
        }
        if (Level == 1) {
                const JOB_INFO_1W *j = (const void *) pJob;
                *ret = (struct job_change) { NULL, j->Priority, j->Position };
                doc = j->pDocument;
        } else {
                const JOB_INFO_2W *j = (const void *) pJob;
                *ret = (struct job_change) { NULL, j->Priority, j->Position };
                doc = j->pDocument;
        }
        if (doc && (e = s0_win32_utf16_to_utf8(doc, 0, ret_doc)))
                return e;
        ret->document = *ret_doc;
        return 0;
}

static uint32_t set_job_check(DWORD Level, LPBYTE pJob, DWORD Command) {
        if (Level > 4)
                return ERROR_INVALID_LEVEL;
        if (Level >= 3)
                return ERROR_NOT_SUPPORTED; /* JOB_INFO_3/4: job links are not implemented */
        if ((Level == 0) != (pJob == NULL))
                return ERROR_INVALID_PARAMETER; /* level 0 takes no structure, 1 and 2 need one */
        if ((Command == 0 && Level == 0) || Command > JOB_CONTROL_DELETE)
                return ERROR_INVALID_PARAMETER;
        return 0;
}

static BOOL set_job(HANDLE hPrinter, DWORD JobId, DWORD Level, LPBYTE pJob, DWORD Command, bool ansi) {
        struct job_change ch = { 0 };
        struct s0_win32_ref *ref;
        struct printer_handle *h;
        char *doc = NULL;
        uint32_t e;
        int r = 0;

        e = set_job_check(Level, pJob, Command);
        if (!e && Level)
                e = job_change_of(Level, pJob, ansi, &ch, &doc);
        if (!e && Level && (ch.priority < MIN_PRIORITY || ch.priority > MAX_PRIORITY))
                e = ERROR_INVALID_PARAMETER;
        if (!e)
                e = get_printer(hPrinter, &ref, &h);
        if (e) {
                free(doc);
                return s0_win32_fail(e);
        }
        /* the change first, then the command: Windows applies both in one call */
        if (Level)
                r = s0_spool_set_job_info(h->s, JobId, ch.document, ch.priority, ch.position);
        if (r >= 0 && Command)
                r = s0_spool_set_job(h->s, JobId, Command);
        if (r < 0)
                e = spool_error(h->s, r);
        put(ref);
        free(doc);
        if (e)
                return s0_win32_fail(e);
        SetLastError(ERROR_SUCCESS);
        return TRUE;
}

WINBASEAPI BOOL WINAPI SetJobW(HANDLE hPrinter, DWORD JobId, DWORD Level, LPBYTE pJob, DWORD Command) {
        return set_job(hPrinter, JobId, Level, pJob, Command, false);
}

WINBASEAPI BOOL WINAPI SetJobA(HANDLE hPrinter, DWORD JobId, DWORD Level, LPBYTE pJob, DWORD Command) {
        return set_job(hPrinter, JobId, Level, pJob, Command, true);
}
