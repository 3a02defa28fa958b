#!/usr/bin/env bash
# tests/faults/hostile_outputs.sh — the output folder's boundary and the report set under
# concurrency and hostile paths (tracker issue 15), end to end through the CLI:
#   - pairs of concurrent runs into one folder and one sqlite store (--wait): both runs land
#     in the store, integrity_check is ok, and every report of the folder is from one run
#   - a folder in use without --wait: exit 1 "output folder … in use by pid N"
#   - report paths that leave the folder (../, absolute), are empty, or name one file twice
#     (r.json and ./r.json): exit 2 at validate, nothing written
#   - -o "": a usage error; outputs that would replace an input (config, data file,
#     `baseline cfg.yaml -o cfg.yaml`): refused, the input intact
#   - a symbolic-link folder inside -o: never followed
#   - a folder in the way of one report: exit 1, every previous report intact
#   - FIFOs as baseline:, --baseline, compare input, GeoJSON: refused at once naming the file
#   - a refused run leaves no empty folder; report keys year/language checked at validate
#   - a locked sqlite store is named as such; stale files in the csv folder are listed
# usage: hostile_outputs.sh REGCOORD SHARED_DIR
set -uo pipefail
bin="$1"; shared="$2"
toy="$shared/reference/toy"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fails=0; passes=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
ok() { echo "ok $*"; passes=$((passes + 1)); }

# config TITLE REPORTS... -> stdout
config() {
    local title="$1"; shift
    cat <<YAML
title: $title
regions: {file: $toy/regions.csv, id: region, adjacency: $toy/contiguity.csv}
data: [{file: $toy/panel_long.csv, layout: long}]
defaults: {normalize: {method: minmax, scope: pooled}, weights: {method: entropy, scope: pooled}}
dimensions:
  INF: {plugin: generic, indicators: {I1: {}, I2: {}}}
  DAT: {plugin: generic, indicators: {I3: {}}}
index: {weights: equal, scale: 1}
reports:
YAML
    for r in "$@"; do echo "  - $r"; done
}
STD=("{plugin: json, path: r.json}" "{plugin: markdown, path: r.md}" "{plugin: csv, path: tables}"
     "{plugin: sqlite, path: h.sqlite}")

# expect NAME WANT_RC PATTERN CMD...: runs CMD with a 20 s limit, checks exit code and stderr
expect() {
    local name="$1" want="$2" pat="$3"; shift 3
    timeout 20 "$@" >"$work/stdout" 2>"$work/err"
    local rc=$?
    if [ "$rc" -ne "$want" ]; then fail "$name: exit $rc, want $want: $(head -c 400 "$work/err")"; return 1; fi
    if [ -n "$pat" ] && ! grep -qE -- "$pat" "$work/err" "$work/stdout"; then fail "$name: output lacks /$pat/: $(head -c 400 "$work/err")"; return 1; fi
    ok "$name: $(head -c 200 "$work/err" | tr '\n' ' ')"
}

sums() { (cd "$1" && find . -type f ! -name '.regcoord.lock' | LC_ALL=C sort | xargs -r sha256sum); }

# ---------------------------------------------------------------- concurrency
out="$work/shared_out"
pairs=4
for i in $(seq 1 $pairs); do
    config "A$i" "${STD[@]}" >"$work/a$i.yaml"
    config "B$i" "${STD[@]}" >"$work/b$i.yaml"
