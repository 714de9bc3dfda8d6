/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0_session_from_cgroup_path(): how a process's cgroup (a fact the kernel keeps)
 * becomes its session id. A wrong answer here lets a process claim another session,
 * so the accepted shape is exactly <root>/session-<canonical decimal>[/...]. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <session0/session0.h>

#define UNTOUCHED 0xdeadbeefu

/* Returns the parser's result; *ret_id is UNTOUCHED unless it succeeded. */
static int parse(const char *root, const char *path, uint32_t *ret_id) {
        *ret_id = UNTOUCHED;
        return s0_session_from_cgroup_path(root, path, ret_id);
}

static void expect_session(const char *root, const char *path, uint32_t expected) {
        uint32_t id;
        int r = parse(root, path, &id);
        if (r != 0 || id != expected)
                fail_msg("root '%s' path '%s': got %d id %u, want 0 id %u", root, path, r, (unsigned) id,
                         (unsigned) expected);
}

static void expect_error(const char *root, const char *path, int expected) {
        uint32_t id;
        int r = parse(root, path, &id);
        if (r != expected)
                fail_msg("root '%s' path '%s': got %d (%s), want %d (%s)", root ? root : "(null)",
                         path ? path : "(null)", r, strerror(-r), expected, strerror(-expected));
        if (id != UNTOUCHED)
                fail_msg("root '%s' path '%s': failed but wrote the id (%u)", root ? root : "(null)",
                         path ? path : "(null)", (unsigned) id);
}

static void session_directory_and_its_children_give_the_id(void **state) {
        expect_session("/r", "/r/session-3", 3);
        expect_session("/r", "/r/session-3/user", 3);
        expect_session("/r", "/r/session-3/anchor", 3);
        expect_session("/r", "/r/session-3/user/app.scope/deeper", 3);
        expect_session("/a/b/c", "/a/b/c/session-17/system", 17);
}

static void session_zero_is_a_session(void **state) {
        expect_session("/r", "/r/session-0", 0);
        expect_session("/r", "/r/session-0/console", 0);
}

static void largest_id_below_none_is_accepted(void **state) {
        expect_session("/r", "/r/session-4294967294", 4294967294u);
}

static void root_slash_puts_sessions_at_the_top(void **state) {
        expect_session("/", "/session-5", 5);
        expect_session("/", "/session-5/user", 5);
        expect_error("/", "/s0/session-5", -ESRCH);
}

static void trailing_slashes_on_the_root_are_ignored(void **state) {
        expect_session("/r/", "/r/session-2", 2);
        expect_session("/r///", "/r/session-2/user", 2);
        expect_session("//", "/session-2", 2);
        expect_session("///", "/session-2", 2);
}

static void root_itself_is_in_no_session(void **state) {
        expect_error("/r", "/r", -ESRCH);
        expect_error("/r", "/r/", -ESRCH);
        expect_error("/", "/", -ESRCH);
}

static void root_must_be_a_whole_path_component(void **state) {
        /* "/rx" starts with "/r" but is a different directory */
        expect_error("/r", "/rx/session-1", -ESRCH);
        expect_error("/r", "/r-session-1", -ESRCH);
        expect_error("/r/", "/rx/session-1", -ESRCH);
}

static void paths_outside_the_root_are_in_no_session(void **state) {
        expect_error("/r", "/", -ESRCH);
        expect_error("/r", "/user.slice/user-1000.slice/session-3.scope", -ESRCH);
        expect_error("/r", "/other/session-3", -ESRCH);
        expect_error("/a/b", "/a/session-3", -ESRCH);
        expect_error("/r", "/x/r/session-3", -ESRCH);
}

