#!/usr/bin/env bash
# Runs examples/walkthrough.sh (the README's first hour) against a freshly started antom-sim, from
# an empty directory holding only a copy of examples/, with `antom-sim` on PATH, as a reader would.
#   tests/examples/run_walkthrough.sh ANTOM_SIM_BINARY SOURCE_DIR
set -euo pipefail
bin=$(realpath "${1:?usage: run_walkthrough.sh ANTOM_SIM_BINARY SOURCE_DIR}"); src=$(cd "${2:?}" && pwd)
for tool in curl jq node; do
  command -v $tool >/dev/null || { echo "$tool not found (scripts/setup.sh --tests installs it)"; exit 1; }
done
work=$(mktemp -d /tmp/antom-walkthrough.XXXXXX)
pid=
cleanup() {
  [[ -n $pid ]] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
cp -r "$src/examples" "$work/"
mkdir "$work/bin" && ln -s "$bin" "$work/bin/antom-sim"
cd "$work"
# The binary itself in the background (not a shell function, whose subshell would be $!), so that
# cleanup stops antom-sim.
"$work/bin/antom-sim" --listen 127.0.0.1:0 --log-format off >out.log 2>err.log &
pid=$!
sim=
for _ in $(seq 1 300); do
  sim=$(grep ' ready: ' out.log 2>/dev/null | grep -o 'http://127\.0\.0\.1:[0-9]*' | head -1) || true
  [[ -n $sim ]] && break
  kill -0 "$pid" 2>/dev/null || { cat out.log err.log; echo "antom-sim exited before it was ready"; exit 1; }
  sleep 0.1
done
[[ -n $sim ]] || { cat out.log err.log; echo "antom-sim printed no ready line within 30 s"; exit 1; }
receiver_port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
PATH=$work/bin:$PATH SIM=$sim RECEIVER_PORT=$receiver_port bash examples/walkthrough.sh
