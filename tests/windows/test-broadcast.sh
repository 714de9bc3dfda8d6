#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# HWND_BROADCAST and BroadcastSystemMessage in real sessions (docs/WINDOWS.md
# "Broadcasts"):
#  - PostMessage, SendMessage, SendNotifyMessage to HWND_BROADCAST and
#    BroadcastSystemMessage (BSF_POSTMESSAGE, send, BSF_QUERY) reach the top-level
#    windows of the caller's session, the caller's own included; never a message-only
#    or a child window; BSF_IGNORECURRENTTASK leaves the caller's own out;
#  - UIPI: a Low-integrity broadcaster reaches Low windows, and silently not the
#    Medium ones (the broadcast itself succeeds);
#  - a broadcast in session 1 reaches nothing in session 2 (user b's);
#  - legacy session 0, where the services' logon session and the console user's share a
#    host: BSF_LUID reaches the windows of the one named, and a denial by the console's
#    window reports the console's logon session;
#  - BSF_QUERY|BSF_POSTMESSAGE is a query, BSF_POSTMESSAGE|BSF_SENDNOTIFYMESSAGE a post
#    (Windows accepts both so);
#  - BroadcastSystemMessageEx: BSF_LUID with the session's logon session reaches all
#    (sent and posted), with LocalSystem's none; a denied BSF_QUERY fills BSMINFO with
#    the denier's HWND and logon session, and with BSF_RETURNHDESK a desktop handle
#    (named Default, closable); without BSF_QUERY or BSF_LUID BSMINFO is not looked at;
#  - refusals: an unknown flag 0/87; BSF_RETURNHDESK or BSF_LUID without a BSMINFO (and
#    so from BroadcastSystemMessage) 0/87; a wrong cbSize with BSF_QUERY or BSF_LUID
#    0/87, the message undelivered; BSM_ALLDESKTOPS without SE_TCB_NAME (not root)
#    -1/1314, a posted WM_SETTEXT broadcast FALSE/1159; a BSF_QUERY one recipient
#    denies returns 0.
. "$S0_TESTS_SRC/integration/lib.sh"

: "${S0_WINDOWSTESTS:=$(dirname "$S0_HELPERS")/windows}"
. "$S0_TESTS_SRC/windows/lib-windows.sh"
stage_windows

tw_low() { # SESSION USER ARGS...: test-windows at Low integrity
        local s=$1 u=$2
        shift 2
        s0 run --session "$s" --user "$u" --integrity low -- env S0_RUNTIME_DIR="$T_RUN" "$TW" "$@"
}
receiver() { # SESSION USER TITLE RUNNER [deny]: starts a receiver and waits until its windows exist
        rm -f "$T_TMP/shared/ready.$3"
        bg_start "$4" "$1" "$2" "$T_TMP/$3.out" bcastrecv "$3" "$T_TMP/shared/ready.$3" ${5:-}
        wait_until "receiver $3 in session $1" 300 test -s "$T_TMP/shared/ready.$3"
}
tw_low_bg() { # SESSION USER OUT ARGS...
        local s=$1 u=$2 out=$3
        shift 3
        tw_low "$s" "$u" "$@" >"$out" 2>&1
}
# the WPARAMs window WHICH got, sorted, without 8 (BSF_QUERY: who gets it depends on
# who denies first)
got() { awk -v w="$2" '$1 == "got" && $2 == w && $3 != 8 { print $3 }' <<<"$1" | sort -n | tr '\n' ' ' | sed 's/ $//'; }
done_rx() { grep -q "^bcastrecv done" "$T_TMP/$1.out"; }

start_daemon
make_users_ab
logon_ab
wait_until "session 1's host socket" 300 tw_ready 1 "$UA"
wait_until "session 2's host socket" 300 tw_ready 2 "$UB"

log "receivers: Med (Medium) and Low2 (Low) in session 1, B in session 2"
receiver 1 "$UA" Med tw_bg deny
receiver 1 "$UA" Low2 tw_low_bg
receiver 2 "$UB" B tw_bg

log "a Low broadcaster reaches Low windows only, and is not told of the others"
expect_ok tw_low 1 "$UA" bcastsend LowSender low
expect_contains "$T_OUT" "low_post 1 0" "PostMessage(HWND_BROADCAST) at Low"
expect_contains "$T_OUT" "low_send 1 0" "SendMessage(HWND_BROADCAST) at Low"
expect_eq "50 51" "$(got "$T_OUT" top)" "the Low broadcaster's own window"

log "a Medium broadcaster: every kind of broadcast"
expect_ok tw 1 "$UA" bcastsend Sender full
SENDER=$T_OUT
for line in "post 1 0" "send 1 0" "notify 1 0" "bsm_post 1 0 info 8" "bsm_send 1 0 info 8" \
        "bsm_ignorecurrent 1 0" "bsm_query 1 0" "bsm_query_denied 0 " "bsm_query_post 1 0" \
        "bsm_post_notify 1 0" "bsmex_luid_own 1 0" "bsmex_luid_system 1 0" "bsmex_luid_own_post 1 0" \
        "bsmex_hdesk_nobsm 0 87" "bsmex_luid_nobsm 0 87" "bsm_luid 0 87" "bsmex_cbsize_query 0 87" \
        "bsmex_cbsize_luid 0 87" "bsmex_unused 1 0" "bsm_badflag 0 87" \
        "bsm_alldesktops -1 1314" "post_settext 0 1159"; do
        expect_contains "$SENDER" "$line" "the broadcast's result: $line"
