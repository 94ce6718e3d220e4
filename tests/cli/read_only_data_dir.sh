#!/usr/bin/env bash
# A data directory that already holds every file works read-only (a read-only bind mount, which
# refuses writes even to root); one that lacks a file stops start-up with one line naming it.
set -euo pipefail
BIN=$(realpath "$1")
if [ "${ANTOM_TEST_INSIDE:-}" != 1 ]; then
  if [ "$(id -u)" != 0 ] || ! unshare -m true 2>/dev/null; then echo "needs root for a mount namespace: skipped"; exit 77; fi
  ANTOM_TEST_INSIDE=1 exec unshare -m bash "$0" "$@"
fi
WORK=$(mktemp -d /tmp/antom-ro-dir.XXXXXX)
source "$(dirname "$0")/lib.sh"
trap 'stop_all; umount "$WORK/ro" 2>/dev/null || true; rm -rf "$WORK"' EXIT
dir=$WORK/ro

start_sim first --listen 127.0.0.1:0 --data-dir "$dir" --log-format off
wait_ready first "$SIM_PID" > /dev/null
stop_all
before=$(fingerprint "$dir")
mount --bind "$dir" "$dir" && mount -o remount,bind,ro "$dir"
touch "$dir/probe" 2>/dev/null && fail "the bind mount is writable"

start_sim ro --listen 127.0.0.1:0 --data-dir "$dir" --log-format off
url=$(wait_ready ro "$SIM_PID")
signed_inquiry "$url" "$dir"
stop_all
echo "a complete read-only directory works"

# Partial: a derived file missing, and the directory read-only.
umount "$dir"
rm "$dir/demo-merchant-public.pem"
before=$(fingerprint "$dir")
mount --bind "$dir" "$dir" && mount -o remount,bind,ro "$dir"
if "$BIN" --listen 127.0.0.1:0 --data-dir "$dir" > "$WORK/partial.out" 2> "$WORK/partial.err"; then fail "started without a file it needs"; fi
cat "$WORK/partial.err"
[ "$(wc -l < "$WORK/partial.err")" = 1 ] || fail "expected one line"
grep -q "demo-merchant-public.pem" "$WORK/partial.err" || fail "the line does not name the missing file"
grep -q -- "--data-dir" "$WORK/partial.err" || fail "the line does not say what to do"
[ "$(fingerprint "$dir")" = "$before" ] || fail "files changed"
echo ok
