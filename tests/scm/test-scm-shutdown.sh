#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# SIGTERM to s0-scm is the system shutdown: SERVICE_CONTROL_PRESHUTDOWN first, then
# SERVICE_CONTROL_SHUTDOWN in reverse dependency order (Top -> Mid -> Base), STOP for a
# service that accepts only that, a kill for one that accepts neither or does not stop
# within StopTimeout, a kill of what is left at --shutdown-timeout; StartService during
# the shutdown is ERROR_SHUTDOWN_IN_PROGRESS (1115); a preshutdown that outlives its
# PreshutdownTimeout does not hold the shutdown up. The services run under a re-adopting
# s0-scm (kill -9 first): a kill -9 leaves them running, a SIGTERM stops them.
. "$(dirname "$0")/lib-scm.sh"

start_daemon
L=$SCM_OUT/log # one file for all: its order is the order things happened in
svc_conf Base "Arguments=$L --shutdown"
svc_conf Mid "Dependencies=Base" "Arguments=$L --shutdown"
svc_conf Top "Dependencies=Mid" "Arguments=$L --preshutdown" "PreshutdownTimeout=30000"
svc_conf Plain "Arguments=$L"
svc_conf Deaf "Arguments=$L --no-stop --no-pause"
svc_conf Hang "Arguments=$L --hang-shutdown --no-pause" "StopTimeout=300"
svc_conf Slow "Arguments=$L --hang-shutdown --no-pause" "StopTimeout=600000"
svc_conf Other "Arguments=$L"
# accepts PRESHUTDOWN and SHUTDOWN and does nothing with either: the preshutdown phase
# goes on after its 500 ms, the SHUTDOWN it then gets ends in a kill at its StopTimeout
svc_conf Late "Arguments=$L --preshutdown --hang-shutdown --no-pause" "PreshutdownTimeout=500" "StopTimeout=300"
scm_start --shutdown-timeout 4000

SVCS="Base Mid Top Plain Deaf Hang Slow Late"
declare -A PID
for v in $SVCS; do
        expect_ok sc start "$v"
        wait_state "$v" RUNNING
        PID[$v]=$(svc_field "$v" pid)
done

log "kill -9 of s0-scm: every service keeps running; the next s0-scm re-adopts them"
scm_kill9
for v in $SVCS; do
        pid_alive "${PID[$v]}" || fail "service $v (pid ${PID[$v]}) died with s0-scm"
done
scm_start --shutdown-timeout 4000
accepts() { [ "$(svc_field "$1" controls_accepted)" != 0 ]; }
for v in $SVCS; do
        wait_state "$v" RUNNING
        expect_eq "${PID[$v]}" "$(svc_field "$v" pid)" "$v's pid after the restart"
        # its dispatcher is back (its HELLO brought what it accepts), except Deaf's: it accepts nothing
        [ "$v" == Deaf ] || wait_until "$v's dispatcher reconnects" 500 accepts "$v"
done

log "SIGTERM: the shutdown; StartService meanwhile is ERROR_SHUTDOWN_IN_PROGRESS"
kill -TERM "$(scm_real_pid)"
wait_line "$L" "^SHUTDOWN pid=${PID[Slow]}"
expect_fail_msg "error 1115" sc start Other
scm_gone() { ! pid_alive "$SCM_PID"; }
wait_until "s0-scm exits after the shutdown" 1000 scm_gone
rc=0
wait "$SCM_PID" || rc=$?
expect_eq 0 "$rc" "s0-scm's exit status after the shutdown"

line_of() { grep -n -- "$1" "$L" | head -n1 | cut -d: -f1; }
before() { # A B WHAT: the first line with A comes before the first with B
        local a b
        a=$(line_of "$1")
        b=$(line_of "$2")
        [ -n "$a" ] || fail "$3: no '$1' in the services' log"
        [ -n "$b" ] || fail "$3: no '$2' in the services' log"
        [ "$a" -lt "$b" ] || fail "$3: '$1' (line $a) after '$2' (line $b)"
}
log "preshutdown first, then shutdown, dependents before what they depend on"
before "PRESHUTDOWN pid=${PID[Top]}" "^SHUTDOWN" "PRESHUTDOWN before any SHUTDOWN"
before "STOPPED pid=${PID[Top]}" "^SHUTDOWN pid=${PID[Mid]}" "Top stopped before Mid is told"
before "STOPPED pid=${PID[Mid]}" "^SHUTDOWN pid=${PID[Base]}" "Mid stopped before Base is told"
wait_line "$L" "STOPPED pid=${PID[Base]}"
expect_eq 0 "$(count_lines "$L" "^SHUTDOWN pid=${PID[Top]}")" "SHUTDOWN to Top, which accepts only PRESHUTDOWN and stopped"

log "a preshutdown that runs out its PreshutdownTimeout: the shutdown goes on without it"
grep -q "Service 'Late' still runs 500 ms after SERVICE_CONTROL_PRESHUTDOWN; going on" "$T_TMP/daemon.log" ||
        fail "Late's PreshutdownTimeout did not end its preshutdown"
before "PRESHUTDOWN pid=${PID[Late]}" "^SHUTDOWN pid=${PID[Base]}" "Late's PRESHUTDOWN before the SHUTDOWN phase"
before "PRESHUTDOWN pid=${PID[Late]}" "^SHUTDOWN pid=${PID[Late]}" "Late's SHUTDOWN after its PRESHUTDOWN ran out"
grep -q "Service 'Late' did not stop within 300 ms" "$T_TMP/daemon.log" || fail "Late was not killed at its StopTimeout"

log "the rest: STOP to Plain, a kill for Deaf, Hang (StopTimeout) and Slow (--shutdown-timeout)"
wait_line "$L" "STOP_PENDING pid=${PID[Plain]}"
wait_line "$L" "STOPPED pid=${PID[Plain]}"
expect_eq 0 "$(count_lines "$L" "^SHUTDOWN pid=${PID[Plain]}")" "SHUTDOWN to Plain, which does not accept it"
grep -q "Service 'Deaf' accepts neither SHUTDOWN nor STOP: killing it" "$T_TMP/daemon.log" || fail "Deaf was not killed"
grep -q "Service 'Hang' did not stop within 300 ms" "$T_TMP/daemon.log" || fail "Hang was not killed at its StopTimeout"
grep -q "Service 'Slow' still runs at the end of the shutdown (4000 ms)" "$T_TMP/daemon.log" ||
        fail "Slow was not killed at --shutdown-timeout"
for v in $SVCS; do
        pid_alive "${PID[$v]}" && fail "service $v (pid ${PID[$v]}) outlived the shutdown"
done
left=$(find "$(session_dir 0)" -type d -name 'svc-*' 2>/dev/null)
expect_eq "" "$left" "service cgroups left after the shutdown"

log "the next s0-scm finds every service STOPPED, nothing to re-adopt"
scm_start
for v in $SVCS; do
        expect_eq STOPPED "$(svc_field "$v" state)" "$v after the shutdown"
done
