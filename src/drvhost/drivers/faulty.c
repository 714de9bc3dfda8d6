/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The faulty test driver: misbehaves on request, so the tests can show that a driver's
 * crash or hang is contained in its own host process. IOCTL_FAULTY_CRASH dies of
 * SIGSEGV; IOCTL_FAULTY_HANG never returns (the host's watchdog ends it);
 * IOCTL_FAULTY_OVERRUN claims more output than its buffer holds (the host refuses that);
 * IOCTL_FAULTY_UI opens a visible window, as a driver written for XP might to ask the
 * user something: in session 0 nobody sees it, and the session host reports it (ui0) for
 * s0-ui0detect; the request completes with 0 bytes and the window's creation result.
 * Anything else is answered with the input, so a test can see the device work.
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <session0/driver/samples.h>
#include <session0/driver/umdf.h>
#include <windows.h>

static LRESULT CALLBACK ui_proc(HWND w, UINT m, WPARAM wp, LPARAM lp) { return DefWindowProcW(w, m, wp, lp); }

/* 0 if the window was created (and is left open: the driver "waits for the user"). */
static int32_t show_ui(void) {
        static const WNDCLASSEXW wc = { .cbSize = sizeof wc, .lpfnWndProc = ui_proc, .lpszClassName = L"S0FaultyDriverUI" };
        static int registered;

        if (!registered && !RegisterClassExW(&wc))
                return (int32_t) GetLastError();
        registered = 1;
        return CreateWindowExW(0, L"S0FaultyDriverUI", L"Faulty driver: insert the calibration disk",
                               WS_OVERLAPPEDWINDOW | WS_VISIBLE, 0, 0, 300, 100, NULL, NULL, NULL, NULL)
                       ? 0
                       : (int32_t) GetLastError();
}

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
        case IOCTL_FAULTY_UI:
                s0_umdf_log("showing a window on request");
                (void) s0_umdf_request_complete(req, show_ui(), 0);
                return;
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
