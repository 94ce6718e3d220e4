#!/usr/bin/env bash
# Installs what is missing, builds, and starts antom-sim with its built-in demo merchant.
# Extra arguments go to antom-sim (see build/antom-sim --help).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec build/antom-sim "$@"
