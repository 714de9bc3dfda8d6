#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Two users in two sessions print at once through s0-spooler (a service of s0-scm in
# session 0, the shipped Spooler.conf): each gets a real PDF in their own output
# directory, unreadable to the other, and their own WTSSendMessage notification;
# PostScript goes through ghostscript; the refusals have their Win32 codes, and a user
# cancelling another's job is refused and audited. SetJob levels 1 and 2: users reorder,
# reprioritise and rename their own queued jobs (held behind a hanging job of the faulty
# driver), the queue order shows in EnumJobs, survives a kill -9 of the spooler and is
# the order the jobs print in.
. "$(dirname "$0")/lib-spooler.sh"

for p in tmux pdfinfo gs; do
        command -v "$p" >/dev/null || { echo "SKIP: $p is not installed (scripts/deps.sh installs it)"; exit 77; }
done
[ -f "$T_TMP/bin/printers/pdf.so" ] || { echo "SKIP: the pdf driver was not built (libcairo2-dev)"; exit 77; }

start_daemon
make_users_ab
logon_ab
agent_start pa "$S_A" "$UA"
agent_start pb "$S_B" "$UB"
chmod 1777 "$T_TMP/shared" # the faulty driver (s0-printdrv) appends to $SP_LOG there
# a long job timeout: the hanging job holds the Faulty printer until it is cancelled
SP_TIMEOUT=300 spooler_start PDF=pdf "Faulty=faulty:log=$SP_LOG"
pid=$(spooler_pid)
expect_eq 0 "$(s0 session-of "$pid")" "the spooler's session"
expect_eq 0 "$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")" "the spooler's uid (LocalSystem)"
capeff=$(awk '/^CapEff:/ { print $2 }' "/proc/$pid/status")
[ "$capeff" != "000001ffffffffff" ] && [ "$capeff" != "000003ffffffffff" ] || fail "the spooler kept every capability ($capeff)"

log "the printer and its driver host: s0-printdrv, no capabilities, no new privileges"
expect_ok as_s0 "$S0CTL" --runtime-dir "$T_RUN" --json printers
hpid=$(echo "$T_OUT" | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["host_pid"])')
[ "$hpid" -gt 0 ] || fail "no driver host: $T_OUT"
expect_eq "$(id -u s0-printdrv)" "$(awk '/^Uid:/ { print $2 }' "/proc/$hpid/status")" "the driver host's uid"
expect_eq 0000000000000000 "$(awk '/^CapEff:/ { print $2 }' "/proc/$hpid/status")" "the driver host's capabilities"
expect_eq 1 "$(awk '/^NoNewPrivs:/ { print $2 }' "/proc/$hpid/status")" "the driver host's no_new_privs"

log "a and b print at once from their sessions"
for i in $(seq 1 40); do echo "alice's line $i"; done >"$T_TMP/shared/a.txt"
for i in $(seq 1 90); do echo "bob's line $i — ünïcode"; done >"$T_TMP/shared/b.txt"
chmod 644 "$T_TMP/shared/a.txt" "$T_TMP/shared/b.txt"
in_session "$S_A" "$UA" "$S0CTL" --runtime-dir "$T_RUN" --json print --printer pdf "$T_TMP/shared/a.txt" >"$T_TMP/ja" 2>&1 &
PA=$!
in_session "$S_B" "$UB" "$S0CTL" --runtime-dir "$T_RUN" --json print --title "Bob's report" "$T_TMP/shared/b.txt" >"$T_TMP/jb" 2>&1 &
PB=$!
T_BGPIDS+=("$PA" "$PB")
wait "$PA" || fail "a's print failed: $(cat "$T_TMP/ja")"
wait "$PB" || fail "b's print failed: $(cat "$T_TMP/jb")"
JA=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["job"])' "$T_TMP/ja")
JB=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["job"])' "$T_TMP/jb")
expect_ne "$JA" "$JB" "job ids"
wait_job "$JA" done
wait_job "$JB" done
OA=$(job_field "$JA" output)
OB=$(job_field "$JB" output)
expect_eq "$SP_OUT/$UA/job$JA-a_txt.pdf" "$OA" "a's output"
expect_eq "$SP_OUT/$UB/job$JB-Bob_s_report.pdf" "$OB" "b's output"
expect_eq "$UA 600" "$(stat -c '%U %a' "$OA")" "owner and mode of a's PDF"
expect_eq "$UB 700" "$(stat -c '%U %a' "$SP_OUT/$UB")" "owner and mode of b's output directory"
expect_eq 1 "$(pdf_pages "$OA")" "pages of a's PDF (pdfinfo)"
expect_eq 2 "$(pdf_pages "$OB")" "pages of b's PDF (90 lines: two pages)"
expect_ok pdfinfo "$OB"
expect_contains "$T_OUT" "Bob's report" "b's PDF title"
expect_ok as_user "$UA" cat "$OA"
run_rc as_user "$UA" cat "$OB"
expect_ne 0 "$T_RC" "a reading b's PDF"
run_rc as_user "$UB" ls "$SP_OUT/$UA"
expect_ne 0 "$T_RC" "b listing a's output directory"

