/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * s0-example-showui: an "interactive service" from before Vista -- it opens a visible
 * window to ask the user something. In session 0 nobody can see it: the session has no
 * display and a service's window station is non-interactive. The session host reports
 * the visible window (an audit event of kind "ui0"), and s0-ui0detect tells the user
 * of the console session, through WTSSendMessage, that a service tried to show UI.
 */
#include "svcmain.h"

const char example_name[] = "s0-example-showui";

static HANDLE stop_event;

static LRESULT CALLBACK wndproc(HWND w, UINT msg, WPARAM wp, LPARAM lp) { return DefWindowProcW(w, msg, wp, lp); }

DWORD example_run(void) {
        WNDCLASSEXW wc = { .cbSize = sizeof wc, .lpfnWndProc = wndproc, .lpszClassName = L"S0ExampleSetupWizard" };
        HWND w;

        stop_event = CreateEventW(NULL, TRUE, FALSE, NULL);
        if (!RegisterClassExW(&wc))
                say("RegisterClassEx: error %lu", (unsigned long) GetLastError());
        w = CreateWindowExW(0, L"S0ExampleSetupWizard", L"Setup: insert disk 2 and press OK", WS_OVERLAPPEDWINDOW | WS_VISIBLE,
                            100, 100, 400, 200, NULL, NULL, NULL, NULL);
        if (w)
                say("created a visible window in session 0: nobody will see it (s0-ui0detect tells the user)");
        else
                say("CreateWindowEx: error %lu", (unsigned long) GetLastError());
        if (stop_event)
                WaitForSingleObject(stop_event, INFINITE);
        if (w)
                DestroyWindow(w);
        return NO_ERROR;
}

void example_stop_hint(void) {
        if (stop_event)
                SetEvent(stop_event);
}
