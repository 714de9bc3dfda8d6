/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The client side of winsvc.h over s0-scm (<runtime>/scm, include/session0/scm-protocol.h).
 * Every SC_HANDLE (the manager, each service) is an entry of the process handle table
 * with its own connection, so handles are independent and one request is in flight
 * per connection. Configuration changes read the service's .conf text, change it with
 * the one parser (src/shared/svcconf.c) and send it back whole. A functions take UTF-8;
 * W functions convert and call the same code.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <session0/scm-protocol.h>
#include <session0/session0.h>

#include "shared/svcconf.h"
#include "win32.h"
#include "winsvc.h"

#define RPC_S_SERVER_UNAVAILABLE 1722u
#define REPLY_TIMEOUT_MS 120000 /* s0-scm answers within its own 30 s limits */

struct sc_obj {
        bool is_service;
        uint32_t access;        /* the rights asked for at open, generic rights mapped */
        int fd;
        uint32_t cookie;
        pthread_mutex_t lock;
        char name[S0_SCM_NAME_MAX];
};

static uint32_t sc_close(void *p, uint32_t flags) {
        struct sc_obj *o = p;
        (void) flags;
        (void) close(o->fd);
        pthread_mutex_destroy(&o->lock);
        free(o);
        return 0;
}

static const struct s0_win32_handle_ops sc_ops = { .name = "SC_HANDLE", .close = sc_close };

static uint32_t sc_connect(int *ret) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        const char *env = getenv("S0_SCM_SOCKET");
        int fd, n;

        n = env ? snprintf(sa.sun_path, sizeof sa.sun_path, "%s", env) :
                  snprintf(sa.sun_path, sizeof sa.sun_path, "%s/scm", s0_runtime_dir());
        if (n < 0 || (size_t) n >= sizeof sa.sun_path)
                return ERROR_INVALID_PARAMETER;
        fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return ERROR_NOT_ENOUGH_MEMORY;
        if (connect(fd, (struct sockaddr *) &sa, sizeof sa) < 0) {
                uint32_t e = errno == EACCES ? ERROR_ACCESS_DENIED : RPC_S_SERVER_UNAVAILABLE;
                (void) close(fd);
                return e;
        }
        *ret = fd;
        return 0;
}

/* One request, its reply into rep (at most max bytes). An ERROR reply is its code. */
static uint32_t sc_call(struct sc_obj *o, void *req, uint16_t type, size_t size, void *rep, size_t max, size_t *ret_n) {
        struct s0_scm_hdr *h = req;
        char *buf = malloc(S0_SCM_MSG_SIZE_MAX);
        uint32_t e = 0;
        ssize_t n;

        if (!buf)
                return ERROR_NOT_ENOUGH_MEMORY;
        pthread_mutex_lock(&o->lock);
        *h = (struct s0_scm_hdr) { S0_SCM_MAGIC, S0_SCM_PROTOCOL_VERSION, type, (uint32_t) size, ++o->cookie };
        if (send(o->fd, req, size, MSG_NOSIGNAL) != (ssize_t) size) {
                e = RPC_S_SERVER_UNAVAILABLE;
                goto out;
        }
        for (;;) {
                struct pollfd p = { o->fd, POLLIN, 0 };
                int r = poll(&p, 1, REPLY_TIMEOUT_MS);
                if (r < 0 && errno == EINTR)
                        continue;
                if (r <= 0) {
                        e = ERROR_SERVICE_REQUEST_TIMEOUT;
                        goto out;
                }
                n = recv(o->fd, buf, S0_SCM_MSG_SIZE_MAX, 0);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0 || s0_scm_msg_validate(buf, (size_t) n) < 0) {
                        e = RPC_S_SERVER_UNAVAILABLE;
                        goto out;
                }
                if (((struct s0_scm_hdr *) buf)->cookie == o->cookie)
                        break;
        }
        if (((struct s0_scm_hdr *) buf)->type == S0_SCM_MSG_ERROR) {
                e = ((struct s0_scm_rep_error *) buf)->error;
                goto out;
        }
        if ((size_t) n > max) {
                e = ERROR_INVALID_DATA;
                goto out;
        }
        memcpy(rep, buf, (size_t) n);
        if (ret_n)
                *ret_n = (size_t) n;
out:
        pthread_mutex_unlock(&o->lock);
        free(buf);
        return e;
}

/* The handle of the right kind, holding the access need (as Windows checks the rights a
 * handle was opened with before it asks the SCM: ERROR_ACCESS_DENIED). */
static uint32_t sc_get(SC_HANDLE h, bool service, uint32_t need, struct s0_win32_ref **ret_ref, struct sc_obj **ret) {
        struct s0_win32_ref *ref;
        uint32_t e = s0_win32_handle_get(&s0_win32_process()->handles, (HANDLE) h, &sc_ops, &ref);

        if (e)
                return e;
        if (((struct sc_obj *) ref->p)->is_service != service) {
                (void) s0_win32_ref_put(&s0_win32_process()->handles, ref);
                return ERROR_INVALID_HANDLE;
        }
        if ((((struct sc_obj *) ref->p)->access & need) != need) {
                (void) s0_win32_ref_put(&s0_win32_process()->handles, ref);
                return ERROR_ACCESS_DENIED;
        }
        *ret_ref = ref;
        *ret = ref->p;
        return 0;
}

static void sc_put(struct s0_win32_ref *ref) { (void) s0_win32_ref_put(&s0_win32_process()->handles, ref); }

/* Generic rights as Windows maps them for the manager and for services ("Service
 * Security and Access Rights"); MAXIMUM_ALLOWED asks for everything (s0-scm still
 * decides each request by the caller's identity). */