static void only_session_directories_directly_below_the_root_count(void **state) {
        expect_error("/r", "/r/other", -ESRCH);
        expect_error("/r", "/r/other/session-3", -ESRCH);
        expect_error("/r", "/r//session-3", -ESRCH);
        expect_error("/r", "/r/Session-3", -ESRCH);
        expect_error("/r", "/r/session3", -ESRCH);
        expect_error("/r", "/r/session", -ESRCH);
        expect_error("/r", "/r/xsession-3", -ESRCH);
}

static void session_id_must_be_canonical_decimal(void **state) {
        expect_error("/r", "/r/session-", -ESRCH);
        expect_error("/r", "/r/session-/user", -ESRCH);
        expect_error("/r", "/r/session-01", -ESRCH);
        expect_error("/r", "/r/session-00", -ESRCH);
        expect_error("/r", "/r/session-007/user", -ESRCH);
        expect_error("/r", "/r/session-1x", -ESRCH);
        expect_error("/r", "/r/session-1.scope", -ESRCH);
        expect_error("/r", "/r/session--1", -ESRCH);
        expect_error("/r", "/r/session-+1", -ESRCH);
        expect_error("/r", "/r/session- 1", -ESRCH);
        expect_error("/r", "/r/session-0x10", -ESRCH);
}

static void session_none_and_bigger_ids_are_refused(void **state) {
        expect_error("/r", "/r/session-4294967295", -ESRCH); /* S0_SESSION_NONE */
        expect_error("/r", "/r/session-4294967296", -ESRCH); /* would wrap to 0 */
        expect_error("/r", "/r/session-4294967299", -ESRCH); /* would wrap to 3 */
        expect_error("/r", "/r/session-8589934595/user", -ESRCH); /* 2^33+3 */
        expect_error("/r", "/r/session-18446744073709551619", -ESRCH); /* 2^64+3 */
        expect_error("/r", "/r/session-99999999999999999999999999999999999999", -ESRCH);
}

static void relative_paths_are_invalid(void **state) {
        expect_error("r", "/r/session-1", -EINVAL);
        expect_error("/r", "r/session-1", -EINVAL);
        expect_error("", "/session-1", -EINVAL);
        expect_error("/", "", -EINVAL);
        expect_error("/r", "session-1", -EINVAL);
}

static void null_arguments_are_invalid(void **state) {
        expect_error(NULL, "/r/session-1", -EINVAL);
        expect_error("/r", NULL, -EINVAL);
        expect_error(NULL, NULL, -EINVAL);
}

static void state_names_are_those_qwinsta_prints(void **state) {
        assert_string_equal(s0_session_state_name(S0_STATE_ACTIVE), "Active");
        assert_string_equal(s0_session_state_name(S0_STATE_DISCONNECTED), "Disc");
        assert_string_equal(s0_session_state_name(S0_STATE_DOWN), "Down");
}

static void unknown_states_have_a_name_too(void **state) {
        static const uint32_t unknown[] = { 1, 2, 3, 5, 7, 9, 0xffffffffu };
        for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
                assert_string_equal(s0_session_state_name(unknown[i]), "Unknown");
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(session_directory_and_its_children_give_the_id),
                cmocka_unit_test(session_zero_is_a_session),
                cmocka_unit_test(largest_id_below_none_is_accepted),
                cmocka_unit_test(root_slash_puts_sessions_at_the_top),
                cmocka_unit_test(trailing_slashes_on_the_root_are_ignored),
                cmocka_unit_test(root_itself_is_in_no_session),
                cmocka_unit_test(root_must_be_a_whole_path_component),
                cmocka_unit_test(paths_outside_the_root_are_in_no_session),
                cmocka_unit_test(only_session_directories_directly_below_the_root_count),
                cmocka_unit_test(session_id_must_be_canonical_decimal),
                cmocka_unit_test(session_none_and_bigger_ids_are_refused),
                cmocka_unit_test(relative_paths_are_invalid),
                cmocka_unit_test(null_arguments_are_invalid),
                cmocka_unit_test(state_names_are_those_qwinsta_prints),
                cmocka_unit_test(unknown_states_have_a_name_too),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
