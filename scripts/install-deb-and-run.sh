#!/usr/bin/env bash
# Runs inside a Debian 12 root (the debootstrap chroot of scripts/package-smoke.sh, and the
# Dockerfile's runtime stage), so the package test and the image cannot drift:
#   1. installs the antom-sim .deb with apt, so its dependencies resolve from Debian's mirror;
#   2. creates the system user antom-sim and its data directory /var/lib/antom-sim;
#   3. proves the installed package alone works: as that user, from an empty directory, starts
#      antom-sim on a free loopback port with a fresh data directory, checks its built-in scenario
#      catalog (all of it when ANTOM_EXPECTED_SCENARIOS gives the count), mints a buyer's access token
#      (POST /_sim/authorizations/tokens), makes a signed pay with `antom-sim call` (which checks
#      the response signature), and stops it. --no-run skips this step.
# Needs only bash, apt and util-linux (nothing from the source tree, no curl).
# Usage: install-deb-and-run.sh [--no-run] PATH/TO/antom-sim_VERSION_ARCH.deb
set -euo pipefail
run=1
if [[ "${1:-}" == "--no-run" ]]; then run=0; shift; fi
deb=${1:?usage: install-deb-and-run.sh [--no-run] PATH/TO/antom-sim_VERSION_ARCH.deb}
step() { echo "install-deb-and-run: $*"; }
fail() { echo "install-deb-and-run: FAILED: $*" >&2; exit 1; }

[[ -f "$deb" ]] || fail "no package at $deb"
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")
export DEBIAN_FRONTEND=noninteractive
step "apt-get install $deb"
apt-get update -qq || fail "apt-get update: is Debian's mirror reachable from this root (/etc/apt/sources.list, /etc/resolv.conf)?"
apt-get install -y -qq --no-install-recommends "$deb" >/dev/null || fail "apt-get could not install $deb (see above)"
rm -rf /var/lib/apt/lists/*
command -v antom-sim >/dev/null || fail "the package installed no antom-sim on PATH"
antom-sim --version

step "user antom-sim, data directory /var/lib/antom-sim"
getent passwd antom-sim >/dev/null ||
  useradd --system --user-group --home-dir /var/lib/antom-sim --shell /usr/sbin/nologin antom-sim
install -d -o antom-sim -g antom-sim -m 0750 /var/lib/antom-sim
((run)) || exit 0

work=$(mktemp -d /tmp/antom-sim-smoke.XXXXXX)
chown antom-sim:antom-sim "$work"
cd "$work"
pid=
cleanup() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  cd /; rm -rf "$work"
}
trap cleanup EXIT
as_user() { runuser -u antom-sim -- "$@"; }

step "start antom-sim as user antom-sim in $work"
# setpriv execs antom-sim itself (runuser would stay its parent), so $! is antom-sim and cleanup stops it.
setpriv --reuid=antom-sim --regid=antom-sim --init-groups antom-sim --listen 127.0.0.1:0 --data-dir "$work/data" \
  >"$work/out" 2>"$work/err" &
pid=$!
url=
for _ in $(seq 1 150); do
  url=$(grep -so 'ready: http://127\.0\.0\.1:[0-9]*' "$work/out" | head -1 | sed 's/^ready: //') || true
  [[ -n $url ]] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/out" "$work/err" >&2; fail "antom-sim exited before its ready line"; }
  sleep 0.2
done
[[ -n $url ]] || { cat "$work/out" "$work/err" >&2; fail "antom-sim printed no ready line within 30 s"; }
port=${url##*:}
step "ready at $url"

# A control call with bash's /dev/tcp (minimal roots have no curl): METHOD PATH [JSON] -> body.
control() {
  local body=${3:-} reply
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
    "$1" "$2" "${#body}" "$body" >&3
  reply=$(cat <&3)
  exec 3<&-
  printf '%s' "${reply#*$'\r\n\r\n'}"
}
health=$(control GET /_sim/health)
[[ $health == *'"ready"'* ]] || fail "GET /_sim/health answered: $health"
builtin=$(control GET /_sim/scenarios | grep -o '"origin":"built-in:' | wc -l)
[[ $builtin -gt 0 ]] || fail "GET /_sim/scenarios lists no built-in scenario"
[[ -z ${ANTOM_EXPECTED_SCENARIOS:-} || $builtin == "$ANTOM_EXPECTED_SCENARIOS" ]] ||
  fail "the installed antom-sim has $builtin built-in scenarios, the catalog $ANTOM_EXPECTED_SCENARIOS"
step "$builtin built-in scenarios"
token=$(control POST /_sim/authorizations/tokens '{"customerBelongsTo":"ALIPAY_CN","scopes":["AGREEMENT_PAY"]}' |
  grep -o '"accessToken":"[^"]*"' | cut -d'"' -f4) || true
[[ -n $token ]] || fail "POST /_sim/authorizations/tokens gave no accessToken"

step "signed pay with antom-sim call"
cat >"$work/pay.json" <<JSON
{"productCode":"AGREEMENT_PAYMENT","paymentRequestId":"smoke-$$-$RANDOM",
 "order":{"referenceOrderId":"smoke-order","orderDescription":"package smoke test","orderAmount":{"currency":"CNY","value":"1000"}},
 "paymentAmount":{"currency":"CNY","value":"1000"},
 "paymentMethod":{"paymentMethodType":"ALIPAY_CN","paymentMethodId":"$token"}}
JSON
chown antom-sim:antom-sim "$work/pay.json"
reply=$(as_user antom-sim call pay "@$work/pay.json" --url "$url" --data-dir "$work/data") ||
  { echo "$reply" >&2; cat "$work/err" >&2; fail "antom-sim call pay failed"; }
echo "$reply"
[[ $reply == *'"resultStatus":"S"'* && $reply == *'"paymentId"'* ]] ||
  fail "pay did not answer SUCCESS with a paymentId"
step "OK: the installed package answered a signed pay"