done
MEDHWND=$(cat "$T_TMP/shared/ready.Med")
line_of() { awk -v n="$1" '$1 == n' <<<"$SENDER"; }
expect_contains "$(line_of bsmex_denied_hdesk)" "bsmex_denied_hdesk 0 " "BSF_QUERY|BSF_RETURNHDESK denied"
expect_contains "$(line_of bsmex_denied_hdesk)" "hwnd $MEDHWND hdesk 1 desk Default luid 1:1" \
        "BSMINFO: the denier (Med), a handle to its desktop, its logon session"
expect_not_contains "$SENDER" "bsmex_denied_hdesk_close" "CloseDesktop on BSMINFO.hdesk"
expect_contains "$(line_of bsmex_denied)" "bsmex_denied 0 " "BSF_QUERY|BSF_LUID denied"
expect_contains "$(line_of bsmex_denied)" "hwnd $MEDHWND hdesk 0 desk - luid 1:1" \
        "BSMINFO without BSF_RETURNHDESK: the denier, no desktop"
expect_eq "1 2 3 4 5 7 9 11 12 14 17" "$(got "$SENDER" top)" \
        "the broadcaster's own window (not BSF_IGNORECURRENTTASK's 6, nor LocalSystem's 13, nor the refused 15, 16)"
expect_eq "" "$(got "$SENDER" msgonly)$(got "$SENDER" child)" "the broadcaster's message-only and child windows"

log "the end of session 1's receivers, then of session 2's"
expect_ok tw 1 "$UA" bcastsend End end
expect_contains "$T_OUT" "end 1 0" "the end broadcast in session 1"
wait_until "Med is done" 300 done_rx Med
wait_until "Low2 is done" 300 done_rx Low2
MED=$(cat "$T_TMP/Med.out")
LOW2=$(cat "$T_TMP/Low2.out")
expect_eq "1 2 3 4 5 6 7 9 11 12 14 17 99" "$(got "$MED" top)" "Medium window (not the Low broadcaster's 50, 51)"
expect_eq "1 2 3 4 5 6 7 9 11 12 14 17 50 51 99" "$(got "$LOW2" top)" "Low window"
expect_eq "" "$(got "$MED" msgonly)$(got "$MED" child)$(got "$LOW2" msgonly)$(got "$LOW2" child)" \
        "message-only and child windows"
expect_not_contains "$(cat "$T_TMP/B.out")" "got" "session 2's receiver before its own end"
expect_ok tw 2 "$UB" bcastsend End2 end
wait_until "B is done" 300 done_rx B
expect_eq "99" "$(got "$(cat "$T_TMP/B.out")" top)" "session 2's window: only session 2's own broadcast"
expect_daemon_alive

log "legacy session 0: BSF_LUID tells the services' logon session from the console user's"
stop_daemon
start_daemon --isolation=legacy
expect_ok s0 logon "$UA"
expect_eq 0 "$T_OUT" "first logon in legacy mode (the console of session 0)"
wait_until "session 0's host socket" 300 tw_ready 0 root
receiver 0 root Svc tw_bg
receiver 0 "$UA" Con tw_bg deny
expect_ok tw 0 root bcastsend Root logons
ROOT=$T_OUT
expect_contains "$ROOT" "bsmex_luid_system 1 0" "BSF_LUID to LocalSystem's logon session"
expect_contains "$ROOT" "bsmex_luid_console 1 0" "BSF_LUID to the console user's logon session"
CONHWND=$(cat "$T_TMP/shared/ready.Con")
SENDER=$ROOT
expect_contains "$(line_of bsmex_denied_hdesk)" "bsmex_denied_hdesk 0 " "BSF_QUERY|BSF_RETURNHDESK denied by the console's window"
expect_contains "$(line_of bsmex_denied_hdesk)" "hwnd $CONHWND hdesk 1 desk Default luid 0:1" \
        "BSMINFO: the console's window, its desktop, the console's logon session"
expect_eq "30" "$(got "$ROOT" top)" "the service's own window: LocalSystem's only"
expect_ok tw 0 root bcastsend End end
wait_until "Svc is done" 300 done_rx Svc
wait_until "Con is done" 300 done_rx Con
expect_eq "30 99" "$(got "$(cat "$T_TMP/Svc.out")" top)" "the other service window: LocalSystem's only"
expect_eq "31 99" "$(got "$(cat "$T_TMP/Con.out")" top)" "the console user's window: its own logon session's only"
expect_daemon_alive
log "broadcasts reach this session's top-level windows that UIPI admits, nothing else"
