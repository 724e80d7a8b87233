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
# Median of three end-to-end runs of `pathway eval guidelines/ --patients`: label, patients, options...
median_rate() {
    local label=$1 count=$2; shift 2
    python3 - "$label" "$count" "$@" <<'PY'
import subprocess, sys, time
label, count, args = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
times = []
for _ in range(3):
    start = time.perf_counter()
    subprocess.run([".build/release/pathway", "eval", "guidelines/"] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append(time.perf_counter() - start)
s = sorted(times)[1]
print(f"end to end (pathway eval --patients, {label}): {count} patients in {s:.2f} s (median of 3) = {count / s:,.0f} patients/s")
PY
}
# Two cohorts: every fact known, and a third of the facts missing (many undetermined entries with `needs`).
for unknown in 0 33; do
    .build/release/pathway-bench --write-cohort "$cohort" 100000 "$unknown"
    median_rate "compact, $unknown% of facts unknown, every core" 100000 --patients "$cohort"
    median_rate "compact, $unknown% of facts unknown, --jobs 1" 100000 --patients "$cohort" --jobs 1
    head -20000 "$cohort" > "$cohort.20k"
    median_rate "--detail full, $unknown% of facts unknown, every core" 20000 --patients "$cohort.20k" --detail full
    rm -f "$cohort.20k"
done
rm -f "$cohort"
# Peak memory does not grow with the cohort: 100,000 and 1,000,000 patients with a third of the facts
# missing (compact and, on the first 100,000, full detail).
for count in 100000 1000000; do
    .build/release/pathway-bench --write-cohort "$cohort" "$count" 33
    /usr/bin/time -f "peak memory (pathway eval --patients, $count patients, every core): %M KiB, %e s" \
        .build/release/pathway eval guidelines/ --patients "$cohort" > /dev/null
done
head -100000 "$cohort" > "$cohort.100k"
/usr/bin/time -f "peak memory (pathway eval --patients --detail full, 100000 patients, every core): %M KiB, %e s" \
    .build/release/pathway eval guidelines/ --patients "$cohort.100k" --detail full > /dev/null
rm -f "$cohort" "$cohort.100k"
# Side by side with GoRules ZEN (bench/zen), when zen-engine is installed.
if python3 -c "import zen" 2>/dev/null; then python3 bench/zen/compare.py --pathway .build/release/pathway; fi
