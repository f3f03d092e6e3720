#!/usr/bin/env bash
# Lighthouse (npm lighthouse@12.2.3, tools/) on the production build served by the release
# otp-server, mobile preset (Moto G Power viewport, simulated slow 4G, 4x CPU slowdown), with
# Debian's Chromium: the four category scores and FCP / LCP / TBT / CLS for the login page and
# for home (logged in: the session cookie is sent as a header); then the login screen and a deep
# link to home in a real Chromium with the same throttling (scripts/first-screen.mjs): real FCP
# and LCP, when a typed character appears, when ログイン acts, and the bytes fetched. A measurement, not a test; the full reports are kept in
# target/lighthouse/{login,home}-N.json.
#
#   scripts/lighthouse.sh [--no-build] [RUNS]    (default 3 runs per page; the median is printed last)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export PATH="$PWD/tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
[[ -x tools/node_modules/.bin/lighthouse ]] || scripts/setup.sh test
dist=target/lighthouse-dist
build=1
if [[ ${1:-} == --no-build ]]; then build=0; shift; fi
runs=${1:-3}
if (( build )); then
  SPA_DIST=$dist scripts/build-spa.sh > /dev/null 2>&1 || { echo "the production build failed" >&2; exit 1; }
  cargo build --release -p otp-server --quiet
fi
work=$(mktemp -d)
pid=
trap '[[ -n $pid ]] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT
port=$(free_port)
origin="http://127.0.0.1:$port"
OTP_PORTAL_LOG=warn target/release/otp-server serve --listen "127.0.0.1:$port" \
  --database "$work/lighthouse.sqlite3" --static "$dist" --demo > "$work/server.log" 2>&1 &
pid=$!
wait_for_api "$origin"

# The demo customer has no token yet: the password alone opens a session.
session=$(curl -fs -D - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"contract_id":"0123456789","password":"demo1234"}' "$origin/api/v1/login" \
  | sed -n 's/^set-cookie: \(otp_session=[^;]*\).*/\1/Ip' | tr -d '\r')
[[ -n $session ]] || { echo "could not log in the demo customer" >&2; exit 1; }

flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run \
--disable-background-networking --disable-component-update --disable-sync --user-data-dir=$work/chromium"
reports=target/lighthouse
mkdir -p "$reports"
rm -f "$reports"/*.json   # a run with fewer RUNS must not pick up older reports
run() {
  local name=$1 url=$2 headers=$3
  CHROME_PATH=/usr/bin/chromium lighthouse "$url" --quiet --output=json --output-path="$reports/$name.json" \
    --chrome-flags="$flags" --extra-headers="$headers" --max-wait-for-load=30000 > "$work/lighthouse-$name.log" 2>&1 \
    || { tail -5 "$work/lighthouse-$name.log" >&2; echo "lighthouse failed on $url" >&2; exit 1; }
}
for i in $(seq "$runs"); do
  run "login-$i" "$origin/" '{}'
  run "home-$i" "$origin/home" "{\"Cookie\":\"$session\"}"
done

python3 - "$reports"/login-*.json "$reports"/home-*.json <<'PY'
import json, re, statistics, sys
from collections import defaultdict
COLUMNS = ["performance", "accessibility", "best-practices", "seo"]
METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"]
def row(name, scores, metrics):
    fcp, lcp, tbt, cls = metrics
    return (f"{name:<9}" + "".join(f"{s:>6}" for s in scores)
            + f"{fcp:>7.0f}ms{lcp:>7.0f}ms{tbt:>6.0f}ms{cls:>7.3f}")
print(f"{'page':<9}{'perf':>6}{'a11y':>6}{'best':>6}{'seo':>6}{'FCP':>9}{'LCP':>9}{'TBT':>8}{'CLS':>7}")
pages = defaultdict(list)
for path in sys.argv[1:]:
    report = json.load(open(path))
    name = re.search(r"(login|home)-\d+\.json$", path).group(1)
    scores = [round(report["categories"][c]["score"] * 100) for c in COLUMNS]
    metrics = [report["audits"][m]["numericValue"] for m in METRICS]
    pages[name].append((scores, metrics))
    print(row(name, scores, metrics))
for name, runs in pages.items():
    median = lambda values: statistics.median(values)
    scores = [round(median([r[0][i] for r in runs])) for i in range(4)]
    metrics = [median([r[1][i] for r in runs]) for i in range(4)]
    print(row(f"{name} med", scores, metrics))
print(f"(Lighthouse {report['lighthouseVersion']}, {report['configSettings']['formFactor']}, "
      f"{report['configSettings']['throttlingMethod']} throttling, {len(runs)} runs per page)")
PY

echo
echo "the login screen and /home in Chromium, throttled as above (scripts/first-screen.mjs):"
node scripts/first-screen.mjs "$origin/" 5
