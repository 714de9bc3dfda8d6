#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# A session host that dies is restarted (its windows are gone, the session goes on): the
# first time at once, then, while each new host dies within 10 s of its start, after
# 250 ms, 500 ms, 1 s ... (at most 30 s), so that a host that cannot live does not keep
# session0d cloning. Each step waits for the daemon's log line and the new host's pid.
# A host killed while its restart is pending is not started twice; logoff cancels a
# pending restart.
. "$S0_TESTS_SRC/integration/lib.sh"

: "${S0_WINDOWSTESTS:=$(dirname "$S0_HELPERS")/windows}"
. "$S0_TESTS_SRC/windows/lib-windows.sh"
stage_windows

start_daemon
make_users_ab
S=$(s0 logon "$UA")

new_host() { local p; p=$(host_pid "$S"); [ -n "$p" ] && [ "$p" != "$1" ]; }
log_has() { grep -c -F "$1" "$T_TMP/daemon.log" 2>/dev/null | grep -qx "$2"; }
wait_until "session $S's host" 250 host_up "$S"

kill_host() { # WHAT: kills the host, waits for the next one
        local hp
        hp=$(host_pid "$S")
        [ -n "$hp" ] || fail "no host to kill ($1)"
        kill -KILL "$hp"
        wait_until "a new host after $1" 2500 new_host "$hp"
}

log "first death: restarted at once"
kill_host "the first kill"
expect_ok log_has "Session $S: session host died, restarting it" 1

log "deaths in a row: 250 ms, 500 ms, 1000 ms"
kill_host "the second kill"
expect_ok log_has "Session $S: session host died 2 times in a row, restarting it in 250 ms" 1
kill_host "the third kill"
expect_ok log_has "Session $S: session host died 3 times in a row, restarting it in 500 ms" 1
kill_host "the fourth kill"
expect_ok log_has "Session $S: session host died 4 times in a row, restarting it in 1000 ms" 1
# exactly one host each time: the restarts did not pile up
expect_eq 1 "$(wc -l <"$(session_dir "$S")/host/cgroup.procs")" "hosts in the session's host cgroup"

log "the host works after the restarts"
wait_until "the new host to answer" 250 tw_ready "$S" "$UA"
expect_ok tw "$S" "$UA" attack NoSuchWindow 0 none
expect_contains "$T_OUT" "FindWindow 0 2" "FindWindow through the restarted host"

log "logoff while a restart is pending (2 s): nothing is started afterwards"
hp=$(host_pid "$S")
kill -KILL "$hp"
wait_until "the fifth death's log line" 250 log_has "restarting it in 2000 ms" 1
expect_ok s0 logoff "$S"
wait_until "session $S to be gone" 250 test ! -d "$(session_dir "$S")"
expect_ok s0 sessions --json
expect_not_contains "$T_OUT" "\"id\":$S," "the logged-off session in the list"
# What must not happen has no event to wait for: let the cancelled timer's 2 s pass
# (a bounded wait on the test's tick fifo), then nothing may have been done for it.
read -r -t 2.5 <>"$T_TMP/tick" || true
expect_not_contains "$(cat "$T_TMP/daemon.log")" "Session $S: no session host" "a restart after the logoff"
expect_eq "" "$(pgrep -f "s0-sessionhost --session $S --runtime-dir $T_RUN\$" || true)" "a host of the logged-off session"
expect_daemon_alive
