/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The spooler's client side (include/session0/spooler.h): one request, one reply, each
 * reply validated before use. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <session0/pipes.h>
#include <session0/spooler.h>

#include "shared/macro.h"

struct s0_spool {
        struct s0_pipe *pipe;
        uint32_t code;
        char text[S0_SPOOL_TEXT_MAX];
        union {
                struct s0_spool_header hdr;
                uint8_t bytes[S0_SPOOL_MSG_MAX];
                uint64_t align; /* the job records hold 64-bit fields */
        } buf;
};

/* A busy pipe (all instances serving) is waited for, a bounded number of times. */
#define CONNECT_TRIES 50
#define CONNECT_WAIT_MS 200

S0_EXPORT int s0_spool_connect(const char *runtime_dir, struct s0_spool **ret) {
        struct s0_spool *s;
        int r = -EBUSY;

        if (!ret)
                return -EINVAL;
        s = calloc(1, sizeof *s);
        if (!s)
                return -ENOMEM;
        for (int i = 0; i < CONNECT_TRIES && r == -EBUSY; i++) {
                r = s0_pipe_open(runtime_dir, S0_SPOOL_PIPE_NAME, &s->pipe);
                if (r == -EBUSY)
                        (void) s0_pipe_wait(runtime_dir, S0_SPOOL_PIPE_NAME, CONNECT_WAIT_MS);
        }
        if (r >= 0)
                r = s0_pipe_set_read_message(s->pipe, true);
        if (r < 0) {
                s0_pipe_close(s->pipe);
                free(s);
                return r;
        }
        *ret = s;
        return 0;
}

S0_EXPORT void s0_spool_close(struct s0_spool *s) {
        if (!s)
                return;
        s0_pipe_close(s->pipe);
        free(s);
}

S0_EXPORT uint32_t s0_spool_win32_error(const struct s0_spool *s) { return s ? s->code : 0; }
S0_EXPORT const char *s0_spool_error_text(const struct s0_spool *s) { return s ? s->text : ""; }

/* Sends buf[0..n) (header filled in here) and reads the reply into s->buf: the reply's
 * type, or -EREMOTEIO for an ERROR. */
static int transact(struct s0_spool *s, void *req, size_t n, uint16_t type) {
        size_t w, got;
        int r;

        s0_spool_header_init(req, type, (uint32_t) n);
        s->code = 0;
        s->text[0] = 0;
        r = s0_pipe_write(s->pipe, req, n, &w);
        if (r < 0)
                return r;
        r = s0_pipe_read(s->pipe, s->buf.bytes, sizeof s->buf.bytes, &got);
        if (r < 0)
                return r;
        if (r == 1 || s0_spool_msg_validate(s->buf.bytes, got) < 0)
                return -EBADMSG;
        if (s->buf.hdr.type == S0_SPOOL_ERROR) {
                const struct s0_spool_error *e = (const void *) s->buf.bytes;
                s->code = e->code;
                snprintf(s->text, sizeof s->text, "%s", e->text);
                return -EREMOTEIO;
        }
        return s->buf.hdr.type;
}

static int expect_ok(struct s0_spool *s, void *req, size_t n, uint16_t type, uint32_t *ret_job) {
        int r = transact(s, req, n, type);
        if (r < 0)
                return r;
        if (r != S0_SPOOL_OK)
                return -EBADMSG;
        if (ret_job)
                *ret_job = ((const struct s0_spool_ok *) s->buf.bytes)->job;
        return 0;
}

static int set_string(char *dst, size_t size, const char *src) {
        size_t n = src ? strlen(src) : 0;
        if (n >= size)
                return -ENAMETOOLONG;
        memset(dst, 0, size);
        if (n)
                memcpy(dst, src, n);
        return 0;
}

S0_EXPORT int s0_spool_enum_printers(struct s0_spool *s, struct s0_spool_printer_info **ret, size_t *ret_count) {
        struct s0_spool_header req = { 0 };
        const struct s0_spool_printers *m = (const void *) s->buf.bytes;
        struct s0_spool_printer_info *list;
        int r;

        if (!s || !ret || !ret_count)
                return -EINVAL;
        r = transact(s, &req, sizeof req, S0_SPOOL_ENUM_PRINTERS);
        if (r < 0)
                return r;
        if (r != S0_SPOOL_PRINTERS)
                return -EBADMSG;
        list = calloc(m->count ? m->count : 1, sizeof *list);
        if (!list)
                return -ENOMEM;
        memcpy(list, m->printers, m->count * sizeof *list);
        *ret = list;
        *ret_count = m->count;
        return 0;
}

S0_EXPORT int s0_spool_open_printer(struct s0_spool *s, const char *printer) {
        struct s0_spool_open_printer req = { 0 };
        if (!s || !printer)
                return -EINVAL;
        if (set_string(req.printer, sizeof req.printer, printer) < 0) {
                /* a name no printer can have */
                s->code = S0_SPOOL_ERR_INVALID_PRINTER_NAME;
                snprintf(s->text, sizeof s->text, "no such printer");
                return -EREMOTEIO;
        }
        return expect_ok(s, &req, sizeof req, S0_SPOOL_OPEN_PRINTER, NULL);
}

