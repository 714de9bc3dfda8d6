#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ATTACKS A12: move into another session. A user process in session 1 tries to
#  - write its own pid, or a child's, into session 2's or session 0's cgroup.procs
#    (or its own session's anchor cgroup, the tree's root, the cgroup2 root)
#  - setns() into session 2's or 0's namespaces (through a pidfd, /proc/PID/ns, nsenter)
#  - read session 2's /tmp through /proc/PID/root/tmp of its processes.
# Default: all refused. Each refusal is shown next to its precondition (the target
# exists and is reachable for whoever may reach it), so a refusal for the wrong reason
# -- a typo'd path, a missing file -- cannot pass as a defence.
. "$S0_TESTS_SRC/integration/lib.sh"

start_daemon
make_users_ab
logon_ab
TREE=$(tree_dir)
SLEEP='sleep 100000 </dev/null >/dev/null 2>&1 & echo $!'

P2=$(in_session "$S2" "$UB" sh -c "echo b-secret >/tmp/s0-secret; chmod 0644 /tmp/s0-secret; $SLEEP")
PSVC=$(s0 run --session 0 -- sh -c "echo svc-secret >/tmp/s0-secret; chmod 0644 /tmp/s0-secret; $SLEEP")
A2=$(session_field "$S2" anchor_pid)
A0=$(session_field 0 anchor_pid)
P2_START=$(proc_starttime "$P2")

log "cgroup: write own pid or a child's pid into another session's cgroup.procs"
TARGETS=(
        "$TREE/session-$S2/user/cgroup.procs"
        "$TREE/session-$S2/cgroup.procs"
        "$TREE/session-$S2/anchor/cgroup.procs"
        "$TREE/session-0/system/cgroup.procs"
        "$TREE/session-0/cgroup.procs"
        "$TREE/session-0/anchor/cgroup.procs"
        "$TREE/session-$S1/anchor/cgroup.procs"
        "$TREE/cgroup.procs"
        "$T_CGMNT/cgroup.procs"
)
for f in "${TARGETS[@]}"; do
        # precondition: the file is there (root sees it; session 2's lists its process)
        [ -f "$f" ] || fail "precondition: $f does not exist"
        expect_fail_msg "Permission denied" in_session "$S1" "$UA" sh -c 'echo $$ >"$1"' sh "$f"
        # a child of the attacker, moved by its parent
        expect_fail_msg "Permission denied" in_session "$S1" "$UA" sh -c \
                'sleep 100000 </dev/null >/dev/null 2>&1 & c=$!; echo $c >"$1"; r=$?; kill $c; exit $r' sh "$f"
done
grep -qx "$P2" "$TREE/session-$S2/user/cgroup.procs" || fail "precondition: session 2's cgroup.procs does not list $P2"
# and nothing moved: user A's processes are all still in session 1
ATTACKER=$(in_session "$S1" "$UA" sh -c "$SLEEP")
for f in "${TARGETS[@]}"; do
        expect_fail_msg "Permission denied" as_user "$UA" sh -c 'echo "$2" >"$1"' sh "$f" "$ATTACKER"
done
expect_eq "$S1" "$(s0 session-of "$ATTACKER")" "session of the attacker's process after the attempts"
expect_eq 1 "$(session_field "$S1" processes)" "processes in session 1"
expect_eq 1 "$(session_field "$S2" processes)" "processes in session 2"
expect_eq 1 "$(session_field 0 processes)" "processes in session 0"
# the attacker cannot make the cgroup files its own either
expect_fail_msg "Operation not permitted" in_session "$S1" "$UA" chmod 0666 "$TREE/session-$S2/user/cgroup.procs"
expect_fail_msg "Permission denied" in_session "$S1" "$UA" mkdir "$TREE/session-$S2/user/mine"

log "namespaces: setns into session 2's and session 0's"
# precondition: root can enter the anchor's namespaces and finds session 2's /tmp there
expect_ok "$T_SETNS" "$A2" cat /tmp/s0-secret
expect_eq b-secret "$T_OUT" "session 2's /tmp, entered by root through the anchor"
expect_ok "$T_SETNS" "$A0" cat /tmp/s0-secret
expect_eq svc-secret "$T_OUT" "session 0's /tmp, entered by root through the anchor"
for target in "$A2" "$P2" "$A0" "$PSVC"; do
        expect_fail_msg "s0-test-setns: setns: Operation not permitted" \
                in_session "$S1" "$UA" "$T_SETNS" "$target" cat /tmp/s0-secret
        expect_fail_msg "s0-test-setns: open /proc/PID/ns: Permission denied" \
                in_session "$S1" "$UA" "$T_SETNS" --proc "$target" cat /tmp/s0-secret
        expect_fail_msg "Permission denied" in_session "$S1" "$UA" nsenter -t "$target" -m -i cat /tmp/s0-secret
done
# even its own session's namespaces need a privilege it does not have
A1=$(session_field "$S1" anchor_pid)
expect_fail_msg "s0-test-setns: setns: Operation not permitted" in_session "$S1" "$UA" "$T_SETNS" "$A1"

log "/proc/PID/root/tmp of session 2's processes"
# precondition: the owner can read it that way (from the host, through its own process)
expect_ok as_user "$UB" cat "/proc/$P2/root/tmp/s0-secret"
expect_eq b-secret "$T_OUT" "session 2's /tmp through /proc/$P2/root, read by its owner"
for target in "$P2" "$A2" "$PSVC" "$A0"; do
        expect_fail_msg "Permission denied" in_session "$S1" "$UA" cat "/proc/$target/root/tmp/s0-secret"
        expect_fail_msg "Permission denied" in_session "$S1" "$UA" ls "/proc/$target/root/tmp"
        expect_fail_msg "Permission denied" as_user "$UA" cat "/proc/$target/root/tmp/s0-secret"
done
# and the file is not in session 1's own /tmp
expect_fail_msg "No such file or directory" in_session "$S1" "$UA" cat /tmp/s0-secret

proc_alive "$P2" "$P2_START" || fail "session 2's process died during the attacks"
expect_daemon_alive
