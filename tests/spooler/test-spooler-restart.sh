#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Durability: the spooler is killed with -9 while a job prints and others wait; s0-scm
# restarts it (Spooler.conf's Recovery=), and every accepted job completes exactly once
# (the test driver logs each job it prints); jobs done before the kill never print again.
. "$(dirname "$0")/lib-spooler.sh"

start_daemon
make_user a
UA=$REPLY
S_A=$(s0 logon "$UA")
SP_TIMEOUT=4 spooler_start "Faulty=faulty:log=$SP_LOG"
chmod 1777 "$T_TMP/shared"
echo "a fine job" >"$T_TMP/shared/fine.txt"
echo "HANG here" >"$T_TMP/shared/hang.txt"
chmod 644 "$T_TMP/shared/"*.txt

log "two jobs print before the kill"
u_print "$S_A" "$UA" --printer Faulty "$T_TMP/shared/fine.txt"
D1=$REPLY
u_print "$S_A" "$UA" --printer Faulty "$T_TMP/shared/fine.txt"
D2=$REPLY
wait_job "$D2" done
wait_job "$D1" done

log "a hanging job holds the printer; five more are accepted behind it"
u_print "$S_A" "$UA" --printer Faulty "$T_TMP/shared/hang.txt"
JH=$REPLY
wait_job "$JH" printing
Q=()
for i in 1 2 3 4 5; do
        u_print "$S_A" "$UA" --printer Faulty "$T_TMP/shared/fine.txt"
        Q+=("$REPLY")
done
for j in "${Q[@]}"; do expect_eq queued "$(job_field "$j" state)" "job $j before the kill"; done

log "kill -9 the spooler; s0-scm restarts it"
OLD=$(spooler_pid)
OLD_HOST=$(as_s0 "$S0CTL" --runtime-dir "$T_RUN" --json printers | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["host_pid"])')
[ "$OLD_HOST" -gt 0 ] || fail "no driver host before the kill"
kill -KILL "$OLD"
wait_until "a new spooler" 1500 sh -c "[ \"\$('$S0CTL' --runtime-dir '$T_RUN' sc queryex Spooler --json | python3 -c 'import json,sys; d=json.load(sys.stdin)[0]; print(d[\"pid\"] if d[\"state\"] == \"RUNNING\" else 0)')\" -gt 0 ] && [ \"\$('$S0CTL' --runtime-dir '$T_RUN' sc queryex Spooler --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0][\"pid\"])')\" != $OLD ]"
wait_until "the new spooler answers" 1500 as_s0 "$S0CTL" printers
# PR_SET_PDEATHSIG: the old spooler's host (hanging in its driver) died with it
host_gone() { ! pid_alive "$OLD_HOST"; }
wait_until "the killed spooler's driver host gone" 500 host_gone

log "after the restart: the interrupted job runs again (and times out), every queued job prints once"
for j in "${Q[@]}"; do wait_job "$j" done; done
expect_eq failed "$(job_field "$JH" state)" "the hanging job after the restart"
expect_eq "error: driver timed out" "$(job_field "$JH" status)" "its status"
for j in "$D1" "$D2" "${Q[@]}"; do expect_eq 1 "$(printed_count "$j")" "times job $j printed"; done
expect_eq "$UA 600" "$(stat -c '%U %a' "$SP_OUT/$UA/job${Q[4]}-fine_txt.txt")" "the last job's output"

log "a restart with nothing left to do prints nothing again"
kill -KILL "$(spooler_pid)"
wait_until "the spooler back" 1500 as_s0 "$S0CTL" printers
for j in "$D1" "$D2" "${Q[@]}"; do expect_eq 1 "$(printed_count "$j")" "times job $j printed after a second restart"; done
u_print "$S_A" "$UA" --printer Faulty "$T_TMP/shared/fine.txt"
N=$REPLY
[ "$N" -gt "${Q[4]}" ] || fail "job id $N after restarts is not above ${Q[4]}"
wait_job "$N" done
expect_daemon_alive
