#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ATTACKS A18: WTSSendMessage to another user's session; message flooding.
#  - user a sends (`s0ctl message`, WTSSendMessage's native call) to user b's session:
#    ERROR_ACCESS_DENIED ("belongs to another user"), recorded as kind wts_message,
#    result -13 (-EACCES), with a's uid and session as the kernel knows them.
#  - a floods its own session (no agent there, so nothing ever waits): 50 messages with
#    --no-wait. session0d gives each sender uid a burst of 20 (S0_MESSAGE_RATE_BURST),
#    then 2 a second: the first 20 are shown (IDTIMEOUT: nobody can see them), the rest,
#    but for what refilled meanwhile, get ERROR_NOT_ENOUGH_QUOTA (1816, WIN32.md). Each
#    send, allowed or refused, is one wts_message event (result 0 or -11, -EAGAIN): 50
#    events in a second stay under the journal's per-uid limit of 100 (A19).
#  - a faster flood over one raw connection (250 sends in well under a second): all
#    refused, and the journal records at most 100 of a's events a second, then one
#    'suppressed' event (result -16, -EBUSY) and drops the rest of that second.
#  - through it all the daemon keeps serving: b's message to its own session and root's
#    to a's are answered, a's own quota refills.
# Each refusal is shown next to its precondition: root and b may send to b's session.
# Legacy (XP): a is the console user of session 0 and floods session 0, b has session 1:
# the same answers.
. "$S0_TESTS_SRC/integration/lib.sh"

BURST=20 # S0_MESSAGE_RATE_BURST (src/daemon/message.h)
RATE=2   # S0_MESSAGE_RATE_PER_S
N=50

