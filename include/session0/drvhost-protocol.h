/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The device request protocol between the Win32 layer (CreateFile on \\.\NAME, ReadFile,
 * WriteFile, DeviceIoControl) and a driver's host process, over the device's Unix stream
 * socket <runtime>/devices/NAME (docs/DRIVERS.md). Defined here once.
 *
 * Every message is a fixed header followed by exactly `length` payload bytes
 * (<= S0_DRV_PAYLOAD_MAX). The client sends OPEN first, then one request at a time
 * (READ, WRITE, IOCTL), each answered by one REPLY. Closing the socket closes the handle.
 * A malformed message gets a REPLY with ERROR_INVALID_PARAMETER (87) and the connection
 * is closed; the host goes on serving everyone else.
 */
#pragma once

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define S0_DRV_PROTOCOL_VERSION 1u
#define S0_DRV_MAGIC 0x53304456u /* "S0DV" */
#define S0_DRV_PAYLOAD_MAX 65536u

enum s0_drv_msg_type {
        S0_DRV_OPEN = 1,  /* arg0: desired access (Win32 mask); length 0 */
        S0_DRV_READ = 2,  /* arg0: bytes wanted (<= S0_DRV_PAYLOAD_MAX); length 0 */
        S0_DRV_WRITE = 3, /* payload: the data */
        S0_DRV_IOCTL = 4, /* arg0: control code, arg1: output capacity; payload: input */
        S0_DRV_REPLY = 5, /* status: Win32 error; arg0: bytes (information); payload: output */
        _S0_DRV_MSG_MAX,
};

struct s0_drv_header {
        uint32_t magic;   /* S0_DRV_MAGIC */
        uint16_t version; /* S0_DRV_PROTOCOL_VERSION */
        uint16_t type;    /* enum s0_drv_msg_type */
        uint32_t length;  /* payload bytes that follow */
        uint32_t status;  /* REPLY: Win32 error; else 0 */
        uint32_t arg0;
        uint32_t arg1;
};
static_assert(sizeof(struct s0_drv_header) == 24, "wire layout changed: bump S0_DRV_PROTOCOL_VERSION");

/* What an OPEN reply carries: the caller as the driver sees it. */
struct s0_drv_open_info {
        uint32_t uid;
        uint32_t pid;
        uint32_t session;
        uint32_t granted; /* access granted by the device's security descriptor */
};
static_assert(sizeof(struct s0_drv_open_info) == 16, "wire layout changed: bump S0_DRV_PROTOCOL_VERSION");

/* Checks a received header (n: bytes of it read) as sent by a client (replies: false)
 * or by a host (replies: true). 0, or -EBADMSG (wrong magic, version, type, a length
 * over the maximum or not allowed for the type), -EPROTO (short header). */
int s0_drv_header_check(const void *buf, size_t n, bool replies, struct s0_drv_header *ret);
