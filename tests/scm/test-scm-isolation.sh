#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# A service runs under its account, in session 0, in its own cgroup, and sees neither a
# user's /tmp nor the user's Local\ objects; ControlUsers= lets a named user stop it.
. "$(dirname "$0")/lib-scm.sh"

start_daemon
make_user a
UA=$REPLY
svc_conf LS "Account=LocalService" "Arguments=$SCM_OUT/LS" "ControlUsers=$UA"
svc_conf Probe "Account=NetworkService" "Arguments=$SCM_OUT/Probe"
scm_start
S1=$(s0 logon "$UA")

log "LocalService: uid of s0-localservice, session 0, cgroup svc-LS"
expect_ok sc start LS
wait_state LS RUNNING
pid=$(svc_field LS pid)
expect_eq "$(id -u s0-localservice)" "$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")" "LS's uid"
expect_eq 0 "$(s0 session-of "$pid")" "LS's session"
grep -q "/session-0/system/svc-LS$" "/proc/$pid/cgroup" || fail "LS not in svc-LS: $(cat /proc/$pid/cgroup)"
wait_line "$SCM_OUT/LS" "RUNNING pid=$pid uid=$(id -u s0-localservice)"

log "the user's /tmp and Local\\ objects are invisible from the service's session"
in_session "$S1" "$UA" sh -c "echo secret > /tmp/user-file"
in_session "$S1" "$UA" test -f /tmp/user-file || fail "user's own file missing"
[ ! -e "/proc/$pid/root/tmp/user-file" ] || fail "the service sees the user's /tmp"
bg_start "$S0CTL" --runtime-dir "$T_RUN" run --session "$S1" --user "$UA" -- "$S0CTL" --runtime-dir "$T_RUN" \
        object hold event 'Local\UserOnly' >/dev/null 2>&1
wait_until "user's event exists" 250 in_session "$S1" "$UA" "$S0CTL" --runtime-dir "$T_RUN" object open event 'Local\UserOnly'
run_rc s0 run --session 0 -- "$S0CTL" --runtime-dir "$T_RUN" object open event 'Local\UserOnly'
[ "$T_RC" != 0 ] || fail "session 0 opened the user's Local\\UserOnly"

log "ControlUsers= lets that user stop the service"
expect_ok as_user "$UA" "$S0CTL" --runtime-dir "$T_RUN" sc stop LS
wait_state LS STOPPED
