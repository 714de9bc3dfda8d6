/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* session0d: the session manager (the smss.exe analog). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "config.h"
#include "console.h"
#include "daemon-run.h"
#include "daemon.h"
#include "shared/log.h"
#include "shared/parse-util.h"
#include "user.h"

static void help(void) {
        printf("Usage: session0d [OPTIONS]\n"
               "\n"
               "The session0 session manager: keeps session 0 (services) and every user\n"
               "logon in its own session, each a cgroup with private namespaces.\n"
               "\n"
               "  -h --help                 Show this help\n"
               "     --version              Show the version\n"
               "     --runtime-dir=DIR      Control socket and state (default $S0_RUNTIME_DIR\n"
               "                            or /run/session0; not under /tmp or /dev/shm)\n"
               "     --cgroup=PATH          Session tree, relative to the cgroup2 mount\n"
               "                            (default: own unit under systemd, else /session0)\n"
               "     --isolation=MODE       default (Vista+: session 0 is services only) or\n"
               "                            legacy (XP/2003: first logon joins session 0)\n"
               "     --max-sessions=N       Refuse logons beyond N sessions (default %u)\n"
               "     --max-connections=N    Refuse clients beyond N (default %u; a user other\n"
               "                            than root may hold at most %u)\n"
               "     --anchor=PATH          The s0-anchor program\n"
               "     --sessionhost=PATH     The s0-sessionhost program (window host)\n"
               "     --ready-fd=FD          Write READY=1 to FD once serving, then close it\n"
               "     --logoff-on-exit       On SIGTERM, log off every session and remove the tree\n"
               "     --favordynmods         Turn on the cgroup2 hierarchy's favordynmods flag (host-wide):\n"
               "                            PAM logons ~7 ms faster, forks and exits slightly slower\n"
               "     --purge                Kill and remove a tree left by a daemon with the same\n"
               "                            --cgroup and --runtime-dir, then exit\n"
               "     --global-create=MODE   compat (default: anyone may create objects in the\n"
               "                            global namespace) or strict (only root and\n"
               "                            --create-global-group; anyone may still open them)\n"
               "     --create-global-group=GROUP\n"
               "                            Members hold SeCreateGlobalPrivilege\n"
               "     --admin-group=GROUP    Members may own private namespaces as a group\n"
               "     --console-tty=NAME     The console terminal (default tty1; 'none': no console\n"
               "                            session): a logon from it is the console session\n"
               "     --audit-dir=DIR        The audit journal: DIR/events.log and events.log.1\n"
               "                            (default " AUDIT_DIR_DEFAULT "; 'none': in memory only)\n"
               "     --audit-max-kb=N       Size of each journal file in KiB (default %u)\n"
               "  -v --verbose              Log debug messages\n",
               S0_SESSIONS_MAX_DEFAULT, S0_CONNS_MAX_DEFAULT, S0_CONNS_PER_UID_MAX_DEFAULT, AUDIT_MAX_KB_DEFAULT);
}

/* The anchor (and the session host) sit next to us in the build tree, in libexec when
 * installed. */
static const char *find_helper(const char *name, const char *dir, char *buf, size_t size);
static const char *find_anchor(void) {
        static char abuf[PATH_MAX];
        return find_helper("s0-anchor", "anchor", abuf, sizeof abuf);
}
static const char *find_sessionhost(void) {
        static char hbuf[PATH_MAX];
        return find_helper("s0-sessionhost", "sessionhost", hbuf, sizeof hbuf);
}
static const char *find_helper(const char *name, const char *dir, char *buf, size_t size) {
        char rel0[64], rel1[128];
        snprintf(rel0, sizeof rel0, "/%s", name);
        snprintf(rel1, sizeof rel1, "/../%s/%s", dir, name);
        const char *const rel[] = { rel0, rel1 };
        char self[PATH_MAX];
        ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

        if (n > 0) {
                self[n] = 0;
                char *slash = strrchr(self, '/');
                if (slash) {
                        *slash = 0;
                        for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
                                int k = snprintf(buf, size, "%s%s", self, rel[i]);
                                if (k > 0 && (size_t) k < size && access(buf, X_OK) == 0) {
                                        /* canonical, so that ps(1) shows a clean path */
                                        char *real = realpath(buf, NULL);
                                        if (real && strlen(real) < size)
                                                strcpy(buf, real);
                                        free(real);
                                        return buf;
                                }
                        }
                }
        }
        snprintf(buf, size, S0_LIBEXECDIR "/%s", name);
        return buf;
}

