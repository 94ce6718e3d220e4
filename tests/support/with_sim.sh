#!/usr/bin/env bash
# Starts antom-sim on a free port with a fresh data directory, runs a command with SIM_URL and
# SIM_DATA_DIR set, stops antom-sim, and exits with the command's status.
# Usage: tests/support/with_sim.sh ANTOM_SIM_BINARY COMMAND [ARGS...]
set -euo pipefail
binary=${1:?usage: with_sim.sh ANTOM_SIM_BINARY COMMAND [ARGS...]}
shift

data_dir=$(mktemp -d)
out=$data_dir/stdout.log
"$binary" --listen 127.0.0.1:0 --data-dir "$data_dir" --log-format off >"$out" 2>"$data_dir/stderr.log" &
sim_pid=$!
cleanup() {
  kill "$sim_pid" 2>/dev/null || true
  wait "$sim_pid" 2>/dev/null || true
  rm -rf "$data_dir"
}
trap cleanup EXIT

sim_url=
for _ in $(seq 1 150); do
  sim_url=$(grep -o 'ready: http://127\.0\.0\.1:[0-9]*' "$out" 2>/dev/null | head -1 | sed 's/^ready: //') || true
  [[ -n $sim_url ]] && break
  if ! kill -0 "$sim_pid" 2>/dev/null; then
    echo "antom-sim exited before it was ready:" >&2
    cat "$data_dir/stderr.log" >&2
    exit 1
  fi
  sleep 0.2
done
if [[ -z $sim_url ]]; then
  echo "antom-sim printed no ready line within 30 s" >&2
  exit 1
fi

SIM_URL=$sim_url SIM_DATA_DIR=$data_dir "$@"
