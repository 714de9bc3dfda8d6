/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libFuzzer target: s0_drv_header_check() (src/shared/drvhost-protocol.c), the check
 * every message a device client sends to a driver host (and every reply the Win32 layer
 * reads) passes before anything uses it. The input is read as a stream of messages, as
 * the host reads a connection: header, then exactly `length` payload bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <session0/drvhost-protocol.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        for (int replies = 0; replies < 2; replies++) {
                size_t off = 0;

                while (off < size) {
                        struct s0_drv_header h;

                        if (s0_drv_header_check(data + off, size - off, replies, &h) < 0)
                                break;
                        /* what the host and the Win32 layer then rely on */
                        if (h.magic != S0_DRV_MAGIC || h.version != S0_DRV_PROTOCOL_VERSION ||
                            h.length > S0_DRV_PAYLOAD_MAX)
                                abort();
                        if (!replies && (h.type == 0 || h.type >= S0_DRV_REPLY))
                                abort();
                        if (!replies && (h.type == S0_DRV_OPEN || h.type == S0_DRV_READ) && h.length)
                                abort();
                        if (!replies && h.type == S0_DRV_IOCTL && h.arg1 > S0_DRV_PAYLOAD_MAX)
                                abort();
                        if (replies && h.type != S0_DRV_REPLY)
                                abort();
                        off += sizeof h;
                        if (h.length > size - off)
                                break; /* a short payload: the connection is dropped */
                        off += h.length;
                }
        }
        return 0;
}
