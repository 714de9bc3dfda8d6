/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The session0d control protocol: the one and only definition of what goes over
 * $S0_RUNTIME_DIR/control (a SOCK_SEQPACKET socket, so one datagram = one message).
 *
 * Every message starts with struct s0_msg_header. The daemon checks magic, version,
 * type, that the datagram length equals hdr.size and lies between the type's fixed
 * size and S0_MSG_SIZE_MAX, before any handler sees it (s0_msg_validate()). The
 * sender's identity is never part of a message: the daemon takes it from the kernel
 * (SO_PEERCRED / SO_PEERPIDFD).
 *
 * Layouts are fixed-width and static-asserted below; changing one means bumping
 * S0_PROTOCOL_VERSION.
 */
#pragma once

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#define S0_PROTOCOL_VERSION 1u /* the integrity spawn flags are a compatible addition: an older daemon refuses unknown flags */
#define S0_MSG_MAGIC        0x52503053u /* "S0PR" little-endian */
#define S0_MSG_SIZE_MAX     16384u      /* a larger datagram is refused */
#define S0_USER_NAME_MAX    64u         /* including the NUL */
#define S0_ERROR_TEXT_MAX   200u        /* including the NUL */
#define S0_SPAWN_ARGS_MAX   256u        /* argv entries */
#define S0_SPAWN_ENV_MAX    64u         /* extra environment entries (filtered) */
#define S0_SESSION_NONE     0xFFFFFFFFu /* also WTS_CURRENT_SESSION on the Win32 side */

enum s0_msg_type {
        S0_MSG_INVALID = 0,
        /* replies */
        S0_MSG_ERROR = 1,        /* struct s0_rep_error */
        S0_MSG_OK,               /* struct s0_msg_header alone */
        S0_MSG_SESSION,          /* struct s0_rep_session */
        S0_MSG_SESSION_LIST,     /* struct s0_rep_list + entries */
        S0_MSG_SPAWNED,          /* struct s0_rep_spawned, pidfd attached (SCM_RIGHTS) */
        S0_MSG_EXITED,           /* struct s0_rep_exited, sent later on the same socket */
        /* requests */
        S0_MSG_LOGON,            /* struct s0_req_logon       -> SESSION */
        S0_MSG_LOGOFF,           /* struct s0_req_session     -> OK once the session is empty */
        S0_MSG_SPAWN,            /* struct s0_req_spawn + strings, fds 0,1,2 attached -> SPAWNED, EXITED */
        S0_MSG_LIST,             /* struct s0_req_list        -> SESSION_LIST */
        S0_MSG_SESSION_OF,       /* struct s0_req_pid         -> SESSION */
        S0_MSG_JOIN,             /* struct s0_req_join (root) -> JOINED, the anchor's pidfd attached */
        S0_MSG_JOINED,           /* reply: struct s0_rep_joined */
        S0_MSG_DISCONNECT,       /* struct s0_req_session     -> OK */
        S0_MSG_OBJ_REAP,         /* struct s0_req_obj_reap    -> OK */
        /* the audit journal (src/daemon/audit.c) */
        S0_MSG_EVENTS = 16,        /* struct s0_req_events      -> EVENT_LIST */
        S0_MSG_EVENT_LIST = 17,    /* reply: struct s0_rep_event_list + events */
        S0_MSG_EVENTS_FOLLOW = 18, /* struct s0_req_events      -> OK, then EVENT_LISTs pushed as events happen */
        S0_MSG_AUDIT = 19,         /* struct s0_req_audit       -> OK (a crossing the library decided) */
        /* WTSSendMessage (src/daemon/message.c) */
        S0_MSG_AGENT_REGISTER = 22, /* struct s0_req_agent_register (s0-msgagent) -> SESSION */
        S0_MSG_SEND_MESSAGE = 23,   /* struct s0_req_send_message -> MESSAGE_ANSWER (IDASYNC at once if not waiting) */
        S0_MSG_MESSAGE_SHOW = 24,   /* daemon -> agent: struct s0_msg_message_show */
        S0_MSG_MESSAGE_ANSWER = 25, /* agent -> daemon, and daemon -> sender: struct s0_msg_message_answer */
        /* session lock (src/daemon/lock.c) */
        S0_MSG_LOCK = 26,           /* struct s0_req_session, flags 0 or S0_LOCK_UNLOCK -> OK */
        _S0_MSG_MAX,
};