done
bad_pairs=0
for i in $(seq 1 $pairs); do
    "$bin" run "$work/a$i.yaml" -o "$out" -q --wait 60 2>"$work/ea" &
    pa=$!
    "$bin" run "$work/b$i.yaml" -o "$out" -q --wait 60 2>"$work/eb"
    rb=$?
    wait "$pa"; ra=$?
    [ "$ra" -eq 0 ] && [ "$rb" -eq 0 ] || { fail "pair $i: exits $ra/$rb: $(cat "$work/ea" "$work/eb")"; bad_pairs=$((bad_pairs + 1)); continue; }
    n=$(sqlite3 "$out/h.sqlite" "SELECT COUNT(*) FROM runs WHERE title IN ('A$i', 'B$i')")
    integ=$(sqlite3 "$out/h.sqlite" "PRAGMA integrity_check")
    total=$(sqlite3 "$out/h.sqlite" "SELECT COUNT(*) FROM runs")
    [ "$n" = 2 ] && [ "$integ" = ok ] && [ "$total" = $((2 * i)) ] || { fail "pair $i: store holds $n of the pair's runs ($total in all), integrity $integ"; bad_pairs=$((bad_pairs + 1)); }
    # one consistent set: every report names the same one of the pair
    t_json=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['manifest']['title'])" "$out/r.json")
    t_md=$(head -1 "$out/r.md" | sed 's/^# \(.*\) — .*/\1/')
    t_csv=$(grep '^title,' "$out/tables/manifest.csv" | cut -d, -f2)
    [ "$t_json" = "$t_md" ] && [ "$t_json" = "$t_csv" ] && case "$t_json" in A$i|B$i) true ;; *) false ;; esac ||
        { fail "pair $i: mixed report set: json $t_json, md $t_md, csv $t_csv"; bad_pairs=$((bad_pairs + 1)); }
done
[ -z "$(find "$out" -name '*.tmp.*' -o -name '.regcoord.*')" ] || fail "concurrency: files left: $(find "$out" -name '*.tmp.*' -o -name '.regcoord.*')"
[ "$bad_pairs" -eq 0 ] && ok "concurrent_pairs_land_both_runs_in_the_store_and_leave_one_report_set: $pairs pairs, $(sqlite3 "$out/h.sqlite" 'SELECT COUNT(*) FROM runs') runs stored"

# a folder in use, without and with a too short --wait
echo $$ >"$out/.regcoord.lock"
flock "$out/.regcoord.lock" sleep 4 &
holder=$!
sleep 0.3
expect busy_folder_without_wait_exits_1_naming_the_pid 1 "output folder .* in use by pid $$" \
    "$bin" run "$work/a1.yaml" -o "$out" -q
expect busy_folder_with_short_wait_says_what_it_waits_for 1 "waiting for the output folder .*in use by pid $$" \
    "$bin" run "$work/a1.yaml" -o "$out" --wait 0.5
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
rm -f "$out/.regcoord.lock"
expect wait_is_checked 2 "--wait needs a number" "$bin" run "$work/a1.yaml" -o "$out" --wait soon

# ---------------------------------------------------------------- report paths
mkdir -p "$work/p/out"
echo precious >"$work/p/victim.txt"
echo precious >"$work/victim2.txt"
for case in "escape_one_level|../victim.txt" "escape_two_levels|../../victim2.txt" \
            "escape_after_a_folder|sub/../../victim.txt" "absolute|$work/p/abs.json" "empty|''"; do
    name="${case%%|*}"; path="${case#*|}"
    config t "{plugin: json, path: $path}" >"$work/p/c.yaml"
    expect "report_path_${name}_is_refused_at_validate" 2 "c.yaml:[0-9]+:[0-9]+: report 1: 'path'" \
        "$bin" validate "$work/p/c.yaml"
    expect "report_path_${name}_is_refused_by_run" 2 "c.yaml:[0-9]+:[0-9]+: report 1: 'path'" \
        "$bin" run "$work/p/c.yaml" -o "$work/p/out" -q
done
[ "$(cat "$work/p/victim.txt")$(cat "$work/victim2.txt")" = preciousprecious ] && [ ! -e "$work/p/abs.json" ] &&
    ok "no_file_outside_the_output_folder_was_touched" || fail "a file outside -o was written"
for dup in "./r.json" "sub/../r.json" "r.json/" ; do
    config t "{plugin: json, path: r.json}" "{plugin: markdown, path: $dup}" >"$work/p/c.yaml"
    expect "two_reports_on_one_file_${dup//\//_}_is_an_error_at_validate" 2 "report 2 writes 'r.json', the same file as report 1" \
        "$bin" validate "$work/p/c.yaml"