# The events as JSON lines matching a python expression over e, into $HITS.
events_where() { # EXPR
        expect_ok s0 --json events
        HITS=$(printf '%s\n' "$T_OUT" | python3 -c '
import json, sys
for line in sys.stdin:
    if line.strip():
        e = json.loads(line)
        if eval(sys.argv[1]):
            print(line.strip())' "$1")
}
count() { [ -z "$1" ] && echo 0 || printf '%s\n' "$1" | grep -c .; }
last_seq() { s0 --json events | tail -n 1 | python3 -c 'import json, sys; print(json.load(sys.stdin)["seq"])'; }

msg() { # SESSION USER ARGS... (s0ctl message from inside SESSION as USER)
        local s=$1 u=$2
        shift 2
        in_session "$s" "$u" "$S0CTL" --runtime-dir "$T_RUN" message "$@"
}

# 250 sends back to back on one connection, as fast as the daemon answers; prints
# "<refused with -EAGAIN> <answered IDTIMEOUT> <anything else>".
cat >"$T_TMP/flood.py" <<'PY'
import socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.connect(sys.argv[1])
session, n = int(sys.argv[2]), int(sys.argv[3])
counts = [0, 0, 0]
for i in range(n):
    body = struct.pack("<IIII", session, 0, 0, 0) + b"raw-flood".ljust(256, b"\0") + b"x".ljust(1024, b"\0")
    s.send(struct.pack("<IHHII", 0x52503053, 1, 23, 16 + len(body), i + 1) + body)
    r = s.recv(16384)
    t = struct.unpack("<IHHII", r[:16])[2]
    if t == 1 and struct.unpack("<i", r[16:20])[0] == -11:
        counts[0] += 1
    elif t == 25 and struct.unpack("<II", r[16:24])[1] == 32000:
        counts[1] += 1
    else:
        counts[2] += 1
print(*counts)
PY
chmod 0644 "$T_TMP/flood.py"

# ATTACKER_SESSION ATTACKER VICTIM_SESSION VICTIM
attack() {
        local as=$1 au=$2 vs=$3 vu=$4 uid pre t0 t1 n_ok n_ref line i max_ok
        uid=$(id -u "$au")

        log "to another user's session"
        # precondition: the session exists and its user and root may send there
        expect_ok msg 0 root --session "$vs" --no-wait "from root"
        expect_eq IDTIMEOUT "$T_OUT" "precondition: root's message to session $vs (no agent)"
        expect_ok msg "$vs" "$vu" --session "$vs" --no-wait "from b"
        expect_eq IDTIMEOUT "$T_OUT" "precondition: b's message to its own session $vs"
        pre=$(last_seq)
        expect_fail_msg "session $vs belongs to another user: only root may send messages there: ERROR_ACCESS_DENIED (5)" \
                msg "$as" "$au" --session "$vs" --title "a-to-b" "let me in"
        expect_eq "" "$T_OUT" "no answer to a refused message"
        events_where "e['seq'] > $pre and e['kind'] == 'wts_message' and e['uid'] == $uid and e['session'] == $as and e['target_session'] == $vs and e['result'] == -13 and e['target'] == \"message 'a-to-b'\" and e['cross_session'] and not e['reported']"
        expect_eq 1 "$(count "$HITS")" "the refused message in the journal"

        log "a flood of $N messages to its own session $as, no agent, --no-wait"
        pre=$(last_seq)
        t0=$(date +%s%N)
        # one session process runs the whole flood: back to back, as an attacker would
        expect_ok in_session "$as" "$au" sh -c '
i=0
while [ $i -lt "$4" ]; do
        i=$((i + 1))
        if out=$("$1" --runtime-dir "$2" message --session "$3" --no-wait --title "flood-$i" "flood $i" 2>&1); then
                echo "$i ok $out"
        else
                echo "$i refused $out"
        fi
done' sh "$S0CTL" "$T_RUN" "$as" "$N"
        t1=$(date +%s%N)
        FLOOD=$T_OUT
        n_ok=$(printf '%s\n' "$FLOOD" | grep -c '^[0-9]* ok IDTIMEOUT$' || true)
        n_ref=$(printf '%s\n' "$FLOOD" | grep -c "^[0-9]* refused s0ctl: message to session $as: too many messages from uid $uid: at most $RATE per second: ERROR_NOT_ENOUGH_QUOTA (1816)$" || true)
        expect_eq "$N" "$((n_ok + n_ref))" "every flood message answered IDTIMEOUT or ERROR_NOT_ENOUGH_QUOTA: $FLOOD"
        for ((i = 1; i <= BURST; i++)); do
                expect_eq "$i ok IDTIMEOUT" "$(printf '%s\n' "$FLOOD" | sed -n "${i}p")" "message $i, within the burst"
        done
        # beyond the burst only what refilled at $RATE a second while it ran
        max_ok=$((BURST + (t1 - t0) * RATE / 1000000000 + 1))
        [ "$n_ok" -le "$max_ok" ] || fail "$n_ok of $N flood messages shown in $(((t1 - t0) / 1000000)) ms (at most $max_ok)"
        [ "$n_ref" -ge $((N - max_ok)) ] || fail "only $n_ref refusals"
        log "flood: $n_ok shown, $n_ref refused with ERROR_NOT_ENOUGH_QUOTA in $(((t1 - t0) / 1000000)) ms"

        # the journal: one event per message, each with its result (no suppression: 50 < 100)
        events_where "e['seq'] > $pre and e['uid'] == $uid"
        expect_eq "$N" "$(count "$HITS")" "a's events during the flood"
        ok_titles=$(printf '%s\n' "$FLOOD" | awk '$2 == "ok" { print "flood-" $1 }' | sort)
        ref_titles=$(printf '%s\n' "$FLOOD" | awk '$2 == "refused" { print "flood-" $1 }' | sort)
        events_where "e['seq'] > $pre and e['kind'] == 'wts_message' and e['uid'] == $uid and e['session'] == $as and e['target_session'] == $as and e['result'] == 0"
        expect_eq "$ok_titles" "$(printf '%s\n' "$HITS" | sed -n "s/.*\"target\":\"message '\\(flood-[0-9]*\\)'\".*/\\1/p" | sort)" \
                "allowed flood messages in the journal (result 0)"
        events_where "e['seq'] > $pre and e['kind'] == 'wts_message' and e['uid'] == $uid and e['session'] == $as and e['target_session'] == $as and e['result'] == -11"
        expect_eq "$ref_titles" "$(printf '%s\n' "$HITS" | sed -n "s/.*\"target\":\"message '\\(flood-[0-9]*\\)'\".*/\\1/p" | sort)" \
                "refused flood messages in the journal (result -11, -EAGAIN)"

        log "the daemon keeps serving others"
        expect_ok msg "$vs" "$vu" --session "$vs" --no-wait "b after the flood"
        expect_eq IDTIMEOUT "$T_OUT" "b's message to its own session after a's flood"
        expect_ok msg 0 root --session "$as" --no-wait "root after the flood"
        expect_eq IDTIMEOUT "$T_OUT" "root's message to a's session after a's flood"
        expect_ok s0 --json sessions
        expect_daemon_alive

        log "a faster flood over one connection: the journal's per-uid limit"
        pre=$(last_seq)
        expect_ok in_session "$as" "$au" python3 "$T_TMP/flood.py" "$T_RUN/control" "$as" 250
        read -r n_ref n_ok line <<<"$T_OUT"
        expect_eq 0 "$line" "raw flood: answers other than -EAGAIN and IDTIMEOUT"
        # what refilled since the first flood ended, at most
        max_ok=$((($(date +%s%N) - t1) * RATE / 1000000000 + 1))
        [ "$n_ok" -le "$max_ok" ] || fail "raw flood: $n_ok of 250 shown (at most $max_ok had refilled)"
        events_where "e['seq'] > $pre and e['uid'] == $uid and e['kind'] == 'suppressed'"
        [ "$(count "$HITS")" -ge 1 ] || fail "no 'suppressed' event after 250 sends: $T_OUT"
        events_where "e['seq'] > $pre and e['uid'] == $uid and e['kind'] == 'suppressed' and e['result'] == -16 and e['session'] == $as and e['target'] == 'more than 100 events in a second from this uid: rest of the second dropped'"
        [ "$(count "$HITS")" -ge 1 ] || fail "the suppressed event's fields"
        events_where "e['seq'] > $pre and e['uid'] == $uid and e['kind'] == 'wts_message' and e['target'] == \"message 'raw-flood'\""
        n=$(count "$HITS")
        [ "$n" -ge 1 ] && [ "$n" -lt 250 ] || fail "raw flood: $n of 250 sends recorded (expected some, not all)"
        log "raw flood: $n_ref refused, $n_ok shown; $n recorded, then suppressed"

        # still serving; a's quota is back after a pause (2 a second)
        expect_ok msg "$vs" "$vu" --session "$vs" --no-wait "b after the raw flood"
        expect_eq IDTIMEOUT "$T_OUT" "b's message after the raw flood"
        wait_until "a's quota to refill" 100 msg "$as" "$au" --session "$as" --no-wait "a again"
        expect_daemon_alive
}

make_users_ab

log "default mode: a in session 1, b in session 2"
start_daemon
logon_ab
attack "$S1" "$UA" "$S2" "$UB"

log "legacy mode: a on session 0's console, b in session 1"
stop_daemon
start_daemon --isolation=legacy
expect_ok s0 logon "$UA"
expect_eq 0 "$T_OUT" "first logon in legacy mode (the console of session 0)"
SB=$(s0 logon "$UB")
expect_eq 1 "$SB" "b's session in legacy mode"
attack 0 "$UA" "$SB" "$UB"
log "ok"
