/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The Win32 layer without a daemon: UTF-16 <-> UTF-8 with the name rules, the handle
 * table (values, reuse, limits, references), SIDs and their Linux principals, the SDDL
 * subset and the binary ACL functions, the header constants against Microsoft's
 * documented values, and the argument checks every call makes before it needs a
 * session (a process outside any session gets ERROR_NOT_SUPPORTED).
 *
 * Strings are u"..." (UTF-16 in C11) so the test builds without -fshort-wchar.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "win32/win32.h"

/* ---- constants: the values Microsoft documents ------------------------------------- */

static void constants_have_the_documented_windows_values(void **state) {
        assert_int_equal(WAIT_OBJECT_0, 0);
        assert_int_equal(WAIT_ABANDONED_0, 0x80);
        assert_int_equal(WAIT_IO_COMPLETION, 0xC0);
        assert_int_equal(WAIT_TIMEOUT, 258);
        assert_int_equal(WAIT_FAILED, 0xFFFFFFFFu);
        assert_int_equal(INFINITE, 0xFFFFFFFFu);
        assert_int_equal(MAXIMUM_WAIT_OBJECTS, 64);
        assert_int_equal(MAX_PATH, 260);
        assert_ptr_equal(INVALID_HANDLE_VALUE, (HANDLE) (intptr_t) -1);

        assert_int_equal(DELETE, 0x10000);
        assert_int_equal(READ_CONTROL, 0x20000);
        assert_int_equal(WRITE_DAC, 0x40000);
        assert_int_equal(WRITE_OWNER, 0x80000);
        assert_int_equal(SYNCHRONIZE, 0x100000);
        assert_int_equal(EVENT_MODIFY_STATE, 0x2);
        assert_int_equal(EVENT_ALL_ACCESS, 0x1F0003);
        assert_int_equal(MUTEX_MODIFY_STATE, 0x1);
        assert_int_equal(MUTEX_ALL_ACCESS, 0x1F0001);
        assert_int_equal(SEMAPHORE_MODIFY_STATE, 0x2);
        assert_int_equal(SEMAPHORE_ALL_ACCESS, 0x1F0003);
        assert_int_equal(TIMER_QUERY_STATE, 0x1);
        assert_int_equal(TIMER_MODIFY_STATE, 0x2);
        assert_int_equal(TIMER_ALL_ACCESS, 0x1F0003);
        assert_int_equal(FILE_MAP_COPY, 0x1);
        assert_int_equal(FILE_MAP_WRITE, 0x2);
        assert_int_equal(FILE_MAP_READ, 0x4);
        assert_int_equal(FILE_MAP_EXECUTE, 0x20);
        assert_int_equal(FILE_MAP_ALL_ACCESS, 0xF001F);
        assert_int_equal(GENERIC_READ, 0x80000000u);
        assert_int_equal(GENERIC_WRITE, 0x40000000u);
        assert_int_equal(GENERIC_EXECUTE, 0x20000000u);
        assert_int_equal(GENERIC_ALL, 0x10000000u);

        assert_int_equal(PAGE_READONLY, 0x02);
        assert_int_equal(PAGE_READWRITE, 0x04);
        assert_int_equal(PAGE_WRITECOPY, 0x08);
        assert_int_equal(PAGE_EXECUTE_READ, 0x20);
        assert_int_equal(PAGE_EXECUTE_READWRITE, 0x40);
        assert_int_equal(SEC_COMMIT, 0x08000000);
        assert_int_equal(SEC_RESERVE, 0x04000000);

        assert_int_equal(CREATE_EVENT_MANUAL_RESET, 1);
        assert_int_equal(CREATE_EVENT_INITIAL_SET, 2);
        assert_int_equal(CREATE_MUTEX_INITIAL_OWNER, 1);
        assert_int_equal(CREATE_WAITABLE_TIMER_MANUAL_RESET, 1);
        assert_int_equal(DUPLICATE_CLOSE_SOURCE, 1);
        assert_int_equal(DUPLICATE_SAME_ACCESS, 2);
        assert_int_equal(PRIVATE_NAMESPACE_FLAG_DESTROY, 1);

        assert_int_equal(WinWorldSid, 1);
        assert_int_equal(WinCreatorOwnerSid, 3);
        assert_int_equal(WinAuthenticatedUserSid, 17);
        assert_int_equal(WinLocalSystemSid, 22);
        assert_int_equal(WinBuiltinAdministratorsSid, 26);
}

static void error_codes_have_the_documented_values(void **state) {
        static const struct {
                uint32_t code, value;
        } codes[] = {
                { ERROR_SUCCESS, 0 },                 { ERROR_FILE_NOT_FOUND, 2 },
                { ERROR_PATH_NOT_FOUND, 3 },          { ERROR_TOO_MANY_OPEN_FILES, 4 },
                { ERROR_ACCESS_DENIED, 5 },           { ERROR_INVALID_HANDLE, 6 },
                { ERROR_NOT_ENOUGH_MEMORY, 8 },       { ERROR_GEN_FAILURE, 31 },
                { ERROR_NOT_SUPPORTED, 50 },          { ERROR_INVALID_PARAMETER, 87 },
                { ERROR_BROKEN_PIPE, 109 },           { ERROR_DISK_FULL, 112 },
                { ERROR_SEM_TIMEOUT, 121 },           { ERROR_INSUFFICIENT_BUFFER, 122 },
                { ERROR_INVALID_NAME, 123 },          { ERROR_BAD_PATHNAME, 161 },
                { ERROR_ALREADY_EXISTS, 183 },        { ERROR_FILENAME_EXCED_RANGE, 206 },
                { ERROR_PIPE_BUSY, 231 },             { ERROR_NO_DATA, 232 },
                { ERROR_PIPE_NOT_CONNECTED, 233 },    { ERROR_NOT_OWNER, 288 },
                { ERROR_TOO_MANY_POSTS, 298 },        { ERROR_PIPE_CONNECTED, 535 },
                { ERROR_FILE_INVALID, 1006 },         { ERROR_NO_TOKEN, 1008 },
                { ERROR_MAPPED_ALIGNMENT, 1132 },     { ERROR_MESSAGE_SYNC_ONLY, 1159 },
                { ERROR_UNKNOWN_REVISION, 1305 },     { ERROR_PRIVILEGE_NOT_HELD, 1314 },
                { ERROR_NONE_MAPPED, 1332 },          { ERROR_INVALID_ACL, 1336 },
                { ERROR_INVALID_SID, 1337 },          { ERROR_INVALID_SECURITY_DESCR, 1338 },
                { ERROR_ALLOTTED_SPACE_EXCEEDED, 1344 }, { ERROR_CANNOT_IMPERSONATE, 1368 },
                { ERROR_INVALID_WINDOW_HANDLE, 1400 }, { ERROR_INVALID_THREAD_ID, 1444 },
                { ERROR_NO_SYSTEM_RESOURCES, 1450 },  { ERROR_TIMEOUT, 1460 },
                { RPC_S_INVALID_BINDING, 1702 },      { ERROR_NOT_ENOUGH_QUOTA, 1816 },
                { ERROR_CTX_WINSTATION_NOT_FOUND, 7022 },
        };

        for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
                assert_int_equal(codes[i].code, codes[i].value);
}