static uint32_t map_access(bool service, uint32_t a) {
        uint32_t r = a & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL | MAXIMUM_ALLOWED);

        if (service) {
                if (a & GENERIC_READ)
                        r |= STANDARD_RIGHTS_READ | SERVICE_QUERY_CONFIG | SERVICE_QUERY_STATUS | SERVICE_INTERROGATE |
                             SERVICE_ENUMERATE_DEPENDENTS;
                if (a & GENERIC_WRITE)
                        r |= STANDARD_RIGHTS_WRITE | SERVICE_CHANGE_CONFIG;
                if (a & GENERIC_EXECUTE)
                        r |= STANDARD_RIGHTS_EXECUTE | SERVICE_START | SERVICE_STOP | SERVICE_PAUSE_CONTINUE |
                             SERVICE_USER_DEFINED_CONTROL;
                if (a & (GENERIC_ALL | MAXIMUM_ALLOWED))
                        r |= SERVICE_ALL_ACCESS;
                return r;
        }
        if (a & GENERIC_READ)
                r |= STANDARD_RIGHTS_READ | SC_MANAGER_ENUMERATE_SERVICE | SC_MANAGER_QUERY_LOCK_STATUS;
        if (a & GENERIC_WRITE)
                r |= STANDARD_RIGHTS_WRITE | SC_MANAGER_CREATE_SERVICE | SC_MANAGER_MODIFY_BOOT_CONFIG;
        if (a & GENERIC_EXECUTE)
                r |= STANDARD_RIGHTS_EXECUTE | SC_MANAGER_CONNECT | SC_MANAGER_LOCK;
        if (a & (GENERIC_ALL | MAXIMUM_ALLOWED))
                r |= SC_MANAGER_ALL_ACCESS;
        return r | SC_MANAGER_CONNECT; /* OpenSCManager always grants it */
}

static SC_HANDLE sc_new(bool service, const char *name, uint32_t access) {
        struct sc_obj *o = calloc(1, sizeof *o);
        HANDLE h;
        uint32_t e;

        if (!o)
                return (SC_HANDLE) s0_win32_fail_handle(ERROR_NOT_ENOUGH_MEMORY);
        e = sc_connect(&o->fd);
        if (e) {
                free(o);
                return (SC_HANDLE) s0_win32_fail_handle(e);
        }
        pthread_mutex_init(&o->lock, NULL);
        o->is_service = service;
        o->access = map_access(service, access);
        (void) snprintf(o->name, sizeof o->name, "%s", name ? name : "");
        if (service) {
                struct s0_scm_req_name m = { 0 };
                struct s0_scm_hdr rep;
                (void) snprintf(m.name, sizeof m.name, "%s", name);
                e = sc_call(o, &m, S0_SCM_MSG_OPEN, sizeof m, &rep, sizeof rep, NULL);
                if (e) {
                        (void) sc_close(o, 0);
                        return (SC_HANDLE) s0_win32_fail_handle(e);
                }
        }
        e = s0_win32_handle_insert(&s0_win32_process()->handles, &sc_ops, o, &h);
        if (e) {
                (void) sc_close(o, 0);
                return (SC_HANDLE) s0_win32_fail_handle(e);
        }
        SetLastError(0);
        return (SC_HANDLE) h;
}

static uint32_t check_name(const char *name) {
        if (!name)
                return ERROR_INVALID_PARAMETER;
        return s0_scm_name_valid(name) < 0 ? ERROR_INVALID_NAME : 0;
}

WINBASEAPI SC_HANDLE WINAPI OpenSCManagerA(LPCSTR machine, LPCSTR database, DWORD access) {
        if (machine && machine[0])
                return (SC_HANDLE) s0_win32_fail_handle(RPC_S_SERVER_UNAVAILABLE); /* no remote machines */
        if (database && strcmp(database, "ServicesActive") != 0)
                return (SC_HANDLE) s0_win32_fail_handle(ERROR_DATABASE_DOES_NOT_EXIST);
        return sc_new(false, NULL, access);
}

WINBASEAPI SC_HANDLE WINAPI OpenServiceA(SC_HANDLE mgr, LPCSTR name, DWORD access) {
        struct s0_win32_ref *ref;
        struct sc_obj *o;
        uint32_t e = sc_get(mgr, false, SC_MANAGER_CONNECT, &ref, &o);
        SC_HANDLE h;

        if (e)
                return (SC_HANDLE) s0_win32_fail_handle(e);
        sc_put(ref);
        e = check_name(name);
        if (e)
                return (SC_HANDLE) s0_win32_fail_handle(e == ERROR_INVALID_NAME ? ERROR_SERVICE_DOES_NOT_EXIST : e);
        h = sc_new(true, name, access);
        return h;
}

WINBASEAPI BOOL WINAPI CloseServiceHandle(SC_HANDLE h) {
        uint32_t e = s0_win32_handle_close(&s0_win32_process()->handles, (HANDLE) h, &sc_ops, 0);
        return e ? s0_win32_fail(e) : TRUE;
}

/* A request naming the service of h, which must hold need. */
static uint32_t svc_call_name(SC_HANDLE h, uint32_t need, uint16_t type, void *rep, size_t max) {
        struct s0_win32_ref *ref;
        struct sc_obj *o;
        struct s0_scm_req_name m = { 0 };
        uint32_t e = sc_get(h, true, need, &ref, &o);

        if (e)
                return e;
        (void) snprintf(m.name, sizeof m.name, "%s", o->name);
        e = sc_call(o, &m, type, sizeof m, rep, max, NULL);
        sc_put(ref);
        return e;
}

static void to_status_process(const struct s0_scm_status *s, SERVICE_STATUS_PROCESS *p) {
        *p = (SERVICE_STATUS_PROCESS) { s->service_type, s->current_state, s->controls_accepted, s->win32_exit_code,
                                        s->service_specific_exit_code, s->check_point, s->wait_hint, s->process_id,
                                        s->service_flags };
}

static void to_status(const struct s0_scm_status *s, SERVICE_STATUS *p) {
        *p = (SERVICE_STATUS) { s->service_type, s->current_state, s->controls_accepted, s->win32_exit_code,
                                s->service_specific_exit_code, s->check_point, s->wait_hint };
}

WINBASEAPI BOOL WINAPI StartServiceA(SC_HANDLE h, DWORD argc, LPCSTR *argv) {
        struct s0_scm_hdr rep;
        uint32_t e;

        (void) argc; /* start arguments: not passed yet (docs/SERVICES.md) */
        (void) argv;
        e = svc_call_name(h, SERVICE_START, S0_SCM_MSG_START, &rep, sizeof rep);
        if (e)
                return s0_win32_fail(e);
        SetLastError(0);
        return TRUE;
}

WINBASEAPI BOOL WINAPI StartServiceW(SC_HANDLE h, DWORD argc, LPCWSTR *argv) {
        (void) argv;
        return StartServiceA(h, argc, NULL);
}

