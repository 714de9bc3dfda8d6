#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ATTACKS A1, the shatter attack: a service (root in session 0) has a window that acts
# on what a message names -- its WM_COPYDATA handler "runs the command" in the message
# (creates the file it names). User a's program, in a's session, tries everything:
# FindWindow, FindWindowEx(HWND_MESSAGE), EnumWindows, the service's real HWND value
# (as if guessed), SendMessage, PostMessage, WM_COPYDATA, SetWindowText, GetWindowText.
# Default mode: nothing is found (ERROR_FILE_NOT_FOUND from FindWindow, as Windows
# reports it), every use of the HWND is ERROR_INVALID_WINDOW_HANDLE (1400) -- session
# 1's host has no such window; session 0's host cannot be reached at all -- no file
# appears, and the refusals are in the audit journal (kind window).
# Legacy (XP): a is the console user of session 0, on the services' desktop: the same
# program finds the window and the command runs -- the attack the isolation removes.
. "$S0_TESTS_SRC/integration/lib.sh"

: "${S0_WINDOWSTESTS:=$(dirname "$S0_HELPERS")/windows}"
. "$S0_TESTS_SRC/windows/lib-windows.sh"
stage_windows

start_daemon
make_users_ab
service_window_stage 1
log "precondition: inside session 0 the window answers (HWND $HWND)"
expect_ok tw 0 root attack S0Service 0 precondition
expect_contains "$T_OUT" "FindWindow $HWND 0" "FindWindow in session 0"
expect_contains "$T_OUT" "WM_COPYDATA 77 0" "WM_COPYDATA in session 0"
[ -e "$T_TMP/shared/precondition" ] || fail "the service did not act on WM_COPYDATA in its own session"

log "default: from a's session"
expect_ok tw "$S_A" "$UA" attack S0Service "$HWND" shattered
expect_contains "$T_OUT" "FindWindow 0 2" "FindWindow"
expect_contains "$T_OUT" "FindWindowEx_message 0 2" "FindWindowEx(HWND_MESSAGE)"
expect_contains "$T_OUT" "EnumWindows 0 0" "EnumWindows"
expect_contains "$T_OUT" "SendMessage 0 1400" "SendMessage to the guessed HWND"
expect_contains "$T_OUT" "PostMessage 0 1400" "PostMessage to the guessed HWND"
expect_contains "$T_OUT" "WM_COPYDATA 0 1400" "WM_COPYDATA to the guessed HWND"
expect_contains "$T_OUT" "SetWindowText 0 1400" "SetWindowText"
expect_contains "$T_OUT" "GetWindowText 0 1400" "GetWindowText"
expect_contains "$T_OUT" "IsWindow 0 0" "IsWindow"
[ ! -e "$T_TMP/shared/shattered" ] || fail "the shatter ran in default mode"
expect_ok s0 --json events --kind window
expect_contains "$T_OUT" "SendMessage to 0x$(printf '%x' "$HWND")" "the refused SendMessage in the journal"
expect_contains "$T_OUT" "PostMessage to" "the refused PostMessage in the journal"
expect_contains "$T_OUT" "\"session\":1" "the refusal's session"

log "legacy: a on session 0's console"
stop_daemon
start_daemon --isolation=legacy
service_window_stage 0 # legacy: the first logon is the console of session 0
expect_ok tw 0 "$UA" attack S0Service 0 shattered
expect_contains "$T_OUT" "FindWindow $HWND 0" "FindWindow from the console user"
expect_contains "$T_OUT" "WM_COPYDATA 77 0" "WM_COPYDATA from the console user"
[ -e "$T_TMP/shared/shattered" ] || fail "legacy: the shatter did not run (the test could not fail)"
expect_eq "0" "$(stat -c %u "$T_TMP/shared/shattered")" "the command ran as the service (root)"
expect_daemon_alive
