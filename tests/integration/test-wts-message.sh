#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# WTSSendMessage end to end: s0-msgagent runs in session 1 as its user, in a real tmux
# pane; a service (root) sends messages with `s0ctl message`; the box is read back with
# capture-pane and answered with send-keys. Also: --no-wait gives IDASYNC at once,
# nobody answering gives IDTIMEOUT, a session with no agent gives IDTIMEOUT at once,
# another user's session is ERROR_ACCESS_DENIED, and escape sequences in a title are
# shown, not obeyed.
. "$S0_TESTS_SRC/integration/lib.sh"
. "$S0_TESTS_SRC/integration/lib-tmux.sh"

tmux_init
: "${S0_MSGAGENT:?S0_MSGAGENT not set (run through meson test)}"

# The agent runs as user a: a copy where a can read it, with libsession0 found the way
# the staged s0ctl finds it ($ORIGIN/../../lib).
mkdir -p "$T_TMP/bin/tools/s0-msgagent"
cp "$S0_MSGAGENT" "$T_TMP/bin/tools/s0-msgagent/s0-msgagent"
chmod -R a+rX "$T_TMP/bin"
AGENT=$T_TMP/bin/tools/s0-msgagent/s0-msgagent

start_daemon
make_users_ab
logon_ab

log "the agent starts in session 1 as user a, on a tmux pane"
tm new-session -d -s msg -x 110 -y 50 \
        "exec '$S0CTL' --runtime-dir '$T_RUN' run --session 1 --user '$UA' -- '$AGENT' --no-notify"
wait_until "the agent's ready line" 500 pane_has "ready, showing messages for session 1" ||
        { dump_pane; fail "no agent"; }

log "a service (root in session 0) sends a yes/no message; 'y' in the pane answers IDYES"
"$S0CTL" --runtime-dir "$T_RUN" run --session 0 -- "$S0CTL" message --session 1 --style yesno --timeout 60 --title "Disk check T1" \
        "Restart the backup now?" >"$T_TMP/ans1" 2>&1 &
P1=$!
T_BGPIDS+=("$P1")
wait_until "the first box" 500 pane_has "Restart the backup now?" || { dump_pane; fail "no box"; }
BOX=$(pane)
expect_contains "$BOX" "Disk check T1" "the title in the box"
expect_contains "$BOX" "[Y]es" "the Yes button"
expect_contains "$BOX" "[N]o" "the No button"
expect_contains "$BOX" "Message from a service (session 0, uid 0)" "where the message comes from"
tm send-keys -t msg y
wait "$P1" || fail "s0ctl message failed: $(cat "$T_TMP/ans1")"
expect_eq IDYES "$(cat "$T_TMP/ans1")" "answer to the yes/no box after 'y'"
wait_until "the agent's echo of the answer" 500 pane_has "-> IDYES"

log "--no-wait: IDASYNC at once while the box is shown; Enter answers OK"
run_rc timeout 10 "$S0CTL" --runtime-dir "$T_RUN" message --session 1 --no-wait --timeout 60 --title "T2" \
        "Asynchronous notice"
expect_eq 0 "$T_RC" "exit status of message --no-wait (stderr: $T_ERR)"
expect_eq IDASYNC "$T_OUT" "answer without waiting"
wait_until "the no-wait box" 500 pane_has "Asynchronous notice" || { dump_pane; fail "no box"; }
N_OK=$(pane_count "-> IDOK")
tm send-keys -t msg Enter
ok_count_above() { [ "$(pane_count "-> IDOK")" -gt "$1" ]; } # counted at each poll, not once
wait_until "the no-wait box answered" 500 ok_count_above "$N_OK"

log "--json, and nobody answering within 2 s: IDTIMEOUT"
SECONDS=0
run_rc timeout 20 "$S0CTL" --runtime-dir "$T_RUN" --json message --session 1 --timeout 2 --title "T3" \
        "Nobody will answer this"
expect_eq 0 "$T_RC" "exit status of a timed-out message (stderr: $T_ERR)"
expect_eq '{"session": 1, "response": 32000, "name": "IDTIMEOUT"}' "$T_OUT" "JSON answer of a timed-out message"
[ "$SECONDS" -ge 1 ] || fail "IDTIMEOUT came before the 2 s timeout ($SECONDS s)"
wait_until "the agent's own timeout" 500 pane_has "-> IDTIMEOUT"

