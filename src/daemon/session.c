/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Sessions. A session is kernel state, not daemon state:
 *   <root>/session-N/            its cgroup (membership = session identity)
 *   <root>/session-N/anchor/     the anchor process, which holds the session's mount
 *                                and IPC namespaces (private /tmp, /dev/shm, SysV, mqueue)
 *   <root>/session-N/user/       the user's processes (session 0: system/, and console/
 *                                for the XP-style console user in legacy mode)
 *   trusted.session0.* xattrs    who is logged on and since when
 *   <runtime>/objects/sessions/N its object namespace (objdir.c), for N >= 1
 * The table here is a cache of that state, rebuilt from the cgroup tree at start-up:
 * a daemon that crashed and restarted loses nothing.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <session0/session0.h>

#include "cgroup.h"
#include "console.h"
#include "sessionchange.h"
#include "daemon.h"
#include "objdir.h"
#include "shared/cgroup-path.h"
#include "shared/log.h"
#include "shared/macro.h"
#include "shared/parse-util.h"
#include "spawn.h"
#include "user.h"

#define XATTR_UID "trusted.session0.uid"
#define XATTR_LOGON_TIME "trusted.session0.logon_time"
#define LEAF_ANCHOR "anchor"
#define LEAF_HOST "host"
/* A session host that dies is restarted at once; one that dies again within
 * HOST_STABLE_MS of its start waits 250 ms, then 500 ms, ... up to 30 s. */
#define HOST_STABLE_MS 10000
#define HOST_BACKOFF_FIRST_MS 250u
#define HOST_BACKOFF_MAX_MS 30000u
#define LEAF_USER "user"
#define LEAF_USER_LOW "user-low"   /* Low integrity */
#define LEAF_USER_HIGH "user-high" /* High integrity */
#define LEAF_SYSTEM "system"
#define LEAF_CONSOLE "console"
#define NO_UID ((uid_t) -1)

static int pidfd_open_(pid_t pid) { return (int) syscall(SYS_pidfd_open, pid, 0); }

struct s0_session *session_get(struct s0_daemon *d, uint32_t id) {
        return id < S0_SESSIONS_LIMIT ? d->sessions[id] : NULL;
}

static bool session_has_user(const struct s0_session *s) { return s->uid != NO_UID; }

static void session_dir_name(uint32_t id, char *buf, size_t size) { snprintf(buf, size, "session-%" PRIu32, id); }

/* ---- the anchor ---------------------------------------------------------------- */

/* The mount point for the session's private XDG_RUNTIME_DIR must exist on the host;
 * what is mounted on it exists only inside the session. */
static int xdg_runtime_dir_prepare(const struct s0_session *s, char *path, size_t size) {
        snprintf(path, size, "/run/user/%u", (unsigned) s->uid);
        if (mkdir("/run/user", 0755) < 0 && errno != EEXIST)
                return -errno;
        if (mkdir(path, 0700) < 0) {
                if (errno != EEXIST)
                        return -errno;
                return 0; /* logind's, or ours from an earlier session: leave it as it is */
        }
        if (chown(path, s->uid, s->gid) < 0)
                return -errno;
        return 0;
}

/* The user's last session is gone: remove the mount point we made for it. rmdir()
 * leaves alone what is not ours to remove -- logind's /run/user/UID is a mount point
 * (EBUSY), a directory someone uses is not empty. Never while a session of this uid
 * lives: removing a mount point detaches its mounts in every namespace. */
static void xdg_runtime_dir_release(struct s0_daemon *d, uid_t uid) {
        char path[64];
        for (uint32_t i = 0; i < S0_SESSIONS_LIMIT; i++)
                if (d->sessions[i] && d->sessions[i]->uid == uid)
                        return;
        snprintf(path, sizeof path, "/run/user/%u", (unsigned) uid);
        if (rmdir(path) < 0 && errno != ENOENT && errno != EBUSY && errno != ENOTEMPTY && errno != EEXIST)
                log_debug("Cannot remove '%s': %s", path, strerror(errno));
}

static void on_anchor_exit(struct s0_daemon *d, struct s0_watch *w, uint32_t events);

/* Starts the session's anchor in cgroup session-N/anchor: with new namespaces, or, when
 * re-adopting a session whose anchor died, inside the namespaces of join_pid. */
static int anchor_start(struct s0_daemon *d, struct s0_session *s, pid_t join_pid) {
        char idbuf[16], xdg_dir[64], xdg_opts[96], host_dir[4200];
        char *argv[] = { (char *) d->anchor_path, (char *) "--session", idbuf, NULL };
        char *envp[] = { NULL };
        struct spawn_params p = {
                .ns_pidfd = -1, .argv = argv, .exec_fd = d->anchor_fd, .envp = envp, .fds = { -1, -1, -1 } };
        _cleanup_close_ int leaf = -1, join = -1;
        const char *what;
        pid_t pid;
        int pidfd, r;

        snprintf(idbuf, sizeof idbuf, "%" PRIu32, s->id);
        r = cg_mkdir_open(s->dir_fd, LEAF_ANCHOR, &leaf);
        if (r < 0)
                return log_error_errno(r, "Session %u: cannot create anchor cgroup", s->id);
        if (join_pid > 0) {
                join = pidfd_open_(join_pid);
                if (join < 0)
                        return -errno;
                p.ns_pidfd = join;
        } else if (session_has_user(s)) {
                r = xdg_runtime_dir_prepare(s, xdg_dir, sizeof xdg_dir);
                if (r < 0)
                        return log_error_errno(r, "Session %u: cannot create '%s'", s->id, xdg_dir);
                snprintf(xdg_opts, sizeof xdg_opts, "mode=0700,uid=%u,gid=%u,size=10%%", (unsigned) s->uid,
                         (unsigned) s->gid);
                p.xdg_dir = xdg_dir;
                p.xdg_opts = xdg_opts;
        }
        if (join_pid <= 0) {
                snprintf(host_dir, sizeof host_dir, "%s/host", d->runtime_dir);
                p.host_dir = host_dir;
        }
        p.cgroup_fd = leaf;
        p.rlimit_nofile = &d->nofile_orig;
        r = spawn_in_session(&p, &pid, &pidfd, &what);
        if (r < 0)
                return log_error_errno(r, "Session %u: cannot start anchor '%s' (%s)", s->id, d->anchor_path, what);
        s->anchor_pid = pid;
        s->anchor.fd = pidfd;
        s->anchor.handler = on_anchor_exit;
        r = daemon_watch_add(d, &s->anchor, EPOLLIN);
        if (r < 0) {
                (void) syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
                s->anchor.fd = safe_close(pidfd);
                return r;
        }
        return 0;
}

