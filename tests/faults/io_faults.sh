#!/usr/bin/env bash
# tests/faults/io_faults.sh — file-system faults during the report step. Each case first
# writes the toy assessment's reports into an output folder, then runs again under a fault
# and checks: a clear error naming the file and the cause, exit code 1, the previous reports
# byte-identical, and no temporary file (*.tmp.*) left — except after SIGKILL, which no
# process can clean up after: the next run into the folder removes what it left
# (documented in docs/hardening.md).
#   - a regular file where the output folder should be
#   - the output folder not writable (as an unprivileged user when run as root)
#   - the file-size limit (RLIMIT_FSIZE, SIGXFSZ ignored: writes fail with EFBIG)
#   - a full disk (a small tmpfs; skipped when mount is not permitted)
#   - SIGKILL while the reports of the benchmark panel are being written
# usage: io_faults.sh REGCOORD SOURCE_DIR SHARED_DIR
set -uo pipefail
bin="$1"; src="$2"; shared="$3"
toy="$src/tests/integration/configs/toy_subsystems.yaml"
work="$(mktemp -d)"
mnt=""
cleanup() { [ -n "$mnt" ] && umount "$mnt" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
chmod 755 "$work"
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# the reports (a killed run's lock file, .regcoord.lock, is not one)
sums() { (cd "$1" && find . -type f ! -name '*.tmp.*' ! -name '.regcoord.lock' | LC_ALL=C sort | xargs -r sha256sum); }
temps() { find "$1" -name '*.tmp.*'; }

# expect NAME OUT WANT_RC PATTERN: after a run whose stderr is in $work/err
expect() {
    local name="$1" out="$2" want="$3" pat="$4" rc="$5" ref="$6"
    local ok=1
    [ "$rc" -eq "$want" ] || { fail "$name: exit $rc, want $want"; ok=0; }
    grep -qE -- "$pat" "$work/err" || { fail "$name: stderr lacks /$pat/: $(cat "$work/err")"; ok=0; }
    if [ -n "$ref" ]; then
        [ "$(sums "$out")" = "$ref" ] || { fail "$name: previous reports changed"; ok=0; }
        [ -z "$(temps "$out")" ] || { fail "$name: temporary files left: $(temps "$out")"; ok=0; }
    fi
    [ "$ok" = 1 ] && echo "ok $name: $(head -c 300 "$work/err")"
}

# 1. a regular file in the way of the output folder
: >"$work/afile"
"$bin" run "$toy" -o "$work/afile/out" -q 2>"$work/err"
expect file_in_the_way "" 1 "cannot create folder .*afile.*(a file is in the way|Not a directory)" $? ""

# 2. output folder not writable
out="$work/ro"
"$bin" run "$toy" -o "$out" -q 2>"$work/err" || fail "first run: $(cat "$work/err")"
ref="$(sums "$out")"
chmod -R a-w "$out"
if [ "$(id -u)" -eq 0 ]; then
    chmod 755 "$work"   # the unprivileged user reads the config, data, plugins and binary
    setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" run "$toy" -o "$out" -q 2>"$work/err"
else
    "$bin" run "$toy" -o "$out" -q 2>"$work/err"
fi
expect unwritable_output_folder "$out" 1 "cannot (write|lock the output folder) .*Permission denied" $? "$ref"
chmod -R u+w "$out"

# 3. file-size limit: writes fail with EFBIG (SIGXFSZ ignored, as a daemon would)
out="$work/fsize"
"$bin" run "$toy" -o "$out" -q 2>"$work/err" || fail "first run: $(cat "$work/err")"
ref="$(sums "$out")"
(ulimit -f 16; trap '' XFSZ; exec "$bin" run "$toy" -o "$out" -q) 2>"$work/err"
expect file_size_limit "$out" 1 "cannot write .*File too large" $? "$ref"

# 4. disk full: a tmpfs one and a half times the size of one run's reports
out="$work/full"
"$bin" run "$toy" -o "$work/measure" -q 2>/dev/null
kib=$(du -sk "$work/measure" | cut -f1)
mkdir -p "$out"
if mount -t tmpfs -o size=$((kib * 3 / 2 + 8))k tmpfs "$out" 2>/dev/null; then
    mnt="$out"
    "$bin" run "$toy" -o "$out" -q 2>"$work/err" || fail "first run on tmpfs: $(cat "$work/err")"
    ref="$(sums "$out")"
    "$bin" run "$toy" -o "$out" -q 2>"$work/err"
    expect disk_full "$out" 1 "cannot write .*No space left on device" $? "$ref"
    umount "$out" && mnt=""
else
    echo "skip disk_full: mounting a tmpfs is not permitted here (the file-size case covers it)"
fi

# 5. SIGKILL while the benchmark panel's reports are being written
bench="$work/bench"
python3 "$src/tests/bench/gen_panel.py" "$bench" --regions 500 --years 10 >/dev/null
out="$bench/out"
"$bin" run "$bench/assessment.yaml" -o "$out" -q 2>"$work/err" || fail "bench first run: $(cat "$work/err")"
ref="$(sums "$out")"
"$bin" run "$bench/assessment.yaml" -o "$out" -q 2>"$work/err" &
pid=$!
# poll until a report is being written, the run ends, or 120 s pass (a slow sanitizer build)
deadline=$((SECONDS + 120))
while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
    [ -n "$(temps "$out")" ] && break
    sleep 0.005
done
seen="$(temps "$out")"
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
rc=$?
ok=1
[ -n "$seen" ] || { fail "killed_mid_report: no report was being written when polled"; ok=0; }
[ "$rc" -eq 137 ] || { fail "killed_mid_report: exit $rc, want 137 (killed)"; ok=0; }
[ "$(sums "$out")" = "$ref" ] || { fail "killed_mid_report: previous reports changed"; ok=0; }
left="$(temps "$out")"
for f in $left; do   # only NAME.tmp.PID.XXXXXX beside a report may be left
    case "$(basename "$f")" in *.tmp.$pid.??????) ;; *) fail "killed_mid_report: unexpected $f"; ok=0 ;; esac
done
# the next run takes the folder's lock, removes what the killed run left, and its reports
# are the same bytes as before
"$bin" run "$bench/assessment.yaml" -o "$out" -q 2>"$work/err" || { fail "run after kill: $(cat "$work/err")"; ok=0; }
[ "$(sums "$out")" = "$ref" ] || { fail "run after kill: reports differ"; ok=0; }
[ -z "$(temps "$out")" ] || { fail "run after kill: the killed run's temporary files are still there: $(temps "$out")"; ok=0; }
[ -e "$out/.regcoord.lock" ] && { fail "run after kill: the lock file was left"; ok=0; }
[ "$ok" = 1 ] && echo "ok killed_mid_report: previous reports intact, the $(echo "$left" | grep -c .) temporary file(s) it left were removed by the next run"

[ "$fails" -eq 0 ] && echo "all I/O faults handled" || exit 1
