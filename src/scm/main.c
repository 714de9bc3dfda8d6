/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * s0-scm: the service control manager of session 0 (services.exe's part in session0).
 * Single-threaded: one epoll loop over the listening socket <runtime>/scm, a signalfd,
 * one socket per client and per service dispatcher, and a pidfd per service process.
 * Deadlines (restart delays, stop and start timeouts) are the epoll timeout.
 * docs/SERVICES.md describes it; man/s0-scm.8 how to run it.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "config.h"
#include "scm.h"
#include "shared/log.h"
#include "shared/macro.h"
#include "shared/parse-util.h"

static void help(void) {
        printf("Usage: s0-scm [--runtime-dir DIR] [--config-dir DIR] [--state-dir DIR] [--shutdown-timeout MS]\n"
               "              [--delayed-autostart-delay MS]\n"
               "\n"
               "The service control manager of session 0. Run it in session 0 as root:\n"
               "  s0ctl run --session 0 -- s0-scm\n"
               "SIGTERM or SIGINT shuts the services down (SERVICE_CONTROL_PRESHUTDOWN, then\n"
               "SERVICE_CONTROL_SHUTDOWN or STOP, dependents first) and exits; after SIGKILL\n"
               "they keep running and the next s0-scm re-adopts them.\n"
               "\n"
               "  --runtime-dir DIR  listen on DIR/scm (default $S0_RUNTIME_DIR or /run/session0)\n"
               "  --config-dir DIR   service definitions NAME.conf (default /etc/session0/services)\n"
               "  --state-dir DIR    what survives a restart (default /var/lib/session0/scm)\n"
               "  --shutdown-timeout MS  the whole shutdown at most; then what is left is killed\n"
               "                     (default 60000)\n"
               "  --delayed-autostart-delay MS  DelayedAutoStart=yes services start this long\n"
               "                     after the others (default 120000, as Windows)\n"
               "  -v --verbose       debug logging (each session change and whom it goes to)\n"
               "  --version\n");
}

static int parse_args(struct scm *s, int argc, char **argv) {
        static const struct option opts[] = {
                { "runtime-dir", required_argument, NULL, 'r' }, { "config-dir", required_argument, NULL, 'c' },
                { "state-dir", required_argument, NULL, 's' },   { "help", no_argument, NULL, 'h' },
                { "version", no_argument, NULL, 'V' },           { "verbose", no_argument, NULL, 'v' },
                { "shutdown-timeout", required_argument, NULL, 'T' },
                { "delayed-autostart-delay", required_argument, NULL, 'D' }, {},
        };
        int c;

        s->runtime_dir = getenv("S0_RUNTIME_DIR") ? getenv("S0_RUNTIME_DIR") : "/run/session0";
        s->config_dir = "/etc/session0/services";
        s->state_dir = "/var/lib/session0/scm";
        s->shutdown_timeout_ms = SCM_SHUTDOWN_TIMEOUT_DEFAULT_MS;
        s->delayed_autostart_ms = SCM_DELAYED_AUTOSTART_DEFAULT_MS;
        while ((c = getopt_long(argc, argv, "hv", opts, NULL)) >= 0)
                switch (c) {
                case 'r':
                        s->runtime_dir = optarg;
                        break;
                case 'c':
                        s->config_dir = optarg;
                        break;
                case 's':
                        s->state_dir = optarg;
                        break;
                case 'D':
                        if (safe_atou32(optarg, &s->delayed_autostart_ms) < 0)
                                return log_error_errno(-EINVAL, "--delayed-autostart-delay takes milliseconds, not '%s'",
                                                       optarg);
                        break;
                case 'T':
                        if (safe_atou32(optarg, &s->shutdown_timeout_ms) < 0)
                                return log_error_errno(-EINVAL, "--shutdown-timeout takes milliseconds, not '%s'", optarg);
                        break;
                case 'h':
                        help();
                        return 0;
                case 'v':
                        log_set_max_level(LOG_DEBUG);
                        break;
                case 'V':
                        printf("s0-scm %s (scm protocol %u)\n", S0_VERSION, S0_SCM_PROTOCOL_VERSION);
                        return 0;
                default:
                        return -EINVAL;
                }
        if (optind < argc) {
                log_error("Unexpected argument '%s'", argv[optind]);
                return -EINVAL;
        }
        return 1;
}

static int setup_listener(struct scm *s) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &s->listen_w };
        int r = snprintf(s->socket_path, sizeof s->socket_path, "%s/scm", s->runtime_dir);

        if (r < 0 || (size_t) r >= sizeof sa.sun_path)
                return log_error_errno(-ENAMETOOLONG, "Socket path '%s/scm' too long", s->runtime_dir);
        memcpy(sa.sun_path, s->socket_path, (size_t) r + 1);
        s->listen_fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (s->listen_fd < 0)
                return log_error_errno(-errno, "socket()");
        (void) unlink(s->socket_path); /* left by an s0-scm that was killed */
        if (bind(s->listen_fd, (struct sockaddr *) &sa, sizeof sa) < 0)
                return log_error_errno(-errno, "Cannot bind '%s'", s->socket_path);
        /* anyone may connect; each request is checked against SO_PEERCRED */
        if (chmod(s->socket_path, 0666) < 0 || listen(s->listen_fd, 128) < 0)
                return log_error_errno(-errno, "Cannot listen on '%s'", s->socket_path);
        s->listen_w = (struct watch) { W_LISTEN, NULL };
        return epoll_ctl(s->epoll_fd, EPOLL_CTL_ADD, s->listen_fd, &ev) < 0 ? -errno : 0;
}

