#!/usr/bin/env bash
# Coverage-guided fuzzing of every target in fuzz/ with libFuzzer (Clang 14,
# Debian's clang package), each for a given time, and a table of what it did:
#   bench/fuzz.sh [seconds per target, default 600] [target ...]
# The library is instrumented as well as the targets. New inputs go to
# build/fuzz-corpus/<target> (the seeds in fuzz/corpus/ are not touched);
# a crash leaves its input as build/fuzz-findings/<target>/crash-*.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then
    targets=(scenario text_decoder gazetteer division_code place_name run_summary vector raster osm)
fi
build=build/fuzz
CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DLIFECIRCLE_BUILD_FUZZERS=ON -DLIFECIRCLE_SANITIZE=ON -DLIFECIRCLE_BUILD_TESTS=OFF \
    -DLIFECIRCLE_BUILD_PROGRAM=OFF >/dev/null
cmake --build "$build" --target "${targets[@]/#/fuzz_}"
printf '%-14s %10s %10s %8s %9s\n' target seconds execs cov findings
for target in "${targets[@]}"; do
    corpus=build/fuzz-corpus/$target
    findings=$PWD/build/fuzz-findings/$target
    mkdir -p "$corpus" "$findings"
    log=$findings/libfuzzer.log
    set +e
    "$build/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 \
        -artifact_prefix="$findings/" "$corpus" "fuzz/corpus/$target" >"$log" 2>&1
    set -e
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    execs=$(sed -E 's/^#([0-9]+).*/\1/' <<<"$last")
    cov=$(sed -E 's/.*cov: ([0-9]+).*/\1/' <<<"$last")
    crashes=$(find "$findings" -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' | wc -l)
    printf '%-14s %10s %10s %8s %9s\n' "$target" "$seconds" "${execs:-0}" "${cov:-0}" "$crashes"
done
