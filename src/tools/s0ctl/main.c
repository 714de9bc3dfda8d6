/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0ctl: the command line for session0d. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "s0ctl.h"

static void help(void) {
        printf("Usage: s0ctl [--runtime-dir DIR] [--json] COMMAND [ARGS...]\n"
               "\n"
               "Commands:\n"
               "  logon USER [--keep] [-- CMD...]  log USER on to a new session (root)\n"
               "  run --session N [--user U] -- CMD...  start CMD in session N\n"
               "  sessions                          list sessions (like qwinsta)\n"
               "  session-of PID                    the session of a process\n"
               "  logoff ID                         log a session off\n"
               "  disconnect ID                     leave a session running, detached\n"
               "  lock ID, unlock ID                lock or unlock a session (services are told)\n"
               "  objects [--session N | --all]     list named objects (like WinObj)\n"
               "  events [--follow] [--session N] [--kind K]  the audit journal of crossings\n"
               "  object VERB TYPE NAME [OPTIONS]   create, open, set, wait, hold... a named\n"
               "                                    event, mutex, semaphore, timer or section\n"
               "  message --session N [--style S] [--title T] [--timeout S] [--no-wait] TEXT\n"
               "                                    a message box in session N (WTSSendMessage)\n"
               "  sc VERB [SERVICE] [key= value]    services, like sc.exe (s0-scm)\n"
               "  pipe call NAME MESSAGE            one message to a named pipe and its answer\n"
               "  print [--printer NAME] FILE       print FILE through s0-spooler\n"
               "  printers                          the spooler's printers\n"
               "  jobs [--printer NAME]             print jobs\n"
               "  job cancel|pause|resume|delete ID control a print job\n"
               "  devices                           the devices of s0-drvhost and their drivers\n"
               "  device read|write|ioctl NAME ...  one request to \\\\.\\NAME\n"
               "  windows [--session N]             the windows of a session (its session host)\n"
               "\n"
               "Options:\n"
               "  --runtime-dir DIR   talk to the session0d of DIR (default $S0_RUNTIME_DIR\n"
               "                      or /run/session0)\n"
               "  --json              machine-readable output\n"
               "  -h --help           this help; 's0ctl COMMAND --help' for a command's\n"
               "  --version           the version\n");
}

static const struct {
        const char *name;
        int (*fn)(const struct s0ctl_args *a, int argc, char **argv);
} verbs[] = {
        { "logon", cmd_logon },           { "run", cmd_run },       { "sessions", cmd_sessions },
        { "session-of", cmd_session_of }, { "logoff", cmd_logoff },   { "disconnect", cmd_logoff },
        { "lock", cmd_lock },             { "unlock", cmd_lock },
        { "objects", cmd_objects },       { "object", cmd_object },
        { "events", cmd_events },
        { "message", cmd_message },
        { "sc", cmd_sc }, /* services (issue 6): cmd-sc.c */
        { "pipe", cmd_pipe },
        /* printing (issue 9): cmd-print.c, cmd-printers.c, cmd-jobs.c, cmd-job.c */
        { "print", cmd_print },           { "printers", cmd_printers }, { "jobs", cmd_jobs },
        { "job", cmd_job },
        { "devices", cmd_devices }, /* s0-drvhost (issue 9): cmd-devices.c, cmd-device.c */
        { "device", cmd_device },
        { "windows", cmd_windows }, /* windows and messages (issue 5): cmd-windows.c */
};

int main(int argc, char **argv) {
        struct s0ctl_args a = { 0 };
        int i;

        /* Global options come before the verb; --json is also accepted after it. */
        for (i = 1; i < argc && argv[i][0] == '-'; i++) {
                if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
                        help();
                        return 0;
                } else if (strcmp(argv[i], "--version") == 0) {
                        printf("s0ctl %s (protocol %u)\n", S0_VERSION, S0_PROTOCOL_VERSION);
                        return 0;
                } else if (strcmp(argv[i], "--json") == 0)
                        a.json = true;
                else if (strcmp(argv[i], "--runtime-dir") == 0 && i + 1 < argc)
                        a.runtime_dir = argv[++i];
                else if (strncmp(argv[i], "--runtime-dir=", 14) == 0)
                        a.runtime_dir = argv[i] + 14;
                else {
                        fprintf(stderr, "s0ctl: unknown option '%s'\n", argv[i]);
                        return 2;
                }
        }
        if (i >= argc) {
                fprintf(stderr, "s0ctl: missing command (try 's0ctl --help')\n");
                return 2;
        }
        for (size_t k = 0; k < sizeof verbs / sizeof verbs[0]; k++) {
                if (strcmp(argv[i], verbs[k].name) != 0)
                        continue;
                /* --json after the verb (before any "--") counts too */
                int sub_argc = argc - i, out = 1;
                char **sub = argv + i;
                for (int j = 1; j < sub_argc; j++) {
                        if (strcmp(sub[j], "--") == 0) {
                                for (; j < sub_argc; j++)
                                        sub[out++] = sub[j];
                                break;
                        }
                        if (strcmp(sub[j], "--json") == 0)
                                a.json = true;
                        else
                                sub[out++] = sub[j];
                }
                sub[out] = NULL;
                return verbs[k].fn(&a, out, sub);
        }
        fprintf(stderr, "s0ctl: unknown command '%s' (try 's0ctl --help')\n", argv[i]);
        return 2;
}
