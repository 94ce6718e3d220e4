# Helpers the tests/cli/*.sh tests source: start antom-sim processes, wait for their ready line,
# stop them, fail with a message. Expects BIN (the antom-sim binary) and WORK (a temp directory).
# shellcheck shell=bash
PIDS=()

fail() { echo "FAIL: $*" >&2; exit 1; }

# start_sim NAME [ARGS...]: starts antom-sim (stdout WORK/NAME.out, stderr WORK/NAME.err) under the
# optional wrapper in SIM_WRAP (e.g. "ip netns exec ns"); sets SIM_PID.
start_sim() {
  local name=$1; shift
  ${SIM_WRAP:-} "$BIN" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" &
  SIM_PID=$!
  PIDS+=("$SIM_PID")
}

# wait_ready NAME PID: waits (up to 120 s on a loaded machine) for the ready line; prints the first http URL.
wait_ready() {
  local name=$1 pid=$2
  for _ in $(seq 1 1200); do
    if grep -q ' ready: ' "$WORK/$name.out" 2>/dev/null; then
      grep -o 'http://[^ ]*' "$WORK/$name.out" | head -1
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || fail "$name exited before it was ready: $(cat "$WORK/$name.err")"
    sleep 0.1
  done
  fail "$name printed no ready line"
}

stop_sim() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

stop_all() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}

# A signed request the simulator answers whatever its state: an unknown payment.
signed_inquiry() {  # signed_inquiry URL DATA_DIR -> prints the answer; fails unless signed both ways and verified
  local answer
  answer=$("$BIN" call inquiryPayment '{"paymentRequestId":"no-such-payment"}' --url "$1" --data-dir "$2") ||
    fail "antom-sim call against $1 failed"
  [ "$(jq -r .result.resultCode <<< "$answer")" = ORDER_NOT_EXIST ] ||
    fail "expected ORDER_NOT_EXIST (the request's signature verified) from $1, got $answer"
}

# Checksums and inode numbers of every file, to show that nothing was rewritten.
fingerprint() {
  (cd "$1" && for f in $(ls -A | sort); do
    if [ -f "$f" ]; then echo "$f $(stat -c %i "$f") $(sha256sum < "$f")"; else echo "$f $(stat -c '%i %F' "$f")"; fi
  done)
}
