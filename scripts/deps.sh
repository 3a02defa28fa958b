#!/usr/bin/env bash
# scripts/deps.sh — installs the Debian 12 packages regcoord needs to build and test
# (skips apt-get when everything is already there). Run as root or with sudo available.
set -euo pipefail
PKGS="build-essential cmake pkg-config libyaml-dev libjansson-dev libssl-dev liblapacke-dev
      libsqlite3-dev sqlite3 libxlsxwriter-dev libxml2-dev check python3 binutils unzip clang
      libclang-rt-14-dev cppcheck clang-tidy valgrind
      python3-jsonschema python3-yaml"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
