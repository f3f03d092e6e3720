#!/usr/bin/env bash
# The developer's loop: the API (debug build, demo data, a database in target/) on :8081 and
# `trunk serve` with live reload on :8080, which proxies /api/ to it (Trunk.toml). Open
# http://127.0.0.1:8080 (/gallery for the designers' view). Ctrl-C stops both.
#
#   scripts/dev.sh [TRUNK ARGS…]     (default: --features gallery; e.g. --features demo)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
export PATH="$PWD/tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
cargo build -p otp-server --quiet
# The browser talks to Trunk on :8080, so that origin must be one of the API's public origins;
# Trunk's proxy sends `Host: 127.0.0.1` (no port), hence the third.
OTP_PORTAL_SECURITY_PUBLIC_ORIGINS=http://127.0.0.1:8080,http://127.0.0.1:8081,http://127.0.0.1 \
  target/debug/otp-server serve --listen 127.0.0.1:8081 --demo \
  --database target/otp-portal-dev.sqlite3 &
api=$!
trap 'kill $api 2>/dev/null' EXIT
source scripts/lib.sh
wait_for_api http://127.0.0.1:8081
# The gallery (and its demo panel) unless other features are asked for.
if (($#)); then set -- "$@"; else set -- --features gallery; fi
# Into target/, so that dist/ (the run command's and the tests' build) is left as it is.
TRUNK_SKIP_VERSION_CHECK=true trunk serve --dist target/trunk-dev "$@"
