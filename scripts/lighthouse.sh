#!/usr/bin/env bash
# Lighthouse (npm lighthouse@12.2.3, tools/) on the production build served by the release
# otp-server, mobile preset (Moto G Power viewport, simulated slow 4G, 4x CPU slowdown), with
# Debian's Chromium: the four category scores and FCP / LCP / TBT / CLS for the login page and
# for home (logged in: the session cookie is sent as a header). A measurement, not a test; the
# full reports are kept in target/lighthouse/{login,home}.json.
#
#   scripts/lighthouse.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
[[ -x tools/node_modules/.bin/lighthouse ]] || scripts/setup.sh test
dist=target/lighthouse-dist
if [[ ${1:-} != --no-build ]]; then
  SPA_DIST=$dist scripts/build-spa.sh > /dev/null 2>&1 || { echo "the production build failed" >&2; exit 1; }
  cargo build --release -p otp-server --quiet
fi
work=$(mktemp -d)
pid=
trap '[[ -n $pid ]] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
origin="http://127.0.0.1:$port"
OTP_PORTAL_LOG=warn target/release/otp-server serve --listen "127.0.0.1:$port" \
  --database "$work/lighthouse.sqlite3" --static "$dist" --demo > "$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 50); do curl -fs "$origin/api/v1/config" > /dev/null && break; sleep 0.2; done

# The demo customer has no token yet: the password alone opens a session.
session=$(curl -fs -D - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"contract_id":"0123456789","password":"demo1234"}' "$origin/api/v1/login" \
  | sed -n 's/^set-cookie: \(otp_session=[^;]*\).*/\1/Ip' | tr -d '\r')
[[ -n $session ]] || { echo "could not log in the demo customer" >&2; exit 1; }

flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run \
--disable-background-networking --disable-component-update --disable-sync --user-data-dir=$work/chromium"
reports=target/lighthouse
mkdir -p "$reports"
run() {
  local name=$1 url=$2 headers=$3
  CHROME_PATH=/usr/bin/chromium lighthouse "$url" --quiet --output=json --output-path="$reports/$name.json" \
    --chrome-flags="$flags" --extra-headers="$headers" --max-wait-for-load=30000 > /dev/null 2>&1 \
    || { echo "lighthouse failed on $url" >&2; exit 1; }
}
run login "$origin/" '{}'
run home "$origin/home" "{\"Cookie\":\"$session\"}"

python3 - "$reports/login.json" "$reports/home.json" <<'PY'
import json, sys
print(f"{'page':<7}{'perf':>6}{'a11y':>6}{'best':>6}{'seo':>6}{'FCP':>9}{'LCP':>9}{'TBT':>8}{'CLS':>7}")
for path in sys.argv[1:]:
    report = json.load(open(path))
    cats = report["categories"]
    audits = report["audits"]
    score = lambda c: round(cats[c]["score"] * 100) if cats[c]["score"] is not None else "-"
    value = lambda a: audits[a]["numericValue"]
    name = "login" if path.endswith("login.json") else "home"
    print(f"{name:<7}{score('performance'):>6}{score('accessibility'):>6}{score('best-practices'):>6}"
          f"{score('seo'):>6}{value('first-contentful-paint'):>7.0f}ms{value('largest-contentful-paint'):>7.0f}ms"
          f"{value('total-blocking-time'):>6.0f}ms{value('cumulative-layout-shift'):>7.3f}")
    failed = [f"{a['id']} ({a['score']})" for a in audits.values()
              if a.get("scoreDisplayMode") in ("binary", "numeric") and a.get("score") is not None
              and a["score"] < 0.9 and any(a["id"] == r["id"] for c in cats.values() for r in c["auditRefs"] if r["weight"] > 0)]
    if failed:
        print(f"       below 0.9: {', '.join(sorted(failed))}")
print(f"(Lighthouse {report['lighthouseVersion']}, {report['configSettings']['formFactor']}, "
      f"{report['configSettings']['throttlingMethod']} throttling, {report['environment']['hostUserAgent'].split(' Chrome/')[-1].split(' ')[0]} Chromium)")
PY
