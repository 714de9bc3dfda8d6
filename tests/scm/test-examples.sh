#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The three example services (examples/services) under s0-scm with real users:
#  - wellbehaved: its Global\ event is waitable from sessions 1 and 2 but SetEvent is
#    ERROR_ACCESS_DENIED; its pipe answers each user with the session the kernel says;
#  - postmessage: FindWindow from session 0 does not find alice's window, and her HWND
#    value is ERROR_INVALID_WINDOW_HANDLE (1400) there;
#  - showui: its visible window is reported as ui0 and s0-ui0detect tells alice.
# (The last two need the window API; they are skipped, saying so, where it is not built.)
. "$(dirname "$0")/lib-scm.sh"
: "${S0_EXAMPLES:?S0_EXAMPLES not set}" "${S0_UI0DETECT:?S0_UI0DETECT not set}" "${S0_TEST_WINDOWS:?S0_TEST_WINDOWS not set}"

mkdir -p "$T_TMP/bin/examples" "$T_TMP/bin/win32" "$T_TMP/bin/ui0detect"
cp "$S0_EXAMPLES"/s0-example-* "$T_TMP/bin/examples/" 2>/dev/null || true
rm -rf "$T_TMP"/bin/examples/*.p "$T_TMP"/bin/examples/*.a
cp "$S0_UI0DETECT" "$T_TMP/bin/ui0detect/"
stage_libs "$T_TMP/bin" "$S0_UI0DETECT" "$T_TMP"/bin/examples/s0-example-wellbehaved
chmod -R a+rX "$T_TMP/bin"
EX=$T_TMP/bin/examples

conf() { # NAME BINARY [ARGS]
        printf '[Service]\nBinaryPath=%s\n%sAccount=LocalSystem\nStartType=demand\n' "$2" \
                "${3:+Arguments=$3$'\n'}" >"$SCM_CONF/$1.conf"
}

start_daemon
make_users_ab
logon_ab
conf WellBehaved "$EX/s0-example-wellbehaved"
scm_start

log "wellbehaved: started, its Global\\ event set; alice and bob may wait on it, not set it"
expect_ok sc start WellBehaved
wait_state WellBehaved RUNNING
is_set() { in_session "$1" "$2" "$S0CTL" object wait event 'Global\S0Example.Ready' --timeout 0; }
wait_until "the ready event, seen from session 1" 500 is_set "$S1" "$UA"
expect_ok is_set "$S2" "$UB"
expect_fail_msg "ERROR_ACCESS_DENIED (5)" in_session "$S1" "$UA" "$S0CTL" object set event 'Global\S0Example.Ready'
log "its pipe answers each user with the session the kernel reports"
expect_ok in_session "$S1" "$UA" "$S0CTL" pipe call s0-example hello
expect_contains "$T_OUT" "in session $S1, from session 0" "the answer to alice"
expect_ok in_session "$S2" "$UB" "$S0CTL" pipe call s0-example "I am in session 1, really"
expect_contains "$T_OUT" "in session $S2, from session 0" "the answer to bob (his claim is ignored)"
expect_ok sc stop WellBehaved
wait_state WellBehaved STOPPED
wait_line "$T_TMP/daemon.log" "s0-example-wellbehaved: stopping"

if [ ! -x "$EX/s0-example-postmessage" ] || [ ! -x "$EX/s0-example-showui" ]; then
        log "SKIP the postmessage and showui parts: the window API (winuser.h) is not built here"
        exit 0
fi

log "postmessage: FindWindow from session 0 finds nothing, alice's real HWND is 1400 there"
mkdir -p "$T_TMP/bin/windows"
cp "$S0_TEST_WINDOWS" "$T_TMP/bin/windows/"
chmod -R a+rX "$T_TMP/bin/windows"
TW=$T_TMP/bin/windows/test-windows
mkdir -m 1777 "$T_TMP/shared/w"
in_session "$S1" "$UA" "$TW" server S0ExampleTrayWindow "$T_TMP/shared/w" "$T_TMP/shared/w/hwnd" >/dev/null 2>&1 &
T_BGPIDS+=($!)
wait_until "alice's window" 500 test -s "$T_TMP/shared/w/hwnd"
HWND=$(cat "$T_TMP/shared/w/hwnd")
expect_ok sc create PostMessage binPath= "$EX/s0-example-postmessage $HWND" obj= LocalSystem
expect_ok sc start PostMessage
wait_state PostMessage RUNNING
wait_line "$T_TMP/daemon.log" "s0-example-postmessage: FindWindow(NULL, \"S0ExampleTrayWindow\") from session 0: not found"
wait_line "$T_TMP/daemon.log" "s0-example-postmessage: PostMessage to HWND $HWND: error 1400 (ERROR_INVALID_WINDOW_HANDLE)"

log "showui: its visible window in session 0 is a ui0 event, and s0-ui0detect tells the users"
expect_ok sc create UI0Detect binPath= "$T_TMP/bin/ui0detect/s0-ui0detect --runtime-dir $T_RUN" obj= LocalSystem
expect_ok sc create ShowUI binPath= "$EX/s0-example-showui" obj= LocalSystem
expect_ok sc start UI0Detect
wait_state UI0Detect RUNNING
expect_ok sc start ShowUI
wait_state ShowUI RUNNING
has_ui0() { s0 events --kind ui0 --json | grep -q 'Setup: insert disk 2'; }
wait_until "the ui0 event of ShowUI's window" 500 has_ui0
expect_ok s0 events --kind ui0 --json
expect_contains "$T_OUT" '"session":0' "reported from session 0"
told() { s0 events --kind wts_message --session "$1" --json | grep -c "message 'Interactive services detection'" || true; }
told_one() { [ "$(told "$1")" -ge 1 ]; }
wait_until "a notice to alice's session" 500 told_one "$S1"
wait_until "a notice to bob's session" 500 told_one "$S2"

log "the system shutdown: SIGTERM to s0-scm, and each of the three gets SERVICE_CONTROL_SHUTDOWN and stops"
kill -TERM "$(scm_real_pid)"
scm_gone() { ! pid_alive "$SCM_PID"; }
wait_until "s0-scm exits after the shutdown" 1000 scm_gone
for v in PostMessage UI0Detect ShowUI; do
        grep -q "Service '$v': SERVICE_CONTROL_SHUTDOWN" "$T_TMP/daemon.log" || fail "$v was not sent SERVICE_CONTROL_SHUTDOWN"
done
grep -q "s0-example-postmessage: stopping" "$T_TMP/daemon.log" || fail "postmessage did not stop on SHUTDOWN"
grep -q "Shutdown complete" "$T_TMP/daemon.log" || fail "s0-scm did not complete its shutdown"
grep -q "killing it" "$T_TMP/daemon.log" && fail "a service had to be killed at the shutdown"
true
