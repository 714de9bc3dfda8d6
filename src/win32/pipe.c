/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Named pipes in the Win32 layer: CreateNamedPipe, ConnectNamedPipe, CreateFile on
 * \\.\pipe\ names (through file.c), ReadFile/WriteFile and the rest, over include/session0/pipes.h
 * (docs/PIPES.md). A pipe end is one kind of handle in the process table; each function
 * makes one native call and maps its 0/-errno to a return value and a last error
 * (pipe_error(), one table).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <session0/pipes.h>

#include "win32.h"

#define PIPE_PREFIX "\\\\.\\pipe\\"
/* The whole name, prefix included: Windows' 256 characters. */
#define PIPE_NAME_UNITS_MAX 256
#define OPEN_MODE_KNOWN (PIPE_ACCESS_DUPLEX | FILE_FLAG_FIRST_PIPE_INSTANCE | FILE_FLAG_WRITE_THROUGH | \
                         FILE_FLAG_OVERLAPPED | WRITE_DAC | 0x01000000u /* ACCESS_SYSTEM_SECURITY */)
#define PIPE_MODE_KNOWN (PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_NOWAIT | PIPE_REJECT_REMOTE_CLIENTS)

static uint32_t pipe_close_op(void *p, uint32_t flags) {
        s0_pipe_close(p);
        return ERROR_SUCCESS;
}

static const struct s0_win32_handle_ops pipe_ops = {
        .name = "pipe",
        .close = pipe_close_op,
};

/* The calling thread's impersonation (ImpersonateNamedPipeClient until RevertToSelf). */
static _Thread_local struct s0_pipe_identity impersonation;
static _Thread_local bool impersonating;

/* -errno of the native API -> Win32 error. writing: EPIPE is "the pipe is being closed"
 * (ERROR_NO_DATA) for writes and connects, "broken" (ERROR_BROKEN_PIPE) for reads. */
static DWORD pipe_error(int r, bool writing) {
        switch (r) {
        case -ENOENT: return ERROR_FILE_NOT_FOUND;
        case -EACCES: case -EPERM: return ERROR_ACCESS_DENIED;
        case -EINVAL: case -EMSGSIZE: return ERROR_INVALID_PARAMETER;
        case -EPIPE: return writing ? ERROR_NO_DATA : ERROR_BROKEN_PIPE;
        case -ETIMEDOUT: return ERROR_SEM_TIMEOUT;
        case -EILSEQ: return ERROR_INVALID_NAME;
        case -ENAMETOOLONG: return ERROR_FILENAME_EXCED_RANGE;
        case -EBUSY: return ERROR_PIPE_BUSY;
        case -ENOTCONN: return ERROR_PIPE_NOT_CONNECTED;
        case -ENOMSG: return ERROR_CANNOT_IMPERSONATE;
        case -ENXIO: return ERROR_NOT_SUPPORTED; /* no session0d: no pipes/ directory */
        case -ESRCH: return ERROR_NOT_FOUND;     /* the peer is gone or in no session */
        case -ENOMEM: return ERROR_NOT_ENOUGH_MEMORY;
        case -EMFILE: case -ENFILE: return ERROR_TOO_MANY_OPEN_FILES;
        default: return ERROR_GEN_FAILURE;
        }
}

static HANDLE fail_invalid(DWORD code) {
        SetLastError(code);
        return INVALID_HANDLE_VALUE;
}

/* The part of a UTF-8 name after \\.\pipe\ (the prefix's letters in any case), or NULL. */
static const char *pipe_name_part(const char *name) {
        size_t n = strlen(PIPE_PREFIX);

        if (!name || strncasecmp(name, PIPE_PREFIX, n) != 0)
                return NULL;
        return name + n;
}

static uint32_t name_from_w(const WCHAR *name, char **ret) {
        return s0_win32_utf16_to_utf8(name, PIPE_NAME_UNITS_MAX + 1, ret);
}

static uint32_t pipe_get(HANDLE h, struct s0_win32_ref **ret_ref, struct s0_pipe **ret) {
        uint32_t e = s0_win32_handle_get(&s0_win32_process()->handles, h, &pipe_ops, ret_ref);

        if (e == ERROR_SUCCESS)
                *ret = (*ret_ref)->p;
        return e;
}

static void pipe_put(struct s0_win32_ref *ref) { (void) s0_win32_ref_put(&s0_win32_process()->handles, ref); }

