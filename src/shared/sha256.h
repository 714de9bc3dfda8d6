/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SHA-256 (FIPS 180-4). Used where a fixed-size, collision-resistant stand-in for a
 * string is needed, e.g. object names too long to be file names. Not for secrets: no
 * attempt is made to wipe state or to run in constant time. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define S0_SHA256_BLOCK_SIZE 64
#define S0_SHA256_DIGEST_SIZE 32
/* 64 lowercase hex digits and a NUL */
#define S0_SHA256_HEX_SIZE (2 * S0_SHA256_DIGEST_SIZE + 1)

struct s0_sha256 {
        uint32_t h[8];                          /* the running hash value H(i) */
        uint64_t length;                        /* bytes hashed so far */
        uint8_t block[S0_SHA256_BLOCK_SIZE];    /* the incomplete next block */
        size_t fill;                            /* bytes used in block */
};

void s0_sha256_init(struct s0_sha256 *ctx);
void s0_sha256_update(struct s0_sha256 *ctx, const void *data, size_t size);
/* Pads, writes the digest and leaves ctx to be initialised again before reuse. */
void s0_sha256_final(struct s0_sha256 *ctx, uint8_t ret_digest[S0_SHA256_DIGEST_SIZE]);

/* One-shot helpers. */
void s0_sha256(const void *data, size_t size, uint8_t ret_digest[S0_SHA256_DIGEST_SIZE]);
void s0_sha256_hex(const void *data, size_t size, char ret_hex[S0_SHA256_HEX_SIZE]);
