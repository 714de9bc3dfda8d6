/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The Win32 layer at run time, written as Windows code: inside a session it must give
 * the documented results and GetLastError() codes (SEMANTICS.md §3-4) for the calls a
 * port uses most, handle inheritance through fork(), and private namespaces. Exit 0
 * when every check passes; each failure prints the check and both values.
 */
#define UNICODE
#include <windows.h>
#include <sddl.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"



static void events(void) {
        HANDLE e, again, w, objs[3];
        DWORD r;

        SetLastError(1234);
        e = CreateEventW(NULL, FALSE, FALSE, L"Local\\w32-ev");
        CHECK(e && GetLastError() == ERROR_SUCCESS, "CreateEventW new");
        again = CreateEventW(NULL, TRUE, TRUE, L"Local\\w32-ev");
        CHECK(again && GetLastError() == ERROR_ALREADY_EXISTS, "CreateEventW existing");
        CHECK(WaitForSingleObject(e, 0) == WAIT_TIMEOUT, "creation arguments of the second create ignored");
        w = OpenEventW(SYNCHRONIZE, FALSE, L"Local\\w32-ev");
        CHECK(w != NULL, "OpenEventW SYNCHRONIZE");
        CHECK(!SetEvent(w) && GetLastError() == ERROR_ACCESS_DENIED, "SetEvent through a SYNCHRONIZE handle");
        CHECK(SetEvent(e), "SetEvent");
        CHECK(WaitForSingleObject(w, INFINITE) == WAIT_OBJECT_0, "wait through the SYNCHRONIZE handle");
        CHECK(WaitForSingleObject(e, 0) == WAIT_TIMEOUT, "auto-reset consumed");
        CHECK(OpenEventW(SYNCHRONIZE, FALSE, NULL) == NULL && GetLastError() == ERROR_INVALID_PARAMETER, "NULL name");
        CHECK(OpenEventW(SYNCHRONIZE, FALSE, L"Local\\w32-none") == NULL && GetLastError() == ERROR_FILE_NOT_FOUND,
              "absent name");
        CHECK(CreateMutexW(NULL, FALSE, L"Local\\w32-ev") == NULL && GetLastError() == ERROR_INVALID_HANDLE,
              "name held by another type");
        CHECK(OpenEventW(SYNCHRONIZE, FALSE, L"local\\w32-ev") == NULL && GetLastError() == ERROR_PATH_NOT_FOUND,
              "wrong-case prefix");
        CHECK(OpenEventW(SYNCHRONIZE, FALSE, L"\\w32-ev") == NULL && GetLastError() == ERROR_BAD_PATHNAME,
              "leading backslash");

        objs[0] = CreateEventW(NULL, TRUE, FALSE, NULL);
        objs[1] = CreateEventW(NULL, TRUE, TRUE, NULL);
        objs[2] = CreateEventW(NULL, TRUE, TRUE, NULL);
        r = WaitForMultipleObjects(3, objs, FALSE, 0);
        CHECK(r == WAIT_OBJECT_0 + 1, "wait-any: lowest signaled index, got %lu", (unsigned long) r);
        CHECK(WaitForMultipleObjects(3, objs, TRUE, 0) == WAIT_TIMEOUT, "wait-all with one non-signaled");
        CHECK(WaitForMultipleObjects(0, objs, FALSE, 0) == WAIT_FAILED && GetLastError() == ERROR_INVALID_PARAMETER,
              "nCount 0");
        CHECK(WaitForMultipleObjects(65, objs, FALSE, 0) == WAIT_FAILED && GetLastError() == ERROR_INVALID_PARAMETER,
              "nCount 65");
        CHECK(WaitForSingleObject((HANDLE) (ULONG_PTR) 0x7ffc, 0) == WAIT_FAILED &&
                      GetLastError() == ERROR_INVALID_HANDLE,
              "wait on a handle never opened");
        for (int i = 0; i < 3; i++)
                CHECK(CloseHandle(objs[i]), "CloseHandle");
        CHECK(!CloseHandle(objs[0]) && GetLastError() == ERROR_INVALID_HANDLE, "CloseHandle twice");
        CHECK(CloseHandle(w) && CloseHandle(again) && CloseHandle(e), "CloseHandle");
        CHECK(OpenEventW(SYNCHRONIZE, FALSE, L"Local\\w32-ev") == NULL && GetLastError() == ERROR_FILE_NOT_FOUND,
              "the name is gone with the last handle");
}

static HANDLE thread_mutex;
static void *take_and_exit(void *arg) {
        (void) arg;
        DWORD r = WaitForSingleObject(thread_mutex, INFINITE);
        return (void *) (ULONG_PTR) r; /* exits owning it */
}