done
config t "${STD[0]}" >"$work/p/c.yaml"
expect empty_output_folder_is_a_usage_error 2 "-o needs a folder name" "$bin" run "$work/p/c.yaml" -o "" -q
expect empty_baseline_file_is_a_usage_error 2 "-o needs a file name" "$bin" baseline "$work/p/c.yaml" -o ""
[ -z "$(ls -A "$work/p/out")" ] && ok "refused_paths_wrote_nothing" || fail "refused paths wrote: $(ls -A "$work/p/out")"

# outputs onto inputs
mkdir -p "$work/in"
cp "$toy/panel_long.csv" "$toy/regions.csv" "$work/in/"
cat >"$work/in/cfg.yaml" <<YAML
title: inputs
regions: {file: regions.csv, id: region}
data: [{file: panel_long.csv, layout: long}]
defaults: {normalize: {method: minmax, scope: pooled}, weights: equal}
dimensions: {INF: {plugin: generic, indicators: {I1: {}, I2: {}}}}
reports:
  - {plugin: json, path: r.json}
  - {plugin: markdown, path: REPLACE}
YAML
for target in c2.yaml panel_long.csv regions.csv; do   # c2.yaml is the run's own config
    sed "s/REPLACE/$target/" "$work/in/cfg.yaml" >"$work/in/c2.yaml"
    before="$(sums "$work/in")"
    expect "report_over_input_${target}_is_refused" 2 "an input of this run" \
        "$bin" run "$work/in/c2.yaml" -o "$work/in" -q
    [ "$(sums "$work/in")" = "$before" ] || fail "report over $target: an input changed"
    rm -f "$work/in/c2.yaml"
done
before="$(sums "$work/in")"
expect baseline_over_its_own_config_is_refused 2 "an input of this run" \
    "$bin" baseline "$work/in/cfg.yaml" -o "$work/in/cfg.yaml" -q
[ "$(sums "$work/in")" = "$before" ] && ok "inputs_are_byte_identical_after_the_refusals" || fail "an input changed"

# a symbolic-link folder inside -o
mkdir -p "$work/sym/out" "$work/sym/elsewhere"
ln -s "$work/sym/elsewhere" "$work/sym/out/link"
config t "{plugin: json, path: link/r.json}" >"$work/sym/c.yaml"
expect symlinked_folder_is_not_followed 1 "is a symbolic link" "$bin" run "$work/sym/c.yaml" -o "$work/sym/out" -q
[ -z "$(ls -A "$work/sym/elsewhere")" ] && ok "nothing_was_written_through_the_link" || fail "written through the link: $(ls -A "$work/sym/elsewhere")"

# a folder in the way of one report: every previous report intact
out="$work/way"
config t "${STD[@]}" >"$work/way.yaml"
"$bin" run "$work/way.yaml" -o "$out" -q 2>"$work/err" || fail "way: first run: $(cat "$work/err")"
rm "$out/r.md"; mkdir "$out/r.md"
ref="$(sums "$out")"
expect folder_in_the_way_of_one_report_fails 1 "r.md.*a folder is in the way" "$bin" run "$work/way.yaml" -o "$out" -q
[ "$(sums "$out")" = "$ref" ] && [ -z "$(find "$out" -name '*.tmp.*')" ] && ok "folder_in_the_way_leaves_every_previous_report_intact" || fail "folder in the way: the set changed"

# ---------------------------------------------------------------- FIFOs and other non-files
mkfifo "$work/fifo"
config t "${STD[0]}" >"$work/f.yaml"
echo "baseline: $work/fifo" >>"$work/f.yaml"
expect fifo_as_config_baseline_is_refused_at_once 2 "baseline $work/fifo: not a regular file \(a FIFO\)" \
    "$bin" run "$work/f.yaml" -o "$work/fo" -q
