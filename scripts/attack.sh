#!/usr/bin/env bash
# The attack script: builds the release server, starts it in demo mode on a temporary
# database and a free port, and runs scripts/attack/attacks.py against it (127.0.0.0/8 only,
# bounded in count and time): every attack of the issue "Under attack", each printed with what
# it got (a third server, behind a trusted proxy and serving a static folder, takes the
# attacks of "Still getting through"). Then checks that the demo database refuses to serve
# without --demo. Exits 1 if any attack got through.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
cargo build --release -p otp-server --quiet
bin=$PWD/target/release/otp-server
work=$(mktemp -d)
pid=
pid2=
pid3=
cleanup() { [[ -n $pid ]] && kill "$pid" $pid2 2>/dev/null; [[ -n $pid3 ]] && kill "$pid3" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=$(free_port)
db=$work/attack.sqlite3
OTP_PORTAL_LOG=error "$bin" serve --listen "127.0.0.1:$port" --database "$db" --demo \
  > "$work/server.log" 2>&1 &
pid=$!
wait_for_api "http://127.0.0.1:$port"
# A second instance on the same database, for the burst split across instances.
port2=$(free_port)
OTP_PORTAL_LOG=error "$bin" serve --listen "127.0.0.1:$port2" --database "$db" --demo \
  > "$work/server2.log" 2>&1 &
pid2=$!
wait_for_api "http://127.0.0.1:$port2"
# A third, on a database of its own, behind a trusted proxy at 127.0.0.1, serving a static
# folder with what an operator might leave in it: dotfiles, and symlinks out of it.
static=$work/static
mkdir -p "$static/.git" "$static/assets"
echo '<!doctype html><title>otp</title>' > "$static/index.html"
echo 'SECRET' > "$static/.secret"
echo 'SECRET' > "$static/.git/config"
ln -s /etc/passwd "$static/passwd-link"
ln -s /etc "$static/etc-link"
port3=$(free_port)
db3=$work/proxied.sqlite3
OTP_PORTAL_LOG=error OTP_PORTAL_SECURITY_TRUSTED_PROXIES=127.0.0.1 \
  "$bin" serve --listen "127.0.0.1:$port3" --database "$db3" --demo --static "$static" \
  > "$work/server3.log" 2>&1 &
pid3=$!
wait_for_api "http://127.0.0.1:$port3"
status=0
python3 scripts/attack/attacks.py "http://127.0.0.1:$port" "$pid" "$db" "$bin" "$port2" \
  "$port3" "$pid3" "$db3" "$static" || status=$?
kill "$pid" "$pid2" "$pid3"; wait "$pid" "$pid2" "$pid3" 2>/dev/null || true; pid= pid3=
# Demo data never reaches production: the same database, served without --demo.
rc=0
out=$(timeout 10 "$bin" serve --listen "127.0.0.1:$(free_port)" --database "$db" 2>&1 < /dev/null) || rc=$?
if [[ $rc == 1 ]]; then
  echo "refused  serving the demo database without --demo: ${out#otp-server: error: }"
else
  echo "GOT THROUGH  the demo database served without --demo (exit $rc)"; status=1
fi
exit "$status"
