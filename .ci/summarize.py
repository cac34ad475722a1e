#!/usr/bin/env python3
"""Print "N passed, N failed" from Meson testlog.json files (one JSON object per line).

A missing log counts as one failure (that build never ran its tests); a skipped test
is reported and makes the run fail, because a skipped suite must never pass as green.
"""
import json
import sys

PASSED = {"OK", "EXPECTEDFAIL"}
SKIPPED = {"SKIP"}

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as log:
            results = [json.loads(line) for line in log if line.strip()]
    except FileNotFoundError:
        print(f"missing {path}: that build ran no tests", file=sys.stderr)
        failed += 1
        continue
    for result in results:
        outcome = result.get("result")
        if outcome in PASSED:
            passed += 1
        elif outcome in SKIPPED:
            skipped += 1
            print(f"skipped: {result.get('name')}", file=sys.stderr)
        else:
            failed += 1
            print(f"failed: {result.get('name')} ({outcome})", file=sys.stderr)

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed or skipped or passed == 0 else 0)
