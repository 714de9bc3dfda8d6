#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ATTACKS A3, a service window's data by message: a service (root in session 0) has a
# window titled S0Service whose WM_COPYDATA handler acts on what it carries (creates
# the file it names). User a's program, with the service's real HWND (as if guessed),
# sends it WM_COPYDATA, WM_GETTEXT and WM_SETTEXT and reads its text with
# GetWindowText and InternalGetWindowText. (A1 covers finding the window and the
# shatter by posted and sent messages; this is the data path, each call on its own.)
# Default mode: every call is 0 with ERROR_INVALID_WINDOW_HANDLE (1400) -- session 1's
# host has no such window -- nothing is read, no file appears, the title is unchanged
# as the service's own session sees it, and the refusals are audited (kind window).
# Legacy (XP): a is the console user of session 0: the copy data is acted on, the title
# is read and then replaced.
. "$S0_TESTS_SRC/integration/lib.sh"

: "${S0_WINDOWSTESTS:=$(dirname "$S0_HELPERS")/windows}"
. "$S0_TESTS_SRC/windows/lib-windows.sh"
stage_windows

start_daemon
make_users_ab
service_window_stage 1
expect_ok tw 0 root title "$HWND"
expect_eq "title 9 0 'S0Service'" "$T_OUT" "precondition: the title as session 0 reads it"

log "default: from a's session, with the service's HWND"
expect_ok tw "$S_A" "$UA" textattack S0Service "$HWND" copied
expect_contains "$T_OUT" "WM_COPYDATA 0 1400" "WM_COPYDATA"
expect_contains "$T_OUT" "WM_GETTEXT 0 1400 ''" "WM_GETTEXT"
expect_contains "$T_OUT" "WM_SETTEXT 0 1400" "WM_SETTEXT"
expect_contains "$T_OUT" "GetWindowText 0 1400 ''" "GetWindowText"
expect_contains "$T_OUT" "InternalGetWindowText 0 1400 ''" "InternalGetWindowText"
[ ! -e "$T_TMP/shared/copied" ] || fail "the service acted on WM_COPYDATA from session 1"
expect_ok tw 0 root title "$HWND"
expect_eq "title 9 0 'S0Service'" "$T_OUT" "the service's title after the attempt"
expect_ok s0 --json events --kind window
HEX=$(printf '%x' "$HWND")
LINE=$(printf '%s\n' "$T_OUT" | grep -F "SendMessage to 0x$HEX\"" | grep -F '"session":1' | head -n 1 || true)
expect_contains "$LINE" '"result":1400' "the refused SendMessage in the journal"
LINE=$(printf '%s\n' "$T_OUT" | grep -F "): window 0x$HEX\"" | grep -F '"session":1' | head -n 1 || true)
expect_contains "$LINE" '"result":1400' "the refused text read in the journal"

log "legacy: a on session 0's console"
stop_daemon
start_daemon --isolation=legacy
service_window_stage 0 # legacy: the first logon is the console of session 0
expect_ok tw 0 "$UA" textattack S0Service 0 copied
expect_contains "$T_OUT" "WM_COPYDATA 77 0" "WM_COPYDATA from the console user"
expect_contains "$T_OUT" "WM_GETTEXT 9 0 'S0Service'" "WM_GETTEXT from the console user"
expect_contains "$T_OUT" "WM_SETTEXT 1 0" "WM_SETTEXT from the console user"
expect_contains "$T_OUT" "GetWindowText 5 0 'pwned'" "GetWindowText after the WM_SETTEXT"
expect_contains "$T_OUT" "InternalGetWindowText 5 0 'pwned'" "InternalGetWindowText after the WM_SETTEXT"
[ -e "$T_TMP/shared/copied" ] || fail "legacy: the service did not act on WM_COPYDATA (the test could not fail)"
expect_eq "0" "$(stat -c %u "$T_TMP/shared/copied")" "WM_COPYDATA acted on as the service (root)"
expect_ok tw 0 root title "$HWND"
expect_eq "title 5 0 'pwned'" "$T_OUT" "legacy: the service's title as its session reads it"
expect_daemon_alive
