/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pam_session0: a PAM session module that puts every logon (sshd, login, su -l, display
 * managers) into its own session0 session, the way Windows puts every logon into its
 * own session.
 *
 * open_session asks session0d to JOIN: the daemon moves the calling process (it knows
 * which one from SO_PEERCRED and a pidfd it took at accept, never from the message) into
 * a new session's cgroup -- or, with `reconnect`, into the user's disconnected one -- and
 * hands back a pidfd of the session's anchor. We then setns() into the anchor's mount
 * and IPC namespaces ourselves (only the process itself can), so that the shell the
 * application starts next, and everything it starts, lives in the session's private
 * /tmp, /dev/shm, IPC and XDG_RUNTIME_DIR.
 *
 * close_session first moves this process back to the cgroup it came from -- logoff
 * kills every process in the session's cgroup, and the process asking for it (sshd's
 * monitor, su's parent) is one of them -- and then logs the session off (logoff=kill)
 * or leaves it disconnected (logoff=keep).
 *
 * Like every PAM module, this one may be loaded into any program: it keeps no global
 * state, keeps no descriptor across calls and logs through pam_syslog() only.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <syslog.h>
#include <unistd.h>

#include <security/pam_ext.h>
#include <security/pam_modules.h>
#include <security/pam_modutil.h>

#include <session0/session0.h>

#include "shared/macro.h"

#define _public_ __attribute__((visibility("default")))

#define DATA_JOINED "pam_session0.joined"
#define LISTS_MAX 16u
/* How long a request to session0d may take, as pam_systemd's D-Bus calls (25 s): a hung
 * daemon must not hang every logon forever. Logoff waits for the session to be empty. */
#define REQUEST_TIMEOUT_SEC 25

enum logoff_mode { LOGOFF_KILL, LOGOFF_KEEP };
enum on_error_mode { ON_ERROR_DEFAULT, ON_ERROR_FAIL, ON_ERROR_IGNORE };

struct options {
        bool debug;
        bool reconnect;
        const char *runtime_dir; /* NULL: S0_RUNTIME_DIR_DEFAULT */
        enum logoff_mode logoff;
        enum on_error_mode on_error;
        /* comma-separated lists of user names and @groups; may repeat */
        const char *exempt[LISTS_MAX];
        size_t n_exempt;
        const char *isolate[LISTS_MAX];
        size_t n_isolate;
};

/* What open_session leaves for close_session (pam_set_data). */
struct joined {
        uint32_t session;
        bool reconnected;
        char *procs_path;      /* cgroup.procs of the cgroup this process came from */
        char *root_procs_path; /* the cgroup2 root's cgroup.procs: the fallback */
};

#define debug_log(o, pamh, ...)                                    \
        do {                                                       \
                if ((o)->debug)                                    \
                        pam_syslog((pamh), LOG_DEBUG, __VA_ARGS__); \
        } while (0)

/* ---- options --------------------------------------------------------------------- */

static const char *startswith(const char *s, const char *prefix) {
        size_t l = strlen(prefix);
        return strncmp(s, prefix, l) == 0 ? s + l : NULL;
}

/* A user or group name as useradd accepts them (plus '$' for machine accounts). */
static bool name_valid(const char *s, size_t n) {
        if (n == 0 || n >= S0_USER_NAME_MAX || s[0] == '-')
                return false;
        for (size_t i = 0; i < n; i++)
                if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-$", s[i]))
                        return false;
        return true;
}

/* "alice,@wheel,bob": every item a name or @group; empty items are not allowed. */
static bool list_valid(const char *list) {
        const char *p = list;
        for (;;) {
                size_t n = strcspn(p, ",");
                const char *name = p[0] == '@' ? p + 1 : p;
                if (!name_valid(name, n - (size_t) (name - p)))
                        return false;
                if (p[n] == 0)
                        return true;
                p += n + 1;
        }
}

static void list_add(pam_handle_t *pamh, const char *opt, const char *value, const char **v, size_t *n) {
        if (!list_valid(value))
                pam_syslog(pamh, LOG_ERR, "Invalid list in option '%s' (expected user,@group,...), ignoring it", opt);
        else if (*n >= LISTS_MAX)
                pam_syslog(pamh, LOG_ERR, "Too many '%.*s' options (at most %u), ignoring '%s'",
                           (int) strcspn(opt, "="), opt, LISTS_MAX, opt);
        else
                v[(*n)++] = value;
}