static HANDLE pipe_insert(struct s0_pipe *p) {
        HANDLE h;
        uint32_t e = s0_win32_handle_insert(&s0_win32_process()->handles, &pipe_ops, p, &h);

        if (e != ERROR_SUCCESS) {
                s0_pipe_close(p);
                return fail_invalid(e);
        }
        return h;
}

/* ---- servers ------------------------------------------------------------------------ */

WINBASEAPI HANDLE WINAPI CreateNamedPipeA(LPCSTR lpName, DWORD dwOpenMode, DWORD dwPipeMode, DWORD nMaxInstances,
                                          DWORD nOutBufferSize, DWORD nInBufferSize, DWORD nDefaultTimeOut,
                                          LPSECURITY_ATTRIBUTES lpSecurityAttributes) {
        struct s0_win32_native_sd sdbuf;
        struct s0_pipe_create_args a = { 0 };
        struct s0_pipe *p;
        uint32_t e;
        int r;

        if (!lpName)
                return fail_invalid(ERROR_INVALID_PARAMETER);
        a.name = pipe_name_part(lpName);
        if (!a.name)
                return fail_invalid(ERROR_INVALID_NAME);
        if ((dwOpenMode & ~OPEN_MODE_KNOWN) || (dwOpenMode & PIPE_ACCESS_DUPLEX) == 0 ||
            (dwPipeMode & ~PIPE_MODE_KNOWN) || nMaxInstances == 0 || nMaxInstances > PIPE_UNLIMITED_INSTANCES ||
            ((dwPipeMode & PIPE_READMODE_MESSAGE) && !(dwPipeMode & PIPE_TYPE_MESSAGE)))
                return fail_invalid(ERROR_INVALID_PARAMETER);
        /* Synchronous handles only (docs/WIN32.md). */
        if ((dwOpenMode & FILE_FLAG_OVERLAPPED) || (dwPipeMode & PIPE_NOWAIT))
                return fail_invalid(ERROR_NOT_SUPPORTED);
        e = s0_win32_sa_to_native(lpSecurityAttributes, &sdbuf, &a.sd);
        if (e != ERROR_SUCCESS)
                return fail_invalid(e);
        a.flags = ((dwPipeMode & PIPE_TYPE_MESSAGE) ? S0_PIPE_MESSAGE : 0) |
                  ((dwPipeMode & PIPE_READMODE_MESSAGE) ? S0_PIPE_READ_MESSAGE : 0) |
                  ((dwOpenMode & FILE_FLAG_FIRST_PIPE_INSTANCE) ? S0_PIPE_FIRST_INSTANCE : 0);
        a.max_instances = nMaxInstances;
        a.default_timeout_ms = nDefaultTimeOut;
        r = s0_pipe_create(&a, &p);
        if (r < 0)
                return fail_invalid(pipe_error(r, false));
        SetLastError(ERROR_SUCCESS);
        return pipe_insert(p);
}

WINBASEAPI HANDLE WINAPI CreateNamedPipeW(LPCWSTR lpName, DWORD dwOpenMode, DWORD dwPipeMode, DWORD nMaxInstances,
                                          DWORD nOutBufferSize, DWORD nInBufferSize, DWORD nDefaultTimeOut,
                                          LPSECURITY_ATTRIBUTES lpSecurityAttributes) {
        char *name = NULL;
        uint32_t e = name_from_w(lpName, &name);
        HANDLE h;

        if (e != ERROR_SUCCESS)
                return fail_invalid(e);
        h = CreateNamedPipeA(name, dwOpenMode, dwPipeMode, nMaxInstances, nOutBufferSize, nInBufferSize,
                             nDefaultTimeOut, lpSecurityAttributes);
        free(name);
        return h;
}

WINBASEAPI BOOL WINAPI ConnectNamedPipe(HANDLE hNamedPipe, LPOVERLAPPED lpOverlapped) {
        struct s0_win32_ref *ref;
        struct s0_pipe *p;
        uint32_t e = pipe_get(hNamedPipe, &ref, &p);
        int r;

        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        if (!s0_pipe_is_server(p)) {
                pipe_put(ref);
                return s0_win32_fail(ERROR_INVALID_FUNCTION);
        }
        r = s0_pipe_connect(p);
        pipe_put(ref);
        if (r == 1) /* the client came first: success, reported as an error (Windows) */
                return s0_win32_fail(ERROR_PIPE_CONNECTED);
        if (r < 0)
                return s0_win32_fail(pipe_error(r, true));
        return TRUE;
}

