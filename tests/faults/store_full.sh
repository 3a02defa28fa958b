#!/usr/bin/env bash
# tests/faults/store_full.sh — the sqlite history store when it cannot grow (tracker issue 15,
# item 10: "a full disk or a locked store is named as such"). The bundled example is stored
# once, then a second assessment is added under a fault:
#   - the file-size limit (RLIMIT_FSIZE with SIGXFSZ ignored; runs everywhere);
#   - a full disk (a tmpfs just larger than the store; skipped where mount is not permitted).
# Each case checks: exit 1; the message names the store and says why (the file-size limit /
# the disk is full), not a bare "disk I/O error"; the store passes PRAGMA integrity_check and
# still holds exactly the first run; no temporary file is left.
# usage: store_full.sh REGCOORD SOURCE_DIR
set -uo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"
mnt=""
cleanup() { [ -n "$mnt" ] && umount "$mnt" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fails=0; cases=0

cp "$src"/configs/example/*.csv "$work/"
python3 - "$src/configs/example/assessment.yaml" "$work" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
s = s[: s.index("\nreports:")] + "\nreports:\n  - {plugin: sqlite, path: history.sqlite}\n"
open(sys.argv[2] + "/first.yaml", "w", encoding="utf-8").write(s)
open(sys.argv[2] + "/second.yaml", "w", encoding="utf-8").write(s.replace("title: ", "title: Second run, ", 1))
PY

# store_state OUT: "integrity runs" of the store in OUT
store_state() {
    python3 - "$1/history.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("PRAGMA integrity_check").fetchone()[0], db.execute("SELECT COUNT(*) FROM runs").fetchone()[0])
PY
}

# check NAME OUT RC PATTERN
check() {
    cases=$((cases + 1))
    local ok=1
    [ "$3" -eq 1 ] || { echo "FAIL $1: exit $3, want 1"; ok=0; }
    grep -qE -- "history store '[^']*history.sqlite': .*$4" "$work/err" ||
        { echo "FAIL $1: stderr lacks /$4/: $(cat "$work/err")"; ok=0; }
    grep -q "disk I/O error" "$work/err" && { echo "FAIL $1: a bare 'disk I/O error'"; ok=0; }
    local st; st="$(store_state "$2")"
    [ "$st" = "ok 1" ] || { echo "FAIL $1: store after the fault: '$st', want 'ok 1'"; ok=0; }
    [ -z "$(find "$2" -name '*.tmp.*')" ] || { echo "FAIL $1: temporary files left"; ok=0; }
    if [ "$ok" = 1 ]; then echo "ok $1: $(head -c 300 "$work/err")"
    else echo "  stderr: $(cat "$work/err")"; fails=$((fails + 1)); fi
}

# 1. the file-size limit: the store may not grow past its current size (+ 4 KiB)
out="$work/fsize"
"$bin" run "$work/first.yaml" -o "$out" -q 2>"$work/err" || { echo "FAIL first run: $(cat "$work/err")"; exit 1; }
kib=$(( $(stat -c %s "$out/history.sqlite") / 1024 + 4 ))
(ulimit -f "$kib"; trap '' XFSZ; exec "$bin" run "$work/second.yaml" -o "$out" -q) 2>"$work/err"
check file_size_limit "$out" $? "file-size limit"

# 2. a full disk: a tmpfs 1.2 times the first run's store
out="$work/full"
mkdir -p "$out"
size_kib=$(( $(stat -c %s "$work/fsize/history.sqlite") * 12 / 10240 + 64 ))
if mount -t tmpfs -o size=${size_kib}k tmpfs "$out" 2>/dev/null; then
    mnt="$out"
    "$bin" run "$work/first.yaml" -o "$out" -q 2>"$work/err" || { echo "FAIL first run on tmpfs: $(cat "$work/err")"; fails=$((fails + 1)); }
    "$bin" run "$work/second.yaml" -o "$out" -q 2>"$work/err"
    check disk_full "$out" $? "the disk is full"
else
    echo "skip disk_full: mounting a tmpfs is not permitted here (the file-size case covers the path)"
fi
echo "checked $cases case(s)"
[ "$cases" -ge 1 ] && [ "$fails" -eq 0 ]
