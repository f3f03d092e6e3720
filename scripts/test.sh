#!/usr/bin/env bash
# The test command: installs what is missing, then runs every layer of tests:
#   1. formatting and lints (both targets),
#   2. native unit and router tests of the workspace,
#   3. the SPA's wasm-bindgen tests in headless Chromium,
#   4. the conformance kit against a live server, and the attack script against the release
#      server (throttling, bounded hashing, host allow-list, registry, data at rest, …),
#   5. Playwright end-to-end tests against a freshly started real server on a temporary
#      database and a free port (started and stopped by Playwright),
#   6. the production build: no demo, no gallery, the login screen under the real CSP, and
#      its size within the budget (scripts/size-report.sh exits non-zero over it).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
scripts/setup.sh test
export PATH="$PWD/tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
section() { printf '\n==== %s ====\n' "$*"; }
start=$(date +%s)
# One build from a clean tree: incremental caches would only take disk (gigabytes).
export CARGO_INCREMENTAL=0

work=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null
  stop_instances
  stop_postgres
  rm -rf "$work"
}
trap cleanup EXIT

section "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --features otp-portal/demo --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown --all-targets --features demo --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown --all-targets --features gallery --quiet -- -D warnings

section "native tests (cargo test --workspace)"
cargo test --workspace --features otp-portal/gallery

section "SPA tests in headless Chromium (wasm-bindgen-test)"
# ChromeDriver leaves each run's Chromium profile (~80 MB) in TMPDIR: the run's own, removed.
mkdir "$work/wasm-tmp"
TMPDIR=$work/wasm-tmp CHROMEDRIVER=/usr/bin/chromedriver \
  cargo test --target wasm32-unknown-unknown --tests --no-default-features --features demo
rm -rf "$work/wasm-tmp"

section "the server's tests again on PostgreSQL (a throwaway cluster on a free port)"
start_postgres
echo "PostgreSQL at $PG_URL"
# The same command as the native layer's, so that nothing is rebuilt (the other crates' few
# native tests run again in a second).
OTP_TEST_POSTGRES=$PG_URL cargo test --workspace --features otp-portal/gallery
# Each test made its own database (~8 MB each, a gigabyte in all): dropped now.
psql -q "$PG_URL" <<'SQL'
SELECT format('DROP DATABASE %I', datname) FROM pg_database WHERE datname LIKE 'otp\_test\_%' \gexec
SQL

section "contract: conformance kit (schemathesis --checks all + API scenario) against a live server"
cargo build -p otp-server --quiet
port=$(free_port)
# schemathesis sends thousands of requests from this one address: the per-address limits are
# raised for it (the throttle has its own tests: crates/otp-server/tests/attacks.rs).
OTP_PORTAL_THROTTLE_FAILURES_PER_ADDRESS_BURST=1000000 \
OTP_PORTAL_THROTTLE_STARTS_PER_ADDRESS_BURST=1000000 \
OTP_PORTAL_THROTTLE_DEMO_TOKENS_PER_ADDRESS_BURST=1000000 \
  target/debug/otp-server serve --listen "127.0.0.1:$port" --database "$work/contract.sqlite3" --demo \
  > "$work/contract-server.log" 2>&1 &
server_pid=$!
wait_for_api "http://127.0.0.1:$port"
CONFORMANCE_PASSKEYS=required conformance/run.sh "http://127.0.0.1:$port"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=

section "attacks (scripts/attack.sh: every attack of the issue 'Under attack' against the release server)"
scripts/attack.sh

section "end-to-end tests (Playwright, real server, temporary database)"
scripts/build-spa.sh --features gallery   # the gallery includes the demo panel
export E2E_PORT=$(free_port) E2E_DATABASE="$work/e2e.sqlite3" E2E_SERVER="$PWD/target/debug/otp-server"
# Every browser of the suite comes from 127.0.0.1: the per-address limits are raised for it; the
# per-contract limits stay as shipped (one test meets the procedure-start limit).
export OTP_PORTAL_THROTTLE_FAILURES_PER_ADDRESS_BURST=1000000 OTP_PORTAL_THROTTLE_STARTS_PER_ADDRESS_BURST=1000000
export OTP_PORTAL_THROTTLE_DEMO_TOKENS_PER_ADDRESS_BURST=1000000
export OTP_PORTAL_THROTTLE_CHALLENGES_PER_ADDRESS_BURST=1000000
(cd end2end && npx playwright test)
# Another bank's configuration (8-digit IDs and codes, 60 s, 5 minutes, locks after 3, 当行):
# every screen states its values.
(cd end2end && npx playwright test -c playwright.other-bank.config.ts)

