/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The faulty test driver: misbehaves on request, so the tests can show that a driver's
 * crash or hang is contained in its own host process. IOCTL_FAULTY_CRASH dies of
 * SIGSEGV; IOCTL_FAULTY_HANG never returns (the host's watchdog ends it);
 * IOCTL_FAULTY_OVERRUN claims more output than its buffer holds (the host refuses that).
 * Anything else is answered with the input, so a test can see the device work.
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <session0/driver/samples.h>
#include <session0/driver/umdf.h>

static void faulty_ioctl(struct s0_umdf_request *req, uint32_t code, const void *in, size_t in_len, size_t out_len) {
        switch (code) {
        case IOCTL_FAULTY_CRASH:
                s0_umdf_log("crashing on request");
                /* SIGSEGV as the kernel delivers it for a bad pointer, without the
                 * undefined behaviour of making one (a sanitizer build would report that
                 * instead of crashing) */
                (void) signal(SIGSEGV, SIG_DFL);
                (void) raise(SIGSEGV);
                break;
        case IOCTL_FAULTY_HANG:
                s0_umdf_log("hanging on request");
                for (;;)
                        pause();
        case IOCTL_FAULTY_OVERRUN:
                (void) s0_umdf_request_complete(req, 0, out_len + 1);
                return;
        default:
                if (in_len > out_len)
                        in_len = out_len;
                memcpy(s0_umdf_request_buffer(req), in, in_len);
                (void) s0_umdf_request_complete(req, 0, in_len);
        }
}

static const struct s0_umdf_driver faulty_driver = {
        .abi_version = S0_UMDF_ABI_VERSION,
        .name = "faulty",
        .cb = { .ioctl = faulty_ioctl },
};

const struct s0_umdf_driver *s0_umdf_driver_entry(void) { return &faulty_driver; }
