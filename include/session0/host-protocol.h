/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The session host protocol: what goes over $S0_RUNTIME_DIR/host/host.sock, the
 * socket of s0-sessionhost (the csrss/win32k analog, one per session). The socket is
 * on a tmpfs that exists only in the session's mount namespace, so a process of
 * another session cannot reach it at all.
 *
 * SOCK_SEQPACKET, one datagram = one message: a fixed struct s0h_msg followed by
 * data_len bytes of marshalled payload (WM_COPYDATA data, WM_SETTEXT/WM_GETTEXT text).
 * The host validates every datagram with s0h_msg_validate() before a handler runs;
 * a bad one gets an S0H_ERROR reply and the host keeps serving. The sender's pid and
 * uid come from SO_PEERCRED, never from a message.
 *
 * One connection per client thread: a thread's message queue is its connection.
 */
#pragma once

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#define S0H_PROTOCOL_VERSION 2u /* 2: desktops (the station ops from DESKTOP_CREATE, the record's desktop) and the fast path (CHANNEL) */
#define S0H_DATA_MAX   4096u  /* marshalled payload bytes */
#define S0H_CLASS_MAX  64u    /* class name, UTF-8, including the NUL */
#define S0H_TITLE_MAX  128u   /* window text, UTF-8, including the NUL */
#define S0H_QUEUE_MAX  10000u /* posted messages per thread: the next post is ERROR_NOT_ENOUGH_QUOTA */
#define S0H_ENUM_MAX   (S0H_DATA_MAX / 8u) /* HWNDs per ENUM reply */
#define S0H_HWND_MESSAGE ((uint64_t) -3)  /* HWND_MESSAGE: parent of message-only windows */
#define S0H_FILTER_MAX 32u /* messages one window admits past UIPI */
/* Hooks: bounded per process and per desktop; beyond, ERROR_NO_MORE_USER_HANDLES
 * (the USER handle quota is what a Windows hook exhausts). */
#define S0H_HOOKS_PROCESS_MAX 32u
#define S0H_HOOKS_DESKTOP_MAX 256u
/* Desktops: a name of at most 63 bytes (UTF-8); at most 64 created desktops per
 * window station, then CreateDesktop is ERROR_NOT_ENOUGH_MEMORY (Windows runs out of
 * desktop heap). */
#define S0H_DESKTOP_NAME_MAX 64u
#define S0H_DESKTOPS_STATION_MAX 64u

/* Integrity levels (the RIDs of S-1-16-x), read by the host from the peer's cgroup leaf. */
#define S0H_IL_LOW    0x1000u
#define S0H_IL_MEDIUM 0x2000u
#define S0H_IL_HIGH   0x3000u
#define S0H_IL_SYSTEM 0x4000u