WINBASEAPI BOOL WINAPI DisconnectNamedPipe(HANDLE hNamedPipe) {
        struct s0_win32_ref *ref;
        struct s0_pipe *p;
        uint32_t e = pipe_get(hNamedPipe, &ref, &p);
        int r;

        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        r = s0_pipe_is_server(p) ? s0_pipe_disconnect(p) : -EINVAL;
        pipe_put(ref);
        if (r < 0)
                return s0_win32_fail(r == -EINVAL ? ERROR_INVALID_FUNCTION : pipe_error(r, false));
        return TRUE;
}

/* ---- clients ------------------------------------------------------------------------ */

/* CreateFile on a \\.\pipe\ name (file.c dispatches here). */
HANDLE s0_win32_pipe_create_file(const char *lpFileName, DWORD dwCreationDisposition, DWORD dwFlagsAndAttributes) {
        const char *name = pipe_name_part(lpFileName);
        struct s0_pipe *p;
        int r;

        if (!name)
                return fail_invalid(ERROR_INVALID_NAME);
        if (dwCreationDisposition != OPEN_EXISTING)
                return fail_invalid(ERROR_INVALID_PARAMETER);
        if (dwFlagsAndAttributes & FILE_FLAG_OVERLAPPED)
                return fail_invalid(ERROR_NOT_SUPPORTED);
        r = s0_pipe_open(NULL, name, &p);
        if (r < 0)
                return fail_invalid(pipe_error(r, false));
        SetLastError(ERROR_SUCCESS);
        return pipe_insert(p);
}

bool s0_win32_is_pipe_name(const char *name) { return pipe_name_part(name) != NULL; }

WINBASEAPI BOOL WINAPI WaitNamedPipeA(LPCSTR lpNamedPipeName, DWORD nTimeOut) {
        const char *name = pipe_name_part(lpNamedPipeName);
        int r;

        if (!name)
                return s0_win32_fail(lpNamedPipeName ? ERROR_INVALID_NAME : ERROR_INVALID_PARAMETER);
        r = s0_pipe_wait(NULL, name, nTimeOut == NMPWAIT_WAIT_FOREVER ? UINT32_MAX : nTimeOut);
        if (r < 0)
                return s0_win32_fail(pipe_error(r, false));
        return TRUE;
}

WINBASEAPI BOOL WINAPI WaitNamedPipeW(LPCWSTR lpNamedPipeName, DWORD nTimeOut) {
        char *name = NULL;
        uint32_t e = name_from_w(lpNamedPipeName, &name);
        BOOL ok;

        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        ok = WaitNamedPipeA(name, nTimeOut);
        free(name);
        return ok;
}

/* ---- data ----------------------------------------------------------------------------- */

/* ReadFile and WriteFile on a pipe handle (file.c dispatches here). */
BOOL s0_win32_pipe_read_file(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead, LPDWORD lpNumberOfBytesRead) {
        struct s0_win32_ref *ref;
        struct s0_pipe *p;
        size_t n = 0;
        uint32_t e;
        int r;

        if (!lpNumberOfBytesRead)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        *lpNumberOfBytesRead = 0;
        e = pipe_get(hFile, &ref, &p);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        r = s0_pipe_read(p, lpBuffer, nNumberOfBytesToRead, &n);
        pipe_put(ref);
        if (r < 0)
                return s0_win32_fail(pipe_error(r, false));
        *lpNumberOfBytesRead = (DWORD) n;
        if (r == 1)
                return s0_win32_fail(ERROR_MORE_DATA);
        return TRUE;
}

BOOL s0_win32_pipe_write_file(HANDLE hFile, LPCVOID lpBuffer, DWORD nNumberOfBytesToWrite,
                              LPDWORD lpNumberOfBytesWritten) {
        struct s0_win32_ref *ref;
        struct s0_pipe *p;
        size_t n = 0;
        uint32_t e;
        int r;

        if (!lpNumberOfBytesWritten)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        *lpNumberOfBytesWritten = 0;
        e = pipe_get(hFile, &ref, &p);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        r = s0_pipe_write(p, lpBuffer, nNumberOfBytesToWrite, &n);
        pipe_put(ref);
        if (r < 0)
                return s0_win32_fail(pipe_error(r, true));
        *lpNumberOfBytesWritten = (DWORD) n;
        return TRUE;
}

