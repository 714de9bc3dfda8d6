/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libsession0: the print spooler's client (docs/PRINTING.md), under s0ctl print/jobs and
 * the Win32 winspool functions. One connection to \\.\pipe\spoolss per struct s0_spool.
 *
 * Functions return 0 or a negative errno. When the spooler itself refused a request
 * they return -EREMOTEIO and s0_spool_win32_error() gives its Win32 error code
 * (ERROR_INVALID_PRINTER_NAME 1801, ERROR_ACCESS_DENIED 5, ...) and
 * s0_spool_error_text() its reason. -ENOENT from s0_spool_connect(): no spooler.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <session0/session0.h>
#include <session0/spooler-protocol.h>

#ifdef __cplusplus
extern "C" {
#endif

struct s0_spool;

S0_EXPORT int s0_spool_connect(const char *runtime_dir, struct s0_spool **ret);
S0_EXPORT void s0_spool_close(struct s0_spool *s);
S0_EXPORT uint32_t s0_spool_win32_error(const struct s0_spool *s);
S0_EXPORT const char *s0_spool_error_text(const struct s0_spool *s);

/* Free *ret with free(). */
S0_EXPORT int s0_spool_enum_printers(struct s0_spool *s, struct s0_spool_printer_info **ret, size_t *ret_count);
S0_EXPORT int s0_spool_open_printer(struct s0_spool *s, const char *printer);
S0_EXPORT int s0_spool_start_doc(struct s0_spool *s, const char *printer, const char *document, uint32_t datatype,
                                 uint32_t *ret_job);
/* Any size: sent in messages of at most S0_SPOOL_WRITE_MAX bytes. */
S0_EXPORT int s0_spool_write(struct s0_spool *s, const void *buf, size_t size);
/* Returns once the job is on the spooler's disk (accepted). */
S0_EXPORT int s0_spool_end_doc(struct s0_spool *s, uint32_t *ret_job);
S0_EXPORT int s0_spool_abort_doc(struct s0_spool *s);
/* printer NULL or "": every printer's jobs. Free *ret with free(). */
S0_EXPORT int s0_spool_enum_jobs(struct s0_spool *s, const char *printer, struct s0_spool_job_info **ret,
                                 size_t *ret_count);
/* command: enum s0_spool_job_command (JOB_CONTROL_*). */
S0_EXPORT int s0_spool_set_job(struct s0_spool *s, uint32_t job, uint32_t command);
/* SetJob levels 1, 2: document NULL or "", priority 0 and position 0 leave that field as
 * it is; position is the 1-based place among the printer's queued jobs. */
S0_EXPORT int s0_spool_set_job_info(struct s0_spool *s, uint32_t job, const char *document, uint32_t priority,
                                    uint32_t position);

#ifdef __cplusplus
}
#endif
