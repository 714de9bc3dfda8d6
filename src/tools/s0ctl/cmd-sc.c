/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * s0ctl sc: sc.exe over s0-scm, through the Win32 service API (libsession0-win32's A
 * functions), with sc.exe's verbs and its "key= value" arguments. --json for scripts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <windows.h>

#include "s0ctl.h"

static void help(void) {
        printf("Usage: s0ctl sc VERB [SERVICE] [key= value ...] [--json]\n"
               "\n"
               "  query [SERVICE]        state (all services, like 'sc query state= all')\n"
               "  queryex [SERVICE]      state and pid\n"
               "  qc SERVICE             configuration\n"
               "  start|stop|pause|continue SERVICE\n"
               "  qdescription SERVICE   its description (QueryServiceConfig2)\n"
               "  qfailure SERVICE       its recovery actions (QueryServiceConfig2)\n"
               "  description SERVICE TEXT  set the description (\"\" deletes it)\n"
               "  create SERVICE binPath= CMD [start= auto|delayed-auto|demand|disabled] [obj= ACCOUNT]\n"
               "                         [depend= A/B] [DisplayName= NAME]\n"
               "  config SERVICE [the same keys]\n"
               "  failure SERVICE [reset= SECONDS] actions= restart/5000/restart/10000/none/0\n"
               "  delete SERVICE\n"
               "\n"
               "s0-scm shuts the services down on SIGTERM (SERVICE_CONTROL_SHUTDOWN): see s0-scm(8).\n");
}

static const char *state_name(DWORD s) {
        static const char *const n[] = { "?", "STOPPED", "START_PENDING", "STOP_PENDING", "RUNNING",
                                         "CONTINUE_PENDING", "PAUSE_PENDING", "PAUSED" };
        return s <= 7 ? n[s] : "?";
}

static int fail(const char *what, const char *svc) {
        DWORD e = GetLastError();
        fprintf(stderr, "s0ctl sc: %s '%s' failed: error %u%s\n", what, svc ? svc : "", (unsigned) e,
                e == ERROR_ACCESS_DENIED                ? " (ERROR_ACCESS_DENIED)" :
                e == ERROR_SERVICE_DOES_NOT_EXIST      ? " (ERROR_SERVICE_DOES_NOT_EXIST)" :
                e == ERROR_SERVICE_ALREADY_RUNNING     ? " (ERROR_SERVICE_ALREADY_RUNNING)" :
                e == ERROR_SERVICE_NOT_ACTIVE          ? " (ERROR_SERVICE_NOT_ACTIVE)" :
                e == ERROR_CIRCULAR_DEPENDENCY         ? " (ERROR_CIRCULAR_DEPENDENCY)" :
                e == ERROR_DEPENDENT_SERVICES_RUNNING  ? " (ERROR_DEPENDENT_SERVICES_RUNNING)" :
                e == ERROR_INVALID_SERVICE_CONTROL     ? " (ERROR_INVALID_SERVICE_CONTROL)" :
                e == ERROR_SERVICE_CANNOT_ACCEPT_CTRL  ? " (ERROR_SERVICE_CANNOT_ACCEPT_CTRL)" :
                e == ERROR_SERVICE_EXISTS              ? " (ERROR_SERVICE_EXISTS)" :
                e == ERROR_SERVICE_MARKED_FOR_DELETE   ? " (ERROR_SERVICE_MARKED_FOR_DELETE)" :
                e == ERROR_SHUTDOWN_IN_PROGRESS        ? " (ERROR_SHUTDOWN_IN_PROGRESS: s0-scm is shutting down)" :
                e == 1722                              ? " (is s0-scm running?)" : "");
        return 1;
}