/* The right ControlService needs for code. */
static uint32_t control_right(DWORD code) {
        switch (code) {
        case SERVICE_CONTROL_STOP:
                return SERVICE_STOP;
        case SERVICE_CONTROL_PAUSE:
        case SERVICE_CONTROL_CONTINUE:
        case SERVICE_CONTROL_PARAMCHANGE:
        case SERVICE_CONTROL_NETBINDADD:
        case SERVICE_CONTROL_NETBINDREMOVE:
        case SERVICE_CONTROL_NETBINDENABLE:
        case SERVICE_CONTROL_NETBINDDISABLE:
                return SERVICE_PAUSE_CONTINUE;
        case SERVICE_CONTROL_INTERROGATE:
                return SERVICE_INTERROGATE;
        default:
                return code >= 128 ? SERVICE_USER_DEFINED_CONTROL : 0;
        }
}

static uint32_t control(SC_HANDLE h, DWORD code, struct s0_scm_status *ret) {
        struct s0_win32_ref *ref;
        struct sc_obj *o;
        struct s0_scm_req_control m = { .control = code };
        struct s0_scm_msg_status rep;
        uint32_t e;

        if (code == 0 || code > 255)
                return ERROR_INVALID_PARAMETER;
        e = sc_get(h, true, control_right(code), &ref, &o);
        if (e)
                return e;
        (void) snprintf(m.name, sizeof m.name, "%s", o->name);
        e = sc_call(o, &m, S0_SCM_MSG_CONTROL, sizeof m, &rep, sizeof rep, NULL);
        sc_put(ref);
        if (!e)
                *ret = rep.status;
        return e;
}

WINBASEAPI BOOL WINAPI ControlService(SC_HANDLE h, DWORD code, LPSERVICE_STATUS st) {
        struct s0_scm_status s;
        uint32_t e;

        if (!st)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        e = control(h, code, &s);
        if (e)
                return s0_win32_fail(e);
        to_status(&s, st);
        return TRUE;
}

WINBASEAPI BOOL WINAPI ControlServiceExW(SC_HANDLE h, DWORD code, DWORD level, PVOID params) {
        SERVICE_CONTROL_STATUS_REASON_PARAMSW *p = params;
        struct s0_scm_status s;
        uint32_t e;

        if (level != SERVICE_CONTROL_STATUS_REASON_INFO)
                return s0_win32_fail(ERROR_INVALID_LEVEL);
        if (!p)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        e = control(h, code, &s);
        if (e)
                return s0_win32_fail(e);
        to_status_process(&s, &p->ServiceStatus);
        return TRUE;
}

static uint32_t query(SC_HANDLE h, struct s0_scm_status *ret) {
        struct s0_scm_msg_status rep;
        uint32_t e = svc_call_name(h, SERVICE_QUERY_STATUS, S0_SCM_MSG_QUERY, &rep, sizeof rep);
        if (!e)
                *ret = rep.status;
        return e;
}

WINBASEAPI BOOL WINAPI QueryServiceStatus(SC_HANDLE h, LPSERVICE_STATUS st) {
        struct s0_scm_status s;
        uint32_t e;

        if (!st)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        e = query(h, &s);
        if (e)
                return s0_win32_fail(e);
        to_status(&s, st);
        return TRUE;
}

WINBASEAPI BOOL WINAPI QueryServiceStatusEx(SC_HANDLE h, SC_STATUS_TYPE level, LPBYTE buf, DWORD size, LPDWORD needed) {
        struct s0_scm_status s;
        uint32_t e;

        if (level != SC_STATUS_PROCESS_INFO)
                return s0_win32_fail(ERROR_INVALID_LEVEL);
        if (!needed)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        *needed = sizeof(SERVICE_STATUS_PROCESS);
        if (!buf || size < sizeof(SERVICE_STATUS_PROCESS))
                return s0_win32_fail(ERROR_INSUFFICIENT_BUFFER);
        e = query(h, &s);
        if (e)
                return s0_win32_fail(e);
        to_status_process(&s, (SERVICE_STATUS_PROCESS *) (void *) buf);
        return TRUE;
}

/* ---- configuration ---------------------------------------------------------------- */

/* need: SERVICE_QUERY_CONFIG to read it, SERVICE_CHANGE_CONFIG to read it for a change */
static uint32_t get_config(SC_HANDLE h, uint32_t need, struct s0_svc_config *ret, char **ret_text) {
        struct s0_scm_msg_config *rep = malloc(S0_SCM_MSG_SIZE_MAX);
        size_t n;
        uint32_t e;
        int r;

        if (!rep)
                return ERROR_NOT_ENOUGH_MEMORY;
        {
                struct s0_win32_ref *ref;
                struct sc_obj *o;
                struct s0_scm_req_name m = { 0 };
                e = sc_get(h, true, need, &ref, &o);
                if (e) {
                        free(rep);
                        return e;
                }
                (void) snprintf(m.name, sizeof m.name, "%s", o->name);
                e = sc_call(o, &m, S0_SCM_MSG_GET_CONFIG, sizeof m, rep, S0_SCM_MSG_SIZE_MAX, &n);
                sc_put(ref);
        }
        if (e) {
                free(rep);
                return e;
        }
        if (ret_text) {
                *ret_text = strndup(rep->text, rep->text_size);
                free(rep);
                return *ret_text ? 0 : ERROR_NOT_ENOUGH_MEMORY;
        }
        r = s0_svc_config_parse(rep->text, rep->text_size, ret, NULL);
        free(rep);
        return r < 0 ? ERROR_INVALID_DATA : 0;
}

/* Sends cfg for the service name through the connection of h (manager or service). */
static uint32_t set_config(SC_HANDLE h, bool service, const char *name, const struct s0_svc_config *cfg, bool create) {
        struct s0_win32_ref *ref;
        struct sc_obj *o;
        struct s0_scm_msg_config *m;
        struct s0_scm_hdr rep;
        char *text = NULL;
        size_t n;
        uint32_t e;

        if (s0_svc_config_format(cfg, &text) < 0)
                return ERROR_INVALID_PARAMETER;
        n = strlen(text);
        if (n > S0_SCM_CONFIG_TEXT_MAX) {
                free(text);
                return ERROR_INVALID_PARAMETER;
        }
        m = calloc(1, sizeof *m + n);
        if (!m) {
                free(text);
                return ERROR_NOT_ENOUGH_MEMORY;
        }
        m->flags = create ? S0_SCM_CONFIG_CREATE : 0;
        m->text_size = (uint32_t) n;
        memcpy(m->text, text, n);
        free(text);
        e = sc_get(h, service, service ? SERVICE_CHANGE_CONFIG : SC_MANAGER_CREATE_SERVICE, &ref, &o);
        if (!e) {
                (void) snprintf(m->name, sizeof m->name, "%s", name ? name : o->name);
                e = sc_call(o, m, S0_SCM_MSG_SET_CONFIG, sizeof *m + n, &rep, sizeof rep, NULL);
                sc_put(ref);
        }
        free(m);
        return e;
}

