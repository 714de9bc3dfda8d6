#!/usr/bin/env python3
"""Sums up meson's testlog.json of each build directory given as an argument and prints
the plain closing line "N passed, N failed[, N skipped]". Exits 1 if anything failed
or no test ran."""
import json
import os
import sys

passed, failed, skipped, failures = 0, 0, 0, []
for build in sys.argv[1:]:
    log = os.path.join(build, "meson-logs", "testlog.json")
    if not os.path.exists(log):
        failed += 1
        failures.append(f"{build}: no test log (build or test run failed)")
        continue
    with open(log) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            t = json.loads(line)
            result = t.get("result")
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1
                failures.append(f"{build}: {t.get('name')} ({result})")

for f in failures:
    print(f"FAILED {f}")
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed or passed == 0 else 0)