enum s0h_type {
        S0H_INVALID = 0,
        /* requests, client -> host; each gets one reply with the same cookie */
        S0H_HELLO = 1,       /* version in msg, the thread id in tid, flags S0H_HELLO_* -> OK (session in
                              * result; fds [doorbell, eventfd, HWND table] unless S0H_HELLO_NO_FAST) */
        S0H_CREATE,          /* parent, flags (style), cls, title -> OK (hwnd) */
        S0H_DESTROY,         /* hwnd -> OK */
        S0H_FIND,            /* parent (0 top-level, HWND_MESSAGE), hwnd = child after, cls/title ("" any) -> OK (hwnd or 0) */
        S0H_ENUM,            /* -> OK, data = uint64 HWNDs of the caller's desktop (top-level) */
        S0H_INFO,            /* hwnd -> OK (pid, tid, flags, cls, title) */
        S0H_SET_TEXT,        /* hwnd (own), title -> OK */
        S0H_SEND,            /* hwnd, msg, wparam, lparam, data, timeout_ms, flags -> RESULT (later) */
        S0H_POST,            /* hwnd (or 0 + tid: PostThreadMessage), msg, wparam, lparam -> OK */
        S0H_GET,             /* hwnd filter, filter_min/max, flags (S0H_GET_*) , timeout_ms -> MESSAGE | INCOMING | NONE */
        S0H_REPLY,           /* txid, result, data: the answer to an INCOMING -> no reply */
        S0H_CANCEL,          /* cookie of a SEND that timed out -> no reply */
        S0H_REGISTER_MSG,    /* title = name -> OK (result = 0xC000..0xFFFF) */
        S0H_FILTER,          /* ChangeWindowMessageFilterEx: hwnd (own), msg, flags = action -> OK */
        S0H_STATION,         /* msg = enum s0h_station_op, cls = station, title = desktop -> OK (cls/title, data = names) */
        /* ---- session-change notifications (sessionnotify.c; WTSRegisterSessionNotification) ---- */
        S0H_WTS_REGISTER,    /* hwnd (own process), flags = NOTIFY_FOR_THIS_SESSION 0 / NOTIFY_FOR_ALL_SESSIONS 1 -> OK */
        S0H_WTS_UNREGISTER,  /* hwnd (own process) -> OK; one per REGISTER */
        /* ---- end of session-change notifications ---- */
        /* ---- HWND_BROADCAST, BroadcastSystemMessage (broadcast.c) ---- */
        S0H_BROADCAST,       /* msg, wparam, lparam, flags (S0H_BCAST_*), hwnd = LIST: after this one -> OK
                              * (POST: result = windows reached; LIST: data = uint64 HWNDs, hwnd = last
                              * looked at, result = 1 if more) */
        /* ---- end of broadcast ---- */
        /* ---- s0ctl windows (winlist.c) ---- */
        S0H_WINLIST,         /* hwnd = after this one -> OK, data = struct s0h_window_record[], hwnd = last
                              * looked at, result = 1 if more */
        /* ---- end of s0ctl windows ---- */
        /* ---- hooks (SetWindowsHookEx; src/sessionhost/hook.c) ---- */
        S0H_HOOK_SET,        /* filter_min = hook type (int), tid = hooked thread (0 desktop-wide) -> OK (hwnd = HHOOK) */
        S0H_HOOK_UNSET,      /* hwnd = HHOOK (own thread's) -> OK */
        /* ---- end of hooks ---- */
        /* The fast path (struct s0h_chan below): hwnd -> OK with fds [channel, the owner
         * thread's doorbell, its eventfd], txid = channel id, tid = the owner thread;
         * ERROR_NOT_SUPPORTED when the message must go through the host (UIPI could
         * apply, hooks of another process watch the owner, or a cap is reached). */
        /* flags S0H_CHANNEL_GONE, txid: from a receiver that cannot take channel txid
         * (no room, no memory): the host revokes it, no reply. */
        S0H_CHANNEL,
        _S0H_REQUEST_MAX,
        /* host -> client */
        S0H_OK = 32,         /* result, hwnd... */
        S0H_ERROR,           /* error = Win32 error code */
        S0H_RESULT,          /* the answer to a SEND: result, data (WM_GETTEXT) */
        S0H_MESSAGE,         /* a posted message for GET: hwnd, msg, wparam, lparam */
        S0H_NONE,            /* GET: nothing came in time */
        S0H_INCOMING,        /* a sent message to process now: txid, hwnd, msg, wparam, lparam, data */
        S0H_CHANNEL_OPEN,    /* unsolicited: a sender has a channel to this thread; fds [channel],
                              * txid = id, pid/tid = the sender (a sender gone is told in the
                              * channel's state, S0H_CHAN_SENDER_GONE) */
        _S0H_TYPE_MAX,
};
static_assert(_S0H_REQUEST_MAX <= S0H_OK, "requests and replies overlap: renumber the replies and bump S0H_PROTOCOL_VERSION");

