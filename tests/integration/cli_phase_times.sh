#!/usr/bin/env bash
# tests/integration/cli_phase_times.sh — `regcoord run -v` ends with the wall time of every
# phase: load, score, index, tables, one line per analysis (built-in, uncertainty and
# plugin), manifest, lock, one line per report, commit, free, a total, and the plugin
# guard's checksums (time inside those phases); without -v it
# prints none. Checks the phase NAMES only (the times depend on the machine).
# usage: cli_phase_times.sh REGCOORD_BINARY
set -u
bin="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
checked=0
printf 'region,zone\nA,East\nB,West\nC,West\nD,East\n' >"$work/regions.csv"
{
    echo "region,year,indicator,value"
    for y in 2020 2021 2022; do
        for r in A B C D; do
            for x in x1 x2; do echo "$r,$y,$x,$(( (y - 2000) * ${#r} + ${#x} + $(printf '%d' "'$r") % 7 ))"; done
        done
    done
} >"$work/panel.csv"
cat >"$work/run.yaml" <<YAML
regions: {file: regions.csv, groups: [zone]}
data: [{file: panel.csv, layout: long}]
dimensions:
  d1: {plugin: generic, indicators: {x1: {}}}
  d2: {plugin: generic, indicators: {x2: {}}}
analysis:
  coupling: {}
  disparity: {by: zone, measures: [cv]}
  uncertainty: {runs: 20}
  index_trend: {}
reports:
  - {plugin: csv, path: tables}
  - {plugin: json, path: results.json}
YAML
phases=("load" "score" "index" "tables" "analysis coupling" "analysis disparity"
        "analysis uncertainty" "analysis index_trend" "manifest" "lock"
        "report 1 csv (tables)" "report 2 json (results.json)" "commit" "free" "total"
        "guard checksums")
"$bin" run "$work/run.yaml" -o "$work/out" -v >"$work/stdout" 2>"$work/err"
rc=$?
if [ "$rc" -ne 0 ]; then
    echo "FAIL verbose_run_exits_0: exit $rc"; sed 's/^/  | /' "$work/err" | head -20
    exit 1
fi
grep -q '^regcoord: time per phase' "$work/err" || { echo "FAIL verbose_run_prints_phase_header"; failures=$((failures + 1)); }
for p in "${phases[@]}"; do
    checked=$((checked + 1))
    # "  <name>   <seconds> s" — the name, then a number of seconds
    if ! grep -qE "^  $(printf '%s' "$p" | sed 's/[().]/\\&/g') +[0-9]+\.[0-9]{3} s" "$work/err"; then
        echo "FAIL verbose_run_lists_phase '$p':"; sed 's/^/  | /' "$work/err" | tail -25
        failures=$((failures + 1))
    fi
done
# every timed line is one of the expected phases, none twice (no phase left out of the list)
lines=$(sed -n '/^regcoord: time per phase/,$p' "$work/err" | grep -cE '^  .* [0-9]+\.[0-9]{3} s')
if [ "$lines" -ne "${#phases[@]}" ]; then
    echo "FAIL verbose_run_lists_each_phase_once: $lines timed lines, want ${#phases[@]}"
    failures=$((failures + 1))
fi
"$bin" run "$work/run.yaml" -o "$work/out2" >"$work/stdout" 2>"$work/err2"
if grep -q 'time per phase' "$work/err2"; then
    echo "FAIL default_run_prints_no_phase_times"; failures=$((failures + 1))
fi
echo "$checked phase names checked, $failures failure(s)"
[ "$failures" -eq 0 ]
