#!/usr/bin/env bash
# The test command: installs what is missing, then runs the layers of tests, all of them by
# default (what .ci/run calls) or the ones named, in this order:
#
#   scripts/test.sh [LAYER…]
#
#   lint       the file paths cited in comments and docs exist, cargo fmt --check, cargo clippy
#              -D warnings on the native and wasm32 targets
#   native     cargo test --workspace: the contract, the server's router tests on SQLite, the
#              operator CLI as a binary, the SPA's pure logic
#   wasm       the SPA's components in headless Chromium (wasm-bindgen-test)
#   pg         the server's tests again on a throwaway PostgreSQL
#   contract   the conformance kit (schemathesis + the API scenario, passkeys included)
#              against a live server
#   attack     scripts/attack.sh: every attack of docs/security.md against the release server
#   e2e        Playwright against the real server and the release SPA (both banks' configurations)
#   instances  two instances on PostgreSQL behind haproxy: the kit, an exchange, the faults
#   prod       the production build: no demo, no gallery, the login screen under the real CSP,
#              and its size within the budgets
#
# Each build is done once per run, whatever the layers need it (the debug server, the gallery
# SPA, PostgreSQL); the wall time of each layer is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
LAYERS=(lint native wasm pg contract attack e2e instances prod)
chosen=("$@")
((${#chosen[@]})) || chosen=("${LAYERS[@]}")
for layer in "${chosen[@]}"; do
  [[ " ${LAYERS[*]} " == *" $layer "* ]] || { echo "unknown layer '$layer'; the layers: ${LAYERS[*]}" >&2; exit 2; }
done
scripts/setup.sh test
export PATH="$PWD/tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
section() { printf '\n==== %s ====\n' "$*"; }
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

# Every browser of the suites and every client of the kit comes from 127.0.0.1: the
# per-address limits are raised for them (the throttle has its own tests: tests/attacks.rs and
# the attack layer, which starts its own servers with the limits as shipped). The per-contract
# limits stay as shipped (one end-to-end test meets the procedure-start limit).
local_clients() {
  OTP_PORTAL_THROTTLE_FAILURES_PER_ADDRESS_BURST=1000000 \
  OTP_PORTAL_THROTTLE_STARTS_PER_ADDRESS_BURST=1000000 \
  OTP_PORTAL_THROTTLE_DEMO_TOKENS_PER_ADDRESS_BURST=1000000 \
  OTP_PORTAL_THROTTLE_CHALLENGES_PER_ADDRESS_BURST=1000000 "$@"
}

# What several layers need, made once per run.
built=" "
once() { [[ $built == *" $1 "* ]] && return 1; built+="$1 "; }
need_server() { once server && cargo build -p otp-server --quiet; return 0; }
# The gallery build of the SPA in dist/ (the gallery includes the demo panel).
need_gallery_spa() { once gallery && scripts/build-spa.sh --features gallery; return 0; }
need_postgres() { [[ -n ${PG_URL:-} ]] || { start_postgres; echo "PostgreSQL at $PG_URL"; }; }

# serve NAME [serve flags…]: a debug server on a free port and a temporary database; sets
# server_url and server_pid.
serve() {
  local name=$1 port; shift
  need_server
  port=$(free_port)
  target/debug/otp-server serve --listen "127.0.0.1:$port" --database "$work/$name.sqlite3" "$@" \
    > "$work/$name-server.log" 2>&1 &
  server_pid=$! server_url="http://127.0.0.1:$port"
  wait_for_api "$server_url"
}
stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=; }

layer_lint() {
  python3 scripts/check_paths.py   # every file path cited in comments and docs exists
  cargo fmt --all -- --check
  cargo clippy --workspace --all-targets --features otp-portal/demo --quiet -- -D warnings
  cargo clippy --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings
  cargo clippy --target wasm32-unknown-unknown --all-targets --features demo --quiet -- -D warnings
  cargo clippy --target wasm32-unknown-unknown --all-targets --features gallery --quiet -- -D warnings
}

layer_native() {
  cargo test --workspace --features otp-portal/gallery
}

layer_wasm() {
  # ChromeDriver leaves each run's Chromium profile (~80 MB) in TMPDIR: the run's own.
  mkdir -p "$work/wasm-tmp"
  TMPDIR=$work/wasm-tmp CHROMEDRIVER=/usr/bin/chromedriver \
    cargo test --target wasm32-unknown-unknown --tests --no-default-features --features demo
  rm -rf "$work/wasm-tmp"
}

layer_pg() {
  need_postgres
  # The same command as the native layer's, so that nothing is rebuilt (the other crates' few
  # native tests run again in a second).
  OTP_TEST_POSTGRES=$PG_URL cargo test --workspace --features otp-portal/gallery
  # Each test made its own database (~8 MB each, a gigabyte in all): dropped now.
  psql -q "$PG_URL" <<'SQL'
SELECT format('DROP DATABASE %I', datname) FROM pg_database WHERE datname LIKE 'otp\_test\_%' \gexec
SQL
}

layer_contract() {
  # schemathesis sends thousands of requests from this one address.
  local_clients serve contract --demo
  CONFORMANCE_PASSKEYS=required conformance/run.sh "$server_url"
  stop_server
}

layer_attack() {
  scripts/attack.sh
}

layer_e2e() {
  need_server
  need_gallery_spa
  (
    export E2E_PORT=$(free_port) E2E_DATABASE="$work/e2e.sqlite3" E2E_SERVER="$PWD/target/debug/otp-server"
    cd end2end
    local_clients npx playwright test
    # Another bank's configuration (8-digit IDs and codes, 60 s, 5 minutes, locks after 3,
    # 当行): every screen states its values.
    local_clients npx playwright test -c playwright.other-bank.config.ts
  )
  review_finds_the_changed_screen
}

# The gallery's visual review reports the states of the one screen whose style changed, and
# only them: two git revisions, this one and a commit on top of it (made in a worktree, never
# on a branch) whose stylesheet moves the activity list.
review_finds_the_changed_screen() {
  local tree="$work/css-change" rev
  git worktree add --detach --quiet "$tree" HEAD
  echo '.activity, .activity__empty { margin-top: 40px; }' >> "$tree/style/pages.css"
  git -C "$tree" -c user.name=otp-portal-tests -c user.email=tests@localhost \
    commit --quiet --all --message "test: one screen's style"
  rev=$(git -C "$tree" rev-parse HEAD)
  git worktree remove --force "$tree"
  scripts/gallery-review.sh HEAD "$rev" --out "$work/review" --langs ja --widths 375
  python3 - "$work/review/summary.json" <<'PY'
import json, sys
summary = json.load(open(sys.argv[1]))
changed = sorted(c["story"] for c in summary["changed"])
expected = ["activity/empty", "activity/every-event", "activity/paged"]
assert changed == expected, f"the review reported {changed}, not {expected}"
assert summary["unchanged"] > 40, summary
print(f"gallery review: {changed} changed, {summary['unchanged']} unchanged, {summary['seconds']} s")
PY
}

layer_instances() {
  need_server
  need_gallery_spa
  need_postgres
  psql -q "$PG_URL" -c "CREATE DATABASE otp_balanced"
  local db="${PG_URL%/*}/otp_balanced" key="$work/balanced.key" url served
  target/debug/otp-server key create --key-file "$key"
  local_clients start_instances 2 "$db" "$key" --demo --static dist
  # (a passkey's ceremonies begin on one instance and end on the other: round robin)
  CONFORMANCE_PASSKEYS=required conformance/run.sh "$LB_URL"
  (cd end2end && E2E_BASE_URL=$LB_URL E2E_DATABASE=$db E2E_KEY_FILE=$key \
    local_clients npx playwright test tests/procedures.spec.ts -g 'end to end \(ja\)')
  for url in "${METRICS_URLS[@]}"; do
    served=$(requests_served "$url")
    echo "$url: $served API requests"
    ((served > 50)) || { echo "an instance behind the balancer served almost nothing" >&2; return 1; }
  done
  # PostgreSQL's faults, for real: the cluster stopped and started under load, then the first
  # instance SIGKILLed in the middle of an exchange while the second keeps serving.
  local_clients python3 scripts/pg_faults.py "${INSTANCE_URLS[0]}" "${INSTANCE_PIDS[0]}" "${INSTANCE_URLS[1]}" \
    "$db" "$key" target/debug/otp-server "$(pg_bin)" "$PG_DIR/data"
  stop_instances
}

# shows TEXT URL: the page at URL shows TEXT in a fresh headless Chromium. A busy machine can
# leave one look with an empty page (no time left to run the wasm), so it looks up to three
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

layer_prod() {
  # The markers are checked in the demo/gallery build first, so this check can fail.
  need_gallery_spa
  grep -q "otp-portal.demo-tokens" dist/*.wasm && grep -q "DEMO00000042" dist/*.wasm
  scripts/build-spa.sh
  built=${built/ gallery / }  # dist/ is the production build now
  if grep -q "otp-portal.demo-tokens" dist/*.wasm; then
    echo "the production build contains the demo token panel" >&2
    return 1
  fi
  if grep -q "DEMO00000042" dist/*.wasm; then
    echo "the production build contains the gallery's fixtures" >&2
    return 1
  fi
  if [[ -e dist/gallery-banks || -e dist/axe.min.js ]] || grep -q "gallery__sidebar" dist/*.css; then
    echo "the production build contains the gallery's style, axe-core or the banks' files" >&2
    return 1
  fi
  serve prod --static dist
  # The optimised, minified build starts in a browser under the server's CSP.
  if ! shows "インターネットバンキングにログインします" "$server_url/"; then
    echo "the production build does not show the login screen at /" >&2
    return 1
  fi
  if ! shows "ページが見つかりません" "$server_url/gallery/login/empty"; then
    echo "/gallery does not answer the not-found page in the production build" >&2
    return 1
  fi
  stop_server
  echo "the production build shows the login screen, has no demo panel and no gallery (/gallery is the not-found page)"
  scripts/size-report.sh dist
}

declare -A title=(
  [lint]="format and lints" [native]="native tests (cargo test --workspace)"
  [wasm]="SPA tests in headless Chromium (wasm-bindgen-test)"
  [pg]="the server's tests again on PostgreSQL (a throwaway cluster on a free port)"
  [contract]="conformance kit (schemathesis --checks all + API scenario) against a live server"
  [attack]="attacks (scripts/attack.sh against the release server)"
  [e2e]="end-to-end tests (Playwright, real server, temporary database)"
  [instances]="many instances: two on PostgreSQL behind haproxy, the kit, an exchange, the faults"
  [prod]="production build: no demo panel, no gallery, and its size"
)
start=$(date +%s) times=""
for layer in "${LAYERS[@]}"; do
  [[ " ${chosen[*]} " == *" $layer "* ]] || continue
  section "$layer: ${title[$layer]}"
  began=$(date +%s)
  "layer_$layer"
  times+=$(printf '\n  %-10s %5d s' "$layer" $(($(date +%s) - began)))
done
section "passed: ${chosen[*]}"
echo "wall time per layer:$times"
printf '  %-10s %5d s\n' total $(($(date +%s) - start))
