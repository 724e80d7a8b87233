#!/usr/bin/env bash
# Load benchmark of `pathway serve` (CDS Hooks patient-view) with wrk: a release build, the bundled
# guidelines, the T1a example Bundle as prefetch, DURATION seconds (default 60) at CONNECTIONS
# connections (default 16) on THREADS wrk threads (default 1). Prints requests/s, latency
# percentiles, errors, the server's CPU time per request, the load average, and the server's
# resident memory sampled every 5 s with its growth over each half of the run (memory that levels
# off grows in the first half and not, or hardly, in the second).
#
# Why 16 connections and 1 wrk thread: wrk is a closed loop (each connection sends its next request
# when the answer to the last one has come), so by Little's law the mean latency is connections /
# throughput; more connections than keep the server busy only queue, adding latency without adding
# requests/s. On this 2-core machine the server needs both cores and wrk takes a share of them;
# one wrk thread drives 16 connections without being the bottleneck. `CONNECTIONS` and `THREADS`
# change it (the README gives a sweep).
# Usage: scripts/benchmark-service.sh [DURATION] [CONNECTIONS] [THREADS]   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-60}
CONNECTIONS=${2:-16}
THREADS=${3:-1}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
# PATHWAY_BIN=path skips the build and measures that binary instead.
if [ -n "${PATHWAY_BIN:-}" ]; then BIN=$PATHWAY_BIN; else
    swift build -c release --scratch-path .build-release --product pathway >/dev/null
    BIN=.build-release/release/pathway
fi
WORK=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
"$BIN" serve guidelines --bindings bindings/nen-fhir.yaml --port 0 >"$WORK/out" 2>"$WORK/err" &
PID=$!
for _ in $(seq 100); do grep -q listening "$WORK/out" 2>/dev/null && break; sleep 0.1; done
PORT=$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' "$WORK/out")
BODY=examples/fhir/cds-hooks/patient-view-t1a.json
URL="http://127.0.0.1:$PORT/cds-services/shi-2025-enec"
cat >"$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$BODY", "rb"); wrk.body = f:read("*a"); f:close()
done = function(summary, latency, requests)
  io.write(string.format("requests/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
  for _, p in ipairs({50, 90, 99, 99.9}) do io.write(string.format("p%s latency: %.2f ms\n", p, latency:percentile(p) / 1000)) end
  io.write(string.format("errors: connect %d, read %d, write %d, status %d, timeout %d\n", summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout))
end
LUA
# Warm up, check one answer, then measure.
curl -sf -X POST -H 'Content-Type: application/json' --data-binary @"$BODY" "$URL" | grep -q '"cards"'
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$WORK/post.lua" "$URL" >/dev/null
rss() { awk '/VmRSS/ {print $2}' "/proc/$PID/status"; }
# The server's CPU time (user + system, in clock ticks) and the machine's load: requests/s depend on
# what else runs on the 2 cores, CPU time per request much less.
cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
echo "wrk: $THREADS thread(s), $CONNECTIONS connections, ${DURATION} s"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
RSS0=$(rss)
echo "rss before: $RSS0 kB"
( for i in $(seq $((DURATION / 5))); do sleep 5; echo "$((i * 5)) $(rss)"; done >"$WORK/rss" ) &
SAMPLER=$!
CPU0=$(cpu)
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/post.lua" "$URL" >"$WORK/wrk.out"
CPU1=$(cpu)
grep -E "requests/s|latency:|errors:|Non-2xx" "$WORK/wrk.out"
REQUESTS=$(awk '/requests in/ {print $1}' "$WORK/wrk.out")
TICKS=$(getconf CLK_TCK)
awk -v c=$((CPU1 - CPU0)) -v n="$REQUESTS" -v t="$TICKS" 'BEGIN { if (n > 0) printf "server CPU per request: %.3f ms (%d requests)\n", 1000 * c / t / n, n }'
wait "$SAMPLER" || true
echo "rss every 5 s (kB): $(awk '{printf "%s%s", (NR > 1 ? " " : ""), $2}' "$WORK/rss")"
awk -v r0="$RSS0" '{ t[NR] = $1; r[NR] = $2 } END {
  if (NR < 2) exit
  h = int((NR + 1) / 2)
  printf "rss growth: first half (0-%d s) %+.1f MB, second half (%d-%d s) %+.1f MB\n", t[h], (r[h] - r0) / 1024, t[h], t[NR], (r[NR] - r[h]) / 1024
}' "$WORK/rss"
echo "rss after: $(rss) kB"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
