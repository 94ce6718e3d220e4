#!/usr/bin/env bash
# cmake --install into a temporary prefix, then the installed tree, moved elsewhere, used the way a
# user would: from an empty directory, with the source and build trees out of reach (hidden under an
# empty tmpfs in a private mount namespace when we are root), antom-sim serves the full scenario
# catalog and answers a signed pay made with the installed `antom-sim call`.
#   tests/install/run.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
fail() { echo "install: FAILED: $*" >&2; exit 1; }

if [[ ${ANTOM_INSTALL_INSIDE:-} == 1 ]]; then  # runs from the moved prefix, trees hidden
  [[ ! -e $HIDDEN/CMakeLists.txt ]] || fail "the source tree is still visible at $HIDDEN"
  bin=$PWD/prefix/bin/antom-sim
  mkdir run && cd run
  "$bin" --listen 127.0.0.1:0 --data-dir data --log-format off >out.txt 2>err.txt &
  pid=$!
  trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 300); do grep -q ' ready: ' out.txt && break; sleep 0.1; done
  url=$(grep ' ready: ' out.txt | grep -o 'http://127\.0\.0\.1:[0-9]*' | head -1) || true
  [[ -n $url ]] || { cat out.txt err.txt; fail "the installed antom-sim printed no ready line"; }
  count=$(curl -sf "$url/_sim/scenarios" | jq '.scenarios | length')
  [[ $count == "$EXPECTED" ]] || fail "the installed antom-sim has $count scenarios, the catalog $EXPECTED"
  token=$(curl -sf "$url/_sim/authorizations/tokens" -d '{"customerBelongsTo":"ALIPAY_CN","scopes":["AGREEMENT_PAY"]}' |
    jq -r .accessToken)
  body='{"productCode":"AGREEMENT_PAYMENT","paymentRequestId":"install-1","order":{"referenceOrderId":"o1",
    "orderDescription":"installed","orderAmount":{"currency":"CNY","value":"1000"}},
    "paymentAmount":{"currency":"CNY","value":"1000"},
    "paymentMethod":{"paymentMethodType":"ALIPAY_CN","paymentMethodId":"'$token'"}}'
  reply=$("$bin" call pay "$body" --url "$url" --data-dir data) || { echo "$reply"; cat err.txt; fail "antom-sim call pay failed"; }
  [[ $(jq -r .result.resultStatus <<<"$reply") == S && $(jq -r .paymentId <<<"$reply") != null ]] ||
    { echo "$reply"; fail "the signed pay did not succeed"; }
  echo "installed antom-sim: $count scenarios, signed pay $(jq -r .paymentId <<<"$reply")"
  exit 0
fi

build=$(cd "${1:?usage: run.sh BUILD_DIR SOURCE_DIR}" && pwd); src=$(cd "${2:?}" && pwd)
for tool in curl jq cmake; do command -v $tool >/dev/null || fail "$tool not found (scripts/setup.sh --tests)"; done
work=$(mktemp -d /tmp/antom-install.XXXXXX)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/staged" >"$work/install.log" || { cat "$work/install.log"; fail "cmake --install"; }
for f in bin/antom-sim share/man/man1/antom-sim.1.gz share/doc/antom-sim/README.md share/doc/antom-sim/docs/api.md \
         share/doc/antom-sim/docs/images/portal-payment-desktop.png \
         share/doc/antom-sim/examples/pay.json share/doc/antom-sim/examples/receiver.mjs; do
  [[ -f $work/staged/$f ]] || fail "cmake --install did not install $f"
done
# The man page is made from --help and call --help: every flag of both is in it.
man_text=$(zcat "$work/staged/share/man/man1/antom-sim.1.gz" | sed 's/\\-/-/g')
for flag in $({ "$work/staged/bin/antom-sim" --help; "$work/staged/bin/antom-sim" call --help; } |
              grep -o -- '--[a-z][a-z-]*' | sort -u); do
  grep -q -- "$flag" <<<"$man_text" || fail "the man page lacks $flag"
done
mv "$work/staged" "$work/prefix"   # a moved install: nothing may depend on the install path
cp "$0" "$work/test.sh"
cd "$work"
export EXPECTED=$(ls "$src"/scenarios/catalog/*.json | wc -l) ANTOM_INSTALL_INSIDE=1 HIDDEN=$src
if [[ $(id -u) == 0 ]] && unshare -m true 2>/dev/null; then
  echo "source tree ($src, build tree inside it: $build) hidden under an empty tmpfs"
  mounts="mount -t tmpfs none '$src'"
  [[ $build == "$src"/* ]] || mounts+=" && mount -t tmpfs none '$build'"
  unshare -m bash -c "$mounts && bash ./test.sh"
else
  echo "not root: the source tree stays visible"
  HIDDEN=$work/nothing bash ./test.sh
fi