/* Every option is checked; as PAM modules do, a wrong one is logged and ignored, so a
 * typo in a PAM file cannot lock everybody out (the defaults stay in force). */
static void parse_options(pam_handle_t *pamh, int argc, const char **argv, struct options *o) {
        *o = (struct options) { .logoff = LOGOFF_KILL, .on_error = ON_ERROR_DEFAULT };

        for (int i = 0; i < argc; i++) {
                const char *a = argv[i], *v;

                if (strcmp(a, "debug") == 0)
                        o->debug = true;
                else if (strcmp(a, "reconnect") == 0)
                        o->reconnect = true;
                else if ((v = startswith(a, "runtime_dir="))) {
                        if (v[0] != '/' || strlen(v) >= PATH_MAX)
                                pam_syslog(pamh, LOG_ERR, "Option '%s' needs an absolute path, ignoring it", a);
                        else
                                o->runtime_dir = v;
                } else if ((v = startswith(a, "logoff="))) {
                        if (strcmp(v, "kill") == 0)
                                o->logoff = LOGOFF_KILL;
                        else if (strcmp(v, "keep") == 0)
                                o->logoff = LOGOFF_KEEP;
                        else
                                pam_syslog(pamh, LOG_ERR, "Option '%s': expected kill or keep, ignoring it", a);
                } else if ((v = startswith(a, "on_error="))) {
                        if (strcmp(v, "fail") == 0)
                                o->on_error = ON_ERROR_FAIL;
                        else if (strcmp(v, "ignore") == 0)
                                o->on_error = ON_ERROR_IGNORE;
                        else
                                pam_syslog(pamh, LOG_ERR, "Option '%s': expected fail or ignore, ignoring it", a);
                } else if ((v = startswith(a, "exempt=")))
                        list_add(pamh, a, v, o->exempt, &o->n_exempt);
                else if ((v = startswith(a, "isolate=")))
                        list_add(pamh, a, v, o->isolate, &o->n_isolate);
                else
                        pam_syslog(pamh, LOG_ERR, "Unknown option '%s', ignoring it", a);
        }
        if (o->n_isolate > 0 && o->on_error == ON_ERROR_IGNORE)
                pam_syslog(pamh, LOG_WARNING, "isolate= has no effect with on_error=ignore");
}

static const char *runtime_dir(const struct options *o) {
        return o->runtime_dir ? o->runtime_dir : S0_RUNTIME_DIR_DEFAULT;
}

/* Is user named (or in a group named) by one of the lists? */
static bool user_listed(pam_handle_t *pamh, const char *user, const char *const *lists, size_t n) {
        for (size_t i = 0; i < n; i++)
                for (const char *p = lists[i]; *p;) {
                        size_t k = strcspn(p, ",");
                        char name[S0_USER_NAME_MAX];

                        /* list_valid() bounded every item below S0_USER_NAME_MAX */
                        snprintf(name, sizeof name, "%.*s", (int) k, p);
                        if (name[0] == '@' ? pam_modutil_user_in_group_nam_nam(pamh, user, name + 1) == 1
                                           : strcmp(name, user) == 0)
                                return true;
                        p += k + (p[k] == ',');
                }
        return false;
}

/* ---- cgroups --------------------------------------------------------------------- */

/* This process's cgroup v2 path ("0::/a/b" in /proc/self/cgroup). */
static int own_cgroup(char **ret) {
        _cleanup_free_ char *line = NULL;
        size_t size = 0;
        FILE *f = fopen("/proc/self/cgroup", "re");
        int r = -ENODATA;

        if (!f)
                return -errno;
        while (getline(&line, &size, f) > 0) {
                if (strncmp(line, "0::/", 4) != 0)
                        continue;
                line[strcspn(line, "\n")] = 0;
                *ret = strdup(line + 3);
                r = *ret ? 0 : -ENOMEM;
                break;
        }
        fclose(f);
        return r;
}