WINBASEAPI BOOL WINAPI PeekNamedPipe(HANDLE hNamedPipe, LPVOID lpBuffer, DWORD nBufferSize, LPDWORD lpBytesRead,
                                     LPDWORD lpTotalBytesAvail, LPDWORD lpBytesLeftThisMessage) {
        struct s0_win32_ref *ref;
        struct s0_pipe *p;
        size_t got, avail, left;
        uint32_t e = pipe_get(hNamedPipe, &ref, &p);
        int r;

        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        r = s0_pipe_peek(p, lpBuffer, lpBuffer ? nBufferSize : 0, &got, &avail, &left);
        pipe_put(ref);
        if (r < 0)
                return s0_win32_fail(pipe_error(r, false));
        if (lpBytesRead)
                *lpBytesRead = (DWORD) got;
        if (lpTotalBytesAvail)
                *lpTotalBytesAvail = (DWORD) avail;
        if (lpBytesLeftThisMessage)
                *lpBytesLeftThisMessage = (DWORD) left;
        return TRUE;
}

WINBASEAPI BOOL WINAPI TransactNamedPipe(HANDLE hNamedPipe, LPVOID lpInBuffer, DWORD nInBufferSize, LPVOID lpOutBuffer,
                                         DWORD nOutBufferSize, LPDWORD lpBytesRead, LPOVERLAPPED lpOverlapped) {
        struct s0_win32_ref *ref;
        struct s0_pipe *p;
        size_t n = 0;
        uint32_t e;
        int r;

        if (!lpBytesRead)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        *lpBytesRead = 0;
        e = pipe_get(hNamedPipe, &ref, &p);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        /* Windows: only a handle in message read mode transacts. */
        if (!(s0_pipe_flags(p) & S0_PIPE_READ_MESSAGE)) {
                pipe_put(ref);
                return s0_win32_fail(ERROR_BAD_PIPE);
        }
        r = s0_pipe_write(p, lpInBuffer, nInBufferSize, &n);
        if (r == 0)
                r = s0_pipe_read(p, lpOutBuffer, nOutBufferSize, &n);
        pipe_put(ref);
        if (r < 0)
                return s0_win32_fail(pipe_error(r, false));
        *lpBytesRead = (DWORD) n;
        if (r == 1)
                return s0_win32_fail(ERROR_MORE_DATA);
        return TRUE;
}

