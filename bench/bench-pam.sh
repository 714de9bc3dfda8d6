#!/bin/bash
# The time pam_session0 adds to an ssh logon: `ssh USER@127.0.0.1 true` through a private
# sshd whose PAM stack has pam_session0, against the same sshd and stack without it,
# interleaved one by one in the same run (the PAM file is rewritten between logons;
# sshd reads it at every connection). Target: the median logon <= 10 ms slower.
#
#   bench/bench-pam.sh BUILDDIR        (as root; S0_PAM_BENCH_N logons each, default 30)
#
# Two rows: what the client waits for (the logon and `true`), and the whole connection
# until sshd's per-connection process has exited -- which includes close_session, the
# logoff, that the client does not wait for. A missed target prints MISS; it does not
# fail the run (a benchmark is not a test). Everything started here is private and
# removed at the end, as in the tests (tests/pam/lib.sh does the setting up): a session0d
# with its own runtime directory and cgroup, a user made with useradd, an sshd on a
# free port of 127.0.0.1, /etc/pam.d/s0test-<pid>.
set -euo pipefail

die() { echo "bench-pam: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: $0 BUILDDIR"
[ "$(id -u)" = 0 ] || die "must run as root (it creates a user, a PAM service, cgroups and an sshd)"
B=$(cd "$1" && pwd) || die "no build directory '$1'"
export S0D=$B/src/daemon/session0d S0CTL=$B/src/tools/s0ctl/s0ctl S0_ANCHOR=$B/src/anchor/s0-anchor
export PAM_SESSION0=$B/src/pam/pam_session0.so PAM_WAIT=$B/tests/pam/pam-wait PAM_DRIVER=$B/tests/pam/pam-driver
for f in "$S0D" "$S0CTL" "$S0_ANCHOR" "$PAM_SESSION0" "$PAM_WAIT"; do
        [ -e "$f" ] || die "$f is missing: build first (ninja -C $1)"
done
if ldd "$PAM_SESSION0" | grep -q libasan; then
        die "$PAM_SESSION0 is a sanitizer build: sshd cannot load it (use a plain build)"
fi
command -v /usr/sbin/sshd >/dev/null || die "/usr/sbin/sshd is missing (openssh-server: scripts/deps.sh)"
N=${S0_PAM_BENCH_N:-30}
{ [[ "$N" =~ ^[0-9]+$ ]] && [ "$N" -ge 5 ] && [ "$N" -le 1000 ]; } || die "S0_PAM_BENCH_N must be 5..1000"

export LIB_QUIET=1 # lib.sh: no "ok -" lines
# shellcheck source-path=SCRIPTDIR source=../tests/pam/lib.sh
source "$(dirname "$0")/../tests/pam/lib.sh"

USERNAME=s0p${ID}bench
make_user "$USERNAME"
# As the shipped unit runs it: with the cgroup2 hierarchy favoring dynamic changes, a
# task migration (what JOIN does) skips an RCU grace period. Set S0_PAM_BENCH_PLAIN=1
# to measure without (on kernels >= 6.18 the faster mode stays once it was turned on,
# so measure that first, on a fresh boot).
if [ -n "${S0_PAM_BENCH_PLAIN:-}" ]; then
        start_daemon
else
        start_daemon --favordynmods
fi
echo "bench-pam: cgroup2 superblock options: $(awk '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup2") { print $(i + 3); exit } break } }' /proc/self/mountinfo)" >&2
write_pam_service
start_sshd
echo "bench-pam: sshd on 127.0.0.1:$PORT, user $USERNAME, $N logons with and $N without pam_session0" >&2

# microseconds, from bash itself (no fork in the timed window)
now_us() { local t=${EPOCHREALTIME/./}; echo "${t#0}"; }

# One logon; appends "client_us connection_us" to FILE.
logon_once() {
        local t0 t1 t2 kids k
        t0=$(now_us)
        ssh_as "$USERNAME" true || fail "ssh $USERNAME@127.0.0.1 true failed"
        t1=$(now_us)
        # sshd's per-connection process (the monitor) ends after close_session
        kids=$(ps --ppid "$SSHD_PID" -o pid= || true)
        for k in $kids; do
                "$PAM_WAIT" exit "$k" 30 || fail "sshd's connection process $k did not exit"
        done
        t2=$(now_us)
        echo "$((t1 - t0)) $((t2 - t0))" >>"$1"
}

with_module() { write_pam_service; }
without_module() { write_pam_service none; }

# The module's own share, without ssh around it: pam_open_session (JOIN + setns) and
# pam_close_session (moving back + logoff) timed inside pam-driver, a minimal PAM
# application, against the same calls with pam_permit alone; run between the ssh
# logons, at the same pace.
mkdir "$T/pam.d"
printf '%s required pam_deny.so\n' auth account password session >"$T/pam.d/other"
echo "session required $PAM_SESSION0 runtime_dir=$RUN" >"$T/pam.d/with"
echo "session required pam_permit.so" >"$T/pam.d/without"
driver_once() {
        "$PAM_DRIVER" --timing "$T/pam.d" "$1" "$USERNAME" -- true |
                sed -n 's/^pam-driver: open_session_us=\([0-9]*\) close_session_us=\([0-9]*\)$/\1 \2/p' >>"$T/drv-$1"
}