/* A double-NUL-terminated list into the dependency array. */
static uint32_t set_deps(struct s0_svc_config *c, const char *multi) {
        for (size_t i = 0; i < c->n_dependencies; i++)
                free(c->dependencies[i]);
        c->n_dependencies = 0;
        for (const char *p = multi; p && *p; p += strlen(p) + 1) {
                if (*p == '+') /* SC_GROUP_IDENTIFIER: load order groups do not exist here */
                        return ERROR_INVALID_PARAMETER;
                if (c->n_dependencies >= S0_SVC_DEPS_MAX || s0_scm_name_valid(p) < 0)
                        return ERROR_INVALID_PARAMETER;
                c->dependencies[c->n_dependencies] = strdup(p);
                if (!c->dependencies[c->n_dependencies])
                        return ERROR_NOT_ENOUGH_MEMORY;
                c->n_dependencies++;
        }
        return 0;
}

static uint32_t replace(char **field, const char *v) {
        char *n = strdup(v);
        if (!n)
                return ERROR_NOT_ENOUGH_MEMORY;
        free(*field);
        *field = n;
        return 0;
}

/* The BinaryPathName: a program, then its arguments, as sc.exe's binPath=. */
static uint32_t set_binary(struct s0_svc_config *c, const char *cmdline) {
        char **argv = NULL;
        size_t n = 0;
        const char *rest;
        uint32_t e;

        if (s0_svc_split_args(cmdline, 256, &argv, &n) < 0 || n == 0 || argv[0][0] != '/') {
                for (size_t i = 0; i < n; i++)
                        free(argv[i]);
                free(argv);
                return ERROR_INVALID_PARAMETER;
        }
        e = replace(&c->binary_path, argv[0]);
        for (size_t i = 0; i < n; i++)
                free(argv[i]);
        free(argv);
        /* the arguments as written, after the program */
        rest = cmdline;
        while (*rest == ' ')
                rest++;
        if (*rest == '"' || *rest == '\'') {
                const char *q = strchr(rest + 1, *rest);
                rest = q ? q + 1 : rest + strlen(rest);
        } else
                rest += strcspn(rest, " \t");
        while (*rest == ' ' || *rest == '\t')
                rest++;
        if (!e)
                e = replace(&c->arguments, rest);
        return e;
}

struct config_change {
        DWORD type, start, error_control;
        const char *binary, *group, *deps, *account, *display;
};

static uint32_t apply_change(struct s0_svc_config *c, const struct config_change *ch) {
        uint32_t e = 0;

        if (ch->type != SERVICE_NO_CHANGE && ch->type != SERVICE_WIN32_OWN_PROCESS)
                return ERROR_INVALID_PARAMETER; /* one service per process only */
        if (ch->start != SERVICE_NO_CHANGE) {
                if (ch->start != SERVICE_AUTO_START && ch->start != SERVICE_DEMAND_START && ch->start != SERVICE_DISABLED)
                        return ERROR_INVALID_PARAMETER;
                c->start_type = ch->start;
        }
        if (ch->error_control != SERVICE_NO_CHANGE && ch->error_control > SERVICE_ERROR_CRITICAL)
                return ERROR_INVALID_PARAMETER;
        if (ch->group && ch->group[0])
                return ERROR_INVALID_PARAMETER;
        if (ch->binary && (e = set_binary(c, ch->binary)))
                return e;
        if (ch->deps && (e = set_deps(c, ch->deps)))
                return e;
        if (ch->account) {
                enum s0_svc_account a;
                char *user = NULL;
                if (s0_svc_account_parse(ch->account, &a, &user) < 0)
                        return ERROR_INVALID_SERVICE_ACCOUNT;
                free(c->account_user);
                c->account = a;
                c->account_user = user;
        }
        if (ch->display && (e = replace(&c->display_name, ch->display)))
                return e;
        return 0;
}

WINBASEAPI SC_HANDLE WINAPI CreateServiceA(SC_HANDLE mgr, LPCSTR name, LPCSTR display, DWORD access, DWORD type,
                                          DWORD start, DWORD error_control, LPCSTR binary, LPCSTR group, LPDWORD tag,
                                          LPCSTR deps, LPCSTR account, LPCSTR password) {
        struct config_change ch = { type, start, error_control, binary, group, deps, account, display };
        struct s0_svc_config c;
        uint32_t e;

        (void) password; /* accounts are local users: no passwords */
        if (tag)
                return (SC_HANDLE) s0_win32_fail_handle(ERROR_INVALID_PARAMETER);
        if (!binary || type == SERVICE_NO_CHANGE || start == SERVICE_NO_CHANGE)
                return (SC_HANDLE) s0_win32_fail_handle(ERROR_INVALID_PARAMETER);
        e = check_name(name);
        if (e)
                return (SC_HANDLE) s0_win32_fail_handle(e);
        s0_svc_config_init(&c);
        e = apply_change(&c, &ch);
        if (!e)
                e = set_config(mgr, false, name, &c, true);
        s0_svc_config_done(&c);
        if (e)
                return (SC_HANDLE) s0_win32_fail_handle(e);
        return OpenServiceA(mgr, name, access);
}

WINBASEAPI BOOL WINAPI ChangeServiceConfigA(SC_HANDLE h, DWORD type, DWORD start, DWORD error_control, LPCSTR binary,
                                            LPCSTR group, LPDWORD tag, LPCSTR deps, LPCSTR account, LPCSTR password,
                                            LPCSTR display) {
        struct config_change ch = { type, start, error_control, binary, group, deps, account, display };
        struct s0_svc_config c;
        uint32_t e;

        (void) password;
        if (tag)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        e = get_config(h, SERVICE_CHANGE_CONFIG, &c, NULL);
        if (e)
                return s0_win32_fail(e);
        e = apply_change(&c, &ch);
        if (!e)
                e = set_config(h, true, NULL, &c, false);
        s0_svc_config_done(&c);
        return e ? s0_win32_fail(e) : TRUE;
}

