#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ATTACKS A4, hooking a service: a service (root in session 0) has a window; its
# thread gets a sent message (WM_POKE_SEND) and a posted one (WM_POKE, wParam N: the
# service leaves poked-N, what it acted on). User a's program installs a WH_GETMESSAGE
# and a WH_CALLWNDPROC hook on the service's thread (its id, as if guessed) and
# desktop-wide WH_GETMESSAGE and WH_CALLWNDPROCRET hooks; its thread hook would add
# 1000 to WM_POKE's wParam.
# Default mode: a's session host knows no such thread: ERROR_INVALID_PARAMETER (87),
# audited (kind window); the desktop-wide hooks install (as on Windows) but cover a's
# desktop only, so they never see the service's messages: the service acts on N.
# Legacy (XP): a is the console user of session 0, on the services' desktop: the same
# hooks see the service's messages and change them: the service acts on N + 1000.
. "$S0_TESTS_SRC/integration/lib.sh"

: "${S0_WINDOWSTESTS:=$(dirname "$S0_HELPERS")/windows}"
. "$S0_TESTS_SRC/windows/lib-windows.sh"
stage_windows

poke_service() { # N: the service's own session sends and posts to it, then waits for its ack
        rm -f "$T_TMP/shared/acked"
        expect_ok tw 0 root poke S0Service "$1"
        expect_contains "$T_OUT" "poke_send 6 0" "the service's answer to its own session"
        wait_until "the service's ack" 60 test -e "$T_TMP/shared/acked"
}

start_hooker() { # SESSION TID: a's hooking program, up once its hooks are set
        rm -f "$T_TMP/shared/hooker.ready"
        bg_start tw_bg "$1" "$UA" "$T_TMP/hooker.out" hooker "$2" "$T_TMP/shared/hooker.ready"
        wait_until "a's hooks" 60 test -e "$T_TMP/shared/hooker.ready"
        HOOKER=$(cat "$T_TMP/hooker.out")
}

stop_hooker() {
        local p
        p=$(pgrep -u "$UA" -f "test-windows hooker" | head -n 1)
        [ -z "$p" ] || kill -KILL "$p"
}

start_daemon
make_users_ab
service_window_stage 1
[ -n "$TID" ] && [ "$TID" != 0 ] || fail "no thread id of the service's window"
log "precondition: the service acts on what it is posted (thread $TID)"
poke_service 1
[ -e "$T_TMP/shared/poked-1" ] || fail "the service did not act on WM_POKE"

log "default: a's program in session 1 hooks the service's thread"
start_hooker "$S_A" "$TID"
expect_contains "$HOOKER" "hook_thread 0 87" "WH_GETMESSAGE on the service's thread"
expect_contains "$HOOKER" "hook_thread_callwndproc 0 87" "WH_CALLWNDPROC on the service's thread"
expect_contains "$HOOKER" "hook_global 1 0" "a desktop-wide WH_GETMESSAGE (a's desktop)"
expect_contains "$HOOKER" "hook_global_callwndprocret 1 0" "a desktop-wide WH_CALLWNDPROCRET (a's desktop)"
poke_service 2
[ -e "$T_TMP/shared/poked-2" ] || fail "the service's message was changed or lost: $(ls "$T_TMP/shared")"
[ ! -e "$T_TMP/shared/poked-1002" ] || fail "a's hook changed the service's message in default mode"
HOOKER=$(cat "$T_TMP/hooker.out")
expect_not_contains "$HOOKER" "getmessage 2" "what a's hooks saw of the service's posted message"
expect_not_contains "$HOOKER" "hooked_callwndproc" "what a's hooks saw of the service's sent message"
expect_ok s0 --json events --kind window
LINE=$(printf '%s\n' "$T_OUT" | grep -F "): SetWindowsHookEx on thread 0x$(printf '%x' "$TID")\"" | head -n 1 || true)
expect_contains "$LINE" '"result":87' "the refused hook in the journal"
expect_contains "$LINE" '"session":1' "the refusal's session"
stop_hooker

log "legacy: a on session 0's console"
stop_daemon
start_daemon --isolation=legacy
service_window_stage 0 # legacy: the first logon is the console of session 0
start_hooker 0 "$TID"
expect_contains "$HOOKER" "hook_thread 1 0" "WH_GETMESSAGE on the service's thread from the console user"
expect_contains "$HOOKER" "hook_thread_callwndproc 1 0" "WH_CALLWNDPROC on the service's thread"
poke_service 3
[ -e "$T_TMP/shared/poked-1003" ] || fail "legacy: the hook did not change the service's message (the test could not fail): $(ls "$T_TMP/shared")"
[ ! -e "$T_TMP/shared/poked-3" ] || fail "legacy: the service got the unchanged message"
HOOKER=$(cat "$T_TMP/hooker.out")
expect_contains "$HOOKER" "hooked_getmessage 3 0" "the thread hook saw the service's posted message"
expect_contains "$HOOKER" "global_getmessage 1003 0" "the desktop-wide hook reached the service too"
expect_contains "$HOOKER" "hooked_callwndproc 5 0" "the hook saw the service's sent message"
expect_contains "$HOOKER" "hooked_callwndprocret 6 0" "and its result"
stop_hooker
expect_daemon_alive
