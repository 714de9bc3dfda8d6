/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0_obj_name_resolve() and s0_obj_name_unescape(): which namespace a Win32 object name
 * lands in, from which caller session, with which Win32 error, and which file name it
 * gets. A wrong namespace puts an object in another session's directory, so each rule
 * of name.h (SEMANTICS.md §2) is checked with its exact error code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <session0/protocol.h>

#include "lib/objects/name.h"
#include "shared/sha256.h"

#define UNTOUCHED 0xa5

static uint32_t resolve(const char *name, uint32_t session, struct s0_obj_name *ret) {
        memset(ret, UNTOUCHED, sizeof *ret);
        return s0_obj_name_resolve(name, session, ret);
}

static bool untouched(const struct s0_obj_name *o) {
        const unsigned char *p = (const unsigned char *) o;
        for (size_t i = 0; i < sizeof *o; i++)
                if (p[i] != UNTOUCHED)
                        return false;
        return true;
}

/* name from session resolves to an object file in namespace want_session (0: global). */
static void expect_object(const char *name, uint32_t session, uint32_t want_session, const char *want_file) {
        struct s0_obj_name o;
        uint32_t r = resolve(name, session, &o);

        if (r != S0_ERROR_SUCCESS)
                fail_msg("'%s' from session %u: error %u, want success", name, session, r);
        if (o.session != want_session || o.global != (want_session == 0))
                fail_msg("'%s' from session %u: namespace %u (global %d), want %u", name, session, o.session,
                         o.global, want_session);
        if (o.is_directory || o.hashed)
                fail_msg("'%s' from session %u: is_directory %d hashed %d", name, session, o.is_directory, o.hashed);
        if (strcmp(o.file, want_file) != 0)
                fail_msg("'%s' from session %u: file '%s', want '%s'", name, session, o.file, want_file);
}

static void expect_directory(const char *name, uint32_t session, uint32_t want_session) {
        struct s0_obj_name o;
        uint32_t r = resolve(name, session, &o);

        if (r != S0_ERROR_SUCCESS || !o.is_directory || o.file[0] != 0 || o.hashed)
                fail_msg("'%s' from session %u: error %u is_directory %d file '%s', want the directory", name,
                         session, r, o.is_directory, o.file);
        if (o.session != want_session || o.global != (want_session == 0))
                fail_msg("'%s' from session %u: namespace %u, want %u", name, session, o.session, want_session);
}

static void expect_error(const char *name, uint32_t session, uint32_t want) {
        struct s0_obj_name o;
        uint32_t r = resolve(name, session, &o);

        if (r != want)
                fail_msg("'%s' from session %u: error %u, want %u", name ? name : "(null)", session, r, want);
        if (!untouched(&o))
                fail_msg("'%s' from session %u: failed but wrote the result", name ? name : "(null)", session);
}

/* A string of n copies of the UTF-8 sequence unit (plus an optional prefix). */
static char *repeat(char *buf, size_t size, const char *prefix, const char *unit, size_t n) {
        size_t len = strlen(prefix), ul = strlen(unit);

        assert_true(len + n * ul < size);
        memcpy(buf, prefix, len);
        for (size_t i = 0; i < n; i++, len += ul)
                memcpy(buf + len, unit, ul);
        buf[len] = 0;
        return buf;
}

/* ---- namespaces ---------------------------------------------------------------------- */

static void plain_name_is_callers_namespace(void **state) {
        expect_object("X", 0, 0, "X");
        expect_object("X", 3, 3, "X");
}

static void local_prefix_is_callers_namespace(void **state) {
        expect_object("Local\\X", 0, 0, "X");
        expect_object("Local\\X", 3, 3, "X");
}

static void global_prefix_is_global_from_any_session(void **state) {
        expect_object("Global\\X", 0, 0, "X");
        expect_object("Global\\X", 3, 0, "X");
        expect_object("Global\\X", 4294967294u, 0, "X");
}

static void session_prefix_names_that_session_from_any_session(void **state) {
        expect_object("Session\\3\\X", 0, 3, "X");
        expect_object("Session\\3\\X", 3, 3, "X");
        expect_object("Session\\5\\X", 3, 5, "X");
        /* session 0's namespace is the global one */
        expect_object("Session\\0\\X", 3, 0, "X");
        expect_object("Session\\4294967294\\X", 1, 4294967294u, "X");
}

