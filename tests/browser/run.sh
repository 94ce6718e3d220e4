#!/usr/bin/env bash
# Runs the wallet page test in headless Chromium against a freshly started antom-sim.
# Usage: tests/browser/run.sh /path/to/antom-sim
set -euo pipefail
binary=${1:?usage: run.sh ANTOM_SIM_BINARY}
here=$(cd "$(dirname "$0")" && pwd)

if [[ ! -x ${CHROMIUM:-/usr/bin/chromium} ]]; then
  echo "chromium not found at ${CHROMIUM:-/usr/bin/chromium} (apt-get install chromium)" >&2
  exit 1
fi
if [[ ! -d $here/node_modules/playwright-core ]]; then
  (cd "$here" && npm install --no-audit --no-fund >&2)
fi

cd "$here"
exec bash "$here/../support/with_sim.sh" "$binary" node wallet_page.test.mjs