static void structures_have_the_windows_layout(void **state) {
        LARGE_INTEGER li = { .QuadPart = -2 };

        assert_int_equal(sizeof(WCHAR), 2);
        assert_int_equal(sizeof(DWORD), 4);
        assert_int_equal(sizeof(LONG), 4);
        assert_int_equal(sizeof(LONGLONG), 8);
        assert_int_equal(sizeof(ULONG_PTR), sizeof(void *));
        assert_int_equal(sizeof(SIZE_T), sizeof(void *));
        assert_int_equal(sizeof(LARGE_INTEGER), 8);
        assert_int_equal(li.LowPart, 0xFFFFFFFEu);
        assert_int_equal(li.HighPart, -1);
        assert_int_equal(li.u.HighPart, -1);
        assert_int_equal(sizeof(FILETIME), 8);
        assert_int_equal(sizeof(SID), 12);
        assert_int_equal(sizeof(ACL), 8);
        assert_int_equal(sizeof(ACE_HEADER), 4);
        assert_int_equal(sizeof(ACCESS_ALLOWED_ACE), 12);
        assert_int_equal(sizeof(SECURITY_DESCRIPTOR_RELATIVE), 20);
        assert_int_equal(SECURITY_DESCRIPTOR_MIN_LENGTH, sizeof(void *) == 8 ? 40 : 20);
        assert_int_equal(offsetof(SECURITY_ATTRIBUTES, lpSecurityDescriptor), sizeof(void *));
        assert_int_equal(sizeof(LUID), 8);
        /* BSMINFO: UINT, then three pointer-aligned members, as Windows lays it out */
        assert_int_equal(offsetof(BSMINFO, hdesk), sizeof(void *));
        assert_int_equal(offsetof(BSMINFO, luid), 3 * sizeof(void *));
        assert_int_equal(sizeof(BSMINFO), 3 * sizeof(void *) + 8);
}

/* ---- strings ------------------------------------------------------------------------- */

