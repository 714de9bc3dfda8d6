/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Named pipes through the Win32 layer, written as Windows code (docs/PIPES.md). Run by
 * test-pipes.sh in real sessions:
 *
 *   test-pipes local                 one process: every rule that needs no second user
 *   test-pipes server NAME N ROOTFILE  a session-0 service: serves N clients, checks each
 *                                    one's pid and session from the kernel against what
 *                                    the client says, and impersonates it
 *   test-pipes client NAME USERFILE  says who it is, expects the server in session 0
 *   test-pipes squat NAME            creates NAME, serves one client (ATTACKS A17)
 *   test-pipes service NAME [without-flag]  CreateNamedPipe(FIRST_PIPE_INSTANCE, or
 *                                    not): prints the last error (0: created)
 *   test-pipes probe NAME            connects, prints the server's session and pid
 *
 * Exit 0 when every check passes; each failure prints the check and both values.
 */
#define UNICODE
#include <windows.h>
#include <sddl.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"



#define PIPE_MSG (PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT)

static char pipe_path[512];

static const char *path_of(const char *name) {
        snprintf(pipe_path, sizeof pipe_path, "\\\\.\\pipe\\%s", name);
        return pipe_path;
}

static HANDLE server_a(const char *name, DWORD open_mode, DWORD pipe_mode, DWORD max) {
        return CreateNamedPipeA(path_of(name), open_mode, pipe_mode, max, 4096, 4096, 0, NULL);
}

