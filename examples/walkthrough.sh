#!/usr/bin/env bash
# The README's first hour, command for command (a test checks every command line of the README's
# walkthrough is here), with a check after each step. Run it from the directory antom-sim was
# started in (its ./.antom-sim), with examples/ next to it, against a fresh simulator:
#   SIM=http://127.0.0.1:8080 bash examples/walkthrough.sh
# RECEIVER_PORT (default 9000) moves the notification receiver. Needs curl, jq and node.
set -euo pipefail
SIM=${SIM:-http://127.0.0.1:8080}
export ANTOM_SIM_URL=$SIM   # where antom-sim call sends (its default is http://127.0.0.1:8080)
RECEIVER_PORT=${RECEIVER_PORT:-9000}
step() { echo "== $*"; }
fail() { echo "walkthrough: FAILED: $*" >&2; exit 1; }
expect() { # TEXT NEEDLE WHAT
  [[ $1 == *"$2"* ]] || { echo "$1" >&2; fail "$3: expected $2"; }
}

step "0. a notification receiver"
node examples/receiver.mjs $RECEIVER_PORT .antom-sim/antom-public-key.pem > receiver.log &
receiver=$!
trap 'kill $receiver 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q 'receiver ready' receiver.log 2>/dev/null && break; sleep 0.1; done
grep -q 'receiver ready' receiver.log || fail "the receiver did not start (is port $RECEIVER_PORT free?)"
curl -s $SIM/_sim/merchants -d '{"clientId":"SANDBOX_5YDEMO0000000001","notifyUrl":"http://127.0.0.1:'$RECEIVER_PORT'/notify"}'
echo

step "1. consult"
CONSULT=$(antom-sim call consult @examples/consult.json) && echo "$CONSULT"
ATTEMPT=$(echo "$CONSULT" | jq -r '.normalUrl | split("/") | last')
expect "$CONSULT" '"resultCode":"SUCCESS"' consult

step "2. the buyer approves"
AUTH_CODE=$(curl -s -X POST $SIM/_sim/authorizations/$ATTEMPT/approve | jq -r .authCode)
[[ -n $AUTH_CODE && $AUTH_CODE != null ]] || fail "approve gave no authCode"

step "3. applyToken"
TOKEN=$(antom-sim call applyToken @examples/apply-token.json --set authCode=$AUTH_CODE | jq -r .accessToken)
[[ -n $TOKEN && $TOKEN != null ]] || fail "applyToken gave no accessToken"

step "4. pay"
PAY=$(antom-sim call pay @examples/pay.json --set paymentMethod.paymentMethodId=$TOKEN) && echo "$PAY"
PAYMENT_ID=$(echo "$PAY" | jq -r .paymentId)
expect "$PAY" '"resultStatus":"S"' pay

step "5. inquiryPayment"
INQUIRY=$(antom-sim call inquiryPayment @examples/inquiry-payment.json) && echo "$INQUIRY"
expect "$INQUIRY" '"paymentStatus":"SUCCESS"' inquiryPayment

step "6. refund"
REFUND=$(antom-sim call refund @examples/refund.json --set paymentId=$PAYMENT_ID) && echo "$REFUND"
expect "$REFUND" '"resultStatus":"S"' refund

step "7. the notifications"
for _ in $(seq 1 100); do grep -q 'verified REFUND_RESULT' receiver.log && break; sleep 0.1; done
cat receiver.log
curl -s "$SIM/_sim/notifications" | jq -r '.notifications[] | "\(.notifyType) \(.state)"'
for type in AUTHCODE_CREATED TOKEN_CREATED PAYMENT_RESULT REFUND_RESULT; do
  grep -q "verified $type" receiver.log || fail "the receiver did not verify a $type notification"
done

step "8. a forced failure"
DECLINED=$(antom-sim call pay @examples/pay-declined.json --set paymentMethod.paymentMethodId=$TOKEN) || true
echo "$DECLINED"
expect "$DECLINED" '"resultCode":"USER_BALANCE_NOT_ENOUGH"' "the scenario's pay"

step "9. the clock moved"
PROCESSING=$(antom-sim call pay @examples/pay-processing.json --set paymentMethod.paymentMethodId=$TOKEN) || true
echo "$PROCESSING"
expect "$PROCESSING" '"resultCode":"PAYMENT_IN_PROCESS"' "the processing pay"
curl -s $SIM/_sim/clock/advance -d '{"by":"5s"}'
echo
SETTLED=$(antom-sim call inquiryPayment @examples/inquiry-processing.json) && echo "$SETTLED"
expect "$SETTLED" '"paymentStatus":"SUCCESS"' "inquiry after the clock moved"
for _ in $(seq 1 100); do [[ $(grep -c 'verified PAYMENT_RESULT' receiver.log) -ge 2 ]] && break; sleep 0.1; done
[[ $(grep -c 'verified PAYMENT_RESULT' receiver.log) -ge 2 ]] || fail "no PAYMENT_RESULT for the settled payment"

step "10. (not in the README) the receiver refuses a notification whose signature does not verify"
antom-sim call pay @examples/pay.json --set paymentMethod.paymentMethodId=$TOKEN --set paymentRequestId=pay-0004 \
  --set order.orderDescription="Monthly plan sim:notify-bad-signature" | jq -c .result
for _ in $(seq 1 100); do grep -q '^refused' receiver.log && break; sleep 0.1; done
grep -q '^refused' receiver.log || fail "the receiver accepted a notification with a bad signature"
echo "walkthrough: OK"
