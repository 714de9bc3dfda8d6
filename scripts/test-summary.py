#!/usr/bin/env python3
"""Sums up meson's testlog.json of each build directory given as an argument and prints
the plain closing line "N passed, N failed" (CI reads exactly that; skipped tests are
listed by name before it). Exits 1 if anything failed or no test ran."""
import json
import os
import sys

passed, failed, failures, skips = 0, 0, [], []
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
                skips.append(f"{build}: {t.get('name')}")
            else:
                failed += 1
                failures.append(f"{build}: {t.get('name')} ({result})")

for s in skips:
    print(f"SKIPPED {s}")
for f in failures:
    print(f"FAILED {f}")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or passed == 0 else 0)
