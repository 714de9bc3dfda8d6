#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ATTACKS A5, UIPI: in user a's own session, a Low-integrity process (`s0ctl run
# --integrity low`: born in cgroup session-N/user-low, which it cannot leave upwards)
# drives a Medium window. The window admitted one message (WM_USER+2) with
# ChangeWindowMessageFilterEx: that one passes and is answered (2). Everything else is
# refused with ERROR_ACCESS_DENIED (5): PostMessage of a custom message, WM_COPYDATA
# (the window's "command" does not run), SetWindowText (WM_SETTEXT); reading the
# title and FindWindow still work, as on Windows. The refusals are in the journal
# (kind window, "UIPI"). Precondition: a Medium process of the same user does all of
# it. Also: High is root's to give (EPERM for a), and a Low process's child is Low.
# Same in legacy mode (UIPI between the user's own processes is not an XP matter).
. "$S0_TESTS_SRC/integration/lib.sh"

: "${S0_WINDOWSTESTS:=$(dirname "$S0_HELPERS")/windows}"
. "$S0_TESTS_SRC/windows/lib-windows.sh"
stage_windows

tw_low() { # SESSION USER ARGS...
        local s=$1 u=$2
        shift 2
        s0 run --session "$s" --user "$u" --integrity low -- env S0_RUNTIME_DIR="$T_RUN" "$TW" "$@"
}

check_mode() { # SESSION
        local s=$1
        wait_until "session $s's host" 60 tw_ready "$s" "$UA"
        tw_server "$s" "$UA" Medium
        HWND=$(cat "$T_TMP/shared/ready.Medium")
        rm -f "$T_TMP/shared/lowcmd" "$T_TMP/shared/medcmd"
        expect_ok tw_low "$s" "$UA" attack Medium 0 lowcmd
        expect_contains "$T_OUT" "FindWindow $HWND 0" "FindWindow from Low"
        expect_contains "$T_OUT" "SendMessage 2 0" "the admitted message from Low"
        expect_contains "$T_OUT" "PostMessage 0 5" "PostMessage from Low"
        expect_contains "$T_OUT" "WM_COPYDATA 0 5" "WM_COPYDATA from Low"
        expect_contains "$T_OUT" "SetWindowText 0 5" "SetWindowText from Low"
        expect_contains "$T_OUT" "GetWindowText 6 0" "reading the title from Low"
        [ ! -e "$T_TMP/shared/lowcmd" ] || fail "the Medium window acted on a Low process's WM_COPYDATA"
        expect_ok s0 --json events --kind window
        expect_contains "$T_OUT" "UIPI: PostMessage to 0x$(printf '%x' "$HWND")" "the UIPI refusal in the journal"
        log "precondition: the same from Medium"
        expect_ok tw "$s" "$UA" attack Medium 0 medcmd
        expect_contains "$T_OUT" "PostMessage 1 0" "PostMessage from Medium"
        expect_contains "$T_OUT" "WM_COPYDATA 77 0" "WM_COPYDATA from Medium"
        [ -e "$T_TMP/shared/medcmd" ] || fail "precondition: WM_COPYDATA from Medium did not act"
        log "the level is the cgroup leaf, inherited and not raised by a user"
        expect_ok s0 run --session "$s" --user "$UA" --integrity low -- sh -c 'cat /proc/self/cgroup; sh -c "cat /proc/self/cgroup"'
        [ "$(printf '%s\n' "$T_OUT" | grep -c '/user-low$')" = 2 ] || fail "Low and its child not in user-low: $T_OUT"
        expect_fail_msg "only root can start a High" as_user "$UA" "$S0CTL" --runtime-dir "$T_RUN" run --session "$s" --integrity high -- true
        SP=$(pgrep -u "$UA" -f "test-windows server Medium" | head -n 1)
        [ -z "$SP" ] || kill -KILL "$SP"
}

start_daemon
make_users_ab
expect_ok s0 logon "$UA"
expect_eq 1 "$T_OUT" "a's session"
check_mode 1

log "legacy: b on session 0's console, a in session 1"
stop_daemon
start_daemon --isolation=legacy
expect_ok s0 logon "$UB"
expect_eq 0 "$T_OUT" "first logon in legacy mode"
expect_ok s0 logon "$UA"
expect_eq 1 "$T_OUT" "a's session in legacy mode"
check_mode 1
expect_daemon_alive