static void mutexes_semaphores(void) {
        HANDLE m, s;
        pthread_t t;
        void *tr;
        LONG prev = -1;

        m = CreateMutexW(NULL, TRUE, L"Local\\w32-mutex");
        CHECK(m && GetLastError() == ERROR_SUCCESS, "CreateMutexW owned");
        CHECK(WaitForSingleObject(m, 0) == WAIT_OBJECT_0, "recursive acquire");
        CHECK(ReleaseMutex(m) && ReleaseMutex(m), "two releases");
        CHECK(!ReleaseMutex(m) && GetLastError() == ERROR_NOT_OWNER, "third release");
        thread_mutex = m;
        CHECK(pthread_create(&t, NULL, take_and_exit, NULL) == 0 && pthread_join(t, &tr) == 0, "thread");
        CHECK((DWORD) (ULONG_PTR) tr == WAIT_OBJECT_0, "the thread got it");
        CHECK(WaitForSingleObject(m, 0) == WAIT_ABANDONED, "abandoned by its thread's exit");
        CHECK(ReleaseMutex(m), "release the abandoned mutex");
        CHECK(WaitForSingleObject(m, 0) == WAIT_OBJECT_0, "normal afterwards");
        CHECK(ReleaseMutex(m) && CloseHandle(m), "release, close");

        CHECK(CreateSemaphoreW(NULL, 2, 1, NULL) == NULL && GetLastError() == ERROR_INVALID_PARAMETER, "initial > max");
        s = CreateSemaphoreW(NULL, 1, 2, L"Local\\w32-sem");
        CHECK(s != NULL, "CreateSemaphoreW");
        CHECK(!ReleaseSemaphore(s, 2, &prev) && GetLastError() == ERROR_TOO_MANY_POSTS, "past the maximum");
        CHECK(ReleaseSemaphore(s, 1, &prev) && prev == 1, "previous count %ld", (long) prev);
        CHECK(WaitForSingleObject(s, 0) == WAIT_OBJECT_0 && WaitForSingleObject(s, 0) == WAIT_OBJECT_0 &&
                      WaitForSingleObject(s, 0) == WAIT_TIMEOUT,
              "count 2 taken twice");
        CHECK(CloseHandle(s), "close");
}

static void timers_sections(void) {
        HANDLE t, f, f2;
        LARGE_INTEGER due;
        char *v, *v2;

        t = CreateWaitableTimerW(NULL, TRUE, L"Local\\w32-timer");
        CHECK(t != NULL, "CreateWaitableTimerW");
        CHECK(WaitForSingleObject(t, 0) == WAIT_TIMEOUT, "created inactive");
        due.QuadPart = -20 * 10000; /* 20 ms, relative */
        CHECK(SetWaitableTimer(t, &due, 0, NULL, NULL, FALSE), "SetWaitableTimer");
        CHECK(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0, "fires");
        CHECK(WaitForSingleObject(t, 0) == WAIT_OBJECT_0, "manual-reset stays signaled");
        SetLastError(0);
        CHECK(SetWaitableTimer(t, &due, 0, NULL, NULL, TRUE) && GetLastError() == ERROR_NOT_SUPPORTED,
              "fResume: success with ERROR_NOT_SUPPORTED");
        CHECK(CancelWaitableTimer(t) && CloseHandle(t), "cancel, close");

        CHECK(CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0, NULL) == NULL &&
                      GetLastError() == ERROR_INVALID_PARAMETER,
              "size 0");
        f = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 70000, L"Local\\w32-section");
        CHECK(f != NULL, "CreateFileMappingW");
        v = MapViewOfFile(f, FILE_MAP_ALL_ACCESS, 0, 0, 0);
        CHECK(v != NULL, "MapViewOfFile");
        CHECK(MapViewOfFile(f, FILE_MAP_READ, 0, 4096, 0) == NULL && GetLastError() == ERROR_MAPPED_ALIGNMENT,
              "unaligned offset");
        f2 = OpenFileMappingW(FILE_MAP_READ, FALSE, L"Local\\w32-section");
        CHECK(f2 != NULL, "OpenFileMappingW");
        CHECK(MapViewOfFile(f2, FILE_MAP_WRITE, 0, 0, 0) == NULL && GetLastError() == ERROR_ACCESS_DENIED,
              "write view through a read handle");
        v2 = MapViewOfFile(f2, FILE_MAP_READ, 0, 0, 0);
        CHECK(v2 != NULL, "read view");
        if (v && v2) {
                strcpy(v + 69000, "shared");
                CHECK(strcmp(v2 + 69000, "shared") == 0, "both views see the same memory");
        }
        CHECK(WaitForSingleObject(f, 0) == WAIT_FAILED && GetLastError() == ERROR_ACCESS_DENIED, "sections are not waitable");
        CHECK(UnmapViewOfFile(v) && UnmapViewOfFile(v2), "UnmapViewOfFile");
        CHECK(!UnmapViewOfFile(v) && GetLastError() == ERROR_INVALID_PARAMETER, "unmap twice");
        CHECK(CloseHandle(f2) && CloseHandle(f), "close");
}