static void links_chain_as_in_every_directory(void **state) {
        /* every BaseNamedObjects holds all three links */
        expect_object("Global\\Local\\X", 3, 0, "X");
        expect_object("Local\\Global\\X", 3, 0, "X");
        expect_object("Global\\Session\\3\\X", 0, 3, "X");
        expect_object("Session\\3\\Global\\X", 0, 0, "X");
        expect_object("Session\\3\\Local\\X", 5, 3, "X");
}

static void session_number_must_be_canonical(void **state) {
        expect_error("Session\\01\\X", 0, S0_ERROR_PATH_NOT_FOUND);
        expect_error("Session\\00\\X", 0, S0_ERROR_PATH_NOT_FOUND);
        expect_error("Session\\+1\\X", 0, S0_ERROR_PATH_NOT_FOUND);
        expect_error("Session\\-1\\X", 0, S0_ERROR_PATH_NOT_FOUND);
        expect_error("Session\\ 1\\X", 0, S0_ERROR_PATH_NOT_FOUND);
        expect_error("Session\\1a\\X", 0, S0_ERROR_PATH_NOT_FOUND);
        expect_error("Session\\\\X", 0, S0_ERROR_PATH_NOT_FOUND);
        expect_error("Session\\", 0, S0_ERROR_PATH_NOT_FOUND);
        /* S0_SESSION_NONE and anything that would overflow */
        expect_error("Session\\4294967295\\X", 0, S0_ERROR_PATH_NOT_FOUND);
        expect_error("Session\\4294967296\\X", 0, S0_ERROR_PATH_NOT_FOUND);
        expect_error("Session\\99999999999999999999999\\X", 0, S0_ERROR_PATH_NOT_FOUND);
}

static void links_are_case_sensitive(void **state) {
        expect_error("global\\X", 3, S0_ERROR_PATH_NOT_FOUND);
        expect_error("GLOBAL\\X", 0, S0_ERROR_PATH_NOT_FOUND);
        expect_error("local\\X", 3, S0_ERROR_PATH_NOT_FOUND);
        expect_error("session\\3\\X", 0, S0_ERROR_PATH_NOT_FOUND);
        /* names themselves are too: two objects */
        expect_object("x", 3, 3, "x");
        expect_object("X", 3, 3, "X");
}

static void unknown_or_extra_components_are_path_not_found(void **state) {
        expect_error("Foo\\X", 0, S0_ERROR_PATH_NOT_FOUND);
        expect_error("Local\\a\\b", 3, S0_ERROR_PATH_NOT_FOUND);
        expect_error("Global\\a\\b", 3, S0_ERROR_PATH_NOT_FOUND);
        expect_error("Session\\2\\a\\b", 3, S0_ERROR_PATH_NOT_FOUND);
        expect_error("Global\\\\X", 3, S0_ERROR_PATH_NOT_FOUND); /* an empty component */
        expect_error("X\\", 3, S0_ERROR_PATH_NOT_FOUND);
}

static void leading_backslash_is_bad_pathname(void **state) {
        expect_error("\\X", 0, S0_ERROR_BAD_PATHNAME);
        expect_error("\\BaseNamedObjects\\X", 3, S0_ERROR_BAD_PATHNAME);
        expect_error("\\", 3, S0_ERROR_BAD_PATHNAME);
}

static void null_arguments_are_invalid_parameter(void **state) {
        struct s0_obj_name o;

        expect_error(NULL, 0, S0_ERROR_INVALID_PARAMETER);
        assert_int_equal(s0_obj_name_resolve("X", 0, NULL), S0_ERROR_INVALID_PARAMETER);
        expect_error("X", S0_SESSION_NONE, S0_ERROR_INVALID_PARAMETER);
        (void) o;
}

static void names_of_directories_set_is_directory(void **state) {
        expect_directory("", 0, 0);
        expect_directory("", 3, 3);
        expect_directory("Global\\", 3, 0);
        expect_directory("Local\\", 3, 3);
        expect_directory("Session\\2", 3, 2);
        expect_directory("Session\\2\\", 3, 2);
        expect_directory("Session\\0", 3, 0);
        /* a link at the end is followed, as the object manager does */
        expect_directory("Global", 3, 0);
        expect_directory("Local", 3, 3);
        expect_directory("Local\\Global", 3, 0);
        expect_directory("Session", 3, 3); /* \Sessions\BNOLINKS: no namespace */
        /* spelled otherwise, they are objects */
        expect_object("global", 3, 3, "global");
        expect_object("Globals", 3, 3, "Globals");
        expect_object("Local ", 3, 3, "Local ");
}

/* ---- length and encoding ---------------------------------------------------------------- */

