/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The one checker of device request headers (include/session0/drvhost-protocol.h), used
 * by the host for what clients send, by the Win32 layer for replies, and fuzzed. */
#include <errno.h>
#include <string.h>

#include <session0/drvhost-protocol.h>

int s0_drv_header_check(const void *buf, size_t n, bool replies, struct s0_drv_header *ret) {
        struct s0_drv_header h;

        if (!buf || n < sizeof h)
                return -EPROTO;
        memcpy(&h, buf, sizeof h); /* buf may be unaligned */
        if (h.magic != S0_DRV_MAGIC || h.version != S0_DRV_PROTOCOL_VERSION || h.length > S0_DRV_PAYLOAD_MAX)
                return -EBADMSG;
        if (replies) {
                /* the information count never exceeds what came with it, save for a write */
                if (h.type != S0_DRV_REPLY || h.arg0 > S0_DRV_PAYLOAD_MAX)
                        return -EBADMSG;
        } else {
                switch (h.type) {
                case S0_DRV_OPEN:
                        if (h.length != 0 || h.status != 0 || h.arg1 != 0)
                                return -EBADMSG;
                        break;
                case S0_DRV_READ:
                        if (h.length != 0 || h.status != 0 || h.arg0 > S0_DRV_PAYLOAD_MAX || h.arg1 != 0)
                                return -EBADMSG;
                        break;
                case S0_DRV_WRITE:
                        if (h.status != 0 || h.arg0 != 0 || h.arg1 != 0)
                                return -EBADMSG;
                        break;
                case S0_DRV_IOCTL:
                        if (h.status != 0 || h.arg1 > S0_DRV_PAYLOAD_MAX)
                                return -EBADMSG;
                        break;
                default:
                        return -EBADMSG;
                }
        }
        if (ret)
                *ret = h;
        return 0;
}