static void utf16_converts_to_utf8_with_surrogate_pairs(void **state) {
        char *s = NULL;

        assert_int_equal(s0_win32_utf16_to_utf8(u"Global\\x", MAX_PATH, &s), ERROR_SUCCESS);
        assert_string_equal(s, "Global\\x");
        free(s);
        /* é (2 bytes), € (3), U+1F600 (a surrogate pair, 4) */
        assert_int_equal(s0_win32_utf16_to_utf8(u"\u00e9\u20ac\U0001F600", MAX_PATH, &s), ERROR_SUCCESS);
        assert_string_equal(s, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
        free(s);
        assert_int_equal(s0_win32_utf16_to_utf8(u"", MAX_PATH, &s), ERROR_SUCCESS);
        assert_string_equal(s, "");
        free(s);
}

static void unpaired_surrogate_is_invalid_name(void **state) {
        static const WCHAR high_alone[] = { 'a', 0xD83D, 'b', 0 };
        static const WCHAR high_at_end[] = { 'a', 0xD83D, 0 };
        static const WCHAR low_alone[] = { 0xDE00, 'a', 0 };
        static const WCHAR swapped[] = { 0xDE00, 0xD83D, 0 };
        char *s = (char *) 0x1;

        assert_int_equal(s0_win32_utf16_to_utf8(high_alone, MAX_PATH, &s), ERROR_INVALID_NAME);
        assert_int_equal(s0_win32_utf16_to_utf8(high_at_end, MAX_PATH, &s), ERROR_INVALID_NAME);
        assert_int_equal(s0_win32_utf16_to_utf8(low_alone, MAX_PATH, &s), ERROR_INVALID_NAME);
        assert_int_equal(s0_win32_utf16_to_utf8(swapped, MAX_PATH, &s), ERROR_INVALID_NAME);
        assert_ptr_equal(s, (char *) 0x1); /* not written on failure */
}

static WCHAR *make_name(size_t units, WCHAR fill) {
        WCHAR *w = calloc(units + 1, sizeof *w);

        assert_non_null(w);
        for (size_t i = 0; i < units; i++)
                w[i] = fill;
        return w;
}

static void name_of_max_path_units_is_filename_exced_range(void **state) {
        WCHAR *w259 = make_name(259, 'x'), *w260 = make_name(260, 'x');
        char *s = NULL;

        assert_int_equal(s0_win32_utf16_to_utf8(w259, MAX_PATH, &s), ERROR_SUCCESS);
        assert_int_equal(strlen(s), 259);
        free(s);
        assert_int_equal(s0_win32_utf16_to_utf8(w260, MAX_PATH, &s), ERROR_FILENAME_EXCED_RANGE);
        /* the length is checked first: a long name with a bad surrogate is still 206 */
        w260[3] = 0xD800;
        assert_int_equal(s0_win32_utf16_to_utf8(w260, MAX_PATH, &s), ERROR_FILENAME_EXCED_RANGE);
        /* no limit for strings that are not names (SDDL) */
        w260[3] = 'x';
        assert_int_equal(s0_win32_utf16_to_utf8(w260, 0, &s), ERROR_SUCCESS);
        free(s);
        free(w259);
        free(w260);
}

static void utf8_round_trips_and_invalid_utf8_is_refused(void **state) {
        static const char *const bad[] = {
                "\xc0\xaf",         /* overlong '/' */
                "\xed\xa0\x80",     /* a surrogate */
                "\xf4\x90\x80\x80", /* past U+10FFFF */
                "\xe2\x82",         /* truncated */
                "\x80",             /* stray continuation */
                "\xff",
        };
        const char *good = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
        WCHAR *w = NULL;
        char *back = NULL;
        size_t units = 0;

        assert_int_equal(s0_win32_utf8_to_utf16(good, &w, &units), ERROR_SUCCESS);
        assert_int_equal(units, 5);
        assert_int_equal(w[3], 0xD83D);
        assert_int_equal(w[4], 0xDE00);
        assert_int_equal(s0_win32_utf16_to_utf8(w, 0, &back), ERROR_SUCCESS);
        assert_string_equal(back, good);
        free(w);
        free(back);
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
                assert_int_equal(s0_win32_utf8_to_utf16(bad[i], &w, NULL), ERROR_INVALID_NAME);
}

/* ---- the handle table ---------------------------------------------------------------- */

static int closes;
static uint32_t last_flags;

static uint32_t counting_close(void *p, uint32_t flags) {
        closes++;
        last_flags = flags;
        return ERROR_SUCCESS;
}

static const struct s0_win32_handle_ops test_ops = { .name = "test", .close = counting_close };
static const struct s0_win32_handle_ops other_ops = { .name = "other", .close = counting_close };

static void handles_are_small_multiples_of_four_never_null_or_minus_one(void **state) {
        struct s0_win32_handle_table t;
        HANDLE h[100];

        s0_win32_handles_init(&t, 0);
        for (uintptr_t i = 0; i < 100; i++) {
                assert_int_equal(s0_win32_handle_insert(&t, &test_ops, (void *) (i + 1), &h[i]), ERROR_SUCCESS);
                assert_int_equal((uintptr_t) h[i], (i + 1) * 4); /* 4, 8, ... through a growth */
                assert_ptr_not_equal(h[i], NULL);
                assert_ptr_not_equal(h[i], INVALID_HANDLE_VALUE);
        }
        assert_int_equal(s0_win32_handle_count(&t), 100);
        closes = 0;
        s0_win32_handles_done(&t);
        assert_int_equal(closes, 100);
}

static void closed_handle_is_invalid_until_reused(void **state) {
        struct s0_win32_handle_table t;
        struct s0_win32_ref *ref;
        HANDLE a, b, c;

        s0_win32_handles_init(&t, 0);
        assert_int_equal(s0_win32_handle_insert(&t, &test_ops, (void *) 1, &a), ERROR_SUCCESS);
        assert_int_equal(s0_win32_handle_insert(&t, &test_ops, (void *) 2, &b), ERROR_SUCCESS);
        closes = 0;
        assert_int_equal(s0_win32_handle_close(&t, a, NULL, 7), ERROR_SUCCESS);
        assert_int_equal(closes, 1);
        assert_int_equal(last_flags, 7);
        assert_int_equal(s0_win32_handle_get(&t, a, NULL, &ref), ERROR_INVALID_HANDLE);
        assert_int_equal(s0_win32_handle_close(&t, a, NULL, 0), ERROR_INVALID_HANDLE);
        /* the freed value is the next one handed out */
        assert_int_equal(s0_win32_handle_insert(&t, &test_ops, (void *) 3, &c), ERROR_SUCCESS);
        assert_ptr_equal(c, a);
        assert_int_equal(s0_win32_handle_get(&t, c, NULL, &ref), ERROR_SUCCESS);
        assert_ptr_equal(ref->p, (void *) 3);
        assert_int_equal(s0_win32_ref_put(&t, ref), ERROR_SUCCESS);
        s0_win32_handles_done(&t);
}

static void bogus_and_foreign_handles_are_invalid(void **state) {
        struct s0_win32_handle_table t;
        struct s0_win32_ref *ref;
        HANDLE h;

        s0_win32_handles_init(&t, 0);
        assert_int_equal(s0_win32_handle_insert(&t, &test_ops, (void *) 1, &h), ERROR_SUCCESS);
        assert_int_equal(s0_win32_handle_get(&t, NULL, NULL, &ref), ERROR_INVALID_HANDLE);
        assert_int_equal(s0_win32_handle_get(&t, INVALID_HANDLE_VALUE, NULL, &ref), ERROR_INVALID_HANDLE);
        assert_int_equal(s0_win32_handle_get(&t, (HANDLE) 3, NULL, &ref), ERROR_INVALID_HANDLE);
        assert_int_equal(s0_win32_handle_get(&t, (HANDLE) 8, NULL, &ref), ERROR_INVALID_HANDLE);
        assert_int_equal(s0_win32_handle_get(&t, (HANDLE) (uintptr_t) 0x40000000, NULL, &ref),
                         ERROR_INVALID_HANDLE);
        /* another kind of handle is the wrong type */
        assert_int_equal(s0_win32_handle_get(&t, h, &other_ops, &ref), ERROR_INVALID_HANDLE);
        assert_int_equal(s0_win32_handle_close(&t, h, &other_ops, 0), ERROR_INVALID_HANDLE);
        /* the two low bits are tags, ignored as on Windows */
        assert_int_equal(s0_win32_handle_get(&t, (HANDLE) ((uintptr_t) h | 3), &test_ops, &ref), ERROR_SUCCESS);
        assert_int_equal(s0_win32_ref_put(&t, ref), ERROR_SUCCESS);
        s0_win32_handles_done(&t);
}

static void full_table_is_no_system_resources(void **state) {
        struct s0_win32_handle_table t;
        HANDLE h;

        s0_win32_handles_init(&t, 3);
        for (int i = 0; i < 3; i++)
                assert_int_equal(s0_win32_handle_insert(&t, &test_ops, (void *) 1, &h), ERROR_SUCCESS);
        assert_int_equal(s0_win32_handle_insert(&t, &test_ops, (void *) 1, &h), ERROR_NO_SYSTEM_RESOURCES);
        /* a close makes room again */
        assert_int_equal(s0_win32_handle_close(&t, (HANDLE) 8, NULL, 0), ERROR_SUCCESS);
        assert_int_equal(s0_win32_handle_insert(&t, &test_ops, (void *) 1, &h), ERROR_SUCCESS);
        assert_ptr_equal(h, (HANDLE) 8);
        s0_win32_handles_done(&t);
}

static void handle_closed_while_in_use_closes_object_after_last_user(void **state) {
        struct s0_win32_handle_table t;
        struct s0_win32_ref *ref;
        HANDLE h;

        s0_win32_handles_init(&t, 0);
        assert_int_equal(s0_win32_handle_insert(&t, &test_ops, (void *) 1, &h), ERROR_SUCCESS);
        assert_int_equal(s0_win32_handle_get(&t, h, &test_ops, &ref), ERROR_SUCCESS); /* a waiter */
        closes = 0;
        assert_int_equal(s0_win32_handle_close(&t, h, NULL, 0), ERROR_SUCCESS);
        assert_int_equal(closes, 0);                      /* still in use ... */
        assert_int_equal(s0_win32_handle_get(&t, h, NULL, &ref), ERROR_INVALID_HANDLE); /* ... but gone */
        assert_int_equal(s0_win32_ref_put(&t, ref), ERROR_SUCCESS);
        assert_int_equal(closes, 1);
        s0_win32_handles_done(&t);
}

/* ---- the last error ------------------------------------------------------------------- */

static void *other_thread(void *arg) {
        DWORD *seen = arg;

        *seen = GetLastError();
        SetLastError(ERROR_ACCESS_DENIED);
        return NULL;
}

static void last_error_is_per_thread(void **state) {
        DWORD seen = 12345;
        pthread_t t;

        SetLastError(ERROR_ALREADY_EXISTS);
        assert_int_equal(pthread_create(&t, NULL, other_thread, &seen), 0);
        assert_int_equal(pthread_join(t, NULL), 0);
        assert_int_equal(seen, 0); /* a new thread starts at 0 */
        assert_int_equal(GetLastError(), ERROR_ALREADY_EXISTS);
}

/* ---- SIDs ----------------------------------------------------------------------------- */

static const struct s0_win32_sid_env test_env = {
        .creator_uid = 1000,
        .have_admin_gid = true,
        .admin_gid = 27,
};

static void expect_principal(const char *str, const struct s0_win32_sid_env *env, uint8_t who, uint32_t id) {
        union s0_win32_sid_buf sid;
        const char *end;
        uint8_t w = 0;
        uint32_t i = 0;

        if (s0_win32_sid_parse(str, &end, &sid) != ERROR_SUCCESS || *end != '\0')
                fail_msg("'%s' does not parse", str);
        if (!s0_win32_sid_to_principal(&sid, env, &w, &i))
                fail_msg("'%s' maps to nobody", str);
        if (w != who || (who != S0_ACE_EVERYONE && i != id))
                fail_msg("'%s': got who %u id %u, want who %u id %u", str, w, i, who, id);
}

static void well_known_sids_map_to_linux_principals(void **state) {
        const struct s0_win32_sid_env no_admin = { .creator_uid = 1000 };

        expect_principal("S-1-1-0", &test_env, S0_ACE_EVERYONE, 0);
        expect_principal("WD", &test_env, S0_ACE_EVERYONE, 0);
        expect_principal("S-1-5-11", &test_env, S0_ACE_EVERYONE, 0);
        expect_principal("AU", &test_env, S0_ACE_EVERYONE, 0);
        expect_principal("S-1-5-18", &test_env, S0_ACE_USER, 0);
        expect_principal("SY", &test_env, S0_ACE_USER, 0);
        expect_principal("S-1-5-32-544", &test_env, S0_ACE_GROUP, 27);
        expect_principal("BA", &test_env, S0_ACE_GROUP, 27);
        expect_principal("BA", &no_admin, S0_ACE_USER, 0); /* no admin group: root only */
        expect_principal("S-1-3-0", &test_env, S0_ACE_USER, 1000);
        expect_principal("CO", &test_env, S0_ACE_USER, 1000);
        expect_principal("S-1-22-1-4242", &test_env, S0_ACE_USER, 4242);
        expect_principal("S-1-22-2-100", &test_env, S0_ACE_GROUP, 100);
        expect_principal("S-1-0x000000000005-18", &test_env, S0_ACE_USER, 0);
}

static void other_sids_map_to_nobody(void **state) {
        static const char *const nobody[] = {
                "S-1-5-21-1004336348-1177238915-682003330-512", "S-1-5-32-545", "S-1-22-3-1",
                "S-1-22-1-1-1", "S-1-0-0", "S-1-16-4096", "LW",
        };
        union s0_win32_sid_buf sid;
        uint8_t who;
        uint32_t id;

        for (size_t i = 0; i < sizeof nobody / sizeof nobody[0]; i++) {
                assert_int_equal(s0_win32_sid_parse(nobody[i], NULL, &sid), ERROR_SUCCESS);
                assert_false(s0_win32_sid_to_principal(&sid, &test_env, &who, &id));
        }
}

static void malformed_string_sids_are_invalid_sid(void **state) {
        static const char *const bad[] = {
                "", "S", "S-", "S-1", "S-1-", "S-1-5", "S-1-5-", "S-2-5-18", "s-1-5-18", "S-1-x-1",
                "S-1-5-4294967296", "S-1-4294967296-1", "S-1-0x-1", "S-1-0x1000000000000-1", "XX", "W",
                "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16", /* 16 sub-authorities */
        };
        PSID sid = NULL;

        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
                SetLastError(0);
                if (ConvertStringSidToSidA(bad[i], &sid))
                        fail_msg("'%s' parsed", bad[i]);
                assert_int_equal(GetLastError(), ERROR_INVALID_SID);
        }
        assert_false(ConvertStringSidToSidA("S-1-5-18 ", &sid)); /* trailing junk */
        assert_true(ConvertStringSidToSidA("S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15", &sid));
        assert_int_equal(GetLengthSid(sid), 8 + 4 * 15);
        LocalFree(sid);
}

