#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# WTSRegisterSessionNotification and WM_WTSSESSION_CHANGE, with real users in real
# sessions (docs/WINDOWS.md "Session-change notifications"):
#  - a window of session 1 registered with NOTIFY_FOR_ALL_SESSIONS hears the logon,
#    lock, unlock and logoff of session 2 and the lock/unlock of its own, in order,
#    exactly once each; one registered with NOTIFY_FOR_THIS_SESSION only its own;
#    a window never registered, or registered and unregistered, nothing; a second
#    registration's flags are ignored and needs its own unregistration;
#  - the same in session 2 (user b): only session 2's with THIS_SESSION;
#  - session0d killed (-9) and restarted: the changes after it are told once, none twice;
#  - refusals: NULL or unknown HWND 1400, bad flags 87, unregistering a window with no
#    registration 87, a destroyed window 1400, another process's window 5.
. "$S0_TESTS_SRC/integration/lib.sh"

: "${S0_WINDOWSTESTS:=$(dirname "$S0_HELPERS")/windows}"
. "$S0_TESTS_SRC/windows/lib-windows.sh"
stage_windows

# "CODE/SESSION ..." of window NAME in watcher output OUT, in the order received
changes() { awk -v n="$2" '$1 == "change" && $2 == n { printf "%s%s/%s", sep, $3, $4; sep = " " }' "$1"; }
nchanges() { awk -v n="$2" '$1 == "change" && $2 == n { c++ } END { print c + 0 }' "$1"; }
has_changes() { [ "$(nchanges "$1" "$2")" -ge "$3" ]; }
watcher() { # SESSION USER TITLE: starts a watcher and waits until its windows are registered
        rm -f "$T_TMP/shared/ready.$3"
        bg_start tw_bg "$1" "$2" "$T_TMP/$3.out" wtswatch "$3" "$T_TMP/shared/ready.$3"
        wait_until "watcher $3 in session $1" 300 test -s "$T_TMP/shared/ready.$3"
}
watcher_done() { # SESSION USER TITLE: ends it and waits for its summary
        expect_ok tw "$1" "$2" wtsdone "$3"
        wait_until "watcher $3's summary" 300 grep -q "^summary unreg" "$T_TMP/$3.out"
}
summary() { awk -v n="$2" '$1 == "summary" && $2 == n { print $3 }' "$1"; }

start_daemon
make_users_ab

S1=$(s0 logon "$UA")
expect_eq 1 "$S1" "the first logon's session"
wait_until "session 1's host socket" 300 tw_ready 1 "$UA"

log "a watcher in session 1 (user a); the refusals"
watcher 1 "$UA" W1
W1=$T_TMP/W1.out
expect_contains "$(cat "$W1")" "wts_null 0 1400" "WTSRegisterSessionNotification(NULL)"
expect_contains "$(cat "$W1")" "wts_bogus 0 1400" "WTSRegisterSessionNotification on an HWND naming nothing"
expect_contains "$(cat "$W1")" "wts_badflags 0 87" "WTSRegisterSessionNotification with flags 2"
expect_contains "$(cat "$W1")" "wts_unreg_none 0 87" "WTSUnRegisterSessionNotification of a window never registered"
expect_contains "$(cat "$W1")" "wts_unreg_again 0 87" "a second WTSUnRegisterSessionNotification for one registration"
expect_contains "$(cat "$W1")" "wts_destroyed 0 1400" "WTSUnRegisterSessionNotification of a destroyed window"
expect_ok tw 1 "$UA" wtsforeign W1
expect_contains "$T_OUT" "wts_foreign 0 5" "WTSRegisterSessionNotification on another process's window"

log "user b logs on (session 2): session 1's ALL_SESSIONS windows hear 3/2 and 5/2"
S2=$(s0 logon "$UB")
expect_eq 2 "$S2" "the second logon's session"
wait_until "W1 hears session 2's logon" 300 has_changes "$W1" all 2
expect_eq "3/2 5/2" "$(changes "$W1" all)" "W1.all after session 2's logon"
wait_until "session 2's host socket" 300 tw_ready 2 "$UB"
watcher 2 "$UB" W2
W2=$T_TMP/W2.out

log "lock and unlock session 2, then session 1"
expect_ok s0 lock "$S2"
expect_ok as_user "$UB" "$S0CTL" --runtime-dir "$T_RUN" unlock "$S2"
expect_ok s0 lock "$S1"
expect_ok as_user "$UA" "$S0CTL" --runtime-dir "$T_RUN" unlock "$S1"
wait_until "W1 hears the four" 300 has_changes "$W1" all 6
wait_until "W2 hears the four" 300 has_changes "$W2" all 4
expect_eq "3/2 5/2 7/2 8/2 7/1 8/1" "$(changes "$W1" all)" "session 1, NOTIFY_FOR_ALL_SESSIONS"
expect_eq "3/2 5/2 7/2 8/2 7/1 8/1" "$(changes "$W1" twice)" "session 1, registered twice, unregistered once"
expect_eq "7/2 8/2 7/1 8/1" "$(changes "$W2" all)" "session 2, NOTIFY_FOR_ALL_SESSIONS (registered after its logon)"

log "session0d is killed and restarted; session 1 is locked and unlocked again, session 2 logs off"
restart_daemon -9
expect_ok s0 lock "$S1"
expect_ok as_user "$UA" "$S0CTL" --runtime-dir "$T_RUN" unlock "$S1"
wait_until "W2 hears session 1's second lock and unlock" 300 has_changes "$W2" all 6
expect_eq "7/2 8/2 7/1 8/1 7/1 8/1" "$(changes "$W2" all)" "session 2, ALL_SESSIONS, across the restart"
watcher_done 2 "$UB" W2
expect_eq "7/2 8/2" "$(changes "$W2" this)" "session 2, NOTIFY_FOR_THIS_SESSION"
expect_eq 0 "$(summary "$W2" none)" "session 2's unregistered window"
expect_ok s0 logoff "$S2"
wait_until "W1 hears session 2's logoff" 300 has_changes "$W1" all 9
watcher_done 1 "$UA" W1
expect_eq "3/2 5/2 7/2 8/2 7/1 8/1 7/1 8/1 6/2" "$(changes "$W1" all)" "session 1, ALL_SESSIONS, across the restart"
expect_eq "3/2 5/2 7/2 8/2 7/1 8/1 7/1 8/1 6/2" "$(changes "$W1" twice)" "session 1, registered twice"
expect_eq "7/1 8/1 7/1 8/1" "$(changes "$W1" this)" "session 1, NOTIFY_FOR_THIS_SESSION"
expect_eq 9 "$(summary "$W1" all)" "W1.all's count (no duplicate)"
expect_eq 0 "$(summary "$W1" none)" "a window never registered"
expect_eq 0 "$(summary "$W1" unreg)" "a window registered and unregistered"
expect_daemon_alive
log "session changes reach the windows that asked, once each, in order"
