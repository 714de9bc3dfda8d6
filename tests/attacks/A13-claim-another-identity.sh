#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ATTACKS A13: claim another identity on the control socket. The daemon takes the
# caller's identity from SO_PEERCRED only; what a message says about who sends it
# (a user name, a session id) is a request to be checked, never a claim. Raw messages
# (s0-test-rawclient, built from protocol.h) from non-root users:
#  - LOGON / JOIN (root only), SPAWN naming another user, SPAWN / LOGOFF / DISCONNECT
#    on another user's session: refused with -EPERM;
#  - fd tricks: descriptors on a message that takes none, a SPAWN with 2, too many:
#    error replies, and no descriptor leaks in the daemon;
#  - replay: a SPAWN datagram built by one user (or root) and sent by another runs as
#    the sender or not at all.
# Same in legacy mode (checked at the end).
. "$S0_TESTS_SRC/integration/lib.sh"

start_daemon
make_users_ab
logon_ab
UID_A=$(id -u "$UA")
UID_B=$(id -u "$UB")
OUT=$T_TMP/shared
RAW_A=(as_user "$UA" "$T_RAW")
RAW_B=(as_user "$UB" "$T_RAW")

# CMD... must print exactly EXPECTED (the daemon's reply line(s)).
expect_reply() { # EXPECTED CMD...
        local want=$1
        shift
        expect_ok "$@"
        expect_eq "$want" "$T_OUT" "reply to '$*'"
}

# `bad KIND` prints the reply, then the reply to a LIST on the same connection.
expect_bad() { # EXPECTED SESSIONS CMD...
        local want=$1 n=$2
        shift 2
        expect_reply "$want
SESSION_LIST count=$n" "$@"
}

log "precondition: a user's own requests are served"
expect_reply "SESSION_LIST count=3" "${RAW_A[@]}" list
expect_ok "${RAW_A[@]}" spawn "$S_A" - sh -c "id -u >$OUT/own"
[[ "$T_OUT" =~ ^SPAWNED\ pid=[0-9]+\ session=$S_A$'\n'EXITED\ code=exited\ status=0$ ]] ||
        fail "user A's own spawn: got '$T_OUT'"
expect_eq "$UID_A" "$(cat "$OUT/own")" "uid of user A's own spawned process"
expect_ok "${RAW_A[@]}" spawn "$S_A" "$UA" true # naming oneself is fine
expect_contains "$T_OUT" "EXITED code=exited status=0" "spawn naming oneself"

log "LOGON and JOIN from a non-root user"
for u in "$UA" "$UB" root; do
        expect_reply "ERROR EPERM logon needs root (caller is uid $UID_A)" "${RAW_A[@]}" logon "$u"
        expect_reply "ERROR EPERM join needs root (caller is uid $UID_A)" "${RAW_A[@]}" join "$u"
done
expect_eq "0 $S_A $S_B" "$(session_ids)" "sessions after the refused logons"

log "SPAWN naming another user, or into another user's session"
for s in "$S_A" "$S_B" 0; do
        for u in "$UB" root; do
                expect_reply "ERROR EPERM only root can start processes as another user" \
                        "${RAW_A[@]}" spawn "$s" "$u" sh -c "touch $OUT/forged-$s-$u"
                [ ! -e "$OUT/forged-$s-$u" ] || fail "a refused SPAWN (session $s, user $u) ran anyway"
        done
done
expect_reply "ERROR EPERM session $S_B belongs to another user" "${RAW_A[@]}" spawn "$S_B" - touch "$OUT/into-b"
expect_reply "ERROR EPERM session 0 belongs to another user" "${RAW_A[@]}" spawn 0 - touch "$OUT/into-0"
expect_reply "ERROR EPERM session $S_B belongs to another user" "${RAW_A[@]}" spawn "$S_B" "$UA" touch "$OUT/into-b"
[ ! -e "$OUT/into-b" ] && [ ! -e "$OUT/into-0" ] || fail "a refused SPAWN into another session ran anyway"
expect_reply "ERROR EPERM session $S_B belongs to another user" "${RAW_A[@]}" logoff "$S_B"
expect_reply "ERROR EPERM session $S_B belongs to another user" "${RAW_A[@]}" disconnect "$S_B"
expect_reply "ERROR EPERM session 0 belongs to another user" "${RAW_A[@]}" logoff 0
expect_eq Active "$(session_field "$S_B" state)" "state of session $S_B after the refused disconnect"
expect_eq 0 "$(session_field "$S_B" processes)" "processes in session $S_B after the refused spawns"
expect_eq 0 "$(session_field 0 processes)" "processes in session 0 after the refused spawns"

