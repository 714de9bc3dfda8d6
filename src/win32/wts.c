/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The WTS API (wtsapi32.h) over session0d's sessions: enumeration and queries from its
 * LIST, the console session from its S0_SESSION_CONSOLE flag, a process's session from
 * the kernel (its cgroup), logoff and disconnect as requests it checks, and the user
 * token of WTSQueryUserToken (SEMANTICS.md §1.1, §9; docs/WIN32.md, "Sessions").
 * Every call opens its own connection: a WTS call is rare, and a connection kept in the
 * process would outlive a daemon restart.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <session0/wts.h>

#include "shared/macro.h"
#include "win32.h"
#include "wtsapi32.h"

static_assert((int) WTSActive == (int) S0_STATE_ACTIVE && (int) WTSDisconnected == (int) S0_STATE_DISCONNECTED &&
                      (int) WTSDown == (int) S0_STATE_DOWN,
              "the daemon reports WTS_CONNECTSTATE_CLASS values");
static_assert(WTS_CURRENT_SESSION == S0_SESSION_NONE, "WTS_CURRENT_SESSION");
static_assert(WTSIsRemoteSession == 29, "WTS_INFO_CLASS in declaration order");

/* Seconds between 1601-01-01 (FILETIME's epoch) and 1970-01-01. */
#define FILETIME_UNIX_EPOCH 11644473600LL
#define FILETIME_PER_SECOND 10000000LL

/* Errors of a request about a session: no such session is Windows' 7022. */
static uint32_t wts_error(int r) {
        switch (r) {
        case -ENOENT:
                return ERROR_CTX_WINSTATION_NOT_FOUND;
        case -EPERM:
        case -EACCES:
                return ERROR_ACCESS_DENIED;
        case -EINVAL:
                return ERROR_INVALID_PARAMETER;
        case -ENOMEM:
                return ERROR_NOT_ENOUGH_MEMORY;
        case -ECONNREFUSED:
        case -ECONNRESET:
                return ERROR_NOT_SUPPORTED; /* no session0d: as for objects (WIN32.md) */
        default:
                return s0_obj_win32_error(r);
        }
}

static uint32_t connect_daemon(struct s0_client **ret) {
        int r = s0_client_open(NULL, ret);

        /* No socket at all (-ENOENT) is "no session manager", not "no such session". */
        return r < 0 ? (r == -ENOENT ? ERROR_NOT_SUPPORTED : wts_error(r)) : ERROR_SUCCESS;
}

/* WTS_CURRENT_SERVER_HANDLE is the only server (there is no WTSOpenServer). */
static bool server_ok(HANDLE h) { return h == WTS_CURRENT_SERVER_HANDLE; }

/* WTS_CURRENT_SESSION is the caller's session, from its cgroup. */
static uint32_t resolve_session(DWORD id, uint32_t *ret) {
        if (id != WTS_CURRENT_SESSION) {
                *ret = id;
                return ERROR_SUCCESS;
        }
        return s0_pid_session(getpid(), ret) < 0 ? ERROR_CTX_WINSTATION_NOT_FOUND : ERROR_SUCCESS;
}

static uint32_t list_sessions(struct s0_session_info **ret, size_t *ret_count) {
        struct s0_client *c = NULL;
        uint32_t e = connect_daemon(&c);
        int r;

        if (e != ERROR_SUCCESS)
                return e;
        r = s0_list_sessions(c, ret, ret_count);
        s0_client_close(c);
        return r < 0 ? wts_error(r) : ERROR_SUCCESS;
}

static uint32_t get_session(uint32_t id, struct s0_session_info *ret) {
        _cleanup_free_ struct s0_session_info *all = NULL;
        size_t n;
        uint32_t e = list_sessions(&all, &n);

        if (e != ERROR_SUCCESS)
                return e;
        for (size_t i = 0; i < n; i++)
                if (all[i].id == id) {
                        *ret = all[i];
                        return ERROR_SUCCESS;
                }
        return ERROR_CTX_WINSTATION_NOT_FOUND;
}

