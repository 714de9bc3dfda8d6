/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * s0-drvhost [--runtime-dir DIR] [--config-dir DIR] [--worker PATH] [--user ACCOUNT]
 *            [--console]
 *
 * The user-mode driver host service (s0-drvhost(8)): a Windows service run by s0-scm
 * in session 0 (StartServiceCtrlDispatcher; --console runs it without s0-scm), which
 * runs each configured driver in its own s0-drvhost-worker process (host-supervise.c).
 */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <session0/session0.h>

#include "config.h"
#include "host.h"
#include "shared/log.h"
#include "windows.h"
#include "winsvc.h"

#define S0_DRVHOST_WORKER_PATH S0_LIBEXECDIR "/s0-drvhost-worker"

struct service_ctx {
        struct host host;
        SERVICE_STATUS_HANDLE handle;
        SERVICE_STATUS status;
};
static struct service_ctx svc; /* the dispatcher's callbacks take no context of ours */

static void set_state(DWORD state) {
        svc.status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
        svc.status.dwCurrentState = state;
        svc.status.dwControlsAccepted = state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN : 0;
        svc.status.dwWaitHint = 5000;
        (void) SetServiceStatus(svc.handle, &svc.status);
}

static DWORD WINAPI handler(DWORD control, DWORD type, LPVOID data, LPVOID ctx) {
        (void) type;
        (void) data;
        (void) ctx;
        switch (control) {
        case SERVICE_CONTROL_STOP:
        case SERVICE_CONTROL_SHUTDOWN:
                set_state(SERVICE_STOP_PENDING);
                svc.host.stop = 1;
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
        if (!svc.handle)
                return;
        set_state(SERVICE_START_PENDING);
        if (host_load(&svc.host) < 0) {
                svc.status.dwWin32ExitCode = ERROR_FILE_NOT_FOUND;
                set_state(SERVICE_STOPPED);
                return;
        }
        set_state(SERVICE_RUNNING);
        (void) host_run(&svc.host);
        set_state(SERVICE_STOPPED);
}

static void on_term(int sig) {
        (void) sig;
        svc.host.stop = 1;
}

int main(int argc, char **argv) {
        static const struct option opts[] = {
                { "runtime-dir", required_argument, NULL, 'r' }, { "config-dir", required_argument, NULL, 'c' },
                { "worker", required_argument, NULL, 'w' },      { "user", required_argument, NULL, 'u' },
                { "console", no_argument, NULL, 'C' },           { "help", no_argument, NULL, 'h' },
                {},
        };
        SERVICE_TABLE_ENTRYA table[] = { { (LPSTR) "s0-drvhost", service_main }, { NULL, NULL } };
        bool console = false;
        int c;

        log_set_ident("s0-drvhost");
        svc.host = (struct host) { .config_dir = "/etc/session0/drivers", .worker_path = S0_DRVHOST_WORKER_PATH,
                                   .account = "s0-umdf" };
        while ((c = getopt_long(argc, argv, "h", opts, NULL)) >= 0)
                switch (c) {
                case 'r': svc.host.runtime_dir = optarg; break;
                case 'c': svc.host.config_dir = optarg; break;
                case 'w': svc.host.worker_path = optarg; break;
                case 'u': svc.host.account = optarg; break;
                case 'C': console = true; break;
                case 'h':
                        printf("Usage: s0-drvhost [--runtime-dir DIR] [--config-dir DIR] [--worker PATH]\n"
                               "                  [--user ACCOUNT] [--console]\n"
                               "The user-mode driver host service of session 0 (s0-drvhost(8)).\n");
                        return 0;
                default: return 2;
                }
        if (!svc.host.runtime_dir)
                svc.host.runtime_dir = s0_runtime_dir();
        if (console) {
                (void) signal(SIGTERM, on_term);
                (void) signal(SIGINT, on_term);
                if (host_load(&svc.host) < 0)
                        return 1;
                return host_run(&svc.host) < 0;
        }
        if (!StartServiceCtrlDispatcherA(table)) {
                log_error("StartServiceCtrlDispatcher failed: error %u (run by s0-scm, or use --console)",
                          (unsigned) GetLastError());
                return 1;
        }
        return 0;
}
