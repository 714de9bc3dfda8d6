/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A thread's doorbell (struct s0h_doorbell, include/session0/host-protocol.h): how the
 * session host and the peers of the fast path wake a thread, and how it sleeps. Used
 * by s0-sessionhost and by the Win32 layer. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <session0/host-protocol.h>

/* Something is new for the thread: bump seq, then wake it the way it waits, and mark
 * it running (so that the next ringer makes no system call). The sleeper sets
 * `waiting` and then compares seq; both sides are seq_cst, so either the sleeper sees
 * the new seq or the ringer sees it waiting. */
void s0h_doorbell_ring(struct s0h_doorbell *db, int efd);
/* Sleeps on seq while it still equals seen, at most timeout_ms (UINT32_MAX: no limit). */
void s0h_doorbell_wait(struct s0h_doorbell *db, uint32_t seen, uint32_t timeout_ms);
/* Sleeps on the doorbell and on another shared futex word at once (futex_waitv): a
 * sender waiting for its answer on a channel (word = the channel's reply_seq). */
void s0h_doorbell_wait2(struct s0h_doorbell *db, uint32_t seen, _Atomic uint32_t *word, uint32_t word_seen);
/* Bumps word and wakes one sleeper on it if *waiting says there is one. */
void s0h_futex_bump(_Atomic uint32_t *word, _Atomic uint32_t *waiting);
/* The posted count goes down by n, never below 0 (peers can write the page). */
void s0h_doorbell_posted_sub(struct s0h_doorbell *db, uint32_t n);
/* One more posted message unless the quota is reached (then false). */
bool s0h_doorbell_posted_add(struct s0h_doorbell *db);
