/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The print spooler's wire protocols (docs/PRINTING.md).
 *
 * 1. Clients <-> s0-spooler, over the message pipe \\.\pipe\spoolss: one request, one
 *    reply, each one pipe message starting with struct s0_spool_header. Who the client
 *    is (uid, pid, session) comes from the pipe's kernel identity, never from a field.
 * 2. s0-spooler <-> s0-printhost, over a SOCK_SEQPACKET socketpair: the spooler sends a
 *    job (the input and the output directory as SCM_RIGHTS fds), the host answers with
 *    status, output and done messages. The host runs a third-party driver: the spooler
 *    validates its messages exactly as it validates clients'.
 *
 * Every message is checked by s0_spool_msg_validate() before use (fuzz/fuzz-spooler-protocol.c).
 */
#pragma once

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#define S0_SPOOL_MAGIC 0x4c4f5053u /* "SPOL" */
#define S0_SPOOL_VERSION 2u /* 2: job records carry their priority */
#define S0_SPOOL_PIPE_NAME "spoolss"
#define S0_SPOOL_MSG_MAX 65536u /* S0_PIPE_MESSAGE_MAX */

#define S0_SPOOL_PRINTER_MAX 64u  /* bytes including the NUL */
#define S0_SPOOL_DOC_MAX 128u
#define S0_SPOOL_DATATYPE_MAX 16u
#define S0_SPOOL_USER_MAX 64u
#define S0_SPOOL_TEXT_MAX 128u
#define S0_SPOOL_PATH_MAX 256u

enum s0_spool_type {
        /* replies */
        S0_SPOOL_ERROR = 1,
        S0_SPOOL_OK = 2,
        S0_SPOOL_PRINTERS = 3,
        S0_SPOOL_JOBS = 4,
        /* requests */
        S0_SPOOL_ENUM_PRINTERS = 10,
        S0_SPOOL_OPEN_PRINTER = 11,
        S0_SPOOL_START_DOC = 12,
        S0_SPOOL_WRITE = 13,
        S0_SPOOL_END_DOC = 14,
        S0_SPOOL_ABORT_DOC = 15,
        S0_SPOOL_ENUM_JOBS = 16,
        S0_SPOOL_SET_JOB = 17,
        S0_SPOOL_SET_JOB_INFO = 18, /* SetJob levels 1, 2: document, priority, position */
        /* spooler -> host */
        S0_SPOOL_HOST_JOB = 30,
        S0_SPOOL_HOST_CANCEL = 31, /* the job being rendered was cancelled (ABI 1.1 drivers) */
        /* host -> spooler */
        S0_SPOOL_HOST_HELLO = 40,
        S0_SPOOL_HOST_STATUS = 41,
        S0_SPOOL_HOST_OUTPUT = 42,
        S0_SPOOL_HOST_DONE = 43,
};

/* Datatypes (StartDocPrinter's pDatatype: "TEXT", "PS", "PDF"; "RAW" is TEXT here). */
enum s0_spool_datatype {
        S0_SPOOL_DT_TEXT = 1,
        S0_SPOOL_DT_POSTSCRIPT = 2,
        S0_SPOOL_DT_PDF = 3,
        _S0_SPOOL_DT_MAX,
};

enum s0_spool_job_state {
        S0_JOB_SPOOLING = 0, /* never on disk: a job is on disk once accepted */
        S0_JOB_QUEUED = 1,
        S0_JOB_PRINTING = 2,
        S0_JOB_DONE = 3,
        S0_JOB_FAILED = 4,
        S0_JOB_CANCELLED = 5,
        _S0_JOB_STATE_MAX,
};

/* SetJob's commands, Windows' JOB_CONTROL_* values. */
enum s0_spool_job_command {
        S0_JOB_CONTROL_PAUSE = 1,
        S0_JOB_CONTROL_RESUME = 2,
        S0_JOB_CONTROL_CANCEL = 3,
        S0_JOB_CONTROL_RESTART = 4,
        S0_JOB_CONTROL_DELETE = 5,
};

/* A job's priority (Windows' MIN_PRIORITY .. MAX_PRIORITY; new jobs get DEF_PRIORITY). */
#define S0_SPOOL_PRIORITY_MIN 1u
#define S0_SPOOL_PRIORITY_MAX 99u
#define S0_SPOOL_PRIORITY_DEFAULT 1u

