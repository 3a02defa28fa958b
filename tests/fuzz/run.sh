#!/usr/bin/env bash
# tests/fuzz/run.sh — CI's fuzzing step: configures a separate build (build-fuzz/) with
# clang and -DREGCOORD_FUZZ=ON, builds the libFuzzer targets and runs each for a short
# fixed budget in one process (one core; no -jobs, which would write fuzz-N.log into the
# source tree and hide a crash's exit code), starting from its seed corpus, regression
# files and dictionary (<target>.dict); new inputs go to a scratch folder, the committed
# corpus stays as it is. A crash, leak, timeout or out-of-memory fails the script and leaves the
# reproducer in build-fuzz/fuzz/artifacts/<target>/; copy it to
# tests/fuzz/regressions/<target>/ with the fix.
# Environment: FUZZ_SECONDS (default 20) per target, FUZZ_BUILD_DIR (default build-fuzz),
# FUZZ_TARGETS (default "config csv formula book encoding boundary").
set -euo pipefail
cd "$(dirname "$0")/../.."
src="$PWD"
build="${FUZZ_BUILD_DIR:-build-fuzz}"
seconds="${FUZZ_SECONDS:-20}"
targets="${FUZZ_TARGETS:-config csv formula book encoding boundary}"
if ! command -v clang >/dev/null; then
  echo "tests/fuzz/run.sh: clang is needed (scripts/deps.sh installs clang and libclang-rt-14-dev)" >&2
  exit 1
fi
CC=clang cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DREGCOORD_FUZZ=ON \
      -DREGCOORD_SANITIZE=OFF -DREGCOORD_WERROR="${REGCOORD_WERROR:-OFF}" >/dev/null
# shellcheck disable=SC2086
cmake --build "$build" -j"$(nproc)" --target $(printf 'fuzz_%s ' $targets)
status=0
for t in $targets; do
  work="$build/fuzz/work/$t"
  art="$build/fuzz/artifacts/$t"
  rm -rf "$work"
  mkdir -p "$work" "$art"
  dict=()
  [ -f "$src/tests/fuzz/$t.dict" ] && dict=(-dict="$src/tests/fuzz/$t.dict")
  # a target with no regression yet has no folder in a fresh clone (git keeps no empty folder)
  regressions=()
  [ -d "$src/tests/fuzz/regressions/$t" ] && regressions=("$src/tests/fuzz/regressions/$t")
  echo "== fuzz_$t: ${seconds}s over tests/fuzz/corpus/$t and tests/fuzz/regressions/$t"
  if ! ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
       UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
       "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
       -max_len=16384 -print_final_stats=1 "${dict[@]}" \
       -artifact_prefix="$art/" "$work" "$src/tests/fuzz/corpus/$t" \
       "${regressions[@]}" 2>"$build/fuzz/$t.log"; then
    echo "fuzz_$t FAILED; the last lines of $build/fuzz/$t.log:" >&2
    tail -n 40 "$build/fuzz/$t.log" >&2
    status=1
  else
    grep -E '^stat::(number_of_executed_units|peak_rss_mb)|cov: ' "$build/fuzz/$t.log" | tail -n 3
  fi
done
exit "$status"
