#!/usr/bin/env bash
# Eight instances started at once on one empty data directory agree on one set of keys: each
# answers a request signed with the directory's demo merchant key, and its answer verifies with
# the directory's simulator public key. A restart rewrites nothing; no temporary file is left.
set -euo pipefail
BIN=$(realpath "$1")
WORK=$(mktemp -d /tmp/antom-shared-dir.XXXXXX)
source "$(dirname "$0")/lib.sh"
trap 'stop_all; rm -rf "$WORK"' EXIT
dir=$WORK/shared  # does not exist yet: the instances create it

pids=()
for i in $(seq 1 8); do
  start_sim "s$i" --listen 127.0.0.1:0 --data-dir "$dir" --log-format off --threads 1
  pids+=("$SIM_PID")
done
urls=()
for i in $(seq 1 8); do urls+=("$(wait_ready "s$i" "${pids[$((i - 1))]}")"); done
for url in "${urls[@]}"; do signed_inquiry "$url" "$dir"; done
echo "8 instances answer signed requests with the directory's keys"

leftovers=$(ls -A "$dir" | grep -c '\.tmp-' || true)
[ "$leftovers" = 0 ] || fail "temporary files left: $(ls -A "$dir")"
before=$(fingerprint "$dir")
stop_all
start_sim again --listen 127.0.0.1:0 --data-dir "$dir" --log-format off
url=$(wait_ready again "$SIM_PID")
signed_inquiry "$url" "$dir"
[ "$(fingerprint "$dir")" = "$before" ] || fail "a restart rewrote files of the data directory"
echo "a restart rewrote nothing"
stop_all

# A partial directory: what is missing is derived again; what exists keeps its inode and bytes.
rm "$dir/demo-merchant-public.pem" "$dir/antom-public-key.b64"
kept=$(fingerprint "$dir")
start_sim partial --listen 127.0.0.1:0 --data-dir "$dir" --log-format off
url=$(wait_ready partial "$SIM_PID")
signed_inquiry "$url" "$dir"
[ "$(fingerprint "$dir" | grep -v -e demo-merchant-public.pem -e antom-public-key.b64)" = "$kept" ] || fail "existing files changed"
[ "$(fingerprint "$dir")" = "$before" ] && fail "the missing files came back with the old inodes?"
cmp -s <(fingerprint "$dir" | grep demo-merchant-public.pem | cut -d' ' -f3-) \
       <(grep demo-merchant-public.pem <<< "$before" | cut -d' ' -f3-) || fail "the re-derived public key differs"
echo "a partial directory is completed; existing files untouched"
echo ok