/* The Win32 errors the spooler answers with (winerror.h values). */
#define S0_SPOOL_ERR_ACCESS_DENIED 5u
#define S0_SPOOL_ERR_NOT_SUPPORTED 50u
#define S0_SPOOL_ERR_INVALID_PARAMETER 87u
#define S0_SPOOL_ERR_DISK_FULL 112u
#define S0_SPOOL_ERR_GEN_FAILURE 31u
#define S0_SPOOL_ERR_INVALID_PRINTER_NAME 1801u
#define S0_SPOOL_ERR_INVALID_DATATYPE 1804u
#define S0_SPOOL_ERR_NOT_ENOUGH_QUOTA 1816u
#define S0_SPOOL_ERR_SPL_NO_STARTDOC 3003u

struct s0_spool_header {
        uint32_t magic;
        uint16_t version;
        uint16_t type; /* enum s0_spool_type */
        uint32_t size; /* of the whole message, header included */
        uint32_t reserved;
};

struct s0_spool_error {
        struct s0_spool_header hdr;
        uint32_t code; /* a Win32 error code */
        uint32_t reserved;
        char text[S0_SPOOL_TEXT_MAX];
};

struct s0_spool_ok {
        struct s0_spool_header hdr;
        uint32_t job; /* START_DOC, END_DOC: the job; else 0 */
        uint32_t value; /* WRITE: bytes written */
};

struct s0_spool_printer_info {
        char name[S0_SPOOL_PRINTER_MAX];
        char driver[S0_SPOOL_PRINTER_MAX];
        char status_text[S0_SPOOL_TEXT_MAX];
        uint32_t capabilities; /* 1 << enum s0_spool_datatype */
        uint32_t status;       /* PRINTER_STATUS_* bits */
        uint32_t jobs;         /* queued or printing */
        int32_t host_pid;      /* 0: no driver host running */
};

struct s0_spool_printers {
        struct s0_spool_header hdr;
        uint32_t count;
        uint32_t reserved;
        struct s0_spool_printer_info printers[];
};

struct s0_spool_open_printer {
        struct s0_spool_header hdr;
        char printer[S0_SPOOL_PRINTER_MAX];
};

struct s0_spool_start_doc {
        struct s0_spool_header hdr;
        char printer[S0_SPOOL_PRINTER_MAX];
        char document[S0_SPOOL_DOC_MAX];
        uint32_t datatype; /* enum s0_spool_datatype */
        uint32_t reserved;
};

struct s0_spool_write {
        struct s0_spool_header hdr;
        uint8_t data[]; /* hdr.size - sizeof(hdr) bytes, at least 1 */
};
#define S0_SPOOL_WRITE_MAX (S0_SPOOL_MSG_MAX - sizeof(struct s0_spool_header))

struct s0_spool_job_info {
        uint32_t id;
        uint32_t state;   /* enum s0_spool_job_state */
        uint32_t paused;  /* 0 or 1 */
        uint32_t uid;
        uint32_t session;
        uint32_t datatype;
        uint32_t priority; /* S0_SPOOL_PRIORITY_MIN .. S0_SPOOL_PRIORITY_MAX (SetJob levels 1, 2) */
        uint32_t reserved;
        uint64_t size;    /* bytes spooled */
        int64_t submitted_ns; /* CLOCK_REALTIME */
        char printer[S0_SPOOL_PRINTER_MAX];
        char user[S0_SPOOL_USER_MAX];
        char document[S0_SPOOL_DOC_MAX];
        char status_text[S0_SPOOL_TEXT_MAX];
        char output[S0_SPOOL_PATH_MAX]; /* only for the owner and root */
};

struct s0_spool_enum_jobs {
        struct s0_spool_header hdr;
        char printer[S0_SPOOL_PRINTER_MAX]; /* "": every printer */
        uint32_t first; /* index of the first job to return */
        uint32_t reserved;
};

struct s0_spool_jobs {
        struct s0_spool_header hdr;
        uint32_t count;
        uint32_t total; /* jobs matching, from index 0 */
        struct s0_spool_job_info jobs[];
};

struct s0_spool_set_job {
        struct s0_spool_header hdr;
        uint32_t job;
        uint32_t command; /* enum s0_spool_job_command */
};

/* SetJob levels 1 and 2. A zero or empty field is left as it is. */
struct s0_spool_set_job_info {
        struct s0_spool_header hdr;
        uint32_t job;
        uint32_t priority; /* 0, or S0_SPOOL_PRIORITY_MIN .. S0_SPOOL_PRIORITY_MAX */
        uint32_t position; /* 0, or the 1-based place among the printer's queued jobs */
        uint32_t reserved;
        char document[S0_SPOOL_DOC_MAX]; /* "": unchanged */
};