static void string_sid_w_and_well_known_and_allocated_sids_agree(void **state) {
        SID_IDENTIFIER_AUTHORITY nt = SECURITY_NT_AUTHORITY;
        union s0_win32_sid_buf wk;
        DWORD size = 4;
        PSID a = NULL, b = NULL;

        assert_true(ConvertStringSidToSidW(u"S-1-5-32-544", &a));
        assert_true(AllocateAndInitializeSid(&nt, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS, 0, 0, 0,
                                             0, 0, 0, &b));
        assert_true(IsValidSid(a));
        assert_int_equal(GetLengthSid(a), 16);
        assert_true(EqualSid(a, b));
        /* too small: the size needed and ERROR_INSUFFICIENT_BUFFER */
        assert_false(CreateWellKnownSid(WinBuiltinAdministratorsSid, NULL, &wk, &size));
        assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
        assert_int_equal(size, 16);
        assert_true(CreateWellKnownSid(WinBuiltinAdministratorsSid, NULL, &wk, &size));
        assert_true(EqualSid(a, &wk));
        size = sizeof wk;
        assert_true(CreateWellKnownSid(WinWorldSid, NULL, &wk, &size));
        assert_false(EqualSid(a, &wk));
        assert_int_equal(GetLastError(), ERROR_SUCCESS);
        assert_null(LocalFree(a));
        assert_null(FreeSid(b));
        assert_false(ConvertStringSidToSidW(u"S-1-5-\xD800", &a));
        assert_int_equal(GetLastError(), ERROR_INVALID_SID);
}

