/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A Windows service, written as one: StartServiceCtrlDispatcher, ServiceMain,
 * RegisterServiceCtrlHandlerEx, SetServiceStatus. It appends each state it enters to
 * the file given as first argument ("RUNNING pid=N uid=N"), so the tests wait on it.
 * Options after the file: --crash (abort once RUNNING), --hang-stop (report
 * STOP_PENDING and never stop), --no-pause (do not accept pause/continue),
 * --sessionchange (accept SERVICE_CONTROL_SESSIONCHANGE and append
 * "SESSIONCHANGE code=N session=N" for each), --shutdown / --preshutdown (accept
 * SERVICE_CONTROL_SHUTDOWN / PRESHUTDOWN: append "SHUTDOWN" / "PRESHUTDOWN" and stop),
 * --hang-shutdown (accept SHUTDOWN, append it, never stop), --no-stop (accept no STOP).
 * Each line ends with "svc=NAME" (ServiceMain's argv[0]): services may share a file,
 * and its order is the order things happened in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>

#include <windows.h>

static SERVICE_STATUS_HANDLE status_handle;
static SERVICE_STATUS status;
static const char *state_file;
static int opt_crash, opt_hang_stop, opt_no_pause, opt_sessionchange, opt_shutdown, opt_preshutdown, opt_hang_shutdown,
        opt_no_stop;
static char svc_name[256];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int stop_now;

static void note(const char *what) {
        FILE *f = fopen(state_file, "a");
        if (!f)
                return;
        fprintf(f, "%s pid=%d uid=%d svc=%s\n", what, (int) getpid(), (int) getuid(), svc_name);
        fclose(f);
}

static void set_state(DWORD state, const char *name) {
        status.dwCurrentState = state;
        status.dwControlsAccepted = state == SERVICE_START_PENDING ? 0 :
                                    (opt_no_stop ? 0 : SERVICE_ACCEPT_STOP) |
                                            (opt_no_pause ? 0 : SERVICE_ACCEPT_PAUSE_CONTINUE) |
                                            (opt_sessionchange ? SERVICE_ACCEPT_SESSIONCHANGE : 0) |
                                            (opt_shutdown || opt_hang_shutdown ? SERVICE_ACCEPT_SHUTDOWN : 0) |
                                            (opt_preshutdown ? SERVICE_ACCEPT_PRESHUTDOWN : 0);
        status.dwCheckPoint = (state == SERVICE_RUNNING || state == SERVICE_STOPPED || state == SERVICE_PAUSED) ?
                                      0 : status.dwCheckPoint + 1;
        note(name);
        SetServiceStatus(status_handle, &status);
}

static void stop_main(void) {
        pthread_mutex_lock(&lock);
        stop_now = 1;
        pthread_cond_signal(&cond);
        pthread_mutex_unlock(&lock);
}

static DWORD WINAPI handler(DWORD control, DWORD event_type, LPVOID data, LPVOID ctx) {
        (void) ctx;
        switch (control) {
        case SERVICE_CONTROL_STOP:
                set_state(SERVICE_STOP_PENDING, "STOP_PENDING");
                if (opt_hang_stop)
                        return NO_ERROR;
                stop_main();
                return NO_ERROR;
        case SERVICE_CONTROL_SHUTDOWN:
        case SERVICE_CONTROL_PRESHUTDOWN:
                note(control == SERVICE_CONTROL_SHUTDOWN ? "SHUTDOWN" : "PRESHUTDOWN");
                if (opt_hang_shutdown)
                        return NO_ERROR;
                set_state(SERVICE_STOP_PENDING, "STOP_PENDING");
                stop_main();
                return NO_ERROR;
        case SERVICE_CONTROL_PAUSE:
                set_state(SERVICE_PAUSE_PENDING, "PAUSE_PENDING");
                set_state(SERVICE_PAUSED, "PAUSED");
                return NO_ERROR;
        case SERVICE_CONTROL_CONTINUE:
                set_state(SERVICE_CONTINUE_PENDING, "CONTINUE_PENDING");
                set_state(SERVICE_RUNNING, "RUNNING");
                return NO_ERROR;
        case SERVICE_CONTROL_INTERROGATE:
                return NO_ERROR;
        case SERVICE_CONTROL_SESSIONCHANGE: {
                const WTSSESSION_NOTIFICATION *n = data;
                char line[96];
                if (!n || n->cbSize != sizeof *n)
                        return ERROR_INVALID_PARAMETER;
                snprintf(line, sizeof line, "SESSIONCHANGE code=%lu session=%lu", (unsigned long) event_type,
                         (unsigned long) n->dwSessionId);
                note(line);
                return NO_ERROR;
        }
        default:
                return ERROR_CALL_NOT_IMPLEMENTED;
        }
}

static VOID WINAPI service_main(DWORD argc, LPSTR *argv) {
        (void) argc;
        snprintf(svc_name, sizeof svc_name, "%s", argv[0]);
        status_handle = RegisterServiceCtrlHandlerExA(argv[0], handler, NULL);
        if (!status_handle)
                return;
        status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
        status.dwWaitHint = 1000;
        set_state(SERVICE_START_PENDING, "START_PENDING");
        set_state(SERVICE_RUNNING, "RUNNING");
        if (opt_crash)
                abort();
        pthread_mutex_lock(&lock);
        while (!stop_now)
                pthread_cond_wait(&cond, &lock);
        pthread_mutex_unlock(&lock);
        set_state(SERVICE_STOPPED, "STOPPED");
}

int main(int argc, char **argv) {
        SERVICE_TABLE_ENTRYA table[] = { { (LPSTR) "TestService", service_main }, { NULL, NULL } };

        if (argc < 2) {
                fprintf(stderr, "usage: %s STATEFILE [--crash] [--hang-stop] [--no-pause]\n", argv[0]);
                return 2;
        }
        state_file = argv[1];
        for (int i = 2; i < argc; i++) {
                opt_crash |= strcmp(argv[i], "--crash") == 0;
                opt_hang_stop |= strcmp(argv[i], "--hang-stop") == 0;
                opt_no_pause |= strcmp(argv[i], "--no-pause") == 0;
                opt_sessionchange |= strcmp(argv[i], "--sessionchange") == 0;
                opt_shutdown |= strcmp(argv[i], "--shutdown") == 0;
                opt_preshutdown |= strcmp(argv[i], "--preshutdown") == 0;
                opt_hang_shutdown |= strcmp(argv[i], "--hang-shutdown") == 0;
                opt_no_stop |= strcmp(argv[i], "--no-stop") == 0;
        }
        if (!StartServiceCtrlDispatcherA(table)) {
                fprintf(stderr, "StartServiceCtrlDispatcher failed: %u\n", (unsigned) GetLastError());
                return 1;
        }
        return 0;
}
