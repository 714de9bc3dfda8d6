#!/bin/bash
# `make bench`: session0's performance figures, each next to the raw Linux primitive it
# is built on, measured in the same run, as one table. bench/bench-objects.c measures the
# named objects (issue 4) inside a session of the test user, since the object API
# refuses a process in no session, and hands its rows over in a file;
# bench/bench-sessions.c measures the rest and prints the table.
# Usage: scripts/bench.sh BUILDDIR (as root).
#
# Everything started here is private and removed at the end, even on failure: a user
# made with useradd, a session0d on CPU 0 with its own runtime directory under /run (a
# tmpfs of its own, as /run is on a real system, so that its usage is the objects' alone)
# and its own cgroup tree, and a second cgroup for the raw baselines. A missed target is
# printed as MISS; it does not fail the run (a benchmark is not a test).
# S0_BENCH_ARGS may change the iteration counts, e.g. "--logons 50 --logoffs 10";
# S0_BENCH_OBJECTS_ARGS those of bench-objects, e.g. "--objects 20000 --iterations 500".
# Then bench/bench-pam.sh: ssh logons with and without pam_session0 (S0_PAM_BENCH_N each).
set -euo pipefail

die() { echo "bench: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: $0 BUILDDIR"
[ "$(id -u)" = 0 ] || die "must run as root (it creates users, cgroups and namespaces)"
B=$(cd "$1" && pwd) || die "no build directory '$1'"
S0D=$B/src/daemon/session0d
ANCHOR=$B/src/anchor/s0-anchor
BENCH=$B/bench/bench-sessions
OBJBENCH=$B/bench/bench-objects
S0CTL=$B/src/tools/s0ctl/s0ctl
for f in "$S0D" "$ANCHOR" "$BENCH" "$OBJBENCH" "$S0CTL"; do
        [ -x "$f" ] || die "$f is missing: build first (ninja -C $1)"
done
command -v taskset >/dev/null || die "taskset (util-linux) is missing"
command -v useradd >/dev/null || die "useradd (passwd) is missing"

# The cgroup2 mount: /sys/fs/cgroup on unified hosts, /sys/fs/cgroup/unified on hybrid ones.
CGMNT=$(awk '{ for (i = 1; i <= NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup2") print $5; break } }' \
        /proc/self/mountinfo | head -n1)
[ -n "$CGMNT" ] || die "no cgroup2 hierarchy mounted"

ID=$$
RUN=/run/s0bench-$ID
CG=s0bench-$ID
# A second session0d with --audit-dir none: the audit journal's baseline (bench-sessions).
RUN2=/run/s0bench-noaudit-$ID
CG2=s0bench-noaudit-$ID
DPID2=
RAWCG=$CGMNT/s0bench-raw-$ID
USERNAME=s0bench$ID
T=$(mktemp -d /run/s0bench-ctl.XXXXXX)
DPID=
USER_MADE=
RUN_MOUNTED=
DRVHOST_PID=
UMDF_MADE=

# Kills what is left in a cgroup tree and removes it, deepest first.
purge_cgroup() {
        local dir=$1
        [ -d "$dir" ] || return 0
        if [ -e "$dir/cgroup.kill" ]; then
                echo 1 > "$dir/cgroup.kill" 2>/dev/null || true
                # populated flips to 0 once the last process is gone (bounded: 10 s)
                timeout 10 sh -c 'while grep -q "populated 1" "$1/cgroup.events"; do :; done' _ "$dir" || true
        fi
        find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null || true
}

cleanup() {
        local rc=$?
        set +e
        if [ -n "$DPID" ] && kill -0 "$DPID" 2>/dev/null; then
                # --logoff-on-exit: SIGTERM logs every session off and removes the tree
                kill -TERM "$DPID"
                timeout 30 tail --pid="$DPID" -f /dev/null
                kill -0 "$DPID" 2>/dev/null && kill -KILL "$DPID"
                wait "$DPID" 2>/dev/null
        fi
        "$S0D" --purge --runtime-dir "$RUN" --cgroup "$CG" 2>/dev/null
        if [ -n "$DPID2" ]; then
                kill -KILL "$DPID2" 2>/dev/null
                wait "$DPID2" 2>/dev/null
                "$S0D" --purge --runtime-dir "$RUN2" --cgroup "$CG2" 2>/dev/null
                rm -rf "$RUN2"
        fi
        if [ -n "$RUN_MOUNTED" ]; then
                umount -R "$RUN" 2>/dev/null || umount -l "$RUN" 2>/dev/null
                rmdir "$RUN" 2>/dev/null
        fi
        if [ -n "$DRVHOST_PID" ]; then
                kill -TERM "$DRVHOST_PID" 2>/dev/null # it stops its driver hosts
                timeout 10 tail --pid="$DRVHOST_PID" -f /dev/null
                kill -KILL "$DRVHOST_PID" 2>/dev/null
                wait "$DRVHOST_PID" 2>/dev/null
        fi
        [ -z "$UMDF_MADE" ] || userdel s0-umdf 2>/dev/null
        purge_cgroup "$RAWCG"
        if [ -n "$USER_MADE" ]; then
                userdel -r "$USERNAME" 2>/dev/null || userdel "$USERNAME" 2>/dev/null
        fi
        if [ $rc -ne 0 ] && [ -s "$T/daemon.log" ]; then
                echo "bench: last lines of the session0d log:" >&2
                tail -n 20 "$T/daemon.log" >&2
        fi
        rm -rf "$T"
        exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

useradd -m -s /bin/sh "$USERNAME"
USER_MADE=1
mkdir "$RAWCG"
mkdir -m 0755 "$RUN"
RUN_MOUNTED=1
mount -t tmpfs -o mode=0755,nosuid,nodev s0bench "$RUN"

# What runs inside a session runs from copies under $RUN: a build tree under /tmp is
# hidden by a session's private /tmp. Laid out as in the build tree, so that RUNPATH
# ($ORIGIN/../src/lib) finds the copied libsession0.
mkdir -p "$RUN/bin/bench" "$RUN/bin/src/lib" "$RUN/bin/src/anchor"
cp "$OBJBENCH" "$B/bench/bench-windows" "$RUN/bin/bench/"
mkdir -p "$RUN/bin/src/win32"
cp -L "$(ldd "$B/bench/bench-windows" | awk '/libsession0-win32/ { print $3 }')" "$RUN/bin/src/win32/"
cp "$ANCHOR" "$RUN/bin/src/anchor/"
cp -L "$(ldd "$OBJBENCH" | awk '/libsession0/ { print $3 }')" "$RUN/bin/src/lib/"
chmod -R a+rX "$RUN/bin"
OBJBENCH=$RUN/bin/bench/bench-objects
ANCHOR=$RUN/bin/src/anchor/s0-anchor

# The daemon lives on CPU 0 for both placements; the client moves (pinned: CPU 0 too,
# split: CPU 1), so the daemon need not be restarted between them.
mkfifo "$T/ready"
taskset -c 0 "$S0D" --runtime-dir "$RUN" --cgroup "$CG" --logoff-on-exit --max-sessions 1000 --audit-dir "$RUN/audit" \
        --ready-fd 3 3>"$T/ready" 2>"$T/daemon.log" &
DPID=$!
read -r -t 10 line < "$T/ready" || die "session0d did not become ready"
[ "$line" = "READY=1" ] || die "session0d said '$line' instead of READY=1"
# The journal's baseline: the same daemon on the same CPU, without the journal. Idle but
# for bench-sessions' audit row; it holds no session but 0.
mkfifo "$T/ready2"
taskset -c 0 "$S0D" --runtime-dir "$RUN2" --cgroup "$CG2" --audit-dir none \
        --ready-fd 3 3>"$T/ready2" 2>"$T/daemon2.log" &
DPID2=$!
read -r -t 10 line < "$T/ready2" || die "session0d --audit-dir none did not become ready"
[ "$line" = "READY=1" ] || die "session0d --audit-dir none said '$line' instead of READY=1"

echo "bench: session0d pid $DPID on CPU 0, user $USERNAME, $(nproc) CPUs online; this takes about two minutes" >&2

# Named objects, in a new session of the user that ends with the program. Bounded: it
# keeps itself under a minute; the timeout is for a hang (s0ctl passes SIGTERM on).
OBJ_FAILED=
if ! timeout 120 "$S0CTL" --runtime-dir "$RUN" logon "$USERNAME" -- \
        "$OBJBENCH" --runtime-dir "$RUN" ${S0_BENCH_OBJECTS_ARGS:-} > "$T/objects.rows"; then
        echo "bench: bench-objects failed: its rows are missing from the table" >&2
        OBJ_FAILED=1
        : > "$T/objects.rows"
fi
# Windows and messages (issue 5): in a session of its own, through its s0-sessionhost.
if ! timeout 120 "$S0CTL" --runtime-dir "$RUN" logon "$USERNAME" -- \
        "$RUN/bin/bench/bench-windows" >> "$T/objects.rows"; then
        echo "bench: bench-windows failed: its rows are missing from the table" >&2
fi
# Named pipes (no session needed: <runtime>/pipes is machine-wide); rows join the table.
taskset -c 0 timeout 120 "$B/bench/bench-pipes" --runtime-dir "$RUN" >> "$T/objects.rows" ||
        echo "bench: bench-pipes failed: its rows are missing from the table" >&2

# Services (issue 6): a private s0-scm in session 0 of our daemon (so on CPU 0), the test
# service as the trivial service, from copies under $RUN (session 0 cannot see a build
# tree under /tmp); a session of the bench user for the lock -> SESSIONCHANGE figure.
# Its rows join the table; the daemon's --logoff-on-exit removes it all at the end.
scm_bench() {
        local st=$RUN/bench-scm scm_pid= sid l i # not $RUN/scm: that is s0-scm's socket
        mkdir -p "$st/src/scm" "$st/src/lib" "$st/src/win32" "$st/tests/scm" "$st/conf" "$st/state" "$st/out"
        chmod 1777 "$st/out"
        cp "$B/src/scm/s0-scm" "$st/src/scm/"
        cp "$B/tests/scm/test-service" "$st/tests/scm/"
        for l in $(ldd "$B/tests/scm/test-service" "$B/src/scm/s0-scm" | awk '/libsession0/ { print $3 }' | sort -u); do
                case $l in
                */libsession0-win32.so*) cp -L "$l" "$st/src/win32/" ;;
                *) cp -L "$l" "$st/src/lib/" ;;
                esac
        done
        "$S0CTL" --runtime-dir "$RUN" run --session 0 -- "$st/src/scm/s0-scm" --runtime-dir "$RUN" \
                --config-dir "$st/conf" --state-dir "$st/state" >>"$T/daemon.log" 2>&1 &
        for i in $(seq 500); do
                "$S0CTL" --runtime-dir "$RUN" sc query >/dev/null 2>&1 && break
                read -r -t 0.02 <> <(:) || true
        done
        scm_pid=$(pgrep -f "^$st/src/scm/s0-scm" | head -n1)
        [ -n "$scm_pid" ] || return 1
        sid=$("$S0CTL" --runtime-dir "$RUN" logon "$USERNAME") || return 1
        timeout 300 "$B/bench/bench-scm" --runtime-dir "$RUN" --service "$st/tests/scm/test-service" \
                --out-dir "$st/out" --scm-pid "$scm_pid" --lock-session "$sid"
}
scm_bench >> "$T/objects.rows" || echo "bench: bench-scm failed: its rows are missing from the table" >&2