static void print_status(const struct s0ctl_args *a, const char *name, const char *display,
                         const SERVICE_STATUS_PROCESS *s, bool ex, bool first) {
        if (a->json) {
                printf("%s\n  {\"name\": ", first ? "" : ",");
                json_string(stdout, name);
                if (display) {
                        printf(", \"display_name\": ");
                        json_string(stdout, display);
                }
                printf(", \"type\": %u, \"state\": \"%s\", \"state_code\": %u, \"controls_accepted\": %u, "
                       "\"win32_exit_code\": %u, \"service_exit_code\": %u, \"checkpoint\": %u, \"wait_hint\": %u, "
                       "\"pid\": %u}",
                       (unsigned) s->dwServiceType, state_name(s->dwCurrentState), (unsigned) s->dwCurrentState,
                       (unsigned) s->dwControlsAccepted, (unsigned) s->dwWin32ExitCode,
                       (unsigned) s->dwServiceSpecificExitCode, (unsigned) s->dwCheckPoint, (unsigned) s->dwWaitHint,
                       (unsigned) s->dwProcessId);
                return;
        }
        printf("\nSERVICE_NAME: %s\n", name);
        if (display)
                printf("DISPLAY_NAME: %s\n", display);
        printf("        TYPE               : %-2x  WIN32_OWN_PROCESS\n", (unsigned) s->dwServiceType);
        printf("        STATE              : %-2u  %s\n", (unsigned) s->dwCurrentState, state_name(s->dwCurrentState));
        printf("                                (%s, %s)\n",
               s->dwControlsAccepted & SERVICE_ACCEPT_STOP ? "STOPPABLE" : "NOT_STOPPABLE",
               s->dwControlsAccepted & SERVICE_ACCEPT_PAUSE_CONTINUE ? "PAUSABLE" : "NOT_PAUSABLE");
        printf("        WIN32_EXIT_CODE    : %u  (0x%x)\n", (unsigned) s->dwWin32ExitCode, (unsigned) s->dwWin32ExitCode);
        printf("        SERVICE_EXIT_CODE  : %u  (0x%x)\n", (unsigned) s->dwServiceSpecificExitCode,
               (unsigned) s->dwServiceSpecificExitCode);
        printf("        CHECKPOINT         : 0x%x\n", (unsigned) s->dwCheckPoint);
        printf("        WAIT_HINT          : 0x%x\n", (unsigned) s->dwWaitHint);
        if (ex) {
                printf("        PID                : %u\n", (unsigned) s->dwProcessId);
                printf("        FLAGS              :\n");
        }
}

static int query_all(const struct s0ctl_args *a, SC_HANDLE m, bool ex) {
        DWORD needed = 0, n = 0, resume = 0, size = 0;
        BYTE *buf = NULL;
        BOOL ok;

        /* the size first, then the whole list */
        ok = EnumServicesStatusExA(m, SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_STATE_ALL, NULL, 0, &needed, &n,
                                   &resume, NULL);
        if (!ok && GetLastError() != ERROR_MORE_DATA)
                return fail("EnumServicesStatusEx", "");
        size = needed + 1024;
        buf = malloc(size);
        resume = 0;
        if (!buf || !EnumServicesStatusExA(m, SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_STATE_ALL, buf, size,
                                           &needed, &n, &resume, NULL)) {
                free(buf);
                return fail("EnumServicesStatusEx", "");
        }
        if (a->json)
                printf("[");
        for (DWORD i = 0; i < n; i++) {
                ENUM_SERVICE_STATUS_PROCESSA *e = (ENUM_SERVICE_STATUS_PROCESSA *) (void *) buf + i;
                print_status(a, e->lpServiceName, e->lpDisplayName, &e->ServiceStatusProcess, ex, i == 0);
        }
        if (a->json)
                printf("%s]\n", n ? "\n" : "");
        free(buf);
        return 0;
}

static int query_one(const struct s0ctl_args *a, SC_HANDLE s, const char *name, bool ex) {
        SERVICE_STATUS_PROCESS st;
        DWORD needed;

        if (!QueryServiceStatusEx(s, SC_STATUS_PROCESS_INFO, (LPBYTE) &st, sizeof st, &needed))
                return fail("QueryServiceStatusEx", name);
        if (a->json)
                printf("[");
        print_status(a, name, NULL, &st, ex, true);
        if (a->json)
                printf("\n]\n");
        return 0;
}

