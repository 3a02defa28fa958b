#!/usr/bin/env bash
# tests/bench/bench_run.sh — times `regcoord run` on the synthetic benchmark panel
# (3,000 regions x 20 years x 64 indicators by default) and prints wall time and peak RSS
# for each variant: entropy + arithmetic, entropy + TOPSIS, every analysis on, and a full
# dump of every table; then the analysis, uncertainty and audit benches when they are built.
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
echo "-- summary reports (csv + json of every table but the region x year x indicator one)"
measure entropy_arithmetic --reports summary "$@"
measure entropy_topsis --aggregate topsis --reports summary "$@"
measure entropy_arithmetic_all_analyses --analysis --reports summary "$@"
echo "-- every table, including the region x year x indicator table, in csv and json"
measure entropy_arithmetic_full_dump "$@"
if [ -x "$build/bench/bench_analysis" ]; then
    echo "-- analysis kernels (Dagum, Moran permutations)"
    "$build/bench/bench_analysis"
fi
if [ -x "$build/bench/bench_analysis_plugins" ]; then
    echo "-- spatial analysis plugins (weights for 50,000 regions, Gi* permutations, Markov)"
    "$build/bench/bench_analysis_plugins"
fi
if [ -x "$build/bench/bench_uncertainty" ]; then
    echo "-- uncertainty analysis (ASEM-shaped index)"
    "$build/bench/bench_uncertainty"
fi
if [ -x "$build/bench/bench_audit" ]; then
    echo "-- statistical audit (bundled example, ASEM)"
    "$build/bench/bench_audit"
fi
