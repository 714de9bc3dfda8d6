/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ANSI and Unicode windows without a session (src/win32/user-ansi.c): the text
 * conversions (whole characters only, U+FFFD for what does not convert) and the
 * message conversions between a caller's character set and a window procedure's,
 * with procedures that record what they got; GetWindowLongPtr's procedure handles and
 * CallWindowProc. Strings are u"..." so the test builds without -fshort-wchar.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "win32/user.h"

#define A_TEXT "Gr\xc3\xbc\xc3\x9f" "e \xe2\x82\xac\xf0\x9d\x84\x9e" /* 15 bytes */
#define W_TEXT ((const WCHAR *) u"Gr\u00fc\u00dfe \u20ac\U0001D11E")   /* 9 units */

static size_t wlen(const WCHAR *s) {
        size_t n = 0;
        while (s[n])
                n++;
        return n;
}

static void text_converts_both_ways_exactly(void **state) {
        char a[64];
        WCHAR w[64];
        assert_int_equal(user_ansi_to_utf8(W_TEXT, SIZE_MAX, NULL, 0), 15);
        assert_int_equal(user_ansi_to_utf8(W_TEXT, SIZE_MAX, a, sizeof a), 15);
        assert_string_equal(a, A_TEXT);
        assert_int_equal(user_ansi_to_utf16(A_TEXT, SIZE_MAX, NULL, 0), 9);
        assert_int_equal(user_ansi_to_utf16(A_TEXT, SIZE_MAX, w, 64), 9);
        assert_memory_equal(w, W_TEXT, 10 * sizeof(WCHAR));
        (void) state;
}

static void text_is_cut_to_whole_characters(void **state) {
        char a[64];
        WCHAR w[64];
        /* "Gr" + U+00FC (2 bytes) needs 5 with the NUL; in 4 only "Gr" */
        assert_int_equal(user_ansi_to_utf8(W_TEXT, SIZE_MAX, a, 5), 4);
        assert_string_equal(a, "Gr\xc3\xbc");
        assert_int_equal(user_ansi_to_utf8(W_TEXT, SIZE_MAX, a, 4), 2);
        assert_string_equal(a, "Gr");
        /* the surrogate pair of U+1D11E is never split */
        assert_int_equal(user_ansi_to_utf16(A_TEXT, SIZE_MAX, w, 9), 7);
        assert_int_equal(w[7], 0);
        assert_int_equal(user_ansi_to_utf8(W_TEXT, SIZE_MAX, a, 1), 0);
        assert_string_equal(a, "");
        /* a length stops early, a NUL too */
        assert_int_equal(user_ansi_to_utf8(W_TEXT, 3, a, sizeof a), 4);
        assert_int_equal(user_ansi_to_utf16(A_TEXT, 4, w, 64), 3);
        (void) state;
}

static void what_does_not_convert_becomes_u_fffd(void **state) {
        WCHAR w[16];
        char a[16];
        /* a stray continuation byte, an overlong '/', a truncated sequence, a surrogate */
        assert_int_equal(user_ansi_to_utf16("a\x80" "b\xc0\xaf" "c\xe2\x82", SIZE_MAX, w, 16), 8);
        const WCHAR want[] = { 'a', 0xFFFD, 'b', 0xFFFD, 0xFFFD, 'c', 0xFFFD, 0xFFFD, 0 };
        assert_memory_equal(w, want, sizeof want);
        assert_int_equal(user_ansi_to_utf16("\xed\xa0\x80", SIZE_MAX, w, 16), 3);
        assert_int_equal(w[0], 0xFFFD);
        /* an unpaired surrogate: the 3 bytes of U+FFFD */
        const WCHAR lone[] = { 'x', 0xD800, 'y', 0 };
        assert_int_equal(user_ansi_to_utf8(lone, SIZE_MAX, a, sizeof a), 5);
        assert_string_equal(a, "x\xef\xbf\xbdy");
        (void) state;
}

/* ---- messages ------------------------------------------------------------------------- */

static char got_a[64];
static WCHAR got_w[64];
static WPARAM got_size;
static int calls;

static LRESULT CALLBACK ansi_proc(HWND h, UINT m, WPARAM w, LPARAM l) {
        calls++;
        switch (m) {
        case WM_SETTEXT:
                strcpy(got_a, (const char *) l);
                return TRUE;
        case WM_GETTEXT:
                got_size = w;
                strncpy((char *) l, A_TEXT, w);
                ((char *) l)[w - 1] = 0;
                return (LRESULT) strlen((char *) l);
        case WM_GETTEXTLENGTH:
                return 15;
        case WM_CREATE:
                strcpy(got_a, ((const CREATESTRUCTA *) l)->lpszName);
                return 0;
        }
        (void) h;
        return 0;
}

