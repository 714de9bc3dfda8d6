#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ATTACKS A17: pipe squatting. A user creates \\.\pipe\NAME before the service does, to
# receive the service's clients (and act as them: ImpersonateNamedPipeClient).
# Default: the service creates its pipe with FILE_FLAG_FIRST_PIPE_INSTANCE, which fails
# with ERROR_ACCESS_DENIED (5) when the name exists -- atomically, the pipe directory's
# rename is the claim -- so the service fails safe, and the refusal is in the audit
# journal (kind 'pipe'). A client can see whom it reached: the server's session
# (GetNamedPipeServerSessionId) is the squatter's, not 0, and the pipe belongs to the
# squatter. The squatter cannot impersonate a client of another user.
# Without the flag the service joins the squatter's pipe as one more instance (Windows
# does the same): the flag is what makes a service safe.
# Legacy: the squatter is session 0's console user. The flag still makes the service fail
# safe, but a client can no longer tell the squatter by session (both are 0): only the
# pid and the owner of the pipe show it.
. "$S0_TESTS_SRC/integration/lib.sh"

: "${S0_WIN32TESTS:=$(dirname "$S0_HELPERS")/win32}"
PIPE='s0t-a17-Service'

stage() {
        local lib
        mkdir -p "$T_TMP/bin/tests/win32" "$T_TMP/bin/src/lib" "$T_TMP/bin/src/win32"
        cp "$S0_WIN32TESTS/test-pipes" "$T_TMP/bin/tests/win32/"
        for lib in $(ldd "$S0_WIN32TESTS/test-pipes" | awk '/libsession0/ { print $3 }'); do
                case $(basename "$lib") in
                *win32*) cp -L "$lib" "$T_TMP/bin/src/win32/" ;;
                *) cp -L "$lib" "$T_TMP/bin/src/lib/" ;;
                esac
        done
        chmod -R a+rX "$T_TMP/bin"
}

tp() { # SESSION USER ARGS...
        local s=$1 u=$2
        shift 2
        in_session "$s" "$u" env S0_RUNTIME_DIR="$T_RUN" "$T_TMP/bin/tests/win32/test-pipes" "$@"
}

# Starts the squatter (SESSION USER) and waits for its pipe; SQUAT is its pid, its output
# goes to $T_TMP/squat.out.
squat() {
        local line=
        rm -f "$T_TMP/squat-ready"
        mkfifo "$T_TMP/squat-ready"
        exec 4<>"$T_TMP/squat-ready"
        bg_start tp "$1" "$2" squat "$PIPE" >&4 2>"$T_TMP/squat.err"
        SQUAT=${T_BGPIDS[-1]}
        read -r -t 10 line <&4 || true
        expect_eq ready "$line" "the squatter's pipe"
}

# The squatter's report after its one client, read from the same fifo.
squat_end() {
        local line=
        read -r -t 10 line <&4 || true
        wait "$SQUAT" || true
        exec 4>&-
        REPLY=$line
}

stage
make_users_ab

log "default mode"
start_daemon
logon_ab
# precondition: with no squatter, the service's create succeeds
run_rc tp 0 root service "$PIPE"
expect_eq "0 0" "$T_RC $T_OUT" "the service's FIRST_PIPE_INSTANCE create, no squatter"
# the attack: user a, in session 1, takes the name first
squat "$S1" "$UA"
expect_eq "$UA" "$(stat -c %U "$T_RUN/pipes/"*)" "the squatted pipe belongs to the squatter"
run_rc tp 0 root service "${PIPE^^}"
expect_eq 5 "$T_OUT" "FIRST_PIPE_INSTANCE over a squat: ERROR_ACCESS_DENIED (the service fails safe)"
expect_ok s0 --json events --kind pipe
expect_contains "$T_OUT" '\\\\.\\pipe\\S0T-A17-SERVICE' "the refusal in the audit journal"
expect_contains "$T_OUT" '"kind":"pipe","result":5' "the journal's kind and result"
# without the flag the service would join the squatter's pipe (as on Windows)
run_rc tp 0 root service "$PIPE" without-flag
expect_eq 0 "$T_OUT" "a create without the flag joins the squat"
# a client (user b, session 2) reaching the squatter can tell: not session 0
run_rc tp "$S2" "$UB" probe "$PIPE"
expect_contains "$T_OUT" "server session $S1 " "the client sees the squatter's session"
squat_end
expect_eq "impersonate refused" "$REPLY" "the squatter cannot act as another user's client"

log "legacy mode"
stop_daemon
start_daemon --isolation=legacy
expect_ok s0 logon "$UA"
expect_eq 0 "$T_OUT" "first logon in legacy mode (the console of session 0)"
S1=$(s0 logon "$UB")
squat 0 "$UA"
run_rc tp 0 root service "$PIPE"
expect_eq 5 "$T_OUT" "legacy: FIRST_PIPE_INSTANCE still fails safe"
expect_eq "$UA" "$(stat -c %U "$T_RUN/pipes/"*)" "legacy: the pipe's owner shows the squatter"
run_rc tp "$S1" "$UB" probe "$PIPE"
# The squat works as on XP: the client reached the squatter and sees session 0, exactly
# what the real service would show; only the pid and the owner tell them apart.
expect_contains "$T_OUT" "server session 0 " "legacy: the squatter is in session 0 too"
squat_end
expect_eq "impersonate refused" "$REPLY" "legacy: still no impersonation of another user"
expect_daemon_alive
log "ok"
