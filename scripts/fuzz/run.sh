#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer, Debian's clang): builds the targets of tests/fuzz in their own
# build directory and runs each for SECONDS, starting from its seed corpus in tests/fuzz/corpus/.
# Fails on any finding (crash, leak, undefined behaviour, timeout, out of memory); the input that
# found it is kept in $BUILD/findings/<target>/ and the command to replay it is printed.
#   scripts/fuzz/run.sh                    # every target, 60 s each, ASan+UBSan (CI: about 8 minutes)
#   scripts/fuzz/run.sh 45 body_parse      # some targets
#   FUZZ_SANITIZERS= scripts/fuzz/run.sh 1800   # the long run: instrumentation for coverage only
# Environment: FUZZ_SANITIZERS (default address,undefined), FUZZ_BUILD_DIR (default build-fuzz, or
# build-fuzz-plain without sanitizers), FUZZ_JOBS (parallel build jobs), FUZZ_ARGS (extra libFuzzer flags).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shift || true
sanitizers=${FUZZ_SANITIZERS-address,undefined}
build=${FUZZ_BUILD_DIR:-build-fuzz}
[[ -z "$sanitizers" && -z "${FUZZ_BUILD_DIR:-}" ]] && build=build-fuzz-plain

command -v clang++ >/dev/null || { echo "fuzz: clang++ is missing (scripts/setup.sh --tests installs it)" >&2; exit 1; }
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++ -DBUILD_TESTING=OFF \
  -DANTOM_FUZZ=ON -DANTOM_FUZZ_SANITIZERS="$sanitizers" "${launcher[@]}" >/dev/null
cmake --build "$build" -j "${FUZZ_JOBS:-$(nproc)}"

targets=("$@")
if ((${#targets[@]} == 0)); then
  for dir in tests/fuzz/corpus/*/; do targets+=("$(basename "$dir")"); done
fi

# UBSan reports end the run (halt_on_error) except the library defects named in ubsan.supp.
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$PWD/tests/fuzz/ubsan.supp${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

failed=()
for t in "${targets[@]}"; do
  bin="$build/fuzz/fuzz_$t"
  [[ -x "$bin" ]] || { echo "fuzz: no target $t" >&2; exit 2; }
  # New inputs go to a working corpus in the build directory; the repository's seeds stay as they are.
  work="$build/corpus/$t"
  findings="$build/findings/$t"
  mkdir -p "$work" "$findings"
  log="$build/fuzz-$t.log"
  echo "== fuzz $t: ${seconds}s (${sanitizers:-no sanitizers})"
  status=0
  # -timeout: an input taking 10 s is a hang; -rss_limit_mb: growth past 2 GB is a finding.
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$findings/" ${FUZZ_ARGS:-} "$work" "tests/fuzz/corpus/$t" >"$log" 2>&1 || status=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  echo "   executions: ${execs:-?}  corpus: $(ls "$work" | wc -l) files  exit: $status"
  if ((status != 0)); then
    failed+=("$t")
    grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$log" | head -20
    echo "   replay: $bin $findings/<file>   (log: $log)"
  fi
done

if ((${#failed[@]})); then
  echo "fuzz: findings in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: no findings"
