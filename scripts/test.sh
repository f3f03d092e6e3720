#!/usr/bin/env bash
# The test command: installs what is missing, then runs every layer of tests:
#   1. formatting and lints (both targets),
#   2. native unit and router tests of the workspace,
#   3. the SPA's wasm-bindgen tests in headless Chromium,
#   4. Playwright end-to-end tests against a freshly started real server on a temporary
#      database and a free port (started and stopped by Playwright).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
section() { printf '\n==== %s ====\n' "$*"; }
start=$(date +%s)

section "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings

section "native tests (cargo test --workspace)"
cargo test --workspace

section "SPA tests in headless Chromium (wasm-bindgen-test)"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --tests

section "end-to-end tests (Playwright, real server, temporary database)"
scripts/build-spa.sh
cargo build -p otp-server --quiet
E2E_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
E2E_DIR=$(mktemp -d)
trap 'rm -rf "$E2E_DIR"' EXIT
export E2E_PORT E2E_DATABASE="$E2E_DIR/e2e.sqlite3" E2E_SERVER="$PWD/target/debug/otp-server"
(cd end2end && npx playwright test)

section "all test layers passed in $(( $(date +%s) - start )) s"
