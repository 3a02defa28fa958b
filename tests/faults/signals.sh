#!/usr/bin/env bash
# tests/faults/signals.sh — SIGINT, SIGTERM and SIGHUP in each phase of a run stop it
# cleanly: exit 130, 143, 129, one line naming the signal, the previous reports (json, csv,
# sqlite store, a plugin's file) byte-identical, no temporary file, no lock file, and the
# next run succeeds. Phases: waiting for the output folder's lock, scoring (a dimension
# plugin that spins), the uncertainty analysis, report writing (a reporter that spins after
# beginning its file, while the other reports' temporary files exist). Then SIGKILL at
# several moments while a run writes a sqlite store of the benchmark panel: the store's
# integrity_check stays ok and each run is wholly present or absent. (A stop during the
# final renames waits for them: test_commit `a_stop_during_the_commit_waits_for_it`.)
# usage: signals.sh REGCOORD FAULT_PLUGIN_DIR SHARED_DIR SOURCE_DIR
set -uo pipefail
set -m   # job control: background runs keep SIGINT (a script's background jobs ignore it otherwise)
bin="$1"; plugdir="$2"; shared="$3"; src="$4"
toy="$shared/reference/toy"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fails=0; passes=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

config() { # dim_fault report_fault [analysis yaml]
    cat <<YAML
title: signals
plugin_timeout: 0
regions: {file: $toy/regions.csv, id: region}
data: [{file: $toy/panel_long.csv, layout: long}]
defaults: {normalize: {method: minmax, scope: pooled}, weights: equal}
dimensions:
  INF: {plugin: fault_dim, fault: $1, indicators: {I1: {}, I2: {}}}
  DAT: {plugin: generic, indicators: {I3: {}}}
${3:-}
reports:
  - {plugin: json, path: results.json}
  - {plugin: csv, path: tables}
  - {plugin: sqlite, path: h.sqlite}
  - {plugin: fault_report, fault: $2, path: extra.txt}
YAML
}

out="$work/out"
config none none >"$work/good.yaml"
"$bin" run "$work/good.yaml" -o "$out" --plugin-path "$plugdir" -q 2>"$work/err" ||
    { echo "FAIL: the well-behaved run failed: $(cat "$work/err")"; exit 1; }
# the reports' bytes; the sqlite store by its content (SQLite may keep -wal/-shm files beside
# it, which hold no committed change of a stopped run)
sums() {
    (cd "$1" && find . -type f ! -name 'h.sqlite*' | LC_ALL=C sort | xargs -r sha256sum)
    [ -e "$1/h.sqlite" ] && sqlite3 "$1/h.sqlite" .dump | sha256sum
}
ref="$(sums "$out")"

# stop NAME CONFIG SIGNAL WANT_RC READY [EXTRA ARGS]: starts the run, waits until READY (a
# shell test) holds or 5 s passed, sends the signal, checks the outcome
stop() {
    local name="$1" cfg="$2" sig="$3" want="$4" ready="$5"; shift 5
    "$bin" run "$cfg" -o "$out" --plugin-path "$plugdir" -q "$@" 2>"$work/err" &
    local pid=$! i
    for i in $(seq 1 250); do eval "$ready" && break; sleep 0.02; done
    local seen_tmp
    seen_tmp="$(find "$out" -name '*.tmp.*' | wc -l)"
    kill "-$sig" "$pid"
    local t0=$SECONDS
    wait "$pid"
    local rc=$? ok=1
    [ "$rc" -eq "$want" ] || { fail "$name: exit $rc, want $want: $(cat "$work/err")"; ok=0; }
    grep -q "stopped by SIG$sig" "$work/err" || { fail "$name: stderr lacks 'stopped by SIG$sig': $(cat "$work/err")"; ok=0; }
    [ $((SECONDS - t0)) -le 3 ] || { fail "$name: took $((SECONDS - t0)) s to stop"; ok=0; }
    [ "$(sums "$out")" = "$ref" ] || { fail "$name: the previous reports changed"; ok=0; }
    [ -z "$(find "$out" -name '*.tmp.*' -o -name '.regcoord.*')" ] || { fail "$name: left $(find "$out" -name '*.tmp.*' -o -name '.regcoord.*')"; ok=0; }
    [ "$(sqlite3 "$out/h.sqlite" 'PRAGMA integrity_check')" = ok ] || { fail "$name: the store is damaged"; ok=0; }
    [ "$ok" = 1 ] && { echo "ok $name: $seen_tmp temporary file(s) when stopped: $(cat "$work/err")"; passes=$((passes + 1)); }
}