WINBASEAPI BOOL WINAPI DeleteService(SC_HANDLE h) {
        struct s0_scm_hdr rep;
        uint32_t e = svc_call_name(h, DELETE, S0_SCM_MSG_DELETE, &rep, sizeof rep);
        return e ? s0_win32_fail(e) : TRUE;
}

WINBASEAPI LPSTR WINAPI S0QueryServiceConfigTextA(SC_HANDLE h) {
        char *text = NULL;
        uint32_t e = get_config(h, SERVICE_QUERY_CONFIG, NULL, &text);
        if (e) {
                SetLastError(e);
                return NULL;
        }
        return text;
}

/* ---- W and A buffers ---------------------------------------------------------------- */

/* Appends s (UTF-8) to the string area of a caller's buffer as A or W; returns its
 * address there, or NULL (and counts the bytes) once the buffer is full. */
struct strout {
        BYTE *base;
        size_t size, used;
        bool wide, overflow;
};

static void *put_str(struct strout *o, const char *s, bool multi) {
        size_t len = 0, bytes;
        void *at;

        if (multi)
                for (const char *p = s; *p; p += strlen(p) + 1)
                        len += strlen(p) + 1;
        else
                len = strlen(s);
        len += 1;
        if (o->wide) {
                /* bytes of UTF-16: at most one unit per UTF-8 byte */
                WCHAR *w = NULL;
                size_t units = 0;
                char *tmp = malloc(len);
                if (!tmp)
                        return NULL;
                memcpy(tmp, s, len);
                for (size_t i = 0; i + 1 < len; i++)
                        if (tmp[i] == 0)
                                tmp[i] = '\n'; /* the separators of a multi-string, put back below */
                if (s0_win32_utf8_to_utf16(tmp, &w, &units) != 0) {
                        free(tmp);
                        return NULL;
                }
                free(tmp);
                for (size_t i = 0; i < units; i++)
                        if (multi && w[i] == '\n')
                                w[i] = 0;
                bytes = (units + 1 + (multi ? 1 : 0)) * sizeof(WCHAR);
                bytes = (bytes + 1) & ~(size_t) 1;
                if (o->used + bytes > o->size) {
                        o->overflow = true;
                        o->used += bytes;
                        free(w);
                        return NULL;
                }
                at = o->base + o->used;
                memset(at, 0, bytes);
                memcpy(at, w, units * sizeof(WCHAR));
                free(w);
        } else {
                bytes = len + (multi ? 1 : 0);
                if (o->used + bytes > o->size) {
                        o->overflow = true;
                        o->used += bytes;
                        return NULL;
                }
                at = o->base + o->used;
                memset(at, 0, bytes);
                memcpy(at, s, len);
        }
        o->used += bytes;
        return at;
}

static BOOL query_config(SC_HANDLE h, void *buf, DWORD size, LPDWORD needed, bool wide) {
        QUERY_SERVICE_CONFIGA *qa = buf; /* same layout as the W struct: pointers */
        struct s0_svc_config c;
        struct strout o;
        char acct[80], deps[S0_SVC_DEPS_MAX * S0_SCM_NAME_MAX + 2], *cmd = NULL;
        size_t dn = 0;
        uint32_t e;

        if (!needed)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        e = get_config(h, SERVICE_QUERY_CONFIG, &c, NULL);
        if (e)
                return s0_win32_fail(e);
        for (size_t i = 0; i < c.n_dependencies; i++) {
                size_t l = strlen(c.dependencies[i]) + 1;
                memcpy(deps + dn, c.dependencies[i], l);
                dn += l;
        }
        deps[dn] = 0;
        if (asprintf(&cmd, "%s%s%s", c.binary_path, c.arguments && *c.arguments ? " " : "",
                     c.arguments ? c.arguments : "") < 0) {
                s0_svc_config_done(&c);
                return s0_win32_fail(ERROR_NOT_ENOUGH_MEMORY);
        }
        switch (c.account) {
        case S0_SVC_ACCOUNT_LOCAL_SERVICE:
                snprintf(acct, sizeof acct, "NT AUTHORITY\\LocalService");
                break;
        case S0_SVC_ACCOUNT_NETWORK_SERVICE:
                snprintf(acct, sizeof acct, "NT AUTHORITY\\NetworkService");
                break;
        case S0_SVC_ACCOUNT_USER:
                snprintf(acct, sizeof acct, ".\\%s", c.account_user);
                break;
        default:
                snprintf(acct, sizeof acct, "LocalSystem");
        }
        o = (struct strout) { buf, buf && size >= sizeof *qa ? size : 0, sizeof *qa, wide, false };
        if (!buf || size < sizeof *qa)
                o.overflow = true;
        {
                void *bin = put_str(&o, cmd, false), *grp = put_str(&o, "", false), *dep = put_str(&o, deps, true),
                     *acc = put_str(&o, acct, false), *dsp = put_str(&o, c.display_name ? c.display_name : "", false);
                if (!o.overflow) {
                        qa->dwServiceType = SERVICE_WIN32_OWN_PROCESS;
                        qa->dwStartType = c.start_type;
                        qa->dwErrorControl = SERVICE_ERROR_NORMAL;
                        qa->lpBinaryPathName = bin;
                        qa->lpLoadOrderGroup = grp;
                        qa->dwTagId = 0;
                        qa->lpDependencies = dep;
                        qa->lpServiceStartName = acc;
                        qa->lpDisplayName = dsp;
                }
        }
        free(cmd);
        s0_svc_config_done(&c);
        *needed = (DWORD) o.used;
        if (o.overflow)
                return s0_win32_fail(ERROR_INSUFFICIENT_BUFFER);
        return TRUE;
}

WINBASEAPI BOOL WINAPI QueryServiceConfigA(SC_HANDLE h, LPQUERY_SERVICE_CONFIGA c, DWORD size, LPDWORD needed) {
        return query_config(h, c, size, needed, false);
}

WINBASEAPI BOOL WINAPI QueryServiceConfigW(SC_HANDLE h, LPQUERY_SERVICE_CONFIGW c, DWORD size, LPDWORD needed) {
        return query_config(h, c, size, needed, true);
}

