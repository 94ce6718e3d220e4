#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test under ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
ctest --test-dir build --output-on-failure --timeout 900
