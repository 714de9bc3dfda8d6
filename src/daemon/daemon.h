/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* session0d's state: everything lives in struct s0_daemon, passed explicitly. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <time.h>

#include <session0/protocol.h>

#include "objdir.h"

#define S0_SESSIONS_MAX_DEFAULT 1024u
#define S0_SESSIONS_LIMIT 65536u
#define S0_CONNS_MAX_DEFAULT 1024u
#define S0_CONNS_PER_UID_MAX_DEFAULT 128u
#define S0_LOGOFF_WAITERS_MAX 16u

struct s0_daemon;

/* Everything in the epoll set is a watch; the handler knows the containing object. */
struct s0_watch {
        void (*handler)(struct s0_daemon *d, struct s0_watch *w, uint32_t events);
        int fd;
};

enum s0_isolation {
        S0_ISOLATION_DEFAULT, /* Vista+: session 0 is services only */
        S0_ISOLATION_LEGACY,  /* XP/2003: the first interactive logon joins session 0 */
};

struct s0_logoff_waiter {
        uint64_t conn_id;
        uint32_t cookie;
};

struct s0_session {
        uint32_t id;
        uid_t uid;           /* (uid_t)-1: no user (session 0 in default mode) */
        gid_t gid;
        char user[S0_USER_NAME_MAX];
        int64_t logon_time;
        uint32_t state;      /* enum s0_session_state */
        int dir_fd;          /* <root>/session-N */
        pid_t anchor_pid;
        struct s0_watch anchor; /* pidfd of the anchor: readable when it dies */
        pid_t host_pid;
        struct s0_watch host;   /* pidfd of s0-sessionhost: restarted when it dies */
        struct s0_watch host_timer; /* timerfd: the host's next restart, after a back-off */
        int64_t host_started_ms;    /* CLOCK_MONOTONIC of the host's last start */
        unsigned host_quick_deaths; /* deaths in a row, each within HOST_STABLE_MS of its start */
        /* logoff in progress: cgroup.events of the killed cgroup, and who waits */
        struct s0_watch events;
        bool logging_off;
        bool console_only;   /* legacy session 0: log off only the console user */
        bool console;        /* the console session (console.c), kept in an xattr */
        bool remote;         /* logged on from a remote host (JOIN S0_JOIN_REMOTE), kept in an xattr */
        bool locked;         /* S0_MSG_LOCK (lock.c), kept in an xattr */
        bool announced;      /* WTS_SESSION_LOGON recorded (or adopted with a user): its logoff will be */
        int64_t lock_rate_second; /* lock.c's per-session rate limit */
        unsigned lock_rate_count;
        unsigned n_waiters;
        struct s0_logoff_waiter waiters[S0_LOGOFF_WAITERS_MAX];
};

/* A process started by S0_MSG_SPAWN, watched through its pidfd until it exits. */
struct s0_child {
        struct s0_watch w;
        pid_t pid;
        uint32_t session_id;
        uint64_t conn_id; /* 0 once the client is gone */
        uint32_t cookie;
        bool logoff_on_exit;
        struct s0_child *next, *prev;
};

struct s0_conn {
        struct s0_watch w;
        uint64_t id;
        uid_t uid;  /* SO_PEERCRED at connect time: the only identity we believe */
        gid_t gid;
        pid_t pid;
        int pidfd;  /* the peer process, opened at accept: JOIN moves exactly this process */
        struct s0_conn *next, *prev;
};

