#!/usr/bin/env python3
"""Names the tests a `swift test` log shows as started but not finished (used by .ci/run when the
run overstays its time, so that a hang names itself instead of ending in CI's silent time-out)."""
import re
import sys

started, finished = [], set()
with open(sys.argv[1], errors="replace") as log:
    for line in log:
        if m := re.search(r"Test (?:case passing .*? to )?(\S+\(.*?\)) started\.", line):
            started.append(m.group(1))
        if m := re.search(r"Test (\S+\(.*?\))(?: with \d+ test cases?)? (?:passed|failed|skipped)", line):
            finished.add(m.group(1))
        if m := re.search(r"Test Case '(.*?)' started", line):
            started.append(m.group(1))
        if m := re.search(r"Test Case '(.*?)' (?:passed|failed|skipped)", line):
            finished.add(m.group(1))
for name in dict.fromkeys(started):
    if name not in finished:
        print(f"  still running: {name}")
