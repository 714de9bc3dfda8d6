#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# --isolation=legacy (Windows XP/2003): the first logon joins session 0 and shares /tmp
# with the services there; the second gets session 1 and does not; `logoff 0` logs off
# only the console user, the services stay. In the default mode the first logon gets
# session 1 and sees nothing of the services.
. "$S0_TESTS_SRC/integration/lib.sh"

make_users_ab
make_user c
UC=$REPLY
SVC_CMD='echo svc >/tmp/s0-svc; chmod 0644 /tmp/s0-svc; sleep 100000 </dev/null >/dev/null 2>&1 & echo $!'
TREE_PFX() { echo "0::$(cat "$T_RUN/cgroup")"; }

log "legacy mode"
start_daemon --isolation=legacy
expect_ok s0 run --session 0 -- sh -c "$SVC_CMD"
SVC=$T_OUT
SVC_START=$(proc_starttime "$SVC")
expect_eq "" "$(session_field 0 user)" "user of session 0 before any logon"
expect_eq true "$(session_field 0 legacy)" "legacy flag of session 0"

expect_ok s0 logon "$UA"
expect_eq 0 "$T_OUT" "first logon in legacy mode"
expect_eq "$UA" "$(session_field 0 user)" "user of session 0 after the first logon"
expect_eq Active "$(session_field 0 state)" "state of session 0 with a console user"
expect_eq "services+console (legacy)" "$(session_field 0 kind)" "kind of session 0"

log "the console user shares /tmp with the service, both ways"
expect_ok in_session 0 "$UA" cat /tmp/s0-svc
expect_eq svc "$T_OUT" "the service's /tmp file, read by the console user"
expect_ok in_session 0 "$UA" sh -c 'echo user >/tmp/s0-user'
expect_ok s0 run --session 0 -- cat /tmp/s0-user
expect_eq user "$T_OUT" "the console user's /tmp file, read by the service"
# the console user may start its own processes in session 0 (it is theirs now)
expect_ok as_user "$UA" "$S0CTL" --runtime-dir "$T_RUN" run --session 0 -- sh -c \
        'sleep 100000 </dev/null >/dev/null 2>&1 & echo $!'
APID=$T_OUT
APID_START=$(proc_starttime "$APID")
expect_eq 0 "$(s0 session-of "$APID")" "session-of the console user's process"
grep -q "^$(TREE_PFX)/session-0/console$" "/proc/$APID/cgroup" ||
        fail "console user's process not in session-0/console: $(cat "/proc/$APID/cgroup")"
grep -q "^$(TREE_PFX)/session-0/system$" "/proc/$SVC/cgroup" ||
        fail "service not in session-0/system: $(cat "/proc/$SVC/cgroup")"

log "the second logon gets session 1 and does not share /tmp"
expect_ok s0 logon "$UB"
expect_eq 1 "$T_OUT" "second logon in legacy mode"
expect_ok in_session 1 "$UB" sh -c 'ls -A /tmp'
expect_eq "" "$T_OUT" "/tmp of session 1 in legacy mode"
expect_fail_msg "session 0 belongs to another user" as_user "$UB" "$S0CTL" --runtime-dir "$T_RUN" run --session 0 -- true

log "logoff 0 logs off only the console user"
expect_ok s0 logoff 0
! proc_alive "$APID" "$APID_START" || fail "the console user's process $APID survived 'logoff 0'"
proc_alive "$SVC" "$SVC_START" || fail "the service $SVC died with 'logoff 0'"
expect_eq "0 1" "$(session_ids)" "sessions after 'logoff 0'"
expect_eq "" "$(session_field 0 user)" "user of session 0 after 'logoff 0'"
expect_eq Disc "$(session_field 0 state)" "state of session 0 after 'logoff 0'"
expect_eq 1 "$(session_field 0 processes)" "processes of session 0 after 'logoff 0' (the service)"
[ ! -e "$(session_dir 0)/console" ] || fail "session-0/console still exists after 'logoff 0'"
expect_ok s0 run --session 0 -- cat /tmp/s0-svc
expect_eq svc "$T_OUT" "the service's /tmp file after 'logoff 0'"
expect_fail_msg "session 0 cannot be logged off" s0 logoff 0

log "session 0's console is free again: the next logon takes it"
expect_ok s0 logon "$UC"
expect_eq 0 "$T_OUT" "logon after the console user left"
expect_ok in_session 0 "$UC" cat /tmp/s0-svc
expect_eq svc "$T_OUT" "the service's /tmp file, read by the new console user"
expect_ok s0 logoff 0

log "default mode"
stop_daemon
start_daemon
expect_ok s0 run --session 0 -- sh -c "$SVC_CMD"
SVC=$T_OUT
expect_eq false "$(session_field 0 legacy)" "legacy flag in default mode"
expect_ok s0 logon "$UA"
expect_eq 1 "$T_OUT" "first logon in default mode"
expect_eq "" "$(session_field 0 user)" "user of session 0 in default mode"
expect_eq "" "$(session_field 0 uid)" "uid of session 0 in default mode (null)"
# precondition: the file is there for the service
expect_ok s0 run --session 0 -- cat /tmp/s0-svc
expect_eq svc "$T_OUT" "the service's /tmp file, read by the service"
expect_ok in_session 1 "$UA" sh -c 'ls -A /tmp'
expect_eq "" "$T_OUT" "/tmp of the first logon in default mode"
expect_fail_msg "session 0 belongs to another user" as_user "$UA" "$S0CTL" --runtime-dir "$T_RUN" run --session 0 -- true