S0_EXPORT int s0_spool_start_doc(struct s0_spool *s, const char *printer, const char *document, uint32_t datatype,
                                 uint32_t *ret_job) {
        struct s0_spool_start_doc req = { .datatype = datatype };
        if (!s || !printer || datatype == 0 || datatype >= _S0_SPOOL_DT_MAX)
                return -EINVAL;
        if (set_string(req.printer, sizeof req.printer, printer) < 0)
                return -ENAMETOOLONG;
        if (document) {
                /* a long document name is cut (on a UTF-8 boundary), as Windows shows it cut */
                size_t n = strnlen(document, sizeof req.document - 1);
                while (n > 0 && n < strlen(document) && ((unsigned char) document[n] & 0xC0) == 0x80)
                        n--;
                memcpy(req.document, document, n);
        }
        return expect_ok(s, &req, sizeof req, S0_SPOOL_START_DOC, ret_job);
}

S0_EXPORT int s0_spool_write(struct s0_spool *s, const void *buf, size_t size) {
        const uint8_t *p = buf;
        if (!s || (!buf && size))
                return -EINVAL;
        while (size > 0) {
                /* the request goes out of the reply buffer's twin: a message of our own */
                static_assert(S0_SPOOL_WRITE_MAX + sizeof(struct s0_spool_header) == S0_SPOOL_MSG_MAX, "one message");
                _Alignas(8) uint8_t msg[S0_SPOOL_MSG_MAX];
                size_t n = size < S0_SPOOL_WRITE_MAX ? size : S0_SPOOL_WRITE_MAX;
                int r;
                memcpy(msg + sizeof(struct s0_spool_header), p, n);
                r = expect_ok(s, msg, sizeof(struct s0_spool_header) + n, S0_SPOOL_WRITE, NULL);
                if (r < 0)
                        return r;
                p += n;
                size -= n;
        }
        return 0;
}

S0_EXPORT int s0_spool_end_doc(struct s0_spool *s, uint32_t *ret_job) {
        struct s0_spool_header req = { 0 };
        if (!s)
                return -EINVAL;
        return expect_ok(s, &req, sizeof req, S0_SPOOL_END_DOC, ret_job);
}

S0_EXPORT int s0_spool_abort_doc(struct s0_spool *s) {
        struct s0_spool_header req = { 0 };
        if (!s)
                return -EINVAL;
        return expect_ok(s, &req, sizeof req, S0_SPOOL_ABORT_DOC, NULL);
}

S0_EXPORT int s0_spool_enum_jobs(struct s0_spool *s, const char *printer, struct s0_spool_job_info **ret,
                                 size_t *ret_count) {
        struct s0_spool_job_info *list = NULL;
        size_t count = 0;

        if (!s || !ret || !ret_count)
                return -EINVAL;
        for (int page = 0; page < 1000; page++) { /* bounded: the spooler keeps at most ~1200 jobs */
                struct s0_spool_enum_jobs req = { .first = (uint32_t) count };
                const struct s0_spool_jobs *m = (const void *) s->buf.bytes;
                struct s0_spool_job_info *bigger;
                int r;

                if (set_string(req.printer, sizeof req.printer, printer) < 0) {
                        free(list);
                        return -ENAMETOOLONG;
                }
                r = transact(s, &req, sizeof req, S0_SPOOL_ENUM_JOBS);
                if (r >= 0 && r != S0_SPOOL_JOBS)
                        r = -EBADMSG;
                if (r < 0) {
                        free(list);
                        return r;
                }
                bigger = realloc(list, (count + m->count + 1) * sizeof *list);
                if (!bigger) {
                        free(list);
                        return -ENOMEM;
                }
                list = bigger;
                memcpy(list + count, m->jobs, m->count * sizeof *list);
                count += m->count;
                if (m->count == 0 || count >= m->total)
                        break;
        }
        if (!list && !(list = calloc(1, sizeof *list)))
                return -ENOMEM;
        *ret = list;
        *ret_count = count;
        return 0;
}

S0_EXPORT int s0_spool_set_job(struct s0_spool *s, uint32_t job, uint32_t command) {
        struct s0_spool_set_job req = { .job = job, .command = command };
        if (!s || command < S0_JOB_CONTROL_PAUSE || command > S0_JOB_CONTROL_DELETE)
                return -EINVAL;
        return expect_ok(s, &req, sizeof req, S0_SPOOL_SET_JOB, NULL);
}

S0_EXPORT int s0_spool_set_job_info(struct s0_spool *s, uint32_t job, const char *document, uint32_t priority,
                                    uint32_t position) {
        struct s0_spool_set_job_info req = { .job = job, .priority = priority, .position = position };
        if (!s || priority > S0_SPOOL_PRIORITY_MAX)
                return -EINVAL;
        if (set_string(req.document, sizeof req.document, document) < 0)
                return -ENAMETOOLONG;
        return expect_ok(s, &req, sizeof req, S0_SPOOL_SET_JOB_INFO, NULL);
}