WINBASEAPI BOOL WINAPI CallNamedPipeA(LPCSTR lpNamedPipeName, LPVOID lpInBuffer, DWORD nInBufferSize,
                                      LPVOID lpOutBuffer, DWORD nOutBufferSize, LPDWORD lpBytesRead, DWORD nTimeOut) {
        DWORD mode = PIPE_READMODE_MESSAGE;
        HANDLE h;
        BOOL ok;
        DWORD e;

        h = CreateFileA(lpNamedPipeName, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
        if (h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PIPE_BUSY) {
                if (!WaitNamedPipeA(lpNamedPipeName, nTimeOut))
                        return FALSE;
                h = CreateFileA(lpNamedPipeName, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
        }
        if (h == INVALID_HANDLE_VALUE)
                return FALSE;
        ok = SetNamedPipeHandleState(h, &mode, NULL, NULL) &&
             TransactNamedPipe(h, lpInBuffer, nInBufferSize, lpOutBuffer, nOutBufferSize, lpBytesRead, NULL);
        e = GetLastError();
        (void) CloseHandle(h);
        SetLastError(e);
        return ok;
}

WINBASEAPI BOOL WINAPI CallNamedPipeW(LPCWSTR lpNamedPipeName, LPVOID lpInBuffer, DWORD nInBufferSize,
                                      LPVOID lpOutBuffer, DWORD nOutBufferSize, LPDWORD lpBytesRead, DWORD nTimeOut) {
        char *name = NULL;
        uint32_t e = name_from_w(lpNamedPipeName, &name);
        BOOL ok;

        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        ok = CallNamedPipeA(name, lpInBuffer, nInBufferSize, lpOutBuffer, nOutBufferSize, lpBytesRead, nTimeOut);
        free(name);
        return ok;
}

WINBASEAPI BOOL WINAPI SetNamedPipeHandleState(HANDLE hNamedPipe, LPDWORD lpMode, LPDWORD lpMaxCollectionCount,
                                               LPDWORD lpCollectDataTimeout) {
        struct s0_win32_ref *ref;
        struct s0_pipe *p;
        uint32_t e;
        int r = 0;

        /* Collection applies to remote clients only; Windows wants NULL locally. */
        if (lpMaxCollectionCount || lpCollectDataTimeout)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        if (lpMode && (*lpMode & ~(PIPE_READMODE_MESSAGE | PIPE_NOWAIT)))
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        if (lpMode && (*lpMode & PIPE_NOWAIT))
                return s0_win32_fail(ERROR_NOT_SUPPORTED);
        e = pipe_get(hNamedPipe, &ref, &p);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        if (lpMode)
                r = s0_pipe_set_read_message(p, *lpMode & PIPE_READMODE_MESSAGE);
        pipe_put(ref);
        if (r < 0)
                return s0_win32_fail(pipe_error(r, false));
        return TRUE;
}

/* ---- identities ----------------------------------------------------------------------- */

/* The pid or session of the client (want_client) or the server end of h: the other end
 * from the kernel, or this process when h is that end. */
static BOOL pipe_identity(HANDLE h, PULONG out, bool want_client, bool want_session) {
        struct s0_win32_ref *ref;
        struct s0_pipe_peer peer;
        struct s0_pipe *p;
        uint32_t session;
        uint32_t e;
        int r;

        if (!out)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        e = pipe_get(h, &ref, &p);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        if (s0_pipe_is_server(p) == want_client) {
                r = s0_pipe_peer(p, &peer);
                pipe_put(ref);
                if (r < 0)
                        return s0_win32_fail(pipe_error(r, false));
                *out = want_session ? peer.session : (ULONG) peer.pid;
                return TRUE;
        }
        pipe_put(ref);
        if (!want_session) {
                *out = (ULONG) getpid();
                return TRUE;
        }
        r = s0_pid_session(getpid(), &session);
        if (r < 0)
                return s0_win32_fail(pipe_error(r, false));
        *out = session;
        return TRUE;
}

WINBASEAPI BOOL WINAPI GetNamedPipeClientProcessId(HANDLE Pipe, PULONG ClientProcessId) {
        return pipe_identity(Pipe, ClientProcessId, true, false);
}

WINBASEAPI BOOL WINAPI GetNamedPipeClientSessionId(HANDLE Pipe, PULONG ClientSessionId) {
        return pipe_identity(Pipe, ClientSessionId, true, true);
}

WINBASEAPI BOOL WINAPI GetNamedPipeServerProcessId(HANDLE Pipe, PULONG ServerProcessId) {
        return pipe_identity(Pipe, ServerProcessId, false, false);
}

WINBASEAPI BOOL WINAPI GetNamedPipeServerSessionId(HANDLE Pipe, PULONG ServerSessionId) {
        return pipe_identity(Pipe, ServerSessionId, false, true);
}

WINBASEAPI BOOL WINAPI ImpersonateNamedPipeClient(HANDLE hNamedPipe) {
        struct s0_pipe_identity saved;
        struct s0_win32_ref *ref;
        struct s0_pipe *p;
        uint32_t e = pipe_get(hNamedPipe, &ref, &p);
        int r;

        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        if (!s0_pipe_is_server(p)) {
                pipe_put(ref);
                return s0_win32_fail(ERROR_INVALID_FUNCTION);
        }
        /* A second impersonation replaces the first: start again from our own identity. */
        if (impersonating) {
                (void) s0_pipe_revert(&impersonation);
                impersonating = false;
        }
        r = s0_pipe_impersonate(p, &saved);
        pipe_put(ref);
        if (r < 0)
                return s0_win32_fail(pipe_error(r, false));
        impersonation = saved;
        impersonating = true;
        return TRUE;
}

WINBASEAPI BOOL WINAPI RevertToSelf(void) {
        int r;

        if (!impersonating)
                return TRUE;
        r = s0_pipe_revert(&impersonation);
        impersonating = false;
        if (r < 0)
                return s0_win32_fail(ERROR_CANNOT_IMPERSONATE);
        return TRUE;
}
