/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The I/O control codes and output structures of the sample drivers (docs/DRIVERS.md).
 * Each code is CTL_CODE(FILE_DEVICE_UNKNOWN, FUNCTION, METHOD_BUFFERED, ACCESS) (winioctl.h);
 * spelled out here so drivers need no <windows.h>. */
#pragma once

#include <stdint.h>

#define S0_SAMPLE_CTL(function, access) ((0x22u << 16) | ((uint32_t) (access) << 14) | ((uint32_t) (function) << 2))

/* echo: the input buffer comes back (ERROR_INSUFFICIENT_BUFFER if the output is smaller) */
#define IOCTL_ECHO_ECHO S0_SAMPLE_CTL(0x800, 0 /* FILE_ANY_ACCESS */)
/* echo: struct s0_echo_stats */
#define IOCTL_ECHO_STATS S0_SAMPLE_CTL(0x801, 0)
/* echo: struct s0_echo_whoami, the caller as the driver sees it */
#define IOCTL_ECHO_WHOAMI S0_SAMPLE_CTL(0x802, 0)
/* echo: needs FILE_WRITE_ACCESS: clears the handle's loopback buffer */
#define IOCTL_ECHO_RESET S0_SAMPLE_CTL(0x803, 2 /* FILE_WRITE_ACCESS */)

/* sensor: struct s0_sensor_reading, the latest */
#define IOCTL_SENSOR_READ S0_SAMPLE_CTL(0x820, 1 /* FILE_READ_ACCESS */)
/* sensor: pends until the next reading (a request completed later, from the timer) */
#define IOCTL_SENSOR_WAIT S0_SAMPLE_CTL(0x821, 1)

/* faulty (the test driver): misbehave on request */
#define IOCTL_FAULTY_CRASH S0_SAMPLE_CTL(0x840, 0)   /* SIGSEGV */
#define IOCTL_FAULTY_HANG S0_SAMPLE_CTL(0x841, 0)    /* never returns */
#define IOCTL_FAULTY_OVERRUN S0_SAMPLE_CTL(0x842, 0) /* completes with more bytes than the buffer */
#define IOCTL_FAULTY_UI S0_SAMPLE_CTL(0x843, 0)      /* opens a visible window (interactive-service detection) */

struct s0_echo_stats {
        uint64_t reads, writes, ioctls, bytes_in;
        uint32_t opens, reserved;
};
struct s0_echo_whoami {
        uint32_t uid, pid, session, access;
};
struct s0_sensor_reading {
        int32_t milli_celsius;
        uint32_t sequence;
        uint64_t timestamp_ms; /* CLOCK_MONOTONIC */
};