static HANDLE client_a(const char *name) {
        return CreateFileA(path_of(name), GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
}

static BOOL can_read(const char *path) {
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return FALSE;
        close(fd);
        return TRUE;
}

/* ---- local: one process, a thread per end where one must wait ---------------------- */

struct echo_args {
        HANDLE h;
        int rounds;
};

static void *echo_server(void *arg) {
        struct echo_args *a = arg;
        char buf[256];
        DWORD n, w;

        BOOL ok = ConnectNamedPipe(a->h, NULL);
        CHECK(ok || GetLastError() == ERROR_PIPE_CONNECTED, "echo ConnectNamedPipe");
        for (int i = 0; i < a->rounds; i++) {
                if (!ReadFile(a->h, buf, sizeof buf, &n, NULL))
                        break;
                buf[0] = 'R';
                WriteFile(a->h, buf, n, &w, NULL);
        }
        return NULL;
}

static void local_messages(void) {
        HANDLE s, c, c2;
        char buf[64];
        DWORD n, w, avail, left, mode;
        ULONG id;

        s = CreateNamedPipeW(L"\\\\.\\pipe\\s0t-Local-Msg", PIPE_ACCESS_DUPLEX, PIPE_MSG, 1, 4096, 4096, 0, NULL);
        CHECK(s != INVALID_HANDLE_VALUE && GetLastError() == ERROR_SUCCESS, "CreateNamedPipeW");
        CHECK(!ReadFile(s, buf, sizeof buf, &n, NULL) && GetLastError() == ERROR_PIPE_NOT_CONNECTED,
              "read before any client");
        CHECK(!ImpersonateNamedPipeClient(s) && GetLastError() == ERROR_CANNOT_IMPERSONATE, "impersonate, no client");
        /* other case, other spelling of the prefix: the same pipe */
        c = CreateFileW(L"\\\\.\\PIPE\\S0T-local-msg", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
        CHECK(c != INVALID_HANDLE_VALUE, "CreateFileW, names are case-insensitive");
        CHECK(!ConnectNamedPipe(s, NULL) && GetLastError() == ERROR_PIPE_CONNECTED, "client came first: 535");
        c2 = client_a("s0t-local-msg");
        CHECK(c2 == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PIPE_BUSY, "one instance, connected: busy");
        CHECK(server_a("s0t-local-msg", PIPE_ACCESS_DUPLEX, PIPE_MSG, 1) == INVALID_HANDLE_VALUE &&
                      GetLastError() == ERROR_PIPE_BUSY,
              "nMaxInstances reached: busy");
        CHECK(server_a("s0t-local-msg", PIPE_ACCESS_DUPLEX | FILE_FLAG_FIRST_PIPE_INSTANCE, PIPE_MSG, 1) ==
                              INVALID_HANDLE_VALUE && GetLastError() == ERROR_ACCESS_DENIED,
              "FIRST_PIPE_INSTANCE of an existing pipe");

        CHECK(GetNamedPipeClientProcessId(s, &id) && id == (ULONG) getpid(), "client pid %lu", (unsigned long) id);
        CHECK(GetNamedPipeServerProcessId(c, &id) && id == (ULONG) getpid(), "server pid %lu", (unsigned long) id);

        /* message mode: boundaries kept, ERROR_MORE_DATA for the rest */
        CHECK(WriteFile(c, "first message", 13, &w, NULL) && w == 13, "write 1");
        CHECK(WriteFile(c, "second", 6, &w, NULL) && w == 6, "write 2");
        CHECK(PeekNamedPipe(s, buf, 5, &n, &avail, &left) && n == 5 && avail == 19 && left == 8,
              "peek: %lu read, %lu avail, %lu left", (unsigned long) n, (unsigned long) avail, (unsigned long) left);
        CHECK(!ReadFile(s, buf, 5, &n, NULL) && GetLastError() == ERROR_MORE_DATA && n == 5 &&
                      memcmp(buf, "first", 5) == 0,
              "short read: ERROR_MORE_DATA");
        CHECK(ReadFile(s, buf, sizeof buf, &n, NULL) && n == 8 && memcmp(buf, " message", 8) == 0, "the rest");
        CHECK(ReadFile(s, buf, sizeof buf, &n, NULL) && n == 6 && memcmp(buf, "second", 6) == 0, "next message");
        CHECK(ImpersonateNamedPipeClient(s), "impersonate own user after a read");
        CHECK(RevertToSelf(), "revert");

        /* the client starts in byte read mode: no ERROR_MORE_DATA, rest follows */
        CHECK(WriteFile(s, "reply!", 6, &w, NULL), "server write");
        CHECK(ReadFile(c, buf, 3, &n, NULL) && n == 3, "byte-mode read of a message: no error");
        CHECK(ReadFile(c, buf, sizeof buf, &n, NULL) && n == 3 && memcmp(buf, "ly!", 3) == 0, "the rest");
        CHECK(!TransactNamedPipe(c, "x", 1, buf, sizeof buf, &n, NULL) && GetLastError() == ERROR_BAD_PIPE,
              "transact in byte read mode");
        mode = PIPE_READMODE_MESSAGE;
        CHECK(SetNamedPipeHandleState(c, &mode, NULL, NULL), "SetNamedPipeHandleState(MESSAGE)");

        /* the client closes: the server's read is broken, its write "being closed" */
        CHECK(CloseHandle(c), "close client");
        CHECK(!ReadFile(s, buf, sizeof buf, &n, NULL) && GetLastError() == ERROR_BROKEN_PIPE, "read: broken pipe");
        CHECK(!WriteFile(s, "x", 1, &w, NULL) && GetLastError() == ERROR_NO_DATA, "write: no data");
        CHECK(!ConnectNamedPipe(s, NULL) && GetLastError() == ERROR_NO_DATA, "connect before disconnect");
        CHECK(DisconnectNamedPipe(s), "DisconnectNamedPipe");
        CHECK(client_a("s0t-local-msg") == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PIPE_BUSY,
              "disconnected, not listening: busy");
        CHECK(!WaitNamedPipeA(path_of("s0t-local-msg"), 20) && GetLastError() == ERROR_SEM_TIMEOUT, "wait: timeout");
        CHECK(CloseHandle(s), "close server");
        CHECK(client_a("s0t-local-msg") == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND,
              "last instance closed: gone");
}

static void local_transact(void) {
        struct echo_args a = { .rounds = 2 };
        pthread_t t;
        char buf[64];
        DWORD n, mode = PIPE_READMODE_MESSAGE;
        HANDLE c;

        a.h = server_a("s0t-local-tx", PIPE_ACCESS_DUPLEX, PIPE_MSG, 2);
        CHECK(a.h != INVALID_HANDLE_VALUE, "transact server");
        pthread_create(&t, NULL, echo_server, &a);
        CHECK(WaitNamedPipeA(path_of("s0t-local-tx"), NMPWAIT_WAIT_FOREVER), "WaitNamedPipe: an instance listens");
        c = client_a("s0t-local-tx");
        CHECK(c != INVALID_HANDLE_VALUE, "transact client");
        CHECK(SetNamedPipeHandleState(c, &mode, NULL, NULL), "message read mode");
        CHECK(TransactNamedPipe(c, "ping", 4, buf, sizeof buf, &n, NULL) && n == 4 && memcmp(buf, "Ring", 4) == 0,
              "TransactNamedPipe");
        CHECK(!TransactNamedPipe(c, "a longer ping", 13, buf, 4, &n, NULL) && GetLastError() == ERROR_MORE_DATA &&
                      n == 4,
              "TransactNamedPipe, short buffer");
        CloseHandle(c);
        pthread_join(t, NULL);
        CloseHandle(a.h);

        a.h = server_a("s0t-local-call", PIPE_ACCESS_DUPLEX, PIPE_MSG, 1);
        a.rounds = 1;
        pthread_create(&t, NULL, echo_server, &a);
        CHECK(CallNamedPipeW(L"\\\\.\\pipe\\s0t-local-call", "call", 4, buf, sizeof buf, &n, NMPWAIT_WAIT_FOREVER) &&
                      n == 4 && memcmp(buf, "Rall", 4) == 0,
              "CallNamedPipe");
        pthread_join(t, NULL);
        CloseHandle(a.h);
}

static void local_bytes_and_names(void) {
        HANDLE s, c;
        char buf[64];
        DWORD n, w, mode = PIPE_READMODE_MESSAGE;

        s = server_a("s0t-local-bytes", PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 1);
        CHECK(s != INVALID_HANDLE_VALUE, "byte pipe");
        c = client_a("s0t-local-bytes");
        CHECK(c != INVALID_HANDLE_VALUE, "byte client");
        CHECK(!SetNamedPipeHandleState(c, &mode, NULL, NULL) && GetLastError() == ERROR_INVALID_PARAMETER,
              "message reads on a byte pipe");
        CHECK(WriteFile(c, "abc", 3, &w, NULL) && WriteFile(c, "def", 3, &w, NULL), "two writes");
        CHECK(!ConnectNamedPipe(s, NULL) && GetLastError() == ERROR_PIPE_CONNECTED, "535");
        /* a byte stream: no boundaries, the reads return what is there */
        for (DWORD got = 0; got < 6;) {
                if (!ReadFile(s, buf + got, (DWORD) sizeof buf - got, &n, NULL))
                        break;
                got += n;
        }
        CHECK(memcmp(buf, "abcdef", 6) == 0, "a byte stream: '%.6s'", buf);
        CloseHandle(c);
        CloseHandle(s);

        CHECK(client_a("s0t-none") == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND, "absent pipe");
        CHECK(!WaitNamedPipeA(path_of("s0t-none"), 10) && GetLastError() == ERROR_FILE_NOT_FOUND, "wait, absent");
        CHECK(CreateFileA("/etc/passwd", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL) == INVALID_HANDLE_VALUE &&
                      GetLastError() == ERROR_NOT_SUPPORTED,
              "CreateFile of a file");
        CHECK(CreateNamedPipeA("\\\\.\\notpipe\\x", PIPE_ACCESS_DUPLEX, PIPE_MSG, 1, 0, 0, 0, NULL) ==
                              INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_NAME,
              "not a pipe name");
        CHECK(server_a("s0t-x", PIPE_ACCESS_DUPLEX, PIPE_MSG, 0) == INVALID_HANDLE_VALUE &&
                      GetLastError() == ERROR_INVALID_PARAMETER,
              "nMaxInstances 0");
        /* Unicode simple case folding, '/' and a leading '.' are just characters */
        s = server_a("s0t-ÄÖÜ-Ω-Ж/.x", PIPE_ACCESS_DUPLEX, PIPE_MSG, 1);
        CHECK(s != INVALID_HANDLE_VALUE, "non-ASCII name");
        c = client_a("S0T-äöü-ω-ж/.X");
        CHECK(c != INVALID_HANDLE_VALUE, "folded non-ASCII name");
        CloseHandle(c);
        CloseHandle(s);
        s = server_a(".", PIPE_ACCESS_DUPLEX, PIPE_MSG, 1);
        CHECK(s != INVALID_HANDLE_VALUE, "pipe named '.'");
        CloseHandle(s);
}

/* ---- multi-process roles ---------------------------------------------------------------- */

static int run_server(const char *name, int clients, const char *rootfile) {
        HANDLE s = server_a(name, PIPE_ACCESS_DUPLEX | FILE_FLAG_FIRST_PIPE_INSTANCE, PIPE_MSG, 1);
        char buf[512], reply[64], userfile[400];
        ULONG pid, session, spid, ssession;
        unsigned long cpid, csession;
        DWORD n, w;

        CHECK(s != INVALID_HANDLE_VALUE, "server create");
        if (s == INVALID_HANDLE_VALUE)
                return 1;
        printf("ready\n");
        fflush(stdout);
        for (int i = 0; i < clients; i++) {
                BOOL ok = ConnectNamedPipe(s, NULL);
                CHECK(ok || GetLastError() == ERROR_PIPE_CONNECTED, "ConnectNamedPipe");
                CHECK(!ImpersonateNamedPipeClient(s) && GetLastError() == ERROR_CANNOT_IMPERSONATE,
                      "impersonate before a read");
                CHECK(ReadFile(s, buf, sizeof buf - 1, &n, NULL), "read hello");
                buf[n] = 0;
                CHECK(sscanf(buf, "%lu %lu %399s", &cpid, &csession, userfile) == 3, "hello '%s'", buf);
                CHECK(GetNamedPipeClientProcessId(s, &pid) && pid == cpid, "client pid %lu, says %lu",
                      (unsigned long) pid, cpid);
                CHECK(GetNamedPipeClientSessionId(s, &session) && session == csession, "client session %lu, says %lu",
                      (unsigned long) session, csession);
                CHECK(GetNamedPipeServerProcessId(s, &spid) && spid == (ULONG) getpid(), "own pid");
                CHECK(GetNamedPipeServerSessionId(s, &ssession) && ssession == 0, "own session");
                CHECK(can_read(rootfile), "the service reads its root-only file");
                CHECK(ImpersonateNamedPipeClient(s), "impersonate");
                if (strcmp(userfile, "-") != 0) {
                        CHECK(!can_read(rootfile), "impersonating: root-only file refused");
                        CHECK(can_read(userfile), "impersonating: the client's own file readable");
                }
                CHECK(RevertToSelf(), "RevertToSelf");
                CHECK(can_read(rootfile), "reverted: root-only file readable again");
                if (strcmp(userfile, "-") != 0)
                        CHECK(can_read(userfile), "reverted: root reads anything");
                snprintf(reply, sizeof reply, "ok %lu", (unsigned long) session);
                CHECK(WriteFile(s, reply, (DWORD) strlen(reply), &w, NULL), "reply");
                CHECK(ReadFile(s, buf, sizeof buf, &n, NULL) == FALSE && GetLastError() == ERROR_BROKEN_PIPE,
                      "client gone: broken pipe");
                CHECK(DisconnectNamedPipe(s), "disconnect");
        }
        CloseHandle(s);
        return failures ? 1 : 0;
}

static int run_client(const char *name, const char *userfile) {
        const char *sid = getenv("S0_SESSION_ID");
        char buf[128], want[64];
        ULONG session, pid;
        DWORD n, w, mode = PIPE_READMODE_MESSAGE;
        HANDLE c;

        CHECK(WaitNamedPipeA(path_of(name), NMPWAIT_WAIT_FOREVER), "wait for the service");
        c = client_a(name);
        CHECK(c != INVALID_HANDLE_VALUE, "open");
        if (c == INVALID_HANDLE_VALUE)
                return 1;
        CHECK(SetNamedPipeHandleState(c, &mode, NULL, NULL), "message mode");
        CHECK(GetNamedPipeServerSessionId(c, &session) && session == 0, "server in session 0, got %lu",
              (unsigned long) session);
        CHECK(GetNamedPipeServerProcessId(c, &pid) && pid != (ULONG) getpid(), "server pid %lu", (unsigned long) pid);
        snprintf(buf, sizeof buf, "%lu %s %s", (unsigned long) getpid(), sid ? sid : "?", userfile);
        CHECK(WriteFile(c, buf, (DWORD) strlen(buf), &w, NULL), "hello");
        CHECK(ReadFile(c, buf, sizeof buf - 1, &n, NULL), "reply");
        buf[n] = 0;
        snprintf(want, sizeof want, "ok %s", sid ? sid : "?");
        CHECK(strcmp(buf, want) == 0, "reply '%s', want '%s'", buf, want);
        CloseHandle(c);
        return failures ? 1 : 0;
}

static int run_squat(const char *name) {
        HANDLE s = server_a(name, PIPE_ACCESS_DUPLEX, PIPE_MSG, PIPE_UNLIMITED_INSTANCES);
        char buf[128];
        DWORD n, w;

        if (s == INVALID_HANDLE_VALUE) {
                printf("error %lu\n", (unsigned long) GetLastError());
                return 1;
        }
        printf("ready\n");
        fflush(stdout);
        BOOL ok = ConnectNamedPipe(s, NULL);
        CHECK(ok || GetLastError() == ERROR_PIPE_CONNECTED, "squatter connect");
        if (ReadFile(s, buf, sizeof buf, &n, NULL))
                (void) WriteFile(s, "gotcha", 6, &w, NULL);
        /* the squatter can act as its victims only if they are itself: it is not root */
        printf("impersonate %s\n", ImpersonateNamedPipeClient(s) ? "ok" : "refused");
        RevertToSelf();
        CloseHandle(s);
        return 0;
}

static int run_service(const char *name, bool first) {
        HANDLE s = server_a(name, PIPE_ACCESS_DUPLEX | (first ? FILE_FLAG_FIRST_PIPE_INSTANCE : 0), PIPE_MSG,
                            PIPE_UNLIMITED_INSTANCES);

        printf("%lu\n", s == INVALID_HANDLE_VALUE ? (unsigned long) GetLastError() : 0ul);
        if (s != INVALID_HANDLE_VALUE)
                CloseHandle(s);
        return 0;
}

static int run_probe(const char *name) {
        HANDLE c = client_a(name);
        ULONG session = 0, pid = 0;
        char buf[64];
        DWORD n, w;

        if (c == INVALID_HANDLE_VALUE) {
                printf("error %lu\n", (unsigned long) GetLastError());
                return 1;
        }
        CHECK(GetNamedPipeServerSessionId(c, &session) && GetNamedPipeServerProcessId(c, &pid), "server identity");
        printf("server session %lu pid %lu\n", (unsigned long) session, (unsigned long) pid);
        (void) WriteFile(c, "secret", 6, &w, NULL);
        (void) ReadFile(c, buf, sizeof buf, &n, NULL);
        CloseHandle(c);
        return failures ? 1 : 0;
}

/* A pipe whose descriptor lets one named user connect, and nobody else but SYSTEM:
 * serves one client, then exits. */
static int run_server_sd(const char *name, const char *uid) {
        char sddl[128];
        SECURITY_ATTRIBUTES sa = { .nLength = sizeof sa };
        PSECURITY_DESCRIPTOR sd = NULL;
        HANDLE s;
        char buf[64];
        DWORD n, w;

        snprintf(sddl, sizeof sddl, "D:(A;;GA;;;SY)(A;;GRGW;;;S-1-22-1-%s)", uid);
        CHECK(ConvertStringSecurityDescriptorToSecurityDescriptorA(sddl, SDDL_REVISION_1, &sd, NULL), "sddl");
        sa.lpSecurityDescriptor = sd;
        s = CreateNamedPipeA(path_of(name), PIPE_ACCESS_DUPLEX, PIPE_MSG, 1, 4096, 4096, 0, &sa);
        LocalFree(sd);
        if (s == INVALID_HANDLE_VALUE) {
                printf("error %lu\n", (unsigned long) GetLastError());
                return 1;
        }
        printf("ready\n");
        fflush(stdout);
        BOOL ok = ConnectNamedPipe(s, NULL);
        CHECK(ok || GetLastError() == ERROR_PIPE_CONNECTED, "connect");
        if (ReadFile(s, buf, sizeof buf, &n, NULL))
                (void) WriteFile(s, "ok", 2, &w, NULL);
        CloseHandle(s);
        return failures ? 1 : 0;
}

int main(int argc, char **argv) {
        if (argc >= 2 && strcmp(argv[1], "local") == 0) {
                local_messages();
                local_transact();
                local_bytes_and_names();
                if (failures)
                        fprintf(stderr, "%d check(s) failed\n", failures);
                return failures ? 1 : 0;
        }
        if (argc == 5 && strcmp(argv[1], "server") == 0)
                return run_server(argv[2], atoi(argv[3]), argv[4]);
        if (argc == 4 && strcmp(argv[1], "client") == 0)
                return run_client(argv[2], argv[3]);
        if (argc == 3 && strcmp(argv[1], "squat") == 0)
                return run_squat(argv[2]);
        if (argc == 3 && strcmp(argv[1], "service") == 0)
                return run_service(argv[2], true);
        if (argc == 4 && strcmp(argv[1], "service") == 0 && strcmp(argv[3], "without-flag") == 0)
                return run_service(argv[2], false);
        if (argc == 3 && strcmp(argv[1], "probe") == 0)
                return run_probe(argv[2]);
        if (argc == 4 && strcmp(argv[1], "server-sd") == 0)
                return run_server_sd(argv[2], argv[3]);
        fprintf(stderr, "usage: test-pipes local|server NAME N ROOTFILE|client NAME USERFILE|squat|service|probe NAME\n");
        return 2;
}
