/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0-scm internals (docs/SERVICES.md). Not installed. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <session0/scm-protocol.h>

#include "shared/changefollow.h"
#include "shared/svcconf.h"

#define SCM_START_TIMEOUT_MS   30000u /* dispatcher must connect (Windows: 30 s) */
#define SCM_CONTROL_TIMEOUT_MS 30000u /* handler must return (Windows: 30 s) */
#define SCM_START_WAITERS_MAX  16u
#define SCM_NOTIFY_QUEUE_MAX   256u   /* session changes queued for one service; then the oldest go */
#define SCM_EVENTS_RETRY_MS    1000u  /* session0d's journal unreachable: try again this often */
#define SCM_SHUTDOWN_TIMEOUT_DEFAULT_MS 60000u /* the whole shutdown; then what is left is killed */
#define SCM_DELAYED_AUTOSTART_DEFAULT_MS 120000u /* Windows: "approximately two minutes" after the others */
#define SCM_SHUTDOWN_REAP_MS   5000u
#define SCM_SHUTDOWN_RECONNECT_MS 1000u /* a re-adopted dispatcher (it retries every 50 ms) may come back this long into a shutdown, to be told */  /* after that kill: exit even if a process has not ended yet */

/* What an epoll event belongs to. */
enum watch_kind { W_LISTEN, W_SIGNAL, W_CONN, W_PROC, W_EVENTS };

struct watch {
        enum watch_kind kind;
        void *p;
};

struct scm;
struct svc;

/* A client of <runtime>/scm, or a service's dispatcher (svc set). */
struct conn {
        struct watch w;
        int fd;
        uid_t uid;
        gid_t gid;
        pid_t pid;
        gid_t groups[64];       /* SO_PEERGROUPS */
        int ngroups;
        struct svc *svc;        /* the dispatcher of this service (after HELLO) */
        struct svc *bound;      /* the socketpair we made for this service's process */
        struct conn *next;
};

struct waiter {
        struct conn *conn;
        uint32_t cookie;
};

/* A session change for a service that accepts SERVICE_ACCEPT_SESSIONCHANGE. */
struct notify {
        uint32_t code;          /* WTS_SESSION_LOGON... */
        uint32_t session;
};

struct svc {
        char name[S0_SCM_NAME_MAX];
        struct s0_svc_config cfg;
        struct s0_scm_status st;
        struct watch w;         /* W_PROC, on pidfd */
        int pidfd;
        bool is_child;          /* ours to waitid() (not an adopted process) */
        struct conn *ctl;       /* its dispatcher */
        bool stop_requested;    /* a STOP was delivered: an exit is no crash */
        bool start_waiting;     /* start once its dependencies run */
        bool marked_delete;
        struct waiter start_waiters[SCM_START_WAITERS_MAX];
        unsigned n_start_waiters;
        struct waiter ctl_waiter; /* the client of the control in flight, if any */
        bool ctl_busy;          /* a control (a client's or a notification) is in flight */
        struct notify notify_q[SCM_NOTIFY_QUEUE_MAX]; /* session changes not yet delivered, in order */
        unsigned notify_head, notify_len;
        uint32_t notify_dropped;
        uint64_t ctl_deadline, start_deadline, stop_deadline, restart_at; /* ms, CLOCK_MONOTONIC; 0: none */
        uint32_t failures;
        uint64_t last_failure;  /* ms */
        uint64_t starttime;     /* /proc/PID/stat field 22: tells a reused pid apart */
        /* system shutdown (shutdown.c): what this service has been sent so far */
        enum { SD_NONE, SD_PRESHUTDOWN, SD_PRESHUTDOWN_DONE, SD_SHUTDOWN } sd_stage;
        uint64_t sd_deadline;   /* ms: end of its preshutdown time */
};

struct scm {
        int epoll_fd;
        int listen_fd;
        int signal_fd;
        struct watch listen_w, signal_w;
        const char *runtime_dir, *config_dir, *state_dir;
        char socket_path[256];
        char *cg_rel;           /* the same, relative to the cgroup2 mount (as /proc/PID/cgroup says) */
        char *cg_base;          /* absolute: <cgroup2>/<our cgroup>, holding scm/ and the svc-NAME leaves */
        struct svc **svcs;
        size_t n_svcs;
        struct conn *conns;
        bool quit;
        /* session changes: a subscription to session0d's journal (notify.c) */
        struct change_follower changes;
        struct watch events_w;
        bool changes_warned;       /* the "cannot follow" warning was logged for this outage */
        uint64_t notifications;    /* delivered, for the log and tests */
        uint32_t delayed_autostart_ms; /* --delayed-autostart-delay */
        uint64_t delayed_start_at;     /* ms; 0: none pending */
        /* system shutdown (shutdown.c), begun by SIGTERM/SIGINT */
        bool shutting_down;
        bool shutdown_killed;      /* the overall deadline passed: every cgroup left was killed */
        uint32_t shutdown_timeout_ms; /* --shutdown-timeout */
        uint64_t shutdown_deadline;   /* ms */
        uint64_t shutdown_began;      /* ms */
};

