/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0-spooler as a service of s0-scm: the Win32 dispatcher, ServiceMain, a STOP handler.
 * Stopping needs no flushing (accepted jobs are on disk), so STOP reports STOPPED and
 * the process exits; the driver hosts see their socket close and exit too. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include <windows.h>

#include "shared/log.h"
#include "service.h"
#include "spooler.h"

struct service_ctx {
        struct spooler *sp;
        SERVICE_STATUS_HANDLE handle;
        SERVICE_STATUS status;
        pthread_mutex_t lock;
        pthread_cond_t stop;
        bool stopping;
        int exit_code;
};

/* The dispatcher's callbacks have no context argument for ServiceMain: the one context. */
static struct service_ctx svc = { .lock = PTHREAD_MUTEX_INITIALIZER, .stop = PTHREAD_COND_INITIALIZER };

static void set_state(DWORD state, DWORD exit_code) {
        svc.status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
        svc.status.dwCurrentState = state;
        svc.status.dwControlsAccepted = state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP : 0;
        svc.status.dwWin32ExitCode = exit_code;
        svc.status.dwWaitHint = 10000;
        (void) SetServiceStatus(svc.handle, &svc.status);
}

static DWORD WINAPI handler(DWORD control, DWORD type, LPVOID data, LPVOID ctx) {
        (void) type;
        (void) data;
        (void) ctx;
        switch (control) {
        case SERVICE_CONTROL_STOP:
                set_state(SERVICE_STOP_PENDING, 0);
                pthread_mutex_lock(&svc.lock);
                svc.stopping = true;
                pthread_cond_signal(&svc.stop);
                pthread_mutex_unlock(&svc.lock);
                return NO_ERROR;
        case SERVICE_CONTROL_INTERROGATE:
                return NO_ERROR;
        default:
                return ERROR_CALL_NOT_IMPLEMENTED;
        }
}

static VOID WINAPI service_main(DWORD argc, LPSTR *argv) {
        (void) argc;
        svc.handle = RegisterServiceCtrlHandlerExA(argv[0], handler, NULL);
        if (!svc.handle) {
                svc.exit_code = 1;
                return;
        }
        set_state(SERVICE_START_PENDING, 0);
        if (spooler_setup(svc.sp) < 0) {
                svc.exit_code = 1;
                set_state(SERVICE_STOPPED, ERROR_SERVICE_SPECIFIC_ERROR);
                return;
        }
        set_state(SERVICE_RUNNING, 0);
        pthread_mutex_lock(&svc.lock);
        while (!svc.stopping)
                pthread_cond_wait(&svc.stop, &svc.lock);
        pthread_mutex_unlock(&svc.lock);
        log_info("stopping");
        set_state(SERVICE_STOPPED, 0);
}

int service_run(struct spooler *sp) {
        SERVICE_TABLE_ENTRYA table[] = { { (LPSTR) "Spooler", service_main }, { NULL, NULL } };
        svc.sp = sp;
        if (!StartServiceCtrlDispatcherA(table)) {
                log_error("StartServiceCtrlDispatcher failed: %u", (unsigned) GetLastError());
                return 1;
        }
        return svc.exit_code;
}
