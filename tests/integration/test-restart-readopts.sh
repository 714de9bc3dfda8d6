#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The kernel holds the state: after kill -9 of session0d and a restart with the same
# arguments, every session is listed again with its user, anchor and logon time, its
# processes run on untouched in it, its /tmp is intact, and logoff still works. A
# session whose anchor is killed gets a new one in the same namespaces (its /tmp kept).
. "$S0_TESTS_SRC/integration/lib.sh"

start_daemon
make_users_ab

logon_ab
SLEEP='sleep 100000 </dev/null >/dev/null 2>&1 & echo $!'
P1=$(in_session "$S1" "$UA" sh -c "echo a1 >/tmp/s0-mark; $SLEEP")
P2=$(in_session "$S2" "$UB" sh -c "echo b2 >/tmp/s0-mark; $SLEEP")
PSVC=$(s0 run --session 0 -- sh -c "echo svc >/tmp/s0-mark; $SLEEP")
P1_START=$(proc_starttime "$P1")
P2_START=$(proc_starttime "$P2")
PSVC_START=$(proc_starttime "$PSVC")

# id user uid state processes anchor_pid logon_time of every session, one line each
snapshot() {
        s0 --json sessions | python3 -c '
import json, sys
for s in json.load(sys.stdin):
    print(s["id"], s["user"], s["uid"], s["state"], s["processes"], s["anchor_pid"], s["logon_time"])'
}
BEFORE=$(snapshot)
expect_eq 3 "$(echo "$BEFORE" | wc -l)" "sessions listed before the crash"

log "kill -9 session0d and start it again"
OLD_DPID=$T_DPID
restart_daemon -9
expect_ne "$OLD_DPID" "$T_DPID" "daemon pid after restart"
AFTER=$(snapshot)
expect_eq "$BEFORE" "$AFTER" "sessions (id user uid state processes anchor logon time) after the restart"

for v in "P1 $P1 $P1_START $S1" "P2 $P2 $P2_START $S2" "PSVC $PSVC $PSVC_START 0"; do
        set -- $v
        proc_alive "$2" "$3" || fail "$1 (pid $2) did not survive the daemon's crash"
        expect_eq "$4" "$(s0 session-of "$2")" "session-of $1 after the restart"
done
expect_eq a1 "$(in_session "$S1" "$UA" cat /tmp/s0-mark)" "session $S1's /tmp after the restart"
expect_eq b2 "$(in_session "$S2" "$UB" cat /tmp/s0-mark)" "session $S2's /tmp after the restart"
expect_eq svc "$(s0 run --session 0 -- cat /tmp/s0-mark)" "session 0's /tmp after the restart"

log "a new logon after the restart takes the next free id"
expect_ok s0 logon "$UA"
expect_eq 3 "$T_OUT" "id of a logon after the restart"
expect_ok s0 logoff 3

log "logoff still works after the restart"
expect_ok s0 logoff "$S1"
! proc_alive "$P1" "$P1_START" || fail "P1 (pid $P1) survived logoff after the restart"
[ ! -e "$(session_dir "$S1")" ] || fail "session $S1's cgroup survived logoff after the restart"
proc_alive "$P2" "$P2_START" || fail "P2 died with session $S1's logoff"
expect_eq "0 $S2" "$(session_ids)" "sessions after logoff"

log "a graceful stop (SIGTERM, no --logoff-on-exit) keeps the sessions too"
restart_daemon
expect_eq "0 $S2" "$(session_ids)" "sessions after SIGTERM and restart"
proc_alive "$P2" "$P2_START" || fail "P2 did not survive a graceful daemon restart"

log "kill -9 of a session's anchor: a new anchor in the same namespaces"
A2=$(session_field "$S2" anchor_pid)
A2_START=$(proc_starttime "$A2")
MNT2=$(readlink "/proc/$P2/ns/mnt")
IPC2=$(readlink "/proc/$P2/ns/ipc")
expect_eq "$MNT2" "$(readlink "/proc/$A2/ns/mnt")" "mount namespace of the anchor vs its session's process"
expect_ok in_session "$S2" "$UB" sh -c 'ipcmk -Q -p 0666 >/dev/null; ipcs -q | awk "/^0x/ { print \$1 }"'
QKEY=$T_OUT
kill -KILL "$A2"
anchor_replaced() {
        local a
        a=$(session_field "$S2" anchor_pid)
        [ -n "$a" ] && [ "$a" != 0 ] && [ "$a" != "$A2" ] && pid_alive "$a"
}
wait_until "session $S2 to get a new anchor" 250 anchor_replaced
! proc_alive "$A2" "$A2_START" || fail "the old anchor $A2 is still running"
NEW_A2=$(session_field "$S2" anchor_pid)
expect_eq "$MNT2" "$(readlink "/proc/$NEW_A2/ns/mnt")" "mount namespace of the new anchor"
expect_eq "$IPC2" "$(readlink "/proc/$NEW_A2/ns/ipc")" "IPC namespace of the new anchor"
expect_eq "$S2" "$(s0 session-of "$NEW_A2")" "session-of the new anchor"
grep -q "^0::$(cat "$T_RUN/cgroup")/session-$S2/anchor$" "/proc/$NEW_A2/cgroup" ||
        fail "the new anchor is not in session-$S2/anchor: $(cat "/proc/$NEW_A2/cgroup")"
expect_eq b2 "$(in_session "$S2" "$UB" cat /tmp/s0-mark)" "session $S2's /tmp after its anchor was replaced"
expect_eq "$QKEY" "$(in_session "$S2" "$UB" sh -c 'ipcs -q | awk "/^0x/ { print \$1 }"')" \
        "session $S2's SysV queues after its anchor was replaced"
proc_alive "$P2" "$P2_START" || fail "P2 died when its session's anchor was killed"
expect_eq "$NEW_A2" "$(session_field "$S2" anchor_pid)" "anchor after one more listing"

log "... and it survives a daemon crash too"
restart_daemon -9
expect_eq "$NEW_A2" "$(session_field "$S2" anchor_pid)" "anchor of session $S2 after another restart"
expect_eq b2 "$(in_session "$S2" "$UB" cat /tmp/s0-mark)" "session $S2's /tmp after another restart"

log "an anchor killed while the daemon is down is replaced at start-up"
A2=$(session_field "$S2" anchor_pid)
kill_daemon -9
kill -KILL "$A2"
start_daemon "${T_DARGS[@]}"
NEW_A2=$(session_field "$S2" anchor_pid)
expect_ne "$A2" "$NEW_A2" "anchor of session $S2 after it died with the daemon down"
pid_alive "$NEW_A2" || fail "session $S2's new anchor $NEW_A2 is not running"
expect_eq "$MNT2" "$(readlink "/proc/$NEW_A2/ns/mnt")" "mount namespace of the anchor restored at start-up"
expect_eq b2 "$(in_session "$S2" "$UB" cat /tmp/s0-mark)" "session $S2's /tmp after the anchor was restored"

expect_ok s0 logoff "$S2"
! proc_alive "$P2" "$P2_START" || fail "P2 survived logoff"
expect_eq 0 "$(session_ids)" "sessions at the end"