# The print spooler (issue 9): jobs/s through the pdf driver, idle RSS; rows join the table.
timeout 300 "$(dirname "$0")/../bench/bench-spooler.sh" "$B" "$RUN" "$USERNAME" "$T/objects.rows" ||
        echo "bench: bench-spooler failed: its rows are missing from the table" >&2

# The user-mode driver host (issue 9): s0-drvhost with the echo driver, on CPU 0 like the
# daemon, run from copies under $RUN (the worker drops to s0-umdf before it loads the
# driver: the build tree may be where s0-umdf cannot read).
mkdir -p "$RUN/bin/src/drvhost/drivers" "$RUN/bin/src/win32" "$T/drivers"
cp "$B/src/drvhost/s0-drvhost" "$B/src/drvhost/s0-drvhost-worker" "$RUN/bin/src/drvhost/"
cp "$B/src/drvhost/drivers/echo.so" "$RUN/bin/src/drvhost/drivers/"
cp -L "$(ldd "$B/src/drvhost/s0-drvhost" | awk '/libsession0-win32/ { print $3 }')" "$RUN/bin/src/win32/"
chmod -R a+rX "$RUN/bin"
printf '[Driver]\nPlugin=%s\nDevice=echo D:(A;;GRGW;;;WD)\n' "$RUN/bin/src/drvhost/drivers/echo.so" > "$T/drivers/echo.conf"
if ! getent passwd s0-umdf >/dev/null; then
        useradd --system --no-create-home --home-dir / --shell /usr/sbin/nologin s0-umdf
        UMDF_MADE=1