struct s0_daemon {
        /* configuration */
        const char *runtime_dir;
        const char *cgroup_arg;   /* --cgroup as given, or NULL */
        const char *anchor_path;  /* s0-anchor binary */
        const char *host_path;    /* s0-sessionhost binary */
        enum s0_isolation isolation;
        uint32_t sessions_max;
        uint32_t conns_max;
        uint32_t conns_per_uid_max; /* for uids other than root */
        int ready_fd;
        bool logoff_all_on_exit;
        bool favor_dynmods;        /* --favordynmods */
        const char *console_tty;   /* --console-tty: "tty1" by default, NULL for none */
        struct rlimit nofile_orig; /* RLIMIT_NOFILE as we were started: what sessions get */
        struct objdir_policy obj_policy; /* --global-create, --create-global-group, --admin-group */
        const char *audit_dir;     /* --audit-dir: NULL for the default, "none" for no journal */
        uint32_t audit_max_kb;     /* --audit-max-kb: per journal file; 0 for the default */

        /* kernel objects we hold */
        int runtime_fd;
        int host_fd;             /* O_PATH of s0-sessionhost, like anchor_fd */
        int anchor_fd;           /* O_PATH of the anchor binary: exec'd by fd, since the
                                  * path may be hidden in the session (a build tree in /tmp) */
        int cgroup_mnt_fd;       /* the cgroup2 mount */
        int root_fd;             /* our session tree */
        struct s0_objdir objdir; /* <runtime>/objects: the object namespace directories */
        char *root_path;         /* the tree, relative to the mount ("/session0") */
        char *root_abs;          /* and as an absolute path */
        int epoll_fd;
        struct s0_watch control; /* listening SOCK_SEQPACKET socket */
        struct s0_watch signals; /* signalfd: TERM, INT, HUP */

        struct s0_session **sessions; /* indexed by id, sessions_max entries */
        struct s0_conn *conns;
        uint32_t n_conns;
        uint64_t next_conn_id;
        struct s0_child *children;
        bool quit;
        void *msg_buf; /* S0_MSG_SIZE_MAX + 1 bytes, the receive buffer */
        struct s0_audit *audit; /* the audit journal (audit.c) */
        struct s0_msgd *msgd; /* WTSSendMessage: agents and pending messages (message.c); made on first use */
};

/* daemon.c */
int daemon_watch_add(struct s0_daemon *d, struct s0_watch *w, uint32_t events);
void daemon_watch_del(struct s0_daemon *d, struct s0_watch *w);

/* control.c */
int control_listen(struct s0_daemon *d);
/* Whether a daemon answers on runtime_dir/control right now. */
bool control_is_live(const char *runtime_dir);
void control_close_all(struct s0_daemon *d);
struct s0_conn *conn_by_id(struct s0_daemon *d, uint64_t id);
int conn_send(struct s0_daemon *d, struct s0_conn *c, const void *msg, size_t size, int fd);
int conn_reply_error(struct s0_daemon *d, struct s0_conn *c, uint32_t cookie, int error, const char *fmt, ...)
        __attribute__((format(printf, 5, 6)));
int conn_reply_ok(struct s0_daemon *d, struct s0_conn *c, uint32_t cookie);
void msg_header_init(struct s0_msg_header *h, uint16_t type, size_t size, uint32_t cookie);

/* session.c */
int sessions_init(struct s0_daemon *d);
void sessions_free(struct s0_daemon *d);
void sessions_logoff_all(struct s0_daemon *d);
void handle_logon(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_logon *req);
void handle_logoff(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_session *req);
void handle_list(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_list *req);
void handle_session_of(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_pid *req);
void handle_join(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_join *req);
void handle_disconnect(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_session *req);
void handle_spawn(struct s0_daemon *d, struct s0_conn *c, struct s0_req_spawn *req, size_t n, int fds[3]);
int session_logoff(struct s0_daemon *d, struct s0_session *s, uint64_t conn_id, uint32_t cookie);
struct s0_session *session_get(struct s0_daemon *d, uint32_t id);
void children_forget_conn(struct s0_daemon *d, uint64_t conn_id);
void children_free(struct s0_daemon *d);

/* objreap.c */
void handle_obj_reap(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_obj_reap *req);
/* Reaps the orphans in global/ (at start, after every logoff). */
void objreap_sweep_global(struct s0_daemon *d);
