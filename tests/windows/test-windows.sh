#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Windows and messages in real sessions, against the s0-sessionhost session0d starts:
#  - each session has its host: in cgroup session-N/host, root, no capabilities;
#  - one process (test-windows basics): post/get/peek with filters, 10,000 posted
#    messages and the next one ERROR_NOT_ENOUGH_QUOTA (1816), pointer messages posted
#    ERROR_MESSAGE_SYNC_ONLY (1159), timers, a posted WM_TIMER's lParam never called;
#  - two processes: SendMessage, nested SendMessage, WM_COPYDATA, WM_SETTEXT/WM_GETTEXT,
#    SendMessageTimeout on a hung receiver = 0 + ERROR_TIMEOUT (1460), 1,000 posts,
#    RegisterWindowMessage giving both processes the same value;
#  - the fast path: the client's messages go over a channel (its mapping is in
#    /proc/PID/maps), and the same checks pass through the host alone (S0_USER_SLOW=1);
#    10,000 posts over a channel to a thread that takes none, then ERROR_NOT_ENOUGH_QUOTA,
#    and the host's queue counts them too; SMTO_ABORTIFHUNG fails at once (1460) on a
#    receiver stuck for 5 s and answers on a live one; 300 sender threads to one window (past a
#    receiver's 256 channels) all get through;
#  - the receiver killed (-9) in the middle of a SendMessage: the sender returns 0 with
#    ERROR_INVALID_WINDOW_HANDLE (1400) instead of hanging, and its windows are gone;
#  - another session (user b's) does not see session 1's windows;
#  - a visible top-level window in session 0 is an audit event of kind ui0 (for
#    s0-ui0detect), one in a user session is not.
. "$S0_TESTS_SRC/integration/lib.sh"

: "${S0_WINDOWSTESTS:=$(dirname "$S0_HELPERS")/windows}"
. "$S0_TESTS_SRC/windows/lib-windows.sh"
stage_windows

start_daemon
make_users_ab
logon_ab

wait_until "session 1's host" 60 host_up 1
HP=$(host_pid 1)
expect_eq "0" "$(awk '/^Uid:/ { print $2 }' /proc/"$HP"/status)" "the host's uid"
expect_eq "0000000000000000" "$(awk '/^CapEff:/ { print $2 }' /proc/"$HP"/status)" "the host's capabilities"
wait_until "session 1's host socket" 60 tw_ready 1 "$UA"

log "one process"
expect_ok tw 1 "$UA" basics
expect_contains "$T_OUT" "queue_limit 10000 1816" "the 10,001st post"
expect_contains "$T_OUT" "posted_timer_callback_ran 0 0" "a posted WM_TIMER's lParam"
expect_contains "$T_OUT" "msgwait ok 0" "MsgWaitForMultipleObjects with an event and a message"
expect_contains "$T_OUT" "basics ok 0" "the in-process checks"
REG1=$(printf '%s\n' "$T_OUT" | awk '/^registered_message/ { print $2 }')

log "two processes"
tw_server 1 "$UA" Peer
expect_ok tw 1 "$UA" client Peer
expect_contains "$T_OUT" "hung_timeout 0 1460" "SendMessageTimeout on a hung receiver"
expect_contains "$T_OUT" "client ok 0" "the cross-process checks"
REG2=$(printf '%s\n' "$T_OUT" | awk '/^registered_message/ { print $2 }')
expect_eq "$REG1" "$REG2" "RegisterWindowMessage in two processes"
expect_contains "$(cat "$T_TMP/shared/cdtest")" "ran for 9" "the server's WM_COPYDATA effect"
expect_contains "$T_OUT" "fast_channel 1 0" "the client's channel to the server (the fast path)"
rm -f "$T_TMP/shared/cdtest"
log "the same through the host only (S0_USER_SLOW=1)"
expect_ok tw_slow 1 "$UA" client Peer
expect_contains "$T_OUT" "hung_timeout 0 1460" "SendMessageTimeout on a hung receiver, through the host"
expect_contains "$T_OUT" "client ok 0" "the cross-process checks, through the host"
expect_contains "$T_OUT" "fast_channel 0 0" "no channel with S0_USER_SLOW"
expect_contains "$(cat "$T_TMP/shared/cdtest")" "ran for 9" "the server's WM_COPYDATA effect, through the host"

