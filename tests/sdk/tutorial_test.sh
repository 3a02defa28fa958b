#!/bin/sh
# tests/sdk/tutorial_test.sh — runs every ```sh block of docs/tutorial.md, in order, as one
# script in a clean temporary folder with a clean install prefix, then checks the new
# dimension's scores in the report against a hand calculation.
# usage: tutorial_test.sh SOURCE_DIR BUILD_DIR
set -eu
src=$1
build=$2
umask 022
work=$(mktemp -d "${TMPDIR:-/tmp}/regcoord-tutorial-XXXXXX")
trap 'rm -rf "$work"' EXIT
# the blocks, literally, between ```sh and ```
awk '/^```sh$/ {on = 1; next} /^```$/ {on = 0; next} on {print}' "$src/docs/tutorial.md" \
  > "$work/tutorial.sh"
test -s "$work/tutorial.sh" || { echo "no sh blocks found in docs/tutorial.md"; exit 1; }
mkdir "$work/run"
cd "$work/run"
REGCOORD_BUILD=$build PREFIX=$work/prefix sh -eux "$work/tutorial.sh" > "$work/log" 2>&1 || {
  cat "$work/log"; echo "the tutorial failed at the command shown last above"; exit 1; }

scores=out/tables/scores.csv
test -f "$scores" || { echo "no $scores"; exit 1; }
# Hand calculation: pooled min-max over both years gives A 1 and 1, B 0.5 and 0.5, C 0 and 0
# on the two indicators; equal weights and the arithmetic mean give A 1, B 0.5, C 0; the
# tables publish dimension scores scaled by index.scale (default 100).
head -1 "$scores" | grep -q '^region,year,dimension,score' || { echo "unexpected header in $scores"; exit 1; }
for want in "A,2023,public_services,100" "B,2023,public_services,50" "C,2023,public_services,0" \
            "A,2024,public_services,100" "B,2024,public_services,50" "C,2024,public_services,0"; do
  grep -q "^$want," "$scores" || { echo "missing row starting $want in $scores:"; cat "$scores"; exit 1; }
done
# the pkg-config build exports the entry symbol only, like the CMake one
nm -D --defined-only pc/public_services.so | awk '$2 == "T" {print $3}' > syms
test "$(cat syms)" = regcoord_plugin_entry || { echo "pkg-config build exports:"; cat syms; exit 1; }
echo "tutorial ran as written; public_services scores A 100, B 50, C 0"
