#!/usr/bin/env bash
# Runs one browser test (default: the wallet page's) in headless Chromium against a freshly started
# antom-sim. Usage: tests/browser/run.sh /path/to/antom-sim [TEST.mjs]
set -euo pipefail
binary=${1:?usage: run.sh ANTOM_SIM_BINARY [TEST.mjs]}
test_file=${2:-wallet_page.test.mjs}
here=$(cd "$(dirname "$0")" && pwd)

if [[ ! -x ${CHROMIUM:-/usr/bin/chromium} ]]; then
  echo "chromium not found at ${CHROMIUM:-/usr/bin/chromium} (apt-get install chromium)" >&2
  exit 1
fi
if [[ ! -d $here/node_modules/playwright-core ]]; then
  (cd "$here" && npm install --no-audit --no-fund >&2)
fi

cd "$here"
# portal.test.mjs starts a second antom-sim (with --control-token) for the token gate.
ANTOM_SIM=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary") \
  exec bash "$here/../support/with_sim.sh" "$binary" node "$test_file"
