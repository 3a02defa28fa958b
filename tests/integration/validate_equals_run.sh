#!/usr/bin/env bash
# tests/integration/validate_equals_run.sh — `regcoord validate` raises every error `run`
# raises before scoring (and, since validate scores too, while scoring), with the same exit
# code and the same message. One broken config per error the pipeline can raise before the
# first score (core/src/pipeline/pipeline.c rc_run up to score_dimension, in that order):
# plugin resolution and kinds, plugin-declared keys of dimensions and reports, the analysis
# options, the panel load, the region-year window, the baseline, each dimension's
# indicators (series, formula, per:, duplicates), every method spec, the index methods
# and missing rule — plus the scoring-time checks validate now shares (indicator coverage
# under strict, group_mean without a grouping). Each case asserts: run fails with code N and
# message M; validate fails with the same N and M; run wrote nothing.
# usage: validate_equals_run.sh REGCOORD_BINARY
set -u
bin="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
cases=0

cat >"$work/regions.csv" <<CSV
region,zone
A,East
B,West
C,West
D,East
CSV
cat >"$work/panel.csv" <<CSV
region,year,indicator,value
A,2020,x,1
B,2020,x,2
C,2020,x,3
D,2020,x,5
A,2021,x,2
B,2021,x,2.5
C,2021,x,4
D,2021,x,6
A,2020,gdp,10
B,2020,gdp,20
C,2020,gdp,30
D,2020,gdp,25
A,2021,gdp,11
B,2021,gdp,21
C,2021,gdp,33
D,2021,gdp,26
A,2020,rare,1
CSV
sed 's/^B,2021,x,2.5$/B,2021,x,abc/' "$work/panel.csv" >"$work/bad.csv"

# config NAME: writes $work/NAME.yaml from stdin
config() { cat >"$work/$1.yaml"; }

# expect NAME CODE MESSAGE: run and validate both exit CODE with MESSAGE on stderr
expect() {
    local name="$1" want="$2" msg="$3"
    cases=$((cases + 1))
    "$bin" run "$work/$name.yaml" -o "$work/out-$name" >/dev/null 2>"$work/run.err"
    local got_run=$?
    "$bin" validate "$work/$name.yaml" >/dev/null 2>"$work/val.err"
    local got_val=$?
    if [ "$got_run" -ne "$want" ]; then
        echo "FAIL $name: run exit $got_run, want $want"; sed 's/^/  | /' "$work/run.err" | head -5
        failures=$((failures + 1)); return
    fi
    if [ "$got_val" -ne "$want" ]; then
        echo "FAIL $name: validate exit $got_val, want $want (run gave $want)"
        sed 's/^/  | /' "$work/val.err" | head -5
        failures=$((failures + 1)); return
    fi
    if ! grep -qF -- "$msg" "$work/run.err" || ! grep -qF -- "$msg" "$work/val.err"; then
        echo "FAIL $name: '$msg' not in both messages:"; sed 's/^/  run | /' "$work/run.err" | head -3
        sed 's/^/  val | /' "$work/val.err" | head -3
        failures=$((failures + 1)); return
    fi
    if ! diff <(grep -v '^regcoord: wrote' "$work/run.err") "$work/val.err" >/dev/null; then
        echo "FAIL $name: run and validate say different things:"; diff "$work/run.err" "$work/val.err" | head -6
        failures=$((failures + 1)); return
    fi
    if [ -e "$work/out-$name" ] && [ -n "$(ls -A "$work/out-$name")" ]; then
        echo "FAIL $name: the failed run wrote $(ls "$work/out-$name")"; failures=$((failures + 1))
    fi
}

head='regions: {file: regions.csv, groups: [zone]}
data: [{file: panel.csv, layout: long}]'
reports='reports: [{plugin: csv, path: tables}]'

# 1. a dimension plugin that does not exist (resolve_plugin) — exit 4
config dim_plugin <<Y
$head
dimensions: {d1: {plugin: generik, indicators: {x: {}}}}
$reports
Y
expect dim_plugin 4 "did you mean 'generic'"

# 2. a reporter plugin that does not exist
config rep_plugin <<Y
$head
dimensions: {d1: {plugin: generic, indicators: {x: {}}}}
reports: [{plugin: cvs, path: t}]
Y
expect rep_plugin 4 "needs plugin 'cvs'"

# 3. a reporter named as a dimension plugin (wrong kind)
config kind <<Y
$head
dimensions: {d1: {plugin: csv, indicators: {x: {}}}}
$reports
Y
expect kind 4 "needs a dimension plugin, but 'csv' is a reporter plugin"

# 4. a key the dimension's plugin does not declare (rc_config_check_dimension)
config dim_key <<Y
$head
dimensions: {d1: {plugin: generic, indicatorz: {x: {}}}}
$reports
Y
expect dim_key 2 "did you mean 'indicators'"

# 5. a key the reporter does not declare (rc_config_check_report)
config rep_key <<Y
$head
dimensions: {d1: {plugin: generic, indicators: {x: {}}}}
reports: [{plugin: csv, path: t, delimiterr: ";"}]
Y
expect rep_key 2 "delimiterr"

