#!/usr/bin/env bash
# Runs every cargo-fuzz target (or the ones named) for SECONDS_PER_TARGET
# seconds (default 60) and prints the executions of each.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET [TARGET...]]
#
# Needs a nightly toolchain and cargo-fuzz (cargo install cargo-fuzz). The
# targets live in fuzz/ (their own workspace). Built once, without a
# sanitizer (the crate has no unsafe code; this doubles the executions) and
# with debug assertions on, so integer overflow panics. The corpus grows in
# fuzz/corpus/TARGET (seeded from seed-data/ and tests/data/ on first run);
# a crash leaves its input in fuzz/artifacts/TARGET and fails the script.
set -euo pipefail

cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=${1:-60}
TARGETS=(normalize understand search_params import_json import_csv import_hsds render_plan)
if [ $# -gt 1 ]; then
    shift
    TARGETS=("$@")
fi
FLAGS=(--sanitizer none --debug-assertions)

cd fuzz
cargo +nightly fuzz build "${FLAGS[@]}"

# Seeds: the real records and fixtures, so the fuzzer starts from the shapes
# the importers expect.
seed() {
    local target=$1; shift
    mkdir -p "corpus/$target"
    if [ -z "$(ls -A "corpus/$target")" ]; then
        for f in "$@"; do
            [ -f "$f" ] && cp "$f" "corpus/$target/$(basename "$f")"
        done
    fi
    return 0
}
seed import_json ../seed-data/resources.jsonl ../tests/data/*.jsonl ../tests/data/*.json
seed import_csv ../seed-data/spreadsheet-template.csv ../tests/data/*.csv ../tests/data/sheets/*.csv
seed import_hsds ../seed-data/hsds/*.json ../tests/data/hsds/examples/*.json
seed understand
seed normalize
seed search_params
seed render_plan
if [ -z "$(ls -A corpus/understand)" ]; then
    i=0
    for q in "де знайти психолога в Утрехті" "taalles voor mijn dochter van 12 in Den Haag" \
        "free lawyer Amsterdam ukrainian speaking" "шукаю роботу Гаага безкоштовно"; do
        printf '%s' "$q" >"corpus/understand/q$i"; cp "corpus/understand/q$i" "corpus/normalize/q$i"; i=$((i + 1))
    done
    printf 'q=psycholoog&place=Utrecht&radius_km=10&category=health,work&free=true&page=2' >corpus/search_params/s0
    printf 'near=52.09,5.12&language=uk&exclude_language=ru&age=12&per_page=100' >corpus/search_params/s1
fi

status=0
printf '%-14s %10s %12s %s\n' target budget_s executions result
for target in "${TARGETS[@]}"; do
    log=$(mktemp)
    if cargo +nightly fuzz run "${FLAGS[@]}" "$target" -- \
        -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -rss_limit_mb=4096 \
        -print_final_stats=1 >"$log" 2>&1; then
        result=ok
    else
        result="CRASH (see fuzz/artifacts/$target)"
        status=1
        grep -m1 -A12 "panicked\|ERROR: libFuzzer" "$log" >&2 || tail -20 "$log" >&2
    fi
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    printf '%-14s %10s %12s %s\n' "$target" "$SECONDS_PER_TARGET" "$execs" "$result"
    rm -f "$log"
done
exit $status
