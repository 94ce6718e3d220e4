#!/usr/bin/env bash
# --sftp-listen as users run it: the SFTP address on the ready line, the host key made once in the
# data directory (same fingerprint after a restart), a real sftp session, bad values and a busy
# port refused with one line, and a read-only data directory without the key refused only when
# SFTP is asked for (that part needs root for a mount namespace).
set -euo pipefail
BIN=$(realpath "$1")
if [ "${ANTOM_TEST_INSIDE:-}" != 1 ] && [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
  ANTOM_TEST_INSIDE=1 exec unshare -m bash "$0" "$@"
fi
command -v sftp > /dev/null || { echo "needs OpenSSH's sftp: skipped"; exit 77; }
WORK=$(mktemp -d /tmp/antom-sftp-cli.XXXXXX)
source "$(dirname "$0")/lib.sh"
trap 'stop_all; umount "$WORK/ro" 2>/dev/null || true; rm -rf "$WORK"' EXIT
dir=$WORK/data

start_sim first --listen 127.0.0.1:0 --sftp-listen 127.0.0.1:0 --data-dir "$dir" --log-format off
wait_ready first "$SIM_PID" > /dev/null
sftp_url=$(grep -o 'sftp://127.0.0.1:[0-9]*' "$WORK/first.out") || fail "no sftp:// address on the ready line: $(cat "$WORK/first.out")"
port=${sftp_url##*:}
grep -q "^SFTP host key: $dir/sftp-host-key (SHA256:" "$WORK/first.out" || fail "no host key line: $(cat "$WORK/first.out")"
[ "$(stat -c %a "$dir/sftp-host-key")" = 600 ] || fail "the host key is not owner-only"
key_line=$(grep "^SFTP host key" "$WORK/first.out")

printf '#!/bin/sh\necho antom-sim\n' > "$WORK/askpass"
chmod 700 "$WORK/askpass"
printf 'pwd\nls /v1/settlements\n' > "$WORK/batch"
out=$(SSH_ASKPASS=$WORK/askpass SSH_ASKPASS_REQUIRE=force DISPLAY=:0 setsid -w sftp -o BatchMode=no -b "$WORK/batch" \
  -P "$port" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
  -o PreferredAuthentications=password demo@127.0.0.1 < /dev/null 2>&1) || fail "sftp failed: $out"
grep -q '/v1/settlements/2188120000000001' <<< "$out" || fail "the demo merchant's folder is not listed: $out"

# A busy port: the running instance's SFTP port.
if "$BIN" --listen 127.0.0.1:0 --sftp-listen "127.0.0.1:$port" --data-dir "$dir" > "$WORK/busy.out" 2> "$WORK/busy.err"; then
  fail "started on a busy SFTP port"
fi
grep -q -- "--sftp-listen 127.0.0.1:$port: Address already in use" "$WORK/busy.err" || fail "busy port: $(cat "$WORK/busy.err")"
stop_all

start_sim again --listen 127.0.0.1:0 --sftp-listen 127.0.0.1:0 --data-dir "$dir" --log-format off
wait_ready again "$SIM_PID" > /dev/null
[ "$(grep "^SFTP host key" "$WORK/again.out")" = "$key_line" ] || fail "the host key changed across a restart"
stop_all

set +e
"$BIN" --sftp-listen nowhere > /dev/null 2> "$WORK/bad.err"
status=$?
set -e
[ "$status" = 2 ] || fail "a bad --sftp-listen exited $status"
grep -q "^antom-sim: --sftp-listen expects HOST:PORT" "$WORK/bad.err" || fail "bad value: $(cat "$WORK/bad.err")"
echo "ready line, host key, sftp session, busy port and bad value: ok"

if [ "${ANTOM_TEST_INSIDE:-}" != 1 ]; then echo "read-only part needs root for a mount namespace: skipped"; exit 0; fi
ro=$WORK/ro
start_sim plain --listen 127.0.0.1:0 --data-dir "$ro" --log-format off
wait_ready plain "$SIM_PID" > /dev/null
stop_all
mount --bind "$ro" "$ro" && mount -o remount,bind,ro "$ro"
touch "$ro/probe" 2>/dev/null && fail "the bind mount is writable"
if "$BIN" --listen 127.0.0.1:0 --sftp-listen 127.0.0.1:0 --data-dir "$ro" > "$WORK/ro.out" 2> "$WORK/ro.err"; then
  fail "started with --sftp-listen on a read-only directory without a host key"
fi
cat "$WORK/ro.err"
[ "$(wc -l < "$WORK/ro.err")" = 1 ] || fail "expected one line"
grep -q "sftp-host-key" "$WORK/ro.err" || fail "the line does not name the host key file"
start_sim ro --listen 127.0.0.1:0 --data-dir "$ro" --log-format off
wait_ready ro "$SIM_PID" > /dev/null  # without --sftp-listen the key is not needed
echo ok