log "fd passing tricks"
DFDS=$("$T_RAW" fd-count "$T_DPID")
expect_bad "ERROR EBADMSG unexpected file descriptors with message" 3 "${RAW_A[@]}" bad list-with-fd
expect_bad "ERROR EBADMSG unexpected file descriptors with message" 3 "${RAW_A[@]}" bad list-with-3-fds
expect_bad "ERROR EBADMSG spawn needs exactly 3 file descriptors (stdin, stdout, stderr)" 3 "${RAW_A[@]}" bad spawn-2-fds
expect_bad "ERROR EBADMSG spawn needs exactly 3 file descriptors (stdin, stdout, stderr)" 3 "${RAW_A[@]}" bad spawn-no-fds
expect_bad "ERROR EBADMSG too many file descriptors with message" 3 "${RAW_A[@]}" bad too-many-fds
expect_bad "ERROR EBADMSG unexpected file descriptors with message" 3 "${RAW_A[@]}" bad list-with-4-fds
for i in $(seq 20); do
        for kind in list-with-3-fds list-with-4-fds too-many-fds spawn-2-fds; do
                "${RAW_A[@]}" bad "$kind" >/dev/null
        done
done
expect_eq "$DFDS" "$("$T_RAW" fd-count "$T_DPID")" "descriptors open in the daemon after 80 fd-laden messages"
# 4 descriptors fit the control buffer a receiver sized for 3 (CMSG_SPACE rounds up):
# the 4th must not be ignored and the SPAWN must not run
expect_ok "${RAW_A[@]}" spawn --fds 4 "$S_A" - touch "$OUT/fds4"
[[ "$T_OUT" =~ ^ERROR\ EBADMSG\ (spawn\ needs\ exactly\ 3|too\ many)\ file\ descriptors ]] ||
        fail "SPAWN with 4 descriptors: expected an EBADMSG error about file descriptors, got '$T_OUT'"
[ ! -e "$OUT/fds4" ] || fail "a SPAWN with 4 descriptors ran"
expect_eq "$DFDS" "$("$T_RAW" fd-count "$T_DPID")" "descriptors open in the daemon after a SPAWN with 4"

log "replay: a SPAWN built by root for user B, sent by user A"
"$T_RAW" build-spawn "$T_TMP/root-spawn.bin" "$S_B" "$UB" sh -c "id -u >$OUT/replay-root"
chmod 0644 "$T_TMP/root-spawn.bin"
expect_reply "ERROR EPERM only root can start processes as another user" "${RAW_A[@]}" send-file "$T_TMP/root-spawn.bin"
[ ! -e "$OUT/replay-root" ] || fail "root's replayed SPAWN ran for user A"
# precondition: the same bytes from root are a valid request that runs
expect_ok "$T_RAW" send-file "$T_TMP/root-spawn.bin"
expect_contains "$T_OUT" "EXITED code=exited status=0" "root's own SPAWN datagram"
expect_eq "$UID_B" "$(cat "$OUT/replay-root")" "uid of the process root's datagram started"
rm -f "$OUT/replay-root"

log "replay: user A's SPAWN into its own session, sent by user B"
as_user "$UA" "$T_RAW" build-spawn "$OUT/a-spawn.bin" "$S_A" - sh -c "id -u >$OUT/replay-a"
expect_reply "ERROR EPERM session $S_A belongs to another user" "${RAW_B[@]}" send-file "$OUT/a-spawn.bin"
[ ! -e "$OUT/replay-a" ] || fail "user A's SPAWN replayed by user B ran"
expect_ok "${RAW_A[@]}" send-file "$OUT/a-spawn.bin" # precondition: A's own datagram works for A
expect_eq "$UID_A" "$(cat "$OUT/replay-a")" "uid of the process A's datagram started for A"

log "replay: a datagram built by user A for session $S_B runs as its sender, user B"
as_user "$UA" "$T_RAW" build-spawn "$OUT/a-for-b.bin" "$S_B" - sh -c "id -u >$OUT/replay-ab"
expect_reply "ERROR EPERM session $S_B belongs to another user" "${RAW_A[@]}" send-file "$OUT/a-for-b.bin"
expect_ok "${RAW_B[@]}" send-file "$OUT/a-for-b.bin"
expect_contains "$T_OUT" "EXITED code=exited status=0" "A's datagram sent by B"
expect_eq "$UID_B" "$(cat "$OUT/replay-ab")" "uid of the process started by A's datagram sent by B"

log "legacy mode: the same"
stop_daemon
start_daemon --isolation=legacy
expect_reply "SESSION 0" "$T_RAW" logon "$UA"
expect_reply "SESSION 1" "$T_RAW" logon "$UB"
expect_reply "ERROR EPERM logon needs root (caller is uid $UID_A)" "${RAW_A[@]}" logon "$UA"
expect_reply "ERROR EPERM session 0 belongs to another user" "${RAW_B[@]}" spawn 0 - touch "$OUT/legacy-into-0"
expect_reply "ERROR EPERM only root can start processes as another user" "${RAW_B[@]}" spawn 1 "$UA" true
expect_reply "ERROR EPERM session 1 belongs to another user" "${RAW_A[@]}" spawn 1 - true
expect_reply "ERROR EPERM only root can start processes as another user" "${RAW_A[@]}" spawn 0 root true
expect_bad "ERROR EBADMSG unexpected file descriptors with message" 2 "${RAW_A[@]}" bad list-with-fd
[ ! -e "$OUT/legacy-into-0" ] || fail "a refused SPAWN into session 0 ran (legacy)"
expect_daemon_alive
