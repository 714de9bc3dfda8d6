/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The WTS API at run time, written as Windows code. test-wts.sh runs it once per step
 * (users log on and off between runs) and compares what it prints with
 * `s0ctl --json sessions`:
 *
 *   test-wts list                 one line per session: id state name user domain proto,
 *                                 after checking every query class, W against A, and
 *                                 WTSEnumerateSessions against WTSEnumerateSessionsEx
 *   test-wts console              WTSGetActiveConsoleSessionId()
 *   test-wts user                 a user's process: WTSQueryUserToken is refused (1314),
 *                                 ProcessIdToSessionId is its own session
 *   test-wts service S UID MISSING  root in session 0: tokens (1008, 2, S), and
 *                                 CreateProcessAsUser of `test-wts helper S UID` in S
 *   test-wts helper S UID         runs as UID in session S: checks where it is
 *   test-wts logoff S WAIT | disconnect S
 *   test-wts attack OTHER         a user's attempts on another session (ATTACKS A16): prints
 *                                 "<attempt> <GetLastError()>" per line, for the shell to
 *                                 assert -- token-own, token-current, token-OTHER, and
 *                                 CreateProcessAsUser with a forged handle, an event's
 *                                 handle and NULL as the token
 *
 * Exit 0 when every check passes; each failure prints the check and both values.
 */
#define UNICODE
#include <windows.h>
#include <wtsapi32.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"



/* A UTF-16 string equals an ASCII one (glibc's wide functions are 32-bit: not usable). */
static int weq(const WCHAR *w, const char *a) {
        if (!w || !a)
                return w == NULL && a == NULL;
        for (; *a; a++, w++)
                if (*w != (WCHAR) (unsigned char) *a)
                        return 0;
        return *w == 0;
}

static unsigned long num(const char *s) { return strtoul(s, NULL, 10); }

/* Queries class in both W and A and checks they agree; returns the A buffer. */
static char *query_both(DWORD id, WTS_INFO_CLASS cls, DWORD *ret_bytes) {
        LPWSTR w = NULL;
        LPSTR a = NULL;
        DWORD wb = 0, ab = 0;

        CHECK(WTSQuerySessionInformationW(WTS_CURRENT_SERVER_HANDLE, id, cls, &w, &wb), "query W %lu class %d",
              (unsigned long) id, (int) cls);
        CHECK(WTSQuerySessionInformationA(WTS_CURRENT_SERVER_HANDLE, id, cls, &a, &ab), "query A %lu class %d",
              (unsigned long) id, (int) cls);
        if (w && a && (cls == WTSUserName || cls == WTSWinStationName || cls == WTSDomainName ||
                       cls == WTSClientName)) {
                CHECK(weq(w, a), "W and A strings of class %d agree ('%s')", (int) cls, a);
                CHECK(ab == strlen(a) + 1 && wb == (strlen(a) + 1) * sizeof(WCHAR), "byte counts of class %d",
                      (int) cls);
        } else if (w && a && cls != WTSSessionInfo)
                CHECK(wb == ab && memcmp(w, a, ab) == 0, "W and A values of class %d agree", (int) cls);
        WTSFreeMemory(w);
        *ret_bytes = ab;
        return a;
}

