#!/usr/bin/env python3
"""Counts test cases in meson's testlog.json files and prints 'N passed, N failed'.

A TAP test (GLib's --tap) counts each 'ok' / 'not ok' line; a test that crashed or
timed out after its last line counts one more failure. Other tests count once.
Exit status: 0 when nothing failed and something ran, 1 otherwise.
"""
import json
import re
import sys

passed = failed = skipped = 0
failures = []

for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as log:
        for line in log:
            if not line.strip():
                continue
            entry = json.loads(line)
            result = entry.get("result", "")
            output = entry.get("stdout") or entry.get("stdo") or ""
            oks = nots = skips = 0
            for tap in output.splitlines():
                if re.match(r"^not ok\b", tap):
                    nots += 1
                    failures.append(f"{entry['name']}: {tap}")
                elif re.match(r"^ok\b", tap):
                    if re.search(r"#\s*SKIP", tap, re.I):
                        skips += 1
                    else:
                        oks += 1
            bad = result not in ("OK", "SKIP", "EXPECTEDFAIL")
            if oks + nots + skips == 0:
                if result == "SKIP":
                    skipped += 1
                elif bad:
                    failed += 1
                    failures.append(f"{entry['name']}: {result}")
                else:
                    passed += 1
            else:
                passed += oks
                skipped += skips
                failed += nots
                if bad and nots == 0:
                    failed += 1
                    failures.append(f"{entry['name']}: {result} after {oks} passed cases")

for failure in failures:
    print(f"FAILED {failure}")
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(0 if failed == 0 and passed > 0 else 1)
