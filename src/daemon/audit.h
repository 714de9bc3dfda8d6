/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The audit journal: every crossing session0d decides, allowed or refused, is an event
 * (struct s0_event). Events go to an in-memory ring (queries, followers) and, best
 * effort, to a bounded on-disk journal of two JSON-lines files. See docs/ARCHITECTURE.md
 * "Audit". */
#pragma once

#include <stdint.h>

#include "daemon.h"

#define AUDIT_DIR_DEFAULT "/var/log/session0"
#define AUDIT_DIR_NONE "none"          /* --audit-dir none: the ring only, no journal */
#define AUDIT_MAX_KB_DEFAULT 4096u      /* per file; two files */
#define AUDIT_MAX_KB_MIN 4u
#define AUDIT_MAX_KB_LIMIT (1024u * 1024u)
#define AUDIT_RING_SIZE 4096u           /* the last events, for queries and followers */
#define AUDIT_RATE_PER_UID 100u         /* events per second and uid (root: no limit) */
#define AUDIT_FOLLOW_BACKLOG_MAX 1024u  /* a follower further behind loses the oldest */
#define AUDIT_FOLLOWERS_MAX 128u        /* of non-root uids, together */
#define AUDIT_ROOT_FOLLOWERS_MAX 4096u  /* root's: s0-scm, s0-ui0detect, a session host per session */
#define AUDIT_LOST_LOG_EVERY 1000u      /* one log line per this many events the disk lost */

/* At start-up (after the epoll set exists): opens or creates the journal, reads its
 * tail to continue the sequence numbers. Never fails for the journal's sake (the
 * daemon runs without it and counts what it loses); -ENOMEM only. */
int audit_open(struct s0_daemon *d);
void audit_close(struct s0_daemon *d);

/* Records one event caused by client c (its pid, uid and session taken from the
 * kernel). target_session S0_SESSION_NONE if none; target may be NULL. Never blocks,
 * never fails the caller's crossing. For the handlers of other message types. */
void audit_record(struct s0_daemon *d, const struct s0_conn *c, uint32_t kind, uint32_t target_session,
                  const char *target, int result);

/* control.c's hooks around one request: begin before the handler (validated message),
 * reply from conn_send() for every message sent, end after the handler. The event is
 * recorded at the end, with the result of the handler's first reply (0 if it sent none
 * yet: LOGOFF answers when the session is gone). */
void audit_request_begin(struct s0_daemon *d, const struct s0_conn *c, const void *buf, size_t n);
void audit_request_reply(struct s0_daemon *d, const struct s0_conn *c, const void *msg, size_t size);
void audit_request_end(struct s0_daemon *d, const struct s0_conn *c);
/* A message that failed validation (r from s0_msg_validate). */
void audit_bad_message(struct s0_daemon *d, const struct s0_conn *c, int r, const void *buf, size_t n);
/* c's socket is writable again (EPOLLOUT): push what its subscription holds back. */
void audit_conn_writable(struct s0_daemon *d, struct s0_conn *c);

void handle_events(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_events *req);
void handle_events_follow(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_events *req);
void handle_audit(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_audit *req);