struct s0_msg_header {
        uint32_t magic;   /* S0_MSG_MAGIC */
        uint16_t version; /* S0_PROTOCOL_VERSION */
        uint16_t type;    /* enum s0_msg_type */
        uint32_t size;    /* whole datagram, header included */
        uint32_t cookie;  /* chosen by the client, echoed in every reply to it */
};

struct s0_rep_error {
        struct s0_msg_header hdr;
        int32_t error;    /* negative errno */
        uint32_t reserved;
        char text[S0_ERROR_TEXT_MAX]; /* one line, NUL-terminated, says what was wrong */
};

/* Windows' WTS_CONNECTSTATE_CLASS values, so WTS queries need no translation. */
enum s0_session_state {
        S0_STATE_ACTIVE = 0,       /* WTSActive: a user is logged on and attached */
        S0_STATE_DISCONNECTED = 4, /* WTSDisconnected: session 0 with no user, or a kept session */
        S0_STATE_DOWN = 8,         /* WTSDown: logoff in progress */
};

enum s0_session_flags {
        S0_SESSION_INTERACTIVE = 1u << 0, /* a user is logged on (always, for id >= 1) */
        S0_SESSION_SERVICES = 1u << 1,    /* session 0: the services' session */
        S0_SESSION_LEGACY = 1u << 2,      /* the daemon runs --isolation=legacy */
        S0_SESSION_CONSOLE = 1u << 3,     /* the console session (session0d --console-tty; legacy: session 0's user) */
        S0_SESSION_REMOTE = 1u << 4,      /* logged on from a remote host (JOIN with S0_JOIN_REMOTE) */
        S0_SESSION_LOCKED = 1u << 5,      /* locked (S0_MSG_LOCK): WTS_SESSIONSTATE_LOCK */
};

struct s0_session_info {
        uint32_t id;
        uint32_t uid;          /* 0xFFFFFFFF when no user (session 0 in default mode) */
        uint32_t state;        /* enum s0_session_state */
        uint32_t flags;        /* enum s0_session_flags */
        int64_t logon_time;    /* seconds since the epoch */
        uint32_t nprocs;       /* processes in the session, the anchor not counted */
        int32_t anchor_pid;
        char user[S0_USER_NAME_MAX]; /* empty when no user */
};

struct s0_rep_session {
        struct s0_msg_header hdr;
        uint32_t session_id;
        uint32_t reserved;
};

struct s0_req_logon {
        struct s0_msg_header hdr;
        char user[S0_USER_NAME_MAX]; /* NUL-terminated; checked */
        uint32_t flags;              /* none defined yet: must be 0 */
        uint32_t reserved;
};

struct s0_req_session {
        struct s0_msg_header hdr;
        uint32_t session_id;
        uint32_t flags; /* must be 0, but for LOCK: enum s0_lock_flags */
};

enum s0_lock_flags {
        S0_LOCK_UNLOCK = 1u << 0, /* LOCK with this flag unlocks */
};

struct s0_req_pid {
        struct s0_msg_header hdr;
        int32_t pid;
        uint32_t reserved;
};

struct s0_req_list {
        struct s0_msg_header hdr;
        uint32_t first_id; /* list sessions with id >= first_id */
        uint32_t reserved;
};

struct s0_rep_list {
        struct s0_msg_header hdr;
        uint32_t count;   /* entries that follow */
        uint32_t next_id; /* ask again from here; S0_SESSION_NONE when done */
        struct s0_session_info entries[];
};

