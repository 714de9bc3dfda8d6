/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The ServiceMain / handler / SetServiceStatus scaffolding every one-service process
 * writes out (docs/SERVICES.md, "The service side"), once, for session0's own Windows
 * services: s0-ui0detect and the examples. Win32 code over libsession0-win32; not
 * installed. A service says what it is and how its work ends; the helper registers the
 * handler, reports RUNNING, runs the work, and reports STOPPED with its exit code.
 */
#pragma once

#include <windows.h>

struct s0_service_def {
        const char *name;               /* the SERVICE_TABLE_ENTRY name */
        /* The service's work, on ServiceMain's thread: returns its Win32 exit code
         * (NO_ERROR, ERROR_SERVICE_SPECIFIC_ERROR...) once stop() asked it to. */
        DWORD (*run)(void *userdata);
        /* SERVICE_CONTROL_STOP or SERVICE_CONTROL_SHUTDOWN (both are accepted), on the
         * dispatcher's thread, after STOP_PENDING was reported: make run() return. A
         * non-zero result is the handler's (the control failed). */
        DWORD (*stop)(void *userdata);
        void *userdata;
        DWORD wait_hint;                /* ms, for STOP_PENDING; 0: 2000 */
};

/* StartServiceCtrlDispatcher for def (which must outlive the call); returns when the
 * service has stopped. FALSE with the last error, e.g.
 * ERROR_FAILED_SERVICE_CONTROLLER_CONNECT when the process was not started by s0-scm. */
BOOL s0_service_dispatch(const struct s0_service_def *def);
