/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Validation of the spooler's messages (include/session0/spooler-protocol.h): clients'
 * requests, the spooler's replies, and the driver host's messages, which come from
 * third-party code and are trusted no more than a client's. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include <session0/spooler-protocol.h>

static bool str_ok(const char *s, size_t size) { return memchr(s, 0, size) != NULL; }

void s0_spool_header_init(struct s0_spool_header *h, uint16_t type, uint32_t size) {
        *h = (struct s0_spool_header) { .magic = S0_SPOOL_MAGIC, .version = S0_SPOOL_VERSION, .type = type, .size = size };
}

static size_t min_size(uint16_t type) {
        switch (type) {
        case S0_SPOOL_ERROR: return sizeof(struct s0_spool_error);
        case S0_SPOOL_OK: return sizeof(struct s0_spool_ok);
        case S0_SPOOL_PRINTERS: return sizeof(struct s0_spool_printers);
        case S0_SPOOL_JOBS: return sizeof(struct s0_spool_jobs);
        case S0_SPOOL_ENUM_PRINTERS: return sizeof(struct s0_spool_header);
        case S0_SPOOL_OPEN_PRINTER: return sizeof(struct s0_spool_open_printer);
        case S0_SPOOL_START_DOC: return sizeof(struct s0_spool_start_doc);
        case S0_SPOOL_WRITE: return sizeof(struct s0_spool_header) + 1;
        case S0_SPOOL_END_DOC: return sizeof(struct s0_spool_header);
        case S0_SPOOL_ABORT_DOC: return sizeof(struct s0_spool_header);
        case S0_SPOOL_ENUM_JOBS: return sizeof(struct s0_spool_enum_jobs);
        case S0_SPOOL_SET_JOB: return sizeof(struct s0_spool_set_job);
        case S0_SPOOL_SET_JOB_INFO: return sizeof(struct s0_spool_set_job_info);
        case S0_SPOOL_HOST_JOB: return sizeof(struct s0_spool_host_job);
        case S0_SPOOL_HOST_CANCEL: return sizeof(struct s0_spool_host_cancel);
        case S0_SPOOL_HOST_HELLO: return sizeof(struct s0_spool_host_hello);
        case S0_SPOOL_HOST_STATUS:
        case S0_SPOOL_HOST_OUTPUT:
        case S0_SPOOL_HOST_DONE: return sizeof(struct s0_spool_host_status);
        default: return 0;
        }
}

/* Types whose size is variable; all others must be exactly their struct. */
static bool variable_size(uint16_t type) {
        return type == S0_SPOOL_PRINTERS || type == S0_SPOOL_JOBS || type == S0_SPOOL_WRITE;
}

static bool printer_ok(const struct s0_spool_printer_info *p) {
        return str_ok(p->name, sizeof p->name) && str_ok(p->driver, sizeof p->driver) &&
               str_ok(p->status_text, sizeof p->status_text);
}

static bool job_ok(const struct s0_spool_job_info *j) {
        return j->state < _S0_JOB_STATE_MAX && j->paused <= 1 && j->priority >= S0_SPOOL_PRIORITY_MIN &&
               j->priority <= S0_SPOOL_PRIORITY_MAX && j->reserved == 0 && str_ok(j->printer, sizeof j->printer) &&
               str_ok(j->user, sizeof j->user) && str_ok(j->document, sizeof j->document) &&
               str_ok(j->status_text, sizeof j->status_text) && str_ok(j->output, sizeof j->output);
}

