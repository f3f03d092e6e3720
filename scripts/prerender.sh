#!/usr/bin/env bash
# Puts a static copy of the login screen into a built SPA's index.html (default dist/), so a
# phone paints the first screen as soon as the HTML and CSS arrive instead of after the wasm
# (Lighthouse's LCP on a slow 4G network: 2.6 s -> about 1 s). The copy is the app's own
# rendering — the SPA served by otp-server and read back with headless Chromium's --dump-dom —
# live (it takes typing at once; src/early_input.js keeps its buttons from being dead taps and
# carries what was typed into the app, which mounts hidden beside it and takes over when it has
# its screen), without the bank's name (that comes from the bank's API at run time). Only `/` gets it: the page without it is kept as app.html, which otp-server
# answers for every other client-side route. Called by scripts/build-spa.sh before the files
# are compressed.
#
#   [OTP_SERVER=path/to/otp-server] scripts/prerender.sh [DIST]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
dist=${1:-dist}
# The server that renders the copy: $OTP_SERVER when the caller has built one (the run command's
# release binary), else the debug build the tests use too; either way one build per command.
if [[ -z ${OTP_SERVER:-} ]]; then
  cargo build -p otp-server --quiet
  OTP_SERVER=target/debug/otp-server
fi
work=$(mktemp -d)
pid=
trap '[[ -n $pid ]] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT
port=$(free_port)
OTP_PORTAL_LOG=warn "$OTP_SERVER" serve --listen "127.0.0.1:$port" \
  --database "$work/prerender.sqlite3" --static "$dist" > "$work/server.log" 2>&1 &
pid=$!
wait_for_api "http://127.0.0.1:$port"
# A busy machine can leave one look with the app not yet run (the dump's time budget is
# virtual, the wasm's compile is not): up to three looks, as the tests' `shows` does.
for try in 1 2 3; do
  dump_dom "http://127.0.0.1:$port/" "$work/chromium-$try" > "$work/login.html"
  grep -q 'page--login' "$work/login.html" && break
  echo "prerender: look $try found no login screen" >&2
done
python3 scripts/prerender.py "$dist/index.html" "$work/login.html"