/* The "domain" of a local account is the machine: the host name's first label. */
static void host_name(char *buf, size_t size) {
        char *dot;

        if (gethostname(buf, size) < 0)
                buf[0] = 0;
        buf[size - 1] = 0;
        dot = strchr(buf, '.');
        if (dot)
                *dot = 0;
}

static bool has_user(const struct s0_session_info *s) { return s->user[0] != 0; }

static int64_t to_filetime(int64_t unix_seconds) {
        return unix_seconds <= 0 ? 0 : (unix_seconds + FILETIME_UNIX_EPOCH) * FILETIME_PER_SECOND;
}

/* ---- packing results: one allocation (WTSFreeMemory is free()) --------------------- */

/* Two passes over the same code: the first (buf NULL) only counts bytes. */
struct packer {
        char *buf;
        size_t used;
        bool wide;
};

/* Appends a UTF-8 string as UTF-8 or UTF-16; returns where it is (NULL when counting). */
static uint32_t pack_str(struct packer *p, const char *s, void **ret) {
        _cleanup_free_ WCHAR *w = NULL;
        size_t units, bytes;
        uint32_t e;

        if (p->wide) {
                e = s0_win32_utf8_to_utf16(s, &w, &units);
                if (e != ERROR_SUCCESS)
                        return e;
                bytes = (units + 1) * sizeof(WCHAR);
        } else
                bytes = strlen(s) + 1;
        if (ret)
                *ret = p->buf ? p->buf + p->used : NULL;
        if (p->buf)
                memcpy(p->buf + p->used, p->wide ? (const void *) w : (const void *) s, bytes);
        p->used += bytes;
        return ERROR_SUCCESS;
}

/* Copies s into a fixed CHAR/WCHAR field of n units, cut to fit, NUL-terminated. */
static void copy_field(void *field, size_t n, const char *s, bool wide) {
        _cleanup_free_ WCHAR *w = NULL;
        size_t units;

        if (!wide) {
                (void) snprintf(field, n, "%s", s);
                return;
        }
        if (s0_win32_utf8_to_utf16(s, &w, &units) != ERROR_SUCCESS)
                units = 0;
        if (units >= n)
                units = n - 1;
        if (units > 0)
                memcpy(field, w, units * sizeof(WCHAR));
        ((WCHAR *) field)[units] = 0;
}

/* ---- enumeration ------------------------------------------------------------------- */

/* Level 0 (WTS_SESSION_INFO) or 1 (WTS_SESSION_INFO_1), W or A: the layouts differ only
 * in the pointers' type, so one writer serves both. */
static uint32_t pack_sessions(const struct s0_session_info *all, size_t n, int level, struct packer *p) {
        size_t entry = level == 0 ? sizeof(WTS_SESSION_INFOW) : sizeof(WTS_SESSION_INFO_1W);
        char host[256];
        uint32_t e;

        static_assert(sizeof(WTS_SESSION_INFOW) == sizeof(WTS_SESSION_INFOA), "A and W layouts");
        static_assert(sizeof(WTS_SESSION_INFO_1W) == sizeof(WTS_SESSION_INFO_1A), "A and W layouts");
        host_name(host, sizeof host);
        p->used = n * entry;
        for (size_t i = 0; i < n; i++) {
                const struct s0_session_info *s = &all[i];
                char name[S0_SESSION_NAME_MAX];
                void *pname, *phost = NULL, *puser = NULL, *pdomain = NULL;

                (void) s0_session_name(s, name, sizeof name);
                e = pack_str(p, name, &pname);
                if (e == ERROR_SUCCESS && level == 1)
                        e = pack_str(p, host, &phost);
                if (e == ERROR_SUCCESS && level == 1 && has_user(s))
                        e = pack_str(p, s->user, &puser);
                if (e == ERROR_SUCCESS && level == 1 && has_user(s))
                        e = pack_str(p, host, &pdomain);
                if (e != ERROR_SUCCESS)
                        return e;
                if (!p->buf)
                        continue;
                if (level == 0)
                        ((WTS_SESSION_INFOW *) p->buf)[i] = (WTS_SESSION_INFOW) {
                                .SessionId = s->id,
                                .pWinStationName = pname,
                                .State = (WTS_CONNECTSTATE_CLASS) s->state,
                        };
                else
                        ((WTS_SESSION_INFO_1W *) p->buf)[i] = (WTS_SESSION_INFO_1W) {
                                .ExecEnvId = s->id,
                                .State = (WTS_CONNECTSTATE_CLASS) s->state,
                                .SessionId = s->id,
                                .pSessionName = pname,
                                .pHostName = phost,
                                .pUserName = puser,
                                .pDomainName = pdomain,
                        };
        }
        return ERROR_SUCCESS;
}