config hang none >"$work/score.yaml"
config none hang >"$work/report.yaml"
config none none "analysis: {uncertainty: {runs: 5000000, threads: 2, weights: {noise: 0.2}}}" >"$work/ua.yaml"
n_tmp() { [ "$(find "$out" -name '*.tmp.*' | wc -l)" -ge "$1" ]; }
for s in "INT 130" "TERM 143" "HUP 129"; do
    sig="${s% *}"; want="${s#* }"
    stop "sig${sig}_while_scoring" "$work/score.yaml" "$sig" "$want" "sleep 0.3; true"
    stop "sig${sig}_in_the_uncertainty_analysis" "$work/ua.yaml" "$sig" "$want" "sleep 0.5; true"
    # the json and csv reports' temporary files, and the plugin's own, exist when stopped
    stop "sig${sig}_while_writing_reports" "$work/report.yaml" "$sig" "$want" "n_tmp 3"
done
# waiting for another run's lock
echo $$ >"$out/.regcoord.lock"
flock "$out/.regcoord.lock" sleep 5 &
holder=$!
sleep 0.2
ref_locked="$(sums "$out")"
saved_ref="$ref"; ref="$ref_locked"
"$bin" run "$work/good.yaml" -o "$out" --plugin-path "$plugdir" -q --wait 30 2>"$work/err" &
pid=$!
sleep 0.5
kill -TERM "$pid"; wait "$pid"; rc=$?
[ "$rc" -eq 143 ] && grep -q "stopped by SIGTERM" "$work/err" && [ "$(sums "$out")" = "$ref_locked" ] &&
    { echo "ok sigTERM_while_waiting_for_the_lock: $(cat "$work/err")"; passes=$((passes + 1)); } ||
    fail "sigTERM_while_waiting_for_the_lock: exit $rc: $(cat "$work/err")"
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
rm -f "$out/.regcoord.lock"
ref="$saved_ref"
# the next run succeeds with the same reports
"$bin" run "$work/good.yaml" -o "$out" --plugin-path "$plugdir" -q 2>"$work/err" &&
    [ "$(sums "$out")" = "$ref" ] && { echo "ok the_run_after_the_stops_succeeds_with_identical_reports"; passes=$((passes + 1)); } ||
    fail "the run after the stops: $(cat "$work/err")"

# SIGKILL at several moments while a sqlite store of the benchmark panel is written
bench="$work/bench"
python3 "$src/tests/bench/gen_panel.py" "$bench" --regions 150 --years 6 >/dev/null
echo "  - {plugin: sqlite, path: h.sqlite}" >>"$bench/assessment.yaml"
"$bin" run "$bench/assessment.yaml" -o "$bench/out" -q 2>"$work/err" || fail "bench first run: $(cat "$work/err")"
kills=0; present=0; absent=0
# the store's -wal file appears when the run begins writing the store; it is gone again
# after every check below (sqlite3 checkpoints when it closes)
for delay in 0 0.02 0.05 0.1 0.2 0.3 0.5 0.8; do
    sed "s/^title: .*/title: killed after $delay s/" "$bench/assessment.yaml" >"$bench/k.yaml"
    "$bin" run "$bench/k.yaml" -o "$bench/out" -q 2>/dev/null &
    pid=$!
    for _ in $(seq 1 1000); do [ -e "$bench/out/h.sqlite-wal" ] && break; sleep 0.005; done
    sleep "$delay"
    kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    integ=$(sqlite3 "$bench/out/h.sqlite" "PRAGMA integrity_check")
    # every run recorded has its scores table complete (n_rows as recorded)
    partial=$(sqlite3 "$bench/out/h.sqlite" "SELECT COUNT(*) FROM run_tables rt WHERE table_name = 'scores' AND n_rows != (SELECT COUNT(*) FROM t_scores s WHERE s.run_id = rt.run_id)")
    n=$(sqlite3 "$bench/out/h.sqlite" "SELECT COUNT(*) FROM runs WHERE title = 'killed after $delay s'")
    [ "$integ" = ok ] && [ "$partial" = 0 ] || fail "sigkill $delay s into the store write: integrity $integ, $partial partial runs"
    kills=$((kills + 1))
    if [ "$n" = 1 ]; then present=$((present + 1)); else absent=$((absent + 1)); fi
    echo "   killed $delay s into the store write: integrity $integ, the run is $([ "$n" = 1 ] && echo present || echo absent)"
done
"$bin" run "$bench/k.yaml" -o "$bench/out" -q 2>"$work/err" || fail "bench run after the kills: $(cat "$work/err")"
[ -z "$(find "$bench/out" -name '*.tmp.*')" ] || fail "bench: temporary files left after the next run"
[ "$(sqlite3 "$bench/out/h.sqlite" "SELECT COUNT(*) FROM runs WHERE title = 'killed after 0.8 s'")" = 1 ] &&
    { echo "ok sigkill_during_the_store_write_leaves_it_whole: $kills kills ($absent runs absent, $present present), integrity ok, no partial run, the next run landed"; passes=$((passes + 1)); } ||
    fail "the run after the kills is not in the store"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
