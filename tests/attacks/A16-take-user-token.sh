#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ATTACKS A16: take another session's user token, or start a process in another user's
# session. User a's process, in a's own session, tries
#  - WTSQueryUserToken for user b's session, for its own session and for
#    WTS_CURRENT_SESSION: ERROR_PRIVILEGE_NOT_HELD (1314) each time -- only LocalSystem
#    (root in session 0) holds SE_TCB_NAME;
#  - CreateProcessAsUser with a forged handle value, an event's handle and NULL as the
#    token: ERROR_INVALID_HANDLE (6) -- a token exists only in the handle table of the
#    service that took it;
#  - `s0ctl run --session <b's>`: refused by session0d (EPERM, "belongs to another
#    user"), which is what any forged token would come down to (session0d checks the
#    caller's SO_PEERCRED, not the token).
# Each refusal is in `s0ctl events --json` (read as root) with a's real uid and session
# (the daemon's word, from SO_PEERCRED and the caller's cgroup) and the exact result:
# kind wts_token, reported by the Win32 layer, result the Win32 code; kind spawn, decided
# by session0d, result -1 (-EPERM). Next to each, its precondition: a service (root in
# session 0) does get b's token and starts a process in b's session with it.
# Legacy (XP): a is the console user of session 0 and b has session 1: the same refusals
# -- sharing session 0 with the services gives a user no SE_TCB_NAME.
. "$S0_TESTS_SRC/integration/lib.sh"

: "${S0_WIN32TESTS:=$(dirname "$S0_HELPERS")/win32}"

stage() {
        local lib
        mkdir -p "$T_TMP/bin/tests/win32" "$T_TMP/bin/src/lib" "$T_TMP/bin/src/win32"
        cp "$S0_WIN32TESTS/test-wts" "$T_TMP/bin/tests/win32/"
        for lib in $(ldd "$S0_WIN32TESTS/test-wts" | awk '/libsession0/ { print $3 }'); do
                case $(basename "$lib") in
                *win32*) cp -L "$lib" "$T_TMP/bin/src/win32/" ;;
                *) cp -L "$lib" "$T_TMP/bin/src/lib/" ;;
                esac
        done
        chmod -R a+rX "$T_TMP/bin"
}
WTS=$T_TMP/bin/tests/win32/test-wts

wts() { # SESSION USER ARGS...
        local s=$1 u=$2
        shift 2
        in_session "$s" "$u" env S0_RUNTIME_DIR="$T_RUN" "$WTS" "$@"
}

