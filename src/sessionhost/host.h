/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0-sessionhost internals: the host context, connections (one per client thread),
 * windows and the sent-message transactions. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <session0/host-protocol.h>

#include "desktop.h"
#include "hooktable.h"
#include "shared/msg-queue.h"
#include "shared/changefollow.h"
#include "window.h"

#define HOST_CONNS_MAX 1024u
#define HOST_INCOMING_MAX 16u /* sent messages handed to one thread and not yet answered */
#define HOST_HUNG_MS 5000     /* SMTO_ABORTIFHUNG: no retrieval for this long = hung */
/* A hook runs in its own process (hook.c), so a hook thread that stops taking messages
 * would stall every thread it hooks; like Windows' LowLevelHooksTimeout for its
 * out-of-context hooks, an unanswered call is skipped after the hung threshold. */
#define HOOK_TIMEOUT_MS HOST_HUNG_MS

struct s0_client;

struct host_conn {
        int fd;
        uint64_t id;
        pid_t pid;           /* SO_PEERCRED */
        uid_t uid;
        int pidfd;           /* taken at accept: the pid cannot be reused under us */
        uint32_t tid;        /* HELLO; checked to be a thread of pid */
        bool hello;
        char exe[64];        /* /proc/PID/comm, for audit targets */
        uint32_t il;         /* integrity level, from the cgroup leaf (uipi.c) */
        bool console;        /* legacy session 0's console user (leaf console/) */
        uint32_t desktop;    /* the thread's desktop (a slot of h->desktops): Default until SetThreadDesktop */
        struct msg_queue queue; /* posted messages */
        /* a GET waiting for a message */
        bool waiting_get;
        uint32_t get_cookie, get_flags, get_min, get_max;
        uint64_t get_hwnd;
        int64_t get_deadline_ms; /* -1: none */
        int64_t last_get_ms;     /* last retrieval: a receiver is hung after HOST_HUNG_MS */
        unsigned sending;        /* SENDs of this thread awaiting their RESULT */
        unsigned incoming;       /* INCOMINGs handed to it, not yet answered */
        bool hook_busy;          /* a message for its GET is with WH_GETMESSAGE hooks (hook.c) */
        bool hooked_ready;       /* ... and is back: the next GET returns it */
        struct queued_msg hooked_msg;
        /* the fast path (channel.c): this thread's doorbell and eventfd, made at HELLO */
        struct s0h_doorbell *db;
        int db_fd, efd;
};

/* A sent message between SEND and RESULT. */
struct host_tx {
        uint64_t id;
        uint64_t sender;     /* conn id; 0: nobody waits (notify, cancelled, sender gone) */
        uint32_t cookie;     /* the sender's SEND cookie */
        uint64_t receiver;
        bool delivered;
        struct s0h_msg *m;   /* the INCOMING to deliver (with its data) */
        size_t m_size;
        struct host_tx *next;
        /* A sent message waits here while WH_CALLWNDPROC hooks look at it first. */
        bool held;
        /* A hook call (m->flags has S0H_SEND_HOOK): the hook it calls, and what goes on
         * when the chain ends (hook.c). */
        bool is_hook;
        struct hook hook;    /* a copy: the chain goes on even if this hook is removed */
        uint64_t hooked;     /* conn id of the hooked thread */
        uint64_t held_tx;    /* WH_CALLWNDPROC: the sent message held until the chain ends */
        int64_t hook_deadline_ms; /* the hook is skipped if it has not answered by then */
};

struct host {
        uint32_t session;
        const char *runtime_dir;
        int listen_fd;
        int epoll_fd;
        struct host_conn *conns[HOST_CONNS_MAX];
        uint64_t next_conn_id;
        uint64_t next_tx_id;
        struct host_tx *txs;
        struct window_table windows;
        struct hook_table hooks;
        struct desktop_table desktops;
        char *atoms[0x4000];   /* RegisterWindowMessage: 0xC000 + index */
        struct s0_client *audit; /* session0d, for the audit journal; made on first use */
        /* session changes for WM_WTSSESSION_CHANGE (sessionnotify.c): followed while a
         * window is registered */
        struct change_follower changes;
        uint32_t wts_windows;    /* windows with a registration */
        bool changes_warned;
        /* the fast path (channel.c) */
        _Atomic uint64_t *wintab;   /* live HWNDs, mapped read-only by the clients */
        int wintab_fd;              /* the read-only open handed out at HELLO */
        struct host_chan *chans;
        uint64_t next_chan_id;
        uint8_t buf[S0H_MSG_SIZE_MAX + 1];
};

int64_t host_now_ms(void);
struct host_conn *host_conn_by_id(struct host *h, uint64_t id);
/* Sends one datagram; a client that cannot take it (full socket) loses the connection. */
int host_send(struct host *h, struct host_conn *c, const void *m, size_t n);
void host_reply(struct host *h, struct host_conn *c, uint32_t type, uint32_t cookie, int32_t error,
                const struct s0h_msg *fill);