config t "${STD[0]}" >"$work/f.yaml"
expect fifo_as_baseline_option_is_refused_at_once 2 "baseline $work/fifo: not a regular file \(a FIFO\)" \
    "$bin" run "$work/f.yaml" -o "$work/fo" --baseline "$work/fifo" -q
expect folder_as_baseline_option_is_refused_at_once 2 "baseline $work: not a regular file \(a folder\)" \
    "$bin" run "$work/f.yaml" -o "$work/fo" --baseline "$work" -q
"$bin" run "$work/f.yaml" -o "$work/fo" -q 2>/dev/null
expect fifo_as_compare_input_is_refused_at_once 2 "$work/fifo: not a regular file \(a FIFO\)" \
    "$bin" compare "$work/fifo" "$work/fo/r.json"
expect device_as_compare_input_is_refused_at_once 2 "/dev/zero: not a regular file \(a character device\)" \
    "$bin" compare "$work/fo/r.json" /dev/zero
expect fifo_as_store_is_refused_at_once 2 "history store $work/fifo: not a regular file" \
    "$bin" compare "$work/fifo#abc" "$work/fo/r.json"
config t "{plugin: html, path: r.html, geojson: $work/fifo}" >"$work/g.yaml"
expect fifo_as_geojson_is_refused_at_validate 2 "GeoJSON file $work/fifo: not a regular file \(a FIFO\)" \
    "$bin" validate "$work/g.yaml"

# ---------------------------------------------------------------- tampered compare and baseline inputs
# each tampering of a good result set: python expression on d (the JSON), then the message
good="$work/fo/r.json"
tamper() { # NAME PYTHON PATTERN
    python3 - "$good" "$work/t.json" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"))
PY
    expect "compare_refuses_$1" 2 "$3" "$bin" compare "$good" "$work/t.json"
}
T="$work/t.json: tables"
tamper short_row "d['tables']['index']['rows'][3] = d['tables']['index']['rows'][3][:2]" \
    "$T.index.rows\[3\]: the row has 2 cells, the table has [0-9]+ columns"
tamper null_region "d['tables']['index']['rows'][0][0] = None" \
    "$T.index.rows\[0\], column 'region': text expected, found null"
tamper text_value "d['tables']['scores']['rows'][4][3] = '0.5'" \
    "$T.scores.rows\[4\], column 'score': a number or null expected, found text"
tamper text_rank "d['tables']['index']['rows'][1][3] = 'first'" \
    "$T.index.rows\[1\], column 'rank': a rank \(an integer\) or null expected, found text"
tamper row_not_a_list "d['tables']['weights']['rows'][0] = {'level': 'x'}" \
    "$T.weights.rows\[0\]: a row must be a list of cells, found an object"
tamper bad_year "d['tables']['index']['rows'][2][1] = 'twenty'" \
    "$T.index.rows\[2\], column 'year': a year \(an integer\) expected, found text"
expect compare_still_accepts_the_untampered_file 0 "index: 0 of" "$bin" compare "$good" "$good"
"$bin" baseline "$work/f.yaml" -o "$work/bl.yaml" -q 2>/dev/null
sed 's/^    max: \(.*\)/    max: \1\n    mx: 1/' "$work/bl.yaml" >"$work/bl_bad.yaml"
expect baseline_with_an_unknown_indicator_key_is_refused 2 "baseline: $work/bl_bad.yaml:[0-9]+:[0-9]+: unknown key 'mx' in an indicator entry" \
    "$bin" run "$work/f.yaml" -o "$work/fo" --baseline "$work/bl_bad.yaml" -q
sed 's/^not_frozen:/not_frozn:/' "$work/bl.yaml" >"$work/bl_bad.yaml"
expect baseline_with_an_unknown_top_key_is_refused 2 "unknown key 'not_frozn' in the baseline; did you mean 'not_frozen'" \
    "$bin" run "$work/f.yaml" -o "$work/fo" --baseline "$work/bl_bad.yaml" -q
