/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The service control manager API called directly, W functions first, against a real
 * s0-scm (test-scm-api.sh runs it): OpenSCManagerW, CreateServiceW, OpenServiceW,
 * QueryServiceConfigW, ChangeServiceConfigW, ChangeServiceConfig2A/W,
 * QueryServiceConfig2A/W (their buffer rules), EnumServicesStatusExW, StartServiceW,
 * DeleteService, and the rights a handle was opened with (ERROR_ACCESS_DENIED).
 *
 *   test-scm-api admin SERVICE BINARY STATEFILE   create SERVICE and check it all (root)
 *   test-scm-api start SERVICE                    StartServiceW
 *   test-scm-api user SERVICE                     what a user may not do (not root)
 *   test-scm-api delete SERVICE                   DeleteService, then OpenServiceW is 1060
 *
 * Built with -fshort-wchar (session0-win32's flags): L"..." is UTF-16. Exit 0 when every
 * check held; otherwise the first that did not, with what came instead.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <windows.h>

static int checks;

#define CHECK(cond, ...)                                                                                           \
        do {                                                                                                       \
                checks++;                                                                                          \
                if (!(cond)) {                                                                                     \
                        fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                       \
                        fprintf(stderr, __VA_ARGS__);                                                              \
                        fprintf(stderr, " (last error %u)\n", (unsigned) GetLastError());                          \
                        exit(1);                                                                                   \
                }                                                                                                  \
        } while (0)

/* The call must fail with exactly this last error. */
#define CHECK_ERR(call, err, what)                                                                                 \
        do {                                                                                                       \
                SetLastError(0xdeadu);                                                                             \
                BOOL ok_ = (call) ? TRUE : FALSE;                                                                  \
                DWORD e_ = GetLastError();                                                                         \
                checks++;                                                                                          \
                if (ok_ || e_ != (err)) {                                                                          \
                        fprintf(stderr, "FAIL %s:%d: %s: expected error %u, got %s %u\n", __FILE__, __LINE__, what, \
                                (unsigned) (err), ok_ ? "success, last error" : "error", (unsigned) e_);           \
                        exit(1);                                                                                   \
                }                                                                                                  \
        } while (0)

static size_t wlen(const WCHAR *w) {
        size_t n = 0;
        while (w[n])
                n++;
        return n;
}

static int weq(const WCHAR *a, const WCHAR *b) {
        if (!a || !b)
                return a == b;
        return wlen(a) == wlen(b) && memcmp(a, b, wlen(a) * sizeof(WCHAR)) == 0;
}

/* An ASCII service name as UTF-16, in buf (256 units). */
static const WCHAR *wname(const char *s, WCHAR *buf) {
        size_t i;
        for (i = 0; s[i] && i < 255; i++)
                buf[i] = (WCHAR) (unsigned char) s[i];
        buf[i] = 0;
        return buf;
}

static void manager_w(void) {
        SC_HANDLE m;

        CHECK_ERR(OpenSCManagerW(L"otherhost", NULL, SC_MANAGER_CONNECT), 1722u, "OpenSCManagerW of a remote machine");
        CHECK_ERR(OpenSCManagerW(NULL, L"NoSuchDatabase", SC_MANAGER_CONNECT), ERROR_DATABASE_DOES_NOT_EXIST,
                  "OpenSCManagerW of another database");
        m = OpenSCManagerW(NULL, L"ServicesActive", SC_MANAGER_CONNECT);
        CHECK(m != NULL, "OpenSCManagerW(ServicesActive)");
        CHECK_ERR(OpenServiceW(m, L"NoSuchService", SERVICE_QUERY_STATUS), ERROR_SERVICE_DOES_NOT_EXIST,
                  "OpenServiceW of a missing service");
        CHECK_ERR(CreateServiceW(m, L"NotAllowed", NULL, SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS,
                                 SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL, L"/bin/true", NULL, NULL, NULL, NULL, NULL),
                  ERROR_ACCESS_DENIED, "CreateServiceW through a handle without SC_MANAGER_CREATE_SERVICE");
        CloseServiceHandle(m);
}

static void config_w(SC_HANDLE m, SC_HANDLE h, const WCHAR *cmd) {
        QUERY_SERVICE_CONFIGW *qw;
        QUERY_SERVICE_CONFIGA *qa;
        DWORD n = 0;

        CHECK_ERR(QueryServiceConfigW(h, NULL, 0, &n), ERROR_INSUFFICIENT_BUFFER, "QueryServiceConfigW size probe");
        CHECK(n > sizeof *qw, "QueryServiceConfigW needs %u bytes", (unsigned) n);
        qw = malloc(n);
        CHECK(qw && QueryServiceConfigW(h, qw, n, &n), "QueryServiceConfigW");
        CHECK(weq(qw->lpBinaryPathName, cmd), "lpBinaryPathName round trip");
        CHECK(weq(qw->lpDisplayName, L"Display \u00dcmlaut \u20ac"), "lpDisplayName round trip (non-ASCII)");
        CHECK(qw->dwStartType == SERVICE_DEMAND_START, "dwStartType %u", (unsigned) qw->dwStartType);
        CHECK(weq(qw->lpDependencies, L"ApiDep") && qw->lpDependencies[wlen(L"ApiDep") + 1] == 0,
              "lpDependencies: a double-NUL list of one");
        CHECK(weq(qw->lpServiceStartName, L"LocalSystem"), "lpServiceStartName");
        free(qw);

        CHECK(ChangeServiceConfigW(h, SERVICE_NO_CHANGE, SERVICE_DISABLED, SERVICE_NO_CHANGE, NULL, NULL, NULL, L"\0",
                                   NULL, NULL, L"Zweiter \u00dcName"),
              "ChangeServiceConfigW");
        n = 0;
        CHECK_ERR(QueryServiceConfigA(h, NULL, 0, &n), ERROR_INSUFFICIENT_BUFFER, "QueryServiceConfigA size probe");
        qa = malloc(n);
        CHECK(qa && QueryServiceConfigA(h, qa, n, &n), "QueryServiceConfigA");
        CHECK(strcmp(qa->lpDisplayName, "Zweiter \xc3\x9cName") == 0, "the W change read back as UTF-8: '%s'",
              qa->lpDisplayName);
        CHECK(qa->dwStartType == SERVICE_DISABLED, "dwStartType after the change: %u", (unsigned) qa->dwStartType);
        CHECK(qa->lpDependencies[0] == 0, "dependencies removed");
        free(qa);
        CHECK(ChangeServiceConfigW(h, SERVICE_NO_CHANGE, SERVICE_DEMAND_START, SERVICE_NO_CHANGE, NULL, NULL, NULL, NULL,
                                   NULL, NULL, NULL),
              "ChangeServiceConfigW back to demand");
        CHECK_ERR(ChangeServiceConfigW(h, SERVICE_NO_CHANGE, SERVICE_NO_CHANGE, SERVICE_NO_CHANGE, L"relative/path",
                                       NULL, NULL, NULL, NULL, NULL, NULL),
                  ERROR_INVALID_PARAMETER, "ChangeServiceConfigW with a relative binary path");
        (void) m;
}

static void enum_w(SC_HANDLE m, const char *name) {
        DWORD n = 0, count = 0, resume = 0;
        BYTE *buf;
        WCHAR wn[256];
        bool found = false;
        SC_HANDLE weak;

        CHECK_ERR(EnumServicesStatusExW(m, SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_STATE_ALL, NULL, 0, &n, &count,
                                        &resume, NULL),
                  ERROR_MORE_DATA, "EnumServicesStatusExW size probe");
        CHECK(n > 0 && count == 0, "the probe returns the size (%u) and no entries (%u)", (unsigned) n, (unsigned) count);
        buf = malloc(n);
        resume = 0;
        CHECK(buf && EnumServicesStatusExW(m, SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_STATE_ALL, buf, n, &n,
                                           &count, &resume, NULL),
              "EnumServicesStatusExW");
        for (DWORD i = 0; i < count; i++) {
                ENUM_SERVICE_STATUS_PROCESSW *e = (ENUM_SERVICE_STATUS_PROCESSW *) (void *) buf + i;
                if (weq(e->lpServiceName, wname(name, wn))) {
                        found = true;
                        CHECK(weq(e->lpDisplayName, L"Zweiter \u00dcName"), "the display name enumerated as UTF-16");
                        CHECK(e->ServiceStatusProcess.dwCurrentState == SERVICE_STOPPED, "enumerated state");
                }
        }
        CHECK(found, "EnumServicesStatusExW lists the service");
        free(buf);
        CHECK_ERR(EnumServicesStatusExW(m, (SC_ENUM_TYPE) 7, SERVICE_WIN32, SERVICE_STATE_ALL, NULL, 0, &n, &count,
                                        NULL, NULL),
                  ERROR_INVALID_LEVEL, "EnumServicesStatusExW at an unknown level");
        weak = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
        CHECK(weak != NULL, "OpenSCManagerW(SC_MANAGER_CONNECT)");
        CHECK_ERR(EnumServicesStatusExW(weak, SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_STATE_ALL, NULL, 0, &n,
                                        &count, NULL, NULL),
                  ERROR_ACCESS_DENIED, "EnumServicesStatusExW without SC_MANAGER_ENUMERATE_SERVICE");
        CloseServiceHandle(weak);
}

static void description(SC_HANDLE h) {
        SERVICE_DESCRIPTIONW dw = { (LPWSTR) L"Beschreibung \u00fc" };
        SERVICE_DESCRIPTIONA da = { NULL };
        BYTE buf[512];
        DWORD n = 0, need;

        CHECK(ChangeServiceConfig2W(h, SERVICE_CONFIG_DESCRIPTION, &dw), "ChangeServiceConfig2W(DESCRIPTION)");
        /* W: the structure, then the string in UTF-16 */
        CHECK_ERR(QueryServiceConfig2W(h, SERVICE_CONFIG_DESCRIPTION, NULL, 0, &n), ERROR_INSUFFICIENT_BUFFER,
                  "QueryServiceConfig2W size probe");
        need = (DWORD) (sizeof(SERVICE_DESCRIPTIONW) + (wlen(dw.lpDescription) + 1) * sizeof(WCHAR));
        CHECK(n == need, "pcbBytesNeeded %u, expected %u", (unsigned) n, (unsigned) need);
        CHECK_ERR(QueryServiceConfig2W(h, SERVICE_CONFIG_DESCRIPTION, buf, n - 1, &n), ERROR_INSUFFICIENT_BUFFER,
                  "QueryServiceConfig2W one byte short");
        CHECK(n == need, "pcbBytesNeeded again %u", (unsigned) n);
        CHECK(QueryServiceConfig2W(h, SERVICE_CONFIG_DESCRIPTION, buf, n, &n), "QueryServiceConfig2W");
        CHECK(weq(((SERVICE_DESCRIPTIONW *) (void *) buf)->lpDescription, dw.lpDescription), "description (W)");
        CHECK((BYTE *) ((SERVICE_DESCRIPTIONW *) (void *) buf)->lpDescription >= buf + sizeof(SERVICE_DESCRIPTIONW) &&
                      (BYTE *) ((SERVICE_DESCRIPTIONW *) (void *) buf)->lpDescription < buf + n,
              "the string lies inside the caller's buffer, after the structure");
        /* A: the same in UTF-8 */
        CHECK(QueryServiceConfig2A(h, SERVICE_CONFIG_DESCRIPTION, buf, sizeof buf, &n), "QueryServiceConfig2A");
        CHECK(strcmp(((SERVICE_DESCRIPTIONA *) (void *) buf)->lpDescription, "Beschreibung \xc3\xbc") == 0,
              "description (A)");
        CHECK(n == sizeof(SERVICE_DESCRIPTIONA) + strlen("Beschreibung \xc3\xbc") + 1, "A size %u", (unsigned) n);
        /* NULL leaves it, "" deletes it */
        CHECK(ChangeServiceConfig2A(h, SERVICE_CONFIG_DESCRIPTION, &da), "ChangeServiceConfig2A(NULL description)");
        CHECK(QueryServiceConfig2A(h, SERVICE_CONFIG_DESCRIPTION, buf, sizeof buf, &n) &&
                      strcmp(((SERVICE_DESCRIPTIONA *) (void *) buf)->lpDescription, "Beschreibung \xc3\xbc") == 0,
              "a NULL lpDescription changes nothing");
        da.lpDescription = (LPSTR) "";
        CHECK(ChangeServiceConfig2A(h, SERVICE_CONFIG_DESCRIPTION, &da), "ChangeServiceConfig2A(\"\")");
        CHECK(QueryServiceConfig2W(h, SERVICE_CONFIG_DESCRIPTION, buf, sizeof buf, &n), "QueryServiceConfig2W");
        CHECK(((SERVICE_DESCRIPTIONW *) (void *) buf)->lpDescription == NULL && n == sizeof(SERVICE_DESCRIPTIONW),
              "an empty description deletes it (NULL, %u bytes)", (unsigned) n);
        da.lpDescription = (LPSTR) "two\nlines";
        CHECK_ERR(ChangeServiceConfig2A(h, SERVICE_CONFIG_DESCRIPTION, &da), ERROR_INVALID_PARAMETER,
                  "a description with a line break");
        da.lpDescription = (LPSTR) "Kept for the .conf check";
        CHECK(ChangeServiceConfig2A(h, SERVICE_CONFIG_DESCRIPTION, &da), "ChangeServiceConfig2A");
}

static void failure_actions(SC_HANDLE h) {
        SC_ACTION act[2] = { { SC_ACTION_RESTART, 1500 }, { SC_ACTION_NONE, 0 } };
        SERVICE_FAILURE_ACTIONSA fa = { .dwResetPeriod = 60, .cActions = 2, .lpsaActions = act };
        SERVICE_FAILURE_ACTIONSW *fw;
        SC_ACTION many[9] = { { SC_ACTION_NONE, 0 } }, reboot = { SC_ACTION_REBOOT, 0 };
        BYTE buf[512];
        DWORD n = 0;

        CHECK(ChangeServiceConfig2A(h, SERVICE_CONFIG_FAILURE_ACTIONS, &fa), "ChangeServiceConfig2A(FAILURE_ACTIONS)");
        CHECK_ERR(QueryServiceConfig2W(h, SERVICE_CONFIG_FAILURE_ACTIONS, NULL, 0, &n), ERROR_INSUFFICIENT_BUFFER,
                  "QueryServiceConfig2W(FAILURE_ACTIONS) size probe");
        CHECK(n == sizeof(SERVICE_FAILURE_ACTIONSW) + 2 * sizeof(SC_ACTION), "needed %u", (unsigned) n);
        CHECK(QueryServiceConfig2W(h, SERVICE_CONFIG_FAILURE_ACTIONS, buf, n, &n), "QueryServiceConfig2W(FAILURE_ACTIONS)");
        fw = (void *) buf;
        CHECK(fw->dwResetPeriod == 60 && fw->cActions == 2, "reset %u, %u actions", (unsigned) fw->dwResetPeriod,
              (unsigned) fw->cActions);
        CHECK(fw->lpsaActions[0].Type == SC_ACTION_RESTART && fw->lpsaActions[0].Delay == 1500 &&
                      fw->lpsaActions[1].Type == SC_ACTION_NONE,
              "the actions read back");
        CHECK(fw->lpRebootMsg == NULL && fw->lpCommand == NULL, "no reboot message, no command");
        /* lpsaActions NULL: nothing changes, even the reset period */
        fa.lpsaActions = NULL;
        fa.dwResetPeriod = 5;
        CHECK(ChangeServiceConfig2A(h, SERVICE_CONFIG_FAILURE_ACTIONS, &fa), "ChangeServiceConfig2A(NULL actions)");
        CHECK(QueryServiceConfig2A(h, SERVICE_CONFIG_FAILURE_ACTIONS, buf, sizeof buf, &n) &&
                      ((SERVICE_FAILURE_ACTIONSA *) (void *) buf)->dwResetPeriod == 60 &&
                      ((SERVICE_FAILURE_ACTIONSA *) (void *) buf)->cActions == 2,
              "a NULL lpsaActions changes nothing");
        fa.lpsaActions = &reboot;
        fa.cActions = 1;
        CHECK_ERR(ChangeServiceConfig2A(h, SERVICE_CONFIG_FAILURE_ACTIONS, &fa), ERROR_NOT_SUPPORTED,
                  "SC_ACTION_REBOOT");
        fa.lpsaActions = many;
        fa.cActions = 9;
        CHECK_ERR(ChangeServiceConfig2A(h, SERVICE_CONFIG_FAILURE_ACTIONS, &fa), ERROR_INVALID_PARAMETER,
                  "more actions than the store keeps");
        {
                SERVICE_FAILURE_ACTIONSW w = { INFINITE, NULL, (LPWSTR) L"/bin/reboot-me", 0, act };
                CHECK_ERR(ChangeServiceConfig2W(h, SERVICE_CONFIG_FAILURE_ACTIONS, &w), ERROR_NOT_SUPPORTED,
                          "a command to run (SC_ACTION_RUN_COMMAND's)");
                w.lpCommand = NULL;
                w.cActions = 1;
                CHECK(ChangeServiceConfig2W(h, SERVICE_CONFIG_FAILURE_ACTIONS, &w), "ChangeServiceConfig2W(INFINITE)");
                CHECK(QueryServiceConfig2W(h, SERVICE_CONFIG_FAILURE_ACTIONS, buf, sizeof buf, &n) &&
                              fw->dwResetPeriod == INFINITE && fw->cActions == 1,
                      "INFINITE reads back, one action");
        }
}

static void delayed_and_preshutdown(SC_HANDLE h) {
        SERVICE_DELAYED_AUTO_START_INFO d = { TRUE };
        SERVICE_PRESHUTDOWN_INFO p = { 4321 };
        BYTE buf[64];
        DWORD n = 0;

        CHECK_ERR(QueryServiceConfig2W(h, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, buf, 1, &n), ERROR_INSUFFICIENT_BUFFER,
                  "QueryServiceConfig2W(DELAYED_AUTO_START_INFO) one byte");
        CHECK(n == sizeof d, "needed %u", (unsigned) n);
        CHECK(QueryServiceConfig2W(h, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, buf, n, &n) &&
                      !((SERVICE_DELAYED_AUTO_START_INFO *) (void *) buf)->fDelayedAutostart,
              "not delayed by default");
        CHECK(ChangeServiceConfig2W(h, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, &d), "ChangeServiceConfig2W(DELAYED)");
        CHECK(QueryServiceConfig2A(h, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, buf, sizeof buf, &n) &&
                      ((SERVICE_DELAYED_AUTO_START_INFO *) (void *) buf)->fDelayedAutostart,
              "delayed after the change");
        CHECK(QueryServiceConfig2A(h, SERVICE_CONFIG_PRESHUTDOWN_INFO, buf, sizeof buf, &n) &&
                      ((SERVICE_PRESHUTDOWN_INFO *) (void *) buf)->dwPreshutdownTimeout == 10000,
              "the default preshutdown timeout is 10 s");
        CHECK(ChangeServiceConfig2A(h, SERVICE_CONFIG_PRESHUTDOWN_INFO, &p), "ChangeServiceConfig2A(PRESHUTDOWN_INFO)");
        CHECK(QueryServiceConfig2W(h, SERVICE_CONFIG_PRESHUTDOWN_INFO, buf, sizeof buf, &n) &&
                      ((SERVICE_PRESHUTDOWN_INFO *) (void *) buf)->dwPreshutdownTimeout == 4321,
              "the preshutdown timeout read back");
        CHECK_ERR(ChangeServiceConfig2W(h, 4 /* SERVICE_CONFIG_FAILURE_ACTIONS_FLAG */, &d), ERROR_INVALID_LEVEL,
                  "ChangeServiceConfig2W at a level the store does not keep");
        CHECK_ERR(QueryServiceConfig2A(h, 4, buf, sizeof buf, &n), ERROR_INVALID_LEVEL,
                  "QueryServiceConfig2A at a level the store does not keep");
        CHECK(ChangeServiceConfig2W(h, SERVICE_CONFIG_DESCRIPTION, NULL), "a NULL lpInfo changes nothing");
}

/* Handles without the right: refused before s0-scm is asked. */
static void rights(SC_HANDLE m, const WCHAR *name) {
        SERVICE_DESCRIPTIONW dw = { (LPWSTR) L"x" };
        SC_ACTION restart = { SC_ACTION_RESTART, 1000 }, none = { SC_ACTION_NONE, 0 };
        SERVICE_FAILURE_ACTIONSW fa = { 0, NULL, NULL, 1, &restart };
        BYTE buf[512];
        DWORD n;
        SC_HANDLE st = OpenServiceW(m, name, SERVICE_QUERY_STATUS), qc = OpenServiceW(m, name, SERVICE_QUERY_CONFIG),
                  rd = OpenServiceW(m, name, GENERIC_READ), cc = OpenServiceW(m, name, SERVICE_CHANGE_CONFIG);
        SERVICE_STATUS s;

        CHECK(st && qc && rd && cc, "OpenServiceW with narrow rights");
        CHECK_ERR(QueryServiceConfig2W(st, SERVICE_CONFIG_DESCRIPTION, buf, sizeof buf, &n), ERROR_ACCESS_DENIED,
                  "QueryServiceConfig2W without SERVICE_QUERY_CONFIG");
        CHECK_ERR(QueryServiceConfigW(st, (QUERY_SERVICE_CONFIGW *) (void *) buf, sizeof buf, &n), ERROR_ACCESS_DENIED,
                  "QueryServiceConfigW without SERVICE_QUERY_CONFIG");
        CHECK_ERR(ChangeServiceConfig2W(qc, SERVICE_CONFIG_DESCRIPTION, &dw), ERROR_ACCESS_DENIED,
                  "ChangeServiceConfig2W without SERVICE_CHANGE_CONFIG");
        CHECK_ERR(ChangeServiceConfigW(rd, SERVICE_NO_CHANGE, SERVICE_AUTO_START, SERVICE_NO_CHANGE, NULL, NULL, NULL,
                                       NULL, NULL, NULL, NULL),
                  ERROR_ACCESS_DENIED, "ChangeServiceConfigW through GENERIC_READ");
        CHECK(QueryServiceConfig2W(rd, SERVICE_CONFIG_DESCRIPTION, buf, sizeof buf, &n), "GENERIC_READ may query");
        CHECK(QueryServiceStatus(st, &s), "SERVICE_QUERY_STATUS may query the status");
        CHECK_ERR(QueryServiceStatus(qc, &s), ERROR_ACCESS_DENIED, "QueryServiceStatus without SERVICE_QUERY_STATUS");
        CHECK_ERR(StartServiceW(qc, 0, NULL), ERROR_ACCESS_DENIED, "StartServiceW without SERVICE_START");
        CHECK_ERR(ControlService(qc, SERVICE_CONTROL_STOP, &s), ERROR_ACCESS_DENIED, "STOP without SERVICE_STOP");
        CHECK_ERR(DeleteService(qc), ERROR_ACCESS_DENIED, "DeleteService without DELETE");
        CHECK_ERR(ChangeServiceConfig2W(cc, SERVICE_CONFIG_FAILURE_ACTIONS, &fa), ERROR_ACCESS_DENIED,
                  "an SC_ACTION_RESTART without SERVICE_START");
        fa.lpsaActions = &none;
        CHECK(ChangeServiceConfig2W(cc, SERVICE_CONFIG_FAILURE_ACTIONS, &fa),
              "SERVICE_CHANGE_CONFIG suffices for SC_ACTION_NONE");
        CHECK(ChangeServiceConfig2W(cc, SERVICE_CONFIG_DESCRIPTION, &dw), "SERVICE_CHANGE_CONFIG may change it");
        CloseServiceHandle(st);
        CloseServiceHandle(qc);
        CloseServiceHandle(rd);
        CloseServiceHandle(cc);
}

static int admin(const char *name, const char *binary, const char *state) {
        WCHAR wn[256], cmd[1024];
        char cmd8[1024];
        SC_HANDLE m, h;
        size_t i;

        manager_w();
        m = OpenSCManagerW(NULL, NULL, SC_MANAGER_ALL_ACCESS);
        CHECK(m != NULL, "OpenSCManagerW(NULL, NULL)");
        (void) snprintf(cmd8, sizeof cmd8, "%s %s", binary, state);
        for (i = 0; cmd8[i] && i < 1023; i++) /* the test's paths are ASCII */
                cmd[i] = (WCHAR) (unsigned char) cmd8[i];
        cmd[i] = 0;
        h = CreateServiceW(m, wname(name, wn), L"Display \u00dcmlaut \u20ac", SERVICE_ALL_ACCESS,
                           SERVICE_WIN32_OWN_PROCESS, SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL, cmd, NULL, NULL,
                           L"ApiDep\0", NULL, NULL);
        CHECK(h != NULL, "CreateServiceW");
        CHECK_ERR(CreateServiceW(m, wn, NULL, SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS, SERVICE_DEMAND_START,
                                 SERVICE_ERROR_NORMAL, cmd, NULL, NULL, NULL, NULL, NULL),
                  ERROR_SERVICE_EXISTS, "CreateServiceW of an existing name");
        CloseServiceHandle(h);
        h = OpenServiceW(m, wn, SERVICE_ALL_ACCESS);
        CHECK(h != NULL, "OpenServiceW");
        config_w(m, h, cmd);
        enum_w(m, name);
        description(h);
        failure_actions(h);
        delayed_and_preshutdown(h);
        rights(m, wn);
        CloseServiceHandle(h);
        CloseServiceHandle(m);
        printf("%d checks passed\n", checks);
        return 0;
}

static int start(const char *name) {
        WCHAR wn[256];
        SC_HANDLE m = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT), h;

        CHECK(m != NULL, "OpenSCManagerW");
        h = OpenServiceW(m, wname(name, wn), SERVICE_START | SERVICE_QUERY_STATUS);
        CHECK(h != NULL, "OpenServiceW(SERVICE_START)");
        CHECK(StartServiceW(h, 0, NULL), "StartServiceW");
        CHECK_ERR(StartServiceW(h, 0, NULL), ERROR_SERVICE_ALREADY_RUNNING, "StartServiceW of a started service");
        CloseServiceHandle(h);
        CloseServiceHandle(m);
        printf("%d checks passed\n", checks);
        return 0;
}