# 6. the analysis options (rc_analysis_validate)
config analysis <<Y
$head
dimensions: {d1: {plugin: generic, indicators: {x: {}}}}
analysis: {obstacles: {top: 0}}
$reports
Y
expect analysis 2 "1 or more"

# 7. a data file that does not exist (rc_panel_load; the data stage reports it as a data error)
config nofile <<Y
regions: {file: regions.csv, groups: [zone]}
data: [{file: nope.csv, layout: long}]
dimensions: {d1: {plugin: generic, indicators: {x: {}}}}
$reports
Y
expect nofile 3 "nope.csv"

# 8. a value that is not a number (rc_panel_load) — exit 3 naming file:line
config baddata <<Y
regions: {file: regions.csv, groups: [zone]}
data: [{file: bad.csv, layout: long}]
dimensions: {d1: {plugin: generic, indicators: {x: {}}}}
$reports
Y
expect baddata 3 "bad.csv:7"

# 9. a selected year with no data at all is a warning at both (not an error): the same
#    warning from run and validate, both exit 0
config window <<Y
$head
years: [2020, 2021, 2022]
dimensions: {d1: {plugin: generic, indicators: {x: {}}}}
$reports
Y
cases=$((cases + 1))
"$bin" run "$work/window.yaml" -o "$work/out-window" >/dev/null 2>"$work/run.err"; got_run=$?
"$bin" validate "$work/window.yaml" >/dev/null 2>"$work/val.err"; got_val=$?
if [ "$got_run" -ne 0 ] || [ "$got_val" -ne 0 ] ||
   ! grep -qF "year 2022 is selected but has no data at all" "$work/run.err" ||
   ! grep -qF "year 2022 is selected but has no data at all" "$work/val.err"; then
    echo "FAIL window: run $got_run, validate $got_val"; cat "$work/run.err" "$work/val.err" | head -8
    failures=$((failures + 1))
fi

# 10. a baseline file that does not exist (use_baseline)
config baseline <<Y
$head
baseline: no_such_baseline.yaml
dimensions: {d1: {plugin: generic, indicators: {x: {}}}}
$reports
Y
expect baseline 2 "no_such_baseline.yaml"

# 11. an indicator reading a series that is not in the data (add_configured_indicator)
config series <<Y
$head
dimensions: {d1: {plugin: generic, indicators: {gdpp: {}}}}
$reports
Y
expect series 2 "did you mean 'gdp'"

# 12. a formula over a series that is not in the data (eval_formula)
config formula <<Y
$head
dimensions: {d1: {plugin: generic, indicators: {r: {formula: "x / gdpp"}}}}
$reports
Y
expect formula 2 "uses series 'gdpp'"

# 13. per: naming a series that is not in the data — the issue's GDP typo
config per <<Y
$head
dimensions: {d1: {plugin: generic, indicators: {x: {per: GDP}}}}
$reports
Y
expect per 2 "divides by series 'GDP' (per:), which is not in the data; did you mean 'gdp'?"

# 14. an indicator id twice in one dimension (add_configured_indicator)
config dup <<Y
$head
dimensions:
  d1:
    plugin: generic
    indicators: {x: {}}
    components: {c: {indicators: {x: {}}}}
$reports
Y
expect dup 2 "appears twice"

# 15. an unknown method or parameter anywhere in a dimension (rc_dim_check_methods)
config method <<Y
$head
dimensions: {d1: {plugin: generic, normalize: {method: minmax, rnage: [0, 1]}, indicators: {x: {}}}}
$reports
Y
expect method 2 "did you mean 'range'"

# 16. a method parameter that would make results infinite
config infparam <<Y
$head
dimensions: {d1: {plugin: generic, normalize: {method: minmax, shift: 1e308}, indicators: {x: {}}}}
$reports
Y
expect infparam 2 "infinite"

# 17. the index's methods and missing rule (rc_index_check_methods)
config index <<Y
$head
dimensions: {d1: {plugin: generic, indicators: {x: {}}}}
index: {weights: entropie}
$reports
Y
expect index 2 "did you mean 'entropy'"
config index_missing <<Y
$head
dimensions: {d1: {plugin: generic, indicators: {x: {}}}}
index: {missing: {min_coverage: 1.5}}
$reports
Y
expect index_missing 2 "'min_coverage' must be a share"

# 18. scoring-time checks validate shares: indicator coverage under strict (exit 3) …
config coverage <<Y
$head
defaults: {missing: strict}
dimensions: {d1: {plugin: generic, indicators: {x: {}, rare: {}}}}
$reports
Y
expect coverage 3 "indicator 'rare' in dimension 'd1' is observed in 1 of 8"

# … and group_mean imputation without a grouping column
config group <<Y
$head
dimensions: {d1: {plugin: generic, impute: {method: group_mean, group: province}, indicators: {x: {}}}}
$reports
Y
expect group 2 "group_mean needs a grouping column"

if [ "$cases" -ne 20 ]; then echo "FAIL ran $cases cases, want 20"; failures=$((failures + 1)); fi
if [ "$failures" -ne 0 ]; then echo "$failures of $cases validate-equals-run cases failed"; exit 1; fi
echo "validate raises each of the $cases errors run raises, with the same code and message"
