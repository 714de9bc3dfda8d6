#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ATTACKS A2, the WM_TIMER shatter: another process of the same session and user posts
# WM_TIMER to a window with lParam = the address of a function in the target (here
# the target's own TIMERPROC, which leaves timer-<id> behind when it runs), and a junk
# address; then an "ack" message. On Windows of old, DispatchMessage called lParam.
# Here DispatchMessage calls only a TIMERPROC the receiving thread registered with
# SetTimer for that window and id: the posts are accepted (they are ordinary
# messages), the ack arrives after them, the target survives, and timer-6 / timer-7
# never appear. Precondition: the same function does run for the timer the target set
# itself (timer-5). Same in legacy mode, against a service in session 0.
. "$S0_TESTS_SRC/integration/lib.sh"

: "${S0_WINDOWSTESTS:=$(dirname "$S0_HELPERS")/windows}"
. "$S0_TESTS_SRC/windows/lib-windows.sh"
stage_windows

check_mode() { # SESSION SERVER-USER ATTACKER-USER
        local s=$1 su=$2 au=$3 addr
        rm -f "$T_TMP/shared/timer-"* "$T_TMP/shared/acked"
        wait_until "session $s's host" 60 tw_ready "$s" "$au"
        tw_server "$s" "$su" Timers
        wait_until "the target's own timer (precondition)" 60 test -e "$T_TMP/shared/timer-5"
        addr=$(awk '/^timer_proc/ { print $2 }' "$T_TMP/server.Timers.out")
        [ -n "$addr" ] || fail "the server did not say where its TIMERPROC is"
        expect_ok tw "$s" "$au" timerattack Timers "$addr"
        expect_contains "$T_OUT" "PostMessage_WM_TIMER 1 0" "posting WM_TIMER (an ordinary message)"
        expect_contains "$T_OUT" "PostMessage_ack 1 0" "posting the ack"
        wait_until "the ack, dispatched after the WM_TIMERs" 60 test -e "$T_TMP/shared/acked"
        [ ! -e "$T_TMP/shared/timer-6" ] || fail "DispatchMessage called a posted WM_TIMER's lParam"
        [ ! -e "$T_TMP/shared/timer-7" ] || fail "DispatchMessage called a junk lParam"
        SP=$(pgrep -f "test-windows server Timers" | head -n 1)
        [ -n "$SP" ] || fail "the target died"
        kill -KILL "$SP"
}

start_daemon
make_users_ab
expect_ok s0 logon "$UA"
log "default: a's own window, a's other process"
check_mode "$T_OUT" "$UA" "$UA"

log "legacy: a service in session 0, a on its console"
stop_daemon
start_daemon --isolation=legacy
expect_ok s0 logon "$UA"
expect_eq 0 "$T_OUT" "first logon in legacy mode"
check_mode 0 root "$UA"
expect_daemon_alive