enum s0_spawn_flags {
        S0_SPAWN_LOGOFF_ON_EXIT = 1u << 0, /* the process is the session's shell: its exit logs the session off */
        /* The integrity level is the cgroup leaf the process is born in (session-N/user-low,
         * user, user-high): it cannot raise it, and its children inherit it. High: root only. */
        S0_SPAWN_INTEGRITY_LOW = 1u << 1,
        S0_SPAWN_INTEGRITY_HIGH = 1u << 2,
        _S0_SPAWN_FLAGS_ALL = S0_SPAWN_LOGOFF_ON_EXIT | S0_SPAWN_INTEGRITY_LOW | S0_SPAWN_INTEGRITY_HIGH,
};

/* Followed by strings_size bytes: argc NUL-terminated argv strings, then envc
 * "KEY=VALUE" strings. The daemon builds a clean environment and admits only a few
 * harmless keys (TERM, LANG, LC_*, TZ, COLORTERM) from the extra ones. Exactly three
 * fds (stdin, stdout, stderr for the child) are attached with SCM_RIGHTS. */
struct s0_req_spawn {
        struct s0_msg_header hdr;
        uint32_t session_id;
        uint32_t flags;              /* enum s0_spawn_flags */
        char user[S0_USER_NAME_MAX]; /* empty: the caller's own user */
        uint32_t argc;
        uint32_t envc;
        uint32_t strings_size;
        uint32_t reserved;
};

enum s0_join_flags {
        S0_JOIN_RECONNECT = 1u << 0, /* reuse a disconnected session of the user if there is one */
        S0_JOIN_REMOTE = 1u << 1,    /* the logon comes from a remote host (PAM_RHOST): names the session SSH#N */
        _S0_JOIN_FLAGS_ALL = S0_JOIN_RECONNECT | S0_JOIN_REMOTE,
};

/* The PAM path: the calling (root) process is moved into a new session of user -- or,
 * with S0_JOIN_RECONNECT, into the user's disconnected session -- and gets the anchor's
 * pidfd to setns() itself into the session's namespaces before starting the shell. */
struct s0_req_join {
        struct s0_msg_header hdr;
        char user[S0_USER_NAME_MAX];
        uint32_t flags; /* enum s0_join_flags */
        uint32_t reserved;
};

enum s0_joined_flags {
        S0_JOINED_RECONNECTED = 1u << 0,
};

struct s0_rep_joined {
        struct s0_msg_header hdr;
        uint32_t session_id;
        uint32_t flags; /* enum s0_joined_flags */
};

/* Object files: one file-name component of a namespace directory (NAME_MAX + NUL). */
#define S0_OBJ_FILE_NAME_MAX 256u

/* Asks the daemon to remove an orphaned object file: one no process holds open (no
 * flock on it), which its last holder could not remove -- it crashed, or the file is
 * another user's in the sticky global directory. The daemon removes the file only if
 * it is such an orphan, and replies OK whether or not it did; -ENOENT if there is no
 * such file. session 0: the global namespace (objects/global); N: objects/sessions/N
 * (root and the session's user only). file: a single file-name component, not "." or
 * "..", NUL-terminated within the field; anything else is refused with -EINVAL. */
struct s0_req_obj_reap {
        struct s0_msg_header hdr;
        uint32_t session;
        char file[S0_OBJ_FILE_NAME_MAX];
};

struct s0_rep_spawned {
        struct s0_msg_header hdr;
        int32_t pid;
        uint32_t session_id;
};

struct s0_rep_exited {
        struct s0_msg_header hdr;
        int32_t pid;
        int32_t code;   /* CLD_EXITED, CLD_KILLED, CLD_DUMPED */
        int32_t status; /* exit status or signal number */
        uint32_t reserved;
};

