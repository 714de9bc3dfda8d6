#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ATTACKS A15: evade logoff. A user's session runs a double-forked setsid daemon, a
# process ignoring SIGTERM/HUP/INT, a process forking continuously while the logoff
# runs, one that keeps starting detached sleepers, and processes that try to escape to
# another cgroup first (the tree's root, the cgroup2 root, a cgroup of their own, from
# inside a user namespace too). After `s0ctl logoff` nothing of the session survives.
# Same in legacy mode, where the console user of session 0 is logged off and the
# service beside it stays.
. "$S0_TESTS_SRC/integration/lib.sh"

make_users_ab
HOME_A=$(getent passwd "$UA" | cut -d: -f6)

# evade.sh OUT TREE MOUNT OWN: started as user A in its session; pids to OUT.pids,
# the sleepers' pids to OUT.spawned, each escape attempt's errors to its own
# OUT.escape.N (one file each: a shell writes an error in more than one write(), so
# attempts appending to one file at once could interleave their lines).
cat >"$T_TMP/evade.sh" <<'EOF'
out=$1 tree=$2 mnt=$3 own=$4
: >"$out.pids"
: >"$out.spawned"
: >"$out.escape.1"; : >"$out.escape.2"; : >"$out.escape.3"; : >"$out.escape.4"
bg() { "$@" </dev/null >/dev/null 2>&1 & echo $! >>"$out.pids"; }
# a classic daemon: setsid, fork, the middle process exits
setsid -w sh -c 'sleep 100000 </dev/null >/dev/null 2>&1 & echo $! >>"$0"' "$out.pids" </dev/null >/dev/null 2>&1
# ignores every catchable signal logoff might send first
trap '' TERM HUP INT QUIT USR1 USR2
bg sleep 100000
trap - TERM HUP INT QUIT USR1 USR2
# forks continuously (bounded: a million forks)
bg sh -c 'i=0; while [ $i -lt 1000000 ]; do /bin/true; i=$((i + 1)); done'
# keeps starting detached sleepers (bounded: 2,000)
bg sh -c 'i=0; while [ $i -lt 2000 ]; do sleep 100000 </dev/null >/dev/null 2>&1 & echo $! >>"$0"; i=$((i + 1)); done' "$out.spawned"
# escapes: move itself out of the session, then stay; each reports its refusal
n=1
for f in "$tree/cgroup.procs" "$mnt/cgroup.procs"; do
        bg sh -c '{ echo $$ >"$1"; } 2>>"$2" && echo "ESCAPED to $1" >>"$2"; exec sleep 100000' sh "$f" "$out.escape.$n"
        n=$((n + 1))
done
{ mkdir "$own/escape"; } 2>>"$out.escape.3" && echo "ESCAPED: created $own/escape" >>"$out.escape.3"
# from a user namespace where it is "root", with its own cgroup namespace
bg unshare -r -C sh -c '{ echo $$ >"$1"; } 2>>"$2" && echo "ESCAPED (userns) to $1" >>"$2"; exec sleep 100000' \
        sh "$tree/cgroup.procs" "$out.escape.4"
EOF
chmod 0644 "$T_TMP/evade.sh"

# evade SESSION: runs evade.sh as user A in SESSION, checks the preconditions
evade() {
        local s=$1 own
        own=$(tree_dir)/session-$s
        [ "$s" == 0 ] && own=$own/console
        rm -f "$HOME_A"/evade.*
        expect_ok in_session "$s" "$UA" sh "$T_TMP/evade.sh" "$HOME_A/evade" "$(tree_dir)" "$T_CGMNT" "$own"
        mapfile -t PIDS <"$HOME_A/evade.pids"
        expect_eq 7 "${#PIDS[@]}" "pids recorded by the evading session"
        declare -g -A START=()
        local p
        for p in "${PIDS[@]}"; do
                START[$p]=$(proc_starttime "$p") || fail "pid $p of the session is not running"
                expect_eq "$s" "$(s0 session-of "$p")" "session-of $p"
        done
        # the forkers are at work when the logoff comes
        spawned_some() { [ "$(wc -l <"$HOME_A/evade.spawned")" -ge 20 ]; }
        wait_until "the sleeper-spawner to start 20 sleepers" 250 spawned_some
        local sigign
        sigign=$(awk '/^SigIgn:/ { print $2 }' "/proc/${PIDS[1]}/status")
        ((0x$sigign & (1 << 14))) || fail "pid ${PIDS[1]} does not ignore SIGTERM (SigIgn $sigign)"
        # the escapes were refused (the escapers report in the background), and the
        # escapers stayed in the session (session-of above)
        escapes_reported() { [ "$(grep -l -E 'Permission denied|ESCAPED' "$HOME_A"/evade.escape.[1-4] | wc -l)" -ge 4 ]; }
        escapes() { cat "$HOME_A"/evade.escape.[1-4]; }
        # (in a subshell, so that a timeout can still say what the escapers reported)
        (wait_until "the four escape attempts to report" 250 escapes_reported) ||
                fail "the escape attempts reported only: $(escapes | tr '\n' ';')"
        expect_eq 4 "$(escapes | grep -c 'Permission denied')" "refused escapes ($(escapes))"
        ! escapes | grep -q ESCAPED || fail "an escape succeeded: $(escapes)"
        log "escape attempts: $(escapes | tr '\n' ';')"
        log "sleepers started before logoff: $(wc -l <"$HOME_A/evade.spawned")+"
}

# no process of user A may be left anywhere (zombies have been killed: they only wait
# for a parent to reap them; X is a task already dead that the kernel is still freeing,
# seen by ps for an instant after logoff under load)
nothing_of_a_left() {
        local p left
        for p in "${PIDS[@]}"; do
                ! proc_alive "$p" "${START[$p]}" || fail "pid $p survived logoff: $(cat "/proc/$p/status")"
        done
        left=$( (ps -u "$UA" -o pid=,stat=,args= || true) | awk '$2 !~ /^[ZX]/')
        expect_eq "" "$left" "processes of user A after logoff"
}

log "default mode"
start_daemon
logon_ab
P2=$(in_session "$S2" "$UB" sh -c 'sleep 100000 </dev/null >/dev/null 2>&1 & echo $!')
P2_START=$(proc_starttime "$P2")
evade "$S1"
expect_ok s0 logoff "$S1"
nothing_of_a_left
[ ! -e "$(session_dir "$S1")" ] || fail "session $S1's cgroup survived logoff"
expect_eq "0 $S2" "$(session_ids)" "sessions after logoff"
proc_alive "$P2" "$P2_START" || fail "user B's process died with user A's logoff"

log "legacy mode: the console user of session 0"
stop_daemon
start_daemon --isolation=legacy
SVC=$(s0 run --session 0 -- sh -c 'sleep 100000 </dev/null >/dev/null 2>&1 & echo $!')
SVC_START=$(proc_starttime "$SVC")
expect_eq 0 "$(s0 logon "$UA")" "the first logon in legacy mode"
evade 0
expect_ok s0 logoff 0
nothing_of_a_left
[ ! -e "$(session_dir 0)/console" ] || fail "session 0's console cgroup survived logoff"
proc_alive "$SVC" "$SVC_START" || fail "the service in session 0 died with the console user's logoff"
expect_eq 1 "$(session_field 0 processes)" "processes in session 0 after logoff (the service)"
