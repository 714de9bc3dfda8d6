# SPDX-License-Identifier: LGPL-2.1-or-later
# The harness every integration and attack test sources (bash).
#
# It gives each test its own session0d (runtime dir /run/s0test-<id>, cgroup tree
# s0test-<id>), real users made with useradd, and a trap that -- even when the test
# fails -- kills only the daemon it started, purges that daemon's tree, deletes the
# users and removes its temporary files.
#
# Environment (set by tests/meson.build): S0D S0CTL S0_ANCHOR S0_HELPERS S0_TESTS_SRC.
#
#   start_daemon [ARGS...]     start session0d (+ the fixed --runtime-dir/--cgroup)
#   restart_daemon [-9]        stop it (SIGTERM, or SIGKILL with -9) and start it again
#   stop_daemon                stop it and purge its tree (to switch modes in one test)
#   make_user NAME             useradd; the real name is left in $REPLY
#   make_group NAME            groupadd; the real name is left in $REPLY
#   make_users_ab / logon_ab   users a and b (UA, UB); their logons (S1=S_A=1, S2=S_B=2)
#   s0 ARGS...                 s0ctl talking to our daemon
#   as_user USER CMD...        run CMD as USER (uid, gid, groups), environment kept
#   in_session ID USER CMD...  s0ctl run --session ID --user USER -- CMD (as root)
#   expect_* / fail            assertions; they print what was expected and what came
#   wait_until DESC N CMD...   bounded poll of a cheap command (failure guard)

set -euo pipefail

if [ "$(id -u)" != 0 ]; then
        echo "SKIP: $(basename "$0") needs root (real users, cgroups, namespaces)"
        exit 77
fi
: "${S0D:?S0D not set (run through meson test)}"
: "${S0CTL:?S0CTL not set}"
: "${S0_HELPERS:?S0_HELPERS not set}"

T_NAME=$(basename "$0" .sh)
# Unique among concurrent tests (the pid) and across reuse of a pid (the random part).
T_ID=$(printf '%x%03x' $$ $((RANDOM % 4096)))
T_RUN=/run/s0test-$T_ID
T_CG=s0test-$T_ID
T_TMP=/run/s0test-$T_ID.t
T_DPID=
T_DARGS=()
T_DAEMON_USED=
T_USERS=()
T_GROUPS=()
T_BGPIDS=()
T_EXTRA_CLEANUP=
export S0_RUNTIME_DIR=$T_RUN

# The cgroup2 mount, from mountinfo (the fs type follows the " - " separator). The
# daemon mounts one if there is none, so start_daemon looks again.
cg_mount() { awk '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup2") { print $5; exit } break } }' /proc/self/mountinfo; }
T_CGMNT=$(cg_mount)

log() { echo "# $*"; }

# ---- assertions ---------------------------------------------------------------------

fail() {
        echo "FAIL: $*" >&2
        exit 1
}

expect_eq() { # EXPECTED ACTUAL WHAT
        [ "$1" == "$2" ] || fail "$3: expected '$1', got '$2'"
}

expect_ne() { # UNEXPECTED ACTUAL WHAT
        [ "$1" != "$2" ] || fail "$3: expected anything but '$1'"
}

expect_contains() { # HAYSTACK NEEDLE WHAT
        [[ "$1" == *"$2"* ]] || fail "$3: expected to contain '$2', got '$1'"
}

expect_not_contains() { # HAYSTACK NEEDLE WHAT
        [[ "$1" != *"$2"* ]] || fail "$3: expected not to contain '$2', got '$1'"
}

# Runs CMD; it must succeed. Its stdout goes to $T_OUT, stderr to $T_ERR.
expect_ok() {
        local rc=0
        "$@" >"$T_TMP/out" 2>"$T_TMP/err" || rc=$?
        T_OUT=$(cat "$T_TMP/out")
        T_ERR=$(cat "$T_TMP/err")
        [ "$rc" = 0 ] || fail "'$*': expected success, got exit $rc; stderr: $T_ERR; stdout (last lines): $(tail -n 8 "$T_TMP/out")"
}

