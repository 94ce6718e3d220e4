#!/usr/bin/env bash
# --state-file from the command line: a merchant registered through the API survives SIGTERM and a
# restart; POST /_sim/state/save leaves no temporary file; a damaged file, or one of another format
# version, stops start-up with one line naming the file and the problem, and is left untouched.
set -euo pipefail
BIN=$(realpath "$1")
WORK=$(mktemp -d /tmp/antom-state-file.XXXXXX)
source "$(dirname "$0")/lib.sh"
trap 'stop_all; rm -rf "$WORK"' EXIT

state=$WORK/state.json
start_sim first --listen 127.0.0.1:0 --data-dir "$WORK/data" --log-format off --state-file "$state"
url=$(wait_ready first "$SIM_PID")
key=$(curl -sf "$url/_sim/keys" | jq -r .publicKey)  # any RSA public key will do
curl -sf -XPOST "$url/_sim/merchants" -d "{\"clientId\":\"SANDBOX_CLI_SHOP\",\"publicKey\":\"$key\"}" > /dev/null
curl -sf -XPOST "$url/_sim/state/save" | jq -e '.saved == true' > /dev/null || fail "state/save did not save"
[ -z "$(find "$WORK" -maxdepth 1 -name '.state.json.tmp-*')" ] || fail "a temporary file was left"
jq -e '.antomSimSnapshot == 1' "$state" > /dev/null || fail "the state file is not a version 1 document"
curl -sf -XPOST "$url/_sim/merchants" -d "{\"clientId\":\"SANDBOX_CLI_LATER\",\"publicKey\":\"$key\"}" > /dev/null
stop_sim "$SIM_PID"  # SIGTERM: saved on shutdown
jq -e '[.merchants[].clientId] | index("SANDBOX_CLI_LATER") != null' "$state" > /dev/null || fail "not saved on shutdown"

start_sim second --listen 127.0.0.1:0 --data-dir "$WORK/data" --log-format off --state-file "$state"
url=$(wait_ready second "$SIM_PID")
curl -sf "$url/_sim/merchants/SANDBOX_CLI_SHOP" > /dev/null || fail "the API-registered merchant did not come back"
curl -sf "$url/_sim/merchants/SANDBOX_CLI_LATER" > /dev/null || fail "the merchant registered before shutdown did not come back"
stop_sim "$SIM_PID"

# refuses NAME FILE EXPECTED-TEXT...: start-up must fail with one stderr line holding every text,
# and FILE must be byte for byte as it was.
refuses() {
  local name=$1 file=$2; shift 2
  local before; before=$(sha256sum "$file")
  if "$BIN" --listen 127.0.0.1:0 --data-dir "$WORK/data" --state-file "$file" > "$WORK/$name.out" 2> "$WORK/$name.err"; then
    fail "$name: started"
  fi
  echo "$name: $(cat "$WORK/$name.err")"
  [ "$(wc -l < "$WORK/$name.err")" = 1 ] || fail "$name: expected one line on stderr"
  for w in "$@"; do grep -qF -- "$w" "$WORK/$name.err" || fail "$name: the line does not say '$w'"; done
  [ "$(sha256sum "$file")" = "$before" ] || fail "$name: the file was changed"
}

head -c 300 "$state" > "$WORK/truncated.json"
refuses truncated "$WORK/truncated.json" "--state-file" "$WORK/truncated.json" "not valid JSON" "left as it is"
jq '.antomSimSnapshot = 99' "$state" > "$WORK/future.json"
refuses other-version "$WORK/future.json" "$WORK/future.json" "format version 99" "reads version 1"
jq '.merchants[0].payments = [{"paymentId":"P1","paymentRequestId":"R1"}] | .merchants[0].refunds = [{"refundId":"F1","paymentId":"P-unknown"}]' \
  "$state" > "$WORK/edited.json"
refuses bad-reference "$WORK/edited.json" "/merchants/0/refunds/0/paymentId" "P-unknown"
echo "state file: ok"
