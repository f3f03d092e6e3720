# Shared by the scripts (sourced): a free loopback port, waiting for a server, and headless
# Chromium with the flags this closed network needs.

# A free TCP port on 127.0.0.1.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wait_for_api ORIGIN: waits (10 s at most) until ORIGIN/api/v1/config answers.
wait_for_api() {
  for _ in $(seq 50); do curl -fs "$1/api/v1/config" > /dev/null && return 0; sleep 0.2; done
}

# dump_dom URL PROFILE_DIR: the page's DOM once its scripts and requests have run.
dump_dom() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$2" --virtual-time-budget=10000 --dump-dom "$1" 2>/dev/null
}