static void policy_file_names_the_admin_group(void **state) {
        char dir[] = "/tmp/test-win32-XXXXXX", path[64];
        struct s0_win32_sid_env env;
        gid_t gid = 0;
        FILE *f;

        assert_true(s0_win32_policy_admin_gid("global_create=compat\nadmin_gid=27\n", &gid));
        assert_int_equal(gid, 27);
        assert_true(s0_win32_policy_admin_gid("admin_gid=0", &gid));
        assert_int_equal(gid, 0);
        assert_false(s0_win32_policy_admin_gid("global_create=strict\n", &gid));
        assert_false(s0_win32_policy_admin_gid("admin_gid=\n", &gid));
        assert_false(s0_win32_policy_admin_gid("admin_gid=x1\n", &gid));
        assert_false(s0_win32_policy_admin_gid("admin_gid=4294967295\n", &gid));
        assert_false(s0_win32_policy_admin_gid("xadmin_gid=5\n", &gid));
        assert_false(s0_win32_policy_admin_gid("", &gid));

        assert_non_null(mkdtemp(dir));
        s0_win32_sid_env_current(dir, &env); /* no policy file: root alone */
        assert_false(env.have_admin_gid);
        assert_int_equal(env.creator_uid, geteuid());
        snprintf(path, sizeof path, "%s/objects", dir);
        assert_int_equal(mkdir(path, 0700), 0);
        snprintf(path, sizeof path, "%s/objects/policy", dir);
        f = fopen(path, "we");
        assert_non_null(f);
        fputs("global_create=strict\ncreate_global_gid=5\nadmin_gid=42\n", f);
        assert_int_equal(fclose(f), 0);
        s0_win32_sid_env_current(dir, &env);
        assert_true(env.have_admin_gid);
        assert_int_equal(env.admin_gid, 42);
        assert_int_equal(unlink(path), 0);
        snprintf(path, sizeof path, "%s/objects", dir);
        assert_int_equal(rmdir(path), 0);
        assert_int_equal(rmdir(dir), 0);
}

/* ---- SDDL and security descriptors --------------------------------------------------- */

static const struct s0_obj_sd *native_of_sddl(const char *sddl, struct s0_win32_native_sd *buf, void **ret_sd) {
        const struct s0_obj_sd *sd = NULL;
        PSECURITY_DESCRIPTOR psd = NULL;
        ULONG size = 0;

        if (!ConvertStringSecurityDescriptorToSecurityDescriptorA(sddl, SDDL_REVISION_1, &psd, &size))
                fail_msg("'%s' does not parse: %u", sddl, (unsigned) GetLastError());
        assert_true(size >= sizeof(SECURITY_DESCRIPTOR_RELATIVE));
        assert_int_equal(s0_win32_sd_to_native(psd, &test_env, buf, &sd), ERROR_SUCCESS);
        *ret_sd = psd;
        return sd;
}

static void expect_ace(const struct s0_obj_sd *sd, size_t i, uint8_t kind, uint8_t who, uint32_t id, uint32_t mask) {
        assert_true(i < sd->n_aces);
        assert_int_equal(sd->aces[i].kind, kind);
        assert_int_equal(sd->aces[i].who, who);
        if (who != S0_ACE_EVERYONE)
                assert_int_equal(sd->aces[i].id, id);
        assert_int_equal(sd->aces[i].mask, mask);
}

static void sddl_everyone_all_access_becomes_one_allow_ace(void **state) {
        struct s0_win32_native_sd buf;
        const struct s0_obj_sd *sd;
        void *psd;

        sd = native_of_sddl("D:(A;;GA;;;WD)", &buf, &psd);
        assert_true(sd->has_dacl);
        assert_false(sd->null_dacl);
        assert_int_equal(sd->n_aces, 1);
        expect_ace(sd, 0, S0_ACE_ALLOW, S0_ACE_EVERYONE, 0, GENERIC_ALL);
        LocalFree(psd);
}

static void sddl_keeps_ace_order_and_maps_sids_and_rights(void **state) {
        struct s0_win32_native_sd buf;
        const struct s0_obj_sd *sd;
        void *psd;

        sd = native_of_sddl("O:BAG:SYD:PAI(D;;0x1f0003;;;S-1-22-1-1001)(A;;GRGW;;;BA)(A;OICIIO;GA;;;CO)"
                            "(A;;1048576;;;S-1-5-21-1-2-3-500)(A;;CCDC;;;CO)(A;;RCSDWDWO;;;SY)S:(ML;;NW;;;LW)",
                            &buf, &psd);
        assert_true(sd->has_dacl);
        /* the inherit-only ACE and the domain user's (held by nobody here) are left out */
        assert_int_equal(sd->n_aces, 4);
        expect_ace(sd, 0, S0_ACE_DENY, S0_ACE_USER, 1001, 0x1F0003);
        expect_ace(sd, 1, S0_ACE_ALLOW, S0_ACE_GROUP, 27, GENERIC_READ | GENERIC_WRITE);
        expect_ace(sd, 2, S0_ACE_ALLOW, S0_ACE_USER, 1000, 0x3); /* CC, DC */
        expect_ace(sd, 3, S0_ACE_ALLOW, S0_ACE_USER, 0, READ_CONTROL | DELETE | WRITE_DAC | WRITE_OWNER);
        assert_true(((SECURITY_DESCRIPTOR_RELATIVE *) psd)->Control & SE_DACL_PROTECTED);
        assert_true(((SECURITY_DESCRIPTOR_RELATIVE *) psd)->Control & SE_SELF_RELATIVE);
        assert_int_not_equal(((SECURITY_DESCRIPTOR_RELATIVE *) psd)->Owner, 0);
        LocalFree(psd);
}

