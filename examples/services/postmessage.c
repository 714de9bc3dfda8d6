/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * s0-example-postmessage: a service written for Windows XP that tells the user's tray
 * application about a finished job by posting a message to its window. Under Session 0
 * isolation the service and the user's window are in different sessions: FindWindow
 * from session 0 finds nothing, and a window handle learned some other way (here: given
 * on the command line, as a config file might hold it) is not valid in session 0
 * (ERROR_INVALID_WINDOW_HANDLE). The service logs what happened and what to do instead
 * (docs/SERVICES.md, "Examples"): WTSSendMessage for a notice, or a helper in the
 * user's session reached through a named pipe.
 *
 * Arguments: [HWND] -- a window handle value (decimal or 0x...) to post to as well.
 */
#include <stdlib.h>

#include "svcmain.h"

const char example_name[] = "s0-example-postmessage";

#define WM_JOB_DONE (WM_APP + 1)

static HANDLE stop_event;

DWORD example_run(void) {
        const char *hwnd_arg = example_argc > 1 ? example_argv[1] : NULL;
        HWND w;

        stop_event = CreateEventW(NULL, TRUE, FALSE, NULL);
        w = FindWindowW(NULL, L"S0ExampleTrayWindow");
        if (!w)
                say("FindWindow(NULL, \"S0ExampleTrayWindow\") from session 0: not found (error %lu) -- the user's window "
                    "is in another session. Use WTSSendMessage for a notice, or a helper in the user's session "
                    "(WTSQueryUserToken + CreateProcessAsUser) that listens on a named pipe.",
                    (unsigned long) GetLastError());
        if (hwnd_arg) {
                w = (HWND) (uintptr_t) strtoull(hwnd_arg, NULL, 0);
                if (!PostMessageW(w, WM_JOB_DONE, 1, 0))
                        say("PostMessage to HWND %s: error %lu (%s) -- a window handle of another session means "
                            "nothing in session 0",
                            hwnd_arg, (unsigned long) GetLastError(),
                            GetLastError() == ERROR_INVALID_WINDOW_HANDLE ? "ERROR_INVALID_WINDOW_HANDLE" : "?");
                else
                        say("PostMessage to HWND %s succeeded", hwnd_arg);
        }
        if (stop_event)
                WaitForSingleObject(stop_event, INFINITE);
        return NO_ERROR;
}

void example_stop_hint(void) {
        if (stop_event)
                SetEvent(stop_event);
}
