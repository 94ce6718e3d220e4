#!/usr/bin/env bash
# Installs what antom-sim needs from Debian 12 packages (only what is missing) and builds it.
#   scripts/setup.sh            build dependencies, then build/antom-sim
#   scripts/setup.sh --tests    also what the tests need (chromium, node and npm for the browser and Node client tests;
#                               python3-cryptography for scripts/soak)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake ninja-build libboost1.81-dev rapidjson-dev libssl-dev openssl)
if [[ "${1:-}" == "--tests" ]]; then
  packages+=(doctest-dev chromium python3 python3-cryptography)
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

build_type=${BUILD_TYPE:-Release}
tests=OFF
[[ "${1:-}" == "--tests" ]] && tests=ON
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$build_type" -DBUILD_TESTING="$tests" >/dev/null
cmake --build build -j "$(nproc)"
