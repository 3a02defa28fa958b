#!/usr/bin/env bash
# tests/bench/bench_run.sh — times `regcoord run` on the synthetic benchmark panel
# (3,000 regions x 20 years x 64 indicators by default) and prints wall time and peak RSS
# for each variant: entropy + arithmetic, entropy + TOPSIS, and with every analysis on.
# usage: tests/bench/bench_run.sh [BUILD_DIR] [--regions N] [--years Y] [--indicators M]
# Figures, not pass/fail: the targets (issue 2: < 2 s, < 1 GiB) are compared by a person.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build}"
shift || true
bin="$build/bin/regcoord"
[ -x "$bin" ] || { echo "build regcoord first: $bin not found" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
measure() { # label, extra generator args
    local label="$1"
    shift
    python3 "$here/gen_panel.py" "$work/$label" "$@" >/dev/null
    local cells
    cells=$(($(wc -l <"$work/$label/panel.csv") - 1))
    /usr/bin/time -f "%e %M" -o "$work/$label.time" \
        "$bin" run "$work/$label/assessment.yaml" -o "$work/$label/out" -q
    read -r secs kib <"$work/$label.time"
    printf '%-34s %9d cells  wall %6.2f s  peak RSS %7.1f MiB\n' "$label" "$cells" "$secs" \
        "$(awk -v k="$kib" 'BEGIN{print k/1024}')"
}
echo "regcoord bench ($(nproc) cores): $("$bin" --version)"
measure entropy_arithmetic "$@"
measure entropy_topsis --aggregate topsis "$@"
measure entropy_arithmetic_all_analyses --analysis "$@"
