#!/usr/bin/env bash
# Without --seed, ids and tokens differ between runs (the seed is drawn from the OS and printed on
# the ready line); --seed N replays a run's ids, and --seed keeps runs deterministic.
set -euo pipefail
BIN=$(realpath "$1")
EXAMPLES=$(realpath "$2")/examples
WORK=$(mktemp -d /tmp/antom-seeds.XXXXXX)
source "$(dirname "$0")/lib.sh"
trap 'stop_all; rm -rf "$WORK"' EXIT
dir=$WORK/data

# run NAME [ARGS...]: one start on the shared data directory; prints "SEED TOKEN PAYMENT_ID" (the
# ids without their leading date, which follows the wall clock).
run() {
  local name=$1; shift
  start_sim "$name" --listen 127.0.0.1:0 --data-dir "$dir" --log-format off "$@"
  local pid=$SIM_PID url token payment seed
  url=$(wait_ready "$name" "$pid")
  seed=$(grep -o ' seed [0-9]*' "$WORK/$name.out" | awk '{print $2}')
  token=$(curl -sf -X POST "$url/_sim/authorizations/tokens" -d '{"customerBelongsTo":"GCASH"}' | jq -r .accessToken)
  payment=$("$BIN" call pay @"$EXAMPLES/pay.json" --url "$url" --data-dir "$dir" \
              --set paymentMethod.paymentMethodId="$token" | jq -r .paymentId)
  [ -n "$token" ] && [ "$payment" != null ] || fail "$name: no token or payment"
  stop_sim "$pid"
  echo "$seed ${token:8} ${payment:8}"
}

a=$(run a); b=$(run b)
echo "run a: $a"; echo "run b: $b"
read -r seed_a token_a pay_a <<< "$a"; read -r seed_b token_b pay_b <<< "$b"
[ "$seed_a" != "$seed_b" ] || fail "two runs drew one seed"
[ "$token_a" != "$token_b" ] || fail "two runs handed out one access token"
[ "$pay_a" != "$pay_b" ] || fail "two runs handed out one paymentId"
grep -q "seed $seed_a (drawn at start; --seed $seed_a replays this run)" "$WORK/a.out" || fail "the ready line does not say how to replay"

replay=$(run replay --seed "$seed_a")
echo "replay of a: $replay"
[ "$replay" = "$a" ] || fail "--seed $seed_a did not replay run a"
c=$(run c --seed 42); d=$(ANTOM_SIM_SEED=42 run d)
[ "$c" = "$d" ] || fail "--seed 42 and ANTOM_SIM_SEED=42 differ: $c / $d"
grep -q "seed 42$" "$WORK/c.out" || fail "a given seed is printed without the replay note"
echo ok