static_assert(sizeof(struct s0_msg_header) == 16, "wire layout changed: bump S0_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_rep_error) == 224, "wire layout changed: bump S0_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_session_info) == 96, "wire layout changed: bump S0_PROTOCOL_VERSION");
static_assert(offsetof(struct s0_session_info, logon_time) == 16, "wire layout changed: bump S0_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_rep_session) == 24, "wire layout changed: bump S0_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_req_logon) == 88, "wire layout changed: bump S0_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_req_session) == 24, "wire layout changed: bump S0_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_req_pid) == 24, "wire layout changed: bump S0_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_req_list) == 24, "wire layout changed: bump S0_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_rep_list) == 24, "wire layout changed: bump S0_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_req_spawn) == 104, "wire layout changed: bump S0_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_req_join) == 88, "wire layout changed: bump S0_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_rep_joined) == 24, "wire layout changed: bump S0_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_rep_spawned) == 24, "wire layout changed: bump S0_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_rep_exited) == 32, "wire layout changed: bump S0_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_req_obj_reap) == 276, "wire layout changed: bump S0_PROTOCOL_VERSION");

/* ---- the audit journal ---------------------------------------------------------------
 * Every crossing session0d decides (and every one a client reports with S0_MSG_AUDIT) is
 * an event. Who did it (pid, uid, session) is always the kernel's word: SO_PEERCRED and
 * the caller's cgroup, never a field of a message. */
#define S0_EVENT_TARGET_MAX 128u /* including the NUL */

enum s0_event_kind {
        S0_EVENT_NONE = 0,
        S0_EVENT_LOGON = 1,
        S0_EVENT_LOGOFF = 2,
        S0_EVENT_DISCONNECT = 3,
        S0_EVENT_JOIN = 4,
        S0_EVENT_SPAWN = 5,
        S0_EVENT_SESSION_OF = 6,
        S0_EVENT_LIST = 7,
        S0_EVENT_OBJ_REAP = 8,
        S0_EVENT_BAD_MESSAGE = 9,  /* a malformed or refused message */
        S0_EVENT_SUPPRESSED = 10,  /* a uid went over the rate limit: its next events this second are dropped */
        /* kinds from here on may also be reported by a client (S0_MSG_AUDIT) */
        S0_EVENT_WTS_QUERY = 11,
        S0_EVENT_WTS_TOKEN = 12,
        S0_EVENT_WTS_MESSAGE = 13,
        S0_EVENT_PIPE = 14,
        S0_EVENT_WINDOW = 15, /* a window operation the session host refused (foreign HWND, UIPI, station, hook) */
        S0_EVENT_UI0 = 16,    /* a session-0 process showed UI (a visible top-level window, a message box) */
        S0_EVENT_PRINT = 17, /* the print spooler (issue 9): refused job controls */
        S0_EVENT_DEVICE = 18, /* a refused device open, a driver crash or hang (s0-drvhost) */
        /* decided by session0d only, although numbered after the reportable ones: */
        S0_EVENT_SESSION_CHANGE = 19, /* a session's state changed; target: the WTS code's name (WTS_SESSION_LOGON...) */
        _S0_EVENT_KIND_MAX,
        S0_EVENT_FIRST_REPORTABLE = S0_EVENT_WTS_QUERY,
};

/* The WTS session-change codes (WTS_CONSOLE_CONNECT...; SEMANTICS.md 1.2) that a
 * S0_EVENT_SESSION_CHANGE event names in its target ("WTS_SESSION_LOGON"...; names and
 * codes: s0_session_change_name() / s0_event_session_change() in session0.h). */
enum s0_wts_event {
        S0_WTS_CONSOLE_CONNECT = 0x1,
        S0_WTS_CONSOLE_DISCONNECT = 0x2,
        S0_WTS_REMOTE_CONNECT = 0x3,
        S0_WTS_REMOTE_DISCONNECT = 0x4,
        S0_WTS_SESSION_LOGON = 0x5,
        S0_WTS_SESSION_LOGOFF = 0x6,
        S0_WTS_SESSION_LOCK = 0x7,
        S0_WTS_SESSION_UNLOCK = 0x8,
        _S0_WTS_EVENT_MAX,
};

/* May a client report events of this kind (S0_MSG_AUDIT)? */
#define S0_EVENT_KIND_REPORTABLE(k) \
        ((k) >= S0_EVENT_FIRST_REPORTABLE && (k) < _S0_EVENT_KIND_MAX && (k) != S0_EVENT_SESSION_CHANGE)

