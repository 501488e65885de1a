#!/usr/bin/env bash
# Runs every libFuzzer target (tests/fuzz/) for N seconds each, starting from
# the committed corpus (tests/fuzz/corpus/<target>/), and prints the
# executions per target. Fails when a target crashes, leaks, trips a
# sanitizer or breaks the C ABI's contract; the input that did it is left in
# build/fuzz/findings/<target>/ (crash-*, leak-*, timeout-*) for replay:
#
#   build/fuzz/tests/fuzz/<target> build/fuzz/findings/<target>/crash-...
#
#   scripts/fuzz.sh          15 s per target (what CI runs)
#   scripts/fuzz.sh 600      10 min per target (the longer run)
#
# Configures and builds the fuzz preset first (clang, libclang-rt-14-dev).
# New inputs go to build/fuzz/corpus/<target>/, never into the committed
# corpus; scripts/fuzz-corpus.py regenerates that one from the seeds.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-15}"
targets=(fuzz_parse fuzz_roundtrip fuzz_arith fuzz_capi fuzz_report fuzz_sie)
jobs="${KALKYL_FUZZ_JOBS:-2}"

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs"

bin=build/fuzz/tests/fuzz
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=()
summary=()
for t in "${targets[@]}"; do
  work="build/fuzz/corpus/$t"
  findings="build/fuzz/findings/$t"
  mkdir -p "$work" "$findings"
  log="build/fuzz/$t.log"
  echo "== fuzz: $t for ${seconds}s"
  set +e
  "$bin/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
    -print_final_stats=1 -artifact_prefix="$findings/" "$work" "tests/fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  summary+=("$(printf '%-16s %12s execs %8s/s  cov %6s  rc %d' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "$rc")")
  if [ "$rc" -ne 0 ]; then
    failed+=("$t")
    echo "fuzz: $t FAILED (rc $rc); the log's end:" >&2
    tail -40 "$log" >&2
  fi
done

echo "== fuzz: ${seconds}s per target"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (inputs in build/fuzz/findings/)" >&2
  exit 1
fi