static void max_path_utf16_units_is_filename_exced_range(void **state) {
        char buf[2048], want[300];
        struct s0_obj_name o;

        /* 259 units: fine; 260: 206 */
        repeat(buf, sizeof buf, "", "a", 259);
        assert_int_equal(resolve(buf, 0, &o), S0_ERROR_SUCCESS);
        assert_true(o.hashed); /* 259 bytes: too long for a file name */
        expect_error(repeat(buf, sizeof buf, "", "a", 260), 0, S0_ERROR_FILENAME_EXCED_RANGE);
        expect_error(repeat(buf, sizeof buf, "", "a", 1000), 0, S0_ERROR_FILENAME_EXCED_RANGE);
        /* the prefix counts: it is part of the name the W function gets */
        expect_error(repeat(buf, sizeof buf, "Global\\", "a", 253), 3, S0_ERROR_FILENAME_EXCED_RANGE);
        assert_int_equal(resolve(repeat(buf, sizeof buf, "Global\\", "a", 252), 3, &o), S0_ERROR_SUCCESS);
        assert_string_equal(o.file, repeat(want, sizeof want, "", "a", 252));

        /* U+10000 and above count 2 (a surrogate pair), U+0800..U+FFFF count 1 */
        repeat(buf, sizeof buf, "a", "\xf0\x9f\x98\x80", 129); /* 1 + 258 = 259 */
        assert_int_equal(resolve(buf, 0, &o), S0_ERROR_SUCCESS);
        expect_error(repeat(buf, sizeof buf, "", "\xf0\x9f\x98\x80", 130), 0, S0_ERROR_FILENAME_EXCED_RANGE);
        expect_error(repeat(buf, sizeof buf, "ab", "\xf0\x9f\x98\x80", 129), 0, S0_ERROR_FILENAME_EXCED_RANGE);
        repeat(buf, sizeof buf, "", "\xe2\x82\xac", 259); /* 259 euro signs, 777 bytes */
        assert_int_equal(resolve(buf, 0, &o), S0_ERROR_SUCCESS);
        expect_error(repeat(buf, sizeof buf, "", "\xe2\x82\xac", 260), 0, S0_ERROR_FILENAME_EXCED_RANGE);
}

static void length_is_checked_before_encoding_and_backslash(void **state) {
        char buf[600];

        /* invalid bytes count one unit each */
        expect_error(repeat(buf, sizeof buf, "", "\xff", 259), 0, S0_ERROR_INVALID_NAME);
        expect_error(repeat(buf, sizeof buf, "", "\xff", 260), 0, S0_ERROR_FILENAME_EXCED_RANGE);
        expect_error(repeat(buf, sizeof buf, "\\", "a", 259), 0, S0_ERROR_FILENAME_EXCED_RANGE);
        /* encoding before the leading backslash */
        expect_error("\\\xff", 0, S0_ERROR_INVALID_NAME);
}

static void invalid_utf8_is_invalid_name(void **state) {
        static const char *const bad[] = {
                "\xc0\x80",             /* overlong NUL */
                "\xc1\xbf",             /* overlong 2-byte */
                "\xe0\x80\xaf",         /* overlong 3-byte '/' */
                "\xf0\x80\x80\xaf",     /* overlong 4-byte '/' */
                "\xed\xa0\x80",         /* U+D800, a surrogate */
                "\xed\xbf\xbf",         /* U+DFFF */
                "\xf4\x90\x80\x80",     /* U+110000 */
                "\xf5\x80\x80\x80",     /* beyond any code point */
                "\xff",
                "\x80",                 /* stray continuation byte */
                "a\xbf",
                "\xe2\x82",             /* truncated by the NUL */
                "\xe2\x82x",            /* truncated by another byte */
                "\xf0\x9f\x98",
                "Global\\\xc3",
                "\xc3\\X",
        };
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
                expect_error(bad[i], 0, S0_ERROR_INVALID_NAME);
                expect_error(bad[i], 7, S0_ERROR_INVALID_NAME);
        }
        /* the edges that are valid */
        expect_object("\xc2\x80", 0, 0, "\xc2\x80");
        expect_object("\xed\x9f\xbf", 0, 0, "\xed\x9f\xbf");         /* U+D7FF */
        expect_object("\xee\x80\x80", 0, 0, "\xee\x80\x80");         /* U+E000 */
        expect_object("\xf4\x8f\xbf\xbf", 0, 0, "\xf4\x8f\xbf\xbf"); /* U+10FFFF */
        expect_object("caf\xc3\xa9", 2, 2, "caf\xc3\xa9");
}