enum s0_event_flags {
        S0_EVENT_CROSS_SESSION = 1u << 0, /* target session is not the caller's */
        S0_EVENT_REPORTED = 1u << 1,      /* reported by a client (S0_MSG_AUDIT), not decided by the daemon */
};

struct s0_event {
        uint64_t seq;            /* monotonic, survives daemon restarts (read back from the journal) */
        int64_t time_ns;         /* CLOCK_REALTIME */
        uint32_t kind;           /* enum s0_event_kind */
        int32_t result;          /* 0: allowed; a negative errno (or a Win32 code > 0, for reports) */
        int32_t pid;             /* the caller, from SO_PEERCRED */
        uint32_t uid;            /* the caller, from SO_PEERCRED */
        uint32_t session;        /* the caller's session, from its cgroup; S0_SESSION_NONE if in none */
        uint32_t target_session; /* S0_SESSION_NONE if none */
        uint32_t target_uid;     /* the target session's user; 0xFFFFFFFF if none */
        uint32_t flags;          /* enum s0_event_flags */
        char target[S0_EVENT_TARGET_MAX]; /* what was asked for (user, command, object, pipe...), NUL-terminated */
};

/* EVENTS and EVENTS_FOLLOW: events with seq >= from_seq matching the filter, among those
 * the caller may read (root: all; others: events whose caller or target user is them). */
struct s0_req_events {
        struct s0_msg_header hdr;
        uint64_t from_seq;
        uint32_t session; /* S0_SESSION_NONE: any; else events whose session or target session is it */
        uint32_t kind;    /* S0_EVENT_NONE: any */
        uint32_t max;     /* at most this many per page; 0: as many as fit */
        uint32_t flags;   /* must be 0 */
};

enum s0_event_list_flags {
        S0_EVENTS_GAP = 1u << 0,  /* events before this page were lost (older than the ring, or a slow follower) */
        S0_EVENTS_MORE = 1u << 1, /* EVENTS: more match; ask again from next_seq */
};

struct s0_rep_event_list {
        struct s0_msg_header hdr;
        uint32_t count;    /* events that follow */
        uint32_t flags;    /* enum s0_event_list_flags */
        uint64_t next_seq; /* where to continue */
        struct s0_event events[];
};

/* A crossing the library decided (e.g. a named-pipe squat refused). The daemon records
 * it with the sender's identity from the kernel; only kinds >= S0_EVENT_FIRST_REPORTABLE. */
struct s0_req_audit {
        struct s0_msg_header hdr;
        uint32_t kind;           /* enum s0_event_kind */
        uint32_t target_session; /* S0_SESSION_NONE if none */
        int32_t result;
        uint32_t reserved;       /* must be 0 */
        char target[S0_EVENT_TARGET_MAX];
};

static_assert(sizeof(struct s0_event) == 176, "wire layout changed: bump S0_PROTOCOL_VERSION");
static_assert(offsetof(struct s0_event, target) == 48, "wire layout changed: bump S0_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_req_events) == 40, "wire layout changed: bump S0_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_rep_event_list) == 32, "wire layout changed: bump S0_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_req_audit) == 160, "wire layout changed: bump S0_PROTOCOL_VERSION");

#define S0_EVENT_LIST_MAX ((S0_MSG_SIZE_MAX - sizeof(struct s0_rep_event_list)) / sizeof(struct s0_event))

/* ---- WTSSendMessage ------------------------------------------------------------------
 * A sender (root: any session; a user: their own sessions) asks the daemon to show a
 * message box in a session; the daemon forwards it to that session's s0-msgagent (an
 * agent registers with AGENT_REGISTER; its session and uid come from its cgroup and
 * SO_PEERCRED) and relays the agent's answer. Styles and answers are Windows' values. */
