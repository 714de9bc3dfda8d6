/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A Windows program, unchanged: built with the flags `pkg-config --cflags
 * session0-win32` gives (-fshort-wchar, the win32 include directory), it proves source
 * compatibility. Run inside a session (s0ctl run ...), it creates a named event, finds
 * it again through a second Create (ERROR_ALREADY_EXISTS) and an Open, signals it from
 * a second thread's point of view and waits for it. Exit status 0 on success.
 */
#define UNICODE
#include <windows.h>

#include <stdio.h>

static int fail(const char *what) {
        fprintf(stderr, "hello-objects: %s failed: error %lu\n", what, (unsigned long) GetLastError());
        return 1;
}

int main(void) {
        const WCHAR *name = L"Local\\session0-hello-objects";
        HANDLE ev, again, opened;
        DWORD r;

        ev = CreateEventW(NULL, TRUE, FALSE, name);
        if (!ev)
                return fail("CreateEventW");
        if (GetLastError() != ERROR_SUCCESS)
                return fail("CreateEventW (new object, last error not cleared)");

        again = CreateEvent(NULL, TRUE, FALSE, TEXT("Local\\session0-hello-objects"));
        if (!again || GetLastError() != ERROR_ALREADY_EXISTS)
                return fail("CreateEvent of an existing name");

        opened = OpenEventW(EVENT_MODIFY_STATE | SYNCHRONIZE, FALSE, name);
        if (!opened)
                return fail("OpenEventW");

        r = WaitForSingleObject(ev, 0);
        if (r != WAIT_TIMEOUT)
                return fail("WaitForSingleObject on a non-signaled event");
        if (!SetEvent(opened))
                return fail("SetEvent");
        r = WaitForSingleObject(again, INFINITE);
        if (r != WAIT_OBJECT_0)
                return fail("WaitForSingleObject on a signaled event");

        if (!CloseHandle(opened) || !CloseHandle(again) || !CloseHandle(ev))
                return fail("CloseHandle");
        if (OpenEventW(SYNCHRONIZE, FALSE, name) || GetLastError() != ERROR_FILE_NOT_FOUND)
                return fail("OpenEventW after the last close");

        printf("hello-objects: pid %lu thread %lu: event created, found, signaled, waited for\n",
               (unsigned long) GetCurrentProcessId(), (unsigned long) GetCurrentThreadId());
        return 0;
}
