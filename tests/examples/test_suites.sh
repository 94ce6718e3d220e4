#!/usr/bin/env bash
# The example test suites of README.md "Using antom-sim in a test suite" (examples/test-suite/),
# run as CI would: one antom-sim, four jobs at once (the Python and the Node suite, twice each,
# each job with its own merchant and clock). Every job must pass while the others move their clocks.
set -euo pipefail
BIN=$(realpath "$1")
ROOT=$(realpath "$2")
WORK=$(mktemp -d /tmp/antom-suites.XXXXXX)
source "$ROOT/tests/cli/lib.sh"
trap 'stop_all; rm -rf "$WORK"' EXIT
start_sim sim --listen 127.0.0.1:0 --data-dir "$WORK/data" --log-format off --fixture "$ROOT/examples/fixtures/approved-token.json"
export ANTOM_SIM_URL ANTOM_SIM_DATA_DIR=$WORK/data
ANTOM_SIM_URL=$(wait_ready sim "$SIM_PID")
suite="$ROOT/examples/test-suite"
pids=()
for job in 1 2; do
  (cd "$suite/python" && CI_JOB_ID=py$job python3 -m unittest -q test_subscriptions > "$WORK/py$job.log" 2>&1) & pids+=($!)
  (cd "$suite/node" && CI_JOB_ID=node$job node --test subscriptions.test.mjs > "$WORK/node$job.log" 2>&1) & pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
for log in "$WORK"/*.log; do echo "== $(basename "$log")"; tail -n 12 "$log"; done
[ $failed = 0 ] || fail "a suite failed (logs above)"
echo "4 jobs, 2 languages, 1 antom-sim: all passed"
