#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ATTACKS A2, the WM_TIMER shatter, across processes: another process posts WM_TIMER to
# a window with lParam = the address of a function in the target. On Windows of old,
# DispatchMessage called lParam. The target (test-windows server) has a live timer, id
# 5, whose TIMERPROC leaves timer-<id> behind, and another function, forged_target,
# that leaves forged-<id>. The attacker posts
#   id 6, lParam = the TIMERPROC (a registered one, but not for this id),
#   id 5, lParam = forged_target (the window and id of the live timer, another function),
#   id 7, lParam = junk,
# then an "ack" message. The target notes each posted WM_TIMER after DispatchMessage
# returned (dispatched-timer-<id>, holding the lParam it got), so the test knows each
# arrived with its address intact and was dispatched; DispatchMessage calls only the
# TIMERPROC the receiving thread registered with SetTimer for that window and id, so
# timer-6, timer-7 and forged-5 never appear, and the target survives the junk.
# Precondition: the TIMERPROC does run for the target's own timer (timer-5).
# Default mode: a's process against a's other process in a's session. Legacy: a, the
# console user of session 0, against a service (root) there -- A1's shatter reaches it,
# this one does not: the defence is in the target's own library (ATTACKS.md: "same").
. "$S0_TESTS_SRC/integration/lib.sh"

: "${S0_WINDOWSTESTS:=$(dirname "$S0_HELPERS")/windows}"
. "$S0_TESTS_SRC/windows/lib-windows.sh"
stage_windows

server_says() { # NAME: the address the server printed for NAME
        awk -v n="$1" '$1 == n { print $2 }' "$T_TMP/server.Timers.out"
}

check_mode() { # SESSION SERVER-USER ATTACKER-USER
        local s=$1 su=$2 au=$3 proc forged id
        rm -f "$T_TMP/shared/timer-"* "$T_TMP/shared/forged-"* "$T_TMP/shared/dispatched-timer-"* "$T_TMP/shared/acked"
        wait_until "session $s's host" 60 tw_ready "$s" "$au"
        tw_server "$s" "$su" Timers
        wait_until "the target's own timer (precondition)" 60 test -e "$T_TMP/shared/timer-5"
        proc=$(server_says timer_proc)
        forged=$(server_says forged_target)
        [ -n "$proc" ] && [ -n "$forged" ] || fail "the server did not say where its functions are"
        expect_ok tw "$s" "$au" timerattack Timers "$proc" "$forged"
        expect_contains "$T_OUT" "PostMessage_WM_TIMER 1 0" "posting WM_TIMER with the TIMERPROC (an ordinary message)"
        expect_contains "$T_OUT" "PostMessage_WM_TIMER_forged 1 0" "posting WM_TIMER for the live timer with another function"
        expect_contains "$T_OUT" "PostMessage_WM_TIMER_junk 1 0" "posting WM_TIMER with junk"
        expect_contains "$T_OUT" "PostMessage_ack 1 0" "posting the ack"
        wait_until "the ack, dispatched after the WM_TIMERs" 60 test -e "$T_TMP/shared/acked"
        for id in 6 5 7; do
                [ -e "$T_TMP/shared/dispatched-timer-$id" ] || fail "the posted WM_TIMER $id did not reach DispatchMessage"
        done
        expect_eq "$proc" "$(cat "$T_TMP/shared/dispatched-timer-6")" "the lParam the target got with WM_TIMER 6"
        expect_eq "$forged" "$(cat "$T_TMP/shared/dispatched-timer-5")" "the lParam the target got with WM_TIMER 5"
        expect_eq "0x4141414141" "$(cat "$T_TMP/shared/dispatched-timer-7")" "the lParam the target got with WM_TIMER 7"
        [ ! -e "$T_TMP/shared/timer-6" ] || fail "DispatchMessage called a posted WM_TIMER's lParam (a TIMERPROC of another id)"
        [ ! -e "$T_TMP/shared/forged-5" ] || fail "DispatchMessage called a posted WM_TIMER's lParam (the live timer's id)"
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