static BOOL enumerate(HANDLE server, int level, bool wide, void **ret, DWORD *ret_count) {
        _cleanup_free_ struct s0_session_info *all = NULL;
        struct packer p = { .wide = wide };
        size_t n;
        uint32_t e;

        if (!ret || !ret_count)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        if (!server_ok(server))
                return s0_win32_fail(ERROR_INVALID_HANDLE);
        e = list_sessions(&all, &n);
        if (e == ERROR_SUCCESS)
                e = pack_sessions(all, n, level, &p); /* count */
        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        p.buf = calloc(1, p.used > 0 ? p.used : 1);
        if (!p.buf)
                return s0_win32_fail(ERROR_NOT_ENOUGH_MEMORY);
        e = pack_sessions(all, n, level, &p);
        if (e != ERROR_SUCCESS) {
                free(p.buf);
                return s0_win32_fail(e);
        }
        *ret = p.buf;
        *ret_count = (DWORD) n;
        return TRUE;
}

WTSAPI32API BOOL WINAPI WTSEnumerateSessionsW(HANDLE hServer, DWORD Reserved, DWORD Version,
                                              PWTS_SESSION_INFOW *ppSessionInfo, DWORD *pCount) {
        if (Reserved != 0 || Version != 1)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        return enumerate(hServer, 0, true, (void **) ppSessionInfo, pCount);
}

WTSAPI32API BOOL WINAPI WTSEnumerateSessionsA(HANDLE hServer, DWORD Reserved, DWORD Version,
                                              PWTS_SESSION_INFOA *ppSessionInfo, DWORD *pCount) {
        if (Reserved != 0 || Version != 1)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        return enumerate(hServer, 0, false, (void **) ppSessionInfo, pCount);
}

WTSAPI32API BOOL WINAPI WTSEnumerateSessionsExW(HANDLE hServer, DWORD *pLevel, DWORD Filter,
                                                PWTS_SESSION_INFO_1W *ppSessionInfo, DWORD *pCount) {
        if (!pLevel || *pLevel != 1 || Filter != 0)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        return enumerate(hServer, 1, true, (void **) ppSessionInfo, pCount);
}

WTSAPI32API BOOL WINAPI WTSEnumerateSessionsExA(HANDLE hServer, DWORD *pLevel, DWORD Filter,
                                                PWTS_SESSION_INFO_1A *ppSessionInfo, DWORD *pCount) {
        if (!pLevel || *pLevel != 1 || Filter != 0)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        return enumerate(hServer, 1, false, (void **) ppSessionInfo, pCount);
}

WTSAPI32API void WINAPI WTSFreeMemory(PVOID pMemory) { free(pMemory); }

static BOOL free_memory_ex(WTS_TYPE_CLASS type, PVOID mem) {
        if ((unsigned) type > WTSTypeSessionInfoLevel1)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        free(mem);
        return TRUE;
}

WTSAPI32API BOOL WINAPI WTSFreeMemoryExW(WTS_TYPE_CLASS WTSTypeClass, PVOID pMemory, ULONG NumberOfEntries) {
        (void) NumberOfEntries; /* one block, whatever the count */
        return free_memory_ex(WTSTypeClass, pMemory);
}

WTSAPI32API BOOL WINAPI WTSFreeMemoryExA(WTS_TYPE_CLASS WTSTypeClass, PVOID pMemory, ULONG NumberOfEntries) {
        (void) NumberOfEntries;
        return free_memory_ex(WTSTypeClass, pMemory);
}

