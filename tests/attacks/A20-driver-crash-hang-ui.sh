#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ATTACKS A20: a driver that crashes, hangs, leaks or wants to talk to the user.
#
# Part 1, printer drivers (s0-spooler): a test driver that segfaults, hangs or leaks on a
# marker in the job is contained in its driver host: the job fails with a clear status,
# the host is restarted, the next job on that printer prints, and another printer (its
# own host) and the spooler are unaffected throughout. A driver's "out of paper" reaches
# the job's owner only as a WTSSendMessage notification in their session -- the driver
# itself has no session, no window and no channel to the user. A driver that creates a
# visible window while rendering creates it on session 0's desktop, where nobody sees it:
# the session host reports it (kind ui0, naming the driver host's pid and uid),
# s0-ui0detect (a service of s0-scm) tells the users, the job's outcome is the driver's
# own (this one goes on and prints), and the user who printed gets no window.
#
# (Part 2, user-mode drivers (s0-drvhost), is appended below by the driver-host work.)
. "$S0_TESTS_SRC/spooler/lib-spooler.sh"

command -v tmux >/dev/null || { echo "SKIP: tmux is not installed (scripts/deps.sh installs it)"; exit 77; }
[ -f "$T_TMP/bin/printers/pdf.so" ] || { echo "SKIP: the pdf driver was not built (libcairo2-dev)"; exit 77; }

start_daemon
make_users_ab
logon_ab
agent_start pa "$S_A" "$UA"

# ---- part 1: printer drivers ------------------------------------------------------------
mkdir -p "$T_TMP/bin/ui0detect"
cp "$S0_UI0DETECT" "$T_TMP/bin/ui0detect/"
# its libraries are staged already (lib-spooler.sh): copying over them now would
# rewrite the files the running agents have mapped
chmod -R a+rX "$T_TMP/bin/ui0detect"
printf '[Service]\nBinaryPath=%s\nArguments=--runtime-dir %s\nAccount=LocalSystem\nStartType=demand\n' \
        "$T_TMP/bin/ui0detect/s0-ui0detect" "$T_RUN" >"$SCM_CONF/UI0Detect.conf"
SP_TIMEOUT=3 SP_MEMORY_MB=256 spooler_start "Faulty=faulty:log=$SP_LOG" PDF=pdf
SPID=$(spooler_pid)
PDF_HOST=$(host_of PDF)

mkjob() { echo "$2" >"$T_TMP/shared/$1"; chmod 644 "$T_TMP/shared/$1"; }
mkjob crash.txt "please CRASH now"
mkjob hang.txt "please HANG now"
mkjob leak.txt "please LEAK now"
mkjob paper.txt "PAPEROUT then print"
mkjob fine.txt "a fine job"

log "a driver that segfaults: its job fails with the signal, the host is restarted"
H0=$(host_of Faulty)
u_print "$S_A" "$UA" --printer Faulty "$T_TMP/shared/crash.txt"
JC=$REPLY
wait_job "$JC" failed
expect_eq "error: driver crashed (SIGSEGV)" "$(job_field "$JC" status)" "status of the crashed job"
wait_until "a new Faulty host" 500 host_changed Faulty "$H0"
see_note pa "failed: error: driver crashed (SIGSEGV)"
u_print "$S_A" "$UA" --printer Faulty "$T_TMP/shared/fine.txt"
JF=$REPLY
wait_job "$JF" done
expect_eq 1 "$(printed_count "$JF")" "the job after the crash printed once"
see_note pa "job $JF done"

log "a driver that hangs: the job times out (3 s), the host is killed and restarted"
H1=$(host_of Faulty)
u_print "$S_A" "$UA" --printer Faulty "$T_TMP/shared/hang.txt"
JH=$REPLY
u_print "$S_A" "$UA" --printer Faulty "$T_TMP/shared/fine.txt"
JF2=$REPLY
log "meanwhile the PDF printer prints (its own host)"
u_print "$S_A" "$UA" --printer PDF "$T_TMP/shared/fine.txt"
JP=$REPLY
wait_job "$JP" done
expect_eq printing "$(job_field "$JH" state)" "the hanging job while the PDF job printed"
wait_job "$JH" failed
expect_eq "error: driver timed out" "$(job_field "$JH" status)" "status of the hung job"
wait_job "$JF2" done
wait_until "a new Faulty host" 500 host_changed Faulty "$H1"
pid_alive "$H1" && fail "the hung host $H1 still runs"
expect_eq "$PDF_HOST" "$(host_of PDF)" "the PDF printer's host (never restarted)"

log "a driver that leaks: the address-space limit (256 MiB) stops it; the job fails, the next prints"
u_print "$S_A" "$UA" --printer Faulty "$T_TMP/shared/leak.txt"
JL=$REPLY
wait_job "$JL" failed
expect_contains "$(job_field "$JL" status)" "error: driver" "status of the leaking job"
u_print "$S_A" "$UA" --printer Faulty "$T_TMP/shared/fine.txt"
wait_job "$REPLY" done

log "a driver's 'out of paper' reaches the owner as a notification in their session"
u_print "$S_A" "$UA" --printer Faulty "$T_TMP/shared/paper.txt"
JO=$REPLY
wait_job "$JO" done
drain_until pa "printer out of paper"
expect_contains "$(pane pa)" "Printer Faulty: printer out of paper (job $JO" "the notification"
expect_contains "$(pane pa)" "Message from a service (session 0, uid 0)" "who sent it: the spooler, not the driver"

log "a driver that creates a visible window while rendering: detected, reported, the job prints"
expect_ok sc start UI0Detect
wait_state UI0Detect RUNNING
mkjob window.txt "WINDOW then print"
HW=$(host_of Faulty)
u_print "$S_A" "$UA" --printer Faulty "$T_TMP/shared/window.txt"
JW=$REPLY
wait_job "$JW" done
expect_eq 1 "$(printed_count "$JW")" "the job whose driver opened a window printed once"
UI0_TARGET="s0-printhost (pid $HW, uid $(id -u s0-printdrv)): window 'Faulty driver settings (job $JW)'"
ui0_seen() { s0 events --kind ui0 --json | grep -qF -- "$UI0_TARGET"; }
wait_until "the ui0 event naming the driver host" 500 ui0_seen
expect_ok s0 events --kind ui0
expect_contains "$T_OUT" "$UI0_TARGET" "s0ctl events (human output) names the driver host"
drain_until pa "s0-printhost (pid $HW"
expect_contains "$(pane pa)" "Interactive services detection" "the notice in the printing user's session"
log "the user who printed got no window: none in her session"
expect_ok in_session "$S_A" "$UA" "$S0CTL" --runtime-dir "$T_RUN" --json windows
expect_not_contains "$T_OUT" "Faulty driver" "the windows of session $S_A"
expect_eq "$HW" "$(host_of Faulty)" "the Faulty host (a window is no crash: not restarted)"

log "the spooler survived all of it"
expect_eq "$SPID" "$(spooler_pid)" "the spooler's pid"
expect_eq RUNNING "$(svc_field Spooler state)" "the spooler's state"
expect_daemon_alive
