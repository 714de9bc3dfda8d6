#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ATTACKS A14: malformed, truncated, oversized and out-of-order protocol messages; a
# client that connects and stalls; a client that never reads; 1,000 clients at once.
# Each bad message gets an ERROR reply with the expected error, on a connection that
# keeps working; the daemon stays up and keeps serving everyone else; nothing leaks.
# The attacker is an ordinary user. Same in legacy mode (checked at the end).
. "$S0_TESTS_SRC/integration/lib.sh"

start_daemon
make_users_ab
RAW_A=(as_user "$UA" "$T_RAW")
DFDS=$("$T_RAW" fd-count "$T_DPID")

# Every broken message, its expected reply (the connection then serves a LIST).
declare -A WANT=(
        [short]="ERROR EBADMSG malformed message"
        [header-only]="ERROR EBADMSG malformed message"
        [truncated]="ERROR EBADMSG malformed message"
        [size-lies-small]="ERROR EBADMSG malformed message"
        [size-lies-big]="ERROR EBADMSG malformed message"
        [size-lies-huge]="ERROR EBADMSG malformed message"
        [oversized]="ERROR EMSGSIZE message larger than 16384 bytes"
        [oversized-by-one]="ERROR EMSGSIZE message larger than 16384 bytes"
        [bad-version]="ERROR EPROTO unsupported protocol version (this daemon speaks 1)"
        [bad-magic]="ERROR EBADMSG malformed message"
        [unknown-type]="ERROR EOPNOTSUPP unknown message type"
        [type-zero]="ERROR EOPNOTSUPP unknown message type"
        [reply-as-request]="ERROR EOPNOTSUPP not a request"
        [exited-as-request]="ERROR EOPNOTSUPP not a request"
        [garbage]="ERROR EBADMSG malformed message"
        [unterminated-user]="ERROR EBADMSG malformed message"
        [empty-user]="ERROR EBADMSG malformed message"
        [logon-flags]="ERROR EBADMSG malformed message"
        [spawn-argc-lies]="ERROR EBADMSG malformed message"
        [spawn-strings-size-lies]="ERROR EBADMSG malformed message"
        [spawn-unterminated]="ERROR EBADMSG malformed message"
        [spawn-too-many-args]="ERROR E2BIG too many entries in message"
)
# COUNT: sessions the LIST after each bad message reports
send_all_bad() {
        local count=$1 kind
        for kind in "${!WANT[@]}"; do
                expect_ok "${RAW_A[@]}" bad "$kind"
                expect_eq "${WANT[$kind]}
SESSION_LIST count=$count" "$T_OUT" "replies to bad message '$kind' and a LIST after it on the same connection"
                expect_daemon_alive
        done
        # a zero-length datagram reads like EOF: an error reply or a closed connection
        expect_ok "${RAW_A[@]}" bad empty
        [[ "$T_OUT" == "EOF" || "$T_OUT" == "ERROR EBADMSG malformed message"* ]] ||
                fail "reply to an empty datagram: got '$T_OUT'"
        log "an empty datagram got: $T_OUT"
        expect_ok "$T_RAW" list
        expect_eq "SESSION_LIST count=$count" "$T_OUT" "a normal client after the bad messages"
}

log "malformed, truncated, oversized, out-of-order messages"
send_all_bad 1
expect_eq 0 "$(session_ids)" "sessions after the bad messages (a broken LOGON made none)"
S_B=$(s0 logon "$UB")
expect_eq 1 "$S_B" "a logon after the bad messages"
# twenty rounds of everything: still one daemon, no descriptor or session gained
for i in $(seq 20); do
        for kind in "${!WANT[@]}"; do
                "${RAW_A[@]}" bad "$kind" >/dev/null
        done
done
expect_daemon_alive
expect_eq "0 1" "$(session_ids)" "sessions after 20 rounds of bad messages"

