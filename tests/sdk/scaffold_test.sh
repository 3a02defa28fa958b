#!/bin/sh
# tests/sdk/scaffold_test.sh — `regcoord new-plugin` for every kind: the same files on every
# run, a project that builds out of tree against an installed regcoord, whose Check test
# passes and whose plugin passes plugin-check; the analysis plugin's table then appears in
# the csv and json reports of the bundled example run by the installed CLI.
# usage: scaffold_test.sh REGCOORD SOURCE_DIR BUILD_DIR
set -eu
rc=$1
build=$3
umask 022
work=$(mktemp -d "${TMPDIR:-/tmp}/regcoord-scaffold-XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
cmake --install "$build" --prefix "$work/prefix" > install.log
for kind in dimension reporter analysis; do
  name="my_$kind"
  "$rc" new-plugin "$name" --kind "$kind" --dir "a_$kind" > "a_$kind.out"
  "$rc" new-plugin "$name" --kind "$kind" --dir "b_$kind" > "b_$kind.out"
  diff -r "a_$kind" "b_$kind" || { echo "new-plugin wrote different files on two runs"; exit 1; }
  for f in CMakeLists.txt "$name.c" "test_$name.c" README.md example.yaml; do
    test -s "a_$kind/$f" || { echo "new-plugin did not write $f"; exit 1; }
  done
  cmake -S "a_$kind" -B "a_$kind/build" -DCMAKE_PREFIX_PATH="$work/prefix" > cfg.log 2>&1 || {
    cat cfg.log; exit 1; }
  cmake --build "a_$kind/build" > build.log 2>&1 || { cat build.log; exit 1; }
  ctest --test-dir "a_$kind/build" --output-on-failure > ctest.log 2>&1 || { cat ctest.log; exit 1; }
  grep -q "100% tests passed" ctest.log || { cat ctest.log; echo "the Check test did not run"; exit 1; }
  "$rc" plugin-check "a_$kind/build/$name.so" > check.log || { cat check.log; exit 1; }
  # INSTALL puts the plugin into the installed regcoord's plugin folder
  cmake --install "a_$kind/build" > /dev/null
  test -f "$work/prefix/lib/regcoord/plugins/$name.so" || { echo "$name.so not installed"; exit 1; }
done
"$work/prefix/bin/regcoord" plugins | grep -q "^my_dimension  *dimension" || {
  "$work/prefix/bin/regcoord" plugins; echo "the installed CLI does not list my_dimension"; exit 1; }
# the installed CLI runs the example with the scaffolded analysis enabled
cp -r "$2/configs/example" example
sed 's/^analysis:$/analysis:\n  my_analysis: {threshold: 40}/' example/assessment.yaml > example/with_analysis.yaml
grep -q "my_analysis" example/with_analysis.yaml || { echo "could not enable my_analysis"; exit 1; }
"$work/prefix/bin/regcoord" run example/with_analysis.yaml -o out > run.log 2>&1 || { cat run.log; exit 1; }
test -f out/tables/my_analysis.csv || { ls out/tables; echo "no my_analysis.csv"; exit 1; }
head -1 out/tables/my_analysis.csv | grep -qx "year,regions,mean,reaching" || {
  cat out/tables/my_analysis.csv; echo "my_analysis.csv has the wrong header"; exit 1; }
rows=$(($(wc -l < out/tables/my_analysis.csv) - 1))
test "$rows" -eq 9 || { echo "my_analysis.csv has $rows rows, want one per year (9)"; exit 1; }
grep -q '"my_analysis"' out/results.json || { echo "results.json lacks my_analysis"; exit 1; }
# validate raises what run raises: the scaffolded dimension's bad `inputs:` (a series not
# in the data) used to pass validate and fail only at run (tracker issue 12, item 6)
sed 's/^dimensions:$/dimensions:\n  my_dimension: {inputs: [no_such_series]}/' example/assessment.yaml > example/bad_inputs.yaml
grep -q "no_such_series" example/bad_inputs.yaml || { echo "could not add my_dimension"; exit 1; }
set +e
"$work/prefix/bin/regcoord" run example/bad_inputs.yaml -o bad-out > run_bad.log 2>&1; run_rc=$?
"$work/prefix/bin/regcoord" validate example/bad_inputs.yaml > val_bad.log 2>&1; val_rc=$?
set -e
test "$run_rc" -ne 0 || { cat run_bad.log; echo "run accepted bad inputs"; exit 1; }
test "$val_rc" -eq "$run_rc" || { cat val_bad.log; echo "validate exit $val_rc, run exit $run_rc"; exit 1; }
grep -q "no_such_series" val_bad.log || { cat val_bad.log; echo "validate does not name the series"; exit 1; }
echo "new-plugin: every kind builds, tests, installs and passes plugin-check; the analysis table reaches the reports"
