#!/usr/bin/env bash
# The control API's safe default, with a real non-loopback peer: two network namespaces of our own
# joined by a veth pair (nothing leaves them). antom-sim listens on every interface in one; from
# the other, Antom's API and the open routes answer, control calls get 403 naming the way out
# unless --control-open or a control token is given. Loopback peers keep the control API, over
# IPv4 and IPv6 (:PORT listens on both).
set -euo pipefail
BIN=$(realpath "$1")
if [ "$(id -u)" != 0 ] || ! command -v ip > /dev/null; then echo "needs root and iproute2: skipped"; exit 77; fi
WORK=$(mktemp -d /tmp/antom-control-net.XXXXXX)
source "$(dirname "$0")/lib.sh"
srv=antomsrv$$ cli=antomcli$$
cleanup() { stop_all; ip netns del "$srv" 2>/dev/null || true; ip netns del "$cli" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
ip netns add "$srv" && ip netns add "$cli"
ip link add "vs$$" netns "$srv" type veth peer name "vc$$" netns "$cli"
ip -n "$srv" addr add 10.213.7.1/30 dev "vs$$" && ip -n "$srv" link set "vs$$" up && ip -n "$srv" link set lo up
ip -n "$cli" addr add 10.213.7.2/30 dev "vc$$" && ip -n "$cli" link set "vc$$" up && ip -n "$cli" link set lo up
in_srv() { ip netns exec "$srv" "$@"; }
in_cli() { ip netns exec "$cli" "$@"; }
dir=$WORK/data

# status NS URL [CURL ARGS...]: the HTTP status; the body goes to WORK/body.
status() { local ns=$1 url=$2; shift 2; ip netns exec "$ns" curl -s -o "$WORK/body" -w '%{http_code}' "$@" "$url"; }

SIM_WRAP="ip netns exec $srv" start_sim open --listen :0 --data-dir "$dir" --log-format off
url=$(wait_ready open "$SIM_PID")
port=${url##*:}
remote=http://10.213.7.1:$port
echo "listening on every interface, port $port"

[ "$(status "$cli" "$remote/_sim/clock")" = 403 ] || fail "a remote control call was not refused: $(cat "$WORK/body")"
grep -q CONTROL_API_LOOPBACK_ONLY "$WORK/body" || fail "the 403 does not name CONTROL_API_LOOPBACK_ONLY: $(cat "$WORK/body")"
grep -q -- "--control-token" "$WORK/body" && grep -q -- "--control-open" "$WORK/body" || fail "the 403 does not name the way out"
echo "remote control call: 403 $(cat "$WORK/body")"
[ "$(status "$cli" "$remote/_sim/health")" = 200 ] || fail "health is not open to remote peers"
in_cli "$BIN" call inquiryPayment '{"paymentRequestId":"x"}' --url "$remote" --data-dir "$dir" > "$WORK/api" ||
  fail "Antom's API did not answer a remote peer"
grep -q ORDER_NOT_EXIST "$WORK/api" || fail "unexpected API answer $(cat "$WORK/api")"
[ "$(status "$srv" "http://127.0.0.1:$port/_sim/clock")" = 200 ] || fail "loopback IPv4 lost the control API"
[ "$(status "$srv" "http://[::1]:$port/_sim/clock")" = 200 ] || fail "loopback IPv6 lost the control API (not dual-stack?)"
stop_all

SIM_WRAP="ip netns exec $srv" start_sim opened --listen 0.0.0.0:0 --data-dir "$dir" --log-format off --control-open
port=$(wait_ready opened "$SIM_PID"); port=${port##*:}
[ "$(status "$cli" "http://10.213.7.1:$port/_sim/clock")" = 200 ] || fail "--control-open did not open the control API"
stop_all

SIM_WRAP="env ANTOM_SIM_CONTROL_TOKEN=t0ken ip netns exec $srv" start_sim token --listen :0 --data-dir "$dir" --log-format off
port=$(wait_ready token "$SIM_PID"); port=${port##*:}
[ "$(status "$cli" "http://10.213.7.1:$port/_sim/clock")" = 401 ] || fail "a token-less remote call was not refused"
[ "$(status "$cli" "http://10.213.7.1:$port/_sim/clock" -H 'Authorization: Bearer t0ken')" = 200 ] ||
  fail "the control token did not admit a remote peer"
echo ok