log "300 sender threads to one window: 256 channels, the rest through the host"
expect_ok tw 1 "$UA" manysenders Peer 300
expect_contains "$T_OUT" "manysenders 300 300" "every send answered and every post accepted"
many_arrived() { [ "$(find "$T_TMP/shared" -maxdepth 1 -name 'posted-*' | wc -l)" = 300 ]; }
wait_until "the 300 posted messages at the server" 60 many_arrived
expect_eq "300" "$(find "$T_TMP/shared" -maxdepth 1 -name 'sent-*' | wc -l)" "the sent messages the server ran"

log "a full queue on the fast path: 10,000 posts, then ERROR_NOT_ENOUGH_QUOTA"
tw_server 1 "$UA" Flood
expect_ok tw 1 "$UA" notifyforever Flood
wait_until "the Flood server stuck in a sent message" 60 test -e "$T_TMP/shared/forever"
expect_ok tw 1 "$UA" flood Flood
expect_contains "$T_OUT" "flood 10000 1816" "posts to a thread that takes none"
expect_contains "$T_OUT" "fast_channel 1 0" "the flood went over a channel"
expect_contains "$T_OUT" "flood_again 0 1816" "the next post, still full"
expect_ok tw_slow 1 "$UA" flood Flood
expect_contains "$T_OUT" "flood 0 1816" "the host's queue counts the channel's messages (one quota per thread)"
log "SMTO_ABORTIFHUNG: a receiver that took no message for 5 s fails at once, a live one answers"
# the Flood server has been stuck in WM_FOREVER since its "forever" mark; the hung
# threshold is time itself, so this waits until the mark is 6 s old
stuck_long() { [ $(( $(date +%s) - $(stat -c %Y "$T_TMP/shared/forever") )) -ge 6 ]; }
wait_until "the Flood server stuck for 6 s" 60 stuck_long
# 10 minutes: if the call waited for its timeout instead, the test would time out
expect_ok tw 1 "$UA" abortifhung Flood 600000
expect_contains "$T_OUT" "abortifhung 0 1460 0" "SMTO_ABORTIFHUNG to a hung window"
expect_ok tw 1 "$UA" abortifhung Peer 600000
expect_contains "$T_OUT" "abortifhung 1 0 4" "SMTO_ABORTIFHUNG to a window that takes its messages"
FP=$(pgrep -u "$UA" -f "test-windows server Flood" | head -n 1)
[ -n "$FP" ] || fail "no Flood server process"
kill -KILL "$FP"
expect_daemon_alive

log "another session does not see them"
tw_ready 2 "$UB" || wait_until "session 2's host socket" 60 tw_ready 2 "$UB"
expect_ok tw 2 "$UB" attack Peer "$(cat "$T_TMP/shared/ready.Peer")" fromb
expect_contains "$T_OUT" "FindWindow 0 2" "FindWindow from session 2"
expect_contains "$T_OUT" "SendMessage 0 1400" "SendMessage to session 1's HWND from session 2"
expect_contains "$T_OUT" "EnumWindows 0 0" "EnumWindows in session 2"

log "receiver killed in the middle of SendMessage"
rm -f "$T_TMP/hang.out"
bg_start tw_bg 1 "$UA" "$T_TMP/hang.out" sendhang Peer
wait_until "the sender waits" 60 grep -q "^sending" "$T_TMP/hang.out"
SP=$(pgrep -u "$UA" -f "test-windows server Peer" | head -n 1)
[ -n "$SP" ] || fail "no server process"
kill -KILL "$SP"
wait_until "the sender returns" 60 grep -q "^sendhang" "$T_TMP/hang.out"
expect_contains "$(cat "$T_TMP/hang.out")" "sendhang 0 1400" "SendMessage to a killed receiver"
expect_ok tw 1 "$UA" attack Peer 0 none
expect_contains "$T_OUT" "FindWindow 0 2" "the killed process's window"
expect_contains "$T_OUT" "FindWindowEx_message 0 2" "the killed process's message-only window"
expect_daemon_alive

log "UI in session 0 is reported (kind ui0), UI in a user session is not"
expect_ok tw 1 "$UA" visible "User Window"
wait_until "session 0's host" 60 tw_ready 0 root
expect_ok tw 0 root visible "Setup Wizard"
expect_ok s0 --json events --kind ui0
expect_contains "$T_OUT" "test-windows (pid " "the ui0 event names the program"
expect_contains "$T_OUT" ", uid 0): window 'Setup Wizard'" "the ui0 event of a session-0 window, with the kernel's uid"
expect_contains "$T_OUT" '"session":0' "the ui0 event's session"
expect_not_contains "$T_OUT" "User Window" "a user session's window"
