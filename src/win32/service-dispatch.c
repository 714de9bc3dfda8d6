/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The service side of winsvc.h: StartServiceCtrlDispatcher, RegisterServiceCtrlHandlerEx,
 * SetServiceStatus. s0-scm starts the process with a socket on fd $S0_SCM_FD (and the
 * service name in $S0_SCM_SERVICE); the dispatcher greets it (HELLO), runs ServiceMain
 * on a new thread, and runs the registered handler on its own thread for each control,
 * as Windows does. If s0-scm goes away (killed, restarted) the dispatcher reconnects to
 * $S0_SCM_SOCKET and greets the new one with its last status: that is how a restarted
 * s0-scm re-adopts a running service. One service per process (SERVICE_WIN32_OWN_PROCESS).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <session0/scm-protocol.h>

#include "win32.h"
#include "winsvc.h"

#define RECONNECT_INTERVAL_MS 50

struct dispatcher {
        pthread_mutex_t lock;   /* fd, status, handler */
        int fd;
        int wake_fd;            /* eventfd: a STOPPED status was set */
        char name[S0_SCM_NAME_MAX];
        LPHANDLER_FUNCTION_EX handler_ex;
        LPHANDLER_FUNCTION handler;
        LPVOID context;
        SERVICE_STATUS status;
        bool registered, stopped, started;
        LPSERVICE_MAIN_FUNCTIONW main_w;
        LPSERVICE_MAIN_FUNCTIONA main_a;
};

/* The one dispatcher of the process. */
static struct dispatcher disp = { .lock = PTHREAD_MUTEX_INITIALIZER, .fd = -1, .wake_fd = -1 };

static int send_hdr(int fd, void *msg, uint16_t type, size_t size) {
        struct s0_scm_hdr *h = msg;

        *h = (struct s0_scm_hdr) { S0_SCM_MAGIC, S0_SCM_PROTOCOL_VERSION, type, (uint32_t) size, 0 };
        return send(fd, msg, size, MSG_NOSIGNAL) == (ssize_t) size ? 0 : -1;
}

/* Called with the lock held. */
static int send_status(int type) {
        struct s0_scm_msg_status m = { 0 };

        m.status.service_type = disp.status.dwServiceType;
        m.status.current_state = disp.status.dwCurrentState;
        m.status.controls_accepted = disp.status.dwControlsAccepted;
        m.status.win32_exit_code = disp.status.dwWin32ExitCode;
        m.status.service_specific_exit_code = disp.status.dwServiceSpecificExitCode;
        m.status.check_point = disp.status.dwCheckPoint;
        m.status.wait_hint = disp.status.dwWaitHint;
        (void) snprintf(m.name, sizeof m.name, "%s", disp.name);
        return disp.fd < 0 ? -1 : send_hdr(disp.fd, &m, (uint16_t) type, sizeof m);
}

static int reconnect(void) {
        const char *path = getenv("S0_SCM_SOCKET");
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        int fd;

        if (!path || strlen(path) >= sizeof sa.sun_path)
                return -1;
        strcpy(sa.sun_path, path);
        fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return -1;
        if (connect(fd, (struct sockaddr *) &sa, sizeof sa) < 0) {
                (void) close(fd);
                return -1;
        }
        pthread_mutex_lock(&disp.lock);
        disp.fd = fd;
        (void) send_status(S0_SCM_MSG_HELLO);
        pthread_mutex_unlock(&disp.lock);
        return 0;
}

static void *service_main_thread(void *arg) {
        (void) arg;
        if (disp.main_w) {
                WCHAR *wname = NULL;
                LPWSTR argv[2] = { NULL, NULL };
                if (s0_win32_utf8_to_utf16(disp.name, &wname, NULL) == 0)
                        argv[0] = wname;
                disp.main_w(1, argv);
                free(wname);
        } else {
                LPSTR argv[2] = { disp.name, NULL };
                disp.main_a(1, argv);
        }
        return NULL;
}