#define S0_MSG_TITLE_MAX 256u        /* bytes including the NUL: 255 of UTF-8 */
#define S0_MSG_TEXT_MAX 1024u        /* bytes including the NUL: 1023 of UTF-8 */
#define S0_MB_TYPEMASK 0x0000000Fu   /* MB_OK (0) .. MB_CANCELTRYCONTINUE (6) */
#define S0_MB_TYPE_LAST 6u
#define S0_MB_DEFMASK 0x00000F00u    /* MB_DEFBUTTON1..4: the button Enter chooses */
#define S0_MB_KNOWN 0x003FFFFFu      /* every MB_* bit Windows defines; the others are refused */
#define S0_ID_TIMEOUT 32000u         /* IDTIMEOUT: nobody answered in time (or nobody could) */
#define S0_ID_ASYNC 32001u           /* IDASYNC: not waiting; the message is being shown */

enum s0_send_message_flags {
        S0_SEND_MESSAGE_WAIT = 1u << 0, /* bWait: reply with the answer, not IDASYNC at once */
        _S0_SEND_MESSAGE_FLAGS_ALL = S0_SEND_MESSAGE_WAIT,
};

struct s0_req_agent_register {
        struct s0_msg_header hdr;
        uint32_t flags; /* must be 0 */
        uint32_t reserved;
};

struct s0_req_send_message {
        struct s0_msg_header hdr;
        uint32_t session;   /* target session */
        uint32_t style;     /* MB_* (S0_MB_KNOWN bits only; type <= S0_MB_TYPE_LAST) */
        uint32_t timeout_s; /* 0: the daemon's maximum (S0_MESSAGE_TIMEOUT_MAX_S in message.c) */
        uint32_t flags;     /* enum s0_send_message_flags */
        char title[S0_MSG_TITLE_MAX]; /* UTF-8, NUL-terminated within the field */
        char text[S0_MSG_TEXT_MAX];
};

/* To the agent. The sender's session and uid are the daemon's word, for the agent to show. */
struct s0_msg_message_show {
        struct s0_msg_header hdr;
        uint32_t id;             /* the daemon's, echoed in the answer */
        uint32_t style;
        uint32_t timeout_s;      /* effective: never 0 (the daemon applies its maximum) */
        uint32_t sender_session; /* S0_SESSION_NONE if the sender is in no session */
        uint32_t sender_uid;
        uint32_t reserved;
        char title[S0_MSG_TITLE_MAX];
        char text[S0_MSG_TEXT_MAX];
};

struct s0_msg_message_answer {
        struct s0_msg_header hdr;
        uint32_t id;       /* agent -> daemon: the SHOW's id; daemon -> sender: 0 */
        uint32_t response; /* IDOK (1) .. IDCONTINUE (11), IDTIMEOUT, IDASYNC */
};

static_assert(sizeof(struct s0_req_agent_register) == 24, "wire layout changed: bump S0_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_req_send_message) == 1312, "wire layout changed: bump S0_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_msg_message_show) == 1320, "wire layout changed: bump S0_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_msg_message_answer) == 24, "wire layout changed: bump S0_PROTOCOL_VERSION");

#define S0_LIST_ENTRIES_MAX ((S0_MSG_SIZE_MAX - sizeof(struct s0_rep_list)) / sizeof(struct s0_session_info))

/* Checks a received datagram of n bytes: magic, version, type, exact size, per-type
 * minimum, NUL-terminated strings, argv/env counts. Returns 0 or a negative errno:
 * -EBADMSG (garbage, truncated, bad size), -EPROTO (unsupported version),
 * -EOPNOTSUPP (unknown type), -E2BIG (too many strings), -EINVAL (OBJ_REAP: file is
 * not a single file-name component). Pure: safe to fuzz. */
int s0_msg_validate(const void *buf, size_t n);

/* Splits a validated S0_MSG_SPAWN payload into argv/envp pointer arrays (into the
 * buffer itself, NULL-terminated). argv must have S0_SPAWN_ARGS_MAX+1 slots, envp
 * S0_SPAWN_ENV_MAX+1. Returns 0 or -EBADMSG. */
int s0_spawn_unpack(const struct s0_req_spawn *req, size_t n, char **argv, char **envp);
