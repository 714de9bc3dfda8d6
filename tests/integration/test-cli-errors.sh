#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# s0ctl's errors: unknown user, unknown session, a session id that is no number, a
# non-root caller acting on someone else's session or as someone else, a command that
# cannot be executed. Each is exactly one line on stderr naming what was wrong, a
# non-zero exit, and the daemon keeps answering.
. "$S0_TESTS_SRC/integration/lib.sh"

start_daemon
make_users_ab
logon_ab
UID_A=$(id -u "$UA")
BAD_USER="s0t${T_ID}nosuchuser"

S0A=(as_user "$UA" "$S0CTL" --runtime-dir "$T_RUN")

# CODE FRAGMENT CMD...: fails with exit CODE and exactly one stderr line, which
# starts with "s0ctl" and contains FRAGMENT; the daemon answers afterwards.
expect_error() {
        local code=$1 frag=$2 sessions
        shift 2
        expect_fail_msg "$frag" "$@"
        expect_eq "$code" "$T_RC" "exit status of '$*'"
        expect_eq 1 "$(printf '%s\n' "$T_ERR" | wc -l)" "stderr lines of '$*' ($T_ERR)"
        [[ "$T_ERR" == s0ctl* ]] || fail "stderr of '$*' does not start with 's0ctl': $T_ERR"
        expect_eq "" "$T_OUT" "stdout of '$*'"
        expect_daemon_alive
        sessions=$(session_ids) || fail "the daemon does not answer after '$*'"
        expect_eq "0 $S_A $S_B" "$sessions" "sessions after '$*'"
}

log "unknown or invalid user"
expect_error 1 "no such user '$BAD_USER'" s0 logon "$BAD_USER"
expect_error 1 "invalid user name 'bad:name'" s0 logon 'bad:name'
expect_error 1 "no such user '$BAD_USER'" s0 run --session "$S_A" --user "$BAD_USER" -- true

log "unknown session"
expect_error 1 "no session 42" s0 logoff 42
expect_error 1 "no session 42" s0 run --session 42 -- true
expect_error 1 "no session 42" s0 run --session 42 --user "$UA" -- true

log "a session id that is no number (a usage error)"
expect_error 2 "invalid session id 'abc'" s0 logoff abc
expect_error 2 "invalid session id '-1'" s0 logoff -1
expect_error 2 "invalid session id '1x'" s0 run --session 1x -- true
expect_error 2 "invalid session id '99999999999'" s0 logoff 99999999999
expect_error 2 "invalid pid 'abc'" s0 session-of abc

log "non-root callers"
expect_error 1 "logon needs root (caller is uid $UID_A)" "${S0A[@]}" logon "$UA"
expect_error 1 "logon needs root (caller is uid $UID_A)" "${S0A[@]}" logon "$UB"
expect_error 1 "session $S_B belongs to another user" "${S0A[@]}" run --session "$S_B" -- true
expect_error 1 "session 0 belongs to another user" "${S0A[@]}" run --session 0 -- true
expect_error 1 "only root can start processes as another user" "${S0A[@]}" run --session "$S_A" --user "$UB" -- true
expect_error 1 "only root can start processes as another user" "${S0A[@]}" run --session "$S_B" --user "$UB" -- true
expect_error 1 "only root can start processes as another user" "${S0A[@]}" run --session "$S_A" --user root -- true
expect_error 1 "session $S_B belongs to another user" "${S0A[@]}" logoff "$S_B"
expect_error 1 "session 0 cannot be logged off" s0 logoff 0

log "a command that cannot be executed"
expect_error 1 "cannot execute '/nonexistent/s0-cmd': No such file or directory" \
        s0 run --session "$S_A" --user "$UA" -- /nonexistent/s0-cmd
expect_error 1 "cannot execute 's0-no-such-command': No such file or directory" \
        "${S0A[@]}" run --session "$S_A" -- s0-no-such-command
expect_error 1 "cannot execute '/etc/passwd': Permission denied" \
        s0 run --session "$S_A" --user "$UA" -- /etc/passwd

log "no daemon"
expect_fail_msg "is session0d running?" "$S0CTL" --runtime-dir "$T_TMP/nodaemon" sessions
expect_eq 1 "$T_RC" "exit status without a daemon"
expect_eq 1 "$(printf '%s\n' "$T_ERR" | wc -l)" "stderr lines without a daemon"

log "the refusals are not blanket: user A may act on its own session"
expect_ok "${S0A[@]}" run --session "$S_A" -- id -un
expect_eq "$UA" "$T_OUT" "user A running in its own session"
expect_ok "${S0A[@]}" session-of "$(session_field "$S_B" anchor_pid)"
expect_eq "$S_B" "$T_OUT" "session-of by a non-root user (public, like ProcessIdToSessionId)"
expect_ok "${S0A[@]}" sessions
expect_ok "${S0A[@]}" logoff "$S_A"
expect_eq "0 $S_B" "$(session_ids)" "sessions after user A logged off its own session"

log "logon -- CMD that cannot start leaves no session behind"
expect_fail_msg "cannot execute '/nonexistent/s0-cmd'" s0 logon "$UA" -- /nonexistent/s0-cmd
expect_eq 1 "$(printf '%s\n' "$T_ERR" | wc -l)" "stderr lines of logon with a missing command"
expect_eq "0 $S_B" "$(session_ids)" "sessions after 'logon USER -- CMD' failed to start CMD"
