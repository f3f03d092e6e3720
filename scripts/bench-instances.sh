#!/usr/bin/env bash
# Load benchmark of the deployments (a measurement, not a test), in one run on this machine:
#   (a) one instance on SQLite, (b) one instance on PostgreSQL, (c) two instances on
#   PostgreSQL behind haproxy (round robin), (d, e) the same with the database one network
#   hop away (a delaying proxy of our own, scripts/bench/delay_proxy.rs: ~1 and ~5 ms round
#   trips), (f) one instance with the 5 ms hop;
# for each: logins/s (argon2id, m=19 MiB t=2) and OTP checks/s (a wrong code at the login's
# OTP step of 64 customers in turn: three HMACs against the session's token, then the
# failure counted and audited with the session checked, in one statement once the instance
# has read the session), with p50/p99; then OTP checks at a steady
# 1 000/s (open loop, scripts/bench/open_loop_otp.rs) on (c). Release binary (or $OTP_SERVER,
# to measure another build), wrk (Debian), a throwaway PostgreSQL.
#
#   scripts/bench-instances.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
duration=${1:-10}
connections=${2:-32}
customers=64
source scripts/bench/customer.sh
ensure_wrk
if [[ -z ${OTP_SERVER:-} ]]; then
  cargo build --release -p otp-server --quiet
  export OTP_SERVER=target/release/otp-server
fi
work=$(mktemp -d)
proxy_pid=
trap '[[ -n $proxy_pid ]] && kill $proxy_pid; stop_instances; stop_postgres; rm -rf "$work"' EXIT
rustc --edition 2024 -O scripts/bench/delay_proxy.rs -o "$work/delay_proxy"
rustc --edition 2024 -O scripts/bench/open_loop_otp.rs -o "$work/open_loop_otp"
start_postgres

# Locks would end the runs after five requests, and all the load comes from one address: the
# thresholds are raised and the throttle is off, so that this measures the servers' work.
export OTP_PORTAL_SECURITY_MAX_OTP_FAILURES=1000000 OTP_PORTAL_SECURITY_MAX_PASSWORD_FAILURES=1000000
export OTP_PORTAL_THROTTLE_ENABLED=false OTP_PORTAL_LOG=warn

# bench NAME INSTANCES DATABASE [ONE_WAY_US [OPEN_LOOP_RATE]]: one row per measurement; the
# instances reach PostgreSQL through the delaying proxy when ONE_WAY_US is given.
bench() {
  local name=$1 n=$2 db=$3 delay=${4:-} rate=${5:-} key="$work/$1.key" base out served=$3
  "$OTP_SERVER" key create --key-file "$key" > /dev/null
  if [[ -n $delay ]]; then
    local pg_port=${PG_URL##*:} proxy_port
    pg_port=${pg_port%%/*} proxy_port=$(free_port)
    "$work/delay_proxy" "$proxy_port" "$pg_port" "$delay" &
    proxy_pid=$!
    served=${db/:$pg_port\//:$proxy_port\/}
  fi
  start_instances "$n" "$served" "$key" --demo
  # One instance is measured directly; two through the balancer.
  if ((n == 1)); then base="${INSTANCE_URLS[0]}/api/v1"; else base="$LB_URL/api/v1"; fi
  # Many customers with an active token, each with a login waiting for its OTP step.
  python3 scripts/bench/customers.py "$base" "$customers" "$OTP_SERVER" --database "$db" \
    --key-file "$key" > "$work/$name.cookies"
  out=$(BENCH_BODY='{"otp":"000000"}' BENCH_COOKIES="$work/$name.cookies" \
    wrk -t2 -c"$connections" -d"${duration}s" --latency -s scripts/bench/post.lua "$base/login/otp")
  row "$name" "OTP checks, $customers customers" "$out"
  if [[ -n $rate ]]; then
    local host=${base#http://}
    open_loop=$("$work/open_loop_otp" "${host%/api/v1}" "$work/$name.cookies" "$rate" "$duration" 64)
  fi
  # Logins last: every one is the demo customer's (a customer's sixth session would end a
  # waiting login), so they take turns on its lock, and when wrk stops the server still
  # judges the ones admitted, each holding a pooled connection while it waits (measured
  # first, they left the pool full and the next row's requests waiting for a connection).
  out=$(BENCH_BODY='{"contract_id":"0123456789","password":"demo1234"}' \
    wrk -t2 -c"$connections" -d"${duration}s" --latency -s scripts/bench/post.lua "$base/login")
  row "$name" "logins" "$out"
  stop_instances
  if [[ -n $proxy_pid ]]; then kill "$proxy_pid"; wait "$proxy_pid" 2>/dev/null || true; proxy_pid=; fi
}

row() {
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$3")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$3")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$3")
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$2" "$rps" "$p50" "$p99"
}

echo "otp-server $OTP_SERVER, loopback, ${duration}s per row, $connections connections, $(nproc) cores, PostgreSQL $(psql -Atc 'SHOW server_version' "$PG_URL")"
echo "| deployment | requests | per second | p50 | p99 |"
echo "|---|---|---:|---:|---:|"
bench "(a) one instance, SQLite" 1 "$work/bench.sqlite3"
for db in one two hop1 hop5 one_hop5; do psql -q "$PG_URL" -c "CREATE DATABASE bench_$db"; done
bench "(b) one instance, PostgreSQL" 1 "${PG_URL%/*}/bench_one"
bench "(c) two instances, PostgreSQL, haproxy" 2 "${PG_URL%/*}/bench_two" "" 1000
open_loop_c=$open_loop
bench "(d) two instances, PostgreSQL ~1 ms away" 2 "${PG_URL%/*}/bench_hop1" 500
bench "(e) two instances, PostgreSQL ~5 ms away" 2 "${PG_URL%/*}/bench_hop5" 2500
bench "(f) one instance, PostgreSQL ~5 ms away" 1 "${PG_URL%/*}/bench_one_hop5" 2500
echo "(every OTP request is refused with 401 otp_invalid, as intended: the wrong-code path does the most work)"
echo "open loop on (c), OTP checks at a steady rate through haproxy: $open_loop_c"