enum s0h_station_op {
        S0H_STATION_OWN = 1,   /* GetProcessWindowStation / GetThreadDesktop: cls, title of the caller's */
        S0H_STATION_OPEN,      /* OpenWindowStation(cls): 0, ERROR_ACCESS_DENIED or ERROR_FILE_NOT_FOUND */
        S0H_STATION_ENUM,      /* EnumWindowStations: data = NUL-separated names the caller may see */
        S0H_DESKTOP_OPEN,      /* OpenDesktop(cls station, title desktop) */
        S0H_DESKTOP_ENUM,      /* EnumDesktops(cls): data = names */
        /* ---- desktops (src/sessionhost/winsta.c); a desktop is named by its id (hwnd) ---- */
        S0H_DESKTOP_CREATE,    /* CreateDesktop(title) in the caller's station -> hwnd = id, title = name,
                                * result = 1 if it existed; the caller's process holds a handle */
        S0H_DESKTOP_CLOSE,     /* CloseDesktop(hwnd = id): the process's handle goes */
        S0H_DESKTOP_SET_THREAD, /* SetThreadDesktop(hwnd = id) -> OK; ERROR_BUSY if the thread has windows or hooks */
        S0H_DESKTOP_SWITCH,    /* SwitchDesktop(hwnd = id) -> OK */
        S0H_DESKTOP_INPUT,     /* OpenInputDesktop -> hwnd = id, title = name; a handle held */
        /* ---- end of desktops ---- */
};
/* S0H_STATION_OWN answers the calling thread's desktop: its name in title, its id in hwnd;
 * S0H_DESKTOP_OPEN the id in hwnd (and a handle held). */

enum s0h_get_flags {
        S0H_GET_REMOVE = 1u << 0, /* PM_REMOVE / GetMessage */
        S0H_GET_SENT_ONLY = 1u << 1, /* a thread waiting for its own SendMessage: sent messages only */
};

enum s0h_send_flags {
        S0H_SEND_ABORTIFHUNG = 1u << 0, /* SMTO_ABORTIFHUNG: a receiver that took no message for 5 s fails at once */
        S0H_SEND_NOTIFY = 1u << 1,      /* SendNotifyMessage: no answer awaited */
        /* An INCOMING that is a hook call, not a message for a window: parent = HHOOK,
         * filter_min = hook type, filter_max = the hook's wParam (WH_GETMESSAGE: PM_REMOVE
         * or not; WH_CALLWNDPROC(RET): nonzero if sent by the current process), result =
         * the window procedure's result (WH_CALLWNDPROCRET); hwnd, msg, wparam, lparam
         * and the data are the hooked message. */
        S0H_SEND_HOOK = 1u << 8,
        /* In the REPLY to a hook call: the hook procedure called CallNextHookEx, so the
         * host goes on with the next hook in the chain. */
        S0H_REPLY_HOOK_NEXT = 1u << 9,
};

enum s0h_hello_flags {
        S0H_HELLO_NO_FAST = 1u << 0, /* this thread takes no fast path: nobody gets a channel to or from it */
};

enum s0h_channel_flags {
        S0H_CHANNEL_GONE = 1u << 0,
};

enum s0h_broadcast_flags {
        S0H_BCAST_POST = 1u << 0,      /* post to every recipient now (else LIST them for the caller to send) */
        S0H_BCAST_SKIP_OWN = 1u << 1,  /* BSF_IGNORECURRENTTASK: not the caller's process's windows */
};

/* data_kind: how the payload is marshalled, so the receiver rebuilds lParam. */
enum s0h_data_kind {
        S0H_DATA_NONE = 0,
        S0H_DATA_COPYDATA, /* WM_COPYDATA: wparam is the sender's HWND, dwData in lparam, data the bytes */
        S0H_DATA_TEXT,     /* WM_SETTEXT: UTF-16 text with its NUL */
        S0H_DATA_GETTEXT,  /* WM_GETTEXT: wparam = buffer size in WCHARs; the RESULT carries the text */
};

