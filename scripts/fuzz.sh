#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer and AddressSanitizer (see docs/fuzzing.md).
#
#   scripts/fuzz.sh --list                 the targets
#   scripts/fuzz.sh TARGET [SECONDS]       build TARGET and fuzz it for SECONDS (default 60)
#   scripts/fuzz.sh all [SECONDS]          each target in turn, SECONDS each
#   scripts/fuzz.sh TARGET --run FILE...   run the harness once on each FILE (reproduce a crash)
#   scripts/fuzz.sh TARGET --minimize FILE  shrink a crashing FILE to FILE.min (same crash, fewer bytes)
#
# Environment: FUZZ_CONFIG=release|debug (default release), FUZZ_FLAGS (extra libFuzzer flags),
# FUZZ_NICE (default 19). Builds in .build-fuzz with PATHWAY_FUZZ=1, so `swift build` and
# `swift test` never see the fuzz targets. Runs one job at a time, nice'd.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

targets=(yaml expression compile patient cohort diff lsp)
config=${FUZZ_CONFIG:-release}
nice_level=${FUZZ_NICE:-19}
build=$root/.build-fuzz
work=$build/work

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

describe() {
    case $1 in
        yaml) echo "YAMLLoader.load(bytes:path:) on arbitrary bytes, then DocumentDecoder and the renderers" ;;
        expression) echo "the expression parser; oracle: the printed form reparses to the same structure and text" ;;
        compile) echo "GuidelineCompiler.compile(texts:) with a vocabulary, then the guideline's tests and the analysis" ;;
        patient) echo "PatientDecoder over YAMLLoader against the bundled guidelines, evaluation, text and JSON" ;;
        cohort) echo "cohort lines through CohortRunner; oracle: compact with the fast reader == compact without it" ;;
        lsp) echo "a stream of LSP messages (framing and JSON) through the language server after initialize and didOpen" ;;
        diff) echo "a guideline against itself (oracle: no change) and a mutated copy (oracle: witnesses get the outcomes reported)" ;;
        *) return 1 ;;
    esac
}

max_len() {
    case $1 in
        yaml|compile|diff) echo 40000 ;;
        expression) echo 2048 ;;
        patient) echo 8192 ;;
        cohort) echo 4096 ;;
        lsp) echo 16384 ;;
    esac
}

# One file per seed in $2, from the repository's guidelines, examples and fixtures and the committed seeds.
seeds() {
    local target=$1 dir=$2 n=0
    rm -rf "$dir" && mkdir -p "$dir"
    copy() { for f in "$@"; do if [ -f "$f" ]; then cp "$f" "$dir/$(echo "$f" | tr '/' '_')"; fi; done; }
    case $target in
        yaml)
            copy guidelines/*.yaml guidelines/vocabulary/*.yaml examples/*.yaml examples/tiny/* \
                 Tests/PathwayTests/Fixtures/*.yaml Tests/PathwayTests/Fixtures/*/*.yaml Tests/PathwayTests/Fixtures/*/*/*.yaml ;;
        compile|diff)
            copy guidelines/*.yaml examples/tiny/esd.yaml Tests/PathwayTests/Fixtures/*.yaml \
                 Tests/PathwayTests/Fixtures/*/*.yaml Tests/PathwayTests/Fixtures/*/*/*.yaml
            rm -f "$dir"/*vocabulary.yaml ;;
        patient)
            copy examples/*.yaml examples/tiny/patient.json scripts/fuzz/seeds/patient/*
            # Each cohort seed line is a JSON patient too.
            cat scripts/fuzz/seeds/cohort/*.jsonl | while IFS= read -r line; do
                n=$((n + 1)); printf '%s\n' "$line" > "$dir/cohort-line-$n.json"
            done || true ;;
        expression)
            copy scripts/fuzz/seeds/expression/*
            # Every condition written in the bundled guidelines and the fixtures.
            grep -rhoE '(when|derive|value): *"?[^"#]+' guidelines Tests/PathwayTests/Fixtures examples 2>/dev/null \
                | sed -E 's/^(when|derive|value): *"?//; s/[",}]*$//' | sort -u | while IFS= read -r line; do
                n=$((n + 1)); printf '%s' "$line" > "$dir/condition-$n.txt"
            done || true ;;
        cohort)
            copy scripts/fuzz/seeds/cohort/* ;;
        lsp)
            copy scripts/fuzz/seeds/lsp/* ;;
    esac
}

# The dictionary: the DSL's keywords, plus the bundled vocabulary's fact and value names.
dictionary() {
    local target=$1 out=$2
    cat scripts/fuzz/pathway.dict > "$out"
    case $target in
        patient|cohort|compile|diff)
            { grep -oE '^  [a-z][a-z0-9_]*:' guidelines/vocabulary/nen.yaml | sed -E 's/^  ([a-z0-9_]+):/\1/'
              grep -oE 'values: \[[^]]*\]' guidelines/vocabulary/nen.yaml | sed -E 's/values: \[//; s/\]//' | tr ',' '\n' | tr -d ' '
            } | grep -E '^[A-Za-z0-9_.+-]+$' | sort -u | sed 's/.*/"&"/' >> "$out" || true ;;
    esac
}

