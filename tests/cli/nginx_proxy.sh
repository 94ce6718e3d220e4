#!/usr/bin/env bash
# The recipe of docs/scoped-worlds.md: two antom-sim instances (one data directory, so one set of
# keys) behind nginx hashing on Client-Id (examples/nginx/antom-sim.conf with this run's ports).
# Two merchants that land on different instances each run a full flow through the proxy: signed
# pay, inquiry and refund (antom-sim call verifies every answer's signature), control calls routed
# by the Client-Id header, and their notifications delivered to the merchant's receiver; then one
# merchant moves to the other instance with its per-merchant snapshot.
# Skips (77) without nginx.
set -euo pipefail
BIN=$(realpath "$1")
ROOT=$(realpath "$2")
command -v nginx > /dev/null || { echo "nginx is not installed: skipped"; exit 77; }
WORK=$(mktemp -d /tmp/antom-nginx.XXXXXX)
source "$(dirname "$0")/lib.sh"
NGINX_PID=
RECEIVER_PID=
trap 'stop_all; [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null; [ -n "$RECEIVER_PID" ] && kill "$RECEIVER_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

data=$WORK/data
start_sim one --listen 127.0.0.1:0 --data-dir "$data" --log-format off
url1=$(wait_ready one "$SIM_PID")
start_sim two --listen 127.0.0.1:0 --data-dir "$data" --log-format off
url2=$(wait_ready two "$SIM_PID")
port1=${url1##*:} port2=${url2##*:} proxy_port=$(free_port)

# The shipped recipe, with this run's ports and files under WORK.
mkdir -p "$WORK/nginx/logs"
sed -e "s/127.0.0.1:8081/127.0.0.1:$port1/g; s/127.0.0.1:8082/127.0.0.1:$port2/g; s/listen 127.0.0.1:8080/listen 127.0.0.1:$proxy_port/" \
    -e "s|^events {}|daemon off; pid $WORK/nginx/nginx.pid; error_log $WORK/nginx/error.log;\nevents {}|" \
    -e "s|^http {|http {\n  access_log off; client_body_temp_path $WORK/nginx/body; proxy_temp_path $WORK/nginx/proxy;|" \
    "$ROOT/examples/nginx/antom-sim.conf" > "$WORK/nginx/nginx.conf"
grep -q "hash \$http_client_id consistent" "$WORK/nginx/nginx.conf" || fail "the recipe lost its hash line"
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" &
NGINX_PID=$!
proxy=http://127.0.0.1:$proxy_port
for _ in $(seq 1 100); do curl -sf "$proxy/_sim/health" > /dev/null && break; sleep 0.1; done
curl -sf "$proxy/_sim/health" > /dev/null || fail "nginx does not answer: $(cat "$WORK/nginx/error.log")"

# The merchants' notification endpoint: acknowledges as Antom expects and records each body.
cat > "$WORK/receiver.py" <<'PY'
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('content-length', 0)))
        with open(sys.argv[2], 'ab') as f: f.write(self.headers.get('client-id', '').encode() + b' ' + body + b'\n')
        ack = b'{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}'
        self.send_response(200); self.send_header('content-type', 'application/json')
        self.send_header('content-length', str(len(ack))); self.end_headers(); self.wfile.write(ack)
    def log_message(self, *a): pass
http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
PY
receiver_port=$(free_port)
python3 "$WORK/receiver.py" "$receiver_port" "$WORK/received" &
RECEIVER_PID=$!
touch "$WORK/received"
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$receiver_port/" && break; sleep 0.1; done

