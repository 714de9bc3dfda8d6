/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libFuzzer target: s0_scm_msg_validate() (src/shared/scm-protocol.c), the check every
 * datagram to s0-scm and to a service dispatcher passes before any handler. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <session0/scm-protocol.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        /* an aligned copy, as recv() into a malloc'd buffer gives */
        void *buf = malloc(size ? size : 1);
        const struct s0_scm_hdr *h = buf;

        if (!buf)
                return 0;
        memcpy(buf, data, size);
        if (s0_scm_msg_validate(buf, size) == 0) {
                /* what a handler then relies on */
                if (size < sizeof *h || h->size != size || h->type == 0 || h->type >= _S0_SCM_MSG_MAX)
                        abort();
                if (h->type == S0_SCM_MSG_QUERY && strnlen(((const struct s0_scm_req_name *) buf)->name, S0_SCM_NAME_MAX) >= S0_SCM_NAME_MAX)
                        abort();
        }
        free(buf);
        return 0;
}
