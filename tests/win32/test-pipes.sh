#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Named pipes with a real daemon and real users (docs/PIPES.md): test-pipes local (every
# single-process rule) in session 0 and in a user's session; then a service in session 0
# (root) that serves clients in sessions 0 (root), 1 (user a) and 2 (user b), reads each
# one's pid and session from the kernel, and impersonates it: a root-only file becomes
# unreadable and the client's own 0600 file readable, until RevertToSelf.
. "$S0_TESTS_SRC/integration/lib.sh"

: "${S0_WIN32TESTS:?S0_WIN32TESTS not set (run through meson test)}"

# Copies laid out as in the build tree (see test-win32-objects.sh).
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
        in_session "$s" "$u" env S0_RUNTIME_DIR="$T_RUN" ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 \
                "$T_TMP/bin/tests/win32/test-pipes" "$@"
}

stage
make_users_ab
start_daemon
expect_eq "root 1777" "$(stat -c '%U %a' "$T_RUN/pipes")" "pipes/ made by session0d"
logon_ab

run_rc tp 0 root local
expect_eq 0 "$T_RC" "test-pipes local in session 0: $T_ERR"
run_rc tp "$S1" "$UA" local
expect_eq 0 "$T_RC" "test-pipes local in session $S1: $T_ERR"

# the files impersonation reaches: one only root reads, one only the client reads
mkdir -p "$T_TMP/files"
chmod 0755 "$T_TMP/files"
echo secret >"$T_TMP/files/root-only"
chmod 0600 "$T_TMP/files/root-only"
for u in "$UA" "$UB"; do
        echo "$u" >"$T_TMP/files/$u-only"
        chown "$u" "$T_TMP/files/$u-only"
        chmod 0600 "$T_TMP/files/$u-only"
done

# The service says "ready" through a fifo opened read-write first (an open for reading
# alone would wait for the writer).
mkfifo "$T_TMP/srv-ready"
exec 3<>"$T_TMP/srv-ready"
bg_start tp 0 root server 's0t-Service' 3 "$T_TMP/files/root-only" >&3 2>"$T_TMP/srv.err"
SRV=${T_BGPIDS[-1]}
line=
read -r -t 10 line <&3 || true
expect_eq ready "$line" "service pipe created"
run_rc tp 0 root client 's0t-service' -
expect_eq 0 "$T_RC" "client in session 0: $T_ERR"
run_rc tp "$S1" "$UA" client 'S0T-SERVICE' "$T_TMP/files/$UA-only"
expect_eq 0 "$T_RC" "client in session $S1 ($UA): $T_ERR"
run_rc tp "$S2" "$UB" client 's0t-service' "$T_TMP/files/$UB-only"
expect_eq 0 "$T_RC" "client in session $S2 ($UB): $T_ERR"
rc=0
wait "$SRV" || rc=$?
expect_eq 0 "$rc" "the service's checks: $(cat "$T_TMP/srv.err")"
expect_eq "" "$(ls -A "$T_RUN/pipes")" "every pipe gone with its last instance"

# A descriptor that names one user: a's clients connect, b's are refused by the kernel
# (the named user is an ACL entry on the pipe directory and its sockets).
bg_start tp 0 root server-sd 's0t-Named' "$(id -u "$UA")" >&3 2>"$T_TMP/srv-sd.err"
SRV=${T_BGPIDS[-1]}
line=
read -r -t 10 line <&3 || true
expect_eq ready "$line" "pipe with a named user created"
run_rc tp "$S2" "$UB" probe 's0t-named'
expect_eq 1 "$T_RC" "b, not named in the descriptor, is refused"
expect_contains "$T_OUT" "error 5" "b's CreateFile of the pipe"
run_rc tp "$S1" "$UA" probe 's0t-named'
expect_eq 0 "$T_RC" "a, named in the descriptor, connects: $T_ERR"
expect_contains "$T_OUT" "server session 0" "a sees the service's session"
rc=0
wait "$SRV" || rc=$?
expect_eq 0 "$rc" "the named-user server: $(cat "$T_TMP/srv-sd.err")"
expect_daemon_alive
stop_daemon
[ ! -e "$T_RUN/pipes" ] || fail "--purge left $T_RUN/pipes"
log "ok"