int s0_spool_msg_validate(const void *buf, size_t n) {
        const struct s0_spool_header *h = buf;
        size_t min;

        if (!buf || n < sizeof *h || n > S0_SPOOL_MSG_MAX)
                return -EBADMSG;
        if (h->magic != S0_SPOOL_MAGIC || h->version != S0_SPOOL_VERSION || h->size != n || h->reserved != 0)
                return -EBADMSG;
        min = min_size(h->type);
        if (min == 0 || n < min || (!variable_size(h->type) && n != min))
                return -EBADMSG;

        switch (h->type) {
        case S0_SPOOL_ERROR: {
                const struct s0_spool_error *m = buf;
                return str_ok(m->text, sizeof m->text) ? 0 : -EBADMSG;
        }
        case S0_SPOOL_PRINTERS: {
                const struct s0_spool_printers *m = buf;
                if (m->count > S0_SPOOL_PRINTERS_MAX || n != sizeof *m + m->count * sizeof m->printers[0])
                        return -EBADMSG;
                for (uint32_t i = 0; i < m->count; i++)
                        if (!printer_ok(&m->printers[i]))
                                return -EBADMSG;
                return 0;
        }
        case S0_SPOOL_JOBS: {
                const struct s0_spool_jobs *m = buf;
                if (m->count > S0_SPOOL_JOBS_PAGE || n != sizeof *m + m->count * sizeof m->jobs[0])
                        return -EBADMSG;
                for (uint32_t i = 0; i < m->count; i++)
                        if (!job_ok(&m->jobs[i]))
                                return -EBADMSG;
                return 0;
        }
        case S0_SPOOL_OPEN_PRINTER: {
                const struct s0_spool_open_printer *m = buf;
                return str_ok(m->printer, sizeof m->printer) ? 0 : -EBADMSG;
        }
        case S0_SPOOL_START_DOC: {
                const struct s0_spool_start_doc *m = buf;
                if (!str_ok(m->printer, sizeof m->printer) || !str_ok(m->document, sizeof m->document) ||
                    m->datatype == 0 || m->datatype >= _S0_SPOOL_DT_MAX || m->reserved != 0)
                        return -EBADMSG;
                return 0;
        }
        case S0_SPOOL_ENUM_JOBS: {
                const struct s0_spool_enum_jobs *m = buf;
                return str_ok(m->printer, sizeof m->printer) && m->reserved == 0 ? 0 : -EBADMSG;
        }
        case S0_SPOOL_SET_JOB: {
                const struct s0_spool_set_job *m = buf;
                return m->command >= S0_JOB_CONTROL_PAUSE && m->command <= S0_JOB_CONTROL_DELETE ? 0 : -EBADMSG;
        }
        case S0_SPOOL_SET_JOB_INFO: {
                const struct s0_spool_set_job_info *m = buf;
                return str_ok(m->document, sizeof m->document) && m->reserved == 0 &&
                                       m->priority <= S0_SPOOL_PRIORITY_MAX
                               ? 0
                               : -EBADMSG;
        }
        case S0_SPOOL_HOST_JOB: {
                const struct s0_spool_host_job *m = buf;
                if (!str_ok(m->printer, sizeof m->printer) || !str_ok(m->user, sizeof m->user) ||
                    !str_ok(m->document, sizeof m->document) || m->datatype == 0 || m->datatype >= _S0_SPOOL_DT_MAX)
                        return -EBADMSG;
                return 0;
        }
        case S0_SPOOL_HOST_CANCEL: {
                const struct s0_spool_host_cancel *m = buf;
                return m->reserved == 0 ? 0 : -EBADMSG;
        }
        case S0_SPOOL_HOST_HELLO: {
                const struct s0_spool_host_hello *m = buf;
                return str_ok(m->driver, sizeof m->driver) ? 0 : -EBADMSG;
        }
        case S0_SPOOL_HOST_STATUS:
        case S0_SPOOL_HOST_DONE: {
                const struct s0_spool_host_status *m = buf;
                return str_ok(m->text, sizeof m->text) ? 0 : -EBADMSG;
        }
        case S0_SPOOL_HOST_OUTPUT: {
                /* a file name in the job's output directory: no path, no dot files */
                const struct s0_spool_host_status *m = buf;
                if (!str_ok(m->text, sizeof m->text) || m->text[0] == 0 || m->text[0] == '.' ||
                    strchr(m->text, '/'))
                        return -EBADMSG;
                return 0;
        }
        default:
                return 0;
        }
}

static const struct {
        const char *name;
        uint32_t dt;
} datatypes[] = {
        { "text", S0_SPOOL_DT_TEXT }, { "raw", S0_SPOOL_DT_TEXT },
        { "postscript", S0_SPOOL_DT_POSTSCRIPT }, { "ps", S0_SPOOL_DT_POSTSCRIPT }, { "pdf", S0_SPOOL_DT_PDF },
};

uint32_t s0_spool_datatype_from_name(const char *s) {
        if (!s)
                return 0;
        for (size_t i = 0; i < sizeof datatypes / sizeof datatypes[0]; i++)
                if (strcasecmp(s, datatypes[i].name) == 0)
                        return datatypes[i].dt;
        return 0;
}

const char *s0_spool_datatype_name(uint32_t dt) {
        switch (dt) {
        case S0_SPOOL_DT_TEXT: return "text";
        case S0_SPOOL_DT_POSTSCRIPT: return "postscript";
        case S0_SPOOL_DT_PDF: return "pdf";
        default: return "unknown";
        }
}

const char *s0_spool_job_state_name(uint32_t state) {
        static const char *const names[_S0_JOB_STATE_MAX] = {
                [S0_JOB_SPOOLING] = "spooling", [S0_JOB_QUEUED] = "queued",       [S0_JOB_PRINTING] = "printing",
                [S0_JOB_DONE] = "done",         [S0_JOB_FAILED] = "failed",       [S0_JOB_CANCELLED] = "cancelled",
        };
        return state < _S0_JOB_STATE_MAX ? names[state] : "unknown";
}
