#!/bin/sh
# Runs every build's test suite (meson test) and ends with the one summary line CI
# reads: "N passed, N failed" (skipped tests listed by name before it). Exit status 1 if any
# test failed or none ran.
set -u
cd "$(dirname "$0")/.."
for dir in "$@"; do
        echo "== meson test -C $dir"
        # Failures are counted from the logs below; keep going to run every build.
        meson test -C "$dir" --no-rebuild --print-errorlogs --num-processes 2 || true
done
exec python3 scripts/test-summary.py "$@"
