#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# start, pause, continue and stop a Windows service; dependency order and cycles;
# a user may query but not stop or change a LocalSystem service; malformed .conf files.
. "$(dirname "$0")/lib-scm.sh"

start_daemon
make_user a
UA=$REPLY
svc_conf A "Account=LocalSystem" "Arguments=$SCM_OUT/A"
svc_conf B "Dependencies=A" "Arguments=$SCM_OUT/B"
svc_conf C1 "Dependencies=C2" "Arguments=$SCM_OUT/C1"
svc_conf C2 "Dependencies=C1" "Arguments=$SCM_OUT/C2"
svc_conf Auto "StartType=auto" "Arguments=$SCM_OUT/Auto"
svc_conf Late "StartType=auto" "DelayedAutoStart=yes" "Arguments=$SCM_OUT/Late"
printf '[Service]\nBinaryPath=%s\nStartType=sometimes\n' "$SCM_BIN/test-service" >"$SCM_CONF/Bad.conf"
t0=$(date +%s%N)
scm_start --delayed-autostart-delay 1000

log "malformed .conf: one line naming file and line; the others load and auto-start"
grep -q "$SCM_CONF/Bad.conf:3: StartType must be" "$T_TMP/daemon.log" || fail "no error naming Bad.conf:3 in the log"
wait_state Auto RUNNING
expect_fail_msg "1060" sc query Bad

log "DelayedAutoStart=yes: started --delayed-autostart-delay after the other auto-start services"
wait_state Late RUNNING
elapsed=$((($(date +%s%N) - t0) / 1000000))
[ "$elapsed" -ge 1000 ] || fail "Late ran ${elapsed} ms after s0-scm started: the 1000 ms delay was not kept"
grep -q "Starting delayed auto-start service 'Late'" "$T_TMP/daemon.log" || fail "no delayed start logged"
expect_ok sc stop Late
wait_state Late STOPPED

log "query lists every service like 'sc query state= all'"
expect_ok sc query
expect_contains "$T_OUT" "SERVICE_NAME: A" "sc query"
expect_contains "$T_OUT" "SERVICE_NAME: Auto" "sc query"

log "start B starts A first (dependency order)"
expect_ok sc start B
wait_state B RUNNING
wait_state A RUNNING
a_run=$(grep -n RUNNING "$SCM_OUT/A" | head -n1 | cut -d: -f1)
[ -n "$a_run" ] || fail "A never ran"
expect_eq RUNNING "$(svc_field A state)" "A"

log "a cycle is refused with ERROR_CIRCULAR_DEPENDENCY"
expect_fail_msg "1059" sc start C1

log "start of a running service: ERROR_SERVICE_ALREADY_RUNNING"
expect_fail_msg "1056" sc start A

log "stop A while B runs: ERROR_DEPENDENT_SERVICES_RUNNING"
expect_fail_msg "1051" sc stop A

log "pause, continue, stop, with the states seen by the service and queryex"
expect_ok sc pause B
wait_state B PAUSED
expect_ok sc continue B
wait_state B RUNNING
expect_ok sc stop B
wait_state B STOPPED
wait_line "$SCM_OUT/B" STOPPED
expect_eq "START_PENDING RUNNING PAUSE_PENDING PAUSED CONTINUE_PENDING RUNNING STOP_PENDING STOPPED" \
        "$(awk '{ print $1 }' "$SCM_OUT/B" | tr '\n' ' ' | sed 's/ $//')" "B's transitions"
expect_fail_msg "1062" sc stop B

log "a user may query, not stop or change a LocalSystem service"
pid_a=$(svc_field A pid)
expect_ok as_user "$UA" "$S0CTL" --runtime-dir "$T_RUN" sc queryex A
expect_fail_msg "error 5" as_user "$UA" "$S0CTL" --runtime-dir "$T_RUN" sc stop A
expect_fail_msg "error 5" as_user "$UA" "$S0CTL" --runtime-dir "$T_RUN" sc config A start= disabled
expect_eq "$pid_a" "$(svc_field A pid)" "A's pid after the refused stop"

log "create, config, qc, delete through the API; the change is on disk"
expect_ok sc create New binPath= "$SCM_BIN/test-service $SCM_OUT/New" start= demand DisplayName= "New one"
[ -f "$SCM_CONF/New.conf" ] || fail "New.conf not written"
expect_fail_msg "1073" sc create New binPath= "$SCM_BIN/test-service"
expect_ok sc config New start= disabled
grep -q '^StartType=disabled' "$SCM_CONF/New.conf" || fail "config change not written"
expect_ok sc qc New --json
expect_contains "$T_OUT" '"start_type": 4' "qc New"
expect_fail_msg "1058" sc start New
log "description, qdescription, failure, qfailure, start= delayed-auto (QueryServiceConfig2/ChangeServiceConfig2)"
expect_ok sc description New "Makes new things"
grep -q '^Description=Makes new things$' "$SCM_CONF/New.conf" || fail "description not written"
expect_ok sc qdescription New --json
expect_eq '{"name": "New", "description": "Makes new things"}' "$T_OUT" "qdescription --json"
expect_ok sc qdescription New
expect_contains "$T_OUT" "DESCRIPTION:  Makes new things" "qdescription"
expect_ok sc failure New reset= 60 actions= restart/1500/none/0
expect_ok sc qfailure New --json
expect_eq '{"name": "New", "reset_period": 60, "actions": [{"type": "restart", "delay": 1500}, {"type": "none", "delay": 0}]}' \
        "$T_OUT" "qfailure --json"
expect_ok sc config New start= delayed-auto
grep -q '^DelayedAutoStart=yes$' "$SCM_CONF/New.conf" || fail "start= delayed-auto not written"
expect_ok sc config New start= auto
grep -q '^DelayedAutoStart' "$SCM_CONF/New.conf" && fail "DelayedAutoStart kept after start= auto"
expect_ok sc config New start= disabled
expect_fail_msg "error 5" as_user "$UA" "$S0CTL" --runtime-dir "$T_RUN" sc description A "mine now"
expect_ok sc delete New
[ ! -e "$SCM_CONF/New.conf" ] || fail "New.conf still there"
expect_fail_msg "1060" sc query New
expect_ok sc stop Auto
wait_state Auto STOPPED