static int qc(const struct s0ctl_args *a, SC_HANDLE s, const char *name) {
        DWORD needed = 0;
        QUERY_SERVICE_CONFIGA *c;

        (void) QueryServiceConfigA(s, NULL, 0, &needed);
        c = malloc(needed ? needed : 1);
        if (!c || !QueryServiceConfigA(s, c, needed, &needed)) {
                free(c);
                return fail("QueryServiceConfig", name);
        }
        if (a->json) {
                printf("{\"name\": ");
                json_string(stdout, name);
                printf(", \"start_type\": %u, \"binary_path\": ", (unsigned) c->dwStartType);
                json_string(stdout, c->lpBinaryPathName);
                printf(", \"account\": ");
                json_string(stdout, c->lpServiceStartName);
                printf(", \"display_name\": ");
                json_string(stdout, c->lpDisplayName);
                printf(", \"dependencies\": [");
                for (const char *p = c->lpDependencies; p && *p; p += strlen(p) + 1) {
                        printf("%s", p == c->lpDependencies ? "" : ", ");
                        json_string(stdout, p);
                }
                printf("]}\n");
        } else {
                printf("SERVICE_NAME: %s\n", name);
                printf("        TYPE               : 10  WIN32_OWN_PROCESS\n");
                printf("        START_TYPE         : %u   %s\n", (unsigned) c->dwStartType,
                       c->dwStartType == SERVICE_AUTO_START ? "AUTO_START" :
                       c->dwStartType == SERVICE_DISABLED   ? "DISABLED" : "DEMAND_START");
                printf("        BINARY_PATH_NAME   : %s\n", c->lpBinaryPathName);
                printf("        DEPENDENCIES       :");
                for (const char *p = c->lpDependencies; p && *p; p += strlen(p) + 1)
                        printf(" %s", p);
                printf("\n        SERVICE_START_NAME : %s\n", c->lpServiceStartName);
                printf("        DISPLAY_NAME       : %s\n", c->lpDisplayName);
        }
        free(c);
        return 0;
}

/* "key= value" pairs, as sc.exe takes them (the '=' belongs to the key). */
struct sc_opts {
        const char *bin, *start, *obj, *depend, *display, *reset, *actions;
};

static int parse_opts(int argc, char **argv, struct sc_opts *o) {
        for (int i = 0; i < argc; i++) {
                const char *k = argv[i], *v;
                size_t n = strlen(k);
                if (n < 2 || k[n - 1] != '=' || i + 1 >= argc) {
                        fprintf(stderr, "s0ctl sc: expected 'key= value', got '%s'\n", k);
                        return -1;
                }
                v = argv[++i];
                if (strcasecmp(k, "binPath=") == 0)
                        o->bin = v;
                else if (strcasecmp(k, "start=") == 0)
                        o->start = v;
                else if (strcasecmp(k, "obj=") == 0)
                        o->obj = v;
                else if (strcasecmp(k, "depend=") == 0)
                        o->depend = v;
                else if (strcasecmp(k, "DisplayName=") == 0)
                        o->display = v;
                else if (strcasecmp(k, "reset=") == 0)
                        o->reset = v;
                else if (strcasecmp(k, "actions=") == 0)
                        o->actions = v;
                else {
                        fprintf(stderr, "s0ctl sc: unknown key '%s'\n", k);
                        return -1;
                }
        }
        return 0;
}

static DWORD start_type(const char *s) {
        if (!s)
                return SERVICE_NO_CHANGE;
        if (strcasecmp(s, "auto") == 0 || strcasecmp(s, "delayed-auto") == 0)
                return SERVICE_AUTO_START;
        if (strcasecmp(s, "demand") == 0)
                return SERVICE_DEMAND_START;
        if (strcasecmp(s, "disabled") == 0)
                return SERVICE_DISABLED;
        return 0xFFFFFFFEu;
}

/* depend= A/B as a double-NUL list */
static char *multi(const char *s) {
        size_t n;
        char *m;

        if (!s)
                return NULL;
        n = strlen(s);
        m = calloc(n + 2, 1);
        if (!m)
                return NULL;
        memcpy(m, s, n);
        for (size_t i = 0; i < n; i++)
                if (m[i] == '/')
                        m[i] = 0;
        return m;
}

static int failure(SC_HANDLE s, const char *name, const struct sc_opts *o) {
        SC_ACTION act[8];
        SERVICE_FAILURE_ACTIONSW fa = { .dwResetPeriod = o->reset ? (DWORD) strtoul(o->reset, NULL, 10) : 0 };
        char *copy = o->actions ? strdup(o->actions) : NULL, *save = NULL, *t;
        DWORD n = 0;

        for (t = copy ? strtok_r(copy, "/", &save) : NULL; t && n < 8; t = strtok_r(NULL, "/", &save)) {
                char *d = strtok_r(NULL, "/", &save);
                act[n].Type = strcasecmp(t, "restart") == 0 ? SC_ACTION_RESTART : SC_ACTION_NONE;
                act[n].Delay = d ? (DWORD) strtoul(d, NULL, 10) : 0;
                n++;
        }
        free(copy);
        fa.cActions = n;
        fa.lpsaActions = act;
        if (!ChangeServiceConfig2W(s, SERVICE_CONFIG_FAILURE_ACTIONS, &fa))
                return fail("ChangeServiceConfig2", name);
        printf("[SC] ChangeServiceConfig2 SUCCESS\n");
        return 0;
}

