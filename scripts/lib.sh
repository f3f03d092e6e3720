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

# PostgreSQL for the tests: Debian's server binaries (scripts/setup.sh installs them), a
# throwaway cluster in a new temporary directory on a free port, run as the `postgres` user
# (the server refuses root). start_postgres sets PG_URL (the cluster's `postgres` database;
# tests create their own databases in it) and PG_DIR; stop_postgres stops it and removes
# the directory.
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
  as_postgres "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -o \
    "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" \
    start > /dev/null || { cat "$PG_DIR/server.log" >&2; return 1; }
  PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
  export PG_URL PG_DIR
}
stop_postgres() {
  [[ -n ${PG_DIR:-} && -d $PG_DIR/data ]] || return 0
  as_postgres "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m fast -w stop > /dev/null || true
  rm -rf "$PG_DIR"
}
as_postgres() {
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
