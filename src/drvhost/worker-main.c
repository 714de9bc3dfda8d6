/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * s0-drvhost-worker --runtime-dir DIR --config-dir DIR --driver NAME [--user ACCOUNT]
 *                   [--restarts N]
 *
 * The host process of one driver, started by s0-drvhost in session 0. As root it binds
 * the device sockets (<runtime>/devices/NAME, protected from the SDs), then drops for
 * good to ACCOUNT (s0-umdf): no supplementary groups, no capabilities (bounding set
 * emptied), PR_SET_NO_NEW_PRIVS. Only then is the plugin dlopen()ed: driver code never
 * runs privileged. A watchdog thread turns a callback that runs past HangTimeoutMs into
 * exit code 70, which s0-drvhost reports as a hang.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>
#include <linux/capability.h>

#include <session0/session0.h>

#include "shared/log.h"
#include "shared/macro.h"
#include "worker.h"

#define EXIT_HANG 70

struct worker *worker_self;

uint64_t worker_now_ms(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000u + (uint64_t) ts.tv_nsec / 1000000u;
}

void worker_write_status(struct worker *w, struct s0_umdf_device *dev, const char *state) {
        char path[4300], tmp[4310], text[256];
        int fd, n;

        snprintf(path, sizeof path, "%s/devices/.status/%s", w->runtime_dir, dev->name);
        snprintf(tmp, sizeof tmp, "%s.tmp", path);
        n = snprintf(text, sizeof text, "driver=%s state=%s opens=%u restarts=%u pid=%d\n", w->conf.name, state,
                     dev->opens, w->restarts, (int) getpid());
        fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0)
                return; /* status is for s0ctl devices only; the device works without it */
        if (write(fd, text, (size_t) n) != n || rename(tmp, path) < 0)
                (void) unlink(tmp);
        close(fd);
}

void worker_audit(struct worker *w, uint32_t session, const char *target, int32_t result) {
        struct s0_client *c;

        if (s0_client_open(w->runtime_dir, &c) < 0)
                return; /* no daemon: nothing to record into */
        (void) s0_audit_report(c, S0_EVENT_DEVICE, session, target, result);
        s0_client_close(c);
}

static int bind_device(struct worker *w, struct s0_umdf_device *dev) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        int fd, r;

        r = device_sd_from_sddl(w->conf.devices[dev - w->devices].sddl, w->runtime_dir, &dev->sd);
        if (r < 0)
                return log_error_errno(r, "device %s: bad SDDL '%s'", dev->name, w->conf.devices[dev - w->devices].sddl);
        if (snprintf(sa.sun_path, sizeof sa.sun_path, "%s", dev->path) >= (int) sizeof sa.sun_path)
                return log_error_errno(-ENAMETOOLONG, "%s", dev->path);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
                return log_error_errno(-errno, "socket");
        (void) unlink(dev->path); /* a socket left by a crashed predecessor */
        if (bind(fd, (struct sockaddr *) &sa, sizeof sa) < 0 || listen(fd, 64) < 0) {
                r = -errno;
                close(fd);
                return log_error_errno(r, "bind %s", dev->path);
        }
        r = device_socket_protect(dev->path, &dev->sd);
        if (r < 0) {
                close(fd);
                (void) unlink(dev->path);
                return log_error_errno(r, "protecting %s", dev->path);
        }
        dev->listen_fd = fd;
        return 0;
}

/* devices/.status/, where the worker, once dropped, writes what s0ctl devices shows */
static int status_dir(const char *dir, const char *account) {
        struct passwd *pw = geteuid() == 0 ? getpwnam(account) : NULL;
        char path[4200];

        snprintf(path, sizeof path, "%s/.status", dir);
        if (mkdir(path, 0755) < 0 && errno != EEXIST)
                return log_error_errno(-errno, "mkdir %s", path);
        if (pw && chown(path, pw->pw_uid, pw->pw_gid) < 0)
                return log_error_errno(-errno, "chown %s", path);
        return 0;
}

static int drop_privileges(const char *account) {
        struct passwd *pw;

        if (geteuid() != 0)
                return 0; /* run unprivileged already (a developer's test run) */
        pw = getpwnam(account);
        if (!pw)
                return log_error_errno(-ENOENT, "no account %s", account);
        for (int cap = 0; cap <= CAP_LAST_CAP; cap++)
                if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
                        return log_error_errno(-errno, "PR_CAPBSET_DROP");
        /* group first: once the uid is gone we may no longer change the gid */
        if (setgroups(0, NULL) < 0 || setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) < 0 ||
            setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) < 0)
                return log_error_errno(-errno, "dropping to %s", account);
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
                return log_error_errno(-errno, "PR_SET_NO_NEW_PRIVS");
        if (setuid(0) == 0)
                return log_error_errno(-EPERM, "still able to become root");
        return 0;
}

static void *watchdog(void *arg) {
        struct worker *w = arg;

        for (;;) {
                uint64_t since = w->busy_since_ms;

                if (since && worker_now_ms() - since > w->conf.hang_timeout_ms) {
                        log_error("driver %s: a callback ran over %u ms: hung", w->conf.name, w->conf.hang_timeout_ms);
                        _exit(EXIT_HANG);
                }
                usleep(50 * 1000);
        }
        return NULL;
}

