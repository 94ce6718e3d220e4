#!/usr/bin/env bash
# The recipes (docs/ci-recipes.md, README.md, Dockerfile) use only what exists: every ANTOM_SIM_*
# variable and every antom-sim flag is in `antom-sim --help` (or `antom-sim call --help`), every
# /_sim/ path is a registered control route, the Dockerfile installs through
# scripts/install-deb-and-run.sh, and its HEALTHCHECK command, as written but moved to a free port,
# fails with nothing listening and passes against a live antom-sim.
#   tests/examples/recipes_check.sh ANTOM_SIM_BINARY SOURCE_DIR
set -euo pipefail
bin=$(realpath "${1:?usage: recipes_check.sh ANTOM_SIM_BINARY SOURCE_DIR}"); src=$(cd "${2:?}" && pwd)
files=("$src/docs/ci-recipes.md" "$src/README.md" "$src/Dockerfile")
help=$("$bin" --help; "$bin" call --help 2>/dev/null || true)
routes=$(grep -o '`/_sim/[^`]*`' "$src/docs/control-routes.md" | tr -d '`')
bad=0
problem() { echo "recipes: $*"; bad=1; }

for var in $(grep -oh 'ANTOM_SIM_[A-Z_]*' "${files[@]}" | sort -u); do
  grep -q "$var" <<<"$help" || problem "$var is not in antom-sim --help"
done
# Flags on antom-sim command lines (not the `antom-sim call` ones, which call's own usage covers).
for flag in $(grep -h 'antom-sim --\|antom-sim/build/antom-sim --' "${files[@]}" | grep -v 'antom-sim call' |
              grep -o -- ' --[a-z][a-z-]*' | sort -u); do
  grep -q -- "$flag" <<<"$help" || problem "flag$flag is not in antom-sim --help"
done
# Flags the prose names (`--flag ...`).
for flag in $(grep -oh -- '`--[a-z][a-z-]*' "$src/README.md" "$src/docs/ci-recipes.md" | tr -d '`' | sort -u); do
  grep -q -- "$flag" <<<"$help" || problem "flag $flag (named in the prose) is not in antom-sim --help"
done
# /_sim/ paths: each must match a route pattern ({name} matches one segment).
for path in $(grep -oh '/_sim/[a-z][a-z./-]*[a-z]' "${files[@]}" | sort -u); do
  found=0
  while IFS= read -r route; do
    re="^$(sed 's/{[^}]*}/[^\/]+/g' <<<"$route")$"
    [[ $path =~ $re ]] && { found=1; break; }
  done <<<"$routes"
  ((found)) || problem "$path is not a control route (docs/control-routes.md)"
done

grep -q 'install-deb-and-run.sh /tmp/antom-sim/antom-sim_\*.deb' "$src/Dockerfile" ||
  problem "the Dockerfile does not install through scripts/install-deb-and-run.sh"

# The HEALTHCHECK's exec form as written, moved to a free port: fails with nothing listening, passes against antom-sim.
health_cmd=$(grep -A1 '^HEALTHCHECK' "$src/Dockerfile" | sed -n 's/^ *CMD //p')
[[ -n $health_cmd ]] || problem "no HEALTHCHECK CMD in the Dockerfile"
command -v node >/dev/null || { echo "node not found (scripts/setup.sh --tests installs it)"; exit 1; }
mapfile -d '' argv < <(node -e 'for (const a of JSON.parse(process.argv[1])) process.stdout.write(a + "\0")' "$health_cmd")
grep -q '/dev/tcp/127.0.0.1/8080' <<<"${argv[*]}" || problem "the HEALTHCHECK does not ask port 8080"
# The same command on a free port (8080 may be taken on a shared machine).
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
argv=("${argv[@]//\/dev\/tcp\/127.0.0.1\/8080//dev/tcp/127.0.0.1/$port}")
"${argv[@]}" 2>/dev/null && problem "the HEALTHCHECK passes with nothing listening"
data=$(mktemp -d)
"$bin" --listen "127.0.0.1:$port" --data-dir "$data" --log-format off >"$data/out" 2>&1 &
pid=$!
for _ in $(seq 1 100); do grep -q ' ready: ' "$data/out" && break; sleep 0.1; done
"${argv[@]}" || problem "the HEALTHCHECK command fails against a running antom-sim"
kill "$pid"; wait "$pid" 2>/dev/null || true
rm -rf "$data"
((bad == 0)) || exit 1
echo "recipes: every variable, flag and /_sim/ path exists; the HEALTHCHECK works"