static bool state_matches(uint32_t st, DWORD want) {
        return (want & SERVICE_ACTIVE && st != SERVICE_STOPPED) || (want & SERVICE_INACTIVE && st == SERVICE_STOPPED);
}

/* Bytes s takes in a caller's buffer as A or W. */
static size_t str_bytes(const char *s, bool wide) {
        WCHAR *w = NULL;
        size_t units = 0;

        if (!wide)
                return strlen(s) + 1;
        if (s0_win32_utf8_to_utf16(s, &w, &units) != 0)
                return 2;
        free(w);
        return ((units + 1) * sizeof(WCHAR) + 1) & ~(size_t) 1;
}

/* All services, every page, into *ret. */
static uint32_t enum_all(struct sc_obj *o, struct s0_scm_enum_entry **ret, size_t *ret_n) {
        struct s0_scm_rep_enum *rep = malloc(S0_SCM_MSG_SIZE_MAX);
        struct s0_scm_enum_entry *all = NULL;
        uint32_t start = 0, e = 0;
        size_t n = 0;

        if (!rep)
                return ERROR_NOT_ENOUGH_MEMORY;
        do {
                struct s0_scm_req_enum m = { .start = start };
                struct s0_scm_enum_entry *p;
                e = sc_call(o, &m, S0_SCM_MSG_ENUM, sizeof m, rep, S0_SCM_MSG_SIZE_MAX, NULL);
                if (e)
                        break;
                p = realloc(all, (n + rep->count + 1) * sizeof *all);
                if (!p) {
                        e = ERROR_NOT_ENOUGH_MEMORY;
                        break;
                }
                all = p;
                memcpy(all + n, rep->entries, rep->count * sizeof *all);
                n += rep->count;
                start = rep->next;
        } while (start != 0);
        free(rep);
        if (e) {
                free(all);
                return e;
        }
        *ret = all;
        *ret_n = n;
        return 0;
}

static BOOL enum_services(SC_HANDLE mgr, DWORD type, DWORD state, LPBYTE buf, DWORD size, LPDWORD needed,
                          LPDWORD returned, LPDWORD resume, bool wide) {
        ENUM_SERVICE_STATUS_PROCESSA *out = (void *) buf; /* the W struct has the same layout */
        struct s0_scm_enum_entry *all = NULL;
        struct s0_win32_ref *ref;
        struct sc_obj *o;
        size_t n = 0, skip = resume ? *resume : 0, fit = 0, used = 0, want = 0, idx = 0;
        struct strout so;
        uint32_t e;

        if (!needed || !returned || !(type & SERVICE_WIN32) || !state || state > SERVICE_STATE_ALL)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        e = sc_get(mgr, false, SC_MANAGER_ENUMERATE_SERVICE, &ref, &o);
        if (e)
                return s0_win32_fail(e);
        e = enum_all(o, &all, &n);
        sc_put(ref);
        if (e)
                return s0_win32_fail(e);
        /* keep the matching ones after the resume point */
        for (size_t i = 0; i < n; i++)
                if (state_matches(all[i].status.current_state, state) && idx++ >= skip)
                        all[want++] = all[i];
        for (size_t i = 0; i < want; i++) {
                size_t b = sizeof *out + str_bytes(all[i].name, wide) + str_bytes(all[i].display_name, wide);
                if (used + b <= (buf ? size : 0) && fit == i) {
                        used += b;
                        fit++;
                } else
                        used += b;
        }
        so = (struct strout) { buf, size, fit * sizeof *out, wide, false };
        for (size_t i = 0; i < fit; i++) {
                out[i].lpServiceName = put_str(&so, all[i].name, false);
                out[i].lpDisplayName = put_str(&so, all[i].display_name, false);
                to_status_process(&all[i].status, &out[i].ServiceStatusProcess);
        }
        free(all);
        *returned = (DWORD) fit;
        if (fit < want) {
                *needed = (DWORD) used;
                if (resume)
                        *resume = (DWORD) (skip + fit);
                return s0_win32_fail(ERROR_MORE_DATA);
        }
        *needed = 0;
        if (resume)
                *resume = 0;
        return TRUE;
}

WINBASEAPI BOOL WINAPI EnumServicesStatusExA(SC_HANDLE mgr, SC_ENUM_TYPE level, DWORD type, DWORD state, LPBYTE buf,
                                             DWORD size, LPDWORD needed, LPDWORD returned, LPDWORD resume,
                                             LPCSTR group) {
        if (level != SC_ENUM_PROCESS_INFO)
                return s0_win32_fail(ERROR_INVALID_LEVEL);
        if (group && group[0])
                return s0_win32_fail(ERROR_SERVICE_DOES_NOT_EXIST); /* no load order groups */
        return enum_services(mgr, type, state, buf, size, needed, returned, resume, false);
}

WINBASEAPI BOOL WINAPI EnumServicesStatusExW(SC_HANDLE mgr, SC_ENUM_TYPE level, DWORD type, DWORD state, LPBYTE buf,
                                             DWORD size, LPDWORD needed, LPDWORD returned, LPDWORD resume,
                                             LPCWSTR group) {
        if (level != SC_ENUM_PROCESS_INFO)
                return s0_win32_fail(ERROR_INVALID_LEVEL);
        if (group && group[0])
                return s0_win32_fail(ERROR_SERVICE_DOES_NOT_EXIST);
        return enum_services(mgr, type, state, buf, size, needed, returned, resume, true);
}

/* ---- W wrappers ------------------------------------------------------------------------ */

/* A W string (NULL stays NULL) to UTF-8; multi: a double-NUL list. */
static uint32_t w2a(const WCHAR *w, bool multi, char **ret) {
        *ret = NULL;
        if (!w)
                return 0;
        if (!multi)
                return s0_win32_utf16_to_utf8(w, 0, ret);
        {
                size_t total = 0;
                char *out = NULL;
                for (const WCHAR *p = w; *p;) {
                        char *one;
                        size_t units = 0, l;
                        uint32_t e = s0_win32_utf16_to_utf8(p, 0, &one);
                        if (e) {
                                free(out);
                                return e;
                        }
                        l = strlen(one) + 1;
                        char *n = realloc(out, total + l + 1);
                        if (!n) {
                                free(one);
                                free(out);
                                return ERROR_NOT_ENOUGH_MEMORY;
                        }
                        out = n;
                        memcpy(out + total, one, l);
                        total += l;
                        free(one);
                        while (p[units])
                                units++;
                        p += units + 1;
                }
                if (!out && !(out = malloc(1)))
                        return ERROR_NOT_ENOUGH_MEMORY;
                out[total] = 0;
                *ret = out;
        }
        return 0;
}

