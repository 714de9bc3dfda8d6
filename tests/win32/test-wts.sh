#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The WTS API (wtsapi32.h) against a real daemon and real users: a service in session 0
# enumerates and queries sessions while users log on, disconnect and log off (the
# program runs once per step and its lines are compared with `s0ctl --json sessions`);
# a user's WTSQueryUserToken is refused; the service's token + CreateProcessAsUser
# start a helper in session 1 as its user, seeing session 1's /tmp and Local\ objects
# and not session 2's; the console rule (--console-tty) through a pty.
. "$S0_TESTS_SRC/integration/lib.sh"
. "$S0_TESTS_SRC/integration/lib-objects.sh"

: "${S0_WIN32TESTS:?S0_WIN32TESTS not set (run through meson test)}"

stage() {
        local lib
        mkdir -p "$T_TMP/bin/tests/win32" "$T_TMP/bin/src/lib" "$T_TMP/bin/src/win32"
        cp "$S0_WIN32TESTS/test-wts" "$T_TMP/bin/tests/win32/"
        for lib in $(ldd "$S0_WIN32TESTS/test-wts" | awk '/libsession0/ { print $3 }'); do
                case $(basename "$lib") in
                *win32*) cp -L "$lib" "$T_TMP/bin/src/win32/" ;;
                *) cp -L "$lib" "$T_TMP/bin/src/lib/" ;;
                esac
        done
        chmod -R a+rX "$T_TMP/bin"
}
WTS=$T_TMP/bin/tests/win32/test-wts
ASAN="ASAN_OPTIONS=halt_on_error=1:detect_leaks=1"

# test-wts ARGS in session 0 as root (a service); its stdout in $OUT.
svc() {
        local rc=0
        OUT=$(in_session 0 root env S0_RUNTIME_DIR="$T_RUN" "$ASAN" "$WTS" "$@") || rc=$?
        expect_eq 0 "$rc" "test-wts $* as a service"
}

# What `test-wts list` must print, from the daemon's own listing.
expected_list() {
        local host
        host=$(hostname)
        host=${host%%.*}
        s0 --json sessions | python3 -c '
import json, sys
host = sys.argv[1]
for s in json.load(sys.stdin):
    user = s["user"] or "-"
    if s["console"]:
        name = "Console"
    elif s["id"] == 0:
        name = "Services"
    elif s["remote"]:
        name = "SSH#%d" % s["id"]
    else:
        name = "Session#%d" % s["id"]
    print(s["id"], s["connect_state"], name, user, host if s["user"] else "-", 2 if s["remote"] else 0)' "$host"
}

expect_list() { # WHAT
        local want
        svc list
        want=$(expected_list)
        expect_eq "$want" "$OUT" "WTSEnumerateSessions + queries $1"
}

stage
make_users_ab

# The console: a pty whose name session0d gets as --console-tty. The pty's child waits
# for a line on it (the go-ahead) before it runs `s0ctl logon`, so that the daemon is
# up by then; python's pty.fork() makes the pty its controlling terminal.
mkfifo "$T_TMP/ptyname" "$T_TMP/go"
PTY_NAME=$T_TMP/ptyname PTY_GO=$T_TMP/go bg_start python3 -c '
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    sys.stdout.write(os.ttyname(0) + "\n"); sys.stdout.flush()
    sys.stdin.readline()
    os.execv(sys.argv[1], sys.argv[1:])
name = b""
while not name.endswith(b"\n"):
    name += os.read(fd, 1)
with open(os.environ["PTY_NAME"], "w") as f:
    f.write(name.decode().strip() + "\n")
with open(os.environ["PTY_GO"]) as g:
    g.readline()
os.write(fd, b"go\n")
out = b""
while True:
    try:
        b = os.read(fd, 4096)
    except OSError:
        break
    if not b:
        break
    out += b
_, st = os.waitpid(pid, 0)
lines = [l for l in out.decode().replace("\r", "").split("\n") if l.strip() and l.strip() != "go"]
with open(os.environ["PTY_NAME"] + ".out", "w") as f:
    f.write((lines[-1] if lines else "") + "\n")
' "$S0CTL" --runtime-dir "$T_RUN" logon "$UA"
PTY_PID=${T_BGPIDS[-1]}
read -r -t 10 PTY <"$T_TMP/ptyname" || fail "the pty helper did not say its name"
[[ "$PTY" == /dev/pts/* ]] || fail "unexpected pty name '$PTY'"
start_daemon --console-tty="${PTY#/dev/}"

# Nobody yet: session 0 alone, no console.
svc console
expect_eq 4294967295 "$OUT" "WTSGetActiveConsoleSessionId with nobody on the console"
expect_list "with session 0 alone"

# Two logons (not from the console).
logon_ab
expect_list "after two logons"
svc console
expect_eq 4294967295 "$OUT" "logons from elsewhere are not the console"

# A user's process: no token for it.
rc=0
in_session "$S1" "$UA" env S0_RUNTIME_DIR="$T_RUN" "$ASAN" "$WTS" user || rc=$?
expect_eq 0 "$rc" "test-wts user in session $S1"

# The helper a service starts in session 1: session 1's /tmp and Local\ objects only.
in_session "$S1" "$UA" touch "/tmp/wts-marker-$S1"
in_session "$S2" "$UB" touch /tmp/wts-marker-other
hold held "$S1" "$UA" event 'Local\wts-held'
hold other "$S2" "$UB" event 'Local\wts-other'
svc service "$S1" "$(id -u "$UA")" 4000
expect_contains "$OUT" "child-session $S1" "the child of CreateProcessAsUser is in session $S1"
unhold held
unhold other

# Disconnect and logoff through WTS.
svc disconnect "$S2"
expect_eq Disc "$(session_field "$S2" state)" "state after WTSDisconnectSession"
expect_list "after WTSDisconnectSession"
svc logoff "$S2" 1
expect_eq "" "$(session_field "$S2" id)" "session $S2 is gone when WTSLogoffSession(bWait) returns"
expect_list "after WTSLogoffSession"

# The console logon: through the pty that is --console-tty.
echo go >"$T_TMP/go"
wait "$PTY_PID" || fail "the pty helper failed"
CONS=$(cat "$T_TMP/ptyname.out")
[[ "$CONS" =~ ^[0-9]+$ ]] || fail "s0ctl logon on the pty printed '$CONS'"
svc console
expect_eq "$CONS" "$OUT" "WTSGetActiveConsoleSessionId after the logon on $PTY"
expect_list "with a console session"
restart_daemon
svc console
expect_eq "$CONS" "$OUT" "the console session survives a daemon restart"
svc logoff "$CONS" 0
wait_until "session $CONS gone after WTSLogoffSession(bWait = FALSE)" 100 \
        test -z "$(session_field "$CONS" id)"
svc console
expect_eq 4294967295 "$OUT" "WTSGetActiveConsoleSessionId after the console session's logoff"
expect_list "at the end"
expect_daemon_alive
log "ok"