log "each gets their own notification, in their own session"
see_note pa "job $JA done: $OA"
see_note pb "job $JB done: $OB"
pane_has pa "job $JA done" || fail "a's notification missing"
pane_has pb "job $JB done" || fail "b's notification missing"
! pane_has pa "job $JB done" || fail "a saw b's notification"
! pane_has pb "job $JA done" || fail "b saw a's notification"
expect_contains "$(pane pa)" "Message from a service (session 0, uid 0)" "who sent a's notification"

log "the output path is the owner's business: b does not see a's"
expect_ok in_session "$S_B" "$UB" "$S0CTL" --runtime-dir "$T_RUN" --json jobs
expect_not_contains "$T_OUT" "$OA" "b's job list"
expect_contains "$T_OUT" "\"id\": $JA" "b's job list (a's job is listed, as on Windows)"

log "PostScript goes through ghostscript"
printf '%%!PS\n/Helvetica findfont 24 scalefont setfont 72 700 moveto (session0) show showpage\n' >"$T_TMP/shared/p.ps"
chmod 644 "$T_TMP/shared/p.ps"
u_print "$S_A" "$UA" "$T_TMP/shared/p.ps"
JP=$REPLY
expect_eq postscript "$(job_field "$JP" datatype)" "the datatype of a .ps job"
wait_job "$JP" done
expect_eq 1 "$(pdf_pages "$(job_field "$JP" output)")" "pages of the converted PostScript"
see_note pa "job $JP done"

log "refusals: unknown printer 1801, unknown job 87, another user's job 5 (audited)"
expect_fail_msg "ERROR_INVALID_PRINTER_NAME (1801)" in_session "$S_A" "$UA" "$S0CTL" --runtime-dir "$T_RUN" \
        print --printer NoSuchPrinter "$T_TMP/shared/a.txt"
expect_fail_msg "ERROR_INVALID_PARAMETER (87)" in_session "$S_A" "$UA" "$S0CTL" --runtime-dir "$T_RUN" job cancel 9999
expect_fail_msg "ERROR_ACCESS_DENIED (5)" in_session "$S_B" "$UB" "$S0CTL" --runtime-dir "$T_RUN" job cancel "$JA"
expect_fail_msg "ERROR_ACCESS_DENIED (5)" in_session "$S_B" "$UB" "$S0CTL" --runtime-dir "$T_RUN" job pause "$JA"
wait_until "the refusal in the audit journal" 500 \
        sh -c "'$S0CTL' --runtime-dir '$T_RUN' --json events --kind print | grep -q 'cancel job $JA of $UA by $UB'"
expect_ok s0 --json events --kind print
expect_contains "$T_OUT" '"result":5' "the audited refusal's result"
expect_ok in_session "$S_A" "$UA" "$S0CTL" --runtime-dir "$T_RUN" job delete "$JA"
run_rc job_field "$JA" state
expect_eq "" "$T_OUT" "a's deleted job in the list"

