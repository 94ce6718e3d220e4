#!/usr/bin/env bash
# Runs the Node client test (Node's own HTTP, TLS and crypto) against a freshly started antom-sim.
# Usage: tests/interop/run.sh /path/to/antom-sim
set -euo pipefail
binary=${1:?usage: run.sh ANTOM_SIM_BINARY}
here=$(cd "$(dirname "$0")" && pwd)
command -v node >/dev/null 2>&1 || { echo "node not found (apt-get install nodejs)" >&2; exit 1; }
cd "$here"
exec bash "$here/../support/with_sim.sh" "$binary" node node_client.test.mjs