/* Not root: reading is allowed, changing is s0-scm's ERROR_ACCESS_DENIED. */
static int user(const char *name) {
        WCHAR wn[256];
        SERVICE_DESCRIPTIONW dw = { (LPWSTR) L"a user's" };
        BYTE buf[512];
        DWORD n;
        SC_HANDLE m = OpenSCManagerW(NULL, NULL, SC_MANAGER_ALL_ACCESS), h;

        CHECK(m != NULL, "OpenSCManagerW as a user");
        h = OpenServiceW(m, wname(name, wn), SERVICE_ALL_ACCESS);
        CHECK(h != NULL, "OpenServiceW as a user");
        CHECK(QueryServiceConfig2W(h, SERVICE_CONFIG_DESCRIPTION, buf, sizeof buf, &n) &&
                      weq(((SERVICE_DESCRIPTIONW *) (void *) buf)->lpDescription, L"x"),
              "a user may read the description");
        CHECK_ERR(ChangeServiceConfig2W(h, SERVICE_CONFIG_DESCRIPTION, &dw), ERROR_ACCESS_DENIED,
                  "ChangeServiceConfig2W as a user (s0-scm refuses)");
        CHECK_ERR(ChangeServiceConfigW(h, SERVICE_NO_CHANGE, SERVICE_AUTO_START, SERVICE_NO_CHANGE, NULL, NULL, NULL,
                                       NULL, NULL, NULL, NULL),
                  ERROR_ACCESS_DENIED, "ChangeServiceConfigW as a user");
        CHECK_ERR(CreateServiceW(m, L"UserMade", NULL, SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS,
                                 SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL, L"/bin/true", NULL, NULL, NULL, NULL, NULL),
                  ERROR_ACCESS_DENIED, "CreateServiceW as a user");
        CHECK_ERR(DeleteService(h), ERROR_ACCESS_DENIED, "DeleteService as a user");
        CloseServiceHandle(h);
        CloseServiceHandle(m);
        printf("%d checks passed\n", checks);
        return 0;
}

static int delete(const char *name) {
        WCHAR wn[256];
        SC_HANDLE m = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT), h;

        CHECK(m != NULL, "OpenSCManagerW");
        h = OpenServiceW(m, wname(name, wn), DELETE);
        CHECK(h != NULL && DeleteService(h), "DeleteService");
        CloseServiceHandle(h);
        CHECK_ERR(OpenServiceW(m, wn, SERVICE_QUERY_STATUS), ERROR_SERVICE_DOES_NOT_EXIST, "OpenServiceW after delete");
        CloseServiceHandle(m);
        printf("%d checks passed\n", checks);
        return 0;
}

int main(int argc, char **argv) {
        if (argc == 5 && strcmp(argv[1], "admin") == 0)
                return admin(argv[2], argv[3], argv[4]);
        if (argc == 3 && strcmp(argv[1], "start") == 0)
                return start(argv[2]);
        if (argc == 3 && strcmp(argv[1], "user") == 0)
                return user(argv[2]);
        if (argc == 3 && strcmp(argv[1], "delete") == 0)
                return delete(argv[2]);
        fprintf(stderr, "usage: test-scm-api admin|start|user|delete SERVICE [BINARY STATEFILE]\n");
        return 2;
}
