#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# `s0ctl run` / `logon -- CMD`: what the started process gets -- exit status and
# 128+signal, uid/gid/groups, HOME and cwd, a clean environment, S0_SESSION_ID, its
# session as the kernel records it -- and that `sessions --json` is valid and counts it.
. "$S0_TESTS_SRC/integration/lib.sh"

start_daemon
make_user a
UA=$REPLY
make_group extra
GX=$REPLY
usermod -a -G "$GX" "$UA"

S=$(s0 logon "$UA")
expect_eq 1 "$S" "first logon's session id"

log "exit status and 128+signal"
run_rc in_session "$S" "$UA" sh -c 'exit 42'
expect_eq 42 "$T_RC" "exit status of 'exit 42'"
run_rc in_session "$S" "$UA" true
expect_eq 0 "$T_RC" "exit status of true"
run_rc in_session "$S" "$UA" sh -c 'kill -KILL $$'
expect_eq 137 "$T_RC" "exit status of a process killed by SIGKILL"
run_rc in_session "$S" "$UA" sh -c 'kill -TERM $$'
expect_eq 143 "$T_RC" "exit status of a process killed by SIGTERM"

log "identity: uid, gid, supplementary groups"
expect_ok in_session "$S" "$UA" id -u
expect_eq "$(id -u "$UA")" "$T_OUT" "uid in the session"
expect_ok in_session "$S" "$UA" id -g
expect_eq "$(id -g "$UA")" "$T_OUT" "gid in the session"
expect_ok in_session "$S" "$UA" id -G
expect_eq "$(id -G "$UA" | tr ' ' '\n' | sort -n | xargs)" "$(echo "$T_OUT" | tr ' ' '\n' | sort -n | xargs)" \
        "supplementary groups in the session"
expect_contains " $T_OUT " " $(getent group "$GX" | cut -d: -f3) " "groups include the extra group"
# root's own processes in session 0 (a service) are root's
expect_ok s0 run --session 0 -- id -u
expect_eq 0 "$T_OUT" "uid of a service in session 0"

log "HOME, cwd, a clean environment"
HOME_A=$(getent passwd "$UA" | cut -d: -f6)
expect_ok in_session "$S" "$UA" sh -c 'echo "$HOME"; pwd'
expect_eq "$HOME_A
$HOME_A" "$T_OUT" "HOME and cwd"
expect_ok env -i PATH="$PATH" FOO=bar LD_LIBRARY_PATH=/nonexistent TERM=xterm-s0test LANG=C.UTF-8 TZ=UTC \
        "$S0CTL" --runtime-dir "$T_RUN" run --session "$S" --user "$UA" -- env
ENV_OUT=$T_OUT
expect_contains "$ENV_OUT" "TERM=xterm-s0test" "TERM passes"
expect_contains "$ENV_OUT" "LANG=C.UTF-8" "LANG passes"
expect_contains "$ENV_OUT" "TZ=UTC" "TZ passes"
expect_not_contains "$ENV_OUT" "FOO=" "the caller's FOO"
expect_not_contains "$ENV_OUT" "LD_LIBRARY_PATH" "the caller's LD_LIBRARY_PATH"
expect_contains "$ENV_OUT" "S0_SESSION_ID=$S" "S0_SESSION_ID"
expect_contains "$ENV_OUT" "S0_RUNTIME_DIR=$T_RUN" "S0_RUNTIME_DIR"
expect_contains "$ENV_OUT" "USER=$UA" "USER"
expect_contains "$ENV_OUT" "LOGNAME=$UA" "LOGNAME"
expect_contains "$ENV_OUT" "HOME=$HOME_A" "HOME"
expect_contains "$ENV_OUT" "SHELL=/bin/sh" "SHELL"
# The daemon filters too: a raw SPAWN carrying LD_PRELOAD and FOO gets neither through.
rm -f "$T_TMP/shared/env"
expect_ok "$T_RAW" spawn --env LD_PRELOAD=/nonexistent.so --env FOO=bar --env TERM=xterm-raw "$S" "$UA" \
        sh -c "env > $T_TMP/shared/env"
[[ "$T_OUT" =~ ^SPAWNED\ pid=[0-9]+\ session=$S$'\n' ]] || fail "raw spawn reply: got '$T_OUT'"
expect_contains "$T_OUT" "EXITED code=exited status=0" "raw spawn exit report"
RAW_ENV=$(cat "$T_TMP/shared/env")
expect_not_contains "$RAW_ENV" "LD_PRELOAD" "LD_PRELOAD sent in a raw SPAWN"
expect_not_contains "$RAW_ENV" "FOO=" "FOO sent in a raw SPAWN"
expect_contains "$RAW_ENV" "TERM=xterm-raw" "TERM sent in a raw SPAWN"
# a caller's S0_SESSION_ID is no claim: the child gets the session it runs in
expect_ok env S0_SESSION_ID=99 "$S0CTL" --runtime-dir "$T_RUN" run --session 0 -- sh -c 'echo $S0_SESSION_ID'
expect_eq 0 "$T_OUT" "S0_SESSION_ID of a service (caller claimed 99)"

