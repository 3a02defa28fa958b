#!/usr/bin/env bash
# scripts/deps.sh — installs the Debian 12 packages regcoord needs to build and test
# (skips apt-get when everything is already there). Run as root or with sudo available.
set -euo pipefail
# One package per line (keeps concurrent additions from conflicting). Reference values are
# computed by scripts committed under tests/ with their outputs; R (r-base-core, r-cran-spdep,
# r-cran-psych) is needed only to regenerate them, not to run the suite.
PKGS="
  build-essential
  cmake
  pkg-config
  libyaml-dev
  libjansson-dev
  libssl-dev
  liblapacke-dev
  libsqlite3-dev
  sqlite3
  libxlsxwriter-dev
  libxml2-dev
  check
  python3
  binutils
  unzip
  clang
  libclang-rt-14-dev
  cppcheck
  clang-tidy
  valgrind
  python3-jsonschema
  python3-yaml
  libreadstat-dev
  libzip-dev
  libexpat1-dev
  libgeos-dev
  libshp-dev
  python3-numpy
  python3-openpyxl
  python3-pandas
  chromium
  poppler-utils
  fonts-noto-cjk
  fonts-wqy-zenhei
  libicu-dev
"
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
