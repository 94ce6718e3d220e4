#!/usr/bin/env bash
# Installs what antom-sim needs from Debian 12 packages (only what is missing) and builds it.
#   scripts/setup.sh            build dependencies, then build/antom-sim
#   scripts/setup.sh --tests    also what the tests need (chromium, node and npm for the browser and Node client tests;
#                               curl, jq, iproute2 and nginx-light for the tests of the binary in tests/cli;
#                               debootstrap for the package test; python3 for scripts/mutate and scripts/fuzz;
#                               clang and its libFuzzer runtime for scripts/fuzz/run.sh;
#                               python3-cryptography for scripts/soak; promtool, which checks GET /metrics in
#                               tests/e2e/metrics_test.cpp, taken out of Debian's prometheus package without
#                               installing it, so no Prometheus server is ever set up or started)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake ninja-build libboost1.81-dev rapidjson-dev libssl-dev openssl help2man dpkg-dev file)
if [[ "${1:-}" == "--tests" ]]; then
  # curl, jq: tests/cli, the walkthrough and install tests; iproute2: network namespaces in tests/cli;
  # debootstrap: the package test (scripts/package-smoke.sh); python3: scripts/mutate, scripts/fuzz;
  # clang, libclang-rt-14-dev: the libFuzzer targets (scripts/fuzz/run.sh); python3-cryptography: scripts/soak;
  # nginx-light: the recipe of two instances behind a proxy (tests/cli/nginx_proxy.sh)
  packages+=(doctest-dev chromium curl jq iproute2 debootstrap python3 clang libclang-rt-14-dev python3-cryptography nginx-light)
  command -v node >/dev/null 2>&1 || packages+=(nodejs)
  command -v npm >/dev/null 2>&1 || packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# promtool alone: only its binary (linked to libc only) is extracted from the package into
# /usr/local/bin; installing the package would also install and start a Prometheus server.
if [[ "${1:-}" == "--tests" ]] && ! command -v promtool >/dev/null 2>&1; then
  echo "installing: promtool (from the prometheus package, extracted)"
  export DEBIAN_FRONTEND=noninteractive
  ((${#missing[@]})) || apt-get update -qq
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  chmod 777 "$work"  # apt downloads as its sandbox user (_apt)
  (cd "$work" && apt-get download -qq prometheus)
  dpkg-deb --fsys-tarfile "$work"/prometheus_*.deb | tar -x -C "$work" ./usr/bin/promtool
  install -m 755 "$work/usr/bin/promtool" /usr/local/bin/promtool
fi

build_type=${BUILD_TYPE:-Release}
tests=OFF
[[ "${1:-}" == "--tests" ]] && tests=ON
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$build_type" -DBUILD_TESTING="$tests" >/dev/null
cmake --build build -j "$(nproc)"