WINBASEAPI SC_HANDLE WINAPI OpenSCManagerW(LPCWSTR machine, LPCWSTR database, DWORD access) {
        char *m = NULL, *d = NULL;
        SC_HANDLE h;
        uint32_t e = w2a(machine, false, &m);

        if (!e)
                e = w2a(database, false, &d);
        h = e ? (SC_HANDLE) s0_win32_fail_handle(e) : OpenSCManagerA(m, d, access);
        free(m);
        free(d);
        return h;
}

WINBASEAPI SC_HANDLE WINAPI OpenServiceW(SC_HANDLE mgr, LPCWSTR name, DWORD access) {
        char *n = NULL;
        SC_HANDLE h;
        uint32_t e = w2a(name, false, &n);

        h = e ? (SC_HANDLE) s0_win32_fail_handle(e) : OpenServiceA(mgr, n, access);
        free(n);
        return h;
}

WINBASEAPI SC_HANDLE WINAPI CreateServiceW(SC_HANDLE mgr, LPCWSTR name, LPCWSTR display, DWORD access, DWORD type,
                                          DWORD start, DWORD error_control, LPCWSTR binary, LPCWSTR group, LPDWORD tag,
                                          LPCWSTR deps, LPCWSTR account, LPCWSTR password) {
        char *a[6] = { NULL };
        SC_HANDLE h = NULL;
        uint32_t e;

        (void) password;
        if (!(e = w2a(name, false, &a[0])) && !(e = w2a(display, false, &a[1])) && !(e = w2a(binary, false, &a[2])) &&
            !(e = w2a(group, false, &a[3])) && !(e = w2a(deps, true, &a[4])) && !(e = w2a(account, false, &a[5])))
                h = CreateServiceA(mgr, a[0], a[1], access, type, start, error_control, a[2], a[3], tag, a[4], a[5], NULL);
        else
                SetLastError(e);
        for (int i = 0; i < 6; i++)
                free(a[i]);
        return h;
}

WINBASEAPI BOOL WINAPI ChangeServiceConfigW(SC_HANDLE h, DWORD type, DWORD start, DWORD error_control, LPCWSTR binary,
                                            LPCWSTR group, LPDWORD tag, LPCWSTR deps, LPCWSTR account, LPCWSTR password,
                                            LPCWSTR display) {
        char *a[5] = { NULL };
        BOOL r = FALSE;
        uint32_t e;

        (void) password;
        if (!(e = w2a(binary, false, &a[0])) && !(e = w2a(group, false, &a[1])) && !(e = w2a(deps, true, &a[2])) &&
            !(e = w2a(account, false, &a[3])) && !(e = w2a(display, false, &a[4])))
                r = ChangeServiceConfigA(h, type, start, error_control, a[0], a[1], tag, a[2], a[3], NULL, a[4]);
        else
                SetLastError(e);
        for (int i = 0; i < 5; i++)
                free(a[i]);
        return r;
}

/* ---- ChangeServiceConfig2 / QueryServiceConfig2 ------------------------------------------- */

/* The A and W structures have the same layout (strings are pointers): the code reads
 * and writes them through the A type and converts strings by `wide`. */

/* A string of the caller's structure to UTF-8 (NULL stays NULL). */
static uint32_t in_str(const void *p, bool wide, char **ret) {
        *ret = NULL;
        if (!p)
                return 0;
        if (wide)
                return w2a(p, false, ret);
        *ret = strdup(p);
        return *ret ? 0 : ERROR_NOT_ENOUGH_MEMORY;
}

static uint32_t change_description(struct s0_svc_config *c, const SERVICE_DESCRIPTIONA *d, bool wide) {
        char *s = NULL;
        uint32_t e;

        if (!d->lpDescription)
                return 0; /* NULL: unchanged (documented) */
        e = in_str(d->lpDescription, wide, &s);
        if (e)
                return e;
        if (strchr(s, '\n') || strchr(s, '\r')) { /* one line in the .conf file */
                free(s);
                return ERROR_INVALID_PARAMETER;
        }
        free(c->description);
        c->description = s; /* "": deleted (the file leaves an empty one out) */
        return 0;
}

static uint32_t change_failure_actions(struct s0_svc_config *c, const SERVICE_FAILURE_ACTIONSA *f, bool wide,
                                       uint32_t access) {
        const void *reboot = f->lpRebootMsg, *cmd = f->lpCommand;

        /* no reboot message or command to keep: SC_ACTION_REBOOT and RUN_COMMAND do not
         * exist here (a NULL or empty one changes nothing) */
        if ((reboot && (wide ? *(const WCHAR *) reboot : *(const char *) reboot)) ||
            (cmd && (wide ? *(const WCHAR *) cmd : *(const char *) cmd)))
                return ERROR_NOT_SUPPORTED;
        if (!f->lpsaActions)
                return 0; /* NULL: the actions and the reset period stay (documented) */
        if (f->cActions > S0_SVC_ACTIONS_MAX)
                return ERROR_INVALID_PARAMETER;
        for (DWORD i = 0; i < f->cActions; i++) {
                if (f->lpsaActions[i].Type != SC_ACTION_NONE && f->lpsaActions[i].Type != SC_ACTION_RESTART)
                        return ERROR_NOT_SUPPORTED; /* reboot, run command */
                /* restarting is starting: the handle needs SERVICE_START too (documented) */
                if (f->lpsaActions[i].Type == SC_ACTION_RESTART && !(access & SERVICE_START))
                        return ERROR_ACCESS_DENIED;
        }
        c->n_actions = f->cActions;
        for (DWORD i = 0; i < f->cActions; i++)
                c->actions[i] = (struct s0_svc_action) { (uint32_t) f->lpsaActions[i].Type, f->lpsaActions[i].Delay };
        /* INFINITE (never reset) is ResetPeriod=0 in the file */
        c->reset_period_s = f->dwResetPeriod == INFINITE ? 0 : f->dwResetPeriod;
        return 0;
}

