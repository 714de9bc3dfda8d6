#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Cancelling a printing job (SetJob JOB_CONTROL_CANCEL): a driver of ABI 1.1 gets its
# cancel() callback and its host lives on; one that ignores it is killed after the grace
# period; an ABI 1.0 driver (no cancel()) has its host killed at once, as before 1.1.
. "$(dirname "$0")/lib-spooler.sh"

[ -f "$T_TMP/bin/printers/faulty10.so" ] || fail "the ABI 1.0 test driver (faulty10.so) was not staged"
start_daemon
make_user a
UA=$REPLY
S_A=$(s0 logon "$UA")
chmod 1777 "$T_TMP/shared" # the faulty driver (s0-printdrv) appends to $SP_LOG there
# a long job timeout: only the cancel may end the hanging jobs
SP_TIMEOUT=300 spooler_start "Faulty=faulty:log=$SP_LOG" "Old=faulty10:log=$SP_LOG"
echo "HANG here" >"$T_TMP/shared/hang.txt"
echo "STUBBORN here" >"$T_TMP/shared/stubborn.txt"
echo "a fine job" >"$T_TMP/shared/fine.txt"
chmod 644 "$T_TMP/shared/"*.txt

logged() { grep -qx "$1" "$SP_LOG" 2>/dev/null; }
cancel() { expect_ok in_session "$S_A" "$UA" "$S0CTL" --runtime-dir "$T_RUN" job cancel "$1"; }

log "ABI 1.1: cancel() stops the hanging job; the same host prints the next one"
u_print "$S_A" "$UA" --printer Faulty "$T_TMP/shared/hang.txt"
J=$REPLY
wait_job "$J" printing
H=$(host_of Faulty)
[ "$H" -gt 0 ] || fail "no driver host for Faulty"
cancel "$J"
wait_job "$J" cancelled
wait_until "the driver's record of the cancel" 500 logged "cancelled job $J"
expect_eq cancelled "$(job_field "$J" status)" "the cancelled job's status"
expect_eq "$H" "$(host_of Faulty)" "Faulty's host after a cancel the driver honoured"
pid_alive "$H" || fail "Faulty's host $H died on a cancel its driver honoured"
u_print "$S_A" "$UA" --printer Faulty "$T_TMP/shared/fine.txt"
F=$REPLY
wait_job "$F" done
expect_eq "$H" "$(host_of Faulty)" "Faulty's host after the next job"

log "ABI 1.1, a driver that ignores cancel(): its host is killed after the grace period"
u_print "$S_A" "$UA" --printer Faulty "$T_TMP/shared/stubborn.txt"
JS=$REPLY
wait_job "$JS" printing
cancel "$JS"
wait_job "$JS" cancelled
host_gone() { ! pid_alive "$H"; }
wait_until "the stubborn driver's host killed" 500 host_gone
logged "cancelled job $JS" && fail "the stubborn driver logged a cancel it ignored"
wait_until "a new host for Faulty" 1500 host_changed Faulty "$H"

log "ABI 1.0 (no cancel()): the host is killed at once, as before"
u_print "$S_A" "$UA" --printer Old "$T_TMP/shared/hang.txt"
JO=$REPLY
wait_job "$JO" printing
HO=$(host_of Old)
[ "$HO" -gt 0 ] || fail "no driver host for Old"
cancel "$JO"
wait_job "$JO" cancelled
old_gone() { ! pid_alive "$HO"; }
wait_until "the ABI 1.0 host killed" 500 old_gone
logged "cancelled job $JO" && fail "the ABI 1.0 driver was called for a cancel"
expect_eq cancelled "$(job_field "$JO" status)" "the ABI 1.0 job's status"
u_print "$S_A" "$UA" --printer Old "$T_TMP/shared/fine.txt"
wait_job "$REPLY" done
expect_daemon_alive
