/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Following session0d's session changes (logon, logoff, connect, disconnect, lock,
 * unlock: S0_EVENT_SESSION_CHANGE events of the audit journal), for the two programs
 * that pass them on: s0-scm (SERVICE_CONTROL_SESSIONCHANGE) and each s0-sessionhost
 * (WM_WTSSESSION_CHANGE).
 *
 * A follower is one subscription on its own connection to session0d, registered in
 * the caller's epoll set with the caller's data pointer. When the connection breaks
 * (session0d restarts), the follower closes it and the caller's timer calls
 * change_follower_timer() until a new subscription is made -- from the sequence number
 * after the last event seen: the numbers survive the daemon's restart, so nothing is
 * told twice, and nothing is lost as far as the daemon's ring reaches.
 *
 * Library code: nothing here logs; results say what happened, the caller logs.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

struct s0_client;

struct change_follower {
        const char *runtime_dir;
        unsigned retry_ms;        /* while session0d is unreachable, try again this often */
        int epoll_fd;             /* the caller's epoll set */
        void *epoll_data;         /* what its epoll_wait() gets for our fd */
        struct s0_client *client; /* NULL: not subscribed */
        uint64_t next_seq;        /* 0: only changes from now on (the first subscription) */
        uint64_t retry_at_ms;     /* CLOCK_MONOTONIC; 0: no retry pending */
        bool gap;                 /* the last read found changes lost before it */
};

/* Called for each change, in the journal's order. */
typedef void (*change_fn)(void *userdata, uint32_t code, uint32_t session, uint64_t seq);

/* Subscribes. On failure a retry is scheduled (change_follower_timer) and -errno is
 * returned for the caller to log. */
int change_follower_start(struct change_follower *f);
/* Unsubscribes and forgets the position: a later start begins with what is new then. */
void change_follower_stop(struct change_follower *f);
/* Our fd was readable: calls fn for every change of the page. -errno if the
 * subscription broke: a retry is scheduled; f->gap tells whether changes were lost. */
int change_follower_read(struct change_follower *f, change_fn fn, void *userdata);
/* A retry, if one is due. *ret_resumed: it succeeded now. Returns the ms until the
 * next try, or -1 if none is pending. */
int change_follower_timer(struct change_follower *f, bool *ret_resumed);