/* ---- file names ---------------------------------------------------------------------- */

static void escaping_makes_one_file_name(void **state) {
        expect_object("a/b", 0, 0, "a%2Fb");
        expect_object("/", 0, 0, "%2F");
        expect_object("100%", 0, 0, "100%25");
        expect_object("%2F", 0, 0, "%252F");
        expect_object(".", 0, 0, "%2E");
        expect_object("..", 0, 0, "%2E.");
        expect_object(".hidden", 0, 0, "%2Ehidden");
        expect_object("a.b", 0, 0, "a.b");
        expect_object("a..", 0, 0, "a..");
        expect_object("#x", 0, 0, "%23x");
        expect_object("a#", 0, 0, "a#");
        expect_object("Local\\.x", 4, 4, "%2Ex"); /* "first" is the object name's first byte */
        expect_object("Global\\#", 4, 0, "%23");
        expect_object("a b\t*?:\"<>|", 0, 0, "a b\t*?:\"<>|");
}

static void hashed(const char *name, uint32_t session, const char *object) {
        char want[S0_OBJ_FILE_MAX];
        struct s0_obj_name o;

        want[0] = '#';
        s0_sha256_hex(object, strlen(object), want + 1);
        assert_int_equal(resolve(name, session, &o), S0_ERROR_SUCCESS);
        assert_true(o.hashed);
        assert_false(o.is_directory);
        assert_string_equal(o.file, want);
}

static void escape_longer_than_name_max_is_hashed(void **state) {
        char buf[1024], want[300];
        struct s0_obj_name o;

        /* exactly 255 bytes once escaped: kept */
        expect_object(repeat(buf, sizeof buf, "", "a", 255), 0, 0, repeat(want, sizeof want, "", "a", 255));
        expect_object(repeat(buf, sizeof buf, "", "/", 85), 0, 0, repeat(want, sizeof want, "", "%2F", 85));
        repeat(buf, sizeof buf, "", "a", 252);
        strcat(buf, "/");
        repeat(want, sizeof want, "", "a", 252);
        strcat(want, "%2F");
        expect_object(buf, 0, 0, want);

        /* 256 and more: hashed, over the object name without its prefix */
        hashed(repeat(buf, sizeof buf, "", "a", 256), 0, buf);
        hashed(repeat(buf, sizeof buf, "", "/", 86), 0, buf);
        repeat(want, sizeof want, "", "a", 253);
        strcat(want, "/"); /* 253 + 3 */
        hashed(want, 0, want);
        repeat(buf, sizeof buf, "", "%", 200);
        hashed(buf, 0, buf);
        repeat(buf, sizeof buf, "", "\xe2\x82\xac", 86); /* 258 bytes, 86 units */
        hashed(buf, 0, buf);
        /* the prefix is not hashed: the same object name from another spelling */
        repeat(want, sizeof want, "", "/", 100);
        hashed(repeat(buf, sizeof buf, "Global\\", "/", 100), 3, want);
        hashed(repeat(buf, sizeof buf, "Session\\9\\", "/", 100), 0, want);
        assert_int_equal(resolve(buf, 0, &o), S0_ERROR_SUCCESS);
        assert_int_equal(o.session, 9);
        /* the name with the most escapes that still fits the length limit */
        hashed(repeat(buf, sizeof buf, "", "/", 259), 0, buf);
}

/* ---- unescape ---------------------------------------------------------------------- */

static void round_trip(const char *object) {
        char back[S0_OBJ_FILE_MAX];
        struct s0_obj_name o;

        assert_int_equal(resolve(object, 0, &o), S0_ERROR_SUCCESS);
        assert_false(o.hashed);
        memset(back, 'X', sizeof back);
        if (s0_obj_name_unescape(o.file, back, sizeof back) != S0_ERROR_SUCCESS || strcmp(back, object) != 0)
                fail_msg("'%s' -> '%s' -> '%s'", object, o.file, back);
}

static void unescape_round_trips(void **state) {
        static const char *const names[] = {
                "X", "a/b", "/", "//", "100%", "%25", "%", ".", "..", "...", ".a.b.", "#", "##", "a#b",
                "#%2F", "caf\xc3\xa9", "\xf0\x9f\x98\x80", " ", "Globals", "global", "x.%", "-",
        };
        char buf[300];

        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
                round_trip(names[i]);
        round_trip(repeat(buf, sizeof buf, "", "a", 255));
        round_trip(repeat(buf, sizeof buf, "", "/", 85));
        round_trip(repeat(buf, sizeof buf, ".", "%", 84));
}