static DWORD call_handler(DWORD control, DWORD event_type, DWORD session_id) {
        /* SESSIONCHANGE's event data lives on this stack for the call, as Windows
         * documents it (valid only while the handler runs). */
        WTSSESSION_NOTIFICATION note = { .cbSize = sizeof note, .dwSessionId = session_id };
        LPHANDLER_FUNCTION_EX ex;
        LPHANDLER_FUNCTION old;
        LPVOID ctx;

        pthread_mutex_lock(&disp.lock);
        ex = disp.handler_ex;
        old = disp.handler;
        ctx = disp.context;
        pthread_mutex_unlock(&disp.lock);
        if (ex)
                return ex(control, event_type, control == SERVICE_CONTROL_SESSIONCHANGE ? &note : NULL, ctx);
        if (control == SERVICE_CONTROL_SESSIONCHANGE) /* RegisterServiceCtrlHandler's handler never gets it */
                return ERROR_CALL_NOT_IMPLEMENTED;
        if (old) {
                old(control);
                return NO_ERROR;
        }
        return ERROR_SERVICE_CANNOT_ACCEPT_CTRL;
}

static bool is_stopped(void) {
        bool r;
        pthread_mutex_lock(&disp.lock);
        r = disp.stopped;
        pthread_mutex_unlock(&disp.lock);
        return r;
}

/* Reads one datagram; handles a control. false when the socket ended. */
static bool handle_one(void) {
        union {
                struct s0_scm_hdr h;
                struct s0_scm_msg_svc_control c;
                char buf[S0_SCM_MSG_SIZE_MAX];
        } u;
        ssize_t n = recv(disp.fd, &u, sizeof u, 0);

        if (n < 0 && errno == EINTR)
                return true;
        if (n <= 0)
                return false;
        if (s0_scm_msg_validate(&u, (size_t) n) < 0 || u.h.type != S0_SCM_MSG_SVC_CONTROL)
                return true; /* OK/ERROR to our HELLO, or garbage: nothing to do */
        {
                struct s0_scm_msg_svc_result r = { .result = call_handler(u.c.control, u.c.event_type, u.c.session_id) };
                pthread_mutex_lock(&disp.lock);
                (void) send_hdr(disp.fd, &r, S0_SCM_MSG_SVC_RESULT, sizeof r);
                pthread_mutex_unlock(&disp.lock);
        }
        return true;
}

static BOOL dispatch(void) {
        const char *fd_s = getenv("S0_SCM_FD"), *name = getenv("S0_SCM_SERVICE");
        pthread_t t;
        char *end;
        long fd;

        if (!fd_s || !name)
                return s0_win32_fail(ERROR_FAILED_SERVICE_CONTROLLER_CONNECT);
        fd = strtol(fd_s, &end, 10);
        if (*end || fd < 3 || fd > 1024 || s0_scm_name_valid(name) < 0)
                return s0_win32_fail(ERROR_FAILED_SERVICE_CONTROLLER_CONNECT);
        pthread_mutex_lock(&disp.lock);
        if (disp.started) {
                pthread_mutex_unlock(&disp.lock);
                return s0_win32_fail(ERROR_SERVICE_ALREADY_RUNNING);
        }
        disp.started = true;
        disp.fd = (int) fd;
        disp.wake_fd = eventfd(0, EFD_CLOEXEC);
        (void) snprintf(disp.name, sizeof disp.name, "%s", name);
        disp.status = (SERVICE_STATUS) { .dwServiceType = SERVICE_WIN32_OWN_PROCESS,
                                         .dwCurrentState = SERVICE_START_PENDING };
        (void) send_status(S0_SCM_MSG_HELLO);
        pthread_mutex_unlock(&disp.lock);
        /* keep the socket out of what the service execs */
        (void) fcntl((int) fd, F_SETFD, FD_CLOEXEC);
        if (pthread_create(&t, NULL, service_main_thread, NULL) != 0)
                return s0_win32_fail(ERROR_SERVICE_NO_THREAD);
        (void) pthread_detach(t);
        while (!is_stopped()) {
                struct pollfd p[2] = { { disp.fd, POLLIN, 0 }, { disp.wake_fd, POLLIN, 0 } };
                if (poll(p, 2, -1) < 0)
                        continue;
                if (p[1].revents)
                        break;
                if (p[0].revents && !handle_one()) {
                        /* s0-scm went away: wait for the next one */
                        pthread_mutex_lock(&disp.lock);
                        (void) close(disp.fd);
                        disp.fd = -1;
                        pthread_mutex_unlock(&disp.lock);
                        while (!is_stopped() && reconnect() < 0) {
                                struct timespec ts = { 0, RECONNECT_INTERVAL_MS * 1000000L };
                                (void) nanosleep(&ts, NULL);
                        }
                        if (disp.fd < 0)
                                break;
                }
        }
        return TRUE;
}