static void list(void) {
        PWTS_SESSION_INFOW s = NULL;
        PWTS_SESSION_INFO_1W s1 = NULL;
        PWTS_SESSION_INFOA sa = NULL;
        DWORD n = 0, n1 = 0, na = 0, level = 1, bytes;
        LPSTR buf;

        CHECK(WTSEnumerateSessionsW(WTS_CURRENT_SERVER_HANDLE, 0, 1, &s, &n), "WTSEnumerateSessionsW");
        CHECK(WTSEnumerateSessionsA(WTS_CURRENT_SERVER_HANDLE, 0, 1, &sa, &na) && na == n, "WTSEnumerateSessionsA");
        CHECK(WTSEnumerateSessionsExW(WTS_CURRENT_SERVER_HANDLE, &level, 0, &s1, &n1) && n1 == n,
              "WTSEnumerateSessionsExW");
        for (DWORD i = 0; s && sa && s1 && i < n && i < na && i < n1; i++) {
                DWORD id = s[i].SessionId;
                char *user, *name, *domain, *client;
                ULONG *sid;
                INT *state;
                USHORT *proto;
                WTSINFOA *info;

                CHECK(sa[i].SessionId == id && sa[i].State == s[i].State && weq(s[i].pWinStationName, sa[i].pWinStationName),
                      "A and W entries of session %lu agree", (unsigned long) id);
                CHECK(s1[i].SessionId == id && s1[i].ExecEnvId == id && s1[i].State == s[i].State &&
                              s1[i].pFarmName == NULL, "Ex entry of session %lu", (unsigned long) id);
                sid = (ULONG *) query_both(id, WTSSessionId, &bytes);
                CHECK(sid && bytes == sizeof(ULONG) && *sid == id, "WTSSessionId of %lu", (unsigned long) id);
                state = (INT *) query_both(id, WTSConnectState, &bytes);
                CHECK(state && bytes == sizeof(INT) && *state == (INT) s[i].State, "WTSConnectState of %lu",
                      (unsigned long) id);
                user = query_both(id, WTSUserName, &bytes);
                name = query_both(id, WTSWinStationName, &bytes);
                CHECK(name && weq(s[i].pWinStationName, name), "WTSWinStationName of %lu is the enumerated one",
                      (unsigned long) id);
                CHECK(name && weq(s1[i].pSessionName, name), "pSessionName of %lu", (unsigned long) id);
                CHECK(user && (user[0] ? weq(s1[i].pUserName, user) : s1[i].pUserName == NULL),
                      "pUserName of %lu", (unsigned long) id);
                domain = query_both(id, WTSDomainName, &bytes);
                client = query_both(id, WTSClientName, &bytes);
                CHECK(client && client[0] == 0, "WTSClientName of %lu is empty", (unsigned long) id);
                proto = (USHORT *) query_both(id, WTSClientProtocolType, &bytes);
                CHECK(proto && bytes == sizeof(USHORT), "WTSClientProtocolType of %lu", (unsigned long) id);
                WTSFreeMemory(query_both(id, WTSLogonTime, &bytes));
                CHECK(bytes == sizeof(LARGE_INTEGER), "WTSLogonTime of %lu", (unsigned long) id);
                info = (WTSINFOA *) query_both(id, WTSSessionInfo, &bytes);
                CHECK(info && bytes == sizeof(WTSINFOA) && info->SessionId == id && info->State == s[i].State &&
                              strcmp(info->WinStationName, name ? name : "") == 0 &&
                              strcmp(info->UserName, user ? user : "") == 0,
                      "WTSSessionInfo of %lu", (unsigned long) id);
                CHECK(!user || !user[0] || (info && info->LogonTime.QuadPart > 0), "logon time of %lu",
                      (unsigned long) id);
                printf("%lu %d %s %s %s %u\n", (unsigned long) id, (int) s[i].State, name ? name : "?",
                       user && user[0] ? user : "-", domain && domain[0] ? domain : "-", proto ? *proto : 99);
                WTSFreeMemory(sid);
                WTSFreeMemory(state);
                WTSFreeMemory(user);
                WTSFreeMemory(name);
                WTSFreeMemory(domain);
                WTSFreeMemory(client);
                WTSFreeMemory(proto);
                WTSFreeMemory(info);
        }
        WTSFreeMemory(s);
        WTSFreeMemory(sa);
        CHECK(WTSFreeMemoryExW(WTSTypeSessionInfoLevel1, s1, n1), "WTSFreeMemoryExW");

        /* Errors. */
        CHECK(!WTSQuerySessionInformationA(WTS_CURRENT_SERVER_HANDLE, 4000, WTSUserName, &buf, &bytes) &&
                      GetLastError() == ERROR_CTX_WINSTATION_NOT_FOUND, "query of a missing session");
        CHECK(!WTSQuerySessionInformationA(WTS_CURRENT_SERVER_HANDLE, 0, (WTS_INFO_CLASS) 30, &buf, &bytes) &&
                      GetLastError() == ERROR_INVALID_PARAMETER, "class 30");
        CHECK(!WTSQuerySessionInformationA(WTS_CURRENT_SERVER_HANDLE, 0, WTSIdleTime, &buf, &bytes) &&
                      GetLastError() == ERROR_NOT_SUPPORTED, "WTSIdleTime");
        CHECK(!WTSEnumerateSessionsW(WTS_CURRENT_SERVER_HANDLE, 0, 2, &s, &n) &&
                      GetLastError() == ERROR_INVALID_PARAMETER, "Version 2");
        level = 2;
        CHECK(!WTSEnumerateSessionsExW(WTS_CURRENT_SERVER_HANDLE, &level, 0, &s1, &n1) &&
                      GetLastError() == ERROR_INVALID_PARAMETER, "Ex level 2");
        CHECK(!WTSEnumerateSessionsW((HANDLE) 4, 0, 1, &s, &n) && GetLastError() == ERROR_INVALID_HANDLE,
              "another server handle");
}