fi
taskset -c 0 "$RUN/bin/src/drvhost/s0-drvhost" --console --runtime-dir "$RUN" --config-dir "$T/drivers" \
        --worker "$RUN/bin/src/drvhost/s0-drvhost-worker" 2>>"$T/daemon.log" &
DRVHOST_PID=$!
worker_pid=
for _ in $(seq 100); do # bounded: 10 s
        worker_pid=$(sed -n 's/.*state=running .* pid=\([0-9]*\).*/\1/p' "$RUN/devices/.status/echo" 2>/dev/null || true)
        [ -n "$worker_pid" ] && break
        sleep 0.1
done
if [ -n "$worker_pid" ]; then
        sleep 1 # idle means idle: let both settle before their RSS is read
        S0_RUNTIME_DIR=$RUN timeout 120 "$B/bench/bench-drvhost" --host-pid "$DRVHOST_PID" --worker-pid "$worker_pid" \
                >> "$T/objects.rows" || echo "bench: bench-drvhost failed: its rows are missing from the table" >&2
else
        echo "bench: s0-drvhost's echo device did not come up: its rows are missing from the table" >&2
fi

"$BENCH" --runtime-dir "$RUN" --user "$USERNAME" --daemon-pid "$DPID" --anchor "$ANCHOR" \
        --raw-cgroup "$RAWCG" --rows "$T/objects.rows" --audit-dir "$RUN/audit" --noaudit-runtime-dir "$RUN2" \
        ${S0_BENCH_ARGS:-}
# PAM logons through a real sshd (issue 8): the time pam_session0 adds to an ssh logon.
echo >&2
"$(dirname "$0")/../bench/bench-pam.sh" "$B" || echo "bench: bench/bench-pam.sh failed" >&2
[ -z "$OBJ_FAILED" ] || die "bench-objects failed (see above)"