/* ---- WTSQuerySessionInformation ---------------------------------------------------- */

static uint32_t fixed_result(const void *v, size_t size, void **ret, DWORD *ret_bytes) {
        void *b = malloc(size);

        if (!b)
                return ERROR_NOT_ENOUGH_MEMORY;
        memcpy(b, v, size);
        *ret = b;
        *ret_bytes = (DWORD) size;
        return ERROR_SUCCESS;
}

static uint32_t string_result(const char *s, bool wide, void **ret, DWORD *ret_bytes) {
        struct packer p = { .wide = wide };
        uint32_t e = pack_str(&p, s, NULL);

        if (e != ERROR_SUCCESS)
                return e;
        p.buf = malloc(p.used);
        if (!p.buf)
                return ERROR_NOT_ENOUGH_MEMORY;
        *ret_bytes = (DWORD) p.used;
        p.used = 0;
        (void) pack_str(&p, s, NULL);
        *ret = p.buf;
        return ERROR_SUCCESS;
}

static uint32_t session_info_result(const struct s0_session_info *s, const char *name, const char *host, bool wide,
                                    void **ret, DWORD *ret_bytes) {
        WTSINFOW w = {
                .State = (WTS_CONNECTSTATE_CLASS) s->state,
                .SessionId = s->id,
        };
        WTSINFOA a;

        static_assert(offsetof(WTSINFOW, State) == offsetof(WTSINFOA, State), "layout");
        w.LogonTime.QuadPart = has_user(s) ? to_filetime(s->logon_time) : 0;
        w.ConnectTime.QuadPart = w.LogonTime.QuadPart;
        w.CurrentTime.QuadPart = to_filetime((int64_t) time(NULL));
        if (!wide) {
                a = (WTSINFOA) { .State = w.State, .SessionId = w.SessionId, .ConnectTime = w.ConnectTime,
                                 .LogonTime = w.LogonTime, .CurrentTime = w.CurrentTime };
                copy_field(a.WinStationName, WINSTATIONNAME_LENGTH, name, false);
                copy_field(a.Domain, DOMAIN_LENGTH, has_user(s) ? host : "", false);
                copy_field(a.UserName, USERNAME_LENGTH + 1, s->user, false);
                return fixed_result(&a, sizeof a, ret, ret_bytes);
        }
        copy_field(w.WinStationName, WINSTATIONNAME_LENGTH, name, true);
        copy_field(w.Domain, DOMAIN_LENGTH, has_user(s) ? host : "", true);
        copy_field(w.UserName, USERNAME_LENGTH + 1, s->user, true);
        return fixed_result(&w, sizeof w, ret, ret_bytes);
}

static uint32_t query(uint32_t id, WTS_INFO_CLASS cls, bool wide, void **ret, DWORD *ret_bytes) {
        struct s0_session_info s;
        char name[S0_SESSION_NAME_MAX], host[256];
        uint32_t e;

        if ((unsigned) cls > WTSIsRemoteSession)
                return ERROR_INVALID_PARAMETER;
        e = get_session(id, &s);
        if (e != ERROR_SUCCESS)
                return e;
        (void) s0_session_name(&s, name, sizeof name);
        host_name(host, sizeof host);
        switch (cls) {
        case WTSSessionId: {
                ULONG v = s.id;
                return fixed_result(&v, sizeof v, ret, ret_bytes);
        }
        case WTSConnectState: {
                INT v = (INT) s.state;
                return fixed_result(&v, sizeof v, ret, ret_bytes);
        }
        case WTSClientProtocolType: {
                /* 0 is the console; a remote logon's protocol (ssh) has no value of its
                 * own, and 2 (RDP) is what Windows reports for a remote session. */
                USHORT v = s.flags & S0_SESSION_REMOTE ? WTS_PROTOCOL_TYPE_RDP : WTS_PROTOCOL_TYPE_CONSOLE;
                return fixed_result(&v, sizeof v, ret, ret_bytes);
        }
        case WTSLogonTime: {
                LARGE_INTEGER v = { .QuadPart = has_user(&s) ? to_filetime(s.logon_time) : 0 };
                return fixed_result(&v, sizeof v, ret, ret_bytes);
        }
        case WTSUserName:
                return string_result(s.user, wide, ret, ret_bytes);
        case WTSWinStationName:
                return string_result(name, wide, ret, ret_bytes);
        case WTSDomainName:
                return string_result(has_user(&s) ? host : "", wide, ret, ret_bytes);
        case WTSSessionInfo:
                return session_info_result(&s, name, host, wide, ret, ret_bytes);
        case WTSInitialProgram:
        case WTSApplicationName:
        case WTSWorkingDirectory:
        case WTSOEMId:
        case WTSClientName:
        case WTSClientDirectory:
                /* What Windows answers for a session no remote client configured. */
                return string_result("", wide, ret, ret_bytes);
        default:
                return ERROR_NOT_SUPPORTED;
        }
}

