#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test under ctest: first the Release build; then
# the Debian package in a clean Debian 12 root (scripts/package-smoke.sh: needs root and Debian's
# mirror, the root is cached in build/package-smoke/; PACKAGE_SMOKE=0 skips it); then every fuzz
# target for FUZZ_SECONDS (default 60) under ASan and UBSan (scripts/fuzz/run.sh; FUZZ=0 skips
# it); then the same tests built with AddressSanitizer and UndefinedBehaviorSanitizer
# (build-asan/), where a string_view outliving its string or a handler keeping the sender alive
# after shutdown fails a test instead of passing by luck. SANITIZE=0 skips that last pass.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
ctest --test-dir build --output-on-failure --timeout 900
if [[ "${PACKAGE_SMOKE:-1}" != 0 ]]; then
  scripts/package-smoke.sh build
fi
if [[ "${FUZZ:-1}" != 0 ]]; then
  scripts/fuzz/run.sh "${FUZZ_SECONDS:-60}"
fi
if [[ "${SANITIZE:-1}" != 0 ]]; then
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DBUILD_TESTING=ON \
    -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
  cmake --build build-asan -j "$(nproc)"
  ctest --test-dir build-asan --output-on-failure --timeout 900
fi
