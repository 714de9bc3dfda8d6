/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libFuzzer target: s0_spool_msg_validate() (src/shared/spooler-protocol.c), the check
 * every message to and from s0-spooler passes before use: clients' requests on
 * \\.\pipe\spoolss, and the driver host's messages (third-party code) on its socket. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <session0/spooler-protocol.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        /* an aligned copy, as the spooler's receive buffer is */
        void *buf = malloc(size ? size : 1);
        const struct s0_spool_header *h = buf;

        if (!buf)
                return 0;
        memcpy(buf, data, size);
        if (s0_spool_msg_validate(buf, size) == 0) {
                /* what the handlers then rely on */
                if (size < sizeof *h || h->size != size || size > S0_SPOOL_MSG_MAX)
                        abort();
                if (h->type == S0_SPOOL_START_DOC) {
                        const struct s0_spool_start_doc *m = buf;
                        if (size != sizeof *m || strnlen(m->document, sizeof m->document) >= sizeof m->document ||
                            m->datatype == 0 || m->datatype >= _S0_SPOOL_DT_MAX)
                                abort();
                }
                if (h->type == S0_SPOOL_JOBS) {
                        const struct s0_spool_jobs *m = buf;
                        if (sizeof *m + (size_t) m->count * sizeof m->jobs[0] != size)
                                abort();
                }
                if (h->type == S0_SPOOL_SET_JOB_INFO) {
                        /* do_set_job_info copies the name and trusts the priority's range */
                        const struct s0_spool_set_job_info *m = buf;
                        if (size != sizeof *m || strnlen(m->document, sizeof m->document) >= sizeof m->document ||
                            m->priority > S0_SPOOL_PRIORITY_MAX)
                                abort();
                }
                if (h->type == S0_SPOOL_HOST_CANCEL && size != sizeof(struct s0_spool_host_cancel))
                        abort(); /* the host's watcher reads exactly one of these */
                if (h->type == S0_SPOOL_HOST_OUTPUT && strchr(((const struct s0_spool_host_status *) buf)->text, '/'))
                        abort();
        }
        free(buf);
        return 0;
}