static int setup_signals(struct scm *s) {
        struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &s->signal_w };
        sigset_t mask;

        sigemptyset(&mask);
        sigaddset(&mask, SIGTERM);
        sigaddset(&mask, SIGINT);
        sigaddset(&mask, SIGHUP);
        if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
                return -errno;
        (void) signal(SIGPIPE, SIG_IGN);
        s->signal_fd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
        if (s->signal_fd < 0)
                return log_error_errno(-errno, "signalfd()");
        s->signal_w = (struct watch) { W_SIGNAL, NULL };
        return epoll_ctl(s->epoll_fd, EPOLL_CTL_ADD, s->signal_fd, &ev) < 0 ? -errno : 0;
}

static void on_signal(struct scm *s) {
        struct signalfd_siginfo si;

        while (read(s->signal_fd, &si, sizeof si) == (ssize_t) sizeof si) {
                if (si.ssi_signo == SIGHUP) {
                        log_info("SIGHUP: configuration changes go through the API; ignoring");
                        continue;
                }
                /* services.exe at system shutdown; SIGKILL instead leaves the services running
                 * for a new s0-scm to re-adopt */
                log_info("Signal %u: shutting the services down", si.ssi_signo);
                scm_shutdown_begin(s);
        }
}

static void loop(struct scm *s) {
        while (!s->quit) {
                struct epoll_event ev;
                int timeout = scm_timers(s), t = scm_notify_timer(s), d = scm_shutdown_timer(s), n;

                if (t >= 0 && (timeout < 0 || t < timeout))
                        timeout = t;
                if (d >= 0 && (timeout < 0 || d < timeout))
                        timeout = d;

                n = epoll_wait(s->epoll_fd, &ev, 1, timeout);
                if (n < 0 && errno != EINTR) {
                        log_error_errno(-errno, "epoll_wait()");
                        return;
                }
                if (n <= 0) {
                        scm_shutdown_pump(s); /* a shutdown deadline */
                        continue;
                }
                struct watch *w = ev.data.ptr;
                switch (w->kind) {
                case W_LISTEN: {
                        int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
                        if (fd >= 0)
                                conn_new(s, fd, NULL);
                        break;
                }
                case W_SIGNAL:
                        on_signal(s);
                        break;
                case W_CONN:
                        conn_event(s, w->p);
                        break;
                case W_PROC:
                        scm_proc_exited(s, w->p);
                        break;
                case W_EVENTS:
                        scm_notify_event(s);
                        break;
                }
                scm_shutdown_pump(s); /* what this event changed may let the shutdown go on */
        }
}

static int run(int argc, char **argv) {
        struct scm s = { .epoll_fd = -1, .listen_fd = -1, .signal_fd = -1 };
        int r;

        log_set_ident("s0-scm");
        r = parse_args(&s, argc, argv);
        if (r <= 0)
                return r;
        if (geteuid() != 0)
                return log_error_errno(-EPERM, "s0-scm must run as root (it starts services under their accounts)");
        if (mkdir(s.state_dir, 0700) < 0 && errno != EEXIST)
                return log_error_errno(-errno, "Cannot create state directory '%s'", s.state_dir);
        s.epoll_fd = epoll_create1(EPOLL_CLOEXEC);
        if (s.epoll_fd < 0)
                return -errno;
        r = scm_cgroup_setup(&s);
        if (r < 0)
                return r;
        r = setup_signals(&s);
        if (r < 0)
                return r;
        r = store_load_all(&s);
        if (r < 0)
                return r;
        store_adopt_all(&s);
        r = setup_listener(&s);
        if (r < 0)
                return r;
        log_info("Listening on %s with %zu services from %s (cgroup %s)", s.socket_path, s.n_svcs, s.config_dir,
                 s.cg_rel);
        scm_notify_start(&s);
        scm_autostart(&s);
        loop(&s);
        scm_notify_stop(&s);
        while (s.conns)
                conn_close(&s, s.conns);
        while (s.n_svcs)
                scm_remove(&s, s.svcs[s.n_svcs - 1]);
        free(s.svcs);
        free(s.cg_base);
        free(s.cg_rel);
        (void) close(s.listen_fd);
        (void) unlink(s.socket_path); /* the runtime dir is left as it was found */
        (void) close(s.signal_fd);
        (void) close(s.epoll_fd);
        return 0;
}

int main(int argc, char **argv) {
        int r = run(argc, argv);
        return r < 0 ? 1 : 0;
}