# Runs CMD; it must fail (non-zero exit) with FRAGMENT in its stderr. Sets T_RC,
# T_OUT, T_ERR.
expect_fail_msg() {
        local frag=$1
        shift
        T_RC=0
        "$@" >"$T_TMP/out" 2>"$T_TMP/err" || T_RC=$?
        T_OUT=$(cat "$T_TMP/out")
        T_ERR=$(cat "$T_TMP/err")
        [ "$T_RC" != 0 ] || fail "'$*': expected failure with '$frag', but it succeeded (stdout: $T_OUT)"
        [[ "$T_ERR" == *"$frag"* ]] || fail "'$*': expected stderr to contain '$frag', got (exit $T_RC): $T_ERR"
}

# The exit status of CMD (which may fail) into T_RC, output into T_OUT/T_ERR.
run_rc() {
        T_RC=0
        "$@" >"$T_TMP/out" 2>"$T_TMP/err" || T_RC=$?
        T_OUT=$(cat "$T_TMP/out")
        T_ERR=$(cat "$T_TMP/err")
}

# A bounded poll of a cheap condition, for events nothing notifies us of (an anchor
# restarted by the daemon). It is a failure guard, not a delay: it returns as soon as
# CMD succeeds, and fails the test after N tries (about N * 20 ms).
wait_until() { # DESC N CMD...
        # N polls 20 ms apart is what the condition normally needs; the guard itself is
        # at least 60 s, so that a loaded or sanitized machine is slow, not failed.
        local desc=$1 n=$2 i=0 limit
        shift 2
        limit=$(( n / 50 > 60 ? n / 50 : 60 ))
        local end=$((SECONDS + limit))
        while :; do
                if "$@" >/dev/null 2>&1; then
                        return 0
                fi
                i=$((i + 1))
                [ "$i" -lt "$n" ] || [ "$SECONDS" -lt "$end" ] || break
                read -r -t 0.02 <>"$T_TMP/tick" || true
        done
        fail "timed out waiting for: $desc"
}

# ---- processes ------------------------------------------------------------------------

