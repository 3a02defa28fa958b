#!/usr/bin/env bash
# tests/static/run_static.sh — static and dynamic analysis CI runs over core/ and plugins/:
#   cppcheck    cppcheck --enable=warning,portability,performance (+ the reviewed false
#               positives in cppcheck.supp); any finding fails
#   clang-tidy  clang-tidy with the repository's .clang-tidy (documented check set); any
#               finding fails. A compile database is configured in a scratch folder.
#   valgrind BIN  memcheck over `BIN run -o TMP` on the bundled example: no error, no leak
# A tool that is not installed is reported and skipped (exit 0), so CI without it passes;
# scripts/deps.sh installs all three.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$(cd "$here/../.." && pwd)"
mode="${1:-all}"
jobs="$(nproc 2>/dev/null || echo 2)"

sources() { (cd "$src" && ls core/src/*/*.c plugins/*/*/*.c plugins/*/*/*/*.c 2>/dev/null || true); }

compile_db() {
    local db="$src/build-static"
    cmake -S "$src" -B "$db" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DREGCOORD_BUILD_TESTS=OFF \
        -DCMAKE_BUILD_TYPE=Debug >/dev/null
    echo "$db"
}

run_cppcheck() {
    command -v cppcheck >/dev/null || { echo "skip cppcheck: not installed"; return 0; }
    cd "$src"
    cppcheck -q --std=c11 --enable=warning,portability,performance --inline-suppr \
        --suppressions-list="$here/cppcheck.supp" --error-exitcode=1 -j"$jobs" \
        -I core/src -I core/include -D__GNUC__ core/src plugins
    echo "cppcheck: no findings"
}

tidy() { # extra clang-tidy args...
    local db
    db="$(compile_db)"
    cd "$src"
    sources | xargs -P"$jobs" -n4 clang-tidy -p "$db" --quiet "$@" 2>/dev/null
}

run_tidy() {
    command -v clang-tidy >/dev/null || { echo "skip clang-tidy: not installed"; return 0; }
    local log
    log="$(mktemp)"
    if ! tidy >"$log" || grep -qE ': (warning|error):' "$log"; then
        cat "$log"
        echo "clang-tidy: findings above (checks: .clang-tidy)"
        rm -f "$log"
        return 1
    fi
    rm -f "$log"
    echo "clang-tidy: no findings"
}

run_valgrind() {
    local bin="$1"
    command -v valgrind >/dev/null || { echo "skip valgrind: not installed"; return 0; }
    local tmp out
    tmp="$(mktemp -d)"
    out="$tmp/out"
    trap 'rm -rf "$tmp"' RETURN
    # the bundled example, with a plugin time limit that allows for valgrind's slowdown on a
    # busy machine (the xlsx report took over the default 60 s under load)
    cp -r "$src/configs/example" "$tmp/example"
    printf '\nplugin_timeout: 1800\n' >>"$tmp/example/assessment.yaml"
    valgrind -q --error-exitcode=1 --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible "$bin" run "$tmp/example/assessment.yaml" \
        -o "$out" -q
    ls "$out"/* >/dev/null
    echo "valgrind: no errors, no leaks"
}

case "$mode" in
    cppcheck) run_cppcheck ;;
    clang-tidy) run_tidy ;;
    valgrind) run_valgrind "$2" ;;
    all) run_cppcheck && run_tidy ;;
    *) echo "usage: run_static.sh cppcheck|clang-tidy|valgrind BIN|all" >&2; exit 2 ;;
esac