static void sddl_dacl_forms_map_to_null_empty_and_default(void **state) {
        struct s0_win32_native_sd buf;
        const struct s0_obj_sd *sd;
        void *psd;

        sd = native_of_sddl("D:NO_ACCESS_CONTROL", &buf, &psd);
        assert_true(sd->has_dacl && sd->null_dacl);
        LocalFree(psd);
        sd = native_of_sddl("D:", &buf, &psd); /* empty DACL: nobody */
        assert_true(sd->has_dacl);
        assert_false(sd->null_dacl);
        assert_int_equal(sd->n_aces, 0);
        LocalFree(psd);
        sd = native_of_sddl("O:SY", &buf, &psd); /* no DACL: the default */
        assert_false(sd->has_dacl);
        LocalFree(psd);
}

static void sddl_outside_the_subset_is_invalid_parameter(void **state) {
        static const char *const bad[] = {
                "X:",
                "D",
                "D:(A;;GA;;;WD",
                "D:(A;;GA;;WD)",
                "D:(X;;GA;;;WD)",
                "D:(OA;;GA;;;WD)",
                "D:(A;;ZZ;;;WD)",
                "D:(A;;G;;;WD)",
                "D:(A;;0x;;;WD)",
                "D:(A;;0x100000000;;;WD)",
                "D:(A;XX;GA;;;WD)",
                "D:(A;;GA;bf967aba-0de6-11d0-a285-00aa003049e2;;WD)",
                "D:(A;;GA;;;ZZ)",
                "D:(A;;GA;;;S-1-5-)",
                "D:(A;;GA;;;WD)D:(A;;GA;;;WD)",
                "O:SYO:SY",
                "D:NO_ACCESS_CONTROL(A;;GA;;;WD)",
                "S:(A;;GA;;;WD)",
                "D:(ML;;NW;;;LW)",
                "D:(A;;GA;;;WD) ",
                "(A;;GA;;;WD)",
                "D:(A;;GA;;;WD(A;;GA;;;WD)",
                "D:(AU;;GA;;;WD)",
                "D:(A;;GA;;;WD)S:(AU;;GA;;;WD)",
                "D:(A;;GA;;y;WD)",
                "D:(A;;GA;;;WD;)",
                "D:(A;;0xg;;;WD)",
                "D:(A;;08;;;WD)", /* octal */
                "D:(A;;GA;;;S-1-22-1-)",
                "D:(A;;GA;;;S-1-22-1-12x)",
                "D:(A;;GA;;;S-1-22-1-4294967296)",
        };
        PSECURITY_DESCRIPTOR psd = NULL;

        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
                SetLastError(0);
                if (ConvertStringSecurityDescriptorToSecurityDescriptorA(bad[i], SDDL_REVISION_1, &psd, NULL))
                        fail_msg("'%s' parsed", bad[i]);
                if (GetLastError() != ERROR_INVALID_PARAMETER)
                        fail_msg("'%s': error %u", bad[i], (unsigned) GetLastError());
        }
        assert_false(ConvertStringSecurityDescriptorToSecurityDescriptorA("D:", 2, &psd, NULL));
        assert_int_equal(GetLastError(), ERROR_UNKNOWN_REVISION);
        assert_true(ConvertStringSecurityDescriptorToSecurityDescriptorW(u"D:(A;;GA;;;WD)", SDDL_REVISION_1, &psd,
                                                                         NULL));
        LocalFree(psd);
}

/* The mask of the one ACE of "D:(A;;<rights>;;;WD)". */
static uint32_t mask_of_rights(const char *rights) {
        char sddl[64];
        struct s0_win32_native_sd buf;
        const struct s0_obj_sd *sd;
        void *psd;
        uint32_t mask;

        snprintf(sddl, sizeof sddl, "D:(A;;%s;;;WD)", rights);
        sd = native_of_sddl(sddl, &buf, &psd);
        assert_int_equal(sd->n_aces, 1);
        mask = sd->aces[0].mask;
        LocalFree(psd);
        return mask;
}

/* Numbers as Windows' wcstoul(..., 0) reads them; codes concatenated in any order. */
static void sddl_rights_are_c_numbers_or_concatenated_codes(void **state) {
        assert_int_equal(mask_of_rights("0x1f0003"), 0x1F0003);
        assert_int_equal(mask_of_rights("0X100000"), SYNCHRONIZE);
        assert_int_equal(mask_of_rights("1048576"), SYNCHRONIZE);
        assert_int_equal(mask_of_rights("0777"), 0777);
        assert_int_equal(mask_of_rights("0"), 0);
        assert_int_equal(mask_of_rights("4294967295"), 0xFFFFFFFF);
        assert_int_equal(mask_of_rights(""), 0); /* as Wine: an ACE that grants nothing */
        assert_int_equal(mask_of_rights("GRGW"), GENERIC_READ | GENERIC_WRITE);
        assert_int_equal(mask_of_rights("SDRCWDWOGX"),
                         DELETE | READ_CONTROL | WRITE_DAC | WRITE_OWNER | GENERIC_EXECUTE);
        assert_int_equal(mask_of_rights("FA"), 0x001F01FF);
}

static void expect_refusal(const char *sddl, size_t pos) {
        struct s0_win32_sddl_error err = { 0 };
        void *psd = (void *) 0x1;

        if (s0_win32_sddl_parse(sddl, &psd, NULL, &err) != ERROR_INVALID_PARAMETER)
                fail_msg("'%s' parsed", sddl);
        assert_ptr_equal(psd, (void *) 0x1);
        assert_non_null(err.why);
        if (err.pos != pos)
                fail_msg("'%s': refused at %zu (%s), want %zu", sddl, err.pos, err.why, pos);
}

/* For a tool's message (s0ctl --sddl): the field or character at fault. */
static void sddl_refusal_names_reason_and_offset(void **state) {
        expect_refusal("X:", 0);
        expect_refusal("D:(A;;GA;;;WD)D:", 14);      /* twice */
        expect_refusal("D:(X;;GA;;;WD)", 3);         /* type */
        expect_refusal("D:(A;XX;GA;;;WD)", 5);       /* flags */
        expect_refusal("D:(A;;ZZ;;;WD)", 6);         /* rights */
        expect_refusal("D:(A;;GA;x;;WD)", 9);        /* object GUID */
        expect_refusal("D:(A;;GA;;y;WD)", 10);       /* inherited-object GUID */
        expect_refusal("D:(A;;GA;;;ZZ)", 11);        /* SID */
        expect_refusal("D:(A;;GA;;;WD;)", 13);       /* after the SID */
        expect_refusal("D:(A;;GA;;WD)(A;;GA;;;WD)", 12); /* five fields: not into the next ACE */
        expect_refusal("D:(A;;GA;;;WD", 13);
        expect_refusal("D:NO_ACCESS_CONTROL(A;;GA;;;WD)", 19);
        expect_refusal("D:(A;;GA;;;WD)x", 14);
        expect_refusal("S:(A;;GA;;;WD)", 3);
        expect_refusal("O:ZZ", 2);
}