uint64_t now_ms(void);

/* service.c: the state machine */
struct svc *scm_find(struct scm *s, const char *name);
int scm_add(struct scm *s, const char *name, struct s0_svc_config *cfg, struct svc **ret); /* takes cfg */
void scm_remove(struct scm *s, struct svc *v);
/* Queues a start of v and its dependencies; a Win32 error (0: queued or already pending). */
uint32_t scm_start(struct scm *s, struct svc *v, struct conn *c, uint32_t cookie);
/* Win32 error, or 0 when the control was sent (the reply follows SVC_RESULT). */
uint32_t scm_control(struct scm *s, struct svc *v, uint32_t control, struct conn *c, uint32_t cookie);
void scm_svc_status(struct scm *s, struct svc *v, const struct s0_scm_status *st);
void scm_svc_result(struct scm *s, struct svc *v, uint32_t result);
void scm_svc_hello(struct scm *s, struct svc *v, struct conn *c, const struct s0_scm_status *st);
void scm_proc_exited(struct scm *s, struct svc *v);
/* Fires what is due; returns the ms until the next deadline, or -1. */
int scm_timers(struct scm *s);
void scm_conn_gone(struct scm *s, struct conn *c);
/* Does the dependency graph from v have a cycle (with v's config replaced by cfg)? */
bool scm_has_cycle(struct scm *s, const char *name, const struct s0_svc_config *cfg);
void scm_autostart(struct scm *s);
bool scm_depends_on(const struct svc *v, const char *name);
/* The SERVICE_ACCEPT_* mask in effect: what the service reports, limited by AcceptedControls=. */
uint32_t scm_accepted(const struct svc *v);
/* Sends control to v's dispatcher for s0-scm itself (no client waits); -errno. */
int scm_control_internal(struct scm *s, struct svc *v, uint32_t control);
/* Answers every queued start with error and forgets it, and every scheduled restart. */
void scm_cancel_starts(struct scm *s, uint32_t error);

/* shutdown.c: SERVICE_CONTROL_PRESHUTDOWN / SHUTDOWN to every running service, then exit */
void scm_shutdown_begin(struct scm *s);
/* Moves the shutdown on (after every event while shutting down); sets s->quit at the end. */
void scm_shutdown_pump(struct scm *s);
/* ms until the shutdown's next deadline, or -1. */
int scm_shutdown_timer(struct scm *s);

/* notify.c: session changes from session0d's journal to the services that accept them */
void scm_notify_start(struct scm *s);
void scm_notify_event(struct scm *s);
/* Retries the subscription when due; returns ms until the next try, or -1. */
int scm_notify_timer(struct scm *s);
void scm_notify_stop(struct scm *s);
/* Sends v's next queued notification if nothing is in flight. */
void scm_notify_pump(struct scm *s, struct svc *v);

/* spawn.c */
/* Starts v's process in <cg_base>/svc-NAME under its account. Win32 error. */
uint32_t scm_spawn(struct scm *s, struct svc *v);
int scm_cgroup_kill(struct scm *s, const char *name);
void scm_cgroup_remove(struct scm *s, const char *name);
int scm_cgroup_setup(struct scm *s);
int proc_starttime(pid_t pid, uint64_t *ret);

int scm_watch_proc(struct scm *s, struct svc *v);

/* store.c */
int store_load_all(struct scm *s);
int store_save_config(struct scm *s, const char *name, const struct s0_svc_config *cfg);
int store_delete_config(struct scm *s, const char *name);
void store_save_state(struct scm *s, struct svc *v);
void store_delete_state(struct scm *s, const char *name);
void store_adopt_all(struct scm *s);

/* conn.c */
void conn_new(struct scm *s, int fd, struct svc *svc);
void conn_close(struct scm *s, struct conn *c);
void conn_event(struct scm *s, struct conn *c);
void reply_error(struct conn *c, uint32_t cookie, uint32_t error, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void reply_ok(struct conn *c, uint32_t cookie);
void reply_status(struct conn *c, uint32_t cookie, struct svc *v);
int send_msg(struct conn *c, void *msg, uint16_t type, size_t size, uint32_t cookie);