log "no agent in session 2: IDTIMEOUT at once, even with timeout 0 (forever)"
SECONDS=0
run_rc timeout 10 "$S0CTL" --runtime-dir "$T_RUN" message --session 2 --style yesno "Anyone there?"
expect_eq 0 "$T_RC" "exit status of a message to a session without agent (stderr: $T_ERR)"
expect_eq IDTIMEOUT "$T_OUT" "answer from a session without agent"
[ "$SECONDS" -le 2 ] || fail "a session without agent took $SECONDS s to answer"
run_rc timeout 10 "$S0CTL" --runtime-dir "$T_RUN" message --session 2 --no-wait "Anyone there?"
expect_eq IDTIMEOUT "$T_OUT" "answer from a session without agent, not waiting"

log "user b may not send to user a's session 1: ERROR_ACCESS_DENIED; a's own message is fine"
expect_fail_msg "ERROR_ACCESS_DENIED" as_user "$UB" "$S0CTL" --runtime-dir "$T_RUN" message --session 1 \
        --title "spoof-title" "spoof"
expect_contains "$T_ERR" "belongs to another user" "the reason"
wait_until "the refusal in the audit journal" 100 \
        sh -c "'$S0CTL' --runtime-dir '$T_RUN' --json events --kind wts_message | grep -q \"spoof-title\""
expect_not_contains "$(pane)" "spoof" "the pane after a refused message"
expect_fail_msg "ERROR_CTX_WINSTATION_NOT_FOUND" "$S0CTL" --runtime-dir "$T_RUN" message --session 77 "x"
as_user "$UA" "$S0CTL" --runtime-dir "$T_RUN" message --session 1 --style okcancel --timeout 30 --title "T5" \
        "From a to a" >"$T_TMP/ans5" 2>&1 &
P5=$!
T_BGPIDS+=("$P5")
wait_until "a's own box" 500 pane_has "From a to a" || { dump_pane; fail "no box"; }
tm send-keys -t msg c
wait "$P5" || fail "a's message to session 1 failed: $(cat "$T_TMP/ans5")"
expect_eq IDCANCEL "$(cat "$T_TMP/ans5")" "answer to a's own okcancel box after 'c'"

log "escape sequences in the title and text are shown, not obeyed"
ESC=$(printf '\033')
"$S0CTL" --runtime-dir "$T_RUN" message --session 1 --timeout 60 \
        --title "${ESC}[31mRED${ESC}[0m T6 ${ESC}]0;pwned$(printf '\007')" \
        "line1${ESC}[2J$(printf '\r')over" >"$T_TMP/ans6" 2>&1 &
P6=$!
T_BGPIDS+=("$P6")
wait_until "the escape box" 500 pane_has "T6" || { dump_pane; fail "no box"; }
BOX=$(pane)
expect_contains "$BOX" "^[[31mRED^[[0m T6 ^[]0;pwned^G" "the sanitised title"
expect_contains "$BOX" "line1^[[2J^Mover" "the sanitised text"
expect_contains "$BOX" "Disk check T1" "the earlier box (the screen was not cleared)"
tm send-keys -t msg o
wait "$P6" || fail "s0ctl message failed: $(cat "$T_TMP/ans6")"
expect_eq IDOK "$(cat "$T_TMP/ans6")" "answer to the sanitised box"

log "the agent going away mid-message answers IDTIMEOUT at once"
"$S0CTL" --runtime-dir "$T_RUN" message --session 1 --timeout 60 --title T7 "Agent dies" >"$T_TMP/ans7" 2>&1 &
P7=$!
T_BGPIDS+=("$P7")
wait_until "the last box" 500 pane_has "Agent dies" || { dump_pane; fail "no box"; }
AGENT_PID=$(pgrep -u "$UA" -f "s0-msgagent --no-notify" | head -n1)
[ -n "$AGENT_PID" ] || fail "no agent process of user a"
SECONDS=0
kill -TERM "$AGENT_PID"
wait "$P7" || fail "s0ctl message failed: $(cat "$T_TMP/ans7")"
expect_eq IDTIMEOUT "$(cat "$T_TMP/ans7")" "answer when the agent stops mid-message"
[ "$SECONDS" -le 5 ] || fail "the agent's exit took $SECONDS s to answer"
wait_until "the agent's goodbye" 500 pane_has "s0-msgagent: stopped"

expect_daemon_alive
