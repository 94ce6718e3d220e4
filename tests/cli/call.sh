#!/usr/bin/env bash
# antom-sim call end to end, with the examples/ bodies: consult -> approve -> applyToken -> pay ->
# inquiryPayment -> refund, over HTTP and HTTPS; and its failures: a wrong simulator key, an
# unsigned answer, no server, a bad operation, a non-JSON body for --set.
set -euo pipefail
BIN=$(realpath "$1")
EXAMPLES=$(realpath "$2")/examples
WORK=$(mktemp -d /tmp/antom-call.XXXXXX)
source "$(dirname "$0")/lib.sh"
trap 'stop_all; rm -rf "$WORK"' EXIT
dir=$WORK/data
start_sim sim --listen 127.0.0.1:0 --data-dir "$dir" --log-format off
url=$(wait_ready sim "$SIM_PID")
tls=${url/http:/https:}
call() { "$BIN" call "$@" --data-dir "$dir"; }
code() { jq -r .result.resultCode; }

consult=$(call consult @"$EXAMPLES/consult.json" --url "$url")
[ "$(code <<< "$consult")" = SUCCESS ] || fail "consult: $consult"
attempt=$(jq -r .normalUrl <<< "$consult" | sed 's|.*/||; s|[?#].*||')
auth_code=$(curl -sf -X POST "$url/_sim/authorizations/$attempt/approve" | jq -r .authCode)
token=$(call applyToken @"$EXAMPLES/apply-token.json" --set authCode="$auth_code" --url "$tls" | jq -r .accessToken)
[ -n "$token" ] && [ "$token" != null ] || fail "applyToken gave no token"
pay=$(call pay @"$EXAMPLES/pay.json" --set paymentMethod.paymentMethodId="$token" --url "$url")
[ "$(code <<< "$pay")" = SUCCESS ] || fail "pay: $pay"
payment_id=$(jq -r .paymentId <<< "$pay")
[ "$(call INQUIRYPAYMENT @"$EXAMPLES/inquiry-payment.json" --url "$tls" | jq -r .paymentStatus)" = SUCCESS ] || fail "inquiry"
refund=$(call refund @"$EXAMPLES/refund.json" --set paymentId="$payment_id" --url "$url")
[ "$(code <<< "$refund")" = SUCCESS ] || fail "refund: $refund"
echo "consult, approve, applyToken (https), pay, inquiryPayment (https), refund: SUCCESS"
# The same body from standard input, and ANTOM_SIM_URL / ANTOM_SIM_DATA_DIR as defaults.
ANTOM_SIM_URL=$url ANTOM_SIM_DATA_DIR=$dir "$BIN" call inquiryPayment @- < "$EXAMPLES/inquiry-payment.json" | grep -q '"paymentStatus":"SUCCESS"' ||
  fail "stdin body and environment defaults"

# expect_failure STATUS TEXT -- ARGS...: antom-sim call ARGS exits STATUS with TEXT on stderr.
expect_failure() {
  local want=$1 text=$2 rc=0; shift 3
  "$BIN" call "$@" > "$WORK/out" 2> "$WORK/err" || rc=$?
  [ "$rc" = "$want" ] || fail "expected exit $want, got $rc for: $* ($(cat "$WORK/err"))"
  grep -qF -- "$text" "$WORK/err" || fail "stderr lacks '$text': $(cat "$WORK/err")"
  echo "exit $rc: $(cat "$WORK/err")"
}
other=$WORK/other  # another simulator's keys: its public key does not verify this one's answers
"$BIN" --listen 127.0.0.1:0 --data-dir "$other" > "$WORK/other.out" 2>&1 & opid=$!
PIDS+=("$opid"); wait_ready other "$opid" > /dev/null
expect_failure 1 "does not verify" -- inquiryPayment @"$EXAMPLES/inquiry-payment.json" --url "$url" --data-dir "$dir" \
  --antom-key "$other/antom-public-key.pem"
curl -sf -X POST "$url/_sim/scenarios/response-missing-signature/activate" -d '{}' > /dev/null
expect_failure 1 "not signed" -- pay @"$EXAMPLES/pay.json" --url "$url" --data-dir "$dir" \
  --set paymentMethod.paymentMethodId="$token" --set paymentRequestId=pay-unsigned
curl -sf -X POST "$url/_sim/scenarios/deactivate" -d '{}' > /dev/null
expect_failure 1 "cannot reach" -- pay @"$EXAMPLES/pay.json" --url http://127.0.0.1:1 --data-dir "$dir"
expect_failure 2 "unknown operation" -- payy @"$EXAMPLES/pay.json" --data-dir "$dir"
expect_failure 2 "JSON object" -- pay 'not json' --set a=b --data-dir "$dir"
expect_failure 2 "cannot read the body file" -- pay @/nonexistent.json --data-dir "$dir"
expect_failure 1 "cannot read the merchant key" -- pay @"$EXAMPLES/pay.json" --data-dir "$WORK/empty" --url "$url"
echo ok
