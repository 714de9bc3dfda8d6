/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The Windows service boilerplate of the examples (svcmain.h). */
#include <stdlib.h>

#include "svcmain.h"

static SERVICE_STATUS_HANDLE status_handle;
int example_argc;
char **example_argv;
static volatile LONG stopping;

BOOL stop_requested(void) { return __atomic_load_n(&stopping, __ATOMIC_SEQ_CST) != 0; }

void say(const char *fmt, ...) {
        va_list ap;
        fprintf(stderr, "%s: ", example_name);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
}

static void report(DWORD state, DWORD code) {
        SERVICE_STATUS st = { .dwServiceType = SERVICE_WIN32_OWN_PROCESS, .dwCurrentState = state,
                              /* SHUTDOWN too: a service that saves state does it then (s0-scm's SIGTERM) */
                              .dwControlsAccepted = state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN : 0,
                              .dwWin32ExitCode = code, .dwWaitHint = 3000 };
        (void) SetServiceStatus(status_handle, &st);
}

static DWORD WINAPI handler(DWORD control, DWORD type, LPVOID data, LPVOID ctx) {
        (void) type;
        (void) data;
        (void) ctx;
        switch (control) {
        case SERVICE_CONTROL_INTERROGATE:
                return NO_ERROR;
        case SERVICE_CONTROL_STOP:
        case SERVICE_CONTROL_SHUTDOWN:
                say("%s: stopping", control == SERVICE_CONTROL_STOP ? "SERVICE_CONTROL_STOP" : "SERVICE_CONTROL_SHUTDOWN");
                report(SERVICE_STOP_PENDING, NO_ERROR);
                __atomic_store_n(&stopping, 1, __ATOMIC_SEQ_CST);
                example_stop_hint();
                return NO_ERROR;
        default:
                return ERROR_CALL_NOT_IMPLEMENTED;
        }
}

static VOID WINAPI service_main(DWORD argc, LPSTR *argv) {
        (void) argc;
        status_handle = RegisterServiceCtrlHandlerExA(argv[0], handler, NULL);
        if (!status_handle)
                return;
        report(SERVICE_RUNNING, NO_ERROR);
        report(SERVICE_STOPPED, example_run());
}

int main(int argc, char **argv) {
        SERVICE_TABLE_ENTRYA table[] = { { (LPSTR) example_name, service_main }, { NULL, NULL } };

        example_argc = argc;
        example_argv = argv;
        if (!StartServiceCtrlDispatcherA(table)) {
                say("not started as a service (error %lu): install it with s0ctl sc create",
                    (unsigned long) GetLastError());
                return 1;
        }
        return 0;
}
