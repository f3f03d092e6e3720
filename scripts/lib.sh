# Shared by the scripts (sourced): a free loopback port, waiting for a server, and headless
# Chromium with the flags this closed network needs.

# A free TCP port on 127.0.0.1.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wait_for_api ORIGIN: waits (10 s at most) until ORIGIN/api/v1/config answers; fails when
# it never does.
wait_for_api() {
  for _ in $(seq 50); do curl -fs "$1/api/v1/config" > /dev/null && return 0; sleep 0.2; done
  echo "no answer from $1/api/v1/config after 10 s" >&2
  return 1
}

# dump_dom URL PROFILE_DIR: the page's DOM once its scripts and requests have run.
dump_dom() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$2" --virtual-time-budget=10000 --dump-dom "$1" 2>/dev/null
}

# PostgreSQL for the tests: Debian's server binaries (scripts/setup.sh installs them), a
# throwaway cluster in a new temporary directory on a free port, run as the `postgres` user
# (the server refuses root). start_postgres sets PG_URL (the cluster's `postgres` database;
# tests create their own databases in it), PG_DIR and PG_OPTS (the server's options, to start
# it again); stop_postgres stops it and removes the directory.
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
start_postgres() {
  local bin port
  bin=$(pg_bin)
  [[ -n $bin ]] || { echo "PostgreSQL is missing: scripts/setup.sh installs it" >&2; return 1; }
  # Under /tmp itself: the postgres user must reach it, and other temporary dirs are 0700.
  PG_DIR=$(mktemp -d /tmp/otp-postgres.XXXXXX)
  [[ $(id -u) == 0 ]] && chown postgres "$PG_DIR"
  port=$(free_port)
  as_postgres "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    > "$PG_DIR/initdb.log" || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  # fsync off: a throwaway cluster for tests, never a bank's data.
  PG_OPTS="-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300"
  as_postgres "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -o "$PG_OPTS" \
    start > /dev/null || { cat "$PG_DIR/server.log" >&2; return 1; }
  PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
  export PG_URL PG_DIR PG_OPTS
}
stop_postgres() {
  [[ -n ${PG_DIR:-} && -d $PG_DIR/data ]] || return 0
  as_postgres "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m fast -w stop > /dev/null || true
  rm -rf "$PG_DIR"
}
as_postgres() {
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Several otp-server instances behind Debian's haproxy (round robin, each request balanced
# on its own; instances checked on /readyz), all on free ports with a temporary directory.
# start_instances N DATABASE KEY_FILE [serve flags…] sets LB_URL, INSTANCE_URLS and
# METRICS_URLS (one per instance) and LB_DIR (config and logs); stop_instances stops them. The
# instances trust the balancer's X-Forwarded-For and take its address (and their own) as their
# public origins, with the balancer's port on localhost too (the relying party of passkeys:
# WebAuthn refuses IP addresses); OTP_SERVER names the binary (default target/debug/otp-server).
start_instances() {
  local n=$1 db=$2 key=$3 i port metrics lb_port servers=""
  shift 3
  LB_DIR=$(mktemp -d)
  lb_port=$(free_port)
  LB_URL="http://127.0.0.1:$lb_port"
  INSTANCE_PIDS=() METRICS_URLS=() INSTANCE_URLS=()
  for i in $(seq "$n"); do
    port=$(free_port) metrics=$(free_port)
    INSTANCE_URLS+=("http://127.0.0.1:$port")
    OTP_PORTAL_SECURITY_PUBLIC_ORIGINS="$LB_URL,http://localhost:$lb_port,http://127.0.0.1:$port" \
    OTP_PORTAL_SECURITY_TRUSTED_PROXIES=127.0.0.1 \
    OTP_PORTAL_METRICS_LISTEN=127.0.0.1:$metrics \
      "${OTP_SERVER:-target/debug/otp-server}" serve --listen "127.0.0.1:$port" \
      --database "$db" --key-file "$key" "$@" > "$LB_DIR/instance-$i.log" 2>&1 &
    INSTANCE_PIDS+=($!)
    METRICS_URLS+=("http://127.0.0.1:$metrics/metrics")
    servers+="  server instance$i 127.0.0.1:$port check inter 1s"$'\n'
  done
  cat > "$LB_DIR/haproxy.cfg" <<CFG
global
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  option forwardfor
frontend customers
  bind 127.0.0.1:$lb_port
  default_backend instances
backend instances
  balance roundrobin
  option httpchk GET /readyz
$servers
CFG
  for i in $(seq "$n"); do
    for _ in $(seq 100); do curl -fs "${METRICS_URLS[$((i - 1))]}" > /dev/null && break; sleep 0.1; done
  done
  haproxy -db -f "$LB_DIR/haproxy.cfg" > "$LB_DIR/haproxy.log" 2>&1 &
  LB_PID=$!
  wait_for_api "$LB_URL"
}
stop_instances() {
  for pid in ${LB_PID:-} "${INSTANCE_PIDS[@]:-}"; do
    if [[ -n $pid ]]; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  LB_PID= INSTANCE_PIDS=()
}
# requests_served METRICS_URL: the API requests one instance answered.
requests_served() {
  curl -fs "$1" | awk '/^otp_http_requests_total/ { n += $NF } END { print n + 0 }'
}
