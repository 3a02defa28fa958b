#!/usr/bin/env bash
# scripts/quickstart.sh — the README's first command: install what is needed, build
# regcoord into build/, and run the bundled example assessment; its reports land in
# build/example-output/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREGCOORD_WERROR="${REGCOORD_WERROR:-OFF}"
cmake --build build -j"$(nproc)"
build/bin/regcoord run -o build/example-output
echo "Reports written to build/example-output/"