section "many instances: conformance and a customer's exchange through haproxy, two instances on PostgreSQL, and its faults"
psql -q "$PG_URL" -c "CREATE DATABASE otp_balanced"
balanced_db="${PG_URL%/*}/otp_balanced" balanced_key="$work/balanced.key"
target/debug/otp-server key create --key-file "$balanced_key"
# (the per-address limits exported for the e2e layer hold here too: one address sends all)
start_instances 2 "$balanced_db" "$balanced_key" --demo --static dist
# (a passkey's ceremonies begin on one instance and end on the other: round robin)
CONFORMANCE_PASSKEYS=required conformance/run.sh "$LB_URL"
(cd end2end && E2E_BASE_URL=$LB_URL E2E_DATABASE=$balanced_db E2E_KEY_FILE=$balanced_key \
  npx playwright test tests/procedures.spec.ts -g 'end to end \(ja\)')
for url in "${METRICS_URLS[@]}"; do
  served=$(requests_served "$url")
  echo "$url: $served API requests"
  (( served > 50 )) || { echo "an instance behind the balancer served almost nothing" >&2; exit 1; }
done
# PostgreSQL's faults, for real: the cluster stopped and started under load, then the first
# instance SIGKILLed in the middle of an exchange while the second keeps serving.
python3 scripts/pg_faults.py "${INSTANCE_URLS[0]}" "${INSTANCE_PIDS[0]}" "${INSTANCE_URLS[1]}" \
  "$balanced_db" "$balanced_key" target/debug/otp-server "$(pg_bin)" "$PG_DIR/data"
stop_instances

section "production build: no demo panel, no gallery, and its size"
# The markers are checked in the demo/gallery build first, so this check can fail.
grep -q "otp-portal.demo-tokens" dist/*.wasm && grep -q "DEMO00000042" dist/*.wasm
scripts/build-spa.sh
if grep -q "otp-portal.demo-tokens" dist/*.wasm; then
  echo "the production build contains the demo token panel" >&2
  exit 1
fi
if grep -q "DEMO00000042" dist/*.wasm; then
  echo "the production build contains the gallery's fixtures" >&2
  exit 1
fi
port=$(free_port)
target/debug/otp-server serve --listen "127.0.0.1:$port" --database "$work/prod.sqlite3" --static dist \
  > "$work/prod-server.log" 2>&1 &
server_pid=$!
wait_for_api "http://127.0.0.1:$port"
# The optimised, minified build starts in a browser under the server's CSP. Each look is a
# fresh headless Chromium with its own profile; a busy machine can leave one with an empty
# page (no time left to run the wasm), so a look that does not show TEXT is taken up to three
# times: a build that never shows it still fails.
shows() {
  local text=$1 url=$2 try
  for try in 1 2 3; do
    if dump_dom "$url" "$work/chromium-$RANDOM" | grep -q "$text"; then
      ((try == 1)) || echo "($url showed it at look $try)"
      return 0
    fi
  done
  return 1
}
if ! shows "インターネットバンキングにログインします" "http://127.0.0.1:$port/"; then
  echo "the production build does not show the login screen at /" >&2
  exit 1
fi
if ! shows "ページが見つかりません" "http://127.0.0.1:$port/gallery/login/empty"; then
  echo "/gallery does not answer the not-found page in the production build" >&2
  exit 1
fi
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
echo "the production build shows the login screen, has no demo panel and no gallery (/gallery is the not-found page)"
scripts/size-report.sh dist

section "all test layers passed in $(( $(date +%s) - start )) s"
