#!/usr/bin/env bash
# Builds in release mode and prints Pathway's performance figures:
#   - compile time of generated guidelines with hundreds of rules and of the bundled guidelines,
#   - library evaluation throughput (in-memory patients),
#   - end to end: `pathway eval guidelines/ --patients` on 100,000 generated patients.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product pathway >/dev/null
swift build -c release --product pathway-bench >/dev/null
.build/release/pathway-bench
cohort="${TMPDIR:-/tmp}/pathway-cohort-100k.jsonl"
# Two cohorts: every fact known, and a third of the facts missing (many undetermined entries with `needs`).
for unknown in 0 33; do
    .build/release/pathway-bench --write-cohort "$cohort" 100000 "$unknown"
    for detail in compact full; do
        start=$(date +%s.%N)
        .build/release/pathway eval guidelines/ --patients "$cohort" --detail "$detail" > /dev/null
        end=$(date +%s.%N)
        python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'end to end (pathway eval --patients, {sys.argv[3]}, {sys.argv[4]}% of facts unknown): 100000 patients in {s:.2f} s = {100000/s:,.0f} patients/s')" "$start" "$end" "$detail" "$unknown"
    done
done
rm -f "$cohort"
