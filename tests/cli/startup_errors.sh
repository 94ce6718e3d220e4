#!/usr/bin/env bash
# Bad start-up input stops antom-sim with ONE line naming the file, variable or flag and what to
# do, and a non-zero exit; nothing already on disk changes.
set -euo pipefail
BIN=$(realpath "$1")
WORK=$(mktemp -d /tmp/antom-start-errors.XXXXXX)
source "$(dirname "$0")/lib.sh"
trap 'stop_all; rm -rf "$WORK"' EXIT

# refuses NAME EXPECTED-TEXT... -- COMMAND...: COMMAND must fail with one stderr line holding every text.
refuses() {
  local name=$1; shift
  local want=()
  while [ "$1" != -- ]; do want+=("$1"); shift; done
  shift
  if "$@" > "$WORK/$name.out" 2> "$WORK/$name.err"; then fail "$name: started"; fi
  echo "$name: $(cat "$WORK/$name.err")"
  [ "$(wc -l < "$WORK/$name.err")" = 1 ] || fail "$name: expected one line on stderr"
  for w in "${want[@]}"; do grep -qF -- "$w" "$WORK/$name.err" || fail "$name: the line does not say '$w'"; done
}

good=$WORK/good
start_sim good --listen 127.0.0.1:0 --data-dir "$good" --log-format off
url=$(wait_ready good "$SIM_PID")
port=${url##*:}

refuses port-in-use "--listen 127.0.0.1:$port" "in use" "port 0" -- "$BIN" --listen "127.0.0.1:$port" --data-dir "$good"
refuses bad-env ANTOM_SIM_THREADS=lots "1..256" -- env ANTOM_SIM_THREADS=lots "$BIN" --data-dir "$good"
refuses bad-env-list "ANTOM_SIM_LISTEN=" "HOST:PORT" -- env ANTOM_SIM_LISTEN=127.0.0.1:0,nowhere "$BIN"
refuses bad-flag "--seed" "non-negative integer" -- "$BIN" --seed=-1
touch "$WORK/a-file"
refuses dir-is-file "$WORK/a-file" "not a directory" "--data-dir" -- "$BIN" --listen 127.0.0.1:0 --data-dir "$WORK/a-file"
refuses dir-uncreatable "/proc/antom-sim-test" "cannot create" "--data-dir" -- "$BIN" --listen 127.0.0.1:0 --data-dir /proc/antom-sim-test

# A --config file: malformed JSON is placed by line and column; unknown keys and fields, and a
# client id given twice, are named (the rules of POST /_sim/merchants).
key=$(curl -s "$url/_sim/keys" | jq -r .publicKey)  # any RSA public key will do
printf '{"merchants": [\n  {"clientId": "A" "publicKey": "x"}\n]}\n' > "$WORK/syntax.json"
refuses config-syntax "$WORK/syntax.json" "not valid JSON at line 2, column 20" -- "$BIN" --listen 127.0.0.1:0 --data-dir "$good" --config "$WORK/syntax.json"
printf '{"merchants": [], "merchant": []}' > "$WORK/top-key.json"
refuses config-unknown-key "$WORK/top-key.json" "unknown key 'merchant'" -- "$BIN" --listen 127.0.0.1:0 --data-dir "$good" --config "$WORK/top-key.json"
printf '{"merchants": [{"clientId": "A", "publicKey": "%s", "notifyURL": "http://127.0.0.1:9/n"}]}' "$key" > "$WORK/field.json"
refuses config-unknown-field "merchants[0]" "unknown field 'notifyURL'" -- "$BIN" --listen 127.0.0.1:0 --data-dir "$good" --config "$WORK/field.json"
printf '{"merchants": [{"clientId": "A", "publicKey": "%s"}, {"clientId": "A", "publicKey": "%s"}]}' "$key" "$key" > "$WORK/twice.json"
refuses config-duplicate "merchants[1]" "clientId A is also merchants[0]" -- "$BIN" --listen 127.0.0.1:0 --data-dir "$good" --config "$WORK/twice.json"
printf '{"merchants": [{"clientId": "A", "publicKey": "%s", "notifyUrl": "notify.example"}]}' "$key" > "$WORK/url.json"
refuses config-bad-url "merchants[0]" "notifyUrl" -- "$BIN" --listen 127.0.0.1:0 --data-dir "$good" --config "$WORK/url.json"

# A damaged key file is named and left as it is; so is every other file.
broken=$WORK/broken
cp -a "$good" "$broken"
echo "not a key" > "$broken/antom-private-key.pem"
before=$(fingerprint "$broken")
refuses corrupt-key "$broken/antom-private-key.pem" "not an RSA private key" -- "$BIN" --listen 127.0.0.1:0 --data-dir "$broken"
[ "$(fingerprint "$broken")" = "$before" ] || fail "corrupt-key: files changed"

unreadable=$WORK/unreadable
cp -a "$good" "$unreadable"
rm "$unreadable/demo-merchant-private-pkcs8.pem" && mkdir "$unreadable/demo-merchant-private-pkcs8.pem"
before=$(fingerprint "$unreadable")
refuses unreadable-key "demo-merchant-private-pkcs8.pem" "cannot read" -- "$BIN" --listen 127.0.0.1:0 --data-dir "$unreadable"
[ "$(fingerprint "$unreadable")" = "$before" ] || fail "unreadable-key: files changed"

# A lock that cannot be taken (its path is taken by a directory): named, nothing made.
locked=$WORK/locked
mkdir -p "$locked/.antom-sim.lock"
refuses lock-unusable "$locked/.antom-sim.lock" "cannot be opened" "--data-dir" -- "$BIN" --listen 127.0.0.1:0 --data-dir "$locked"
[ "$(ls -A "$locked")" = .antom-sim.lock ] || fail "lock-unusable: files were made without the lock: $(ls -A "$locked")"

# A lock held by another process (flock(1)) for a while: the instance waits for it, then starts.
waiting=$WORK/waiting
mkdir "$waiting"
flock "$waiting/.antom-sim.lock" sleep 2 &
holder=$!
for _ in $(seq 1 100); do flock -n "$waiting/.antom-sim.lock" true 2>/dev/null || break; sleep 0.05; done
start_sim waiting --listen 127.0.0.1:0 --data-dir "$waiting" --log-format off
url=$(wait_ready waiting "$SIM_PID")
wait "$holder"
signed_inquiry "$url" "$waiting"
echo "an instance waited for a held lock, then started"
echo ok