# The raw primitive under JOIN: moving a running process into another cgroup (one
# write to cgroup.procs), a parked process between two cgroups of ours.
RAWCG=$CGMNT/s0test-pam-raw-$ID
mkdir "$RAWCG" "$RAWCG/a" "$RAWCG/b"
CLEANUP_DIRS+=("$RAWCG/a" "$RAWCG/b" "$RAWCG")
sleep 600 &
PARKED=$!
STARTED_PIDS+=("$PARKED")
echo "$PARKED" >"$RAWCG/a/cgroup.procs"
raw_side=b
migrate_once() {
        local t0 t1
        t0=$(now_us)
        echo "$PARKED" >"$RAWCG/$raw_side/cgroup.procs"
        t1=$(now_us)
        echo "$((t1 - t0))" >>"$T/raw"
        if [ $raw_side = b ]; then raw_side=a; else raw_side=b; fi
}

# warm up both (caches, the first anchor, sshd's first re-exec)
for _ in 1 2 3; do
        with_module
        logon_once "$T/warm"
        without_module
        logon_once "$T/warm"
done
for ((i = 0; i < N; i++)); do
        with_module
        logon_once "$T/with"
        without_module
        logon_once "$T/without"
        # paced like logons that come one at a time: right after a migration the kernel's
        # cgroup lock is still warm and the next one is much cheaper (not what sshd sees)
        sleep 0.1
        driver_once with
        sleep 0.1
        driver_once without
        sleep 0.1
        migrate_once
done
# every logon with the module was logged off: only session 0 is left
[ "$(s0ctl --json sessions | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 1 ] ||
        fail "sessions were left behind: $(s0ctl sessions)"

python3 - "$T" "$N" <<'EOF2'
import os, statistics, sys

t, n = sys.argv[1], int(sys.argv[2])

def load(name, col):
    path = os.path.join(t, name)
    if not os.path.exists(path):
        return []
    return [int(line.split()[col]) / 1000.0 for line in open(path) if line.strip()]

def p90(v):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(0.9 * (len(v) - 1))))]

print(f"pam_session0: {n} ssh logons with the module and {n} without, interleaved, through one private sshd")
head = (f"{'figure':50} {'unit':4} {'with med':>9} {'with p90':>9} {'baseline':>9} {'base p90':>9} "
        f"{'ratio':>7} {'extra':>7} {'target':>12}")
print(head)
print("-" * (len(head) + 5))
rows = (
    ("ssh USER@127.0.0.1 true (what the client waits)", "with", "without", 0, 10.0),
    ("whole ssh connection, incl. close_session", "with", "without", 1, None),
    ("pam_open_session alone (pam-driver)", "drv-with", "drv-without", 0, None),
    ("pam_close_session alone (pam-driver)", "drv-with", "drv-without", 1, None),
    ("raw: move a process to another cgroup", "raw", None, 0, None),
)
for name, w, b, col, target in rows:
    ours, base = load(w, col), (load(b, col) if b else [])
    if not ours:
        continue
    om = statistics.median(ours)
    cells = [f"{om:9.2f}", f"{p90(ours):9.2f}"]
    if base:
        bm = statistics.median(base)
        # each run with the module is paired with the one without that follows it: the
        # median of the differences resists the drift and noise of a shared machine
        extra = statistics.median(a - b for a, b in zip(ours, base))
        cells += [f"{bm:9.2f}", f"{p90(base):9.2f}", f"{om / bm:6.2f}x" if bm > 0 else f"{'-':>7}", f"{extra:7.2f}"]
    else:
        extra = om
        cells += [f"{'-':>9}", f"{'-':>9}", f"{'-':>7}", f"{'-':>7}"]
    verdict = "" if target is None else ("PASS" if extra <= target else "MISS")
    tcell = "-" if target is None else f"extra <= {target:g}"
    print(f"{name:50} {'ms':4} {' '.join(cells)} {tcell:>12} {verdict}")
print()
print("baseline: the same sshd and PAM stack (pam_unix) without the pam_session0 line, or, for pam-driver,")
print("pam_permit alone. extra: median of the paired differences (each run with the module minus the next")
print("without). The client does not wait for close_session: sshd runs it after the connection is closed.")
print("raw: one write to cgroup.procs, at the same pace; JOIN does one (the daemon moves the caller into the")
print("session) and close_session one (the caller moves back). Its cost is an RCU grace period taken by the")
print("kernel's cgroup threadgroup lock unless cgroup2 is mounted with favordynmods.")
EOF2
