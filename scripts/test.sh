#!/usr/bin/env bash
# scripts/test.sh — the README's second command: the whole test suite, once on the normal
# build (build/) and once under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
jobs="$(nproc)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREGCOORD_WERROR="${REGCOORD_WERROR:-OFF}" >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs")
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DREGCOORD_SANITIZE=ON \
      -DREGCOORD_WERROR="${REGCOORD_WERROR:-OFF}" >/dev/null
cmake --build build-asan -j"$jobs"
# CK_FORK=no runs each suite in one process so LeakSanitizer sees every test's leaks.
(cd build-asan && CK_FORK=no ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
   UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j"$jobs")
# Static analysis over core/ and plugins/: cppcheck and clang-tidy with the documented checks
# (.clang-tidy, tests/static/cppcheck.supp; docs/hardening.md); any finding fails.
tests/static/run_static.sh cppcheck
tests/static/run_static.sh clang-tidy
