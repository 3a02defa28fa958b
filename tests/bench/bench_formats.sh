#!/usr/bin/env bash
# tests/bench/bench_formats.sh — the input-format bench: writes a 3,000 regions x 20 years x
# 64 indicators wide panel as CSV and .xlsx (gen_formats.py; needs python3-openpyxl) and
# prints the panel load time from each (bench_formats, best of 3) with the xlsx/csv ratio.
# usage: tests/bench/bench_formats.sh [BUILD_DIR] [N Y M]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build}"
shift || true
[ -x "$build/bench/bench_formats" ] || { echo "build first: $build/bench/bench_formats" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
py=/usr/bin/python3
[ -x "$py" ] || py=python3
"$py" "$here/gen_formats.py" "$work" "$@"
ls -l "$work"/panel.csv "$work"/panel.xlsx | awk '{printf "%s %.1f MiB\n", $9, $5/1048576}'
"$build/bench/bench_formats" "$work"
