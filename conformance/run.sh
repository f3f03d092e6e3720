#!/usr/bin/env bash
# The conformance kit: proves that the API at BASE_URL serves the otp-portal SPA correctly.
#
#   conformance/run.sh http://127.0.0.1:8080
#
# 1. schemathesis (all checks, fixed seed) against the OpenAPI document the API serves at
#    /api/v1/openapi.json — every answer must match the contract;
# 2. scenario.py: login, 利用開始, 交換 and 利用中止 walked through the API with real TOTP codes,
#    plus the refusals the SPA relies on; where /config offers passkeys, a passkey registered,
#    used to log in, refused to a phishing relay and removed, with a software authenticator
#    (authenticator.py). CONFORMANCE_PASSKEYS=required makes passkeys being off a failure.
#
# The scenario needs a test contract without a token and two unassigned test tokens: with a
# server in demo mode it uses the demo customer and POST /demo/tokens; otherwise set
# CONFORMANCE_CONTRACT_ID, CONFORMANCE_PASSWORD and CONFORMANCE_TOKENS (a CSV file of
# `serial,base32-secret` lines, SHA1/6 digits/30 s). Exits non-zero on any finding.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
base=${1:?usage: conformance/run.sh BASE_URL}
base=${base%/}
py="$here/../.venv/bin/python"
[[ -x $py ]] || py=python3
st="$here/../.venv/bin/schemathesis"
[[ -x $st ]] || st=schemathesis

echo "== schemathesis against $base/api/v1/openapi.json"
"$st" --config-file "$here/schemathesis.toml" run "$base/api/v1/openapi.json" \
  --url "$base/api/v1" --checks all --seed 20261126 --max-examples "${CONFORMANCE_EXAMPLES:-40}" \
  --no-color --suppress-health-check all

echo "== scenario: login, 利用開始, 交換, 利用中止"
"$py" "$here/scenario.py" "$base"