# The events as JSON lines matching a python expression over e, into $HITS.
events_where() { # EXPR
        expect_ok s0 --json events
        HITS=$(printf '%s\n' "$T_OUT" | python3 -c '
import json, sys
for line in sys.stdin:
    if line.strip():
        e = json.loads(line)
        if eval(sys.argv[1]):
            print(line.strip())' "$1")
}

expect_event() { # WHAT EXPR
        events_where "$2"
        [ -n "$HITS" ] || fail "$1: no event with $2 in: $T_OUT"
}

# ATTACKER_SESSION ATTACKER VICTIM_SESSION VICTIM: the attack and what the journal says.
attack() {
        local as=$1 au=$2 vs=$3 vu=$4 uid pre
        uid=$(id -u "$au")
        # precondition: the victim's session has a token; a service (root in session 0)
        # gets it and starts a process in that session with it
        pre=$(s0 --json events | tail -n 1 | python3 -c 'import json, sys; print(json.load(sys.stdin)["seq"])')
        expect_ok wts 0 root attack "$vs"
        expect_contains "$T_OUT" "token-$vs 0
create-token 0" "precondition: a service's WTSQueryUserToken + CreateProcessAsUser into session $vs"
        expect_event "precondition: the service's token recorded as allowed" \
                "e['seq'] > $pre and e['kind'] == 'wts_token' and e['uid'] == 0 and e['session'] == 0 and e['target_session'] == $vs and e['result'] == 0"
        expect_event "precondition: the service's spawn into session $vs allowed" \
                "e['seq'] > $pre and e['kind'] == 'spawn' and e['uid'] == 0 and e['target_session'] == $vs and e['result'] == 0 and e['target'] == '/bin/true (as $vu)'"
        pre=$(s0 --json events | tail -n 1 | python3 -c 'import json, sys; print(json.load(sys.stdin)["seq"])')

        run_rc wts "$as" "$au" attack "$vs"
        expect_eq 0 "$T_RC" "test-wts attack (stderr: $T_ERR)"
        expect_eq "token-own 1314
token-current 1314
token-$vs 1314
create-forged 6
create-event 6
create-null 6" "$T_OUT" "a user's WTSQueryUserToken and CreateProcessAsUser attempts"

        expect_fail_msg "session $vs belongs to another user" \
                in_session "$as" "$au" "$S0CTL" --runtime-dir "$T_RUN" run --session "$vs" -- true

        # the journal, as root: a's uid and session, the exact results, nothing allowed
        local base="e['seq'] > $pre and e['uid'] == $uid and e['session'] == $as"
        local tok="$base and e['kind'] == 'wts_token' and e['reported'] and e['target'] == 'WTSQueryUserToken'"
        events_where "$tok and e['target_session'] == $as and e['result'] == 1314"
        expect_eq 2 "$(printf '%s\n' "$HITS" | grep -c .)" "1314 events for a's own session (by id and WTS_CURRENT_SESSION)"
        expect_event "WTSQueryUserToken of session $vs refused" \
                "$tok and e['target_session'] == $vs and e['result'] == 1314 and e['cross_session'] and e['target_uid'] == $(id -u "$vu")"
        events_where "$base and e['kind'] == 'wts_token' and e['reported'] and e['target'] == 'CreateProcessAsUser: not a token' and e['target_session'] is None and e['result'] == 6"
        expect_eq 3 "$(printf '%s\n' "$HITS" | grep -c .)" "ERROR_INVALID_HANDLE events of CreateProcessAsUser"
        expect_event "the refused spawn into session $vs" \
                "$base and e['kind'] == 'spawn' and not e['reported'] and e['target_session'] == $vs and e['result'] == -1 and e['target'] == 'true' and e['cross_session']"
        events_where "e['seq'] > $pre and e['uid'] == $uid and e['result'] == 0"
        expect_eq "" "$HITS" "nothing of a's allowed"
        # what a sees of it (its own events), and b, whose session was aimed at
        expect_ok as_user "$au" "$S0CTL" --runtime-dir "$T_RUN" --json events --kind wts_token
        expect_contains "$T_OUT" "\"uid\":$uid" "a sees its own refused attempts"
        expect_ok as_user "$vu" "$S0CTL" --runtime-dir "$T_RUN" --json events --kind wts_token --session "$vs"
        expect_contains "$T_OUT" "\"result\":1314" "b sees the attempt on its session"
        log "recorded: $(s0 events --kind wts_token | tail -n 4 | tr '\n' '|')"
}

stage
make_users_ab

log "default mode: a in session 1 against b's session 2"
start_daemon
logon_ab
attack "$S1" "$UA" "$S2" "$UB"
# a root shell in a user's session is an administrator, not LocalSystem: 5, recorded too
run_rc wts "$S1" root attack "$S2"
expect_contains "$T_OUT" "token-$S2 5" "root outside session 0"
expect_event "root's refusal outside session 0" \
        "e['kind'] == 'wts_token' and e['uid'] == 0 and e['session'] == $S1 and e['target_session'] == $S2 and e['result'] == 5"
expect_daemon_alive

log "legacy mode: a on session 0's console against b's session 1"
stop_daemon
start_daemon --isolation=legacy
expect_ok s0 logon "$UA"
expect_eq 0 "$T_OUT" "first logon in legacy mode (the console of session 0)"
SB=$(s0 logon "$UB")
expect_eq 1 "$SB" "b's session in legacy mode"
attack 0 "$UA" "$SB" "$UB"
expect_daemon_alive
log "ok"