/* mountinfo escapes blanks and backslashes as \ooo. */
static void unoctal(char *s) {
        char *w = s;
        for (char *p = s; *p; p++) {
                if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0' &&
                    p[3] <= '7') {
                        *w++ = (char) ((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
                        p += 3;
                } else
                        *w++ = *p;
        }
        *w = 0;
}

/* Where the cgroup2 hierarchy is mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified on
 * hybrid hosts) and which of its directories the mount shows at that point. */
static int cgroup2_mount(char **ret_mnt, char **ret_root) {
        _cleanup_free_ char *line = NULL;
        size_t size = 0;
        FILE *f = fopen("/proc/self/mountinfo", "re");
        int r = -ENOENT;

        if (!f)
                return -errno;
        while (getline(&line, &size, f) > 0) {
                char *sep = strstr(line, " - "), *field[5], *save = NULL, *p = line;
                int n;

                if (!sep || strncmp(sep + 3, "cgroup2 ", 8) != 0)
                        continue;
                *sep = 0;
                for (n = 0; n < 5 && (field[n] = strtok_r(p, " ", &save)); n++)
                        p = NULL;
                if (n < 5)
                        continue;
                unoctal(field[3]);
                unoctal(field[4]);
                *ret_root = strdup(field[3]);
                *ret_mnt = strdup(field[4]);
                if (!*ret_root || !*ret_mnt) {
                        free(*ret_root);
                        free(*ret_mnt);
                        r = -ENOMEM;
                } else
                        r = 0;
                break;
        }
        fclose(f);
        return r;
}

/* Fills in j's two cgroup.procs paths: the cgroup this process is in now, and the root. */
static int remember_cgroup(struct joined *j, const char *cgroup) {
        _cleanup_free_ char *mnt = NULL, *root = NULL;
        const char *rel = cgroup;
        size_t l;
        int r;

        r = cgroup2_mount(&mnt, &root);
        if (r < 0)
                return r;
        l = strlen(root);
        if (strcmp(root, "/") != 0) {
                /* the mount shows a subtree (a container): paths are below its root */
                if (strncmp(cgroup, root, l) != 0 || (cgroup[l] != 0 && cgroup[l] != '/'))
                        return -EXDEV;
                rel = cgroup + l;
        }
        if (strcmp(rel, "/") == 0)
                rel = "";
        if (asprintf(&j->procs_path, "%s%s/cgroup.procs", mnt, rel) < 0) {
                j->procs_path = NULL;
                return -ENOMEM;
        }
        if (asprintf(&j->root_procs_path, "%s/cgroup.procs", mnt) < 0) {
                j->root_procs_path = NULL;
                return -ENOMEM;
        }
        return 0;
}

static int write_pid(const char *path, pid_t pid) {
        _cleanup_close_ int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
        char buf[32];
        int n;

        if (fd < 0)
                return -errno;
        n = snprintf(buf, sizeof buf, "%d\n", (int) pid);
        if (write(fd, buf, (size_t) n) != n)
                return negative_errno();
        return 0;
}

/* Moves this process out of the session's cgroup, back where it came from; if that
 * cgroup is gone or refuses it (e.g. it has grown children with controllers), to the
 * root, which always takes processes. */
static int leave_session_cgroup(pam_handle_t *pamh, const struct options *o, const struct joined *j) {
        int r = write_pid(j->procs_path, getpid());
        if (r == 0) {
                debug_log(o, pamh, "Moved back to %s", j->procs_path);
                return 0;
        }
        pam_syslog(pamh, LOG_WARNING, "Cannot move back to %s (%s), moving to %s", j->procs_path, strerror(-r),
                   j->root_procs_path);
        return write_pid(j->root_procs_path, getpid());
}

/* The id of the interactive session this process is already in, or -ESRCH. */
static int already_in_session(const struct options *o, const char *cgroup, uint32_t *ret) {
        char path[PATH_MAX + 16], root[PATH_MAX];
        FILE *f;
        uint32_t id = 0;
        int r;

        snprintf(path, sizeof path, "%s/cgroup", runtime_dir(o));
        f = fopen(path, "re");
        if (!f)
                return -errno;
        if (!fgets(root, sizeof root, f)) {
                fclose(f);
                return -ENODATA;
        }
        fclose(f);
        root[strcspn(root, "\n")] = 0;
        r = s0_session_from_cgroup_path(root, cgroup, &id);
        if (r < 0)
                return r;
        if (id == 0)
                return -ESRCH; /* session 0 holds services, which do get sessions for their logons */
        *ret = id;
        return 0;
}

/* ---- talking to session0d ------------------------------------------------------- */

static void set_timeout(struct s0_client *c, int sec) {
        struct timeval tv = { .tv_sec = sec };
        int fd = s0_client_fd(c);
        /* best effort: without it a hung daemon only makes this logon wait */
        (void) setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        (void) setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

/* Connects, explaining a failure in reason. */
static int connect_daemon(const struct options *o, struct s0_client **ret, char *reason, size_t size) {
        int r = s0_client_open(runtime_dir(o), ret);
        if (r == -ENOENT || r == -ECONNREFUSED)
                snprintf(reason, size, "session0d is not running (%s/control: %s)", runtime_dir(o), strerror(-r));
        else if (r < 0)
                snprintf(reason, size, "cannot connect to session0d at %s/control: %s", runtime_dir(o), strerror(-r));
        else
                set_timeout(*ret, REQUEST_TIMEOUT_SEC);
        return r;
}

/* Why a request failed: the daemon's own words when it answered, else the errno. */
static void explain(struct s0_client *c, int r, const char *what, char *reason, size_t size) {
        const char *text = s0_client_error_text(c);
        if (text && *text)
                snprintf(reason, size, "session0d refused to %s: %s", what, text);
        else if (r == -EAGAIN)
                snprintf(reason, size, "cannot %s: session0d did not answer within %d s", what, REQUEST_TIMEOUT_SEC);
        else
                snprintf(reason, size, "cannot %s: %s", what, strerror(-r));
}

/* Ends the session this process joined: logoff=kill logs it off, logoff=keep (or a
 * session we only reconnected to and could not enter) leaves it disconnected. */
static int end_session(pam_handle_t *pamh, const struct options *o, uint32_t id, bool keep) {
        struct s0_client *c = NULL;
        char reason[256];
        int r;

        r = connect_daemon(o, &c, reason, sizeof reason);
        if (r < 0) {
                pam_syslog(pamh, LOG_ERR, "Cannot end session %" PRIu32 ": %s", id, reason);
                return r;
        }
        r = keep ? s0_disconnect(c, id) : s0_logoff(c, id);
        if (r < 0) {
                explain(c, r, keep ? "disconnect it" : "log it off", reason, sizeof reason);
                pam_syslog(pamh, LOG_ERR, "Cannot end session %" PRIu32 ": %s", id, reason);
        } else
                debug_log(o, pamh, "Session %" PRIu32 " %s", id, keep ? "disconnected" : "logged off");
        s0_client_close(c);
        return r;
}

/* ---- open_session ---------------------------------------------------------------- */

static void joined_free(struct joined *j) {
        if (!j)
                return;
        free(j->procs_path);
        free(j->root_procs_path);
        free(j);
}

static void joined_cleanup(pam_handle_t *pamh, void *data, int error_status) { joined_free(data); }

/* The logon cannot have a session: fail closed or let it in, per on_error= and isolate=,
 * and say so in one line either way. */
static int no_session(pam_handle_t *pamh, const struct options *o, const char *user, const char *reason) {
        bool isolated = o->n_isolate > 0 && user_listed(pamh, user, o->isolate, o->n_isolate);
        bool fail = o->on_error == ON_ERROR_FAIL || (o->on_error == ON_ERROR_DEFAULT && isolated);

        if (fail) {
                pam_syslog(pamh, LOG_ERR, "Refusing logon of user '%s' without a session: %s (%s)", user, reason,
                           o->on_error == ON_ERROR_FAIL ? "on_error=fail" : "user is listed in isolate=");
                return PAM_SESSION_ERR;
        }
        pam_syslog(pamh, LOG_WARNING, "User '%s' logs on without a session, not isolated: %s (on_error=ignore)", user,
                   reason);
        return PAM_SUCCESS;
}

/* Enters the anchor's namespaces. Switching the mount namespace also moves the root and
 * working directory, which threads share (fs_struct): the calling thread first gets its
 * own -- a no-op in a single-threaded process -- so that in a multi-threaded application
 * (some display managers) only the thread that forks the session moves. The working
 * directory is then reset to the namespace's root: keep it where it was, as far as it
 * exists there. */
static int enter_namespaces(pam_handle_t *pamh, const struct options *o, int anchor_pidfd) {
        char cwd[PATH_MAX];
        bool have_cwd = getcwd(cwd, sizeof cwd) != NULL;

        if (unshare(CLONE_FS) < 0)
                return -errno;
        if (setns(anchor_pidfd, CLONE_NEWNS | CLONE_NEWIPC) < 0)
                return -errno;
        if (have_cwd && chdir(cwd) < 0)
                debug_log(o, pamh, "Working directory %s does not exist in the session, now /", cwd);
        return 0;
}

static int put_env(pam_handle_t *pamh, const char *fmt, ...) _printf_(2, 3);
static int put_env(pam_handle_t *pamh, const char *fmt, ...) {
        char buf[PATH_MAX + 64];
        va_list ap;
        int n;

        va_start(ap, fmt);
        n = vsnprintf(buf, sizeof buf, fmt, ap);
        va_end(ap);
        if (n < 0 || (size_t) n >= sizeof buf)
                return PAM_BUF_ERR;
        return pam_putenv(pamh, buf);
}

/* XDG_RUNTIME_DIR only when the session has it (every session of a user does; legacy
 * session 0 does not): a directory owned by the user, as pam_systemd checks. */
static void put_xdg_runtime_dir(pam_handle_t *pamh, const struct options *o, const struct passwd *pw) {
        char path[64];
        struct stat st;

        snprintf(path, sizeof path, "/run/user/%u", (unsigned) pw->pw_uid);
        if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode) || st.st_uid != pw->pw_uid) {
                debug_log(o, pamh, "No %s of user '%s' in the session, XDG_RUNTIME_DIR not set", path, pw->pw_name);
                return;
        }
        if (put_env(pamh, "XDG_RUNTIME_DIR=%s", path) != PAM_SUCCESS)
                pam_syslog(pamh, LOG_ERR, "Cannot set XDG_RUNTIME_DIR");
}