struct s0h_msg {
        uint32_t type;       /* enum s0h_type */
        uint32_t cookie;     /* chosen by the client, echoed in the reply */
        int32_t error;       /* replies: a Win32 error code, 0 = success */
        uint32_t msg;        /* window message (UINT) */
        uint64_t hwnd;
        uint64_t parent;
        uint64_t wparam;
        int64_t lparam;
        int64_t result;      /* LRESULT, or the value a request returns */
        uint64_t txid;       /* INCOMING/REPLY: the host's transaction */
        uint32_t timeout_ms;
        uint32_t flags;
        uint32_t pid;        /* INFO replies, HELLO's own pid in replies */
        uint32_t tid;
        uint32_t filter_min;
        uint32_t filter_max;
        uint32_t data_kind;  /* enum s0h_data_kind */
        uint32_t data_len;   /* bytes of data[] that follow */
        char cls[S0H_CLASS_MAX];
        char title[S0H_TITLE_MAX];
        uint8_t data[];
};

static_assert(sizeof(struct s0h_msg) == 288, "wire layout changed: bump S0H_PROTOCOL_VERSION");
static_assert(offsetof(struct s0h_msg, hwnd) == 16, "wire layout changed: bump S0H_PROTOCOL_VERSION");
static_assert(offsetof(struct s0h_msg, cls) == 96, "wire layout changed: bump S0H_PROTOCOL_VERSION");

#define S0H_MSG_SIZE_MAX (sizeof(struct s0h_msg) + S0H_DATA_MAX)

/* One window in a WINLIST reply: every window of the session, message-only and child
 * ones too, with what the host knows of its owner. */
#define S0H_STATION_NAME_MAX 32u
struct s0h_window_record {
        uint64_t hwnd;
        uint64_t parent;     /* 0 top-level, S0H_HWND_MESSAGE message-only, else the parent */
        uint32_t pid, tid;
        uint32_t il;         /* S0H_IL_*: the owner's, from its cgroup leaf */
        uint32_t style;
        char cls[S0H_CLASS_MAX];
        char title[S0H_TITLE_MAX];
        char station[S0H_STATION_NAME_MAX]; /* the owner's window station */
        char desktop[S0H_DESKTOP_NAME_MAX]; /* the desktop the window is on */
};
static_assert(sizeof(struct s0h_window_record) == 320, "wire layout changed: bump S0H_PROTOCOL_VERSION");
#define S0H_WINLIST_MAX (S0H_DATA_MAX / sizeof(struct s0h_window_record))

/* 0 if the n bytes at m are a well-formed message (type known, length = fixed part +
 * data_len, data_len bounded, strings NUL-terminated); -EBADMSG otherwise. */
int s0h_msg_validate(const void *m, size_t n);

/* ---- The fast path: shared memory between the threads of a session ---------------
 *
 * The host stays the authority (it owns the HWND table, knows every thread's process
 * and integrity level, and runs UIPI and hooks), but a message that neither UIPI nor a
 * hook of another process could concern does not need it: the host sets up a
 * *channel* from a sender thread to a receiver thread once, and from then on the two
 * exchange sent and posted messages in shared memory, waking each other with a futex.
 * Every object below is a memfd made by the host; it hands the fds out over the
 * connection (SCM_RIGHTS). Nothing in them is trusted by the host, and a receiver checks
 * what it reads (the HWND must be one of its own windows) as it would any message.
 */

/* One per client thread, made at HELLO: the thread's wake-up word. Writable by every
 * peer with a channel to or from the thread, so it holds nothing but counters whose
 * corruption costs at most a spurious wake-up or the queue's quota (which a flood of
 * posts takes anyway). */
