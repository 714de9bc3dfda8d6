#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The print spooler's figures (issue 9), as rows for scripts/bench.sh's one table:
#   - small text jobs per second through the pdf driver, end to end (s0ctl print in the
#     user's session -> spooled and fsync'd -> rendered by cairo in the driver host ->
#     published to the user's directory), pinned (client on the spooler's CPU 0) and
#     split (client on CPU 1), next to the raw primitive every job is built on: writing
#     the same bytes durably (write, fsync, rename, fsync the directory);
#   - idle RSS of s0-spooler and of a driver host, next to an idle `sleep`.
# Usage: bench/bench-spooler.sh BUILDDIR RUNTIME_DIR USER ROWS_FILE (as root, session0d
# running on RUNTIME_DIR). Everything it starts is stopped and removed at the end.
set -euo pipefail
B=$1 RUN=$2 USERNAME=$3 ROWS=$4
N=${S0_BENCH_PRINT_JOBS:-40}
S0CTL=$B/src/tools/s0ctl/s0ctl
[ -x "$B/src/spooler/s0-spooler" ] && [ -f "$B/src/spooler/pdf.so" ] || { echo "bench-spooler: not built (cairo?)" >&2; exit 1; }
W=$RUN/spooler-bench
mkdir -p "$W/bin/spooler" "$W/bin/lib" "$W/bin/win32" "$W/bin/printers" "$W/bin/tools/s0ctl"
cp "$B/src/spooler/s0-spooler" "$B/src/spooler/s0-printhost" "$W/bin/spooler/"
cp "$B/src/spooler/pdf.so" "$W/bin/printers/"
cp "$S0CTL" "$W/bin/tools/s0ctl/"
cp -L "$(ldd "$B/src/spooler/s0-spooler" | awk '/libsession0.so/ { print $3 }')" "$W/bin/lib/"
cp -L "$(ldd "$B/src/spooler/s0-spooler" | awk '/libsession0-win32/ { print $3 }')" "$W/bin/win32/"
mkdir -p "$W/bin/tools/lib" && cp "$W/bin/lib/"* "$W/bin/tools/lib/"
chmod -R a+rX "$W"
S0CTL=$W/bin/tools/s0ctl/s0ctl
MADE_DRV=
SPID=
SESSION=
cleanup() {
        set +e
        [ -n "$SPID" ] && kill -TERM "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null
        [ -n "$SESSION" ] && "$S0CTL" --runtime-dir "$RUN" logoff "$SESSION" >/dev/null 2>&1
        [ -n "$MADE_DRV" ] && userdel s0-printdrv 2>/dev/null
        rm -rf "$W"
}
trap cleanup EXIT
if ! getent passwd s0-printdrv >/dev/null; then
        useradd --system --no-create-home --home-dir / --shell /usr/sbin/nologin s0-printdrv
        MADE_DRV=1
fi
SESSION=$("$S0CTL" --runtime-dir "$RUN" logon "$USERNAME")
taskset -c 0 "$S0CTL" --runtime-dir "$RUN" run --session 0 -- "$W/bin/spooler/s0-spooler" --runtime-dir "$RUN" \
        --spool-dir "$W/spool" --output-dir "$W/out" --driver-dir "$W/bin/printers" \
        --printhost "$W/bin/spooler/s0-printhost" --printer PDF=pdf --no-notify 2>"$W/spooler.log" &
SPID=$!
for ((i = 0; i < 500; i++)); do
        "$S0CTL" --runtime-dir "$RUN" run --session 0 -- "$S0CTL" --runtime-dir "$RUN" printers >/dev/null 2>&1 && break
        sleep 0.02 # a bounded poll: 500 tries
done
printf 'a small text job: one line of text\n' >"$W/job.txt"
chmod 644 "$W/job.txt"
now() { date +%s.%N; }
jobs_done() { "$S0CTL" --runtime-dir "$RUN" run --session 0 -- "$S0CTL" --runtime-dir "$RUN" --json jobs |
        python3 -c 'import json, sys; print(sum(1 for j in json.load(sys.stdin) if j["state"] == "done"))'; }

# N jobs from the user's session, then until the last is done: jobs per second.
run_jobs() { # CPU
        local before t0 t1 target
        before=$(jobs_done)
        target=$((before + N))
        t0=$(now)
        "$S0CTL" --runtime-dir "$RUN" run --session "$SESSION" --user "$USERNAME" -- taskset -c "$1" sh -c \
                "for i in \$(seq $N); do '$S0CTL' --runtime-dir '$RUN' print --printer PDF '$W/job.txt' >/dev/null || exit 1; done"
        for ((i = 0; i < 3000; i++)); do
                [ "$(jobs_done)" -ge "$target" ] && break
                sleep 0.01 # a bounded poll: the figure includes at most this much slack
        done
        t1=$(now)
        python3 -c "import sys; print(${N} / (${t1} - ${t0}))"
}
# the raw primitive: the same bytes made durable N times (write, fsync, rename, fsync dir)
raw_durable() { # CPU
        taskset -c "$1" python3 - "$W/raw" "$N" <<'PY'
import os, sys, time
d, n = sys.argv[1], int(sys.argv[2])
os.makedirs(d, exist_ok=True)
dfd = os.open(d, os.O_RDONLY)
data = b"a small text job: one line of text\n"
t0 = time.monotonic()
for i in range(n):
    fd = os.open(os.path.join(d, "tmp"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.write(fd, data); os.fsync(fd); os.close(fd)
    os.rename(os.path.join(d, "tmp"), os.path.join(d, "job%d" % i)); os.fsync(dfd)
print(n / (time.monotonic() - t0))
PY
}
PIN=$(run_jobs 0)
RAWPIN=$(raw_durable 0)
SPLIT=$(run_jobs 1)
RAWSPLIT=$(raw_durable 1)
# idle: the queue is empty again
REAL=$(pgrep -f "^$W/bin/spooler/s0-spooler" | head -n1)
HOST=$(pgrep -f "^$W/bin/spooler/s0-printhost" | head -n1)
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
sleep 1000 &
SLEEPER=$!
RSS_SLEEP=$(rss "$SLEEPER")
kill "$SLEEPER"
{
        printf 'row\tprint jobs/s (pdf driver)\tpinned\t6\tq\t%s\t%s\t%s\t%s\tnan\t0\t0\n' "$PIN" "$PIN" "$RAWPIN" "$RAWPIN"
        printf 'row\tprint jobs/s (pdf driver)\tsplit\t6\tq\t%s\t%s\t%s\t%s\tnan\t0\t0\n' "$SPLIT" "$SPLIT" "$RAWSPLIT" "$RAWSPLIT"
        printf 'row\tidle RSS s0-spooler\t-\t2\tr\t%s\t%s\t%s\t%s\tnan\t0\t0\n' "$(rss "$REAL")" "$(rss "$REAL")" "$RSS_SLEEP" "$RSS_SLEEP"
        printf 'row\tidle RSS driver host (pdf)\t-\t2\tr\t%s\t%s\t%s\t%s\tnan\t0\t0\n' "$(rss "$HOST")" "$(rss "$HOST")" "$RSS_SLEEP" "$RSS_SLEEP"
        printf 'note\tq\t%s\n' "raw: the same bytes written durably (write, fsync, rename, fsync dir) as often, one process; ours: $N jobs end to end (s0ctl print in a session, spooled, rendered by cairo in the driver host, published), one run"
        printf 'note\tr\t%s\n' "raw: an idle sleep(1)"
} >>"$ROWS"