# Field 22 of /proc/PID/stat: the start time, which tells a pid's reuse apart.
proc_starttime() {
        local stat
        stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
        stat=${stat##*) } # the comm field may contain spaces
        set -- $stat
        echo "${20}"
}

# Is the process PID, started at STARTTIME, still running? A zombie is not (it has
# been killed and only waits for its parent to reap it).
proc_alive() { # PID STARTTIME
        local st state
        st=$(proc_starttime "$1") || return 1
        [ "$st" == "$2" ] || return 1
        state=$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null) || return 1
        [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

pid_alive() { # PID (no start time known: running and not a zombie)
        local state
        state=$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null) || return 1
        [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# ---- the daemon ---------------------------------------------------------------------------

s0() { "$S0CTL" --runtime-dir "$T_RUN" "$@"; }

start_daemon() {
        local line=
        T_DARGS=("$@")
        T_DAEMON_USED=1
        rm -f "$T_TMP/ready"
        mkfifo "$T_TMP/ready"
        echo "---- session0d ${T_DARGS[*]}" >>"$T_TMP/daemon.log"
        # the audit journal in the test's own directory (a test may give its own --audit-dir
        # after it): never the machine's /var/log/session0
        "$S0D" --runtime-dir "$T_RUN" --cgroup "$T_CG" --audit-dir "$T_TMP/audit" "${T_DARGS[@]}" --ready-fd 3 \
                3>"$T_TMP/ready" </dev/null >>"$T_TMP/daemon.log" 2>&1 &
        T_DPID=$!
        # EOF (the daemon died before READY) and the 10 s guard both fail.
        if ! read -r -t 10 line <"$T_TMP/ready" || [ "$line" != "READY=1" ]; then
                fail "session0d ${T_DARGS[*]} did not become ready (got '$line')"
        fi
        [ -S "$T_RUN/control" ] || fail "session0d is ready but $T_RUN/control is no socket"
        [ -n "$T_CGMNT" ] || T_CGMNT=$(cg_mount)
}

# The daemon we started must still be running (not crashed by what the test sent).
expect_daemon_alive() {
        [ -n "$T_DPID" ] && pid_alive "$T_DPID" || fail "session0d (pid $T_DPID) is not running"
}

# Stops the daemon: SIGTERM (it exits, sessions stay) or SIGKILL with -9.
kill_daemon() {
        local sig=TERM
        [ "${1:-}" == "-9" ] && sig=KILL
        [ -n "$T_DPID" ] || return 0
        kill -"$sig" "$T_DPID" 2>/dev/null || true
        wait "$T_DPID" 2>/dev/null || true
        T_DPID=
}

restart_daemon() {
        kill_daemon "${1:-}"
        start_daemon "${T_DARGS[@]}"
}

purge() {
        "$S0D" --purge --runtime-dir "$T_RUN" --cgroup "$T_CG" >>"$T_TMP/daemon.log" 2>&1
}

stop_daemon() {
        kill_daemon -9
        purge || fail "session0d --purge failed"
}

# The absolute cgroup directory of the tree, and of a session.
tree_dir() { echo "$T_CGMNT$(cat "$T_RUN/cgroup")"; }
session_dir() { echo "$(tree_dir)/session-$1"; }

# A field of one session in `s0ctl sessions --json` ("" if there is no such session).
session_field() { # ID FIELD
        s0 --json sessions | python3 -c '
import json, sys
for s in json.load(sys.stdin):
    if s["id"] == int(sys.argv[1]):
        v = s[sys.argv[2]]
        print("" if v is None else json.dumps(v) if isinstance(v, bool) else v)' "$1" "$2"
}

session_ids() { s0 --json sessions | python3 -c 'import json, sys; print(" ".join(str(s["id"]) for s in json.load(sys.stdin)))'; }

# ---- users ------------------------------------------------------------------------------

# useradd/userdel take a lock on /etc/passwd that concurrent tests may hold: retry a
# bounded number of times.
with_passwd_lock() {
        local i
        for ((i = 0; i < 100; i++)); do
                if "$@" 2>"$T_TMP/useradd.err"; then
                        return 0
                fi
                grep -q -i 'lock' "$T_TMP/useradd.err" || break
                read -r -t 0.1 <>"$T_TMP/tick" || true
        done
        cat "$T_TMP/useradd.err" >&2
        return 1
}

make_user() {
        local u="s0t${T_ID}x$1"
        with_passwd_lock useradd -m -s /bin/sh "$u" || fail "useradd $u failed"
        T_USERS+=("$u")
        REPLY=$u
}

make_group() {
        local g="s0t${T_ID}g$1"
        with_passwd_lock groupadd "$g" || fail "groupadd $g failed"
        T_GROUPS+=("$g")
        REPLY=$g
}

as_user() { # USER CMD...
        local u=$1
        shift
        setpriv --reuid "$u" --regid "$(id -g "$u")" --init-groups -- "$@"
}

# Users a and b, in UA and UB: the two users most tests need.
make_users_ab() {
        make_user a
        UA=$REPLY
        make_user b
        UB=$REPLY
}

# Logs UA and UB on, in that order: sessions 1 and 2, in S1/S_A and S2/S_B.
logon_ab() {
        S1=$(s0 logon "$UA")
        S2=$(s0 logon "$UB")
        expect_eq "1 2" "$S1 $S2" "session ids of the first two logons"
        S_A=$S1
        S_B=$S2
}

in_session() { # ID USER CMD...
        local id=$1 u=$2
        shift 2
        s0 run --session "$id" --user "$u" -- "$@"
}

# Starts CMD in the background (for the trap to kill if the test ends first).
bg_start() {
        "$@" &
        T_BGPIDS+=($!)
}

# ---- cleanup ------------------------------------------------------------------------------

t_cleanup() {
        local rc=$? p u g
        set +e
        trap - EXIT
        for p in "${T_BGPIDS[@]}"; do
                kill -KILL "$p" 2>/dev/null
                wait "$p" 2>/dev/null
        done
        if [ -n "$T_DPID" ]; then
                kill -KILL "$T_DPID" 2>/dev/null
                wait "$T_DPID" 2>/dev/null
        fi
        if [ -n "$T_DAEMON_USED" ] && ! purge; then
                echo "cleanup: session0d --purge failed" >&2
                [ "$rc" = 0 ] && rc=1
        fi
        # What the test's own services left in its runtime dir (s0-scm's socket, killed
        # with -9, stays): the directory is this test's alone. Not across mounts.
        [ -z "${T_RUN:-}" ] || [ ! -d "$T_RUN" ] || rm -rf --one-file-system "$T_RUN"
        for u in "${T_USERS[@]}"; do
                # Nothing of the user may outlive the test (e.g. a process a failed
                # test started outside any session): the user is this test's own.
                for p in $(ps -u "$u" -o pid= 2>/dev/null); do
                        kill -KILL "$p" 2>/dev/null
                done
                with_passwd_lock userdel -f -r "$u" >/dev/null 2>&1 || echo "cleanup: userdel $u failed" >&2
        done
        for g in "${T_GROUPS[@]}"; do
                with_passwd_lock groupdel "$g" >/dev/null 2>&1 || echo "cleanup: groupdel $g failed" >&2
        done
        # A test's own undo step (host state it changed), run after its daemon is gone.
        [ -z "${T_EXTRA_CLEANUP:-}" ] || "$T_EXTRA_CLEANUP"
        # A sanitizer report from the daemon fails the test even if nothing else did.
        if grep -q -E 'AddressSanitizer|LeakSanitizer|runtime error:' "$T_TMP/daemon.log" 2>/dev/null; then
                echo "FAIL: session0d reported a sanitizer error" >&2
                rc=1
        fi
        if [ "$rc" != 0 ] && [ -s "$T_TMP/daemon.log" ]; then
                echo "---- daemon log (last 40 lines) ----" >&2
                tail -n 40 "$T_TMP/daemon.log" >&2
        fi
        rm -rf "$T_TMP"
        [ "$rc" = 0 ] && echo "PASS: $T_NAME"
        exit "$rc"
}
mkdir -m 0755 "$T_TMP"
trap t_cleanup EXIT
# What the test users run -- on the host and inside sessions -- is a copy here: the
# build tree may be where they cannot go (/root/...) or where a session cannot see it
# (a clone under /tmp: every session mounts its own /tmp). Same layout as the build
# tree, so s0ctl's RUNPATH ($ORIGIN/../../lib) finds the copied libsession0.
t_stage() {
        local lib
        mkdir -p "$T_TMP/bin/tools/s0ctl" "$T_TMP/bin/lib" "$T_TMP/bin/helpers"
        cp "$S0CTL" "$T_TMP/bin/tools/s0ctl/s0ctl"
        lib=$(ldd "$S0CTL" | awk '/libsession0/ { print $3 }')
        [ -z "$lib" ] || cp -L "$lib" "$T_TMP/bin/lib/"
        cp "$S0_HELPERS"/s0-test-rawclient "$S0_HELPERS"/s0-test-mq "$S0_HELPERS"/s0-test-setns \
                "$S0_HELPERS"/s0-test-keyring "$T_TMP/bin/helpers/"
        chmod -R a+rX "$T_TMP/bin"
}
t_stage || fail "cannot copy the programs the test users run to $T_TMP/bin"
S0CTL=$T_TMP/bin/tools/s0ctl/s0ctl
T_RAW=$T_TMP/bin/helpers/s0-test-rawclient
T_MQ=$T_TMP/bin/helpers/s0-test-mq
T_SETNS=$T_TMP/bin/helpers/s0-test-setns
T_KEYRING=$T_TMP/bin/helpers/s0-test-keyring
# A directory every test user may write to, visible from every session (/run is not
# replaced per session, /tmp is).
mkdir -m 1777 "$T_TMP/shared"
mkfifo "$T_TMP/tick" # never written: read -t on it is a bounded pause (wait_until)
# meson's timeout sends SIGTERM: leave through exit, so that the cleanup runs
trap 'exit 143' TERM INT HUP