build_target() {
    local target=$1
    echo "== building fuzz-$target ($config, -sanitize=fuzzer,address) in .build-fuzz" >&2
    PATHWAY_FUZZ=1 nice -n "$nice_level" swift build -c "$config" --build-path "$build" --product "fuzz-$target" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld -Xcc -fsanitize=address >&2
}

binary() { echo "$build/$config/fuzz-$1"; }

run_target() {
    local target=$1 seconds=$2
    build_target "$target"
    local corpus=$build/corpus/$target seeddir=$work/seeds/$target artifacts=$build/artifacts/$target dict=$work/$target.dict
    mkdir -p "$corpus" "$artifacts" "$work"
    seeds "$target" "$seeddir"
    dictionary "$target" "$dict"
    local log=$work/$target.log
    echo "== fuzzing $target for ${seconds}s: $(describe "$target")" >&2
    echo "   corpus $corpus (+ $(ls "$seeddir" | wc -l) seeds), artefacts $artifacts/, log $log" >&2
    local status=0
    # shellcheck disable=SC2086
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:symbolize=1} \
        nice -n "$nice_level" "$(binary "$target")" "$corpus" "$seeddir" -dict="$dict" -max_total_time="$seconds" \
        -max_len="$(max_len "$target")" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" ${FUZZ_FLAGS:-} > "$log" 2>&1 || status=$?
    summarize "$target" "$log" "$status"
    return "$status"
}

# Executions, coverage and any artefact, from libFuzzer's log.
summarize() {
    local target=$1 log=$2 status=$3
    local execs cov ft corpus artefact
    execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1 || true)
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || true)
    ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || true)
    corpus=$(grep -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -1 | sed 's/corp: //' || true)
    artefact=$(grep -oE "(Test unit written to|artifact_prefix.*Test unit written to) [^ ]+" "$log" | tail -1 | awk '{print $NF}' || true)
    echo "$target: executions ${execs:-?}, cov ${cov:-?}, ft ${ft:-?}, corpus ${corpus:-?}, exit $status"
    if [ -n "$artefact" ]; then
        echo "$target: CRASH artefact $artefact"
        grep -E '==pathway-fuzz==|ERROR: AddressSanitizer|ERROR: libFuzzer|Fatal error|SUMMARY' "$log" | head -5 | sed "s/^/$target:   /"
    fi
}

[ $# -ge 1 ] || usage
case $1 in
    --list)
        for t in "${targets[@]}"; do printf '%-11s %s\n' "$t" "$(describe "$t")"; done ;;
    -h|--help) usage ;;
    all)
        seconds=${2:-60}
        failed=0
        for t in "${targets[@]}"; do run_target "$t" "$seconds" || failed=1; done
        exit "$failed" ;;
    *)
        target=$1
        describe "$target" > /dev/null || { echo "unknown target \`$target\`; scripts/fuzz.sh --list lists them" >&2; exit 2; }
        if [ "${2:-}" = "--run" ]; then
            shift 2
            build_target "$target"
            SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:symbolize=1} \
                "$(binary "$target")" -runs=1 "$@"
        elif [ "${2:-}" = "--minimize" ] && [ -f "${3:-}" ]; then
            build_target "$target"
            SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:symbolize=1} \
                nice -n "$nice_level" "$(binary "$target")" -minimize_crash=1 -max_total_time="${FUZZ_MINIMIZE_SECONDS:-60}" \
                -exact_artifact_path="$3.min" "$3" 2>&1 | grep -E 'CRASH_MIN|==pathway-fuzz==|Swift runtime failure|ERROR:' | tail -5
            echo "minimized: $3.min ($(wc -c < "$3.min") bytes)"
        else
            run_target "$target" "${2:-60}"
        fi ;;
esac