static BOOL query_session(HANDLE server, DWORD id, WTS_INFO_CLASS cls, bool wide, void **ret, DWORD *ret_bytes) {
        uint32_t session, e;

        if (!ret || !ret_bytes)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        if (!server_ok(server))
                return s0_win32_fail(ERROR_INVALID_HANDLE);
        e = resolve_session(id, &session);
        if (e == ERROR_SUCCESS)
                e = query(session, cls, wide, ret, ret_bytes);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        return TRUE;
}

WTSAPI32API BOOL WINAPI WTSQuerySessionInformationW(HANDLE hServer, DWORD SessionId, WTS_INFO_CLASS WTSInfoClass,
                                                    LPWSTR *ppBuffer, DWORD *pBytesReturned) {
        return query_session(hServer, SessionId, WTSInfoClass, true, (void **) ppBuffer, pBytesReturned);
}

WTSAPI32API BOOL WINAPI WTSQuerySessionInformationA(HANDLE hServer, DWORD SessionId, WTS_INFO_CLASS WTSInfoClass,
                                                    LPSTR *ppBuffer, DWORD *pBytesReturned) {
        return query_session(hServer, SessionId, WTSInfoClass, false, (void **) ppBuffer, pBytesReturned);
}

/* ---- the console, a process's session ---------------------------------------------- */

WINBASEAPI DWORD WINAPI WTSGetActiveConsoleSessionId(void) {
        struct s0_client *c = NULL;
        uint32_t id = S0_SESSION_NONE;

        /* No error to report: "nobody on the console" is the answer to every failure. */
        if (s0_client_open(NULL, &c) == 0)
                (void) s0_console_session(c, &id);
        s0_client_close(c);
        return id;
}

WINBASEAPI BOOL WINAPI ProcessIdToSessionId(DWORD dwProcessId, DWORD *pSessionId) {
        uint32_t id;
        int r;

        if (!pSessionId)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        /* From the kernel: the pid's cgroup. A pid that does not exist -- or one outside
         * every session, which Windows cannot have -- is ERROR_INVALID_PARAMETER. */
        r = dwProcessId > INT32_MAX ? -ESRCH : s0_pid_session((pid_t) dwProcessId, &id);
        if (r < 0)
                return s0_win32_fail(r == -ESRCH || r == -ENOENT ? ERROR_INVALID_PARAMETER : s0_obj_win32_error(r));
        *pSessionId = id;
        return TRUE;
}

/* ---- logoff, disconnect ------------------------------------------------------------ */

static BOOL session_request(HANDLE server, DWORD id, bool logoff, bool wait) {
        struct s0_client *c = NULL;
        uint32_t session, e;
        int r;

        if (!server_ok(server))
                return s0_win32_fail(ERROR_INVALID_HANDLE);
        e = resolve_session(id, &session);
        if (e == ERROR_SUCCESS)
                e = connect_daemon(&c);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        if (logoff)
                r = wait ? s0_logoff(c, session) : s0_logoff_start(c, session);
        else
                r = s0_disconnect(c, session); /* immediate: bWait has nothing to wait for */
        s0_client_close(c);
        if (r < 0)
                return s0_win32_fail(wts_error(r));
        return TRUE;
}

