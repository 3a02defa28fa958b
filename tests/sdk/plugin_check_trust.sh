#!/usr/bin/env bash
# tests/sdk/plugin_check_trust.sh — plugin-check applies the loader's trust checks in the
# parent, before any child dlopens the file: a symbolic link to a good plugin, a FIFO named
# like a plugin and a world-writable copy are each refused with the loader's sentence, exit
# 4, within 3 s, and the world-writable copy is never loaded (the marker plugin's
# constructor would create $RC_PLUGIN_MARKER). The plain copy passes the trust check.
# usage: plugin_check_trust.sh REGCOORD MARKER_PLUGIN.so
set -uo pipefail
bin="$(realpath "$1")"; so="$(realpath "$2")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
fails=0; passes=0
export RC_PLUGIN_MARKER="$work/loaded"

# check NAME FILE PATTERN
check() {
    local name="$1" file="$2" pat="$3" t0=$SECONDS
    rm -f "$RC_PLUGIN_MARKER"
    timeout 20 "$bin" plugin-check "$file" >"$work/out" 2>&1
    local rc=$? ok=1
    [ "$rc" -eq 4 ] || { echo "FAIL $name: exit $rc, want 4"; ok=0; }
    grep -qE -- "$pat" "$work/out" || { echo "FAIL $name: output lacks /$pat/: $(cat "$work/out")"; ok=0; }
    [ $((SECONDS - t0)) -le 3 ] || { echo "FAIL $name: took $((SECONDS - t0)) s"; ok=0; }
    [ ! -e "$RC_PLUGIN_MARKER" ] || { echo "FAIL $name: the file was loaded (dlopen ran its constructor)"; ok=0; }
    if [ "$ok" = 1 ]; then echo "ok $name: $(grep FAIL "$work/out" | head -1)"; passes=$((passes + 1)); else fails=$((fails + 1)); fi
}

mkdir -m 755 "$work/p"
cp "$so" "$work/p/marker.so"; chmod 644 "$work/p/marker.so"
ln -s "$work/p/marker.so" "$work/p/link.so"
check symbolic_link "$work/p/link.so" "refused: it is a symbolic link"
(cd "$work/p" && check symbolic_link_given_relative link.so "link.so' refused: it is a symbolic link")
mkfifo "$work/p/fifo.so"
check fifo "$work/p/fifo.so" "refused: it is not a regular file"
cp "$so" "$work/p/ww.so"; chmod 666 "$work/p/ww.so"
check world_writable "$work/p/ww.so" "refused: the file is (group- and )?world-writable"
mkdir -m 777 "$work/open"; chmod 777 "$work/open"
cp "$so" "$work/open/marker.so"; chmod 644 "$work/open/marker.so"
check world_writable_folder "$work/open/marker.so" "its folder .* is group- and world-writable|world-writable"
# the plain copy passes the trust check and is loaded
rm -f "$RC_PLUGIN_MARKER"
"$bin" plugin-check "$work/p/marker.so" >"$work/out" 2>&1
if grep -q "^ok   it is a regular file, not a link" "$work/out" && [ -e "$RC_PLUGIN_MARKER" ]; then
    echo "ok plain_copy_passes_the_trust_check_and_is_loaded"; passes=$((passes + 1))
else echo "FAIL plain copy: $(head -5 "$work/out")"; fails=$((fails + 1)); fi
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
