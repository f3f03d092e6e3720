# Shared by the benchmark scripts (sourced): wrk, and a customer ready for the OTP step.

ensure_wrk() {
  command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
}

# bench_customer BASE JAR BINARY [ARGS…]: adds customer 1111111111 (password bench1234)
# with `BINARY customer add … ARGS…`, registers a demo token for it through
# 利用開始, and prints the cookie of a login waiting for its OTP step.
bench_customer() {
  local base=$1 jar=$2 bin=$3 token serial secret id
  shift 3
  echo 'bench1234' | "$bin" customer add --contract-id 1111111111 --name 'ベンチ 太郎' "$@" > /dev/null
  token=$(curl -fs -X POST "$base/demo/tokens")
  serial=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["serial"])' <<< "$token")
  secret=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])' <<< "$token")
  id=$(curl -fs -c "$jar" -H 'Content-Type: application/json' \
    -d '{"kind":"activate","contract_id":"1111111111","password":"bench1234"}' "$base/procedures" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  curl -fs -b "$jar" -H 'Content-Type: application/json' \
    -d "{\"serial\":\"$serial\",\"otp\":\"$(python3 scripts/bench/totp.py "$secret")\"}" \
    "$base/procedures/$id/new-token" > /dev/null
  curl -fs -D - -o /dev/null -H 'Content-Type: application/json' \
    -d '{"contract_id":"1111111111","password":"bench1234"}' "$base/login" \
    | sed -n 's/^set-cookie: \(otp_session=[^;]*\).*/\1/Ip'
}