static void expect_unescape_error(const char *file, uint32_t want) {
        char buf[S0_OBJ_FILE_MAX];
        uint32_t r;

        memset(buf, 'X', sizeof buf);
        r = s0_obj_name_unescape(file, buf, sizeof buf);
        if (r != want)
                fail_msg("unescape '%s': %u, want %u", file ? file : "(null)", r, want);
        if (buf[0] != 'X' || buf[sizeof buf - 1] != 'X')
                fail_msg("unescape '%s' failed but wrote the buffer", file ? file : "(null)");
}

static void unescape_refuses_what_escaping_cannot_produce(void **state) {
        static const char *const bad[] = {
                "",
                "%",
                "%2",
                "%2f",          /* escapes are upper case only */
                "%2e",
                "%41",          /* 'A' is never escaped */
                "%5C",          /* nor '\' */
                "a%2Eb",        /* '.' is escaped only first */
                "a%23",         /* and '#' */
                "%%25",
                ".",
                "..",
                ".x",
                "#x",
                "#",
                "a\\b",
                "a/b",
                "\xff",
                "\xc0\x80",
                "caf\xc3",
                "#0123456789abcdef0123456789abcdef0123456789abcdef0123456789ABCDEF", /* not lowercase */
                "#0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",  /* 63 digits */
                "#0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0", /* 65 digits */
                "Global",       /* names of links: a directory, never a file */
                "Local",
                "Session",
        };
        char buf[300];

        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
                expect_unescape_error(bad[i], S0_ERROR_INVALID_NAME);
        expect_unescape_error(repeat(buf, sizeof buf, "", "a", 256), S0_ERROR_INVALID_NAME);
}

static void unescape_of_hashed_name_is_filename_exced_range(void **state) {
        char file[300];
        struct s0_obj_name o;

        expect_unescape_error("#0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                              S0_ERROR_FILENAME_EXCED_RANGE);
        assert_int_equal(resolve(repeat(file, sizeof file, "", "z", 256), 0, &o), S0_ERROR_SUCCESS);
        expect_unescape_error(o.file, S0_ERROR_FILENAME_EXCED_RANGE);
}

static void unescape_checks_arguments_and_buffer_size(void **state) {
        char buf[8];

        assert_int_equal(s0_obj_name_unescape(NULL, buf, sizeof buf), S0_ERROR_INVALID_PARAMETER);
        assert_int_equal(s0_obj_name_unescape("a", NULL, 8), S0_ERROR_INVALID_PARAMETER);
        /* "a/b" needs 4 bytes */
        memset(buf, 'X', sizeof buf);
        assert_int_equal(s0_obj_name_unescape("a%2Fb", buf, 3), S0_ERROR_INSUFFICIENT_BUFFER);
        assert_int_equal(buf[0], 'X');
        assert_int_equal(s0_obj_name_unescape("a%2Fb", buf, 4), S0_ERROR_SUCCESS);
        assert_string_equal(buf, "a/b");
        assert_int_equal(buf[4], 'X');
        assert_int_equal(s0_obj_name_unescape("a", buf, 0), S0_ERROR_INSUFFICIENT_BUFFER);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(plain_name_is_callers_namespace),
                cmocka_unit_test(local_prefix_is_callers_namespace),
                cmocka_unit_test(global_prefix_is_global_from_any_session),
                cmocka_unit_test(session_prefix_names_that_session_from_any_session),
                cmocka_unit_test(links_chain_as_in_every_directory),
                cmocka_unit_test(session_number_must_be_canonical),
                cmocka_unit_test(links_are_case_sensitive),
                cmocka_unit_test(unknown_or_extra_components_are_path_not_found),
                cmocka_unit_test(leading_backslash_is_bad_pathname),
                cmocka_unit_test(null_arguments_are_invalid_parameter),
                cmocka_unit_test(names_of_directories_set_is_directory),
                cmocka_unit_test(max_path_utf16_units_is_filename_exced_range),
                cmocka_unit_test(length_is_checked_before_encoding_and_backslash),
                cmocka_unit_test(invalid_utf8_is_invalid_name),
                cmocka_unit_test(escaping_makes_one_file_name),
                cmocka_unit_test(escape_longer_than_name_max_is_hashed),
                cmocka_unit_test(unescape_round_trips),
                cmocka_unit_test(unescape_refuses_what_escaping_cannot_produce),
                cmocka_unit_test(unescape_of_hashed_name_is_filename_exced_range),
                cmocka_unit_test(unescape_checks_arguments_and_buffer_size),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
