/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The one parser of session-host datagrams (host and clients both use it). */
#include <errno.h>
#include <string.h>

#include <session0/host-protocol.h>

int s0h_msg_validate(const void *p, size_t n) {
        const struct s0h_msg *m = p;

        if (!p || n < sizeof *m || n > S0H_MSG_SIZE_MAX)
                return -EBADMSG;
        if (m->type == S0H_INVALID || (m->type >= _S0H_REQUEST_MAX && m->type < S0H_OK) || m->type >= _S0H_TYPE_MAX)
                return -EBADMSG;
        if (m->data_len > S0H_DATA_MAX || n != sizeof *m + m->data_len)
                return -EBADMSG;
        if (!memchr(m->cls, 0, sizeof m->cls) || !memchr(m->title, 0, sizeof m->title))
                return -EBADMSG;
        return 0;
}
