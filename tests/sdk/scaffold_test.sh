#!/bin/sh
# tests/sdk/scaffold_test.sh — `regcoord new-plugin` for both kinds: the same files on every
# run, a project that builds out of tree against an installed regcoord, whose Check test
# passes and whose plugin passes plugin-check.
# usage: scaffold_test.sh REGCOORD SOURCE_DIR BUILD_DIR
set -eu
rc=$1
build=$3
umask 022
work=$(mktemp -d "${TMPDIR:-/tmp}/regcoord-scaffold-XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
cmake --install "$build" --prefix "$work/prefix" > install.log
for kind in dimension reporter; do
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
echo "new-plugin: both kinds build, test, install and pass plugin-check"
