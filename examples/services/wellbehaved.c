/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * s0-example-wellbehaved: a service that talks to users the way Session 0 isolation
 * allows (SEMANTICS.md section 9, "shared objects -> Global\ names with explicit SDs";
 * "real data -> named pipes with ACLs").
 *
 *  - It publishes Global\S0Example.Ready, a manual-reset event with an explicit security
 *    descriptor: SYSTEM has full access, Everyone only SYNCHRONIZE. Users in any session
 *    may wait for it; nobody but the service can set or reset it.
 *  - It serves \\.\pipe\s0-example, created with FILE_FLAG_FIRST_PIPE_INSTANCE so that a
 *    user who squatted the name first makes it fail safe instead of talking to clients
 *    through the squatter's pipe. Each client gets one message back naming who the kernel
 *    says it is -- GetNamedPipeClientSessionId and GetNamedPipeClientProcessId -- never
 *    what the client claims.
 */
#include <string.h>

#include <sddl.h>

#include "svcmain.h"

const char example_name[] = "s0-example-wellbehaved";

#define PIPE_NAME L"\\\\.\\pipe\\s0-example"

DWORD example_run(void) {
        SECURITY_ATTRIBUTES sa = { .nLength = sizeof sa };
        HANDLE ready, pipe;

        if (!ConvertStringSecurityDescriptorToSecurityDescriptorA("D:(A;;GA;;;SY)(A;;0x00100000;;;WD)", SDDL_REVISION_1,
                                                                  &sa.lpSecurityDescriptor, NULL))
                return GetLastError();
        ready = CreateEventW(&sa, TRUE, FALSE, L"Global\\S0Example.Ready");
        LocalFree(sa.lpSecurityDescriptor);
        if (!ready) {
                say("cannot create Global\\S0Example.Ready (error %lu)", (unsigned long) GetLastError());
                return GetLastError();
        }
        pipe = CreateNamedPipeW(PIPE_NAME, PIPE_ACCESS_DUPLEX | FILE_FLAG_FIRST_PIPE_INSTANCE,
                                PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS, 1,
                                4096, 4096, 0, NULL);
        if (pipe == INVALID_HANDLE_VALUE) {
                /* ERROR_ACCESS_DENIED: someone created the name first. Fail safe. */
                say("cannot create \\\\.\\pipe\\s0-example (error %lu): squatted? not serving", (unsigned long) GetLastError());
                CloseHandle(ready);
                return GetLastError();
        }
        SetEvent(ready);
        say("ready: Global\\S0Example.Ready set, serving \\\\.\\pipe\\s0-example");
        while (!stop_requested()) {
                char req[256], reply[256];
                ULONG session = 0, pid = 0;
                DWORD n = 0;

                if (!ConnectNamedPipe(pipe, NULL) && GetLastError() != ERROR_PIPE_CONNECTED)
                        continue;
                if (stop_requested())
                        break;
                if (ReadFile(pipe, req, sizeof req - 1, &n, NULL) && GetNamedPipeClientSessionId(pipe, &session) &&
                    GetNamedPipeClientProcessId(pipe, &pid)) {
                        int len = snprintf(reply, sizeof reply, "hello pid %lu in session %lu, from session 0",
                                           (unsigned long) pid, (unsigned long) session);
                        (void) WriteFile(pipe, reply, (DWORD) len, &n, NULL);
                        say("answered pid %lu in session %lu", (unsigned long) pid, (unsigned long) session);
                }
                DisconnectNamedPipe(pipe);
        }
        ResetEvent(ready);
        CloseHandle(pipe);
        CloseHandle(ready);
        return NO_ERROR;
}

/* ConnectNamedPipe is waiting: a connection of our own wakes it. */
void example_stop_hint(void) {
        HANDLE h = CreateFileW(PIPE_NAME, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
        if (h != INVALID_HANDLE_VALUE)
                CloseHandle(h);
}
