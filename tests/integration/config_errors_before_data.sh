#!/usr/bin/env bash
# tests/integration/config_errors_before_data.sh — every error in a method section of the
# config (the defaults chain, a dimension, a component, an indicator, the index) is reported
# before any data file is read (tracker issue 16, item 1: "every config error comes before
# any data is read"). Each case breaks one method section of a config whose data file does
# not exist: run and validate must both name the config place (file:line:col) with exit 2,
# not the missing file (exit 3).
# usage: config_errors_before_data.sh REGCOORD_BINARY
set -u
bin="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fails=0
cases=0

# base NAME DEFAULTS DIM_EXTRA COMP_EXTRA IND_EXTRA INDEX
base() {
    cat >"$work/$1.yaml" <<YAML
data: [{file: no_such_panel.csv, layout: long}]
defaults: $2
dimensions:
  infra:
    plugin: generic
$3
    components:
      net:
$4
        indicators:
          x: $5
          y: {}
index: $6
reports: [{plugin: csv, path: tables}]
YAML
}

# expect NAME LINE MESSAGE
expect() {
    local name="$1" line="$2" msg="$3"
    cases=$((cases + 1))
    for cmd in run validate; do
        if [ "$cmd" = run ]; then "$bin" run "$work/$name.yaml" -o "$work/out" -q 2>"$work/err"
        else "$bin" validate "$work/$name.yaml" 2>"$work/err"; fi
        local rc=$?
        if [ "$rc" -ne 2 ] || ! grep -q "$name.yaml:$line:[0-9]*: .*$msg" "$work/err"; then
            echo "FAIL $name ($cmd): exit $rc, want 2 and '$name.yaml:$line:C: ...$msg': $(cat "$work/err")"
            fails=$((fails + 1))
        else
            echo "ok $name ($cmd): $(head -c 200 "$work/err")"
        fi
    done
}

ok_def='{normalize: {method: minmax, scope: pooled}, weights: {method: entropy, scope: pooled}}'
ok_idx='{weights: equal, aggregate: arithmetic}'

base defaults_normalize_scope '{normalize: {method: minmax, scope: pooledd}}' "" "" "{}" "$ok_idx"
expect defaults_normalize_scope 2 "unknown scope 'pooledd'"

base defaults_weights_scope '{weights: {method: entropy, scope: per_yer}}' "" "" "{}" "$ok_idx"
expect defaults_weights_scope 2 "per_yer"

base dimension_aggregate "$ok_def" "    aggregate: {method: topsiss}" "" "{}" "$ok_idx"
expect dimension_aggregate 6 "topsiss"

base component_weights "$ok_def" "" "        weights: {method: critc}" "{}" "$ok_idx"
expect component_weights 9 "critc"

base indicator_impute "$ok_def" "" "" "{impute: {method: linearr}}" "$ok_idx"
expect indicator_impute 11 "linearr"

base indicator_normalize_param "$ok_def" "" "" "{normalize: {method: zscore, bogus: 1}}" "$ok_idx"
expect indicator_normalize_param 11 "bogus"

base index_weights "$ok_def" "" "" "{}" '{weights: {method: entropyy}}'
expect index_weights 13 "entropyy"

base index_missing "$ok_def" "" "" "{}" '{missing: {min_coverage: 1.5}}'
expect index_missing 13 "min_coverage"

# and the control: a valid config reports the missing data file (exit 3)
base control "$ok_def" "" "" "{}" "$ok_idx"
"$bin" validate "$work/control.yaml" 2>"$work/err"
rc=$?
if [ "$rc" -ne 3 ] || ! grep -q "no_such_panel.csv" "$work/err"; then
    echo "FAIL control: a valid config should fail on the missing data file with exit 3: exit $rc $(cat "$work/err")"
    fails=$((fails + 1))
fi
echo "checked $cases method sections (run and validate each) and the control"
[ "$cases" -eq 8 ] || { echo "FAIL: expected 8 cases"; exit 1; }
[ "$fails" -eq 0 ]