static void user(void) {
        const char *env = getenv("S0_SESSION_ID");
        HANDLE tok = NULL;
        DWORD sid = 12345, cur = 0, bytes;
        ULONG *p = NULL;

        CHECK(env != NULL, "S0_SESSION_ID is set");
        CHECK(ProcessIdToSessionId(GetCurrentProcessId(), &sid) && env && sid == num(env),
              "ProcessIdToSessionId: %lu", (unsigned long) sid);
        CHECK(!ProcessIdToSessionId(0x7FFFFFF0u, &sid) && GetLastError() == ERROR_INVALID_PARAMETER, "unknown pid");
        CHECK(!WTSQueryUserToken(sid, &tok) && GetLastError() == ERROR_PRIVILEGE_NOT_HELD && tok == NULL,
              "WTSQueryUserToken of its own session");
        CHECK(!WTSQueryUserToken(1, &tok) && GetLastError() == ERROR_PRIVILEGE_NOT_HELD, "WTSQueryUserToken(1)");
        CHECK(WTSQuerySessionInformationW(WTS_CURRENT_SERVER_HANDLE, WTS_CURRENT_SESSION, WTSSessionId,
                                          (LPWSTR *) &p, &bytes) && p && *p == sid,
              "WTS_CURRENT_SESSION is its own session");
        WTSFreeMemory(p);
        CHECK(!WTSLogoffSession(WTS_CURRENT_SERVER_HANDLE, 0, TRUE) && GetLastError() == ERROR_ACCESS_DENIED,
              "a user cannot log off session 0");
        (void) cur;
}

/* One attempt's result on a line, 0 if it succeeded. */
static HANDLE attempt_token(const char *what, ULONG id) {
        HANDLE tok = NULL;

        if (WTSQueryUserToken(id, &tok)) {
                printf("%s 0\n", what);
                return tok;
        }
        printf("%s %lu\n", what, (unsigned long) GetLastError());
        return NULL;
}

