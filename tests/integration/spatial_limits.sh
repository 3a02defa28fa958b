#!/usr/bin/env bash
# tests/integration/spatial_limits.sh — the spatial analysis's size limits (tracker issue 19,
# goal 5; docs/analysis.md "Size limits"): dense inverse-distance weights (no cutoff) are
# built for at most 4,000 regions, and the permutation tests may visit at most 1e9
# neighbours a year (permutations × links). Beyond them validate and run both refuse at once
# (exit 2, the analysis.spatial section's file:line:col, a message suggesting a cutoff or
# kNN), before scoring and without writing anything; within them validate passes.
# usage: spatial_limits.sh REGCOORD SOURCE_DIR
set -u
bin="$1"; src="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fails=0; cases=0

# panel N: a 2-year, 4-indicator panel of N regions with random coordinates in $work/pN
panel() {
    python3 "$src/tests/bench/gen_panel.py" "$work/p$1" --regions "$1" --years 2 --indicators 4 >/dev/null
    python3 - "$work/p$1" "$1" <<'PY'
import random, sys
d, n = sys.argv[1], int(sys.argv[2])
random.seed(n)
with open(d + "/coords.csv", "w") as f:
    f.write("region,x,y\n")
    for i in range(n):
        f.write("R%05d,%.4f,%.4f\n" % (i, random.uniform(75, 130), random.uniform(20, 50)))
PY
}

# config N NAME SPATIAL [DIM_EXTRA]: the panel's config with coordinates and analysis.spatial
config() {
    python3 - "$work/p$1/assessment.yaml" "$work/p$1/$2.yaml" "$3" "${4:-}" <<'PY'
import sys
s = open(sys.argv[1]).read()
s = s.replace("adjacency: adjacency.csv}", "coordinates: coords.csv}")
if sys.argv[4]:
    s = s.replace("    plugin: generic\n", sys.argv[4] + "\n", 1)
if sys.argv[3]:
    s = s.replace("index: {weights: equal, scale: 100}",
                  "index: {weights: equal, scale: 100}\nanalysis:\n  spatial: " + sys.argv[3])
open(sys.argv[2], "w").write(s)
PY
}

# refused N NAME PATTERN
refused() {
    cases=$((cases + 1))
    local cfg="$work/p$1/$2.yaml" ok=1
    for cmd in validate run; do
        if [ "$cmd" = run ]; then "$bin" run "$cfg" -o "$work/out-$2" -q 2>"$work/err"
        else "$bin" validate "$cfg" 2>"$work/err"; fi
        local rc=$?
        if [ "$rc" -ne 2 ] || ! grep -qE -- "$2.yaml:[0-9]+:[0-9]+: .*$3" "$work/err"; then
            echo "FAIL $2 ($cmd): exit $rc, want 2 and /$3/: $(cat "$work/err")"; ok=0
        fi
    done
    [ -e "$work/out-$2" ] && { echo "FAIL $2: the refused run wrote $work/out-$2"; ok=0; }
    [ "$ok" = 1 ] && echo "ok $2: $(head -c 250 "$work/err")" || fails=$((fails + 1))
}

# passes N NAME: validate accepts it
passes() {
    cases=$((cases + 1))
    if "$bin" validate "$work/p$1/$2.yaml" -q 2>"$work/err"; then echo "ok $2: valid"
    else echo "FAIL $2: validate refused it: $(cat "$work/err")"; fails=$((fails + 1)); fi
}

panel 1100
# 999 × 1100 × 1099 = 1.21e9 visits: refused; 99 permutations (1.2e8) or a cutoff: accepted
config 1100 dense_999 "{weights: distance, moran: {permutations: 999, seed: 1}}"
refused 1100 dense_999 "analysis.spatial: 999 permutations over the 1208900 links of the distance weights \(1100 regions\).*cutoff.*knn"
config 1100 dense_99 "{weights: distance, moran: {permutations: 99, seed: 1}}"
passes 1100 dense_99

panel 4001
# dense weights for 4,001 regions are refused whatever the permutations
config 4001 dense_4001 "{weights: distance, moran: {permutations: 0}}"
refused 4001 dense_4001 "distance weights without a cutoff link every pair of the 4001 regions.*beyond the 4000 regions.*cutoff.*knn"
config 4001 cutoff_4001 "{weights: distance, cutoff: 100, moran: {permutations: 99}}"
passes 4001 cutoff_4001
# the neighbours a dimension's spatial_lag reads: coordinates only, 4,001 regions
config 4001 lag_4001 "" "    plugin: infrastructure
    catalogue: none
    spatial_lag: [x00]"
cases=$((cases + 1))
"$bin" validate "$work/p4001/lag_4001.yaml" 2>"$work/err"; rc=$?
if [ "$rc" -eq 2 ] && grep -q "every pair of the 4001 regions.*give regions.adjacency" "$work/err"; then
    echo "ok lag_4001: $(head -c 250 "$work/err")"
else
    echo "FAIL lag_4001: exit $rc, want 2 naming the dense limit: $(cat "$work/err")"; fails=$((fails + 1))
fi

echo "checked $cases cases"
[ "$cases" -eq 5 ] || { echo "FAIL: expected 5 cases"; exit 1; }
[ "$fails" -eq 0 ]
