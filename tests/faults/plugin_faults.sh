#!/usr/bin/env bash
# tests/faults/plugin_faults.sh — the plugin guard end to end: the toy assessment is run
# once with well-behaved plugins into an output folder, then again with a plugin that
# crashes (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) in score() or report(), hangs past
# plugin_timeout, or writes to the panel or result tables it was lent read-only. Each bad
# run must exit 4 with one line naming the plugin, the dimension or report and what it did,
# and leave the first run's reports byte-identical with no temporary file.
# usage: plugin_faults.sh REGCOORD FAULT_PLUGIN_DIR SHARED_DIR
set -uo pipefail
bin="$1"; plugdir="$2"; shared="$3"
toy="$shared/reference/toy"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fails=0

config() { # dim_fault report_fault timeout -> $work/c.yaml
    cat >"$work/c.yaml" <<YAML
title: plugin guard test
plugin_timeout: $3
regions: {file: $toy/regions.csv, id: region}
data: [{file: $toy/panel_long.csv, layout: long}]
defaults: {normalize: {method: minmax, scope: pooled}, weights: equal}
dimensions:
  INF: {plugin: fault_dim, fault: $1, indicators: {I1: {}, I2: {}}}
  DAT: {plugin: generic, indicators: {I3: {}}}
reports:
  - {plugin: json, path: results.json}
  - {plugin: csv, path: tables}
  - {plugin: fault_report, fault: $2, path: extra.txt}
YAML
}

run() { "$bin" run "$work/c.yaml" -o "$work/out" --plugin-path "$plugdir" -q 2>"$work/err"; }

config none none 60
run || { echo "FAIL: the well-behaved run failed: $(cat "$work/err")"; exit 1; }
[ -s "$work/out/extra.txt" ] && [ -s "$work/out/results.json" ] || { echo "FAIL: first run wrote no reports"; exit 1; }
cp -a "$work/out" "$work/ref"

# case: dim_fault report_fault timeout expected_message
check() {
    local name="$1" msg="$5"
    config "$2" "$3" "$4"
    local t0=$SECONDS
    run
    local rc=$? took=$((SECONDS - t0))
    local ok=1
    [ "$rc" -eq 4 ] || { echo "FAIL $name: exit $rc, want 4"; ok=0; }
    grep -qF -- "$msg" "$work/err" || { echo "FAIL $name: stderr lacks: $msg"; ok=0; }
    [ "$(wc -l <"$work/err")" -eq 1 ] || { echo "FAIL $name: want one line on stderr"; ok=0; }
    diff -r "$work/ref" "$work/out" >/dev/null || { echo "FAIL $name: previous reports changed"; ok=0; }
    local left
    left="$(find "$work/out" -name '*.tmp.*')"
    [ -z "$left" ] || { echo "FAIL $name: temporary files left: $left"; ok=0; }
    [ "$took" -le 10 ] || { echo "FAIL $name: took ${took}s"; ok=0; }
    if [ "$ok" = 1 ]; then echo "ok $name: $(cat "$work/err")"; else
        echo "   stderr: $(cat "$work/err")"; fails=$((fails + 1)); fi
    rm -rf "$work/out"; cp -a "$work/ref" "$work/out"
}

head="plugin 'fault_dim' (dimension 'INF')"
rhead="plugin 'fault_report' (report 3, extra.txt)"
check segv_in_score segv none 60 "$head crashed in its score() callback with SIGSEGV"
check bus_in_score bus none 60 "$head crashed in its score() callback with SIGBUS"
check fpe_in_score fpe none 60 "$head crashed in its score() callback with SIGFPE"
check ill_in_score ill none 60 "$head crashed in its score() callback with SIGILL"
check abrt_in_score abrt none 60 "$head crashed in its score() callback with SIGABRT"
check hang_in_score hang none 1 "$head did not return from its score() callback within 1 s (plugin_timeout)"
check scribble_on_panel scribble none 60 "$head modified the panel it was given read-only"
check segv_in_report none segv 60 "$rhead crashed in its report() callback with SIGSEGV"
check hang_in_report none hang 0.5 "$rhead did not return from its report() callback within 0.5 s (plugin_timeout)"
check scribble_on_results none scribble 60 "$rhead modified the result tables it was given read-only"

# plugin_timeout must be a number of seconds >= 0; 0 means no limit
config none none -1
run; rc=$?
if [ "$rc" -ne 2 ] || ! grep -q "'plugin_timeout' must be a number of seconds" "$work/err"; then
    echo "FAIL negative plugin_timeout: exit $rc: $(cat "$work/err")"; fails=$((fails + 1)); fi
config none none 0
run || { echo "FAIL plugin_timeout 0 (no limit): $(cat "$work/err")"; fails=$((fails + 1)); }
cmp -s "$work/ref/extra.txt" "$work/out/extra.txt" || { echo "FAIL plugin_timeout 0: no report"; fails=$((fails + 1)); }

[ "$fails" -eq 0 ] && echo "all plugin faults handled" || exit 1