# ctl MERCHANT METHOD PATH [BODY]: a control call through the proxy, routed by the Client-Id header.
ctl() { curl -sf -X "$2" "$proxy$3" -H "Client-Id: $1" -H 'content-type: application/json' ${4:+-d "$4"}; }
# Registers merchants through the proxy until one lives on each instance (which one a Client-Id
# hashes to is nginx's business; the test asks each instance directly).
public_key=$(jq -Rs . < "$data/demo-merchant-public.pem")
declare -A home
merchants=()
for i in $(seq 1 40); do
  id=$(printf 'SANDBOX_PROXY%04d' "$i")
  ctl "$id" POST /_sim/merchants "{\"clientId\":\"$id\",\"publicKey\":$public_key,\"notifyUrl\":\"http://127.0.0.1:$receiver_port/notify\"}" > /dev/null ||
    fail "registering $id through the proxy"
  if curl -sf "$url1/_sim/merchants/$id" > /dev/null; then where=one; else where=two; fi
  curl -sf "$url2/_sim/merchants/$id" > /dev/null && [ $where = one ] && fail "$id is registered on both instances"
  if [ -z "${home[$where]:-}" ]; then home[$where]=$id; merchants+=("$id"); fi
  [ ${#merchants[@]} = 2 ] && break
done
[ ${#merchants[@]} = 2 ] || fail "40 Client-Ids all hashed to one instance"
echo "merchants: ${home[one]} on instance one, ${home[two]} on instance two"

call() { "$BIN" call "$@" --url "$proxy" --data-dir "$data"; }
for id in "${merchants[@]}"; do
  token=$(ctl "$id" POST /_sim/authorizations/tokens '{"customerBelongsTo":"GCASH"}' | jq -r .accessToken)
  [ -n "$token" ] && [ "$token" != null ] || fail "$id: minting a token through the proxy"
  pay=$(call pay @"$ROOT/examples/pay.json" --client-id "$id" --set paymentRequestId="pay-$id" \
        --set paymentMethod.paymentMethodId="$token") || fail "$id: signed pay through the proxy"
  [ "$(jq -r .result.resultCode <<< "$pay")" = SUCCESS ] || fail "$id: pay: $pay"
  payment_id=$(jq -r .paymentId <<< "$pay")
  inquiry=$(call inquiryPayment "{\"paymentRequestId\":\"pay-$id\"}" --client-id "$id")
  [ "$(jq -r .paymentStatus <<< "$inquiry")" = SUCCESS ] || fail "$id: inquiry: $inquiry"
  refund=$(call refund @"$ROOT/examples/refund.json" --client-id "$id" --set paymentId="$payment_id" \
           --set refundRequestId="refund-$id")
  [ "$(jq -r .result.resultCode <<< "$refund")" = SUCCESS ] || fail "$id: refund: $refund"
  # The control API through the proxy sees this merchant's payment, on its instance only.
  [ "$(ctl "$id" GET /_sim/payments | jq -r '.payments[0].paymentId')" = "$payment_id" ] || fail "$id: GET /_sim/payments through the proxy"
  [ "$(ctl "$id" POST '/_sim/notifications/flush?timeout=10s' | jq -r .idle)" = true ] || fail "$id: flush"
  for type in PAYMENT_RESULT REFUND_RESULT; do
    grep -q "^$id .*\"notifyType\":\"$type\"" "$WORK/received" || fail "$id: no $type reached the receiver: $(ctl "$id" GET /_sim/notifications)"
  done
  echo "$id: pay, inquiryPayment, refund (signed, verified) and PAYMENT_RESULT, REFUND_RESULT delivered, through nginx"
done
# Each instance holds only its own merchant's payment.
[ "$(curl -sf "$url1/_sim/payments" | jq -r .total)" = 1 ] || fail "instance one should hold one payment"
[ "$(curl -sf "$url2/_sim/payments" | jq -r .total)" = 1 ] || fail "instance two should hold one payment"
# A merchant's clock moved through the proxy moves on its instance only.
[ "$(ctl "${home[one]}" POST /_sim/clock/advance '{"by":"31d"}' | jq -r .ownClock)" = true ] || fail "clock through the proxy"
[ "$(curl -sf "$url2/_sim/clock?clientId=${home[two]}" | jq -r .ownClock)" = false ] || fail "the other instance's merchant moved"

# Moving a merchant: its snapshot exported from its instance and applied on the other, its
# registration removed from the first, and nginx told to pin it there (the recipe's map).
moved=${home[one]}
curl -sf "$url1/_sim/snapshots/live?clientId=$moved" > "$WORK/moved.json" || fail "exporting $moved"
curl -sf -X POST "$url2/_sim/snapshots?name=moved-in&apply=true" --data-binary @"$WORK/moved.json" > /dev/null ||
  fail "applying $moved's snapshot on instance two: $(curl -s -X POST "$url2/_sim/snapshots?name=moved-in&apply=true" --data-binary @"$WORK/moved.json")"
curl -sf -X DELETE "$url1/_sim/merchants/$moved" > /dev/null || fail "removing $moved from instance one"
sed -i "s|    # SANDBOX_TEAM_A antom_sim_2;|    $moved antom_sim_2;|" "$WORK/nginx/nginx.conf"
grep -q "^    $moved antom_sim_2;" "$WORK/nginx/nginx.conf" || fail "the recipe lost its map entry"
# Restarted rather than reloaded: a reloaded nginx's old worker may still take a connection or two,
# which would make the checks below race.
kill "$NGINX_PID"; wait "$NGINX_PID" 2> /dev/null || true
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" &
NGINX_PID=$!
# Wait for the restarted nginx: the signed inquiry reaches instance two.
for _ in $(seq 1 50); do
  inquiry=$(call inquiryPayment "{\"paymentRequestId\":\"pay-$moved\"}" --client-id "$moved" 2> /dev/null) || true
  [ "$(jq -r .paymentStatus <<< "$inquiry" 2> /dev/null)" = SUCCESS ] && break
  sleep 0.1
done
[ "$(jq -r .paymentStatus <<< "$inquiry")" = SUCCESS ] ||
  fail "$moved: its payment after the move: $inquiry ($(cat "$WORK/nginx/error.log"))"
# Its own clock came along (31 days ahead, so its old token has expired there too).
[ "$(ctl "$moved" GET "/_sim/clock?clientId=$moved" | jq -r .ownClock)" = true ] || fail "$moved: its own clock did not move with it"
token=$(ctl "$moved" POST /_sim/authorizations/tokens '{"customerBelongsTo":"GCASH"}' | jq -r .accessToken)
pay=$(call pay @"$ROOT/examples/pay.json" --client-id "$moved" --set paymentRequestId="pay-$moved-after" \
      --set paymentMethod.paymentMethodId="$token") || fail "$moved: pay after the move"
[ "$(jq -r .result.resultCode <<< "$pay")" = SUCCESS ] || fail "$moved: pay after the move: $pay"
[ "$(curl -sf "$url2/_sim/payments?clientId=$moved" | jq -r .total)" = 2 ] || fail "instance two should hold $moved's two payments"
curl -s -o /dev/null -w '%{http_code}' "$url1/_sim/merchants/$moved" | grep -q 404 || fail "$moved is still on instance one"
echo "$moved moved to instance two with its snapshot: its payment and its own clock came along; a new pay works through nginx"
echo "nginx recipe: OK"
