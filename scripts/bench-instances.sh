#!/usr/bin/env bash
# Load benchmark of the deployments (a measurement, not a test), in one run on this machine:
#   (a) one instance on SQLite, (b) one instance on PostgreSQL, (c) two instances on
#   PostgreSQL behind haproxy (round robin);
# for each: logins/s (argon2id, m=19 MiB t=2) and OTP checks/s (a wrong code at the login's
# OTP step: session and token look-ups, three HMACs, the failure counter and the audit row in
# one transaction), with p50/p99. Release binary, wrk (Debian), a throwaway PostgreSQL.
#
#   scripts/bench-instances.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
duration=${1:-10}
connections=${2:-16}
source scripts/bench/customer.sh
ensure_wrk
cargo build --release -p otp-server --quiet
export OTP_SERVER=target/release/otp-server
work=$(mktemp -d)
trap 'stop_instances; stop_postgres; rm -rf "$work"' EXIT
start_postgres

# Locks would end the runs after five requests, and all the load comes from one address: the
# thresholds are raised and the throttle is off, so that this measures the servers' work.
export OTP_PORTAL_SECURITY_MAX_OTP_FAILURES=1000000 OTP_PORTAL_SECURITY_MAX_PASSWORD_FAILURES=1000000
export OTP_PORTAL_THROTTLE_ENABLED=false OTP_PORTAL_LOG=warn

# bench NAME INSTANCES DATABASE: one row per measurement.
bench() {
  local name=$1 n=$2 db=$3 key="$work/$1.key" base pending out
  "$OTP_SERVER" key create --key-file "$key" > /dev/null
  start_instances "$n" "$db" "$key" --demo
  # One instance is measured directly; two through the balancer.
  if ((n == 1)); then base="${INSTANCE_URLS[0]}/api/v1"; else base="$LB_URL/api/v1"; fi
  # A customer with an active token; a login waiting for its OTP step.
  pending=$(bench_customer "$base" "$work/$name.cookies" "$OTP_SERVER" --database "$db" --key-file "$key")
  out=$(BENCH_BODY='{"contract_id":"0123456789","password":"demo1234"}' \
    wrk -t2 -c"$connections" -d"${duration}s" --latency -s scripts/bench/post.lua "$base/login")
  row "$name" "logins" "$out"
  out=$(BENCH_BODY='{"otp":"000000"}' BENCH_COOKIE="$pending" \
    wrk -t2 -c"$connections" -d"${duration}s" --latency -s scripts/bench/post.lua "$base/login/otp")
  row "$name" "OTP checks" "$out"
  stop_instances
}

row() {
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$3")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$3")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$3")
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$2" "$rps" "$p50" "$p99"
}

echo "otp-server release build, loopback, ${duration}s per row, $connections connections, $(nproc) cores, PostgreSQL $(psql -Atc 'SHOW server_version' "$PG_URL")"
echo "| deployment | requests | per second | p50 | p99 |"
echo "|---|---|---:|---:|---:|"
bench "(a) one instance, SQLite" 1 "$work/bench.sqlite3"
psql -q "$PG_URL" -c "CREATE DATABASE bench_one" -c "CREATE DATABASE bench_two"
bench "(b) one instance, PostgreSQL" 1 "${PG_URL%/*}/bench_one"
bench "(c) two instances, PostgreSQL, haproxy" 2 "${PG_URL%/*}/bench_two"
echo "(every OTP request is refused with 401 otp_invalid, as intended: the wrong-code path does the most work)"