static bool level_known(DWORD level) {
        return level == SERVICE_CONFIG_DESCRIPTION || level == SERVICE_CONFIG_FAILURE_ACTIONS ||
               level == SERVICE_CONFIG_DELAYED_AUTO_START_INFO || level == SERVICE_CONFIG_PRESHUTDOWN_INFO;
}

static BOOL change_config2(SC_HANDLE h, DWORD level, const void *info, bool wide) {
        struct s0_win32_ref *ref;
        struct sc_obj *o;
        struct s0_svc_config c;
        uint32_t access, e;

        e = sc_get(h, true, SERVICE_CHANGE_CONFIG, &ref, &o);
        if (e)
                return s0_win32_fail(e);
        access = o->access;
        sc_put(ref);
        if (!level_known(level))
                return s0_win32_fail(ERROR_INVALID_LEVEL);
        if (!info)
                return TRUE; /* NULL: the information stays as it is (documented) */
        e = get_config(h, SERVICE_CHANGE_CONFIG, &c, NULL);
        if (e)
                return s0_win32_fail(e);
        switch (level) {
        case SERVICE_CONFIG_DESCRIPTION:
                e = change_description(&c, info, wide);
                break;
        case SERVICE_CONFIG_FAILURE_ACTIONS:
                e = change_failure_actions(&c, info, wide, access);
                break;
        case SERVICE_CONFIG_DELAYED_AUTO_START_INFO:
                c.delayed_auto_start = ((const SERVICE_DELAYED_AUTO_START_INFO *) info)->fDelayedAutostart != FALSE;
                break;
        case SERVICE_CONFIG_PRESHUTDOWN_INFO:
                c.preshutdown_timeout_ms = ((const SERVICE_PRESHUTDOWN_INFO *) info)->dwPreshutdownTimeout;
                break;
        }
        if (!e)
                e = set_config(h, true, NULL, &c, false);
        s0_svc_config_done(&c);
        return e ? s0_win32_fail(e) : TRUE;
}

WINBASEAPI BOOL WINAPI ChangeServiceConfig2A(SC_HANDLE h, DWORD level, LPVOID info) {
        return change_config2(h, level, info, false);
}

WINBASEAPI BOOL WINAPI ChangeServiceConfig2W(SC_HANDLE h, DWORD level, LPVOID info) {
        return change_config2(h, level, info, true);
}

/* Fills buf (size bytes) with level's structure and what it points to; the bytes it
 * takes into *needed. Strings follow the structure (and the actions array), as Windows
 * lays them out, so the buffer is one block the caller frees at once. */
static bool fill_config2(const struct s0_svc_config *c, DWORD level, BYTE *buf, size_t size, bool wide, size_t *needed) {
        size_t head;
        struct strout o;

        switch (level) {
        case SERVICE_CONFIG_DELAYED_AUTO_START_INFO:
                *needed = sizeof(SERVICE_DELAYED_AUTO_START_INFO);
                if (!buf || size < *needed)
                        return false;
                ((SERVICE_DELAYED_AUTO_START_INFO *) (void *) buf)->fDelayedAutostart = c->delayed_auto_start;
                return true;
        case SERVICE_CONFIG_PRESHUTDOWN_INFO:
                *needed = sizeof(SERVICE_PRESHUTDOWN_INFO);
                if (!buf || size < *needed)
                        return false;
                ((SERVICE_PRESHUTDOWN_INFO *) (void *) buf)->dwPreshutdownTimeout = c->preshutdown_timeout_ms;
                return true;
        case SERVICE_CONFIG_DESCRIPTION: {
                SERVICE_DESCRIPTIONA *d = (void *) buf;
                void *str;
                head = sizeof *d;
                o = (struct strout) { buf, buf && size >= head ? size : 0, head, wide, !buf || size < head };
                /* no description: lpDescription NULL, nothing after the structure */
                str = c->description && *c->description ? put_str(&o, c->description, false) : NULL;
                *needed = o.used;
                if (o.overflow)
                        return false;
                d->lpDescription = str;
                return true;
        }
        default: { /* SERVICE_CONFIG_FAILURE_ACTIONS */
                SERVICE_FAILURE_ACTIONSA *f = (void *) buf;
                head = sizeof *f + c->n_actions * sizeof(SC_ACTION);
                *needed = head;
                if (!buf || size < head)
                        return false;
                f->dwResetPeriod = c->reset_period_s ? c->reset_period_s : INFINITE;
                f->lpRebootMsg = NULL;
                f->lpCommand = NULL;
                f->cActions = (DWORD) c->n_actions;
                f->lpsaActions = c->n_actions ? (SC_ACTION *) (void *) (buf + sizeof *f) : NULL;
                for (size_t i = 0; i < c->n_actions; i++)
                        f->lpsaActions[i] = (SC_ACTION) { (SC_ACTION_TYPE) c->actions[i].type, c->actions[i].delay_ms };
                return true;
        }
        }
}

static BOOL query_config2(SC_HANDLE h, DWORD level, LPBYTE buf, DWORD size, LPDWORD needed, bool wide) {
        struct s0_svc_config c;
        size_t n = 0;
        bool ok;
        uint32_t e;

        if (!needed)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        e = get_config(h, SERVICE_QUERY_CONFIG, &c, NULL);
        if (e)
                return s0_win32_fail(e);
        if (!level_known(level)) {
                s0_svc_config_done(&c);
                return s0_win32_fail(ERROR_INVALID_LEVEL);
        }
        ok = fill_config2(&c, level, buf, size, wide, &n);
        s0_svc_config_done(&c);
        *needed = (DWORD) n;
        /* too small: nothing useful was written, the size is in *pcbBytesNeeded */
        return ok ? TRUE : s0_win32_fail(ERROR_INSUFFICIENT_BUFFER);
}

WINBASEAPI BOOL WINAPI QueryServiceConfig2A(SC_HANDLE h, DWORD level, LPBYTE buf, DWORD size, LPDWORD needed) {
        return query_config2(h, level, buf, size, needed, false);
}

WINBASEAPI BOOL WINAPI QueryServiceConfig2W(SC_HANDLE h, DWORD level, LPBYTE buf, DWORD size, LPDWORD needed) {
        return query_config2(h, level, buf, size, needed, true);
}
