#!/usr/bin/env bash
# tests/integration/install_test.sh — `cmake --install` into a fresh prefix gives a binary
# that finds its installed plugins and bundled example with no environment variable, even
# after the prefix is moved, and runs the example to completion.
# usage: install_test.sh BUILD_DIR
set -u
build="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail=0
pass=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

cmake --install "$build" --prefix "$work/prefix" >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
mv "$work/prefix" "$work/moved"   # relocatable: nothing may point at the old prefix
bin="$work/moved/bin/regcoord"
unset REGCOORD_PLUGIN_PATH
for f in include/regcoord/plugin.h lib/regcoord/plugins/generic.so lib/regcoord/plugins/csv.so \
         share/regcoord/configs/example/assessment.yaml; do
    [ -f "$work/moved/$f" ] && ok || bad "installed_$f"
done
(cd "$work" && "$bin" plugins >"$work/plugins.txt" 2>&1) && ok || bad "installed_plugins_command"
grep -q "$work/moved/lib/regcoord/plugins/infrastructure.so" "$work/plugins.txt" && ok ||
    { bad "installed_binary_lists_installed_plugins"; cat "$work/plugins.txt"; }
if grep -q "refused" "$work/plugins.txt"; then bad "installed_plugins_none_refused"; cat "$work/plugins.txt"; else ok; fi
(cd "$work" && "$bin" run -o "$work/out" -q) && ok || bad "installed_binary_runs_bundled_example"
[ -s "$work/out/tables/index.csv" ] && ok || bad "installed_run_writes_index_csv"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