/* ---- spooler <-> driver host ---------------------------------------------------------- */
struct s0_spool_host_job {
        struct s0_spool_header hdr; /* two fds ride along: the input, the output directory */
        uint32_t job;
        uint32_t uid;
        uint32_t session;
        uint32_t datatype;
        uint64_t size;
        char printer[S0_SPOOL_PRINTER_MAX];
        char user[S0_SPOOL_USER_MAX];
        char document[S0_SPOOL_DOC_MAX];
};

struct s0_spool_host_cancel {
        struct s0_spool_header hdr;
        uint32_t job;
        uint32_t reserved;
};

struct s0_spool_host_hello {
        struct s0_spool_header hdr;
        uint32_t abi_version; /* minor 1 (S0_PRINTER_DRIVER_ABI_VERSION(1, 1)) only if the driver has cancel() */
        uint32_t capabilities;
        char driver[S0_SPOOL_PRINTER_MAX];
};

struct s0_spool_host_status { /* also HOST_OUTPUT (text: a file name) and HOST_DONE (code: 0 or -errno) */
        struct s0_spool_header hdr;
        uint32_t job;
        int32_t code; /* STATUS: PRINTER_STATUS_* bits */
        char text[S0_SPOOL_TEXT_MAX];
};

static_assert(sizeof(struct s0_spool_header) == 16, "wire layout changed: bump S0_SPOOL_VERSION");
static_assert(sizeof(struct s0_spool_error) == 152, "wire layout changed: bump S0_SPOOL_VERSION");
static_assert(sizeof(struct s0_spool_ok) == 24, "wire layout changed: bump S0_SPOOL_VERSION");
static_assert(sizeof(struct s0_spool_printer_info) == 272, "wire layout changed: bump S0_SPOOL_VERSION");
static_assert(sizeof(struct s0_spool_printers) == 24, "wire layout changed: bump S0_SPOOL_VERSION");
static_assert(sizeof(struct s0_spool_open_printer) == 80, "wire layout changed: bump S0_SPOOL_VERSION");
static_assert(sizeof(struct s0_spool_start_doc) == 216, "wire layout changed: bump S0_SPOOL_VERSION");
static_assert(sizeof(struct s0_spool_job_info) == 688, "wire layout changed: bump S0_SPOOL_VERSION");
static_assert(sizeof(struct s0_spool_enum_jobs) == 88, "wire layout changed: bump S0_SPOOL_VERSION");
static_assert(sizeof(struct s0_spool_jobs) == 24, "wire layout changed: bump S0_SPOOL_VERSION");
static_assert(sizeof(struct s0_spool_set_job) == 24, "wire layout changed: bump S0_SPOOL_VERSION");
static_assert(sizeof(struct s0_spool_set_job_info) == 160, "wire layout changed: bump S0_SPOOL_VERSION");
static_assert(sizeof(struct s0_spool_host_job) == 296, "wire layout changed: bump S0_SPOOL_VERSION");
static_assert(sizeof(struct s0_spool_host_cancel) == 24, "wire layout changed: bump S0_SPOOL_VERSION");
static_assert(sizeof(struct s0_spool_host_hello) == 88, "wire layout changed: bump S0_SPOOL_VERSION");
static_assert(sizeof(struct s0_spool_host_status) == 152, "wire layout changed: bump S0_SPOOL_VERSION");

#define S0_SPOOL_PRINTERS_MAX ((S0_SPOOL_MSG_MAX - sizeof(struct s0_spool_printers)) / sizeof(struct s0_spool_printer_info))
#define S0_SPOOL_JOBS_PAGE ((S0_SPOOL_MSG_MAX - sizeof(struct s0_spool_jobs)) / sizeof(struct s0_spool_job_info))

/* 0 if buf[0..n) is one well-formed message (magic, version, size == n, a known type of
 * at least its size, every string NUL-terminated within its field, counts that fit);
 * -EBADMSG otherwise. Pure: no allocation, no state. */
int s0_spool_msg_validate(const void *buf, size_t n);
/* Fills in a header. */
void s0_spool_header_init(struct s0_spool_header *h, uint16_t type, uint32_t size);
/* "text", "postscript", "pdf" (and the Windows names TEXT, RAW, PS, PDF...) -> datatype; 0 if unknown. */
uint32_t s0_spool_datatype_from_name(const char *s);
const char *s0_spool_datatype_name(uint32_t dt);
const char *s0_spool_job_state_name(uint32_t state);
