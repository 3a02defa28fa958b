#!/usr/bin/env bash
# tests/integration/cli_test.sh — the regcoord CLI end to end: documented exit codes
# (0, 2 usage/config, 3 data, 4 plugin), error messages naming file:line:col or file:line,
# the bundled example run twice giving byte-identical reports, validate and plugins.
# usage: cli_test.sh REGCOORD_BINARY SHARED_DIR
set -u
bin="$1"
shared="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
passes=0

check() { # name, expected exit code, then the command
    local name="$1" want="$2"
    shift 2
    "$@" >"$work/out" 2>"$work/err"
    local got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL $name: exit $got, want $want"; sed 's/^/  | /' "$work/err" | head -20
        failures=$((failures + 1))
    else
        passes=$((passes + 1))
    fi
}
expect_text() { # name, file, fixed string
    if ! grep -qF -- "$3" "$2"; then
        echo "FAIL $1: '$3' not in output:"; sed 's/^/  | /' "$2" | head -20
        failures=$((failures + 1))
    else
        passes=$((passes + 1))
    fi
}

check version_exits_0 0 "$bin" --version
expect_text version_prints_version "$work/out" "regcoord "
check no_arguments_is_usage_error 2 "$bin"
check unknown_command_is_usage_error 2 "$bin" frobnicate
check unknown_option_is_usage_error 2 "$bin" run --frobnicate
check run_help_exits_0 0 "$bin" run --help
expect_text run_help_mentions_output_folder "$work/out" "-o DIR"
check missing_config_is_config_error 2 "$bin" run "$work/nope.yaml"

cat >"$work/regions.csv" <<CSV
region,zone
A,East
B,West
C,West
CSV
cat >"$work/panel.csv" <<CSV
region,year,indicator,value
A,2020,x,1
B,2020,x,2
C,2020,x,3
A,2021,x,2
B,2021,x,2.5
C,2021,x,4
CSV
base() {
    cat <<YAML
regions: {file: regions.csv, groups: [zone]}
data: [{file: $1, layout: long}]
dimensions:
  d1: {plugin: $2, indicators: {x: {}}}
reports: [{plugin: csv, path: tables}]
YAML
}
base panel.csv generic >"$work/ok.yaml"
check small_config_runs 0 "$bin" run "$work/ok.yaml" -o "$work/ok-out" -q
[ -f "$work/ok-out/tables/scores.csv" ] && passes=$((passes + 1)) || { echo "FAIL small_config_writes_scores_csv"; failures=$((failures + 1)); }

# a run with no reports: says that it wrote nothing (even under -q), and writes nothing
base panel.csv generic | sed '/^reports:/d' >"$work/noreports.yaml"
check run_without_reports_exits_0 0 "$bin" run "$work/noreports.yaml" -o "$work/nr-out" -q
expect_text run_without_reports_says_it_wrote_nothing "$work/err" "so the run wrote nothing"
[ ! -e "$work/nr-out" ] || [ -z "$(ls -A "$work/nr-out")" ] && passes=$((passes + 1)) || { echo "FAIL run_without_reports_writes_nothing"; failures=$((failures + 1)); }

# inf never reaches a table: scores near 1e299 times index.scale 1e300 overflow
base panel.csv generic | sed 's/^dimensions:$/defaults: {normalize: {method: minmax, range: [0, 1e299]}}\nindex: {scale: 1e300}\ndimensions:/' >"$work/inf.yaml"
check overflow_to_infinity_is_a_data_error 3 "$bin" run "$work/inf.yaml" -o "$work/inf-out"
expect_text overflow_error_names_table_and_row "$work/err" "table 'scores', column 'score'"
[ ! -e "$work/inf-out/tables" ] && passes=$((passes + 1)) || { echo "FAIL overflow_writes_nothing"; failures=$((failures + 1)); }

base panel.csv generic | sed 's/indicators:/indicatorz:/' >"$work/typo.yaml"
check unknown_key_is_config_error 2 "$bin" validate "$work/typo.yaml"
expect_text unknown_key_names_file_line_col_and_suggests "$work/err" "typo.yaml:4:"
expect_text unknown_key_suggests_nearest "$work/err" "did you mean 'indicators'"

