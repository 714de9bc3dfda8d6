/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Private to libsession0: the request machinery of client.c, for the library's other
 * files. Not installed. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <session0/session0.h>

/* A fresh header with the next cookie of c. */
void s0__header_init(struct s0_client *c, struct s0_msg_header *h, uint16_t type, size_t size);
/* Sends req (no fds) and waits for its reply of type expect, into reply
 * (S0_MSG_SIZE_MAX bytes); an ERROR reply returns its errno and sets the error text. */
int s0__transact(struct s0_client *c, void *req, size_t size, void *reply, uint16_t expect);
/* Receives the next validated message carrying cookie into buf (S0_MSG_SIZE_MAX bytes). */
int s0__recv(struct s0_client *c, uint32_t cookie, void *buf);
/* The cookie of the last request sent on c. */
uint32_t s0__last_cookie(const struct s0_client *c);
