#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# What a session must not inherit from the daemon or leave behind on the host:
# its own session keyring (owned by its user, not root's shared one), the descriptor
# limit the daemon was started with (not the one it raised for itself), a private
# /var/tmp like /tmp, and no /run/user/UID mount point left after the last logoff.
# And SIGHUP (the conventional reload) leaves the daemon serving.
. "$S0_TESTS_SRC/integration/lib.sh"

# The daemon raises its own soft RLIMIT_NOFILE; sessions must get this one back.
ulimit -S -n 777
start_daemon
make_users_ab
logon_ab

log "the daemon raised its descriptor limit; the sessions did not inherit it"
DAEMON_NOFILE=$(awk '/^Max open files/ { print $4 }' "/proc/$T_DPID/limits")
expect_ne 777 "$DAEMON_NOFILE" "the daemon's own soft descriptor limit"
expect_ok in_session "$S_A" "$UA" sh -c 'ulimit -n'
expect_eq 777 "$T_OUT" "soft RLIMIT_NOFILE of a user's process"
expect_ok s0 run --session 0 -- sh -c 'ulimit -n'
expect_eq 777 "$T_OUT" "soft RLIMIT_NOFILE of a service"

log "signal dispositions: none ignored (the daemon ignores SIGPIPE, and was started as a"
log "background job, which ignores SIGINT and SIGQUIT: exec would keep those)"
grep -q '^SigIgn:.*[^0]' "/proc/$T_DPID/status" || fail "the daemon ignores no signal: this check would prove nothing"
expect_ok in_session "$S_A" "$UA" sh -c 'grep ^SigIgn: /proc/self/status'
expect_eq "SigIgn:	0000000000000000" "$T_OUT" "ignored signals of a user's process"
expect_ok s0 run --session 0 -- sh -c 'grep ^SigIgn: /proc/self/status'
expect_eq "SigIgn:	0000000000000000" "$T_OUT" "ignored signals of a service"

log "session keyrings: one per process tree, owned by its user, never root's"
ROOT_KR=$("$T_KEYRING" | cut -d' ' -f1)
expect_ok in_session "$S_A" "$UA" "$T_KEYRING"
KR_A=$T_OUT
expect_ok in_session "$S_B" "$UB" "$T_KEYRING"
KR_B=$T_OUT
expect_eq "$(id -u "$UA")" "${KR_A#* }" "owner of session $S_A's keyring"
expect_eq "$(id -u "$UB")" "${KR_B#* }" "owner of session $S_B's keyring"
expect_ne "${KR_A% *}" "${KR_B% *}" "keyring of user A and of user B"
expect_ne "$ROOT_KR" "${KR_A% *}" "keyring of user A and the root caller's"

log "/var/tmp is private per session, like /tmp"
expect_ok in_session "$S_A" "$UA" sh -c 'echo a > /var/tmp/s0-vartmp-a && cat /var/tmp/s0-vartmp-a'
expect_eq a "$T_OUT" "a file user A wrote in /var/tmp, read back in session $S_A"
run_rc in_session "$S_B" "$UB" test -e /var/tmp/s0-vartmp-a
expect_eq 1 "$T_RC" "session $S_B looking for session $S_A's /var/tmp file"
[ ! -e /var/tmp/s0-vartmp-a ] || fail "session $S_A's /var/tmp file is on the host"
run_rc s0 run --session 0 -- test -e /var/tmp/s0-vartmp-a
expect_eq 1 "$T_RC" "session 0 looking for session $S_A's /var/tmp file"

log "SIGHUP: nothing to reload, still serving"
kill -HUP "$T_DPID"
expect_ok s0 sessions
expect_daemon_alive
expect_eq "0 $S_A $S_B" "$(session_ids)" "sessions after SIGHUP"

log "the last logoff of a user removes the /run/user/UID mount point the daemon made"
UID_A=$(id -u "$UA")
if mountpoint -q "/run/user/$UID_A"; then
        fail "/run/user/$UID_A is a mount point on the host (it must exist only in the session)"
fi
[ -d "/run/user/$UID_A" ] || fail "/run/user/$UID_A (mount point of session $S_A's XDG_RUNTIME_DIR) is missing"
S_A2=$(s0 logon "$UA")
expect_ok s0 logoff "$S_A"
[ -d "/run/user/$UID_A" ] || fail "/run/user/$UID_A removed while session $S_A2 of the same user lives"
expect_ok in_session "$S_A2" "$UA" sh -c 'echo x > "$XDG_RUNTIME_DIR/probe" && cat "$XDG_RUNTIME_DIR/probe"'
expect_eq x "$T_OUT" "XDG_RUNTIME_DIR of the user's remaining session still works"
expect_ok s0 logoff "$S_A2"
[ ! -e "/run/user/$UID_A" ] || fail "/run/user/$UID_A left on the host after the user's last logoff"
[ -d "/run/user/$(id -u "$UB")" ] || fail "user B's /run/user dir went with user A's logoff"
