#!/usr/bin/env bash
# tests/compare/compare_test.sh — `regcoord compare` end to end:
# - two sources both named long.csv (in a/ and b/) are two manifest keys (data:a/long.csv,
#   data:b/long.csv), so compare reads the project's own JSON (it refused it before with
#   duplicate object key "data:long.csv");
# - --years A B compares two years of one run; the index moves are explained by the
#   dimensions' contributions, which are checked here by hand (index = mean of d1, d2 with
#   equal weights: the contribution of each is half its score change) and sum to the change;
# - numbers are printed with 3 decimals (or --decimals), never 17 digits.
# usage: compare_test.sh REGCOORD_BINARY
set -u
bin="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
passes=0
ok() { passes=$((passes + 1)); }
fail() { echo "FAIL $1"; failures=$((failures + 1)); }

mkdir -p "$work/a" "$work/b"
printf 'region,year,indicator,value\nA,2020,x,1\nB,2020,x,2\nC,2020,x,3\nA,2021,x,2\nB,2021,x,2.5\nC,2021,x,4\n' >"$work/a/long.csv"
printf 'region,year,indicator,value\nA,2020,y,3\nB,2020,y,1\nC,2020,y,2\nA,2021,y,1\nB,2021,y,2.5\nC,2021,y,3\n' >"$work/b/long.csv"
cat >"$work/c.yaml" <<YAML
data: [{file: a/long.csv, layout: long}, {file: b/long.csv, layout: long}]
dimensions:
  d1: {plugin: generic, indicators: {x: {}}}
  d2: {plugin: generic, indicators: {y: {}}}
reports: [{plugin: json, path: r.json}]
YAML
"$bin" run "$work/c.yaml" -o "$work/out" -q || fail run_two_long_csv
grep -q '"data:a/long.csv"' "$work/out/r.json" && grep -q '"data:b/long.csv"' "$work/out/r.json" && ok || fail manifest_keys_by_relative_path
"$bin" compare "$work/out/r.json" "$work/out/r.json" >"$work/same" 2>"$work/err" && ok || { fail compare_reads_two_long_csv; cat "$work/err"; }
grep -q "index: 0 of 6 region-years moved" "$work/same" && ok || fail compare_same_run_moves_nothing

"$bin" compare "$work/out/r.json" --years 2020 2021 >"$work/years" 2>"$work/err" && ok || { fail compare_years_exit_0; cat "$work/err"; }
grep -q "compared: year 2020 (old) with year 2021 (new)" "$work/years" && ok || fail compare_years_header
grep -q "index: 3 of 3 region-years moved" "$work/years" && ok || fail compare_years_counts_three_regions
# min-max over the pooled panel, scale 100: d1 of B 33.333 -> 50, d2 of B 0 -> 75
grep -qE "^  B +2020->2021 +16\.667 +62\.500 +\+45\.833 " "$work/years" && ok || fail compare_years_index_row_of_B
grep -q "^  B 2020->2021 +45.833 = d1 +8.333 + d2 +37.500$" "$work/years" && ok || fail attribution_of_B_by_hand
grep -q "^  A 2020->2021 -33.333 = d1 +16.667 + d2 -50.000$" "$work/years" && ok || fail attribution_of_A_by_hand
# every attribution line sums to its change (to the printed precision)
n=$(awk '/^why:/{on=1;next} on&&/^$/{on=0} on&&/=/{n++; split($0,p,"="); split(p[1],l," "); c=l[3]; s=0; m=split(p[2],q," "); for(i=2;i<=m;i+=3) s+=q[i]; if ((s-c)>0.0015||(c-s)>0.0015) bad++} END{print n+0, bad+0}' "$work/years")
[ "$n" = "3 0" ] && ok || fail "attribution_lines_sum_to_the_change ($n)"
# precision: no number with more than 3 decimals
if grep -qE '[0-9]\.[0-9]{4,}' "$work/years"; then fail compare_prints_3_decimals; else ok; fi
"$bin" compare "$work/out/r.json" --years 2020 2021 --decimals 1 >"$work/d1"
grep -qE "^  B +2020->2021 +16\.7 +62\.5 +\+45\.8 " "$work/d1" && ok || fail compare_decimals_1
"$bin" compare "$work/out/r.json" --years 2020 >/dev/null 2>&1; [ $? -eq 2 ] && ok || fail years_needs_two
echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