/* fork() keeps handles: the child's close must not end the parent's object, nor the
 * parent's the child's. */
static void inheritance(void) {
        HANDLE e, d = NULL;
        int p[2], st;
        pid_t pid;
        char c;

        e = CreateEventW(NULL, TRUE, FALSE, L"Local\\w32-inherit");
        CHECK(e != NULL, "CreateEventW");
        CHECK(DuplicateHandle(GetCurrentProcess(), e, GetCurrentProcess(), &d, 0, FALSE, DUPLICATE_SAME_ACCESS) && d,
              "DuplicateHandle");
        CHECK(CloseHandle(d), "close the duplicate");
        CHECK(pipe(p) == 0, "pipe");
        pid = fork();
        if (pid == 0) {
                /* the child closes its copy; the parent's object must live on */
                close(p[0]);
                CloseHandle(e);
                (void) write(p[1], "x", 1);
                _exit(0);
        }
        close(p[1]);
        CHECK(read(p[0], &c, 1) == 1, "child done");
        close(p[0]);
        CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0, "child exit");
        d = OpenEventW(SYNCHRONIZE, FALSE, L"Local\\w32-inherit");
        CHECK(d != NULL, "the name survives the child's close");
        if (d)
                CloseHandle(d);

        CHECK(pipe(p) == 0, "pipe");
        pid = fork();
        if (pid == 0) {
                /* the parent closes first; the child's inherited handle keeps the name */
                HANDLE o;
                close(p[1]);
                if (read(p[0], &c, 1) != 1)
                        _exit(2);
                o = OpenEventW(SYNCHRONIZE, FALSE, L"Local\\w32-inherit");
                _exit(o ? 0 : 3);
        }
        close(p[0]);
        CHECK(CloseHandle(e), "parent closes");
        (void) write(p[1], "x", 1);
        close(p[1]);
        CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
              "the name survives the parent's close while the child holds it (child exit %d)",
              WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

static void private_namespace(void) {
        HANDLE b, ns, ns2, e, e2;
        PSID sid = NULL;
        char user_sid[64];

        /* the caller's own Unix user SID (Samba's S-1-22-1-UID) */
        snprintf(user_sid, sizeof user_sid, "S-1-22-1-%u", (unsigned) geteuid());
        CHECK(ConvertStringSidToSidA(user_sid, &sid), "ConvertStringSidToSidA");
        b = CreateBoundaryDescriptorW(L"w32-boundary", 0);
        CHECK(b != NULL, "CreateBoundaryDescriptorW");
        CHECK(AddSIDToBoundaryDescriptor(&b, sid), "AddSIDToBoundaryDescriptor");
        ns = CreatePrivateNamespaceW(NULL, b, L"w32ns");
        CHECK(ns != NULL, "CreatePrivateNamespaceW");
        ns2 = CreatePrivateNamespaceW(NULL, b, L"w32ns2");
        CHECK(ns2 == NULL && GetLastError() == ERROR_ALREADY_EXISTS, "a second create of the same boundary");
        e = CreateEventW(NULL, TRUE, FALSE, L"w32ns\\ev");
        CHECK(e && GetLastError() == ERROR_SUCCESS, "an event in the private namespace");
        e2 = OpenEventW(SYNCHRONIZE, FALSE, L"Local\\ev");
        CHECK(e2 == NULL && GetLastError() == ERROR_FILE_NOT_FOUND, "not in the session's namespace");
        if (e)
                CloseHandle(e);
        CHECK(ClosePrivateNamespace(ns, PRIVATE_NAMESPACE_FLAG_DESTROY), "ClosePrivateNamespace(DESTROY)");
        DeleteBoundaryDescriptor(b);
        LocalFree(sid);
}

int main(void) {
        events();
        mutexes_semaphores();
        timers_sections();
        inheritance();
        private_namespace();
        if (failures) {
                fprintf(stderr, "test-win32-objects: %d check(s) failed\n", failures);
                return 1;
        }
        printf("test-win32-objects: all checks passed\n");
        return 0;
}
