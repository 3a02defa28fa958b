#!/usr/bin/env bash
# scripts/report_screenshot.sh — retakes docs/report-screenshot.png from the current output:
# runs the bundled example with the built regcoord and photographs its report.html with
# headless Chromium at 1280 × 2400 (no network, a throw-away profile).
# usage: scripts/report_screenshot.sh [BUILD_DIR]   (default: build)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
(cd "$root/configs/example" && "$build/bin/regcoord" run assessment.yaml -o "$out/example" -q)
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
  --user-data-dir="$out/profile" --window-size=1280,2400 \
  --screenshot="$root/docs/report-screenshot.png" "file://$out/example/report.html" 2>/dev/null
echo "wrote docs/report-screenshot.png"
