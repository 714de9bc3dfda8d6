/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* WTSSendMessage in the daemon: message agents, pending messages, their timers. */
#pragma once

#include <session0/protocol.h>

struct s0_daemon;
struct s0_conn;

/* The longest the daemon keeps a message (a timeout of 0, "forever", means this). */
#define S0_MESSAGE_TIMEOUT_MAX_S 3600u
/* At most this many messages wait for an answer in one session; more: -EAGAIN. */
#define S0_MESSAGE_PENDING_PER_SESSION 8u
/* Agents remembered per session; a new one pushes out the oldest. */
#define S0_MESSAGE_AGENTS_PER_SESSION 4u
/* Per sender uid: a burst of this many messages, then this many per second. */
#define S0_MESSAGE_RATE_BURST 20u
#define S0_MESSAGE_RATE_PER_S 2u

void handle_agent_register(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_agent_register *req);
void handle_send_message(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_send_message *req);
void handle_message_answer(struct s0_daemon *d, struct s0_conn *c, const struct s0_msg_message_answer *req);
/* A connection is gone: it is no agent any more, its messages are answered IDTIMEOUT,
 * and nobody waits on the messages it sent. */
void messages_forget_conn(struct s0_daemon *d, uint64_t conn_id);
void messages_free(struct s0_daemon *d);
