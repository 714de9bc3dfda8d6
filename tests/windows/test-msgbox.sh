#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# MessageBox end to end (docs/WINDOWS.md "Message boxes"). User a logs on from a real
# tmux pane that session0d knows as its console terminal, so her session is the console
# session, and her s0-msgagent runs on that pane; boxes are read back with capture-pane
# and answered with send-keys.
#  - in her session, MessageBoxW/A/ExW return the button she chose; MessageBoxTimeout
#    nobody answers returns IDTIMEOUT;
#  - a bad style, an invalid hWnd, MB_SERVICE_NOTIFICATION with an hWnd: 0 and the exact
#    error, and no box;
#  - a service (session 0) without MB_SERVICE_NOTIFICATION: a ui0 event in the journal,
#    nothing on her pane, and the call blocks (MessageBoxTimeout: IDTIMEOUT when due);
#  - MB_SERVICE_NOTIFICATION from session 0 reaches nobody (Vista+, SEMANTICS.md 9): a
#    ui0 event, IDTIMEOUT when MessageBoxTimeout is due; MB_DEFAULT_DESKTOP_ONLY in her
#    session is her box; in legacy mode both a service's box and its notification are hers;
#  - legacy mode: she shares session 0 with the services, and answers their boxes.
. "$S0_TESTS_SRC/integration/lib.sh"
. "$S0_TESTS_SRC/integration/lib-tmux.sh"
. "$S0_TESTS_SRC/windows/lib-windows.sh"

tmux_init
: "${S0_MSGAGENT:?S0_MSGAGENT not set (run through meson test)}"

stage_windows
cp "$S0_WINDOWSTESTS/test-msgbox" "$T_TMP/bin/tests/windows/"
mkdir -p "$T_TMP/bin/tools/s0-msgagent"
cp "$S0_MSGAGENT" "$T_TMP/bin/tools/s0-msgagent/"
chmod -R a+rX "$T_TMP/bin"
MB=$T_TMP/bin/tests/windows/test-msgbox
AGENT=$T_TMP/bin/tools/s0-msgagent/s0-msgagent

# MB_* as winuser.h has them
MB_OK=0x0 MB_OKCANCEL=0x1 MB_YESNO=0x4 MB_ICONWARNING=0x30
MB_SERVICE_NOTIFICATION=0x00200000 MB_DEFAULT_DESKTOP_ONLY=0x00020000

mb() { # SESSION USER ARGS... (the call's output in $T_OUT)
        local s=$1 u=$2
        shift 2
        run_rc in_session "$s" "$u" env S0_RUNTIME_DIR="$T_RUN" "$MB" "$@"
        [ "$T_RC" = 0 ] || fail "test-msgbox $* in session $s failed ($T_RC): $T_ERR"
        if grep -q -E 'Sanitizer|runtime error:' <<<"$T_ERR"; then fail "test-msgbox $*: $T_ERR"; fi
}
mb_bg() { # SESSION USER OUT ARGS...
        local s=$1 u=$2 out=$3
        shift 3
        bg_start in_session "$s" "$u" env S0_RUNTIME_DIR="$T_RUN" "$MB" "$@" >"$out" 2>&1
}
mb_svc() { mb 0 root "$@"; }            # a service: root in session 0
mb_svc_bg() { mb_bg 0 root "$@"; }
events() { s0 --json events --kind "$1"; }
event_has() { events "$1" | grep -qF -- "$2"; } # KIND TEXT
answered() { [ -s "$1" ]; }

make_users_ab
log "the pane: a's console logon, then her agent (the logon waits for the daemon)"
mkfifo "$T_TMP/go"
tm new-session -d -s msg -x 120 -y 50 \
        "read -r _ <'$T_TMP/go' && S=\$('$S0CTL' --runtime-dir '$T_RUN' logon '$UA') && echo \"\$S\" >'$T_TMP/console' &&
         exec '$S0CTL' --runtime-dir '$T_RUN' run --session \"\$S\" --user '$UA' -- '$AGENT' --no-notify"
