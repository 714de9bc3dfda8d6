/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SHA-256 against the FIPS 180-4 examples (NIST CSRC "SHA256.pdf": "abc", the 448-bit
 * and 896-bit messages, the empty message, one million 'a'), the lengths where the
 * padding changes shape (55/56 bytes: the length still fits / needs one more block;
 * 64 and 119/120 likewise one block later), and incremental updates split every way. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "shared/sha256.h"

#define MSG_448 "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
#define MSG_896                                                                  \
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnop" \
        "jklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"

static void expect_hex(const void *data, size_t size, const char *want) {
        char hex[S0_SHA256_HEX_SIZE];

        memset(hex, 'X', sizeof hex);
        s0_sha256_hex(data, size, hex);
        if (strcmp(hex, want) != 0)
                fail_msg("sha256 of %zu bytes: got %.*s, want %s", size, (int) sizeof hex, hex, want);
}

static void nist_abc(void **state) {
        expect_hex("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void nist_empty_message(void **state) {
        expect_hex("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        /* no data pointer at all is the empty message too */
        expect_hex(NULL, 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void nist_448_bit_message_needs_a_second_block(void **state) {
        assert_int_equal(strlen(MSG_448), 56);
        expect_hex(MSG_448, strlen(MSG_448), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void nist_896_bit_message(void **state) {
        assert_int_equal(strlen(MSG_896), 112);
        expect_hex(MSG_896, strlen(MSG_896), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void nist_one_million_a(void **state) {
        size_t n = 1000000;
        char *m = malloc(n);

        assert_non_null(m);
        memset(m, 'a', n);
        expect_hex(m, n, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
        free(m);
}

static void padding_boundaries(void **state) {
        static const struct {
                size_t n;
                const char *hex;
        } cases[] = {
                { 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
                { 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
                { 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
                { 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
                { 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
                { 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
                { 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
                { 128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e" },
        };
        char m[128];

        memset(m, 'a', sizeof m);
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
                expect_hex(m, cases[i].n, cases[i].hex);
}

static void split_updates_give_the_one_shot_digest(void **state) {
        const char *m = MSG_896;
        size_t n = strlen(m);
        uint8_t want[S0_SHA256_DIGEST_SIZE];

        s0_sha256(m, n, want);
        for (size_t a = 0; a <= n; a++)
                for (size_t b = a; b <= n; b += 7) {
                        struct s0_sha256 ctx;
                        uint8_t got[S0_SHA256_DIGEST_SIZE];

                        s0_sha256_init(&ctx);
                        s0_sha256_update(&ctx, m, a);
                        s0_sha256_update(&ctx, m + a, b - a);
                        s0_sha256_update(&ctx, m + b, n - b);
                        s0_sha256_final(&ctx, got);
                        if (memcmp(got, want, sizeof want) != 0)
                                fail_msg("split at %zu and %zu changed the digest", a, b);
                }
}

static void context_is_reusable_after_init(void **state) {
        struct s0_sha256 ctx;
        uint8_t first[S0_SHA256_DIGEST_SIZE], second[S0_SHA256_DIGEST_SIZE];

        s0_sha256_init(&ctx);
        s0_sha256_update(&ctx, "abc", 3);
        s0_sha256_final(&ctx, first);
        s0_sha256_init(&ctx);
        s0_sha256_update(&ctx, "abc", 3);
        s0_sha256_final(&ctx, second);
        assert_memory_equal(first, second, sizeof first);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(nist_abc),
                cmocka_unit_test(nist_empty_message),
                cmocka_unit_test(nist_448_bit_message_needs_a_second_block),
                cmocka_unit_test(nist_896_bit_message),
                cmocka_unit_test(nist_one_million_a),
                cmocka_unit_test(padding_boundaries),
                cmocka_unit_test(split_updates_give_the_one_shot_digest),
                cmocka_unit_test(context_is_reusable_after_init),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
