#!/usr/bin/env bash
# The binary is self-contained: copied alone into an empty directory and run from there, with the
# source tree out of reach (hidden under an empty tmpfs in a private mount namespace when we are
# root), it serves the full scenario catalog and a signed pay (antom-sim call signs it and verifies
# the answer). No source-tree path is compiled in.
#   tests/cli/self_contained.sh BUILT_BINARY SOURCE_DIR
set -euo pipefail
bin=$(realpath "$1") src=$(cd "$2" && pwd)

if [ "${ANTOM_TEST_INSIDE:-}" = 1 ]; then  # the part that runs with the source tree hidden
  [ -z "$(ls -A "$src")" ] || { echo "FAIL: the source tree is still visible"; exit 1; }
  ./antom-sim --listen 127.0.0.1:0 --data-dir data --log-format off > out.txt 2> err.txt &
  pid=$!
  trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 300); do grep -q ' ready: ' out.txt && break; sleep 0.1; done
  url=$(grep -o 'http://[^ ]*' out.txt | head -1)
  [ -n "$url" ] || { echo "FAIL: no ready line"; cat out.txt err.txt; exit 1; }
  count=$(curl -sf "$url/_sim/scenarios" | jq '.scenarios | length')
  echo "catalog: $count scenarios (source has $EXPECTED)"
  [ "$count" = "$EXPECTED" ] || { echo "FAIL: the catalog is incomplete"; exit 1; }
  curl -sf "$url/_sim/scenarios" | jq -e '[.scenarios[].origin | startswith("built-in:")] | all' > /dev/null
  token=$(curl -sf -X POST "$url/_sim/authorizations/tokens" -d '{"customerBelongsTo":"GCASH"}' | jq -r .accessToken)
  pay='{"productCode":"AGREEMENT_PAYMENT","paymentRequestId":"p-1","order":{"referenceOrderId":"o-1","orderDescription":"plan",'
  pay+='"orderAmount":{"currency":"PHP","value":"100"}},"paymentAmount":{"currency":"PHP","value":"100"},'
  pay+='"paymentMethod":{"paymentMethodType":"GCASH","paymentMethodId":"'$token'"}}'
  answer=$(./antom-sim call pay "$pay" --url "$url" --data-dir data) || { echo "FAIL: the signed pay failed"; exit 1; }
  echo "signed pay: $answer"
  [ "$(jq -r .result.resultCode <<< "$answer")" = SUCCESS ] || { echo "FAIL: the pay did not succeed"; exit 1; }
  exit 0
fi

work=$(mktemp -d /tmp/antom-self-contained.XXXXXX)
trap 'rm -rf "$work"' EXIT
# Debug information names the sources (for debuggers, as it should); the program itself must not.
if [ "${ANTOM_SANITIZED_BUILD:-}" = 1 ]; then
  echo "sanitizer build: its reports name source files, so the source-path check runs in the plain build only"
else
  objcopy --strip-debug "$bin" "$work/stripped"
  if strings "$work/stripped" | grep -F "$src"; then
    echo "FAIL: the binary holds a source-tree path ($src)"; exit 1
  fi
  rm "$work/stripped"
fi
cp "$bin" "$work/antom-sim"
cp "$0" "$work/test.sh"
cd "$work"
export EXPECTED=$(ls "$src"/scenarios/catalog/*.json | wc -l) ANTOM_TEST_INSIDE=1
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
  echo "source tree hidden under an empty tmpfs"
  unshare -m bash -c "mount -t tmpfs none '$src' && bash ./test.sh ./antom-sim '$src'"
else
  echo "not root: the source tree stays visible (the strings check above still holds)"
  mkdir -p empty && bash ./test.sh ./antom-sim "$work/empty"
fi
echo "ok"
