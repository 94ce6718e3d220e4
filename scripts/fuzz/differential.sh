#!/usr/bin/env bash
# Differential fuzz of two antom-sim builds: the same hostile input to both, every difference in
# what comes back printed with an example. A development tool, not a test: run it before and after
# a change to the request path, with the previous build as OLD.
#   scripts/fuzz/differential.sh OLD_BIN NEW_BIN bodies  [N=15000] [SEED=1]   # mutated JSON bodies, verification off
#   scripts/fuzz/differential.sh OLD_BIN NEW_BIN framing [N=500]   [SEED=1]   # raw HTTP framing (about 1 s per case)
# bodies.py compares resultCode and resultMessage; framing.py compares status lines, resultCodes and
# whether the connection closed. Needs python3.
set -euo pipefail
old=${1:?OLD_BIN}; new=${2:?NEW_BIN}; kind=${3:-bodies}
n=${4:-$([ "$kind" = framing ] && echo 500 || echo 15000)}; seed=${5:-1}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
start() {  # binary, name; sets $port (not in a subshell, so the trap sees the pid)
  "$1" --listen 127.0.0.1:0 --threads 1 --seed 1 --data-dir "$work/$2" --verify-signatures off --log-format off >"$work/$2.out" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    if port=$(grep -o 'ready: http://127.0.0.1:[0-9]*' "$work/$2.out" 2>/dev/null | grep -o '[0-9]*$'); then return; fi
    sleep 0.1
  done
  echo "$2 did not start: $(cat "$work/$2.out")" >&2; exit 1
}
start "$old" old
port_old=$port
start "$new" new
port_new=$port
python3 "$here/$kind.py" "$port_old" "$port_new" "$n" "$seed"