static void built_acl_translates_like_the_sddl(void **state) {
        union {
                ACL acl;
                BYTE bytes[64];
        } acl;
        SECURITY_DESCRIPTOR sd;
        struct s0_win32_native_sd buf;
        const struct s0_obj_sd *nsd;
        PSID everyone = NULL, user = NULL;

        assert_true(ConvertStringSidToSidA("WD", &everyone));
        assert_true(ConvertStringSidToSidA("S-1-22-1-1001", &user));
        assert_true(InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION));
        assert_true(InitializeAcl(&acl.acl, sizeof acl, ACL_REVISION));
        assert_true(AddAccessDeniedAce(&acl.acl, ACL_REVISION, EVENT_MODIFY_STATE, user));
        assert_true(AddAccessAllowedAce(&acl.acl, ACL_REVISION, SYNCHRONIZE, everyone));
        /* 8 + (8 + 16) + (8 + 12) = 52 bytes used: one more Everyone ACE (20) does not fit */
        assert_false(AddAccessAllowedAce(&acl.acl, ACL_REVISION, SYNCHRONIZE, everyone));
        assert_int_equal(GetLastError(), ERROR_ALLOTTED_SPACE_EXCEEDED);
        assert_int_equal(acl.acl.AceCount, 2);
        assert_true(SetSecurityDescriptorDacl(&sd, TRUE, &acl.acl, FALSE));

        assert_int_equal(s0_win32_sd_to_native(&sd, &test_env, &buf, &nsd), ERROR_SUCCESS);
        assert_true(nsd->has_dacl);
        assert_int_equal(nsd->n_aces, 2);
        expect_ace(nsd, 0, S0_ACE_DENY, S0_ACE_USER, 1001, EVENT_MODIFY_STATE);
        expect_ace(nsd, 1, S0_ACE_ALLOW, S0_ACE_EVERYONE, 0, SYNCHRONIZE);

        /* a NULL DACL, and no DACL */
        assert_true(SetSecurityDescriptorDacl(&sd, TRUE, NULL, FALSE));
        assert_int_equal(s0_win32_sd_to_native(&sd, &test_env, &buf, &nsd), ERROR_SUCCESS);
        assert_true(nsd->has_dacl && nsd->null_dacl);
        assert_true(SetSecurityDescriptorDacl(&sd, FALSE, NULL, FALSE));
        assert_int_equal(s0_win32_sd_to_native(&sd, &test_env, &buf, &nsd), ERROR_SUCCESS);
        assert_false(nsd->has_dacl);
        assert_int_equal(s0_win32_sd_to_native(NULL, &test_env, &buf, &nsd), ERROR_SUCCESS);
        assert_null(nsd);

        /* a corrupt ACL and a bad revision are refused */
        assert_true(SetSecurityDescriptorDacl(&sd, TRUE, &acl.acl, FALSE));
        acl.acl.AceCount = 5;
        assert_int_equal(s0_win32_sd_to_native(&sd, &test_env, &buf, &nsd), ERROR_INVALID_ACL);
        sd.Revision = 2;
        assert_int_equal(s0_win32_sd_to_native(&sd, &test_env, &buf, &nsd), ERROR_INVALID_SECURITY_DESCR);
        assert_false(InitializeSecurityDescriptor(&sd, 2));
        assert_int_equal(GetLastError(), ERROR_UNKNOWN_REVISION);
        assert_false(InitializeAcl(&acl.acl, 4, ACL_REVISION));
        assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
        LocalFree(everyone);
        LocalFree(user);
}

static void more_aces_than_the_native_limit_is_not_supported(void **state) {
        char sddl[2048] = "D:";
        struct s0_win32_native_sd buf;
        const struct s0_obj_sd *sd;
        PSECURITY_DESCRIPTOR psd;

        for (unsigned i = 0; i <= S0_OBJ_ACES_MAX; i++) {
                char ace[40];
                snprintf(ace, sizeof ace, "(A;;GR;;;S-1-22-1-%u)", 1000 + i);
                strcat(sddl, ace);
        }
        assert_true(ConvertStringSecurityDescriptorToSecurityDescriptorA(sddl, SDDL_REVISION_1, &psd, NULL));
        assert_int_equal(s0_win32_sd_to_native(psd, &test_env, &buf, &sd), ERROR_NOT_SUPPORTED);
        LocalFree(psd);
}

/* ---- argument checks that come before any session is needed ------------------------- */

static void open_with_null_name_is_invalid_parameter(void **state) {
        SetLastError(0);
        assert_null(OpenEventW(SYNCHRONIZE, FALSE, NULL));
        assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
        assert_null(OpenMutexA(SYNCHRONIZE, FALSE, NULL));
        assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
        assert_null(OpenFileMappingW(FILE_MAP_READ, FALSE, NULL));
        assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
}

static void bad_w_names_fail_before_the_object_manager(void **state) {
        WCHAR *long_name = make_name(260, 'n');
        static const WCHAR lone[] = { 'L', 'o', 'c', 'a', 'l', '\\', 0xDC00, 0 };

        assert_null(CreateEventW(NULL, TRUE, FALSE, long_name));
        assert_int_equal(GetLastError(), ERROR_FILENAME_EXCED_RANGE);
        assert_null(OpenSemaphoreW(SYNCHRONIZE, FALSE, long_name));
        assert_int_equal(GetLastError(), ERROR_FILENAME_EXCED_RANGE);
        assert_null(CreateMutexW(NULL, FALSE, lone));
        assert_int_equal(GetLastError(), ERROR_INVALID_NAME);
        free(long_name);
}