log "clients that connect and stall, or send and never read"
mkfifo "$T_TMP/hold" "$T_TMP/conn"
exec 7<>"$T_TMP/hold" 8<>"$T_TMP/conn"
for i in 1 2 3; do
        bg_start "${RAW_A[@]}" stall <"$T_TMP/hold" >"$T_TMP/conn" 7>&- 8>&-
        bg_start "${RAW_A[@]}" stall-noread <"$T_TMP/hold" >"$T_TMP/conn" 7>&- 8>&-
done
for i in 1 2 3 4 5 6; do
        read -r -t 10 -u 8 line || fail "stalling client $i did not connect"
        expect_eq connected "$line" "stalling client $i"
done
# with all six stalled, the daemon serves everyone else, requests of every kind
expect_ok s0 sessions
expect_ok s0 logon "$UA"
S_A=$T_OUT
expect_ok s0 run --session "$S_A" --user "$UA" -- echo served
expect_eq served "$T_OUT" "a process started while clients stall"
expect_ok as_user "$UB" "$S0CTL" --runtime-dir "$T_RUN" run --session "$S_B" -- id -un
expect_eq "$UB" "$T_OUT" "user B's own request while clients stall"
expect_ok s0 logoff "$S_A"
# a client that floods requests and never reads its replies is cut off, not waited for
expect_ok "${RAW_A[@]}" noread 100000
[[ "$T_OUT" =~ ^cut-off\ after=[0-9]+$ ]] || fail "a client that never reads: expected to be cut off, got '$T_OUT'"
log "a client that never reads: $T_OUT"
expect_ok s0 sessions
exec 7>&- # EOF for the stalling clients: they close their connections and exit
for p in "${T_BGPIDS[@]}"; do
        wait "$p" || fail "stalling client $p failed"
done
T_BGPIDS=()
exec 8>&-

log "1,000 clients at once (root)"
coproc MANY { "$T_RAW" many 1000; }
read -r -t 60 -u "${MANY[0]}" line || fail "1,000 clients: no result"
expect_eq "connected=1000 served=1000 refused=0 other=0" "$line" "1,000 root clients, each with a LIST"
expect_ok s0 sessions # the 1,001st client, while the 1,000 are held
expect_ok as_user "$UB" "$S0CTL" --runtime-dir "$T_RUN" sessions
eval "exec ${MANY[1]}>&-"
wait "$MANY_PID" || fail "the 1,000-client helper failed"

log "1,000 clients at once from one ordinary user: capped, and nobody else locked out"
coproc MANY { as_user "$UA" "$T_RAW" many 1000; }
read -r -t 60 -u "${MANY[0]}" line || fail "1,000 clients of user A: no result"
[[ "$line" =~ ^connected=1000\ served=([0-9]+)\ refused=([0-9]+)\ other=0$ ]] ||
        fail "1,000 clients of user A: got '$line'"
SERVED=${BASH_REMATCH[1]}
log "user A's 1,000 clients: $line"
((SERVED >= 1 && SERVED < 1000)) || fail "1,000 clients of user A: $SERVED served; expected a per-user cap"
expect_eq 1000 "$((SERVED + BASH_REMATCH[2]))" "served + refused clients of user A"
expect_ok s0 sessions
expect_ok as_user "$UB" "$S0CTL" --runtime-dir "$T_RUN" run --session "$S_B" -- id -un
expect_eq "$UB" "$T_OUT" "user B's request while user A holds its maximum of connections"
eval "exec ${MANY[1]}>&-"
wait "$MANY_PID" || fail "the 1,000-client helper of user A failed"

log "afterwards: the same daemon, serving, with no descriptor left over"
expect_daemon_alive
expect_eq "0 1" "$(session_ids)" "sessions at the end"
fds_back() { [ "$("$T_RAW" fd-count "$T_DPID")" == "$DFDS_NOW" ]; }
# the baseline plus session 1's three descriptors (its cgroup dir, anchor and session
# host pidfds)
DFDS_NOW=$((DFDS + 3))
wait_until "the daemon to close the 2,000 connections (fds back to $DFDS_NOW)" 250 fds_back

log "legacy mode: the same"
stop_daemon
start_daemon --isolation=legacy
send_all_bad 1
expect_daemon_alive