WINBASEAPI BOOL WINAPI StartServiceCtrlDispatcherW(const SERVICE_TABLE_ENTRYW *table) {
        if (!table || !table[0].lpServiceProc)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        disp.main_w = table[0].lpServiceProc;
        return dispatch();
}

WINBASEAPI BOOL WINAPI StartServiceCtrlDispatcherA(const SERVICE_TABLE_ENTRYA *table) {
        if (!table || !table[0].lpServiceProc)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        disp.main_a = table[0].lpServiceProc;
        return dispatch();
}

static SERVICE_STATUS_HANDLE register_handler(LPHANDLER_FUNCTION_EX ex, LPHANDLER_FUNCTION old, LPVOID ctx) {
        pthread_mutex_lock(&disp.lock);
        if (!disp.started) {
                pthread_mutex_unlock(&disp.lock);
                SetLastError(ERROR_SERVICE_DOES_NOT_EXIST);
                return NULL;
        }
        disp.handler_ex = ex;
        disp.handler = old;
        disp.context = ctx;
        disp.registered = true;
        pthread_mutex_unlock(&disp.lock);
        return (SERVICE_STATUS_HANDLE) &disp;
}

WINBASEAPI SERVICE_STATUS_HANDLE WINAPI RegisterServiceCtrlHandlerExW(LPCWSTR name, LPHANDLER_FUNCTION_EX fn, LPVOID ctx) {
        if (!fn) {
                SetLastError(ERROR_INVALID_PARAMETER);
                return NULL;
        }
        (void) name; /* own process: one service, whatever the table called it */
        return register_handler(fn, NULL, ctx);
}

WINBASEAPI SERVICE_STATUS_HANDLE WINAPI RegisterServiceCtrlHandlerExA(LPCSTR name, LPHANDLER_FUNCTION_EX fn, LPVOID ctx) {
        if (!fn) {
                SetLastError(ERROR_INVALID_PARAMETER);
                return NULL;
        }
        (void) name;
        return register_handler(fn, NULL, ctx);
}

WINBASEAPI SERVICE_STATUS_HANDLE WINAPI RegisterServiceCtrlHandlerW(LPCWSTR name, LPHANDLER_FUNCTION fn) {
        (void) name;
        if (!fn) {
                SetLastError(ERROR_INVALID_PARAMETER);
                return NULL;
        }
        return register_handler(NULL, fn, NULL);
}

WINBASEAPI SERVICE_STATUS_HANDLE WINAPI RegisterServiceCtrlHandlerA(LPCSTR name, LPHANDLER_FUNCTION fn) {
        (void) name;
        if (!fn) {
                SetLastError(ERROR_INVALID_PARAMETER);
                return NULL;
        }
        return register_handler(NULL, fn, NULL);
}

WINBASEAPI BOOL WINAPI SetServiceStatus(SERVICE_STATUS_HANDLE h, LPSERVICE_STATUS st) {
        uint64_t one = 1;

        if (h != (SERVICE_STATUS_HANDLE) &disp || !disp.registered)
                return s0_win32_fail(ERROR_INVALID_HANDLE);
        if (!st || st->dwCurrentState < SERVICE_STOPPED || st->dwCurrentState > SERVICE_PAUSED)
                return s0_win32_fail(ERROR_INVALID_DATA);
        pthread_mutex_lock(&disp.lock);
        disp.status = *st;
        /* s0-scm may be away (restarting): the status goes with the next HELLO */
        (void) send_status(S0_SCM_MSG_SET_STATUS);
        if (st->dwCurrentState == SERVICE_STOPPED && !disp.stopped) {
                disp.stopped = true;
                (void) !write(disp.wake_fd, &one, sizeof one);
        }
        pthread_mutex_unlock(&disp.lock);
        return TRUE;
}
