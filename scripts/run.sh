#!/usr/bin/env bash
# The run command: installs what is missing, builds the SPA (release) and the reference
# server, and serves both at http://localhost:8080 (also 127.0.0.1:8080, where passkeys do not
# work: WebAuthn refuses IP addresses) with an embedded SQLite database seeded with the demo
# data. Ctrl-C stops it.
#
# Environment: OTP_PORTAL_LISTEN (default 127.0.0.1:8080), OTP_PORTAL_DATABASE (default
# target/otp-portal-demo.sqlite3).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
cargo build --release -p otp-server
# The release server also renders the login screen's static copy (no second, debug build).
OTP_SERVER=target/release/otp-server scripts/build-spa.sh --features gallery   # demo panel, /gallery
export OTP_PORTAL_LISTEN=${OTP_PORTAL_LISTEN:-127.0.0.1:8080}
export OTP_PORTAL_DATABASE=${OTP_PORTAL_DATABASE:-target/otp-portal-demo.sqlite3}
exec target/release/otp-server serve --static dist --demo