/* Reports a refusal (S0_EVENT_WINDOW) or UI in session 0 (S0_EVENT_UI0) to session0d. */
void host_audit(struct host *h, uint32_t kind, const char *target, int32_t result);
/* uipi.c: the peer's integrity level from /proc/PID/cgroup (its leaf); -errno. */
int uipi_read_level(pid_t pid, uint32_t *ret_il, bool *ret_console);
/* May a sender of level il (console: legacy console user) send or post msg to w? */
bool uipi_allows(uint32_t il, bool console, const struct window *w, uint32_t msg);
/* winsta.c: window stations and desktops */
void host_station(struct host *h, struct host_conn *c, const struct s0h_msg *m);
void host_dispatch(struct host *h, struct host_conn *c, const struct s0h_msg *m, size_t n);
/* Hands c what it may receive now (sent messages first, then a matching posted one). */
void host_pump(struct host *h, struct host_conn *c);
struct host_conn *host_conn_by_tid(struct host *h, uint32_t tid);
/* Is tid a thread of process pid (from /proc, the kernel's word)? */
bool host_tid_of_pid(pid_t pid, uint32_t tid);
void host_audit_refusal(struct host *h, struct host_conn *c, const char *what, uint64_t id, int32_t error);
/* The next tx id; every tx is appended at the end of h->txs (FIFO). */
void host_tx_append(struct host *h, struct host_tx *t);
void host_tx_free(struct host_tx **p);
/* hook.c */
void hook_handle_set(struct host *h, struct host_conn *c, const struct s0h_msg *m);
void hook_handle_unset(struct host *h, struct host_conn *c, const struct s0h_msg *m);
/* A posted message GET is about to return to c: true if WH_GETMESSAGE hooks of other
 * processes take it first (the MESSAGE goes out when the chain ends). */
bool hook_getmessage(struct host *h, struct host_conn *c, const struct queued_msg *q);
/* A sent message for r: true if WH_CALLWNDPROC hooks hold it first. */
bool hook_callwndproc(struct host *h, struct host_conn *r, struct host_tx *t);
/* r answered t: WH_CALLWNDPROCRET hooks are told (they cannot change the result). */
void hook_callwndprocret(struct host *h, struct host_conn *r, const struct host_tx *t, int64_t result);
/* The REPLY to a hook call t (detached from h->txs; freed by the caller). rep NULL:
 * the hook's thread is gone or did not answer in time; the chain goes on without it. */
void hook_reply(struct host *h, struct host_tx *t, const struct s0h_msg *rep);
/* Hook calls unanswered for HOOK_TIMEOUT_MS go on without their hook; returns the ms to
 * the next such deadline (-1: none). */
int hook_expire(struct host *h);
/* c is gone: the hooks it installed and those on its thread. */
void hook_conn_gone(struct host *h, struct host_conn *c);
/* c is gone: its windows, its queue and the transactions it was part of. */
void host_conn_gone(struct host *h, struct host_conn *c);
/* sessionnotify.c: WTSRegisterSessionNotification and WM_WTSSESSION_CHANGE */
void host_wts_register(struct host *h, struct host_conn *c, const struct s0h_msg *m);
void host_wts_unregister(struct host *h, struct host_conn *c, const struct s0h_msg *m);
/* w (registered) is being destroyed: its registrations end with it. */
void host_wts_window_gone(struct host *h, struct window *w);
/* The journal subscription's fd is readable. */
void host_wts_changes(struct host *h);
/* A due re-subscription; ms until the next, or -1. */
int host_wts_timer(struct host *h);
/* broadcast.c: HWND_BROADCAST and BroadcastSystemMessage */
void host_broadcast(struct host *h, struct host_conn *c, const struct s0h_msg *m);
/* channel.c: the fast path */
int host_wintab_init(struct host *h);
void host_wintab_set(struct host *h, uint64_t hwnd, bool live);
/* A refused channel could now be granted (a hook went): senders may ask again. */
void host_policy_loosened(struct host *h);
int host_conn_shm_init(struct host_conn *c);
void host_conn_shm_free(struct host_conn *c);
/* Tells c's thread that something waits for it at the host (it GETs it). */
void host_ring(struct host *h, struct host_conn *c);
/* Is c's thread waiting for messages (in GET, or on its doorbell)? */
bool host_conn_waits(const struct host_conn *c);
/* c's last retrieval: at the host, or (its doorbell says) off its channels. */
int64_t host_conn_last_get(const struct host_conn *c);
int host_send_fds(struct host *h, struct host_conn *c, const void *m, size_t n, const int *fds, unsigned nfds);
void host_channel(struct host *h, struct host_conn *c, const struct s0h_msg *m);
/* The channels to and from r (NULL: every channel): no new message goes over them. */
void host_channels_revoke(struct host *h, struct host_conn *r);
void host_channels_conn_gone(struct host *h, struct host_conn *c);
/* hook.c: does a hook of another process than r's watch r's messages? */
bool hook_watches_remotely(struct host *h, const struct host_conn *r);
/* request.c: queues a posted message for r (quota: its doorbell's count) */
int host_queue_post(struct host *h, struct host_conn *r, const struct queued_msg *q);
/* winlist.c: s0ctl windows */
void host_winlist(struct host *h, struct host_conn *c, const struct s0h_msg *m);
/* winsta.c: the window station of c's process (its uid and cgroup leaf) */
void host_conn_station(const struct host *h, const struct host_conn *c, char *buf, size_t size);
/* winsta.c: Windows lets window messages pass only between threads of one desktop and
 * lets FindWindow, EnumWindows, broadcasts and desktop-wide hooks see only the caller's
 * desktop. THE check for it: is w on the desktop of c's thread? Everything that lets c
 * reach w (and a shared-memory channel set up from c to w's thread) asks this. */
bool host_same_desktop(const struct host_conn *c, const struct window *w);
/* winsta.c: a window was made on / has left desktop slot d; c's thread is gone (its
 * desktop use, and its process's handles if it was the process's last connection). */
void host_desktop_window_added(struct host *h, uint32_t d);
void host_desktop_window_gone(struct host *h, uint32_t d);
void host_desktop_conn_gone(struct host *h, struct host_conn *c);
