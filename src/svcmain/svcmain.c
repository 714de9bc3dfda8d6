/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The one-service scaffolding (s0-svcmain.h). */
#include "s0-svcmain.h"

/* ServiceMain gets no context argument (its signature is Windows'), so the definition
 * it runs is the one thing kept here: set once by s0_service_dispatch() before the
 * dispatcher starts, read-only afterwards. The handler gets it as lpContext. */
static struct {
        const struct s0_service_def *def;
        SERVICE_STATUS_HANDLE status;
} the;

static void report(const struct s0_service_def *d, DWORD state, DWORD exit_code) {
        SERVICE_STATUS st = {
                .dwServiceType = SERVICE_WIN32_OWN_PROCESS,
                .dwCurrentState = state,
                /* SHUTDOWN too: s0-scm's SIGTERM is the system's shutdown, and a service that
                 * stops cleanly on STOP does the same then */
                .dwControlsAccepted = state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN : 0,
                .dwWin32ExitCode = exit_code,
                .dwWaitHint = d->wait_hint ? d->wait_hint : 2000,
        };
        (void) SetServiceStatus(the.status, &st);
}

static DWORD WINAPI handler(DWORD control, DWORD event_type, LPVOID data, LPVOID context) {
        const struct s0_service_def *d = context;

        (void) event_type;
        (void) data;
        switch (control) {
        case SERVICE_CONTROL_INTERROGATE:
                return NO_ERROR;
        case SERVICE_CONTROL_STOP:
        case SERVICE_CONTROL_SHUTDOWN:
                report(d, SERVICE_STOP_PENDING, NO_ERROR);
                return d->stop(d->userdata);
        default:
                return ERROR_CALL_NOT_IMPLEMENTED;
        }
}

static VOID WINAPI service_main(DWORD argc, LPSTR *argv) {
        const struct s0_service_def *d = the.def;

        (void) argc;
        the.status = RegisterServiceCtrlHandlerExA(argv[0], handler, (LPVOID) d);
        if (!the.status)
                return;
        report(d, SERVICE_RUNNING, NO_ERROR);
        report(d, SERVICE_STOPPED, d->run(d->userdata));
}

BOOL s0_service_dispatch(const struct s0_service_def *def) {
        SERVICE_TABLE_ENTRYA table[] = { { (LPSTR) def->name, service_main }, { NULL, NULL } };

        if (!def->run || !def->stop) {
                SetLastError(ERROR_INVALID_PARAMETER);
                return FALSE;
        }
        the.def = def;
        return StartServiceCtrlDispatcherA(table);
}
