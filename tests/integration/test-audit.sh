#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The audit journal (s0ctl events): a refused crossing is recorded with the caller's
# identity as the kernel knows it (uid from SO_PEERCRED, session from its cgroup) and
# the exact result; users see only their part; a follower sees a refused crossing
# within 100 ms; the journal files rotate within their bound; a full disk loses events
# but never a crossing; a restarted daemon continues the numbering; a forged report
# records its real sender.
. "$S0_TESTS_SRC/integration/lib.sh"

AUDIT=$T_TMP/audit
start_daemon --audit-dir "$AUDIT"
make_users_ab
logon_ab
UID_A=$(id -u "$UA")
UID_B=$(id -u "$UB")

# The events as JSON lines, filtered by a python expression over e (one event).
# Prints the matching lines.
events_where() { # EXPR [s0ctl-args...]
        local expr=$1
        shift
        python3 -c '
import json, sys
expr = sys.argv[1]
for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    e = json.loads(line)
    if eval(expr):
        print(line)
' "$expr"
}

log "a refused spawn into another user's session, from inside B's session"
run_rc in_session "$S_B" "$UB" "$S0CTL" --runtime-dir "$T_RUN" run --session "$S_A" -- true
expect_ne 0 "$T_RC" "B's spawn into A's session"
expect_contains "$T_ERR" "session $S_A belongs to another user" "B's spawn error"
expect_ok s0 events --json
hit=$(printf '%s\n' "$T_OUT" | events_where "e['kind'] == 'spawn' and e['uid'] == $UID_B and e['target_session'] == $S_A")
[ -n "$hit" ] || fail "no spawn event of uid $UID_B into session $S_A in: $T_OUT"
printf '%s\n' "$hit" | events_where "e['session'] == $S_B and e['result'] == -1 and e['cross_session'] and e['target_uid'] == $UID_A and e['target'] == 'true'" >"$T_TMP/m"
[ -s "$T_TMP/m" ] || fail "spawn event has the wrong session/result/target: $hit"
log "recorded: $hit"

log "an allowed logon is recorded too (root, session $S_A, user $UA)"
printf '%s\n' "$T_OUT" | events_where "e['kind'] == 'logon' and e['result'] == 0 and e['target_session'] == $S_A and e['target'] == '$UA'" >"$T_TMP/m"
[ -s "$T_TMP/m" ] || fail "no logon event for $UA: $T_OUT"

log "users see their own events and those aimed at them, not the others'"
run_rc as_user "$UB" "$S0CTL" --runtime-dir "$T_RUN" run --session 0 -- true # B: refused, aimed at session 0
expect_ok as_user "$UB" "$S0CTL" --runtime-dir "$T_RUN" events --json
out_b=$T_OUT
printf '%s\n' "$out_b" | events_where "e['uid'] == $UID_B and e['target_session'] == 0" >"$T_TMP/m"
[ -s "$T_TMP/m" ] || fail "B does not see its own refused spawn into session 0: $out_b"
printf '%s\n' "$out_b" | events_where "e['uid'] != $UID_B and e['target_uid'] != $UID_B" >"$T_TMP/m"
[ ! -s "$T_TMP/m" ] || fail "B sees events that are neither its own nor aimed at it: $(cat "$T_TMP/m")"
expect_ok as_user "$UA" "$S0CTL" --runtime-dir "$T_RUN" events --json
out_a=$T_OUT
printf '%s\n' "$out_a" | events_where "e['uid'] == $UID_B and e['target_session'] == $S_A" >"$T_TMP/m"
[ -s "$T_TMP/m" ] || fail "A does not see B's attempt on A's session: $out_a"
printf '%s\n' "$out_a" | events_where "e['uid'] == $UID_B and e['target_session'] == 0" >"$T_TMP/m"
[ ! -s "$T_TMP/m" ] || fail "A sees B's attempt on session 0: $(cat "$T_TMP/m")"
expect_ok as_user "$UA" "$S0CTL" --runtime-dir "$T_RUN" events --session "$S_A" --kind spawn
expect_contains "$T_OUT" "EPERM" "A's filtered human listing"

log "a follower sees a refused crossing within 100 ms"
: >"$T_TMP/follow.out"
: >"$T_TMP/follow.err"
bg_start s0 events --follow --json >"$T_TMP/follow.out" 2>"$T_TMP/follow.err"
wait_until "the follower to subscribe" 250 grep -q Following "$T_TMP/follow.err"
t0=$(date +%s%N)
run_rc as_user "$UB" "$S0CTL" --runtime-dir "$T_RUN" logoff "$S_A"
expect_ne 0 "$T_RC" "B logging A off"
t1=$(date +%s%N)
# bounded wait on the file's content: 500 tries of a 1 ms read timeout at most
for ((i = 0; i < 500; i++)); do
        grep -q "\"kind\":\"logoff\".*\"uid\":$UID_B" "$T_TMP/follow.out" && break
        read -r -t 0.001 <>"$T_TMP/tick" || true
done
t2=$(date +%s%N)
grep -q "\"kind\":\"logoff\".*\"uid\":$UID_B" "$T_TMP/follow.out" ||
        fail "the follower did not show B's refused logoff: $(cat "$T_TMP/follow.out")"
delay_ms=$(((t2 - t1) / 1000000))
log "refused logoff: request took $(((t1 - t0) / 1000000)) ms; visible to the follower $delay_ms ms after it returned"
[ "$delay_ms" -lt 100 ] || fail "the refused crossing took $delay_ms ms to reach the follower (limit 100 ms)"