log "stdin, stdout and signal forwarding"
OUT=$(echo "through stdin" | s0 run --session "$S" --user "$UA" -- cat)
expect_eq "through stdin" "$OUT" "stdin passed to the child"
mkfifo "$T_TMP/fwd"
# The child traps TERM and exits 7: s0ctl must pass our SIGTERM on to it. (It kills its
# sleep with SIGKILL: a TERM can reach dash's forked child before it has exec'd sleep,
# while it still runs the parent's trap handler, and be lost.)
"$S0CTL" --runtime-dir "$T_RUN" run --session "$S" --user "$UA" -- sh -c \
        'trap "kill -KILL \$!; wait \$!; exit 7" TERM; sleep 100000 </dev/null >/dev/null 2>&1 & echo ready; wait' >"$T_TMP/fwd" &
FWD=$!
T_BGPIDS+=("$FWD")
exec 5<"$T_TMP/fwd"
read -r -t 10 line <&5 || fail "the TERM-trapping child did not start"
expect_eq ready "$line" "child's first line"
kill -TERM "$FWD"
rc=0
wait "$FWD" || rc=$?
exec 5<&-
expect_eq 7 "$rc" "s0ctl's exit after SIGTERM was forwarded to a child that exits 7 on TERM"

log "session-of and sessions --json"
for i in 1 2 3; do
        expect_ok in_session "$S" "$UA" sh -c 'sleep 100000 </dev/null >/dev/null 2>&1 & echo $!'
        PIDS[i]=$T_OUT
done
for i in 1 2 3; do
        pid_alive "${PIDS[i]}" || fail "sleeper ${PIDS[i]} is not running"
        expect_ok s0 session-of "${PIDS[i]}"
        expect_eq "$S" "$T_OUT" "session-of ${PIDS[i]}"
        grep -q "^0::$(cat "$T_RUN/cgroup")/session-$S/" "/proc/${PIDS[i]}/cgroup" ||
                fail "pid ${PIDS[i]} is not in session-$S's cgroup: $(cat "/proc/${PIDS[i]}/cgroup")"
done
expect_ok s0 run --session 0 -- sh -c 'sleep 100000 </dev/null >/dev/null 2>&1 & echo $!'
SVC=$T_OUT
expect_ok s0 session-of "$SVC"
expect_eq 0 "$T_OUT" "session-of a service"
expect_fail_msg "no session" s0 session-of $$
expect_fail_msg "invalid pid" s0 session-of notapid

s0 --json sessions >"$T_TMP/sessions.json"
python3 -m json.tool "$T_TMP/sessions.json" >/dev/null || fail "sessions --json is not valid JSON: $(cat "$T_TMP/sessions.json")"
expect_eq 3 "$(session_field "$S" processes)" "processes of session $S (3 sleepers, the anchor not counted)"
expect_eq "$UA" "$(session_field "$S" user)" "user of session $S"
expect_eq "$(id -u "$UA")" "$(session_field "$S" uid)" "uid of session $S"
expect_eq Active "$(session_field "$S" state)" "state of session $S"
expect_eq 1 "$(session_field 0 processes)" "processes of session 0 (one service)"
expect_eq "" "$(session_field 0 uid)" "uid of session 0 (null)"
expect_eq Disc "$(session_field 0 state)" "state of session 0"
ANCHOR=$(session_field "$S" anchor_pid)
pid_alive "$ANCHOR" || fail "anchor $ANCHOR of session $S is not running"
expect_ok s0 session-of "$ANCHOR"
expect_eq "$S" "$T_OUT" "session-of the anchor"
# the human table has the same rows
s0 sessions >"$T_TMP/table"
grep -q -E "^ +$S +$UA +Active +3 " "$T_TMP/table" || fail "table row for session $S: $(cat "$T_TMP/table")"

expect_ok s0 logoff "$S"
for i in 1 2 3; do
        ! pid_alive "${PIDS[i]}" || fail "sleeper ${PIDS[i]} survived logoff"
done

log "logon USER -- CMD: the command's status, and the session goes with it"
run_rc s0 logon "$UA" -- sh -c 'echo $S0_SESSION_ID; exit 7'
expect_eq 7 "$T_RC" "exit status through 'logon USER -- CMD'"
expect_eq 1 "$T_OUT" "session of 'logon -- CMD' (the lowest free id, printed by the command)"
# The daemon starts the logoff when it reports the exit, so s0ctl may return first.
only_session_0() { [ "$(session_ids)" == 0 ]; }
wait_until "the session of 'logon -- CMD' to be logged off after CMD ended" 250 only_session_0
# --keep, where the usage puts it: after USER
run_rc s0 logon "$UA" --keep -- sh -c 'exit 9'
expect_eq 9 "$T_RC" "exit status through 'logon USER --keep -- CMD' (stderr: $T_ERR)"
expect_eq "0 1" "$(session_ids)" "sessions after 'logon --keep -- CMD' ended (kept)"