static int load_driver(struct worker *w) {
        s0_umdf_driver_entry_fn entry;
        void *h = dlopen(w->conf.plugin, RTLD_NOW | RTLD_LOCAL);

        if (!h)
                return log_error_errno(-ENOENT, "dlopen %s: %s", w->conf.plugin, dlerror());
        entry = (s0_umdf_driver_entry_fn) dlsym(h, "s0_umdf_driver_entry");
        if (!entry)
                return log_error_errno(-ENOENT, "%s: no s0_umdf_driver_entry", w->conf.plugin);
        w->drv = entry();
        if (!w->drv || w->drv->abi_version != S0_UMDF_ABI_VERSION)
                return log_error_errno(-EPROTO, "%s: ABI version %u, the host speaks %u", w->conf.plugin,
                                       w->drv ? w->drv->abi_version : 0, S0_UMDF_ABI_VERSION);
        return 0;
}

static int serve(struct worker *w) {
        for (;;) {
                struct pollfd p[DRV_DEVICES_MAX + WORKER_CONNS_MAX];
                struct conn *who[WORKER_CONNS_MAX];
                size_t n = 0, nd = 0;

                for (unsigned i = 0; i < w->conf.n_devices; i++)
                        if (w->devices[i].up)
                                p[n++] = (struct pollfd) { .fd = w->devices[i].listen_fd, .events = POLLIN };
                nd = n;
                for (size_t i = 0; i < WORKER_CONNS_MAX; i++)
                        if (w->conns[i]) {
                                who[n - nd] = w->conns[i];
                                p[n++] = (struct pollfd) { .fd = w->conns[i]->fd, .events = POLLIN };
                        }
                if (poll(p, n, -1) < 0) {
                        if (errno == EINTR)
                                continue;
                        return log_error_errno(-errno, "poll");
                }
                for (size_t i = nd; i < n; i++)
                        if (p[i].revents && !worker_serve(w, who[i - nd]))
                                worker_conn_close(w, who[i - nd]);
                for (size_t i = 0, k = 0; i < w->conf.n_devices; i++)
                        if (w->devices[i].up && (p[k++].revents & POLLIN))
                                worker_accept(w, &w->devices[i]);
        }
}

int main(int argc, char **argv) {
        static const struct option opts[] = {
                { "runtime-dir", required_argument, NULL, 'r' }, { "config-dir", required_argument, NULL, 'c' },
                { "driver", required_argument, NULL, 'd' },      { "user", required_argument, NULL, 'u' },
                { "restarts", required_argument, NULL, 'n' },    { "help", no_argument, NULL, 'h' },
                {},
        };
        static struct worker w = { .lock = PTHREAD_MUTEX_INITIALIZER };
        const char *config_dir = "/etc/session0/drivers", *driver = NULL, *account = "s0-umdf";
        char err[256], dir[4096];
        pthread_t wd;
        unsigned up = 0;
        int c, r;

        log_set_ident("s0-drvhost-worker");
        while ((c = getopt_long(argc, argv, "h", opts, NULL)) >= 0)
                switch (c) {
                case 'r': w.runtime_dir = optarg; break;
                case 'c': config_dir = optarg; break;
                case 'd': driver = optarg; break;
                case 'u': account = optarg; break;
                case 'n': w.restarts = (unsigned) strtoul(optarg, NULL, 10); break;
                case 'h':
                        printf("Usage: s0-drvhost-worker [--runtime-dir DIR] [--config-dir DIR] --driver NAME\n"
                               "                         [--user ACCOUNT] [--restarts N]\n"
                               "The host process of one user-mode driver; started by s0-drvhost(8).\n");
                        return 0;
                default: return 2;
                }
        if (!driver) {
                fprintf(stderr, "s0-drvhost-worker: --driver NAME is required\n");
                return 2;
        }
        if (!w.runtime_dir)
                w.runtime_dir = s0_runtime_dir();
        worker_self = &w;
        (void) signal(SIGPIPE, SIG_IGN);
        r = drv_conf_load(config_dir, driver, &w.conf, err, sizeof err);
        if (r < 0) {
                log_error("%s/%s.conf: %s", config_dir, driver, err);
                return 1;
        }
        snprintf(dir, sizeof dir, "%s/devices", w.runtime_dir);
        if (mkdir(dir, 0755) < 0 && errno != EEXIST)
                return log_error_errno(-errno, "mkdir %s", dir), 1;
        if (status_dir(dir, account) < 0)
                return 1;
        for (unsigned i = 0; i < w.conf.n_devices; i++) {
                struct s0_umdf_device *d = &w.devices[i];

                *d = (struct s0_umdf_device) { .w = &w, .listen_fd = -1 };
                char path[sizeof d->path];

                strcpy(d->name, w.conf.devices[i].name);
                /* through a local: the compiler cannot tell d->path from the conf in w */
                snprintf(path, sizeof path, "%s/%s", dir, d->name);
                memcpy(d->path, path, sizeof path);
                if (bind_device(&w, d) < 0)
                        return 1;
        }
        if (drop_privileges(account) < 0 || load_driver(&w) < 0)
                return 1;
        if (pthread_create(&wd, NULL, watchdog, &w) != 0)
                return log_error("cannot start the watchdog"), 1;
        for (unsigned i = 0; i < w.conf.n_devices; i++) {
                struct s0_umdf_device *d = &w.devices[i];
                uint32_t e = 0;

                if (w.drv->cb.device_add) {
                        w.busy_since_ms = worker_now_ms();
                        e = w.drv->cb.device_add(d);
                        w.busy_since_ms = 0;
                }
                if (e) {
                        log_error("device %s: the driver refused it (error %u)", d->name, e);
                        continue;
                }
                d->up = true;
                up++;
                worker_write_status(&w, d, "running");
        }
        if (!up)
                return 1;
        log_info("driver %s (%s) serving %u device(s)", w.conf.name, w.drv->name, up);
        return serve(&w) < 0;
}
