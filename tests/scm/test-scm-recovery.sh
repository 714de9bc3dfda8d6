#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# A crashing service is restarted with the configured delays, then held back; a hung
# stop is killed after StopTimeout; kill -9 of s0-scm leaves services running and a new
# s0-scm re-adopts them (same pid, RUNNING, controllable).
. "$(dirname "$0")/lib-scm.sh"

start_daemon
svc_conf Crash "Arguments=$SCM_OUT/Crash --crash" "Recovery=restart/300,restart/600" "ResetPeriod=3600"
svc_conf Hang "Arguments=$SCM_OUT/Hang --hang-stop" "StopTimeout=500"
svc_conf Keep "Arguments=$SCM_OUT/Keep"
scm_start

log "crash: restarted after 300 ms, then 600 ms, then held back (exit code 1067)"
t0=$(date +%s%N)
expect_ok sc start Crash
wait_line "$SCM_OUT/Crash" RUNNING 3
t3=$(date +%s%N)
wait_state Crash STOPPED
expect_eq 1067 "$(svc_field Crash win32_exit_code)" "Crash's WIN32_EXIT_CODE (ERROR_PROCESS_ABORTED)"
elapsed=$(((t3 - t0) / 1000000))
[ "$elapsed" -ge 900 ] || fail "three starts within ${elapsed} ms: the 300 + 600 ms delays were not kept"
wait_until "held back logged" 250 grep -q "Service 'Crash' crashed 3 times: held back" "$T_TMP/daemon.log"
# held back: no fourth start (s0-scm logged its decision; nothing is scheduled)
expect_eq 3 "$(count_lines "$SCM_OUT/Crash" START_PENDING)" "starts of Crash"

log "hung stop: killed after StopTimeout"
expect_ok sc start Hang
wait_state Hang RUNNING
hpid=$(svc_field Hang pid)
expect_ok sc stop Hang
wait_state Hang STOPPED
pid_alive "$hpid" && fail "hung service pid $hpid still alive"
grep -q "Service 'Hang' did not stop within 500 ms" "$T_TMP/daemon.log" || fail "no stop-timeout log line"

log "kill -9 of s0-scm: the service keeps running and is re-adopted"
expect_ok sc start Keep
wait_state Keep RUNNING
kpid=$(svc_field Keep pid)
scm_kill9
pid_alive "$kpid" || fail "service Keep died with s0-scm"
scm_start
wait_state Keep RUNNING
expect_eq "$kpid" "$(svc_field Keep pid)" "Keep's pid after the restart"
grep -q "Re-adopted service 'Keep' (pid $kpid" "$T_TMP/daemon.log" || fail "no re-adoption log line"
# its dispatcher reconnected: controls reach it
wait_until "Keep's dispatcher reconnects" 250 sc pause Keep
wait_state Keep PAUSED
expect_ok sc continue Keep
wait_state Keep RUNNING
expect_ok sc stop Keep
wait_state Keep STOPPED
pid_alive "$kpid" && fail "Keep still running after stop"
true
