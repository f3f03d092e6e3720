#!/usr/bin/env bash
# Load benchmark of the reference API on loopback (a measurement, not a test): requests/s and
# latency percentiles for GET /config, POST /login (argon2-bound) and an OTP step (a wrong
# code at the login's OTP step: session and token look-ups, three HMACs, the failure counter
# and the audit row), then a steady 20 logins/s from an open-loop generator (p50/p90/p99, known
# and unknown contract IDs), and passkey logins (a challenge and its signed answer, over 16
# customers). Uses the release binary, wrk (Debian) and python3.
#
#   scripts/bench-api.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
duration=${1:-10}
connections=${2:-8}
source scripts/bench/customer.sh
ensure_wrk
cargo build --release -p otp-server --quiet
cargo build --release -p otp-server --example passkey_login_load --quiet
bin=target/release/otp-server
work=$(mktemp -d)
pid=
trap '[[ -n $pid ]] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT
port=$(free_port)
base="http://127.0.0.1:$port/api/v1"
db="$work/bench.sqlite3"

# Locks would end the benchmarks after five requests (and at most five attempts of one contract
# are judged at once): raise the thresholds for them. All the
# load comes from one address: the throttle is off, so that this measures the server's work
# (the throttle's own cost is in the attack script's figures).
OTP_PORTAL_SECURITY_MAX_OTP_FAILURES=1000000 OTP_PORTAL_SECURITY_MAX_PASSWORD_FAILURES=1000000 \
  OTP_PORTAL_THROTTLE_ENABLED=false OTP_PORTAL_LOG=warn \
  "$bin" serve --listen "127.0.0.1:$port" --database "$db" --demo > "$work/server.log" 2>&1 &
pid=$!
wait_for_api "http://127.0.0.1:$port"

# A second customer with an active token, for the OTP step.
pending=$(bench_customer "$base" "$work/cookies" "$bin" --database "$db")

report() {
  local name=$1 out=$2
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
  printf '%-34s %10s req/s   p50 %8s   p99 %8s\n' "$name" "$rps" "$p50" "$p99"
}

echo "otp-server release build, loopback, ${duration}s each, $connections connections, $(nproc) cores"
out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$base/config")
report "GET /config" "$out"
out=$(BENCH_BODY='{"contract_id":"0123456789","password":"demo1234"}' \
  wrk -t2 -c"$connections" -d"${duration}s" --latency -s scripts/bench/post.lua "$base/login")
report "POST /login (argon2id, m=19MiB t=2)" "$out"
out=$(BENCH_BODY='{"otp":"000000"}' BENCH_COOKIE="$pending" \
  wrk -t2 -c"$connections" -d"${duration}s" --latency -s scripts/bench/post.lua "$base/login/otp")
report "POST /login/otp (wrong code)" "$out"
echo "(every OTP request is refused with 401 otp_invalid, as intended: the wrong-code path does the most work)"

# Passkey logins: a challenge, an ES256 assertion signed by the load generator, its check
# (webauthn-rs), the ceremony row taken once, the counter and the new session, over 16
# customers (one contract's logins take turns on its lock). No password hash: compare with
# POST /login above.
python3 scripts/bench/passkey_customers.py "http://127.0.0.1:$port" 16 "$bin" --database "$db" \
  > "$work/passkeys.jsonl"
target/release/examples/passkey_login_load "127.0.0.1:$port" "$work/passkeys.jsonl" \
  "$duration" "$connections"

# A steady 20 logins/s, open loop (latency from each request's due time), half of them with
# an unknown contract ID: one argon2 hash each either way.
python3 scripts/bench/open_loop.py "$base" 0123456789 demo1234 20 "$(( duration < 20 ? 20 : duration ))"
# Saturation: 200 logins/s, about twice what two cores can hash; the hashing slots and their
# bounded queue answer the excess 503 at once instead of letting latency and memory grow.
python3 scripts/bench/open_loop.py "$base" 0123456789 demo1234 200 "$duration"
echo "server peak RSS: $(awk '/VmHWM/ {print $2, $3}' /proc/$pid/status)"