/* start= auto and delayed-auto differ only in SERVICE_CONFIG_DELAYED_AUTO_START_INFO,
 * as with sc.exe */
static int set_delayed(SC_HANDLE s, const char *name, const char *start) {
        SERVICE_DELAYED_AUTO_START_INFO d = { start && strcasecmp(start, "delayed-auto") == 0 };

        if (!start || start_type(start) != SERVICE_AUTO_START)
                return 0;
        if (!ChangeServiceConfig2A(s, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, &d))
                return fail("ChangeServiceConfig2", name);
        return 0;
}

/* QueryServiceConfig2A at level into a malloc'd buffer, or NULL (reported). */
static void *query2(SC_HANDLE s, const char *name, DWORD level) {
        DWORD needed = 0;
        BYTE *buf;

        if (QueryServiceConfig2A(s, level, NULL, 0, &needed) || GetLastError() != ERROR_INSUFFICIENT_BUFFER) {
                (void) fail("QueryServiceConfig2", name);
                return NULL;
        }
        buf = malloc(needed);
        if (!buf || !QueryServiceConfig2A(s, level, buf, needed, &needed)) {
                free(buf);
                (void) fail("QueryServiceConfig2", name);
                return NULL;
        }
        return buf;
}

static int qdescription(const struct s0ctl_args *a, SC_HANDLE s, const char *name) {
        SERVICE_DESCRIPTIONA *d = query2(s, name, SERVICE_CONFIG_DESCRIPTION);

        if (!d)
                return 1;
        if (a->json) {
                printf("{\"name\": ");
                json_string(stdout, name);
                printf(", \"description\": ");
                if (d->lpDescription)
                        json_string(stdout, d->lpDescription);
                else
                        printf("null");
                printf("}\n");
        } else
                printf("[SC] QueryServiceConfig2 SUCCESS\n\nSERVICE_NAME: %s\nDESCRIPTION:  %s\n", name,
                       d->lpDescription ? d->lpDescription : "");
        free(d);
        return 0;
}

static int qfailure(const struct s0ctl_args *a, SC_HANDLE s, const char *name) {
        SERVICE_FAILURE_ACTIONSA *f = query2(s, name, SERVICE_CONFIG_FAILURE_ACTIONS);

        if (!f)
                return 1;
        if (a->json) {
                printf("{\"name\": ");
                json_string(stdout, name);
                printf(", \"reset_period\": %u, \"actions\": [", (unsigned) f->dwResetPeriod);
                for (DWORD i = 0; i < f->cActions; i++)
                        printf("%s{\"type\": \"%s\", \"delay\": %u}", i ? ", " : "",
                               f->lpsaActions[i].Type == SC_ACTION_RESTART ? "restart" : "none",
                               (unsigned) f->lpsaActions[i].Delay);
                printf("]}\n");
        } else {
                printf("[SC] QueryServiceConfig2 SUCCESS\n\nSERVICE_NAME: %s\n", name);
                if (f->dwResetPeriod == INFINITE)
                        printf("        RESET_PERIOD (in seconds)    : INFINITE\n");
                else
                        printf("        RESET_PERIOD (in seconds)    : %u\n", (unsigned) f->dwResetPeriod);
                for (DWORD i = 0; i < f->cActions; i++)
                        printf("        %s : %s -- Delay = %u milliseconds.\n", i ? "                          " :
                                                                                  "FAILURE_ACTIONS           ",
                               f->lpsaActions[i].Type == SC_ACTION_RESTART ? "RESTART" : "NONE",
                               (unsigned) f->lpsaActions[i].Delay);
        }
        free(f);
        return 0;
}

static int control(const struct s0ctl_args *a, SC_HANDLE s, const char *name, DWORD code) {
        SERVICE_STATUS st;
        SERVICE_STATUS_PROCESS sp = { 0 };

        if (!ControlService(s, code, &st))
                return fail("ControlService", name);
        memcpy(&sp, &st, sizeof st);
        print_status(a, name, NULL, &sp, false, true);
        if (a->json)
                printf("\n");
        return 0;
}