/* Undoes a join that could not be completed: out of the session's cgroup, and the
 * session ended (a new one logged off, a reconnected one disconnected again). */
static void undo_join(pam_handle_t *pamh, const struct options *o, const struct joined *j) {
        if (leave_session_cgroup(pamh, o, j) < 0) {
                /* logging it off would kill us: leave it for `s0ctl logoff` */
                pam_syslog(pamh, LOG_ERR, "Cannot leave session %" PRIu32 "; disconnecting it instead", j->session);
                (void) end_session(pamh, o, j->session, true);
                return;
        }
        (void) end_session(pamh, o, j->session, j->reconnected);
}

/* A logon from another host (sshd sets PAM_RHOST): the session is named SSH#N in WTS
 * queries. Only a name: no right depends on it. */
static bool logon_is_remote(pam_handle_t *pamh) {
        const void *rhost = NULL;

        return pam_get_item(pamh, PAM_RHOST, &rhost) == PAM_SUCCESS && rhost && *(const char *) rhost;
}

/* Joins a session and enters it. 0, or -errno with the reason for the log. */
static int join_session(pam_handle_t *pamh, const struct options *o, const struct passwd *pw, struct joined *j,
                        char *reason, size_t size) {
        struct s0_client *c = NULL;
        _cleanup_close_ int anchor = -1;
        uint32_t flags = 0;
        int r;

        r = connect_daemon(o, &c, reason, size);
        if (r < 0)
                return r;
        r = s0_join(c, pw->pw_name, (o->reconnect ? S0_JOIN_RECONNECT : 0) | (logon_is_remote(pamh) ? S0_JOIN_REMOTE : 0),
                    &j->session, &anchor, &flags);
        if (r < 0)
                explain(c, r, "join a session", reason, size);
        s0_client_close(c);
        if (r < 0) {
                /* A lost answer (a timeout) may hide a move that did happen: never let the
                 * logon go on inside a session's cgroup but outside its namespaces. */
                if (r == -EAGAIN || r == -ECONNRESET)
                        (void) write_pid(j->procs_path, getpid());
                return r;
        }
        j->reconnected = flags & S0_JOINED_RECONNECTED;

        /* From here on this process is in the session's cgroup: any failure undoes it. */
        r = put_env(pamh, "S0_SESSION_ID=%" PRIu32, j->session);
        if (r == PAM_SUCCESS && o->runtime_dir && strcmp(o->runtime_dir, S0_RUNTIME_DIR_DEFAULT) != 0)
                r = put_env(pamh, "S0_RUNTIME_DIR=%s", o->runtime_dir);
        if (r != PAM_SUCCESS) {
                snprintf(reason, size, "cannot set the environment: %s", pam_strerror(pamh, r));
                undo_join(pamh, o, j);
                return -ENOMEM;
        }
        r = enter_namespaces(pamh, o, anchor);
        if (r < 0) {
                snprintf(reason, size, "cannot enter session %" PRIu32 "'s namespaces: %s", j->session, strerror(-r));
                (void) pam_putenv(pamh, "S0_SESSION_ID");
                (void) pam_putenv(pamh, "S0_RUNTIME_DIR");
                undo_join(pamh, o, j);
                return r;
        }
        put_xdg_runtime_dir(pamh, o, pw);
        return 0;
}