/* Stops watching the anchor and reaps it if it was our child (after a daemon restart
 * it is init's to reap, and waitid() fails at once with ECHILD). dead: it has exited
 * or is exiting (its cgroup is empty), so waiting for it cannot block for long --
 * cgroup.events reports "empty" a moment before the task becomes a zombie. */
static void anchor_release(struct s0_daemon *d, struct s0_session *s, bool dead) {
        siginfo_t si;
        if (s->anchor.fd < 0)
                return;
        while (waitid(P_PIDFD, (id_t) s->anchor.fd, &si, WEXITED | (dead ? 0 : WNOHANG)) < 0 && errno == EINTR)
                ;
        daemon_watch_del(d, &s->anchor);
        s->anchor.fd = safe_close(s->anchor.fd);
        s->anchor_pid = 0;
}

/* ---- the session host ------------------------------------------------------------ */

static void on_host_exit(struct s0_daemon *d, struct s0_watch *w, uint32_t events);

static int64_t host_now_ms(void) {
        struct timespec ts;
        (void) clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Starts s0-sessionhost in cgroup session-N/host, inside the anchor's namespaces, as
 * root (it drops every capability itself, as the anchor does). Without a host binary
 * the session simply has no windows. */
static int host_start(struct s0_daemon *d, struct s0_session *s) {
        char idbuf[16];
        char *argv[] = { (char *) "s0-sessionhost", (char *) "--session", idbuf, (char *) "--runtime-dir",
                         (char *) d->runtime_dir, NULL };
        char *envp[] = { NULL };
        struct spawn_params p = { .ns_pidfd = s->anchor.fd, .argv = argv, .exec_fd = d->host_fd, .envp = envp,
                                  .fds = { -1, -1, -1 } };
        _cleanup_close_ int leaf = -1;
        const char *what;
        pid_t pid;
        int pidfd, r;

        if (d->host_fd < 0 || s->anchor.fd < 0)
                return 0;
        snprintf(idbuf, sizeof idbuf, "%" PRIu32, s->id);
        r = cg_mkdir_open(s->dir_fd, LEAF_HOST, &leaf);
        if (r < 0)
                return log_error_errno(r, "Session %u: cannot create host cgroup", s->id);
        p.cgroup_fd = leaf;
        p.rlimit_nofile = &d->nofile_orig;
        r = spawn_in_session(&p, &pid, &pidfd, &what);
        if (r < 0)
                return log_error_errno(r, "Session %u: cannot start the session host '%s' (%s)", s->id, d->host_path,
                                       what);
        s->host_pid = pid;
        s->host_started_ms = host_now_ms();
        s->host.fd = pidfd;
        s->host.handler = on_host_exit;
        r = daemon_watch_add(d, &s->host, EPOLLIN);
        if (r < 0) {
                (void) syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
                s->host.fd = safe_close(pidfd);
                return r;
        }
        return 0;
}

static void host_timer_release(struct s0_daemon *d, struct s0_session *s) {
        if (s->host_timer.fd < 0)
                return;
        daemon_watch_del(d, &s->host_timer);
        s->host_timer.fd = safe_close(s->host_timer.fd);
}

static void host_release(struct s0_daemon *d, struct s0_session *s, bool dead) {
        siginfo_t si;
        host_timer_release(d, s);
        if (s->host.fd < 0)
                return;
        while (waitid(P_PIDFD, (id_t) s->host.fd, &si, WEXITED | (dead ? 0 : WNOHANG)) < 0 && errno == EINTR)
                ;
        daemon_watch_del(d, &s->host);
        s->host.fd = safe_close(s->host.fd);
        s->host_pid = 0;
}

static void on_host_timer(struct s0_daemon *d, struct s0_watch *w, uint32_t events) {
        struct s0_session *s = (struct s0_session *) ((char *) w - offsetof(struct s0_session, host_timer));
        host_timer_release(d, s);
        if (!s->logging_off && s->host.fd < 0 && host_start(d, s) < 0)
                log_warning("Session %u: no session host", s->id);
        (void) events;
}

/* The delay before the next restart: none after a host that ran HOST_STABLE_MS, then
 * HOST_BACKOFF_FIRST_MS doubling to HOST_BACKOFF_MAX_MS while it keeps dying young.
 * Without it a host that dies at once (a broken binary, a full disk) would be restarted
 * as fast as session0d can clone, starving every other session of the daemon. */
static unsigned host_backoff_ms(struct s0_session *s) {
        if (host_now_ms() - s->host_started_ms >= HOST_STABLE_MS)
                s->host_quick_deaths = 0;
        unsigned n = s->host_quick_deaths++;
        if (n == 0)
                return 0;
        uint64_t ms = (uint64_t) HOST_BACKOFF_FIRST_MS << (n - 1 < 16 ? n - 1 : 16);
        return ms > HOST_BACKOFF_MAX_MS ? HOST_BACKOFF_MAX_MS : (unsigned) ms;
}

/* A host that dies (it should not: only SIGKILL ends it) is restarted; its windows are
 * gone, as after a csrss crash, but the session goes on. */
static void on_host_exit(struct s0_daemon *d, struct s0_watch *w, uint32_t events) {
        struct s0_session *s = (struct s0_session *) ((char *) w - offsetof(struct s0_session, host));
        unsigned delay;
        host_release(d, s, true);
        if (s->logging_off)
                return;
        delay = host_backoff_ms(s);
        if (delay == 0) {
                log_warning("Session %u: session host died, restarting it", s->id);
                (void) host_start(d, s);
                return;
        }
        log_warning("Session %u: session host died %u times in a row, restarting it in %u ms", s->id,
                    s->host_quick_deaths, delay);
        struct itimerspec its = { .it_value = { .tv_sec = delay / 1000, .tv_nsec = (long) (delay % 1000) * 1000000 } };
        s->host_timer.fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
        s->host_timer.handler = on_host_timer;
        int r = s->host_timer.fd < 0 || timerfd_settime(s->host_timer.fd, 0, &its, NULL) < 0 ? -errno : 0;
        if (r == 0)
                r = daemon_watch_add(d, &s->host_timer, EPOLLIN);
        if (r < 0) {
                log_error_errno(r, "Session %u: cannot arm the host's restart timer, restarting it now", s->id);
                s->host_timer.fd = safe_close(s->host_timer.fd);
                (void) host_start(d, s);
        }
        (void) events;
}

/* Adoption: the host found in session-N/host, or a new one. */
static void host_adopt(struct s0_daemon *d, struct s0_session *s) {
        _cleanup_close_ int leaf = openat(s->dir_fd, LEAF_HOST, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        pid_t pid;
        if (leaf >= 0 && cg_single_pid(leaf, &pid) == 0) {
                s->host.fd = pidfd_open_(pid);
                if (s->host.fd >= 0) {
                        s->host_pid = pid;
                        s->host.handler = on_host_exit;
                        if (daemon_watch_add(d, &s->host, EPOLLIN) == 0)
                                return;
                        s->host.fd = safe_close(s->host.fd);
                }
        }
        if (host_start(d, s) < 0)
                log_warning("Session %u: no session host", s->id);
}

/* ---- creating, adopting and destroying sessions ---------------------------------- */

static void session_free(struct s0_daemon *d, struct s0_session *s, bool dead) {
        if (!s)
                return;
        host_release(d, s, dead);
        anchor_release(d, s, dead);
        if (s->events.fd >= 0) {
                daemon_watch_del(d, &s->events);
                safe_close(s->events.fd);
        }
        safe_close(s->dir_fd);
        if (d->sessions[s->id] == s)
                d->sessions[s->id] = NULL;
        free(s);
}

static struct s0_session *session_new(uint32_t id) {
        struct s0_session *s = calloc(1, sizeof *s);
        if (!s)
                return NULL;
        s->id = id;
        s->uid = NO_UID;
        s->gid = (gid_t) -1;
        s->dir_fd = s->anchor.fd = s->host.fd = s->host_timer.fd = s->events.fd = -1;
        s->state = id == 0 ? S0_STATE_DISCONNECTED : S0_STATE_ACTIVE;
        return s;
}

static void session_set_user(struct s0_session *s, const struct s0_user *u) {
        s->uid = u->uid;
        s->gid = u->gid;
        snprintf(s->user, sizeof s->user, "%s", u->name);
}

/* Creates session id with fresh namespaces; user may be NULL (session 0). */
static int session_create(struct s0_daemon *d, uint32_t id, const struct s0_user *u, struct s0_session **ret) {
        char name[32];
        struct s0_session *s;
        bool objdir_made = false;
        int r;

        session_dir_name(id, name, sizeof name);
        /* A leftover directory of a session that died with no process left: clear it. */
        (void) cg_rmdir_tree(d->root_fd, name);
        s = session_new(id);
        if (!s)
                return -ENOMEM;
        r = cg_mkdir_open(d->root_fd, name, &s->dir_fd);
        if (r < 0) {
                log_error_errno(r, "Cannot create cgroup '%s/%s'. Is session0d running with Delegate=yes?",
                                d->root_abs, name);
                goto fail;
        }
        s->logon_time = (int64_t) time(NULL);
        if (u) {
                session_set_user(s, u);
                r = cg_set_xattr_u64(s->dir_fd, XATTR_UID, u->uid);
                if (r < 0)
                        goto fail;
        }
        r = cg_set_xattr_u64(s->dir_fd, XATTR_LOGON_TIME, (uint64_t) s->logon_time);
        if (r < 0) {
                log_error_errno(r, "Cannot set xattrs on cgroup '%s/%s'", d->root_abs, name);
                goto fail;
        }
        if (id != 0 && u) {
                /* Before the first process: \Sessions\N\BaseNamedObjects exists as soon as
                 * anything runs in the session. */
                r = objdir_session_create(&d->objdir, id, u->uid, u->gid);
                if (r < 0) {
                        log_error_errno(r, "Session %u: cannot create '%s/" OBJDIR_NAME "/sessions/%u'", id,
                                        d->runtime_dir, id);
                        goto fail;
                }
                objdir_made = true;
        }
        r = anchor_start(d, s, 0);
        if (r < 0)
                goto fail;
        r = host_start(d, s);
        if (r < 0)
                goto fail;
        d->sessions[id] = s;
        *ret = s;
        return 0;
fail:
        host_release(d, s, false);
        anchor_release(d, s, false);
        if (s->dir_fd >= 0) {
                (void) cg_kill(s->dir_fd);
                s->dir_fd = safe_close(s->dir_fd);
        }
        free(s);
        /* The cgroup may still hold a dying anchor for a moment; its removal is retried
         * by the next session_create() of this id. */
        (void) cg_rmdir_tree(d->root_fd, name);
        if (objdir_made) /* nothing ran in the session: it is empty */
                (void) objdir_session_remove(&d->objdir, id);
        return r;
}

/* Rebuilds one session from its cgroup. Returns 0 if adopted, 1 if it was stale and
 * has been removed. */
static int session_adopt(struct s0_daemon *d, uint32_t id, const char *name) {
        struct s0_session *s = session_new(id);
        _cleanup_close_ int leaf = -1;
        uint64_t v;
        pid_t pid;
        int r;

        if (!s)
                return -ENOMEM;
        s->dir_fd = openat(d->root_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (s->dir_fd < 0) {
                free(s);
                return -errno;
        }
        if (cg_populated(s->dir_fd) <= 0) {
                session_free(d, s, true);
                (void) cg_rmdir_tree(d->root_fd, name);
                log_info("Removed stale session %u (no process left)", id);
                return 1;
        }
        if (cg_get_xattr_u64(s->dir_fd, XATTR_LOGON_TIME, &v) == 0)
                s->logon_time = (int64_t) v;
        console_adopt(s);
        lock_adopt(s);
        s->announced = true; /* if it has a user: the daemon before us told its logon */
        if (cg_get_xattr_u64(s->dir_fd, XATTR_UID, &v) == 0 && v < UINT32_MAX) {
                struct s0_user u;
                s->uid = (uid_t) v;
                if (user_by_uid(s->uid, &u) == 0)
                        session_set_user(s, &u);
                else
                        snprintf(s->user, sizeof s->user, "%u", (unsigned) s->uid);
                if (id == 0)
                        s->state = S0_STATE_ACTIVE;
        }
        if (session_has_user(s)) {
                /* As at logon: a tree made by an older daemon may lack it. */
                r = objdir_private_user(&d->objdir, s->uid, s->gid); /* -1 if not in passwd */
                if (r < 0)
                        log_warning_errno(r, "Session %u: cannot create '%s/" OBJDIR_NAME "/" OBJDIR_PRIVATE "/u%u'",
                                          id, d->runtime_dir, (unsigned) s->uid);
        }
        if (id != 0 && session_has_user(s)) {
                /* Its objects are still held by its processes: kept, only repaired. */
                r = objdir_session_adopt(&d->objdir, id, s->uid, s->gid);
                if (r < 0)
                        log_warning_errno(r, "Session %u: cannot restore '%s/" OBJDIR_NAME "/sessions/%u'", id,
                                          d->runtime_dir, id);
                else if (r > 0)
                        log_notice("Session %u: created or repaired its object directory", id);
        }
        leaf = openat(s->dir_fd, LEAF_ANCHOR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (leaf >= 0 && cg_single_pid(leaf, &pid) == 0) {
                s->anchor.fd = pidfd_open_(pid);
                if (s->anchor.fd >= 0) {
                        s->anchor_pid = pid;
                        s->anchor.handler = on_anchor_exit;
                        r = daemon_watch_add(d, &s->anchor, EPOLLIN);
                        if (r < 0) {
                                session_free(d, s, false);
                                return r;
                        }
                }
        }
        if (s->anchor.fd < 0) {
                /* The anchor is gone but the session lives on in its processes: a new
                 * anchor joins their namespaces, so the session keeps its /tmp & co. */
                r = cg_first_pid(s->dir_fd, &pid);
                if (r == 0)
                        r = anchor_start(d, s, pid);
                if (r < 0) {
                        log_warning_errno(r, "Session %u: cannot restore its anchor", id);
                        session_free(d, s, false);
                        return r;
                }
                log_notice("Session %u: anchor was gone, restarted it (pid %d)", id, (int) s->anchor_pid);
        }
        host_adopt(d, s);
        d->sessions[id] = s;
        log_info("Adopted session %u (user '%s', anchor %d)", id, s->user[0] ? s->user : "-", (int) s->anchor_pid);
        return 0;
}

static bool session_exists(void *userdata, uint32_t id) {
        struct s0_daemon *d = userdata;
        return session_get(d, id) != NULL;
}

int sessions_init(struct s0_daemon *d) {
        DIR *dir;
        struct dirent *de;
        int fd, r;

        d->sessions = calloc(S0_SESSIONS_LIMIT, sizeof *d->sessions);
        if (!d->sessions)
                return -ENOMEM;
        fd = openat(d->root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        dir = fdopendir(fd);
        if (!dir) {
                safe_close(fd);
                return -errno;
        }
        while ((de = readdir(dir))) {
                char path[300];
                uint32_t id;
                if (de->d_type != DT_DIR || de->d_name[0] == '.')
                        continue;
                snprintf(path, sizeof path, "/%s", de->d_name);
                if (s0_session_from_cgroup_path("/", path, &id) < 0 || id >= S0_SESSIONS_LIMIT)
                        continue;
                r = session_adopt(d, id, de->d_name);
                if (r < 0)
                        log_warning_errno(r, "Cannot adopt session %u", id);
        }
        closedir(dir);

        if (!d->sessions[0]) {
                struct s0_session *s;
                r = session_create(d, 0, NULL, &s);
                if (r < 0)
                        return log_error_errno(r, "Cannot create session 0");
                log_info("Session 0 created (services, non-interactive), anchor %d", (int) s->anchor_pid);
        }
        /* Object directories of sessions that ended while no daemon watched. */
        r = objdir_prune(&d->objdir, session_exists, d);
        if (r < 0)
                log_warning_errno(r, "Cannot clear the object directories of ended sessions");
        /* Objects whose last holder died while no daemon watched. */
        objreap_sweep_global(d);
        return 0;
}

void sessions_free(struct s0_daemon *d) {
        if (!d->sessions)
                return;
        for (uint32_t i = 0; i < S0_SESSIONS_LIMIT; i++)
                if (d->sessions[i])
                        session_free(d, d->sessions[i], false);
        free(d->sessions);
        d->sessions = NULL;
}

/* ---- logoff ---------------------------------------------------------------------- */

static void logoff_finish(struct s0_daemon *d, struct s0_session *s) {
        struct s0_logoff_waiter waiters[S0_LOGOFF_WAITERS_MAX];
        unsigned n = s->n_waiters;
        char name[32];

        memcpy(waiters, s->waiters, sizeof waiters);
        s->n_waiters = 0;
        daemon_watch_del(d, &s->events);
        s->events.fd = safe_close(s->events.fd);
        s->logging_off = false;
        session_change(d, s, S0_WTS_SESSION_LOGOFF); /* before the user is forgotten */

        if (s->console_only) {
                /* Legacy: the console user leaves session 0; the services stay. */
                (void) cg_rmdir_tree(s->dir_fd, LEAF_CONSOLE);
                (void) fremovexattr(s->dir_fd, XATTR_UID);
                log_info("Session 0: console user '%s' logged off", s->user);
                s->uid = NO_UID;
                s->gid = (gid_t) -1;
                s->user[0] = 0;
                s->state = S0_STATE_DISCONNECTED;
                s->console_only = false;
        } else {
                uint32_t id = s->id;
                uid_t uid = s->uid;
                session_dir_name(id, name, sizeof name);
                session_free(d, s, true);
                int r = cg_rmdir_tree(d->root_fd, name);
                if (r < 0)
                        log_warning_errno(r, "Session %u: cannot remove cgroup '%s'", id, name);
                /* Only now that its processes are gone: none of them can still be making
                 * objects in it. What cannot be removed has been logged. */
                (void) objdir_session_remove(&d->objdir, id);
                if (uid != NO_UID)
                        xdg_runtime_dir_release(d, uid);
                log_info("Session %u logged off", id);
        }
        /* The killed processes held global objects too; those whose last holder was
         * one of them are orphans now (killed, or unable to remove another user's file
         * from the sticky global/): reaped before the logoff is reported done. */
        objreap_sweep_global(d);
        for (unsigned i = 0; i < n; i++) {
                struct s0_conn *c = conn_by_id(d, waiters[i].conn_id);
                if (c)
                        (void) conn_reply_ok(d, c, waiters[i].cookie);
        }
}

static int logoff_target_fd(struct s0_session *s) {
        return s->console_only ? openat(s->dir_fd, LEAF_CONSOLE, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                               : openat(s->dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* cgroup.events is "modified" (POLLPRI) whenever populated changes. Reading the very
 * fd we poll is what re-arms it: kernfs keeps reporting POLLPRI until it is read. */
static void on_logoff_event(struct s0_daemon *d, struct s0_watch *w, uint32_t events) {
        struct s0_session *s = (struct s0_session *) ((char *) w - offsetof(struct s0_session, events));
        if (w->fd < 0 || cg_events_populated(w->fd) <= 0)
                logoff_finish(d, s);
        (void) events;
}

int session_logoff(struct s0_daemon *d, struct s0_session *s, uint64_t conn_id, uint32_t cookie) {
        _cleanup_close_ int target = -1;
        int r;

        if (conn_id != 0) {
                if (s->n_waiters >= S0_LOGOFF_WAITERS_MAX)
                        return -EBUSY;
                s->waiters[s->n_waiters++] = (struct s0_logoff_waiter){ conn_id, cookie };
        }
        if (s->logging_off)
                return 0;
        s->logging_off = true;
        s->state = S0_STATE_DOWN;
        if (!s->console_only) {
                daemon_watch_del(d, &s->anchor); /* it dies with the rest: reaped, not restarted */
                daemon_watch_del(d, &s->host);
        }
        target = logoff_target_fd(s);
        if (target < 0) {
                logoff_finish(d, s);
                return 0;
        }
        s->events.fd = openat(target, "cgroup.events", O_RDONLY | O_CLOEXEC);
        s->events.handler = on_logoff_event;
        if (s->events.fd < 0 || daemon_watch_add(d, &s->events, EPOLLPRI | EPOLLERR) < 0) {
                r = -errno;
                s->events.fd = safe_close(s->events.fd);
                log_warning_errno(r, "Session %u: cannot watch cgroup.events", s->id);
        }
        /* cgroup.kill is atomic against forks: a process forking while we kill cannot
         * leave a child behind (A15). Nothing in the session can ignore SIGKILL. */
        r = cg_kill(target);
        if (r < 0)
                log_warning_errno(r, "Session %u: cgroup.kill", s->id);
        on_logoff_event(d, &s->events, 0); /* it may be empty already */
        return 0;
}

void sessions_logoff_all(struct s0_daemon *d) {
        for (uint32_t i = 0; i < S0_SESSIONS_LIMIT; i++) {
                struct s0_session *s = d->sessions[i];
                char name[32];
                if (!s)
                        continue;
                session_dir_name(i, name, sizeof name);
                daemon_watch_del(d, &s->anchor);
                daemon_watch_del(d, &s->host);
                (void) cg_kill(s->dir_fd);
                (void) cg_wait_empty(s->dir_fd, 10000);
                session_free(d, s, true);
                (void) cg_rmdir_tree(d->root_fd, name);
        }
}

static void on_anchor_exit(struct s0_daemon *d, struct s0_watch *w, uint32_t events) {
        struct s0_session *s = (struct s0_session *) ((char *) w - offsetof(struct s0_session, anchor));
        pid_t pid;
        int r;

        anchor_release(d, s, true);
        if (s->logging_off)
                return;
        log_warning("Session %u: anchor died", s->id);
        if (cg_first_pid(s->dir_fd, &pid) == 0) {
                r = anchor_start(d, s, pid);
                if (r == 0)
                        return;
        }
        if (s->id == 0) {
                /* Session 0 always exists: an empty one gets fresh namespaces. */
                if (anchor_start(d, s, 0) < 0)
                        log_error("Session 0 has no anchor; services started now get none");
                else {
                        /* new namespaces: the old host's socket is not in them */
                        if (s->host.fd >= 0)
                                (void) syscall(SYS_pidfd_send_signal, s->host.fd, SIGKILL, NULL, 0);
                }
                return;
        }
        (void) session_logoff(d, s, 0, 0);
        (void) events;
}

/* ---- requests -------------------------------------------------------------------- */

static uint32_t lowest_free_id(struct s0_daemon *d) {
        for (uint32_t id = 1; id < d->sessions_max && id < S0_SESSIONS_LIMIT; id++)
                if (!d->sessions[id])
                        return id;
        return S0_SESSION_NONE;
}

static void reply_session(struct s0_daemon *d, struct s0_conn *c, uint32_t cookie, uint32_t id) {
        struct s0_rep_session rep = { .session_id = id };
        msg_header_init(&rep.hdr, S0_MSG_SESSION, sizeof rep, cookie);
        (void) conn_send(d, c, &rep, sizeof rep, -1);
}

static void reply_user_error(struct s0_daemon *d, struct s0_conn *c, uint32_t cookie, int r, const char *name) {
        if (r == -ENOENT)
                (void) conn_reply_error(d, c, cookie, -ENOENT, "no such user '%s'", name);
        else if (r == -EINVAL)
                (void) conn_reply_error(d, c, cookie, -EINVAL, "invalid user name '%s'", name);
        else
                (void) conn_reply_error(d, c, cookie, r, "cannot look up user '%s': %s", name, strerror(-r));
}

/* May the peer act on session s (log it off, start processes in it as itself)? */
static bool peer_owns(const struct s0_conn *c, const struct s0_session *s) {
        return c->uid == 0 || (session_has_user(s) && s->uid == c->uid);
}

/* Logs u on: the lowest free session >= 1, or -- legacy mode, session 0 free of a
 * console user -- session 0 itself; with reconnect, the user's disconnected session. */
static int logon_user(struct s0_daemon *d, const struct s0_user *u, bool reconnect, struct s0_session **ret,
                      bool *ret_reconnected) {
        struct s0_session *s, *zero = d->sessions[0];
        uint32_t id;
        int r;

        *ret_reconnected = false;
        /* Where the user's private namespaces go. Without it only CreatePrivateNamespace
         * fails: the logon goes on. */
        r = objdir_private_user(&d->objdir, u->uid, u->gid);
        if (r < 0)
                log_warning_errno(r, "Cannot create '%s/" OBJDIR_NAME "/" OBJDIR_PRIVATE "/u%u' (private namespaces)",
                                  d->runtime_dir, (unsigned) u->uid);
        if (reconnect)
                for (id = 1; id < S0_SESSIONS_LIMIT; id++) {
                        s = d->sessions[id];
                        if (s && s->uid == u->uid && s->state == S0_STATE_DISCONNECTED && !s->logging_off) {
                                s->state = S0_STATE_ACTIVE;
                                log_info("User '%s' reconnected to session %u", u->name, id);
                                *ret = s;
                                *ret_reconnected = true;
                                return 0;
                        }
                }
        if (d->isolation == S0_ISOLATION_LEGACY && zero && !session_has_user(zero) && !zero->logging_off) {
                /* XP/2003: the first interactive user shares session 0 with the services. */
                _cleanup_close_ int leaf = -1;
                int64_t now = (int64_t) time(NULL);
                r = cg_mkdir_open(zero->dir_fd, LEAF_CONSOLE, &leaf);
                if (r == 0)
                        r = cg_set_xattr_u64(zero->dir_fd, XATTR_UID, u->uid);
                if (r == 0) /* qwinsta shows when the console user logged on, not the daemon start */
                        r = cg_set_xattr_u64(zero->dir_fd, XATTR_LOGON_TIME, (uint64_t) now);
                if (r < 0)
                        return r;
                zero->logon_time = now;
                session_set_user(zero, u);
                zero->state = S0_STATE_ACTIVE;
                log_info("Legacy logon: user '%s' joined session 0 with the services", u->name);
                *ret = zero;
                return 0;
        }
        id = lowest_free_id(d);
        if (id == S0_SESSION_NONE)
                return -EUSERS;
        r = session_create(d, id, u, &s);
        if (r < 0)
                return r;
        log_info("User '%s' logged on: session %u", u->name, id);
        *ret = s;
        return 0;
}

static void reply_logon_error(struct s0_daemon *d, struct s0_conn *c, uint32_t cookie, int r, const char *user) {
        if (r == -EUSERS)
                (void) conn_reply_error(d, c, cookie, r, "too many sessions (at most %u)", d->sessions_max - 1);
        else
                (void) conn_reply_error(d, c, cookie, r, "cannot create session for '%s': %s", user, strerror(-r));
}

/* LOGON and JOIN: a root caller logs user on (or reconnects it). Replies the error and
 * returns NULL on failure. */
static struct s0_session *logon_request(struct s0_daemon *d, struct s0_conn *c, uint32_t cookie, const char *verb,
                                        const char *user, bool reconnect, struct s0_user *u, bool *reconnected) {
        struct s0_session *s;
        int r;

        if (c->uid != 0) {
                (void) conn_reply_error(d, c, cookie, -EPERM, "%s needs root (caller is uid %u)", verb,
                                        (unsigned) c->uid);
                return NULL;
        }
        r = user_by_name(user, u);
        if (r < 0) {
                reply_user_error(d, c, cookie, r, user);
                return NULL;
        }
        r = logon_user(d, u, reconnect, &s, reconnected);
        if (r < 0) {
                reply_logon_error(d, c, cookie, r, u->name);
                return NULL;
        }
        return s;
}

void handle_logon(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_logon *req) {
        struct s0_user u;
        bool reconnected;
        struct s0_session *s = logon_request(d, c, req->hdr.cookie, "logon", req->user, false, &u, &reconnected);

        if (s) {
                console_note_logon(d, s, c, false);
                session_change_logon(d, s, false);
                reply_session(d, c, req->hdr.cookie, s->id);
        }
}

/* The leaf cgroup a process of user uid belongs in within session s. */
static const char *session_leaf_for(const struct s0_session *s, uid_t uid) {
        if (s->id != 0)
                return LEAF_USER;
        return session_has_user(s) && s->uid == uid ? LEAF_CONSOLE : LEAF_SYSTEM;
}

/* Moves the peer (exactly the process that connected: its pidfd was taken at accept)
 * into the session. The pid written to cgroup.procs cannot name another process as
 * long as the pidfd's process is alive, which is checked after the write. */
static int attach_peer(struct s0_session *s, struct s0_conn *c, uid_t uid) {
        _cleanup_close_ int leaf = -1;
        int r;

        if (c->pidfd < 0)
                return -ESRCH;
        r = cg_mkdir_open(s->dir_fd, session_leaf_for(s, uid), &leaf);
        if (r < 0)
                return r;
        r = cg_attach(leaf, c->pid);
        if (r < 0)
                return r;
        if (syscall(SYS_pidfd_send_signal, c->pidfd, 0, NULL, 0) < 0)
                return -ESRCH;
        return 0;
}

void handle_join(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_join *req) {
        uint32_t cookie = req->hdr.cookie;
        struct s0_rep_joined rep = { 0 };
        struct s0_user u;
        bool reconnected;
        struct s0_session *s = logon_request(d, c, cookie, "join", req->user, req->flags & S0_JOIN_RECONNECT, &u,
                                             &reconnected);
        int r;

        if (!s)
                return;
        r = s->anchor.fd >= 0 ? attach_peer(s, c, u.uid) : -ESRCH;
        if (r < 0) {
                (void) conn_reply_error(d, c, cookie, r, "cannot move pid %d into session %u: %s", (int) c->pid,
                                        s->id, strerror(-r));
                if (reconnected)
                        s->state = S0_STATE_DISCONNECTED;
                else if (s->id != 0)
                        (void) session_logoff(d, s, 0, 0);
                return;
        }
        console_note_logon(d, s, c, req->flags & S0_JOIN_REMOTE);
        session_change_logon(d, s, reconnected);
        rep.session_id = s->id;
        rep.flags = reconnected ? S0_JOINED_RECONNECTED : 0;
        msg_header_init(&rep.hdr, S0_MSG_JOINED, sizeof rep, cookie);
        (void) conn_send(d, c, &rep, sizeof rep, s->anchor.fd);
        log_info("pid %d (uid %u) joined session %u as '%s'%s", (int) c->pid, (unsigned) c->uid, s->id, u.name,
                 reconnected ? " (reconnected)" : "");
}

void handle_disconnect(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_session *req) {
        uint32_t cookie = req->hdr.cookie;
        struct s0_session *s = session_get(d, req->session_id);

        if (!s) {
                (void) conn_reply_error(d, c, cookie, -ENOENT, "no session %u", req->session_id);
                return;
        }
        if (s->id == 0) {
                (void) conn_reply_error(d, c, cookie, -EPERM, "session 0 cannot be disconnected");
                return;
        }
        if (!peer_owns(c, s)) {
                (void) conn_reply_error(d, c, cookie, -EPERM, "session %u belongs to another user", s->id);
                return;
        }
        if (s->logging_off) {
                (void) conn_reply_error(d, c, cookie, -ESHUTDOWN, "session %u is logging off", s->id);
                return;
        }
        if (s->state == S0_STATE_DISCONNECTED) { /* already: nothing changes, nobody is told */
                (void) conn_reply_ok(d, c, cookie);
                return;
        }
        s->state = S0_STATE_DISCONNECTED;
        session_change_disconnect(d, s);
        console_note_disconnect(d, s);
        log_info("Session %u disconnected", s->id);
        (void) conn_reply_ok(d, c, cookie);
}


void handle_logoff(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_session *req) {
        uint32_t cookie = req->hdr.cookie;
        struct s0_session *s = session_get(d, req->session_id);
        int r;

        if (!s) {
                (void) conn_reply_error(d, c, cookie, -ENOENT, "no session %u", req->session_id);
                return;
        }
        if (!peer_owns(c, s)) {
                (void) conn_reply_error(d, c, cookie, -EPERM, "session %u belongs to another user", s->id);
                return;
        }
        if (s->id == 0) {
                if (d->isolation != S0_ISOLATION_LEGACY || !session_has_user(s)) {
                        (void) conn_reply_error(d, c, cookie, -EPERM, "session 0 cannot be logged off");
                        return;
                }
                s->console_only = true;
        }
        r = session_logoff(d, s, c->id, cookie);
        if (r < 0)
                (void) conn_reply_error(d, c, cookie, r, "session %u: too many clients waiting for logoff",
                                        req->session_id);
}

static void session_info_fill(struct s0_daemon *d, const struct s0_session *s, struct s0_session_info *e) {
        int n = cg_count_procs(s->dir_fd, LEAF_ANCHOR);

        memset(e, 0, sizeof *e);
        e->id = s->id;
        e->uid = s->uid;
        e->state = s->state;
        e->flags = (session_has_user(s) ? S0_SESSION_INTERACTIVE : 0) | (s->id == 0 ? S0_SESSION_SERVICES : 0) |
                   (d->isolation == S0_ISOLATION_LEGACY ? S0_SESSION_LEGACY : 0) | console_session_flags(d, s) |
                   (s->locked ? S0_SESSION_LOCKED : 0);
        e->logon_time = s->logon_time;
        e->nprocs = n > 0 ? (uint32_t) n : 0;
        e->anchor_pid = s->anchor_pid;
        snprintf(e->user, sizeof e->user, "%s", s->user);
}

void handle_list(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_list *req) {
        _cleanup_free_ struct s0_rep_list *rep = calloc(1, S0_MSG_SIZE_MAX);
        uint32_t id;

        if (!rep) {
                (void) conn_reply_error(d, c, req->hdr.cookie, -ENOMEM, "out of memory");
                return;
        }
        rep->next_id = S0_SESSION_NONE;
        for (id = req->first_id; id < S0_SESSIONS_LIMIT; id++) {
                if (!d->sessions[id])
                        continue;
                if (rep->count == S0_LIST_ENTRIES_MAX) {
                        rep->next_id = id;
                        break;
                }
                session_info_fill(d, d->sessions[id], &rep->entries[rep->count++]);
        }
        size_t size = sizeof *rep + rep->count * sizeof rep->entries[0];
        msg_header_init(&rep->hdr, S0_MSG_SESSION_LIST, size, req->hdr.cookie);
        (void) conn_send(d, c, rep, size, -1);
}

void handle_session_of(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_pid *req) {
        _cleanup_free_ char *path = NULL;
        uint32_t id;
        int r;

        if (req->pid <= 0) {
                (void) conn_reply_error(d, c, req->hdr.cookie, -EINVAL, "invalid pid %d", req->pid);
                return;
        }
        r = proc_cgroup_path(req->pid, &path);
        if (r < 0) {
                (void) conn_reply_error(d, c, req->hdr.cookie, -ESRCH, "no process %d", req->pid);
                return;
        }
        r = s0_session_from_cgroup_path(d->root_path, path, &id);
        if (r < 0 || !session_get(d, id)) {
                (void) conn_reply_error(d, c, req->hdr.cookie, -ESRCH, "process %d is in no session (cgroup %s)",
                                        req->pid, path);
                return;
        }
        reply_session(d, c, req->hdr.cookie, id);
}

/* ---- spawn ----------------------------------------------------------------------- */

static void on_child_exit(struct s0_daemon *d, struct s0_watch *w, uint32_t events);

static void child_free(struct s0_daemon *d, struct s0_child *ch) {
        daemon_watch_del(d, &ch->w);
        safe_close(ch->w.fd);
        if (ch->prev)
                ch->prev->next = ch->next;
        else
                d->children = ch->next;
        if (ch->next)
                ch->next->prev = ch->prev;
        free(ch);
}

void children_forget_conn(struct s0_daemon *d, uint64_t conn_id) {
        for (struct s0_child *ch = d->children; ch; ch = ch->next)
                if (ch->conn_id == conn_id)
                        ch->conn_id = 0;
}

void children_free(struct s0_daemon *d) {
        while (d->children)
                child_free(d, d->children);
}

static void on_child_exit(struct s0_daemon *d, struct s0_watch *w, uint32_t events) {
        struct s0_child *ch = (struct s0_child *) w;
        struct s0_rep_exited rep = { .pid = ch->pid };
        siginfo_t si = { 0 };
        struct s0_conn *c;

        if (waitid(P_PIDFD, (id_t) w->fd, &si, WEXITED | WNOHANG) < 0 || si.si_pid == 0)
                return; /* spurious: not exited yet */
        rep.code = si.si_code;
        rep.status = si.si_status;
        c = ch->conn_id ? conn_by_id(d, ch->conn_id) : NULL;
        if (c) {
                msg_header_init(&rep.hdr, S0_MSG_EXITED, sizeof rep, ch->cookie);
                (void) conn_send(d, c, &rep, sizeof rep, -1);
        }
        if (ch->logoff_on_exit) {
                struct s0_session *s = session_get(d, ch->session_id);
                if (s) {
                        if (s->id == 0)
                                s->console_only = true;
                        (void) session_logoff(d, s, 0, 0);
                }
        }
        child_free(d, ch);
        (void) events;
}

/* A clean environment, as login(1) makes one, plus a few harmless keys from the caller. */
static int build_env(struct s0_daemon *d, const struct s0_user *u, uint32_t session, bool xdg, char **extra,
                     char **env, size_t max, char *store, size_t store_size) {
        static const char *const allowed[] = { "TERM=", "LANG=", "LANGUAGE=", "LC_", "TZ=", "COLORTERM=" };
        size_t n = 0, used = 0;
        char tmp[1024];

#define PUT(...)                                                                                          \
        do {                                                                                              \
                int _k = snprintf(tmp, sizeof tmp, __VA_ARGS__);                                          \
                if (_k < 0 || (size_t) _k >= sizeof tmp || used + (size_t) _k + 1 > store_size || n >= max) \
                        return -E2BIG;                                                                    \
                memcpy(store + used, tmp, (size_t) _k + 1);                                               \
                env[n++] = store + used;                                                                  \
                used += (size_t) _k + 1;                                                                  \
        } while (0)

        PUT("HOME=%s", u->home);
        PUT("USER=%s", u->name);
        PUT("LOGNAME=%s", u->name);
        PUT("SHELL=%s", u->shell);
        PUT("PATH=%s", u->uid == 0 ? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
                                   : "/usr/local/bin:/usr/bin:/bin");
        PUT("S0_SESSION_ID=%u", session);
        PUT("S0_RUNTIME_DIR=%s", d->runtime_dir);
        if (xdg)
                PUT("XDG_RUNTIME_DIR=/run/user/%u", (unsigned) u->uid);
        for (size_t i = 0; extra[i]; i++)
                for (size_t k = 0; k < ELEMENTSOF(allowed); k++)
                        if (strncmp(extra[i], allowed[k], strlen(allowed[k])) == 0 && strchr(extra[i], '=')) {
                                PUT("%s", extra[i]);
                                break;
                        }
#undef PUT
        env[n] = NULL;
        return 0;
}

void handle_spawn(struct s0_daemon *d, struct s0_conn *c, struct s0_req_spawn *req, size_t n, int fds[3]) {
        uint32_t cookie = req->hdr.cookie;
        struct s0_session *s = session_get(d, req->session_id);
        char *argv[S0_SPAWN_ARGS_MAX + 1], *extra[S0_SPAWN_ENV_MAX + 1], *env[S0_SPAWN_ENV_MAX + 16];
        char envstore[8192];
        struct spawn_params p = { .exec_fd = -1 };
        _cleanup_close_ int leaf = -1;
        struct s0_user u;
        struct s0_child *ch;
        const char *leaf_name, *what;
        pid_t pid;
        int pidfd, r;

        if (!s || s->logging_off) {
                (void) conn_reply_error(d, c, cookie, s ? -ESHUTDOWN : -ENOENT,
                                        s ? "session %u is logging off" : "no session %u", req->session_id);
                return;
        }
        r = req->user[0] ? user_by_name(req->user, &u) : user_by_uid(c->uid, &u);
        if (r < 0) {
                reply_user_error(d, c, cookie, r, req->user[0] ? req->user : "(caller)");
                return;
        }
        if (c->uid != 0 && u.uid != c->uid) {
                (void) conn_reply_error(d, c, cookie, -EPERM, "only root can start processes as another user");
                return;
        }
        if (!peer_owns(c, s)) {
                (void) conn_reply_error(d, c, cookie, -EPERM, "session %u belongs to another user", s->id);
                return;
        }
        if ((req->flags & S0_SPAWN_LOGOFF_ON_EXIT) && s->id == 0 &&
            !(session_has_user(s) && s->uid == u.uid)) {
                (void) conn_reply_error(d, c, cookie, -EPERM, "session 0 cannot be logged off");
                return;
        }
        if (s0_spawn_unpack(req, n, argv, extra) < 0) {
                (void) conn_reply_error(d, c, cookie, -EBADMSG, "malformed spawn arguments");
                return;
        }
        /* The session's private runtime dir belongs to its user; others get none. */
        r = build_env(d, &u, s->id, s->id != 0 && s->uid == u.uid, extra, env, ELEMENTSOF(env) - 1, envstore,
                      sizeof envstore);
        if (r < 0) {
                (void) conn_reply_error(d, c, cookie, r, "environment too large");
                return;
        }
        leaf_name = session_leaf_for(s, u.uid);
        if (req->flags & (S0_SPAWN_INTEGRITY_LOW | S0_SPAWN_INTEGRITY_HIGH)) {
                bool high = req->flags & S0_SPAWN_INTEGRITY_HIGH;
                if ((req->flags & S0_SPAWN_INTEGRITY_LOW) && high) {
                        (void) conn_reply_error(d, c, cookie, -EINVAL, "one integrity level, not two");
                        return;
                }
                if (strcmp(leaf_name, LEAF_USER) != 0) {
                        (void) conn_reply_error(d, c, cookie, -EINVAL,
                                                "session %u: --integrity applies to user sessions only", s->id);
                        return;
                }
                if (high && c->uid != 0) {
                        (void) conn_reply_error(d, c, cookie, -EPERM, "only root can start a High integrity process");
                        return;
                }
                leaf_name = high ? LEAF_USER_HIGH : LEAF_USER_LOW;
        }
        r = cg_mkdir_open(s->dir_fd, leaf_name, &leaf);
        if (r < 0) {
                (void) conn_reply_error(d, c, cookie, r, "session %u: cannot create cgroup '%s': %s", s->id,
                                        leaf_name, strerror(-r));
                return;
        }
        p.cgroup_fd = leaf;
        p.ns_pidfd = s->anchor.fd;
        p.rlimit_nofile = &d->nofile_orig;
        p.user = &u;
        p.argv = argv;
        p.envp = env;
        for (int i = 0; i < 3; i++)
                p.fds[i] = fds[i];
        if (p.ns_pidfd < 0) {
                (void) conn_reply_error(d, c, cookie, -ESRCH, "session %u has no anchor", s->id);
                return;
        }
        r = spawn_in_session(&p, &pid, &pidfd, &what);
        if (r < 0) {
                if (strcmp(what, "exec") == 0)
                        (void) conn_reply_error(d, c, cookie, r, "cannot execute '%s': %s", argv[0], strerror(-r));
                else
                        (void) conn_reply_error(d, c, cookie, r, "cannot start process in session %u (%s): %s",
                                                s->id, what, strerror(-r));
                /* The session's shell is gone before it began: that ends the session as its
                 * exit would have (nobody could ever log it off otherwise, if the client died). */
                if (req->flags & S0_SPAWN_LOGOFF_ON_EXIT) {
                        if (s->id == 0)
                                s->console_only = true;
                        (void) session_logoff(d, s, 0, 0);
                }
                return;
        }
        ch = calloc(1, sizeof *ch);
        if (!ch) {
                (void) syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
                (void) waitid(P_PIDFD, (id_t) pidfd, &(siginfo_t){ 0 }, WEXITED);
                safe_close(pidfd);
                (void) conn_reply_error(d, c, cookie, -ENOMEM, "out of memory");
                return;
        }
        ch->w.fd = pidfd;
        ch->w.handler = on_child_exit;
        ch->pid = pid;
        ch->session_id = s->id;
        ch->conn_id = c->id;
        ch->cookie = cookie;
        ch->logoff_on_exit = req->flags & S0_SPAWN_LOGOFF_ON_EXIT;
        ch->next = d->children;
        if (d->children)
                d->children->prev = ch;
        d->children = ch;
        if (daemon_watch_add(d, &ch->w, EPOLLIN) < 0)
                log_warning("Cannot watch pid %d; its exit will not be reported", (int) pid);

        struct s0_rep_spawned rep = { .pid = pid, .session_id = s->id };
        msg_header_init(&rep.hdr, S0_MSG_SPAWNED, sizeof rep, cookie);
        (void) conn_send(d, c, &rep, sizeof rep, pidfd);
        log_debug("Started '%s' as '%s' in session %u: pid %d", argv[0], u.name, s->id, (int) pid);
}