static int parse_args(int argc, char **argv, struct s0_daemon *d, int *purge) {
        enum { ARG_VERSION = 0x100, ARG_RUNTIME, ARG_CGROUP, ARG_ISOLATION, ARG_MAX_SESSIONS, ARG_MAX_CONNS,
               ARG_ANCHOR, ARG_READY_FD, ARG_LOGOFF_ON_EXIT, ARG_PURGE, ARG_FAVORDYNMODS, ARG_GLOBAL_CREATE,
               ARG_CREATE_GLOBAL_GROUP, ARG_ADMIN_GROUP, ARG_CONSOLE_TTY, ARG_SESSIONHOST };
        enum { ARG_AUDIT_DIR = 0x300, ARG_AUDIT_MAX_KB };
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                { "version", no_argument, NULL, ARG_VERSION },
                { "runtime-dir", required_argument, NULL, ARG_RUNTIME },
                { "cgroup", required_argument, NULL, ARG_CGROUP },
                { "isolation", required_argument, NULL, ARG_ISOLATION },
                { "max-sessions", required_argument, NULL, ARG_MAX_SESSIONS },
                { "max-connections", required_argument, NULL, ARG_MAX_CONNS },
                { "anchor", required_argument, NULL, ARG_ANCHOR },
                { "sessionhost", required_argument, NULL, ARG_SESSIONHOST },
                { "ready-fd", required_argument, NULL, ARG_READY_FD },
                { "logoff-on-exit", no_argument, NULL, ARG_LOGOFF_ON_EXIT },
                { "purge", no_argument, NULL, ARG_PURGE },
                { "favordynmods", no_argument, NULL, ARG_FAVORDYNMODS },
                { "global-create", required_argument, NULL, ARG_GLOBAL_CREATE },
                { "create-global-group", required_argument, NULL, ARG_CREATE_GLOBAL_GROUP },
                { "admin-group", required_argument, NULL, ARG_ADMIN_GROUP },
                { "console-tty", required_argument, NULL, ARG_CONSOLE_TTY },
                { "audit-dir", required_argument, NULL, ARG_AUDIT_DIR },
                { "audit-max-kb", required_argument, NULL, ARG_AUDIT_MAX_KB },
                { "verbose", no_argument, NULL, 'v' },
                {},
        };
        int c;
        uint32_t v;

        while ((c = getopt_long(argc, argv, "hv", options, NULL)) >= 0) {
                switch (c) {
                case 'h':
                        help();
                        return 0;
                case ARG_VERSION:
                        printf("session0d %s (protocol %u)\n", S0_VERSION, S0_PROTOCOL_VERSION);
                        return 0;
                case ARG_RUNTIME:
                        d->runtime_dir = optarg;
                        break;
                case ARG_CGROUP:
                        d->cgroup_arg = optarg;
                        break;
                case ARG_ISOLATION:
                        if (strcmp(optarg, "default") == 0)
                                d->isolation = S0_ISOLATION_DEFAULT;
                        else if (strcmp(optarg, "legacy") == 0)
                                d->isolation = S0_ISOLATION_LEGACY;
                        else {
                                log_error("Invalid --isolation '%s': expected 'default' or 'legacy'", optarg);
                                return -EINVAL;
                        }
                        break;
                case ARG_MAX_SESSIONS:
                        if (safe_atou32(optarg, &v) < 0 || v < 1 || v >= S0_SESSIONS_LIMIT) {
                                log_error("Invalid --max-sessions '%s': expected 1..%u", optarg, S0_SESSIONS_LIMIT - 1);
                                return -EINVAL;
                        }
                        d->sessions_max = v + 1; /* ids 1..v, plus session 0 */
                        break;
                case ARG_MAX_CONNS:
                        if (safe_atou32(optarg, &v) < 0 || v < 1 || v > 60000) {
                                log_error("Invalid --max-connections '%s': expected 1..60000", optarg);
                                return -EINVAL;
                        }
                        d->conns_max = v;
                        break;
                case ARG_ANCHOR:
                        d->anchor_path = optarg;
                        break;
                case ARG_SESSIONHOST:
                        d->host_path = optarg;
                        break;
                case ARG_READY_FD: {
                        int32_t fd;
                        if (safe_atoi32(optarg, &fd) < 0 || fd < 0) {
                                log_error("Invalid --ready-fd '%s'", optarg);
                                return -EINVAL;
                        }
                        d->ready_fd = fd;
                        break;
                }
                case ARG_LOGOFF_ON_EXIT:
                        d->logoff_all_on_exit = true;
                        break;
                case ARG_PURGE:
                        *purge = 1;
                        break;
                case ARG_FAVORDYNMODS:
                        d->favor_dynmods = true;
                        break;
                case ARG_GLOBAL_CREATE:
                        if (strcmp(optarg, "compat") == 0)
                                d->obj_policy.global_create = OBJDIR_GLOBAL_CREATE_COMPAT;
                        else if (strcmp(optarg, "strict") == 0)
                                d->obj_policy.global_create = OBJDIR_GLOBAL_CREATE_STRICT;
                        else {
                                log_error("Invalid --global-create '%s': expected 'compat' or 'strict'", optarg);
                                return -EINVAL;
                        }
                        break;
                case ARG_CREATE_GLOBAL_GROUP:
                case ARG_ADMIN_GROUP: {
                        const char *opt = c == ARG_ADMIN_GROUP ? "--admin-group" : "--create-global-group";
                        gid_t gid;
                        int r = group_by_name(optarg, &gid);
                        if (r < 0) {
                                if (r == -ENOENT)
                                        log_error("Invalid %s '%s': no such group", opt, optarg);
                                else
                                        log_error_errno(r, "Invalid %s '%s': cannot look it up", opt, optarg);
                                return -EINVAL;
                        }
                        if (c == ARG_ADMIN_GROUP)
                                d->obj_policy.admin_gid = gid;
                        else
                                d->obj_policy.create_global_gid = gid;
                        break;
                }
                case ARG_CONSOLE_TTY:
                        if (console_tty_check(optarg) < 0) {
                                log_error("Invalid --console-tty '%s': expected 'none', ttyN, ttySN, pts/N "
                                          "or a terminal under /dev", optarg);
                                return -EINVAL;
                        }
                        d->console_tty = strcmp(optarg, "none") == 0 ? NULL : optarg;
                        break;
                case ARG_AUDIT_DIR:
                        if (strcmp(optarg, AUDIT_DIR_NONE) != 0 && optarg[0] != '/') {
                                log_error("Invalid --audit-dir '%s': expected an absolute path or '" AUDIT_DIR_NONE "'",
                                          optarg);
                                return -EINVAL;
                        }
                        d->audit_dir = optarg;
                        break;
                case ARG_AUDIT_MAX_KB:
                        if (safe_atou32(optarg, &v) < 0 || v < AUDIT_MAX_KB_MIN || v > AUDIT_MAX_KB_LIMIT) {
                                log_error("Invalid --audit-max-kb '%s': expected %u..%u", optarg, AUDIT_MAX_KB_MIN,
                                          AUDIT_MAX_KB_LIMIT);
                                return -EINVAL;
                        }
                        d->audit_max_kb = v;
                        break;
                case 'v':
                        log_set_max_level(LOG_DEBUG);
                        break;
                default:
                        return -EINVAL;
                }
        }
        if (optind < argc) {
                log_error("Unexpected argument '%s'", argv[optind]);
                return -EINVAL;
        }
        return 1;
}