_public_ int pam_sm_open_session(pam_handle_t *pamh, int flags, int argc, const char **argv) {
        struct options o;
        const char *user = NULL;
        const struct passwd *pw;
        _cleanup_free_ char *cgroup = NULL;
        struct joined *j;
        char reason[512];
        uint32_t id = 0;
        int r;

        parse_options(pamh, argc, argv, &o);
        if (pam_get_user(pamh, &user, NULL) != PAM_SUCCESS || !user || !*user) {
                pam_syslog(pamh, LOG_ERR, "Cannot get the user name");
                return PAM_USER_UNKNOWN;
        }
        pw = pam_modutil_getpwnam(pamh, user);
        if (!pw) {
                pam_syslog(pamh, LOG_ERR, "No such user '%s'", user);
                return PAM_USER_UNKNOWN;
        }
        if (o.n_exempt > 0 && user_listed(pamh, user, o.exempt, o.n_exempt)) {
                debug_log(&o, pamh, "User '%s' is exempt (exempt=): no session", user);
                return PAM_SUCCESS;
        }

        r = own_cgroup(&cgroup);
        if (r < 0) {
                snprintf(reason, sizeof reason, "cannot read /proc/self/cgroup: %s", strerror(-r));
                return no_session(pamh, &o, user, reason);
        }
        /* As pam_systemd: a logon from inside a session (su -l in an ssh session) stays
         * in that session -- Windows' runas, too, starts in the caller's session. */
        if (already_in_session(&o, cgroup, &id) == 0) {
                debug_log(&o, pamh, "Already in session %" PRIu32 " (%s): no new session for '%s'", id, cgroup, user);
                return PAM_SUCCESS;
        }

        j = calloc(1, sizeof *j);
        if (!j)
                return PAM_BUF_ERR;
        r = remember_cgroup(j, cgroup);
        if (r < 0) {
                joined_free(j);
                snprintf(reason, sizeof reason, "cannot find cgroup %s in the cgroup2 mount: %s", cgroup, strerror(-r));
                return no_session(pamh, &o, user, reason);
        }
        r = join_session(pamh, &o, pw, j, reason, sizeof reason);
        if (r < 0) {
                joined_free(j);
                return no_session(pamh, &o, user, reason);
        }
        r = pam_set_data(pamh, DATA_JOINED, j, joined_cleanup);
        if (r != PAM_SUCCESS) {
                /* without it close_session could not end the session: do not keep it */
                pam_syslog(pamh, LOG_ERR, "Cannot store the session for close_session: %s", pam_strerror(pamh, r));
                undo_join(pamh, &o, j);
                joined_free(j);
                return r;
        }
        debug_log(&o, pamh, "User '%s' %s session %" PRIu32 " (came from cgroup %s)", user,
                  j->reconnected ? "reconnected to" : "logged on to", j->session, cgroup);
        return PAM_SUCCESS;
}

