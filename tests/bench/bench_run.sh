#!/usr/bin/env bash
# tests/bench/bench_run.sh — tracker issue 19's benchmark, in one run: for the 300- and
# 3,000-region panels (and, with --large, 30,000) x 20 years x 64 indicators it times the
# trivial C pass (tests/bench/trivial_pass.c: read the CSV, split the fields, parse the
# numbers) and then `regcoord run -v` with the summary reports (csv + json) on the same
# file, printing both wall times and peak RSS side by side, regcoord's time per phase, and
# the ratios against the issue's goals. Then, at 3,000 regions: TOPSIS, every analysis on
# and the full dump; and the analysis, uncertainty (1 and 2 threads) and audit benches when
# built. Figures, not pass/fail; on a shared machine they are noisy — compare each figure
# with the baseline printed beside it, measured in the same run.
# usage: tests/bench/bench_run.sh [BUILD_DIR] [--large] [--years Y] [--indicators M]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$here/../../build"
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then build="$1"; shift; fi
sizes=(300 3000)
gen_args=()
while [ $# -gt 0 ]; do
    case "$1" in
    --large) sizes+=(30000) ;;
    *) gen_args+=("$1") ;;
    esac
    shift
done
bin="$build/bin/regcoord"
[ -x "$bin" ] || { echo "build regcoord first: $bin not found" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"${CC:-cc}" -O2 -o "$work/trivial_pass" "$here/trivial_pass.c"
mib() { awk -v k="$1" 'BEGIN{printf "%.1f", k/1024}'; }

# timed CMD...: runs it under /usr/bin/time; sets secs and kib
timed() {
    /usr/bin/time -f "%e %M" -o "$work/time" "$@"
    read -r secs kib <"$work/time"
}

# regcoord_run LABEL CONFIG: one run with -v; prints time, RSS (and the phases with $2=1)
regcoord_run() {
    local label="$1" cfg="$2" phases="$3"
    timed "$bin" run "$cfg" -o "$work/out-$label" -v >/dev/null 2>"$work/err-$label"
    rm -rf "$work/out-$label"
    r_secs=$secs r_kib=$kib
    printf '  %-32s wall %7.2f s  peak RSS %8s MiB\n' "regcoord $label" "$secs" "$(mib "$kib")"
    if [ "$phases" = 1 ]; then
        awk '/^regcoord: time per phase/ {on = 1; next} on && /^  / {print "      " $0; next} {on = 0}' \
            "$work/err-$label"
    fi
}

echo "regcoord bench ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)): $("$bin" --version)"
echo "Wall times on a shared machine are noisy: read each beside the trivial pass of the same run."
declare -A tp_secs rc_secs rc_kib
for n in "${sizes[@]}"; do
    dir="$work/p$n"
    python3 "$here/gen_panel.py" "$dir" --regions "$n" --reports summary "${gen_args[@]}" >/dev/null
    cells=$(($(wc -l <"$dir/panel.csv") - 1))
    csv_kib=$(($(stat -c %s "$dir/panel.csv") / 1024))
    echo "-- $n regions: $cells cells, CSV $(mib "$csv_kib") MiB"
    timed "$work/trivial_pass" "$dir/panel.csv" >/dev/null
    tp_secs[$n]=$secs
    printf '  %-32s wall %7.2f s  peak RSS %8s MiB\n' "trivial C pass (baseline)" "$secs" "$(mib "$kib")"
    regcoord_run "summary_$n" "$dir/assessment.yaml" 1
    rc_secs[$n]=$r_secs rc_kib[$n]=$r_kib
    goal_kib=$(awk -v c="$csv_kib" -v n="$cells" 'BEGIN{printf "%d", 1.5*c + 8*n/1024}')
    awk -v r="$r_secs" -v t="${tp_secs[$n]}" -v k="$r_kib" -v g="$goal_kib" -v c="$cells" 'BEGIN{
        printf "  end to end / trivial pass: %.2fx (goal <= 2x);  peak RSS %.0f B/cell, %.2fx the goal of 1.5 x CSV + 8 B/cell = %.1f MiB\n",
            (t > 0 ? r/t : 0), k*1024/c, k/g, g/1024}'
done
if [ -n "${rc_secs[30000]:-}" ]; then
    awk -v a="${rc_secs[30000]}" -v b="${rc_secs[3000]}" -v k="${rc_kib[30000]}" \
        -v ta="${tp_secs[30000]}" -v tb="${tp_secs[3000]}" 'BEGIN{
        printf "-- 30,000 / 3,000 regions: regcoord %.2fx (goal < 10x; trivial pass %.2fx); peak RSS %.2f GiB (goal < 1.5 GiB)\n",
            a/b, ta/tb, k/1048576}'
fi

echo "-- 3,000 regions, other variants (baseline: the summary run above, ${rc_secs[3000]} s)"
dir="$work/p3000"
python3 "$here/gen_panel.py" "$dir" --regions 3000 --config-only --config-name topsis.yaml \
    --aggregate topsis --reports summary "${gen_args[@]}"
regcoord_run topsis "$dir/topsis.yaml" 0
python3 "$here/gen_panel.py" "$dir" --regions 3000 --config-only --config-name all.yaml \
    --analysis --reports summary "${gen_args[@]}"
regcoord_run every_analysis "$dir/all.yaml" 1
awk -v a="$r_secs" -v b="${rc_secs[3000]}" 'BEGIN{printf "  every analysis / summary run: %.2fx (goal <= 1.5x)\n", a/b}'
python3 "$here/gen_panel.py" "$dir" --regions 3000 --config-only --config-name full.yaml \
    "${gen_args[@]}"
regcoord_run full_dump "$dir/full.yaml" 0

if [ -x "$build/bench/bench_uncertainty" ]; then
    echo "-- uncertainty analysis (ASEM-shaped index), 1 and 2 threads"
    "$build/bench/bench_uncertainty"
fi
if [ -x "$build/bench/bench_analysis" ]; then
    echo "-- analysis kernels (Dagum, Moran permutations)"
    "$build/bench/bench_analysis"
fi
if [ -x "$build/bench/bench_analysis_plugins" ]; then
    echo "-- spatial analysis plugins (weights for 50,000 regions, Gi* permutations, Markov)"
    "$build/bench/bench_analysis_plugins"
fi
if [ -x "$build/bench/bench_audit" ]; then
    echo "-- statistical audit (bundled example, ASEM)"
    "$build/bench/bench_audit"
fi
