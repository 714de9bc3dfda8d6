/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * session0 printer driver ABI, version 1.1 (session0-printer-driver(7), docs/PRINTING.md).
 *
 * A printer driver is a shared object that exports
 *
 *     const struct s0_printer_driver *s0_printer_driver_entry(void);
 *
 * It is loaded by s0-printhost, one process per printer, running as the unprivileged
 * account s0-printdrv in session 0 with no capabilities, PR_SET_NO_NEW_PRIVS and an
 * address-space limit. render() is called once per job, never concurrently. A driver
 * that crashes, hangs past the job timeout or runs out of memory fails that job only;
 * the spooler restarts its host. A driver never talks to the user itself (it has no
 * session and no window): it reports status through host->status(), and the spooler
 * tells the job's owner with WTSSendMessage.
 *
 * Minor versions only append members to struct s0_printer_driver, so an ABI 1.0 driver
 * (abi_version 1) loads unchanged: the host reads no member it does not declare.
 *   1.1: cancel(), so that cancelling a printing job need not kill the host.
 */
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define S0_PRINTER_DRIVER_ABI 1u /* the major version: what abi_version 1 (1.0) declares */
#define S0_PRINTER_DRIVER_ABI_MINOR 1u
/* abi_version of a driver built for MAJOR.MINOR: the minor in the upper 16 bits */
#define S0_PRINTER_DRIVER_ABI_VERSION(major, minor) ((uint32_t) (major) | ((uint32_t) (minor) << 16))
#define S0_PRINTER_DRIVER_ABI_MAJOR_OF(v) ((v) & 0xffffu)
#define S0_PRINTER_DRIVER_ABI_MINOR_OF(v) ((v) >> 16)
/* After cancel(), how long render() has to return before the host is killed anyway. */
#define S0_PRINTER_CANCEL_GRACE_MS 5000u
#define S0_PRINTER_DRIVER_ENTRY "s0_printer_driver_entry"

/* Datatypes, as on the wire (enum s0_spool_datatype). */
enum s0_print_datatype {
        S0_PRINT_TEXT = 1,
        S0_PRINT_POSTSCRIPT = 2,
        S0_PRINT_PDF = 3,
};
#define S0_PRINTER_CAP(dt) (1u << (dt))

/* Status codes for host->status(): Windows' PRINTER_STATUS_* bits. 0 is information. */
#define S0_PRINTER_STATUS_INFO 0x00000000u
#define S0_PRINTER_STATUS_ERROR 0x00000002u
#define S0_PRINTER_STATUS_PAPER_JAM 0x00000008u
#define S0_PRINTER_STATUS_PAPER_OUT 0x00000010u
#define S0_PRINTER_STATUS_OFFLINE 0x00000080u

/* What a job is. Strings are UTF-8, valid during render(). */
struct s0_print_job_info {
        uint32_t size;      /* sizeof(struct s0_print_job_info) of the host */
        uint32_t job_id;    /* unique per spooler, stable across restarts: use it to be idempotent */
        uint32_t uid;       /* the owner, from the kernel */
        uint32_t session;   /* the session it was printed from */
        uint32_t datatype;  /* enum s0_print_datatype */
        uint64_t bytes;     /* size of the input */
        const char *user;
        const char *document;
        const char *printer;
        const char *options; /* the printer's driver options from the spooler's configuration ("" if none) */
};

/* The host's side, passed to render(). */
struct s0_print_host {
        uint32_t size; /* sizeof(struct s0_print_host) of the host */
        /* Reports a condition (S0_PRINTER_STATUS_*) with a short text ("out of paper"); the
         * spooler shows it to the job's owner in their session. */
        void (*status)(struct s0_print_host *h, uint32_t code, const char *text);
        /* Names a file the driver wrote in out_dir_fd as the job's output: the spooler
         * publishes it to the owner's output directory. At most once per job. 0 or -errno. */
        int (*output)(struct s0_print_host *h, const char *file_name);
};

struct s0_printer_driver {
        uint32_t abi_version;   /* S0_PRINTER_DRIVER_ABI, or S0_PRINTER_DRIVER_ABI_VERSION(1, 1) */
        uint32_t capabilities;  /* S0_PRINTER_CAP(S0_PRINT_TEXT) | ... */
        const char *name;       /* "pdf", "cups", ... */
        const char *description;
        /* Optional: called once when the host starts, with the printer's options. */
        int (*init)(const char *options, void **ret_ctx);
        /* Renders one job: reads in_fd (the spooled data, at offset 0) to its end, writes
         * into out_dir_fd (an empty directory of its own). Returns 0 or -errno. */
        int (*render)(void *ctx, const struct s0_print_job_info *job, int in_fd, int out_dir_fd,
                      struct s0_print_host *host);
        /* ABI 1.1, optional (read only if abi_version says 1.1 or later): the owner cancelled
         * job_id while render() runs. Called on another thread of the host, concurrently
         * with render(): only set a flag or write to a pipe render() watches, and return.
         * render() should then return -ECANCELED; if it has not returned within
         * S0_PRINTER_CANCEL_GRACE_MS the host is killed, as for a 1.0 driver. */
        void (*cancel)(void *ctx, uint32_t job_id);
};

typedef const struct s0_printer_driver *(*s0_printer_driver_entry_fn)(void);
/* What a driver defines (and exports: __attribute__((visibility("default"))) under -fvisibility=hidden). */
const struct s0_printer_driver *s0_printer_driver_entry(void);

#ifdef __cplusplus
}
#endif