/* ---- close_session --------------------------------------------------------------- */

_public_ int pam_sm_close_session(pam_handle_t *pamh, int flags, int argc, const char **argv) {
        struct options o;
        const void *data = NULL;
        const struct joined *j;
        bool keep;
        int r;

        parse_options(pamh, argc, argv, &o);
        if (pam_get_data(pamh, DATA_JOINED, &data) != PAM_SUCCESS || !data)
                return PAM_SUCCESS; /* exempt, already in a session, or let in without one */
        j = data;

        keep = o.logoff == LOGOFF_KEEP;
        r = leave_session_cgroup(pamh, &o, j);
        if (r < 0 && !keep) {
                /* Logoff kills every process in the session, this one too: the session is
                 * left disconnected for `s0ctl logoff` rather than killing the caller. */
                pam_syslog(pamh, LOG_ERR, "Cannot leave session %" PRIu32 "'s cgroup (%s): disconnecting it, not logging off",
                           j->session, strerror(-r));
                keep = true;
        }
        r = end_session(pamh, &o, j->session, keep);
        /* ended or not, this handle is done with it: a second close must not repeat it */
        (void) pam_set_data(pamh, DATA_JOINED, NULL, NULL);
        return r < 0 ? PAM_SESSION_ERR : PAM_SUCCESS;
}