log "the Win32 API: EnumPrinters 1, 2 and 4, OpenPrinter .. EndDocPrinter, EnumJobs 1 and 2, SetJob"
expect_ok in_session "$S_A" "$UA" "$WINSPOOL" enum
expect_contains "$T_OUT" "level1 PDF" "EnumPrintersW level 1"
expect_contains "$T_OUT" "level2 PDF driver=pdf" "EnumPrintersW level 2"
expect_contains "$T_OUT" "level4 PDF server=null attributes=0x41" "EnumPrintersW level 4 (QUEUED|LOCAL)"
expect_ok in_session "$S_A" "$UA" "$WINSPOOL" enuma
expect_contains "$T_OUT" "level2a PDF driver=pdf" "EnumPrintersA level 2 (ANSI strings inside the buffer)"
run_rc in_session "$S_A" "$UA" "$WINSPOOL" open NoSuchPrinter
expect_eq "error 1801" "$T_OUT" "OpenPrinterW of an unknown printer (ERROR_INVALID_PRINTER_NAME)"
expect_ok in_session "$S_A" "$UA" "$WINSPOOL" print PDF "printed through WritePrinter"
JW=${T_OUT#job }
wait_job "$JW" done
expect_eq 1 "$(pdf_pages "$(job_field "$JW" output)")" "pages of the WritePrinter job"
expect_ok in_session "$S_B" "$UB" "$WINSPOOL" jobs PDF
expect_contains "$T_OUT" "$JW $UA 0x1080 winspool test" "EnumJobsW: a's job, JOB_STATUS_PRINTED|COMPLETE"
expect_ok in_session "$S_B" "$UB" "$WINSPOOL" jobsa PDF
expect_contains "$T_OUT" "$JW $UA 0x1080 winspool test" "EnumJobsA: the same job, ANSI strings"
JW_SIZE=$(job_field "$JW" size)
for v in jobs2 jobs2a; do
        expect_ok in_session "$S_B" "$UB" "$WINSPOOL" "$v" PDF
        expect_contains "$T_OUT" "$JW $UA notify=$UA dt=TEXT proc=winprint size=$JW_SIZE priority=1 devmode=null sd=null doc=winspool test" \
                "EnumJobs level 2 ($v): a's job"
done
run_rc in_session "$S_B" "$UB" "$WINSPOOL" setjob PDF "$JW" 3
expect_eq "error 5" "$T_OUT" "SetJobW(JOB_CONTROL_CANCEL) on another user's job"
run_rc in_session "$S_A" "$UA" "$WINSPOOL" setjob PDF 99999 3
expect_eq "error 87" "$T_OUT" "SetJobW on an unknown job"
expect_ok in_session "$S_A" "$UA" "$WINSPOOL" setjob PDF "$JW" 5
drain_until pa "job $JW done"

log "SetJob levels 1 and 2: a hanging job holds Faulty; a and b reorder their queued jobs"
echo "HANG here" >"$T_TMP/shared/hang.txt"
echo "a fine job" >"$T_TMP/shared/fine.txt"
chmod 644 "$T_TMP/shared/hang.txt" "$T_TMP/shared/fine.txt"
u_print "$S_A" "$UA" --printer Faulty "$T_TMP/shared/hang.txt"
JH=$REPLY
wait_job "$JH" printing
Q=()
for i in 1 2 3; do
        u_print "$S_A" "$UA" --printer Faulty "$T_TMP/shared/fine.txt"
        Q+=("$REPLY")
done
u_print "$S_B" "$UB" --printer Faulty "$T_TMP/shared/fine.txt"
QB=$REPLY
queue() { # the job ids of Faulty in EnumJobsW's order, one line
        in_session "$S_A" "$UA" "$WINSPOOL" jobs Faulty | awk '{ printf "%s%s", sep, $1; sep = " " }'
}
expect_eq "$JH ${Q[0]} ${Q[1]} ${Q[2]} $QB" "$(queue)" "the queue as submitted"
expect_ok in_session "$S_A" "$UA" "$WINSPOOL" setjob1 Faulty "${Q[2]}" 1 1 "third first"
expect_eq "$JH ${Q[2]} ${Q[0]} ${Q[1]} $QB" "$(queue)" "the queue after SetJobW level 1 Position 1"
expect_ok in_session "$S_A" "$UA" "$WINSPOOL" jobs Faulty
expect_contains "$T_OUT" "${Q[2]} $UA 0x0 third first" "EnumJobsW: the renamed job"
expect_ok in_session "$S_A" "$UA" "$WINSPOOL" setjob2a Faulty "${Q[1]}" 50 0 -
expect_eq "$JH ${Q[1]} ${Q[2]} ${Q[0]} $QB" "$(queue)" "the queue after SetJobA level 2 Priority 50 (higher first)"
expect_ok in_session "$S_A" "$UA" "$WINSPOOL" jobs Faulty
prio_of() { awk -v id="$1" '$1 == id { sub(/.*priority=/, ""); print }' <<<"$T_OUT"; }
expect_eq 50 "$(prio_of "${Q[1]}")" "EnumJobsW: the Priority SetJobA gave"
expect_eq 1 "$(prio_of "${Q[0]}")" "EnumJobsW: an unchanged job's Priority"
expect_eq 50 "$(job_field "${Q[1]}" priority)" "s0ctl --json jobs: priority"
expect_eq "$(job_field "${Q[0]}" document)" "$(job_field "${Q[1]}" document)" "pDocument NULL leaves the name as it was"

log "SetJob refusals: another user's job 5 (audited), bad priority 87, moving the printing job 87, a finished job 87"
run_rc in_session "$S_B" "$UB" "$WINSPOOL" setjob1 Faulty "${Q[0]}" 1 1 -
expect_eq "error 5" "$T_OUT" "SetJobW level 1 on another user's job"
expect_fail_msg "ERROR_ACCESS_DENIED (5)" in_session "$S_B" "$UB" "$S0CTL" --runtime-dir "$T_RUN" job set "${Q[0]}" --position 1
wait_until "the SetJob refusal in the audit journal" 500 \
        sh -c "'$S0CTL' --runtime-dir '$T_RUN' --json events --kind print | grep -q 'change job ${Q[0]} of $UA by $UB'"
run_rc in_session "$S_A" "$UA" "$WINSPOOL" setjob1 Faulty "${Q[0]}" 100 0 -
expect_eq "error 87" "$T_OUT" "SetJobW priority 100 (above MAX_PRIORITY)"
run_rc in_session "$S_A" "$UA" "$WINSPOOL" setjob2a Faulty "${Q[0]}" 0 0 -
expect_eq "error 87" "$T_OUT" "SetJobA priority 0 (below MIN_PRIORITY)"
run_rc in_session "$S_A" "$UA" "$WINSPOOL" setjob1 Faulty "$JH" 1 2 -
expect_eq "error 87" "$T_OUT" "SetJobW moving the printing job"
run_rc in_session "$S_A" "$UA" "$WINSPOOL" setjob1 PDF "$JP" 1 0 renamed
expect_eq "error 87" "$T_OUT" "SetJobW on a finished job"
run_rc in_session "$S_A" "$UA" "$WINSPOOL" setjob1 PDF 99999 1 0 renamed
expect_eq "error 87" "$T_OUT" "SetJobW level 1 on an unknown job"
expect_eq "$JH ${Q[1]} ${Q[2]} ${Q[0]} $QB" "$(queue)" "the queue after the refusals (unchanged)"

log "s0ctl job set: a renames and moves a job, b moves theirs to the front"
expect_ok in_session "$S_A" "$UA" "$S0CTL" --runtime-dir "$T_RUN" --json job set "${Q[0]}" --position 2 --document "via s0ctl"
expect_contains "$T_OUT" '"command": "set"' "s0ctl job set --json"
expect_eq "via s0ctl" "$(job_field "${Q[0]}" document)" "the document name set by s0ctl"
expect_ok in_session "$S_B" "$UB" "$S0CTL" --runtime-dir "$T_RUN" job set "$QB" --position 1
expect_eq "$JH $QB ${Q[1]} ${Q[0]} ${Q[2]}" "$(queue)" "the queue after s0ctl job set --position"
expect_fail_msg "--priority 1..99" in_session "$S_A" "$UA" "$S0CTL" --runtime-dir "$T_RUN" job set "${Q[0]}" --priority 0
expect_ok "$S0CTL" job --help
expect_contains "$T_OUT" "--priority" "s0ctl job --help"

log "the queue order survives kill -9 of the spooler, and is the order the jobs print in"
OLD=$(spooler_pid)
kill -KILL "$OLD"
new_spooler() { local p; p=$(spooler_pid); [ -n "$p" ] && [ "$p" != "$OLD" ] && [ "$p" != 0 ]; }
wait_until "a new spooler" 1500 new_spooler
wait_until "the new spooler answers" 1500 as_s0 "$S0CTL" printers
wait_job "$JH" printing
expect_eq "$JH $QB ${Q[1]} ${Q[0]} ${Q[2]}" "$(queue)" "the queue after the restart"
expect_eq "via s0ctl" "$(job_field "${Q[0]}" document)" "the document name after the restart"
expect_ok in_session "$S_A" "$UA" "$S0CTL" --runtime-dir "$T_RUN" job cancel "$JH"
wait_job "$JH" cancelled
for j in "$QB" "${Q[@]}"; do wait_job "$j" done; done
expect_eq "$QB ${Q[1]} ${Q[0]} ${Q[2]}" "$(sed -n 's/^printed job //p' "$SP_LOG" | tr '\n' ' ' | sed 's/ $//')" \
        "the order the faulty driver printed in"

expect_ok sc stop Spooler
wait_state Spooler STOPPED
expect_daemon_alive