static void create_outside_any_session_is_not_supported(void **state) {
        /* main() pointed S0_RUNTIME_DIR at an empty directory: no session0d */
        SetLastError(0);
        assert_null(CreateEventW(NULL, TRUE, FALSE, NULL));
        assert_int_equal(GetLastError(), ERROR_NOT_SUPPORTED);
        assert_null(OpenEventW(SYNCHRONIZE, FALSE, u"x"));
        assert_int_equal(GetLastError(), ERROR_NOT_SUPPORTED);
}

static void bad_handles_and_counts_fail_as_on_windows(void **state) {
        HANDLE hs[MAXIMUM_WAIT_OBJECTS + 1] = { 0 };
        HANDLE dup = NULL;
        LARGE_INTEGER due = { .QuadPart = -1 };

        assert_int_equal(WaitForMultipleObjects(0, hs, FALSE, 0), WAIT_FAILED);
        assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
        assert_int_equal(WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, hs, FALSE, 0), WAIT_FAILED);
        assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
        assert_int_equal(WaitForSingleObject((HANDLE) 0x400, 0), WAIT_FAILED);
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
        assert_int_equal(WaitForSingleObject(GetCurrentProcess(), 0), WAIT_FAILED);
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);

        assert_false(CloseHandle((HANDLE) 0x400));
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
        assert_false(CloseHandle(NULL));
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
        assert_true(CloseHandle(GetCurrentProcess()));
        assert_false(SetEvent((HANDLE) 4));
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
        assert_false(SetWaitableTimer((HANDLE) 4, &due, 0, NULL, NULL, FALSE));
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
        assert_null(MapViewOfFile((HANDLE) 4, FILE_MAP_READ, 0, 0, 0));
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);

        assert_false(DuplicateHandle(GetCurrentProcess(), (HANDLE) 4, (HANDLE) 8, &dup, 0, FALSE,
                                     DUPLICATE_SAME_ACCESS));
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
        assert_false(DuplicateHandle(GetCurrentProcess(), (HANDLE) 4, GetCurrentProcess(), &dup, 0, FALSE, 0x80));
        assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);

        /* file-backed sections need file handles, which do not exist yet */
        assert_null(CreateFileMappingW((HANDLE) 4, NULL, PAGE_READWRITE, 0, 4096, NULL));
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
        /* unknown flags */
        assert_null(CreateEventExW(NULL, NULL, 4, EVENT_ALL_ACCESS));
        assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
        assert_null(CreateSemaphoreExW(NULL, 0, 1, NULL, 1, SEMAPHORE_ALL_ACCESS));
        assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
}

static void boundary_descriptor_takes_mapped_sids_only(void **state) {
        HANDLE b = CreateBoundaryDescriptorW(u"MyBoundary", 0);
        PSID everyone = NULL, domain = NULL;

        assert_non_null(b);
        assert_true(ConvertStringSidToSidA("WD", &everyone));
        assert_true(ConvertStringSidToSidA("S-1-5-21-1-2-3-500", &domain));
        assert_true(AddSIDToBoundaryDescriptor(&b, everyone));
        assert_false(AddSIDToBoundaryDescriptor(&b, domain));
        assert_int_equal(GetLastError(), ERROR_NONE_MAPPED);
        assert_null(CreateBoundaryDescriptorW(u"x", 1));
        assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
        assert_null(OpenPrivateNamespaceW(NULL, u"alias"));
        assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
        assert_false(ClosePrivateNamespace((HANDLE) 4, 0));
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
        DeleteBoundaryDescriptor(b);
        LocalFree(everyone);
        LocalFree(domain);
}

int main(void) {
        static char runtime[] = "/tmp/test-win32-rt-XXXXXX";
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(constants_have_the_documented_windows_values),
                cmocka_unit_test(error_codes_have_the_documented_values),
                cmocka_unit_test(structures_have_the_windows_layout),
                cmocka_unit_test(utf16_converts_to_utf8_with_surrogate_pairs),
                cmocka_unit_test(unpaired_surrogate_is_invalid_name),
                cmocka_unit_test(name_of_max_path_units_is_filename_exced_range),
                cmocka_unit_test(utf8_round_trips_and_invalid_utf8_is_refused),
                cmocka_unit_test(handles_are_small_multiples_of_four_never_null_or_minus_one),
                cmocka_unit_test(closed_handle_is_invalid_until_reused),
                cmocka_unit_test(bogus_and_foreign_handles_are_invalid),
                cmocka_unit_test(full_table_is_no_system_resources),
                cmocka_unit_test(handle_closed_while_in_use_closes_object_after_last_user),
                cmocka_unit_test(last_error_is_per_thread),
                cmocka_unit_test(well_known_sids_map_to_linux_principals),
                cmocka_unit_test(other_sids_map_to_nobody),
                cmocka_unit_test(malformed_string_sids_are_invalid_sid),
                cmocka_unit_test(string_sid_w_and_well_known_and_allocated_sids_agree),
                cmocka_unit_test(policy_file_names_the_admin_group),
                cmocka_unit_test(sddl_everyone_all_access_becomes_one_allow_ace),
                cmocka_unit_test(sddl_keeps_ace_order_and_maps_sids_and_rights),
                cmocka_unit_test(sddl_dacl_forms_map_to_null_empty_and_default),
                cmocka_unit_test(sddl_outside_the_subset_is_invalid_parameter),
                cmocka_unit_test(sddl_rights_are_c_numbers_or_concatenated_codes),
                cmocka_unit_test(sddl_refusal_names_reason_and_offset),
                cmocka_unit_test(built_acl_translates_like_the_sddl),
                cmocka_unit_test(more_aces_than_the_native_limit_is_not_supported),
                cmocka_unit_test(open_with_null_name_is_invalid_parameter),
                cmocka_unit_test(bad_w_names_fail_before_the_object_manager),
                cmocka_unit_test(create_outside_any_session_is_not_supported),
                cmocka_unit_test(bad_handles_and_counts_fail_as_on_windows),
                cmocka_unit_test(boundary_descriptor_takes_mapped_sids_only),
        };
        int r;

        /* No session0d serves an empty runtime directory: the calls that need the object
         * manager must fail cleanly, whatever this machine runs. */
        if (!mkdtemp(runtime) || setenv("S0_RUNTIME_DIR", runtime, 1) < 0) {
                perror("test-win32-types: runtime directory");
                return 1;
        }
        r = cmocka_run_group_tests(tests, NULL, NULL);
        (void) rmdir(runtime);
        return r;
}
