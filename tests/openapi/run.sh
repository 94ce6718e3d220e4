#!/usr/bin/env bash
# Lints GET /_sim/openapi.json of a freshly started antom-sim with Redocly's OpenAPI linter
# (recommended-strict, redocly.yaml). The linter is installed from npm on first use into a cache
# next to the binary (the build directory); antom-sim itself downloads nothing.
# Usage: tests/openapi/run.sh /path/to/antom-sim
set -euo pipefail
binary=${1:?usage: run.sh ANTOM_SIM_BINARY}
here=$(cd "$(dirname "$0")" && pwd)
cache=${OPENAPI_LINT_CACHE:-$(cd "$(dirname "$binary")" && pwd)/openapi-lint}

if [[ ! -x $cache/node_modules/.bin/redocly ]] || ! cmp -s "$here/package-lock.json" "$cache/package-lock.json"; then
  mkdir -p "$cache"
  cp "$here/package.json" "$here/package-lock.json" "$cache/"
  (cd "$cache" && npm ci --no-audit --no-fund >&2)
fi

lint() {
  local doc
  doc=$(mktemp --suffix=.json)
  trap 'rm -f "$doc"' RETURN
  curl -sSf "$SIM_URL/_sim/openapi.json" -o "$doc"
  # The document must be the route table: every path and method the index lists, and no other.
  local listed described
  listed=$(curl -sSf "$SIM_URL/_sim/" | jq -r '.endpoints[] | "\(.method) \(.path)"' | sort)
  described=$(jq -r '.paths | to_entries[] | .key as $p | .value | keys[] | "\(ascii_upcase) \($p)"' "$doc" | sort)
  if [[ $listed != "$described" ]]; then
    echo "GET /_sim/ and /_sim/openapi.json disagree:" >&2
    diff <(echo "$listed") <(echo "$described") >&2 || true
    return 1
  fi
  NO_COLOR=1 REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true "$cache/node_modules/.bin/redocly" lint --config "$here/redocly.yaml" "$doc"
}
export -f lint
export cache here
exec bash "$here/../support/with_sim.sh" "$binary" bash -c lint