expect baseline_as_written_is_accepted 0 "" "$bin" run "$work/f.yaml" -o "$work/fo" --baseline "$work/bl.yaml" -q

# ---------------------------------------------------------------- refusals leave no folder
config t "{plugin: json, path: ../x.json}" >"$work/bad.yaml"
"$bin" run "$work/bad.yaml" -o "$work/new1/new2" -q 2>/dev/null
[ ! -e "$work/new1" ] && ok "a_refused_config_leaves_no_folder" || fail "a refused config left $work/new1"
config t "{plugin: csv, path: sub/tables, tables: [no_such_table]}" >"$work/bad.yaml"
expect a_report_failing_at_report_time_is_an_error 4 "no_such_table" "$bin" run "$work/bad.yaml" -o "$work/new3/new4" -q
[ ! -e "$work/new3" ] && ok "a_run_failing_at_report_time_leaves_no_folder" || fail "a failed run left $(find "$work/new3")"

# ---------------------------------------------------------------- report keys
for k in "year: 1999|'year' 1999 is not a year of the results, which hold 2020-2022" \
         "year: 0|'year' 0 is not a year" "language: fr|'language' must be en or zh, not 'fr'"; do
    key="${k%%|*}"; pat="${k#*|}"
    config t "{plugin: markdown, path: r.md, $key}" >"$work/k.yaml"
    expect "report_key_${key//[: ]/_}_is_a_config_error_at_validate" 2 "k.yaml:[0-9]+:[0-9]+: report 1 \(r.md\): $pat" \
        "$bin" validate "$work/k.yaml"
done

# ---------------------------------------------------------------- messages
# (the sqlite reporter's failures to write the store return RC_EIO: exit 1, an I/O error)
out="$work/lock"
config t "{plugin: sqlite, path: h.sqlite, busy_timeout: 0.3}" >"$work/l.yaml"
"$bin" run "$work/l.yaml" -o "$out" -q 2>"$work/err" || fail "lock: first run: $(cat "$work/err")"
python3 - "$out/h.sqlite" <<'PY' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
time.sleep(3)
PY
locker=$!
sleep 0.8
config t2 "{plugin: sqlite, path: h.sqlite, busy_timeout: 0.3}" >"$work/l.yaml"
expect locked_store_is_named_as_such 1 "the store is locked by another process \(waited 0.3 s" \
    "$bin" run "$work/l.yaml" -o "$out" -q
grep -q "is it a SQLite" "$work/err" && fail "locked store: the message guesses at the cause"
wait "$locker"
[ "$(sqlite3 "$out/h.sqlite" 'PRAGMA integrity_check')" = ok ] && [ "$(sqlite3 "$out/h.sqlite" 'SELECT COUNT(*) FROM runs')" = 1 ] &&
    ok "the_locked_store_kept_its_one_run" || fail "the locked store changed"
printf 'not a database\n' >"$work/notdb.sqlite"
mkdir -p "$work/nd"; cp "$work/notdb.sqlite" "$work/nd/h.sqlite"
config t "{plugin: sqlite, path: h.sqlite}" >"$work/nd.yaml"
expect a_file_that_is_not_a_store_is_named_as_such 1 "the file is not a SQLite database" "$bin" run "$work/nd.yaml" -o "$work/nd" -q
cmp -s "$work/notdb.sqlite" "$work/nd/h.sqlite" && ok "the_file_that_is_not_a_store_is_untouched" || fail "the non-store file changed"
out="$work/stale"
config t "{plugin: csv, path: tables}" >"$work/s.yaml"
"$bin" run "$work/s.yaml" -o "$out" -q 2>/dev/null
echo old >"$out/tables/old_analysis.csv"
expect stale_files_in_the_csv_folder_are_listed 0 "report 1 \(tables\): 1 file in that folder was not written by this run.*old_analysis.csv" \
    "$bin" run "$work/s.yaml" -o "$out"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
