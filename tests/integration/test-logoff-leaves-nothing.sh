#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# `s0ctl logoff` of a session running a double-forked daemon (setsid + double fork), a
# process that ignores SIGTERM and 100 sleeping processes returns once the session is
# empty, and leaves nothing behind: no process, no cgroup, no listing; the id is free
# for the next logon. Session 0 cannot be logged off; an unknown id is an error.
. "$S0_TESTS_SRC/integration/lib.sh"

start_daemon
make_users_ab
HOME_A=$(getent passwd "$UA" | cut -d: -f6)

logon_ab

# Runs as user A in session 1; every pid it starts goes to $1 (in A's HOME, which is
# not per session) before the script exits.
cat >"$T_TMP/evade.sh" <<'EOF'
out=$1
: >"$out"
# a daemon the classic way: setsid, fork, the middle process exits (-w: setsid returns
# once the middle process has written the pid and gone)
setsid -w sh -c 'sleep 100000 </dev/null >/dev/null 2>&1 & echo $! >>"$0"' "$out" </dev/null >/dev/null 2>&1
# a process that ignores SIGTERM (and HUP, INT): the disposition is set before the fork
trap '' TERM HUP INT
sleep 100000 </dev/null >/dev/null 2>&1 &
echo $! >>"$out"
trap - TERM HUP INT
# 100 sleepers
i=0
while [ $i -lt 100 ]; do
        sleep 100000 </dev/null >/dev/null 2>&1 &
        echo $! >>"$out"
        i=$((i + 1))
done
EOF
chmod 0644 "$T_TMP/evade.sh"

expect_ok in_session "$S1" "$UA" sh "$T_TMP/evade.sh" "$HOME_A/pids"
mapfile -t PIDS <"$HOME_A/pids"
expect_eq 102 "${#PIDS[@]}" "pids recorded by the session"
DAEMONIZED=${PIDS[0]}
NOTERM=${PIDS[1]}

log "preconditions: all 102 run in session $S1; the daemon left the session's process tree; SIGTERM is ignored"
declare -A START
CGPFX="0::$(cat "$T_RUN/cgroup")/session-$S1/"
for p in "${PIDS[@]}"; do
        START[$p]=$(proc_starttime "$p") || fail "pid $p of the session is not running"
        pid_alive "$p" || fail "pid $p of the session is not running"
        grep -q "^$CGPFX" "/proc/$p/cgroup" || fail "pid $p is not in session $S1: $(cat "/proc/$p/cgroup")"
done
expect_eq "$S1" "$(s0 session-of "$DAEMONIZED")" "session-of the double-forked daemon"
expect_eq "$S1" "$(s0 session-of "$NOTERM")" "session-of the TERM-ignoring process"
sid_of() { local s; s=$(cat "/proc/$1/stat"); s=${s##*) }; set -- $s; echo "$4"; }
expect_ne "$(sid_of "${PIDS[2]}")" "$(sid_of "$DAEMONIZED")" "session id (setsid) of the daemonized process"
sigign=$(awk '/^SigIgn:/ { print $2 }' "/proc/$NOTERM/status")
((0x$sigign & (1 << 14))) || fail "pid $NOTERM does not ignore SIGTERM (SigIgn $sigign)"
expect_eq 102 "$(session_field "$S1" processes)" "process count of session $S1"
expect_ok in_session "$S2" "$UB" sh -c 'sleep 100000 </dev/null >/dev/null 2>&1 & echo $!'
OTHER=$T_OUT
OTHER_START=$(proc_starttime "$OTHER")
[ -d "$(session_dir "$S1")" ] || fail "cgroup of session $S1 does not exist before logoff"

log "logoff $S1"
expect_ok s0 logoff "$S1"
# logoff returned: it promises the session is empty and gone -- no waiting here
for p in "${PIDS[@]}"; do
        ! proc_alive "$p" "${START[$p]}" || fail "pid $p of session $S1 survived logoff: $(cat "/proc/$p/status")"
done
LEFT=$( (ps -u "$UA" -o pid=,stat= || true) | awk '$2 !~ /^Z/' | xargs)
expect_eq "" "$LEFT" "processes of user A (not zombies) after logoff"
[ ! -e "$(session_dir "$S1")" ] || fail "cgroup $(session_dir "$S1") still exists after logoff"
expect_eq "0 $S2" "$(session_ids)" "sessions after logoff"
proc_alive "$OTHER" "$OTHER_START" || fail "user B's process in session $S2 died with session $S1's logoff"
expect_eq 1 "$(session_field "$S2" processes)" "process count of session $S2"

log "the id is reused by the next logon (lowest free)"
expect_ok s0 logon "$UA"
expect_eq "$S1" "$T_OUT" "id of the next logon"
expect_eq 0 "$(session_field "$S1" processes)" "processes of the new session $S1"

log "session 0 cannot be logged off; unknown sessions are errors"
expect_fail_msg "session 0 cannot be logged off" s0 logoff 0
expect_eq 1 "$T_RC" "exit status of 'logoff 0'"
expect_fail_msg "no session 99" s0 logoff 99
expect_eq 1 "$T_RC" "exit status of 'logoff 99'"
expect_eq "0 1 2" "$(session_ids)" "sessions after the refused logoffs"
expect_daemon_alive
