#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# `s0ctl windows`: a session's windows from its session host.
#  - user a in session 1 lists session 1's windows: a top-level, a message-only and a
#    child window of a Medium process and a Low one, with pid, integrity and
#    WinSta0\Default, in human output and --json;
#  - root names any session: session 1's list has them, session 2's does not;
#  - user b naming session 1 (from session 2, and from no session) is refused with
#    "session 1 belongs to another user"; a process in no session without --session
#    is told to name one; --help.
. "$S0_TESTS_SRC/integration/lib.sh"

: "${S0_WINDOWSTESTS:=$(dirname "$S0_HELPERS")/windows}"
. "$S0_TESTS_SRC/windows/lib-windows.sh"
stage_windows

tw_low_bg() { # SESSION USER OUT ARGS...
        local s=$1 u=$2 out=$3
        shift 3
        s0 run --session "$s" --user "$u" --integrity low -- env S0_RUNTIME_DIR="$T_RUN" "$TW" "$@" >"$out" 2>&1
}
receiver() { # SESSION USER TITLE RUNNER
        rm -f "$T_TMP/shared/ready.$3"
        bg_start "$4" "$1" "$2" "$T_TMP/$3.out" bcastrecv "$3" "$T_TMP/shared/ready.$3"
        wait_until "receiver $3 in session $1" 300 test -s "$T_TMP/shared/ready.$3"
}
# FIELD of the window titled TITLE in a --json list on stdin
field() { python3 -c '
import json, sys
for w in json.load(sys.stdin):
    if w["title"] == sys.argv[1]:
        v = w[sys.argv[2]]
        print(json.dumps(v) if isinstance(v, bool) else v)' "$1" "$2"; }

start_daemon
make_users_ab
logon_ab
wait_until "session 1's host socket" 300 tw_ready 1 "$UA"
wait_until "session 2's host socket" 300 tw_ready 2 "$UB"
receiver 1 "$UA" Rx tw_bg
receiver 1 "$UA" RxLow tw_low_bg
RXPID=$(pgrep -u "$UA" -f "test-windows bcastrecv Rx " | head -n 1)
[ -n "$RXPID" ] || fail "no receiver process"

log "--help"
expect_ok s0 windows --help
expect_contains "$T_OUT" "Usage: s0ctl windows [--session N] [--json]" "s0ctl windows --help"

log "user a lists its own session's windows"
expect_ok in_session 1 "$UA" "$S0CTL" --runtime-dir "$T_RUN" windows
HUMAN=$T_OUT
expect_contains "$HUMAN" "STATION\\DESKTOP" "the human output's header"
expect_contains "$(grep "'Rx'" <<<"$HUMAN")" "WinSta0\\Default" "Rx's station and desktop"
expect_contains "$(grep "'Rx'" <<<"$HUMAN")" " top " "Rx is top-level"
expect_contains "$(grep "'Rx.msgonly'" <<<"$HUMAN")" " message " "Rx.msgonly is message-only"
expect_contains "$(grep "'Rx.child'" <<<"$HUMAN")" " child " "Rx.child is a child"
expect_ok in_session 1 "$UA" "$S0CTL" --runtime-dir "$T_RUN" windows --json
JSON=$T_OUT
expect_eq "$RXPID" "$(field Rx pid <<<"$JSON")" "Rx's pid"
expect_eq "medium" "$(field Rx integrity <<<"$JSON")" "Rx's integrity"
expect_eq "low" "$(field RxLow integrity <<<"$JSON")" "RxLow's integrity"
expect_eq "WinSta0" "$(field Rx station <<<"$JSON")" "Rx's station"
expect_eq "Default" "$(field Rx desktop <<<"$JSON")" "Rx's desktop"
expect_eq "S0TestBcast" "$(field Rx class <<<"$JSON")" "Rx's class"
expect_eq "true" "$(field Rx.msgonly message_only <<<"$JSON")" "Rx.msgonly's message_only"
expect_eq "false" "$(field Rx message_only <<<"$JSON")" "Rx's message_only"
expect_eq "$(field Rx hwnd <<<"$JSON")" "$(field Rx.child parent <<<"$JSON")" "Rx.child's parent"

log "root names a session"
expect_ok s0 windows --session 1 --json
expect_eq "$RXPID" "$(field Rx pid <<<"$T_OUT")" "Rx in root's list of session 1"
expect_ok s0 windows --session 2 --json
expect_eq "" "$(field Rx pid <<<"$T_OUT")" "Rx in root's list of session 2"
expect_fail_msg "no session 7" s0 windows --session 7

log "user b cannot list session 1"
expect_fail_msg "session 1 belongs to another user: only root may list another session's windows" \
        in_session 2 "$UB" "$S0CTL" --runtime-dir "$T_RUN" windows --session 1
expect_fail_msg "session 1 belongs to another user: only root may list another session's windows" \
        as_user "$UB" "$S0CTL" --runtime-dir "$T_RUN" windows --session 1
expect_fail_msg "this process is in no session" as_user "$UB" "$S0CTL" --runtime-dir "$T_RUN" windows

log "the windows go with their process"
expect_ok tw 1 "$UA" bcastsend End end
wait_until "Rx is done" 300 grep -q "^bcastrecv done" "$T_TMP/Rx.out"
no_rx() { s0 windows --session 1 --json >"$T_TMP/list.json" && [ -z "$(field Rx pid <"$T_TMP/list.json")" ]; }
wait_until "Rx's windows are gone" 300 no_rx
expect_daemon_alive
log "s0ctl windows lists a session's windows to its user and to root only"