int cmd_sc(const struct s0ctl_args *a, int argc, char **argv) {
        struct sc_opts o = { 0 };
        const char *verb, *name;
        SC_HANDLE m, s = NULL;
        int r = 0;

        if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
                help();
                return argc < 2 ? 2 : 0;
        }
        verb = argv[1];
        name = argc > 2 ? argv[2] : NULL;
        if (name && strchr(name, '=')) /* "query state= all" */
                name = NULL;
        if (a->runtime_dir)
                (void) setenv("S0_RUNTIME_DIR", a->runtime_dir, 1);
        m = OpenSCManagerA(NULL, NULL, SC_MANAGER_ALL_ACCESS);
        if (!m)
                return fail("OpenSCManager", "");
        if ((strcmp(verb, "query") == 0 || strcmp(verb, "queryex") == 0) && !name) {
                r = query_all(a, m, strcmp(verb, "queryex") == 0);
                CloseServiceHandle(m);
                return r;
        }
        if (!name) {
                fprintf(stderr, "s0ctl sc %s: which service?\n", verb);
                CloseServiceHandle(m);
                return 2;
        }
        if (strcmp(verb, "description") == 0) {
                SERVICE_DESCRIPTIONA d = { argc > 3 ? argv[3] : NULL };
                if (argc != 4) {
                        fprintf(stderr, "s0ctl sc description: expected SERVICE TEXT\n");
                        CloseServiceHandle(m);
                        return 2;
                }
                s = OpenServiceA(m, name, SERVICE_CHANGE_CONFIG);
                if (!s)
                        r = fail("OpenService", name);
                else if (!ChangeServiceConfig2A(s, SERVICE_CONFIG_DESCRIPTION, &d))
                        r = fail("ChangeServiceConfig2", name);
                else
                        printf("[SC] ChangeServiceConfig2 SUCCESS\n");
                goto out;
        }
        if (parse_opts(argc - 3, argv + 3, &o) < 0) {
                CloseServiceHandle(m);
                return 2;
        }
        if (strcmp(verb, "create") == 0) {
                char *deps = multi(o.depend);
                if (!o.bin) {
                        fprintf(stderr, "s0ctl sc create: binPath= is required\n");
                        r = 2;
                } else if (!(s = CreateServiceA(m, name, o.display, SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS,
                                                o.start ? start_type(o.start) : SERVICE_DEMAND_START,
                                                SERVICE_ERROR_NORMAL, o.bin, NULL, NULL, deps, o.obj, NULL)))
                        r = fail("CreateService", name);
                else if ((r = set_delayed(s, name, o.start)) == 0)
                        printf("[SC] CreateService SUCCESS\n");
                free(deps);
                goto out;
        }
        s = OpenServiceA(m, name, SERVICE_ALL_ACCESS);
        if (!s) {
                r = fail("OpenService", name);
                goto out;
        }
        if (strcmp(verb, "query") == 0 || strcmp(verb, "queryex") == 0)
                r = query_one(a, s, name, strcmp(verb, "queryex") == 0);
        else if (strcmp(verb, "qc") == 0)
                r = qc(a, s, name);
        else if (strcmp(verb, "qdescription") == 0)
                r = qdescription(a, s, name);
        else if (strcmp(verb, "qfailure") == 0)
                r = qfailure(a, s, name);
        else if (strcmp(verb, "start") == 0) {
                if (!StartServiceA(s, 0, NULL))
                        r = fail("StartService", name);
                else
                        r = query_one(a, s, name, true);
        } else if (strcmp(verb, "stop") == 0)
                r = control(a, s, name, SERVICE_CONTROL_STOP);
        else if (strcmp(verb, "pause") == 0)
                r = control(a, s, name, SERVICE_CONTROL_PAUSE);
        else if (strcmp(verb, "continue") == 0)
                r = control(a, s, name, SERVICE_CONTROL_CONTINUE);
        else if (strcmp(verb, "delete") == 0) {
                if (!DeleteService(s))
                        r = fail("DeleteService", name);
                else
                        printf("[SC] DeleteService SUCCESS\n");
        } else if (strcmp(verb, "config") == 0) {
                char *deps = multi(o.depend);
                if (!ChangeServiceConfigA(s, SERVICE_NO_CHANGE, start_type(o.start), SERVICE_NO_CHANGE, o.bin, NULL, NULL,
                                          deps, o.obj, NULL, o.display))
                        r = fail("ChangeServiceConfig", name);
                else if ((r = set_delayed(s, name, o.start)) == 0)
                        printf("[SC] ChangeServiceConfig SUCCESS\n");
                free(deps);
        } else if (strcmp(verb, "failure") == 0)
                r = failure(s, name, &o);
        else {
                fprintf(stderr, "s0ctl sc: unknown verb '%s' (try 's0ctl sc --help')\n", verb);
                r = 2;
        }
out:
        if (s)
                CloseServiceHandle(s);
        CloseServiceHandle(m);
        return r;
}