PTY=$(tm display-message -p -t msg '#{pane_tty}')
[[ "$PTY" == /dev/pts/* ]] || fail "unexpected pane tty '$PTY'"
start_daemon --console-tty="${PTY#/dev/}"

echo go >"$T_TMP/go"
wait_until "a's console logon" 500 test -s "$T_TMP/console"
SC=$(cat "$T_TMP/console")
[[ "$SC" =~ ^[1-9][0-9]*$ ]] || fail "the console logon printed '$SC'"
wait_until "the agent's ready line" 500 pane_has "ready, showing messages for session $SC" ||
        { dump_pane; fail "no agent"; }
expect_eq "$SC" "$(s0 --json sessions | python3 -c 'import json, sys
print(" ".join(str(s["id"]) for s in json.load(sys.stdin) if s.get("console")))')" "the console session"

log "bad styles, bad hWnds: 0 and the exact error, no box"
mb "$SC" "$UA" W 0x7 0 "Bad T" "style 7"
expect_eq "ret=0 err=1438" "$T_OUT" "MB_ type 7: ERROR_INVALID_MSGBOX_STYLE"
mb "$SC" "$UA" A 0x00400000 0 "Bad T" "unknown bit"
expect_eq "ret=0 err=1438" "$T_OUT" "an unknown MB_ bit: ERROR_INVALID_MSGBOX_STYLE"
mb "$SC" "$UA" W 0xFFFFFFFF 0 "Bad T" "every bit"
expect_eq "ret=0 err=1438" "$T_OUT" "every bit: ERROR_INVALID_MSGBOX_STYLE"
mb "$SC" "$UA" W $MB_SERVICE_NOTIFICATION 0 "Bad T" "notification with hwnd" 0x10000
expect_eq "ret=0 err=87" "$T_OUT" "MB_SERVICE_NOTIFICATION with an hWnd: ERROR_INVALID_PARAMETER"
mb_svc ExA $MB_DEFAULT_DESKTOP_ONLY 0 "Bad T" "desktop-only with hwnd" 0x10000
expect_eq "ret=0 err=87" "$T_OUT" "MB_DEFAULT_DESKTOP_ONLY with an hWnd: ERROR_INVALID_PARAMETER"
mb "$SC" "$UA" W $MB_OK 0 "Bad T" "no such window" 0x12345678
expect_eq "ret=0 err=1400" "$T_OUT" "an hWnd that is no window: ERROR_INVALID_WINDOW_HANDLE"
expect_not_contains "$(pane)" "Bad T" "the pane after refused boxes"

log "in a's session, MessageBoxW yes/no: 'y' on her pane is IDYES"
mb_bg "$SC" "$UA" "$T_TMP/ans1" W $((MB_YESNO | MB_ICONWARNING)) 0 "Upgrade T1" "Proceed with the upgrade?"
wait_until "the first box" 500 pane_has "Proceed with the upgrade?" || { dump_pane; fail "no box"; }
expect_contains "$(pane)" "[Y]es" "the Yes button"
tm send-keys -t msg y
wait_until "the answer" 500 answered "$T_TMP/ans1"
expect_eq "ret=6 err=0" "$(cat "$T_TMP/ans1")" "MessageBoxW after 'y'"
wait_until "the send in the journal" 100 event_has wts_message "message 'Upgrade T1'"

log "MessageBoxA ok/cancel: 'c' is IDCANCEL"
mb_bg "$SC" "$UA" "$T_TMP/ans2" A $MB_OKCANCEL 0 "Ansi T2" "An ANSI box"
wait_until "the second box" 500 pane_has "An ANSI box" || { dump_pane; fail "no box"; }
tm send-keys -t msg c
wait_until "the answer" 500 answered "$T_TMP/ans2"
expect_eq "ret=2 err=0" "$(cat "$T_TMP/ans2")" "MessageBoxA after 'c'"

log "MessageBoxExW with a NULL caption: titled 'Error'; Enter is IDOK"
mb_bg "$SC" "$UA" "$T_TMP/ans3" ExW $MB_OK 0 NULL "A box without caption T3"
wait_until "the third box" 500 pane_has "A box without caption T3" || { dump_pane; fail "no box"; }
expect_contains "$(pane | grep -B8 -F 'A box without caption T3')" "Error" "the default title"
tm send-keys -t msg Enter
wait_until "the answer" 500 answered "$T_TMP/ans3"
expect_eq "ret=1 err=0" "$(cat "$T_TMP/ans3")" "MessageBoxExW after Enter"

log "MessageBoxTimeoutW that nobody answers: IDTIMEOUT after its 1.5 s"
SECONDS=0
mb "$SC" "$UA" TimeoutW $MB_YESNO 1500 "Timeout T4" "Nobody answers this"
expect_eq "ret=32000 err=0" "$T_OUT" "MessageBoxTimeoutW unanswered"
[ "$SECONDS" -ge 1 ] || fail "IDTIMEOUT came before the timeout ($SECONDS s)"
wait_until "the agent's own timeout" 500 pane_has "-> IDTIMEOUT"

log "a text longer than the agent's box (2000 bytes) is cut, not refused"
LONG="Long T11 $(printf 'x%.0s' $(seq 2000))"
mb "$SC" "$UA" TimeoutA $MB_OK 1000 "Long T11" "$LONG"
expect_eq "ret=32000 err=0" "$T_OUT" "MessageBoxTimeoutA with a 2000-byte text, unanswered"
wait_until "the long box on the pane" 100 pane_has "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

log "a service's MessageBox in session 0: a ui0 event, nothing on a's pane, the call blocks"
mb_svc_bg "$T_TMP/ans5" W $((MB_OK | MB_ICONWARNING)) 0 "Hidden T5" "Nobody sees this box"
wait_until "the ui0 event" 500 event_has ui0 "MessageBox 'Hidden T5'"
EV=$(events ui0 | python3 -c 'import json, sys
for e in map(json.loads, sys.stdin):  # one event a line
    if "Hidden T5" in e["target"]:
        print(e["session"], e["uid"], e["target"])')
expect_contains "$EV" "0 0 test-msgbox (pid " "the event: session 0, uid 0, the program"
expect_contains "$EV" ", uid 0): MessageBox 'Hidden T5'" "the event's target"
HIDDEN=$(pgrep -f "test-msgbox W .* Hidden T5" | head -n1)
[ -n "$HIDDEN" ] || fail "the service's MessageBox is not running"
pid_alive "$HIDDEN" || fail "the service's MessageBox returned"
expect_eq "" "$(cat "$T_TMP/ans5")" "the blocked call's output"
expect_not_contains "$(pane)" "Nobody sees this box" "a's pane"
kill -TERM "$HIDDEN" # the only way out, as for a hung service on Windows
wait_until "the blocked MessageBox killed" 500 sh -c "! kill -0 $HIDDEN"

log "MessageBoxTimeoutA in session 0: a ui0 event, IDTIMEOUT when due"
SECONDS=0
mb_svc TimeoutA $MB_OK 1500 "Hidden T6" "Nobody sees this either"
expect_eq "ret=32000 err=0" "$T_OUT" "MessageBoxTimeoutA in session 0"
[ "$SECONDS" -ge 1 ] || fail "IDTIMEOUT came before the timeout ($SECONDS s)"
wait_until "the ui0 event" 100 event_has ui0 "MessageBox 'Hidden T6'"

log "MB_SERVICE_NOTIFICATION from session 0 reaches nobody since Vista: a ui0 event, IDTIMEOUT when due"
SECONDS=0
mb_svc TimeoutW $((MB_SERVICE_NOTIFICATION | MB_YESNO)) 1500 "Service T7" "Reboot the machine now?"
expect_eq "ret=32000 err=0" "$T_OUT" "MessageBoxTimeoutW with MB_SERVICE_NOTIFICATION in session 0"
[ "$SECONDS" -ge 1 ] || fail "IDTIMEOUT came before the timeout ($SECONDS s)"
wait_until "the ui0 event" 100 event_has ui0 "MessageBox 'Service T7'"
expect_not_contains "$(pane)" "Reboot the machine now?" "a's pane"
if event_has wts_message "Service T7"; then fail "an MB_SERVICE_NOTIFICATION box crossed to a user session"; fi

log "MB_DEFAULT_DESKTOP_ONLY in a's own session: her box, 'o' is IDOK"
mb_bg "$SC" "$UA" "$T_TMP/ans8" ExW $((MB_DEFAULT_DESKTOP_ONLY | MB_OKCANCEL)) 0 "Notice T8" "Desktop-only notice"
wait_until "the box" 500 pane_has "Desktop-only notice" || { dump_pane; fail "no box"; }
tm send-keys -t msg o
wait_until "the answer" 500 answered "$T_TMP/ans8"
expect_eq "ret=1 err=0" "$(cat "$T_TMP/ans8")" "MB_DEFAULT_DESKTOP_ONLY after 'o'"

log "legacy mode (XP): the console user shares session 0, so a service's box is hers to answer"
stop_daemon
tm kill-session -t msg
start_daemon --isolation=legacy
expect_eq 0 "$(s0 logon "$UA")" "a's logon in legacy mode"
tm new-session -d -s msg -x 120 -y 50 \
        "exec '$S0CTL' --runtime-dir '$T_RUN' run --session 0 --user '$UA' -- '$AGENT' --no-notify"
wait_until "the agent's ready line" 500 pane_has "ready, showing messages for session 0" ||
        { dump_pane; fail "no agent in session 0"; }
mb_svc_bg "$T_TMP/ans10" W $MB_YESNO 0 "Legacy T10" "An XP-era service asks"
wait_until "the legacy box" 500 pane_has "An XP-era service asks" || { dump_pane; fail "no box"; }
tm send-keys -t msg y
wait_until "the answer" 500 answered "$T_TMP/ans10"
expect_eq "ret=6 err=0" "$(cat "$T_TMP/ans10")" "a service's MessageBox in legacy mode after 'y'"
if event_has ui0 "Legacy T10"; then fail "a box the console user saw was reported as hidden UI"; fi
mb_svc_bg "$T_TMP/ans12" W $((MB_SERVICE_NOTIFICATION | MB_OKCANCEL)) 0 "Legacy T12" "XP: a service notification"
wait_until "the legacy notification" 500 pane_has "XP: a service notification" || { dump_pane; fail "no box"; }
tm send-keys -t msg c
wait_until "the answer" 500 answered "$T_TMP/ans12"
expect_eq "ret=2 err=0" "$(cat "$T_TMP/ans12")" "MB_SERVICE_NOTIFICATION in legacy mode after 'c'"

expect_daemon_alive