base panel.csv generic | sed 's/^dimensions:$/defaults: {weights: entropie}\ndimensions:/' >"$work/badmethod.yaml"
check validate_rejects_unknown_method 2 "$bin" validate "$work/badmethod.yaml"
expect_text unknown_method_lists_valid_ones "$work/err" "valid: equal, explicit, entropy"
expect_text unknown_method_names_position "$work/err" "badmethod.yaml:3:21:"

sed 's/^B,2021,x,2.5$/B,2021,x,abc/' "$work/panel.csv" >"$work/bad.csv"
base bad.csv generic >"$work/baddata.yaml"
check non_numeric_value_is_data_error 3 "$bin" run "$work/baddata.yaml" -o "$work/bad-out"
expect_text data_error_names_file_and_line "$work/err" "bad.csv:6"
[ ! -e "$work/bad-out/tables/scores.csv" ] && passes=$((passes + 1)) || { echo "FAIL data_error_writes_nothing"; failures=$((failures + 1)); }

base panel.csv generik >"$work/badplugin.yaml"
check unknown_plugin_is_plugin_error 4 "$bin" run "$work/badplugin.yaml" -o "$work/bp-out"

# compare reads a sqlite history store's runs exactly as it reads the json reports
base panel.csv generic | sed 's|^reports: .*|reports: [{plugin: sqlite, path: h.sqlite}, {plugin: json, path: r.json}]|' >"$work/h1.yaml"
sed 's/^C,2021,x,4$/C,2021,x,1/' "$work/panel.csv" >"$work/panel2.csv"
base panel2.csv generic | sed 's|^reports: .*|reports: [{plugin: sqlite, path: h.sqlite}, {plugin: json, path: r2.json}]|' >"$work/h2.yaml"
check history_run_1 0 "$bin" run "$work/h1.yaml" -o "$work/hist" -q
check history_run_2 0 "$bin" run "$work/h2.yaml" -o "$work/hist" -q
if command -v sqlite3 >/dev/null; then
    ids=$(sqlite3 "$work/hist/h.sqlite" "SELECT run_id FROM runs ORDER BY created_seq")
    check compare_store_runs 0 "$bin" compare "$work/hist/h.sqlite#$(echo "$ids" | head -1)" "$work/hist/h.sqlite#$(echo "$ids" | tail -1)"
    grep -v "old: \|new: \|^    old\|^    new" "$work/out" | grep -v "config" >"$work/cmp_store"
    check compare_json_runs 0 "$bin" compare "$work/hist/r.json" "$work/hist/r2.json"
    grep -v "old: \|new: \|^    old\|^    new" "$work/out" | grep -v "config" >"$work/cmp_json"
    if diff "$work/cmp_store" "$work/cmp_json" >"$work/diff"; then passes=$((passes + 1)); else
        echo "FAIL compare_of_store_runs_equals_compare_of_json_reports"; cat "$work/diff"; failures=$((failures + 1)); fi
    expect_text compare_reports_the_changed_region "$work/cmp_json" "C "
fi

check plugins_lists_exit_0 0 "$bin" plugins
for p in infrastructure data_market industry_fusion institutional generic csv json; do
    expect_text "plugins_lists_$p" "$work/out" "$p "
done

check bundled_example_runs 0 "$bin" run -o "$work/ex1" -q
check bundled_example_runs_again 0 "$bin" run -o "$work/ex2" -q
if diff -r "$work/ex1" "$work/ex2" >"$work/diff"; then
    passes=$((passes + 1))
else
    echo "FAIL bundled_example_is_byte_identical_across_runs:"; head -20 "$work/diff"
    failures=$((failures + 1))
fi
for f in tables/scores.csv tables/index.csv tables/manifest.csv results.json; do
    [ -s "$work/ex1/$f" ] && passes=$((passes + 1)) || { echo "FAIL bundled_example_writes_$f"; failures=$((failures + 1)); }
done

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
