/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Reading a fast-path channel (struct s0h_chan) as its receiver: memory a sender wrote,
 * so untrusted. Pure (no I/O): used by the Win32 layer (src/win32/user-fast.c) and
 * fuzzed (fuzz/fuzz-chan-read.c). */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <session0/host-protocol.h>

/* The next sent message to run: a slot in S0H_SLOT_SENT taken (S0H_SLOT_TAKEN), its
 * fields copied to *ret before anything else can change them; NULL if none. *cursor
 * starts at 0 and goes up to S0H_CHAN_SENDS. */
struct s0h_chan_send *s0h_chan_take_send(struct s0h_chan *c, unsigned *cursor, struct s0h_chan_send *ret);
/* Answers a taken slot: its result, then DONE, then the sender's wake-up. */
void s0h_chan_answer(struct s0h_chan *c, struct s0h_chan_send *s, int64_t result, uint32_t error);
/* Takes every posted message the sender published, in order, handing each to take()
 * (a copy); a head/tail pair no honest sender writes drops what is there. Returns how
 * many were taken. */
uint32_t s0h_chan_take_posts(struct s0h_chan *c, void (*take)(void *ctx, const struct s0h_chan_post *p), void *ctx);
