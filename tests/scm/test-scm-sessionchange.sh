#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# SERVICE_CONTROL_SESSIONCHANGE: a service that accepts SERVICE_ACCEPT_SESSIONCHANGE hears
# every logon, lock, unlock, disconnect, reconnect and logoff of two users, in order,
# exactly once each, with the right session id; one that does not accept it hears
# nothing; a user cannot lock another's session; a restart of session0d loses nothing.
. "$(dirname "$0")/lib-scm.sh"

start_daemon
make_users_ab
svc_conf Watch "StartType=auto" "Arguments=$SCM_OUT/Watch --sessionchange"
svc_conf Deaf "StartType=auto" "Arguments=$SCM_OUT/Deaf"
scm_start
wait_state Watch RUNNING
wait_state Deaf RUNNING

changes() { grep SESSIONCHANGE "$SCM_OUT/Watch" | awk '{ print $2 "/" $3 }' | sed 's/code=//; s/session=//' |
        tr '\n' ' ' | sed 's/ $//'; }
nchanges() { grep -c SESSIONCHANGE "$SCM_OUT/Watch" 2>/dev/null || true; }
has_changes() { [ "$(nchanges)" -ge "$1" ]; }
wait_changes() { wait_until "$1 session changes delivered" 600 has_changes "$1"; }

log "two logons: WTS_REMOTE_CONNECT (3) then WTS_SESSION_LOGON (5), for each session in turn"
logon_ab
wait_changes 4
expect_eq "3/1 5/1 3/2 5/2" "$(changes)" "session changes after two logons"

log "lock and unlock session 1 (7, 8); a second lock changes nothing and is not told"
expect_ok s0 lock "$S1"
expect_ok s0 lock "$S1"
[ "$(s0 sessions --json | python3 -c 'import json,sys; print([s["locked"] for s in json.load(sys.stdin) if s["id"] == 1][0])')" = True ] ||
        fail "session 1 is not shown locked"
expect_ok as_user "$UA" "$S0CTL" --runtime-dir "$T_RUN" unlock "$S1"
wait_changes 6
expect_eq "3/1 5/1 3/2 5/2 7/1 8/1" "$(changes)" "after lock, lock, unlock"

log "bob cannot lock alice's session, nor session 0 be locked"
expect_fail_msg "belongs to another user" as_user "$UB" "$S0CTL" --runtime-dir "$T_RUN" lock "$S1"
expect_fail_msg "session 0 cannot be locked" s0 lock 0

log "disconnect session 2 (4), then session0d restarts: the logoff of session 1 after it is told once (6)"
expect_ok s0 disconnect "$S2"
wait_changes 7
restart_daemon -9
expect_ok s0 logoff "$S1"
wait_changes 8
expect_eq "3/1 5/1 3/2 5/2 7/1 8/1 4/2 6/1" "$(changes)" "after disconnect, daemon restart, logoff"

log "a third logon takes the lowest free id (1) and is told; logging bob off is told once"
S3=$(s0 logon "$UA")
expect_ok s0 logoff "$S2"
wait_changes 11
expect_eq "3/1 5/1 3/2 5/2 7/1 8/1 4/2 6/1 3/$S3 5/$S3 6/2" "$(changes)" "after another logon and a logoff"

log "the service that does not accept SESSIONCHANGE heard nothing; the journal holds each change once"
[ "$(grep -c SESSIONCHANGE "$SCM_OUT/Deaf" || true)" = 0 ] || fail "Deaf got session changes"
# the daemon's ring starts empty after its restart: count in the on-disk journal
expect_eq 11 "$(cat "$T_TMP"/audit/events.log* | grep -c '"kind":"session_change"' || true)" \
        "session_change events in the journal (both daemons)"
expect_ok s0 events --kind session_change --json
expect_contains "$T_OUT" '"target":"WTS_SESSION_LOGOFF"' "s0ctl events --kind session_change"
log "every session change told once, in order, to the service that asked"