WTSAPI32API BOOL WINAPI WTSLogoffSession(HANDLE hServer, DWORD SessionId, BOOL bWait) {
        return session_request(hServer, SessionId, true, bWait);
}

WTSAPI32API BOOL WINAPI WTSDisconnectSession(HANDLE hServer, DWORD SessionId, BOOL bWait) {
        return session_request(hServer, SessionId, false, bWait);
}

/* ---- WTSQueryUserToken --------------------------------------------------------------- */

/* LocalSystem with SE_TCB_NAME is root in session 0 (a service). Any other user holds
 * no SE_TCB_NAME: 1314, as Windows answers a user or LocalService. Root outside
 * session 0 is an administrator, not LocalSystem: 5. */
static uint32_t check_local_system(void) {
        uint32_t own;

        if (geteuid() != 0)
                return ERROR_PRIVILEGE_NOT_HELD;
        if (s0_pid_session(getpid(), &own) < 0 || own != 0)
                return ERROR_ACCESS_DENIED;
        return ERROR_SUCCESS;
}

void s0_win32_report_token(uint32_t target_session, const char *what, uint32_t result) {
        struct s0_client *c = NULL;

        if (s0_client_open(NULL, &c) < 0)
                return;
        (void) s0_audit_report(c, S0_EVENT_WTS_TOKEN, target_session, what, (int32_t) result);
        s0_client_close(c);
}

/* The decisions WTSQueryUserToken reports: who may take whose token. A bad parameter,
 * no daemon or no memory decides nothing about anyone's session. */
static bool token_decision(uint32_t e) {
        return e == ERROR_SUCCESS || e == ERROR_PRIVILEGE_NOT_HELD || e == ERROR_ACCESS_DENIED ||
               e == ERROR_FILE_NOT_FOUND || e == ERROR_NO_TOKEN;
}

/* The session the call was about, for the journal: WTS_CURRENT_SESSION is the caller's
 * (none when it is in no session). */
static uint32_t token_target(ULONG id) {
        uint32_t own;

        if (id != WTS_CURRENT_SESSION)
                return id;
        return s0_pid_session(getpid(), &own) < 0 ? S0_SESSION_NONE : own;
}

static uint32_t query_user_token(ULONG id, PHANDLE ret) {
        struct s0_win32_token *tok;
        struct s0_session_info s;
        uint32_t session, e;

        e = check_local_system();
        if (e == ERROR_SUCCESS)
                e = resolve_session(id, &session);
        if (e == ERROR_SUCCESS)
                e = get_session(session, &s);
        if (e == ERROR_CTX_WINSTATION_NOT_FOUND)
                e = ERROR_FILE_NOT_FOUND; /* WTSQueryUserToken's documented answer */
        if (e == ERROR_SUCCESS && (!has_user(&s) || s.uid == UINT32_MAX || s.state == S0_STATE_DOWN))
                e = ERROR_NO_TOKEN;
        if (e != ERROR_SUCCESS)
                return e;
        tok = calloc(1, sizeof *tok);
        if (!tok)
                return ERROR_NOT_ENOUGH_MEMORY;
        *tok = (struct s0_win32_token) { .session = s.id, .uid = (uid_t) s.uid };
        memcpy(tok->user, s.user, sizeof tok->user);
        e = s0_win32_handle_insert(&s0_win32_process()->handles, &s0_win32_token_ops, tok, ret);
        if (e != ERROR_SUCCESS)
                free(tok);
        return e;
}

WTSAPI32API BOOL WINAPI WTSQueryUserToken(ULONG SessionId, PHANDLE phToken) {
        HANDLE h = NULL;
        uint32_t e;

        if (!phToken)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        e = query_user_token(SessionId, &h);
        /* Taking a user's token is a crossing: allowed or refused, it is in the journal
         * (SEMANTICS.md §9). The refusal itself never depends on the daemon hearing it. */
        if (token_decision(e))
                s0_win32_report_token(token_target(SessionId), "WTSQueryUserToken", e);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        *phToken = h;
        return TRUE;
}
