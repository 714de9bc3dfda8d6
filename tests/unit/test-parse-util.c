/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* safe_atou32/safe_atoi32/safe_atou64: decimal only, no sign (but '-' for the signed
 * one), no whitespace, no junk, no overflow. The output is written only on success. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "shared/parse-util.h"

static void expect_u32(const char *s, int expected_r, uint32_t expected) {
        uint32_t v = 0xa5a5a5a5u;
        int r = safe_atou32(s, &v);
        if (r != expected_r)
                fail_msg("safe_atou32(\"%s\"): got %d, want %d", s ? s : "(null)", r, expected_r);
        if (r == 0 && v != expected)
                fail_msg("safe_atou32(\"%s\"): got %u, want %u", s, (unsigned) v, (unsigned) expected);
        if (r < 0 && v != 0xa5a5a5a5u)
                fail_msg("safe_atou32(\"%s\"): failed but wrote %u", s ? s : "(null)", (unsigned) v);
}

static void expect_i32(const char *s, int expected_r, int32_t expected) {
        int32_t v = 0x5a5a5a5a;
        int r = safe_atoi32(s, &v);
        if (r != expected_r)
                fail_msg("safe_atoi32(\"%s\"): got %d, want %d", s ? s : "(null)", r, expected_r);
        if (r == 0 && v != expected)
                fail_msg("safe_atoi32(\"%s\"): got %d, want %d", s, (int) v, (int) expected);
        if (r < 0 && v != 0x5a5a5a5a)
                fail_msg("safe_atoi32(\"%s\"): failed but wrote %d", s ? s : "(null)", (int) v);
}

static void expect_u64(const char *s, int expected_r, uint64_t expected) {
        uint64_t v = 0xa5a5a5a5a5a5a5a5u;
        int r = safe_atou64(s, &v);
        if (r != expected_r)
                fail_msg("safe_atou64(\"%s\"): got %d, want %d", s ? s : "(null)", r, expected_r);
        if (r == 0 && v != expected)
                fail_msg("safe_atou64(\"%s\"): got %llu, want %llu", s, (unsigned long long) v,
                         (unsigned long long) expected);
        if (r < 0 && v != 0xa5a5a5a5a5a5a5a5u)
                fail_msg("safe_atou64(\"%s\"): failed but wrote %llu", s ? s : "(null)", (unsigned long long) v);
}

/* Input no parser accepts: each must say -EINVAL. */
static const char *const junk[] = {
        "",     " ",    " 1",   "1 ",   "1\n",  "\t1",  "+1",   "+",    "1x",   "x1",   "0x10", "1e3",
        "1.0",  "1,000", "1_000", "--1", "- 1", "1-",   "\xd9\xa1",    "\xff",
};

/* ---- safe_atou32 ------------------------------------------------------------------- */

static void u32_accepts_decimal_from_zero_to_max(void **state) {
        expect_u32("0", 0, 0);
        expect_u32("1", 0, 1);
        expect_u32("42", 0, 42);
        expect_u32("4294967295", 0, UINT32_MAX);
        expect_u32("00000000000000000000004294967295", 0, UINT32_MAX); /* leading zeros are digits */
}

static void u32_overflow_is_out_of_range(void **state) {
        expect_u32("4294967296", -ERANGE, 0);
        expect_u32("4294967300", -ERANGE, 0);
        expect_u32("18446744073709551615", -ERANGE, 0);
        expect_u32("18446744073709551616", -ERANGE, 0);
        expect_u32("99999999999999999999999999", -ERANGE, 0);
}

static void u32_refuses_signs_whitespace_and_junk(void **state) {
        expect_u32("-0", -EINVAL, 0);
        expect_u32("-1", -EINVAL, 0);
        for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++)
                expect_u32(junk[i], -EINVAL, 0);
        expect_u32(NULL, -EINVAL, 0);
}

/* ---- safe_atoi32 ------------------------------------------------------------------- */

static void i32_accepts_the_whole_range(void **state) {
        expect_i32("0", 0, 0);
        expect_i32("-0", 0, 0);
        expect_i32("7", 0, 7);
        expect_i32("-7", 0, -7);
        expect_i32("2147483647", 0, INT32_MAX);
        expect_i32("-2147483648", 0, INT32_MIN);
        expect_i32("-2147483647", 0, -INT32_MAX);
}

static void i32_overflow_is_out_of_range(void **state) {
        expect_i32("2147483648", -ERANGE, 0);
        expect_i32("-2147483649", -ERANGE, 0);
        expect_i32("4294967295", -ERANGE, 0);
        expect_i32("-4294967296", -ERANGE, 0);
        expect_i32("18446744073709551616", -ERANGE, 0);
        expect_i32("-18446744073709551616", -ERANGE, 0);
}

static void i32_refuses_plus_whitespace_and_junk(void **state) {
        expect_i32("-", -EINVAL, 0);
        expect_i32("--1", -EINVAL, 0);
        expect_i32("-+1", -EINVAL, 0);
        expect_i32("- 1", -EINVAL, 0);
        expect_i32(" -1", -EINVAL, 0);
        expect_i32("-1 ", -EINVAL, 0);
        for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++)
                expect_i32(junk[i], -EINVAL, 0);
        expect_i32(NULL, -EINVAL, 0);
}

/* ---- safe_atou64 ------------------------------------------------------------------- */

static void u64_accepts_decimal_from_zero_to_max(void **state) {
        expect_u64("0", 0, 0);
        expect_u64("4294967296", 0, UINT64_C(4294967296));
        expect_u64("18446744073709551614", 0, UINT64_MAX - 1);
        expect_u64("18446744073709551615", 0, UINT64_MAX);
}

static void u64_overflow_is_out_of_range(void **state) {
        /* every way past the last digit: last digit too big, one more digit, far more */
        expect_u64("18446744073709551616", -ERANGE, 0);
        expect_u64("18446744073709551619", -ERANGE, 0);
        expect_u64("18446744073709551620", -ERANGE, 0);
        expect_u64("18446744073709552000", -ERANGE, 0);
        expect_u64("20000000000000000000", -ERANGE, 0);
        expect_u64("184467440737095516150", -ERANGE, 0);
        expect_u64("99999999999999999999", -ERANGE, 0);
}

static void u64_refuses_signs_whitespace_and_junk(void **state) {
        expect_u64("-1", -EINVAL, 0);
        expect_u64("-0", -EINVAL, 0);
        for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++)
                expect_u64(junk[i], -EINVAL, 0);
        expect_u64(NULL, -EINVAL, 0);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(u32_accepts_decimal_from_zero_to_max),
                cmocka_unit_test(u32_overflow_is_out_of_range),
                cmocka_unit_test(u32_refuses_signs_whitespace_and_junk),
                cmocka_unit_test(i32_accepts_the_whole_range),
                cmocka_unit_test(i32_overflow_is_out_of_range),
                cmocka_unit_test(i32_refuses_plus_whitespace_and_junk),
                cmocka_unit_test(u64_accepts_decimal_from_zero_to_max),
                cmocka_unit_test(u64_overflow_is_out_of_range),
                cmocka_unit_test(u64_refuses_signs_whitespace_and_junk),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