log "a forged report records the real sender"
# B's report says it is root in session 0; the message has no field for it, so the
# claim can only be in the target text: the event must carry B's uid and B's real
# session (none: this runs on the host)
as_user "$UB" /usr/bin/python3 - "$T_RUN/control" <<'PY' >"$T_TMP/forge" 2>&1 || fail "forging client: $(cat "$T_TMP/forge")"
import socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.connect(sys.argv[1])
body = struct.pack("<IIiI", 14, 0, -13, 0) + b"uid=0 pid=1 session=0".ljust(128, b"\0")
s.send(struct.pack("<IHHII", 0x52503053, 1, 19, 16 + len(body), 7) + body)
r = s.recv(16384)
assert struct.unpack("<IHHII", r[:16])[2] == 2, "report not acknowledged"
body = struct.pack("<IIiI", 5, 1, 0, 0) + b"spawn allowed".ljust(128, b"\0")
s.send(struct.pack("<IHHII", 0x52503053, 1, 19, 16 + len(body), 8) + body)
r = s.recv(16384)
t, err = struct.unpack("<IHHII", r[:16])[2], struct.unpack("<i", r[16:20])[0]
assert t == 1 and err == -1, "daemon-kind report not refused with EPERM: %d %d" % (t, err)
PY
expect_ok s0 events --json --kind pipe
printf '%s\n' "$T_OUT" | events_where "e['uid'] == $UID_B and e['reported'] and e['result'] == -13 and e['target'] == 'uid=0 pid=1 session=0' and e['session'] is None" >"$T_TMP/m"
[ -s "$T_TMP/m" ] || fail "forged pipe report not recorded as uid $UID_B (host, no session): $T_OUT"
expect_ok s0 events --json --kind bad_message
expect_contains "$T_OUT" "\"uid\":$UID_B" "refused daemon-kind report recorded as a bad message"

log "the daemon restarted continues the sequence"
last=$(s0 events --json | python3 -c 'import json, sys; print(max(json.loads(l)["seq"] for l in sys.stdin if l.strip()))')
restart_daemon
run_rc as_user "$UB" "$S0CTL" --runtime-dir "$T_RUN" run --session "$S_A" -- true
expect_ok s0 events --json
first_new=$(printf '%s\n' "$T_OUT" | python3 -c 'import json, sys; print(min(json.loads(l)["seq"] for l in sys.stdin if l.strip()))')
[ "$first_new" -gt "$last" ] || fail "after restart the first seq is $first_new, not after $last"
log "last seq before restart $last, first after $first_new"

log "rotation: --audit-max-kb 4 and a burst of events"
kill_daemon
rm -rf "$AUDIT"
start_daemon --audit-dir "$AUDIT" --audit-max-kb 4
for ((i = 0; i < 60; i++)); do
        s0 run --session "$S_A" --user "$UB" -- true >/dev/null 2>&1 || true # root as B into A: allowed, recorded
done
run_rc as_user "$UB" "$S0CTL" --runtime-dir "$T_RUN" logoff "$S_A"
[ -f "$AUDIT/events.log.1" ] || fail "no events.log.1 after a burst: $(ls -l "$AUDIT")"
for f in events.log events.log.1; do
        size=$(stat -c %s "$AUDIT/$f")
        [ "$size" -le 4096 ] || fail "$f is $size bytes, more than 4 KiB"
        python3 -c 'import json, sys; [json.loads(l) for l in open(sys.argv[1])]' "$AUDIT/$f" ||
                fail "$f is not JSON lines"
done
tail -n 1 "$AUDIT/events.log" | grep -q "\"kind\":\"logoff\".*\"uid\":$UID_B" ||
        fail "the newest event is not the last line of events.log: $(tail -n 1 "$AUDIT/events.log")"
old_max=$(python3 -c 'import json, sys; print(max(json.loads(l)["seq"] for l in open(sys.argv[1])))' "$AUDIT/events.log.1")
new_min=$(python3 -c 'import json, sys; print(min(json.loads(l)["seq"] for l in open(sys.argv[1])))' "$AUDIT/events.log")
[ "$new_min" -gt "$old_max" ] || fail "events.log starts at $new_min, events.log.1 ends at $old_max"

log "a full disk loses events, never a crossing"
kill_daemon
mkdir -p "$T_TMP/full"
mount -t tmpfs -o size=64k,mode=0750 s0test-audit "$T_TMP/full"
unmount_full() { umount -l "$T_TMP/full" 2>/dev/null || true; }
T_EXTRA_CLEANUP=unmount_full
start_daemon --audit-dir "$T_TMP/full"
dd if=/dev/zero of="$T_TMP/full/filler" bs=4k count=64 >/dev/null 2>&1 || true # ENOSPC expected
before=$(stat -c %s "$T_TMP/full/events.log")
for ((i = 0; i < 20; i++)); do
        s0 run --session "$S_A" --user "$UA" -- true || fail "a spawn failed while the journal's disk is full"
done
run_rc as_user "$UB" "$S0CTL" --runtime-dir "$T_RUN" run --session "$S_A" -- true
expect_contains "$T_ERR" "belongs to another user" "refusal with a full journal"
after=$(stat -c %s "$T_TMP/full/events.log")
expect_eq "$before" "$after" "events.log size on a full disk"
expect_ok s0 events --json --kind spawn
n=$(printf '%s\n' "$T_OUT" | grep -c '"kind":"spawn"')
[ "$n" -ge 21 ] || fail "only $n spawn events in memory while the disk is full"
expect_daemon_alive
kill_daemon
grep -q "event not written" "$T_TMP/daemon.log" || fail "no log line about lost events: $(tail -5 "$T_TMP/daemon.log")"
unmount_full
log "ok"