static void attempt_create(const char *what, HANDLE tok) {
        STARTUPINFOW si = { .cb = sizeof si };
        PROCESS_INFORMATION pi = { 0 };
        WCHAR cmd[] = L"/bin/true";

        if (CreateProcessAsUserW(tok, NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
                printf("%s 0\n", what);
                CHECK(WaitForSingleObject(pi.hProcess, INFINITE) == WAIT_OBJECT_0, "wait for %s", what);
                CloseHandle(pi.hThread);
                CloseHandle(pi.hProcess);
        } else
                printf("%s %lu\n", what, (unsigned long) GetLastError());
}

/* The same attempts from anyone: a user must be refused each; a service (the attack's
 * precondition) gets the token of OTHER and starts a process with it ("create-token"). */
static void attack(DWORD other) {
        DWORD own = 0;
        char what[64];
        HANDLE ev, tok;

        CHECK(ProcessIdToSessionId(GetCurrentProcessId(), &own), "ProcessIdToSessionId");
        if ((tok = attempt_token("token-own", own)))
                CloseHandle(tok);
        if ((tok = attempt_token("token-current", WTS_CURRENT_SESSION)))
                CloseHandle(tok);
        snprintf(what, sizeof what, "token-%lu", (unsigned long) other);
        if ((tok = attempt_token(what, other))) {
                attempt_create("create-token", tok);
                CloseHandle(tok);
        }
        /* A handle value made up, as if a token had leaked from a service. */
        attempt_create("create-forged", (HANDLE) (uintptr_t) 0x7ffc);
        ev = CreateEventW(NULL, TRUE, FALSE, NULL);
        CHECK(ev != NULL, "CreateEventW");
        attempt_create("create-event", ev);
        if (ev)
                CloseHandle(ev);
        attempt_create("create-null", NULL);
}

static DWORD run_as(HANDLE tok, LPCWSTR app, LPWSTR cmd) {
        STARTUPINFOW si = { .cb = sizeof si };
        PROCESS_INFORMATION pi = { 0 };
        DWORD code = 12345, sid = 0;

        if (!CreateProcessAsUserW(tok, app, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
                CHECK(0, "CreateProcessAsUserW");
                return 12345;
        }
        CHECK(pi.hProcess && pi.hThread && pi.dwProcessId > 0 && pi.dwThreadId == pi.dwProcessId,
              "PROCESS_INFORMATION");
        CHECK(GetProcessId(pi.hProcess) == pi.dwProcessId, "GetProcessId");
        /* The child is in the token's session while it runs: ask before it may exit. */
        if (ProcessIdToSessionId(pi.dwProcessId, &sid))
                printf("child-session %lu\n", (unsigned long) sid);
        CHECK(WaitForSingleObject(pi.hProcess, INFINITE) == WAIT_OBJECT_0, "wait for the child");
        CHECK(WaitForSingleObject(pi.hThread, 0) == WAIT_OBJECT_0, "the thread handle is signaled too");
        CHECK(GetExitCodeProcess(pi.hProcess, &code), "GetExitCodeProcess");
        CHECK(CloseHandle(pi.hThread) && CloseHandle(pi.hProcess), "CloseHandle of process and thread");
        CHECK(!CloseHandle(pi.hProcess) && GetLastError() == ERROR_INVALID_HANDLE, "closed twice");
        return code;
}

/* WCHAR command line from ASCII. */
static WCHAR *wcmd(const char *s) {
        size_t n = strlen(s);
        WCHAR *w = calloc(n + 1, sizeof *w);
        for (size_t i = 0; w && i < n; i++)
                w[i] = (WCHAR) (unsigned char) s[i];
        return w;
}

static void service(DWORD s, const char *uid, DWORD missing, const char *self) {
        HANDLE tok = NULL, bad = NULL;
        char line[1024];
        WCHAR *cmd;
        DWORD code;

        CHECK(!WTSQueryUserToken(0, &bad) && GetLastError() == ERROR_NO_TOKEN, "token of session 0");
        CHECK(!WTSQueryUserToken(missing, &bad) && GetLastError() == ERROR_FILE_NOT_FOUND, "token of a missing session");
        CHECK(!WTSQueryUserToken(s, NULL) && GetLastError() == ERROR_INVALID_PARAMETER, "NULL phToken");
        CHECK(WTSQueryUserToken(s, &tok) && tok != NULL, "WTSQueryUserToken(%lu)", (unsigned long) s);
        if (!tok)
                return;
        CHECK(WaitForSingleObject(tok, 0) == WAIT_FAILED && GetLastError() == ERROR_INVALID_HANDLE,
              "a token is not waitable");

        /* The helper: quoted program name, then arguments. */
        snprintf(line, sizeof line, "\"%s\" helper %lu %s", self, (unsigned long) s, uid);
        cmd = wcmd(line);
        code = run_as(tok, NULL, cmd);
        CHECK(code == 0, "the helper's checks in session %lu passed: exit %lu", (unsigned long) s,
              (unsigned long) code);
        free(cmd);

        /* lpApplicationName is the program; the exit code comes back. */
        cmd = wcmd("sh -c \"exit 7\"");
        code = run_as(tok, L"/bin/sh", cmd);
        CHECK(code == 7, "exit code 7: %lu", (unsigned long) code);
        free(cmd);

        {
                STARTUPINFOW si = { .cb = sizeof si };
                PROCESS_INFORMATION pi;
                cmd = wcmd("/nonexistent/prog");
                CHECK(!CreateProcessAsUserW(tok, NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi) &&
                              GetLastError() == ERROR_FILE_NOT_FOUND, "a missing program");
                CHECK(!CreateProcessAsUserW((HANDLE) 0x7ffc, NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi) &&
                              GetLastError() == ERROR_INVALID_HANDLE, "not a token");
                free(cmd);
        }
        CHECK(CloseHandle(tok), "CloseHandle(token)");
        CHECK(!CloseHandle(tok) && GetLastError() == ERROR_INVALID_HANDLE, "token closed twice");
}

/* In the user's session, as the user: its session, its /tmp, its Local\ objects. */
static void helper(DWORD s, const char *uid) {
        const char *env = getenv("S0_SESSION_ID");
        char mine[64], other[64];
        DWORD sid = 0;
        HANDLE h;

        CHECK(env && num(env) == s, "S0_SESSION_ID %s", env ? env : "(unset)");
        CHECK(ProcessIdToSessionId(GetCurrentProcessId(), &sid) && sid == s, "ProcessIdToSessionId %lu",
              (unsigned long) sid);
        CHECK((unsigned long) getuid() == num(uid) && (unsigned long) geteuid() == num(uid), "uid %u",
              (unsigned) getuid());
        snprintf(mine, sizeof mine, "/tmp/wts-marker-%lu", (unsigned long) s);
        snprintf(other, sizeof other, "/tmp/wts-marker-other");
        CHECK(access(mine, F_OK) == 0, "sees its session's %s", mine);
        CHECK(access(other, F_OK) != 0, "does not see the other session's /tmp");
        h = OpenEventW(SYNCHRONIZE, FALSE, L"Local\\wts-held");
        CHECK(h != NULL, "opens its session's Local\\wts-held");
        if (h)
                CloseHandle(h);
        CHECK(OpenEventW(SYNCHRONIZE, FALSE, L"Local\\wts-other") == NULL && GetLastError() == ERROR_FILE_NOT_FOUND,
              "the other session's Local\\wts-other is not found");
}

int main(int argc, char **argv) {
        if (argc >= 2 && strcmp(argv[1], "list") == 0)
                list();
        else if (argc >= 2 && strcmp(argv[1], "console") == 0)
                printf("%lu\n", (unsigned long) WTSGetActiveConsoleSessionId());
        else if (argc >= 2 && strcmp(argv[1], "user") == 0)
                user();
        else if (argc >= 5 && strcmp(argv[1], "service") == 0)
                service(num(argv[2]), argv[3], num(argv[4]), argv[0]);
        else if (argc >= 4 && strcmp(argv[1], "helper") == 0)
                helper(num(argv[2]), argv[3]);
        else if (argc >= 4 && strcmp(argv[1], "logoff") == 0)
                CHECK(WTSLogoffSession(WTS_CURRENT_SERVER_HANDLE, num(argv[2]), num(argv[3]) != 0), "WTSLogoffSession");
        else if (argc >= 3 && strcmp(argv[1], "attack") == 0)
                attack(num(argv[2]));
        else if (argc >= 3 && strcmp(argv[1], "disconnect") == 0)
                CHECK(WTSDisconnectSession(WTS_CURRENT_SERVER_HANDLE, num(argv[2]), TRUE), "WTSDisconnectSession");
        else if (argc >= 3 && strcmp(argv[1], "state") == 0) {
                INT *st = NULL;
                DWORD bytes;
                CHECK(WTSQuerySessionInformationW(WTS_CURRENT_SERVER_HANDLE, num(argv[2]), WTSConnectState,
                                                  (LPWSTR *) &st, &bytes), "WTSConnectState");
                if (st)
                        printf("%d\n", *st);
                WTSFreeMemory(st);
        } else {
                fprintf(stderr, "usage: test-wts list|console|user|service S UID MISSING|helper S UID|"
                                "logoff S WAIT|disconnect S|state S|attack OTHER\n");
                return 2;
        }
        fflush(stdout);
        return failures ? 1 : 0;
}