struct s0h_doorbell {
        _Atomic uint32_t seq;      /* futex word: bumped whenever something is new for the thread */
        _Atomic uint32_t waiting;  /* S0H_WAIT_*: how to wake it */
        _Atomic uint32_t host_seq; /* bumped by the host: something waits at the host (GET it) */
        _Atomic uint32_t posted;   /* posted messages queued for the thread, host's and channels' (quota) */
        /* CLOCK_MONOTONIC ms of the thread's last GetMessage/PeekMessage: a thread that
         * takes its messages off channels is not hung (SMTO_ABORTIFHUNG) */
        _Atomic int64_t last_get_ms;
};
#define S0H_DOORBELL_SIZE 4096u /* one page: what the host makes and every peer maps */
static_assert(sizeof(struct s0h_doorbell) <= S0H_DOORBELL_SIZE, "the doorbell outgrew its page");
enum s0h_wait_mode {
        S0H_WAIT_NONE = 0,  /* running: it will look again before it sleeps */
        S0H_WAIT_FUTEX = 1, /* FUTEX_WAIT on seq (shared futex): FUTEX_WAKE */
        S0H_WAIT_POLL = 2,  /* poll() on its connection and its eventfd: write the eventfd */
};

/* A sender's SendMessage in flight on a channel. One per nesting level: A sends to B,
 * B's handler sends back to A, whose handler sends to B again on the same channel. */
#define S0H_CHAN_SENDS 8u
struct s0h_chan_send {
        _Atomic uint32_t state;    /* S0H_SLOT_*; written by the side whose turn it is */
        uint32_t msg;
        uint64_t hwnd;
        uint64_t wparam;
        int64_t lparam;
        int64_t result;
        uint32_t error;            /* the receiver's answer: 0 or ERROR_INVALID_WINDOW_HANDLE */
        uint32_t reserved;
};
enum s0h_slot_state { S0H_SLOT_FREE = 0, S0H_SLOT_SENT = 1, S0H_SLOT_TAKEN = 2, S0H_SLOT_DONE = 3 };

struct s0h_chan_post {
        uint64_t hwnd;
        uint32_t msg;
        uint32_t reserved;
        uint64_t wparam;
        int64_t lparam;
};

/* A ring larger than the quota, so a post that the quota admits always finds room. */
#define S0H_CHAN_RING 16384u
static_assert(S0H_CHAN_RING > S0H_QUEUE_MAX && (S0H_CHAN_RING & (S0H_CHAN_RING - 1)) == 0,
              "the ring must hold a full queue and be a power of two");

/* One sender thread -> one receiver thread. */
struct s0h_chan {
        _Atomic uint32_t state;    /* S0H_CHAN_*; set by the host */
        /* The receiver's answers wake the sender here, not on the sender's doorbell: a
         * receiver (perhaps of a lower integrity level) gets nothing of the sender's. */
        _Atomic uint32_t reply_seq;     /* futex word: bumped with every S0H_SLOT_DONE */
        _Atomic uint32_t sender_waiting; /* the sender sleeps on reply_seq: FUTEX_WAKE it */
        uint32_t reserved;
        _Atomic uint32_t head;     /* posts: next to read (the receiver's) */
        _Atomic uint32_t tail;     /* posts: next to write (the sender's) */
        struct s0h_chan_send sends[S0H_CHAN_SENDS];
        struct s0h_chan_post ring[S0H_CHAN_RING];
};
enum s0h_chan_state {
        S0H_CHAN_OPEN = 0,
        S0H_CHAN_REVOKED = 1,       /* no new messages (a hook or a policy change): the receiver drains it */
        S0H_CHAN_SENDER_GONE = 2,   /* the receiver drains it, then lets it go (a sender writing it
                                     * itself only loses its own messages) */
        S0H_CHAN_RECEIVER_GONE = 3, /* a send in flight fails with ERROR_INVALID_WINDOW_HANDLE */
};

/* The session's live HWNDs, slot i holding the HWND whose index is i (0: none), mapped
 * read-only by every client (the way Windows maps its USER handle table into every GUI
 * process): a sender checks a window is alive before it posts on a channel. Slot 0 is
 * the policy epoch, bumped when a refused channel could now be granted. */
#define S0H_WINTAB_SLOTS 4096u