int main(int argc, char **argv) {
        struct s0_daemon d = {
                .isolation = S0_ISOLATION_DEFAULT,
                .sessions_max = S0_SESSIONS_MAX_DEFAULT + 1, /* ids 1..N, plus session 0 */
                .conns_max = S0_CONNS_MAX_DEFAULT,
                .conns_per_uid_max = S0_CONNS_PER_UID_MAX_DEFAULT,
                .ready_fd = -1,
                .runtime_fd = -1,
                .anchor_fd = -1,
                .host_fd = -1,
                .cgroup_mnt_fd = -1,
                .root_fd = -1,
                .objdir = OBJDIR_INIT,
                .obj_policy = { .global_create = OBJDIR_GLOBAL_CREATE_COMPAT,
                                .create_global_gid = OBJDIR_NO_GID,
                                .admin_gid = OBJDIR_NO_GID },
                .console_tty = "tty1",
                .epoll_fd = -1,
                .control = { .fd = -1 },
                .signals = { .fd = -1 },
        };
        int purge = 0, r;
        const char *env;

        log_set_ident("session0d");
        env = getenv("S0_RUNTIME_DIR");
        d.runtime_dir = env && *env ? env : "/run/session0";
        r = parse_args(argc, argv, &d, &purge);
        if (r <= 0)
                return r < 0 ? 2 : 0;
        if (geteuid() != 0) {
                log_error("session0d must run as root (it creates cgroups and namespaces)");
                return 1;
        }
        if (!d.anchor_path)
                d.anchor_path = find_anchor();
        if (!d.host_path)
                d.host_path = find_sessionhost();
        if (purge)
                return daemon_purge(&d) < 0 ? 1 : 0;
        return daemon_run(&d) < 0 ? 1 : 0;
}
