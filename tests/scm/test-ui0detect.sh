#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# s0-ui0detect (Interactive Services Detection) as a service under s0-scm: when a process
# in session 0 is reported trying to show UI (an S0_EVENT_UI0 event, what the session
# host reports), the users of the active sessions get a WTSSendMessage notice -- alice's
# is read in a real tmux pane where her s0-msgagent runs -- naming the program; the same
# program again within a minute is not told twice; a report from a user session is not
# a service's UI and is ignored.
. "$(dirname "$0")/lib-scm.sh"
. "$S0_TESTS_SRC/integration/lib-tmux.sh"

tmux_init
: "${S0_UI0DETECT:?S0_UI0DETECT not set}" "${S0_MSGAGENT:?S0_MSGAGENT not set}"

mkdir -p "$T_TMP/bin/ui0detect" "$T_TMP/bin/win32" "$T_TMP/bin/tools/s0-msgagent"
cp "$S0_UI0DETECT" "$T_TMP/bin/ui0detect/"
cp "$S0_MSGAGENT" "$T_TMP/bin/tools/s0-msgagent/"
cp "$S0_HELPERS/s0-test-report" "$T_TMP/bin/helpers/"
stage_libs "$T_TMP/bin" "$S0_UI0DETECT"
chmod -R a+rX "$T_TMP/bin"
REPORT=$T_TMP/bin/helpers/s0-test-report

told() { # SESSION: notices the daemon recorded as sent to it
        s0 events --kind wts_message --session "$1" --json |
                grep -c "\"target\":\"message 'Interactive services detection'" || true
}
told_at_least() { [ "$(told "$1")" -ge "$2" ]; }

start_daemon
make_users_ab
logon_ab
printf '[Service]\nBinaryPath=%s\nArguments=--runtime-dir %s\nAccount=LocalSystem\nStartType=auto\n' \
        "$T_TMP/bin/ui0detect/s0-ui0detect" "$T_RUN" >"$SCM_CONF/UI0Detect.conf"
scm_start
wait_state UI0Detect RUNNING

log "alice runs s0-msgagent in session 1 on a tmux pane"
tm new-session -d -s msg -x 120 -y 50 \
        "exec '$S0CTL' --runtime-dir '$T_RUN' run --session 1 --user '$UA' -- '$T_TMP/bin/tools/s0-msgagent/s0-msgagent' --no-notify"
wait_until "the agent's ready line" 500 pane_has "ready, showing messages for session 1" ||
        { dump_pane; fail "no agent"; }

log "a program in session 0 is reported showing a window: alice's pane shows the notice"
expect_ok s0 run --session 0 -- "$REPORT" ui0 "legacy-setup: window 'Installer wizard'"
wait_until "the notice in alice's pane" 500 pane_has "legacy-setup: window 'Installer wizard'" ||
        { dump_pane; fail "no notice"; }
expect_contains "$(pane)" "Interactive services detection" "the notice's title"
expect_contains "$(pane)" "WTSSendMessage" "what the program should do instead"
log "nobody is on the console, so bob's active session 2 is told too"
wait_until "a notice sent to session 2" 500 told_at_least "$S2" 1

log "the same program within a minute: not told again; another program: told"
tm send-keys -t msg Enter
expect_ok s0 run --session 0 -- "$REPORT" ui0 "legacy-setup: window 'Installer wizard'"
expect_ok s0 run --session 0 -- "$REPORT" ui0 "printer-helper: MessageBox 'Out of paper'"
wait_until "the second program's notice" 500 pane_has "printer-helper: MessageBox 'Out of paper'" ||
        { dump_pane; fail "no second notice"; }
expect_eq 1 "$(pane_count "legacy-setup: window 'Installer wizard'")" "notices for the repeated program"
expect_eq 2 "$(told "$S2")" "notices sent to session 2"

log "a report from a user session is not a service's UI: ignored"
tm send-keys -t msg Enter
expect_ok in_session "$S2" "$UB" "$REPORT" ui0 "bob-app: window 'mine'"
expect_ok s0 run --session 0 -- "$REPORT" ui0 "third-service: window 'after bob'"
wait_until "the third notice" 500 pane_has "third-service: window 'after bob'" || { dump_pane; fail "no third notice"; }
if pane_has "bob-app"; then dump_pane; fail "a report from session 2 was announced"; fi
log "s0ctl events --kind ui0 lists every reported attempt with the kernel's view of who made it"
expect_ok s0 events --kind ui0 --json
expect_eq 5 "$(grep -c '"kind":"ui0"' <<<"$T_OUT" || true)" "ui0 events"
expect_contains "$T_OUT" '"session":2' "bob's report recorded with his session"
