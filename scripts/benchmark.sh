#!/usr/bin/env bash
# Builds in release mode and prints Pathway's performance figures:
#   - compile time of generated guidelines with hundreds of rules and of the bundled guidelines,
#   - library evaluation throughput (in-memory patients),
#   - diff and analysis of the bundled guidelines and of generated guidelines (library),
#   - end to end: `pathway diff` and `pathway check --analyze` on a generated 300-rule guideline,
#   - end to end: `pathway eval guidelines/ --patients` on 100,000 generated patients.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product pathway >/dev/null
swift build -c release --product pathway-bench >/dev/null
.build/release/pathway-bench
time_command() {  # label, command...
    local label=$1; shift
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null 2>&1 || true  # diff exits 1 and check 1 when they find something
    end=$(date +%s.%N)
    python3 -c "import sys; print(f'end to end ({sys.argv[3]}): {float(sys.argv[2])-float(sys.argv[1]):.2f} s')" "$start" "$end" "$label"
}
generated="${TMPDIR:-/tmp}/pathway-generated-300"
.build/release/pathway-bench --write-generated "$generated" 300
time_command "pathway diff, generated 300 rules, text with traces" .build/release/pathway diff "$generated/old" "$generated/new"
time_command "pathway diff, generated 300 rules, json" .build/release/pathway diff "$generated/old" "$generated/new" --format json
time_command "pathway check --analyze, generated 300 rules" .build/release/pathway check --analyze "$generated/old"
rm -rf "$generated"
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