static LRESULT CALLBACK unicode_proc(HWND h, UINT m, WPARAM w, LPARAM l) {
        calls++;
        switch (m) {
        case WM_SETTEXT:
                memcpy(got_w, (const WCHAR *) l, (wlen((const WCHAR *) l) + 1) * sizeof(WCHAR));
                return TRUE;
        case WM_GETTEXT: {
                size_t n = wlen(W_TEXT) < w ? wlen(W_TEXT) : w - 1;
                memcpy((WCHAR *) l, W_TEXT, n * sizeof(WCHAR));
                ((WCHAR *) l)[n] = 0;
                return (LRESULT) n;
        }
        case WM_GETTEXTLENGTH:
                return 9;
        }
        (void) h;
        return 0;
}

static void a_unicode_message_reaches_an_ansi_procedure_as_utf8(void **state) {
        WCHAR w[64];
        assert_int_equal(user_ansi_call_proc(ansi_proc, true, false, NULL, WM_SETTEXT, 0, (LPARAM) W_TEXT), TRUE);
        assert_string_equal(got_a, A_TEXT);
        /* the buffer: 3 bytes a unit; the answer in units */
        assert_int_equal(user_ansi_call_proc(ansi_proc, true, false, NULL, WM_GETTEXT, 64, (LPARAM) w), 9);
        assert_int_equal(got_size, 192);
        assert_memory_equal(w, W_TEXT, 10 * sizeof(WCHAR));
        assert_int_equal(user_ansi_call_proc(ansi_proc, true, false, NULL, WM_GETTEXT, 4, (LPARAM) w), 3);
        assert_int_equal(w[3], 0);
        /* the length in units, exact: the procedure is asked for the text too */
        calls = 0;
        assert_int_equal(user_ansi_call_proc(ansi_proc, true, false, NULL, WM_GETTEXTLENGTH, 0, 0), 9);
        assert_int_equal(calls, 2);
        /* a CREATESTRUCT only from CreateWindowEx, never from a message as it came */
        CREATESTRUCTW cs = { .lpszName = W_TEXT, .lpszClass = (LPCWSTR) (uintptr_t) 0xC001 };
        got_a[0] = 0;
        assert_int_equal(user_ansi_call_create(ansi_proc, true, NULL, WM_CREATE, &cs), 0);
        assert_string_equal(got_a, A_TEXT);
        (void) state;
}

static void an_ansi_message_reaches_a_unicode_procedure_as_utf16(void **state) {
        char a[64];
        assert_int_equal(user_ansi_call_proc(unicode_proc, false, true, NULL, WM_SETTEXT, 0, (LPARAM) A_TEXT), TRUE);
        assert_memory_equal(got_w, W_TEXT, 10 * sizeof(WCHAR));
        assert_int_equal(user_ansi_call_proc(unicode_proc, false, true, NULL, WM_GETTEXT, sizeof a, (LPARAM) a), 15);
        assert_string_equal(a, A_TEXT);
        assert_int_equal(user_ansi_call_proc(unicode_proc, false, true, NULL, WM_GETTEXT, 5, (LPARAM) a), 4);
        assert_string_equal(a, "Gr\xc3\xbc");
        assert_int_equal(user_ansi_call_proc(unicode_proc, false, true, NULL, WM_GETTEXTLENGTH, 0, 0), 15);
        /* the same character set: nothing converted */
        calls = 0;
        assert_int_equal(user_ansi_call_proc(unicode_proc, false, false, NULL, WM_GETTEXTLENGTH, 0, 0), 9);
        assert_int_equal(calls, 1);
        (void) state;
}

static void procedure_handles_convert_in_call_window_proc(void **state) {
        WNDPROC h = user_ansi_proc_handle(unicode_proc, false, true);
        assert_ptr_not_equal(h, unicode_proc);
        assert_ptr_equal(user_ansi_proc_handle(unicode_proc, false, true), h); /* one per procedure */
        assert_ptr_equal(user_ansi_proc_handle(unicode_proc, false, false), unicode_proc);
        bool ansi = true;
        assert_ptr_equal(user_ansi_proc_resolve(h, &ansi), unicode_proc);
        assert_false(ansi);
        assert_int_equal(CallWindowProcA(h, NULL, WM_SETTEXT, 0, (LPARAM) A_TEXT), TRUE);
        assert_memory_equal(got_w, W_TEXT, 10 * sizeof(WCHAR));
        /* a procedure itself is called as it is */
        assert_int_equal(CallWindowProcA(ansi_proc, NULL, WM_SETTEXT, 0, (LPARAM) "plain"), TRUE);
        assert_string_equal(got_a, "plain");
        (void) state;
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(text_converts_both_ways_exactly),
                cmocka_unit_test(text_is_cut_to_whole_characters),
                cmocka_unit_test(what_does_not_convert_becomes_u_fffd),
                cmocka_unit_test(a_unicode_message_reaches_an_ansi_procedure_as_utf8),
                cmocka_unit_test(an_ansi_message_reaches_a_unicode_procedure_as_utf16),
                cmocka_unit_test(procedure_handles_convert_in_call_window_proc),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
