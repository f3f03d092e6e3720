#!/usr/bin/env bash
# Installs, idempotently, everything the build and the tests need that the base image lacks.
# Every version is pinned here or in a lockfile; nothing is downloaded from outside the
# package registries (crates.io, npm, PyPI, Debian).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

TRUNK_VERSION=0.21.14
SCHEMATHESIS_VERSION=4.32.5

log() { printf '[setup] %s\n' "$*" >&2; }

# The wasm-bindgen CLI must match the library in Cargo.lock exactly, or Trunk and the test
# runner refuse it (and then try to download one, which fails here).
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then return; fi
  log "installing trunk $TRUNK_VERSION (a few minutes)"
  # LTO off: the tool builds in half the time and runs just as well.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version "$TRUNK_VERSION" --locked --no-default-features --quiet
}

ensure_wasm_bindgen() {
  local want; want=$(wasm_bindgen_version)
  if wasm-bindgen --version 2>/dev/null | grep -q " $want\$"; then return; fi
  log "installing wasm-bindgen-cli $want"
  # Not --locked: the CLI's own lockfile pins a crate version the registry no longer serves.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install wasm-bindgen-cli --version "$want" --force --quiet
}

# wasm-split-cli cuts the lazy routes into chunks (scripts/wasm_split_step.py); the version
# cargo-leptos 0.3 uses, which reads the markers of leptos's wasm_split_helpers 0.2.
WASM_SPLIT_VERSION=0.2.4
ensure_wasm_split() {
  if command -v wasm-split-cli >/dev/null && [[ -f "${CARGO_HOME:-$HOME/.cargo}/.wasm-split-$WASM_SPLIT_VERSION" ]]; then return; fi
  log "installing wasm-split-cli $WASM_SPLIT_VERSION"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary \
    --locked --force --quiet
  touch "${CARGO_HOME:-$HOME/.cargo}/.wasm-split-$WASM_SPLIT_VERSION"
}

ensure_debian_packages() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v brotli >/dev/null || missing+=(brotli)
  # A Japanese font, so that screenshots of the screens show text rather than boxes.
  [[ -f /usr/share/fonts/opentype/ipafont-gothic/ipag.ttf ]] || missing+=(fonts-ipafont-gothic)
  # PostgreSQL and a load balancer, for the many-instances layer (started by the tests in
  # temporary directories; never as services).
  compgen -G '/usr/lib/postgresql/*/bin/initdb' > /dev/null || missing+=(postgresql)
  command -v haproxy >/dev/null || missing+=(haproxy)
  if ((${#missing[@]})); then
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# npm folders are installed from their lockfiles; `npm ci` is skipped when the lockfile has
# not changed since the last install.
ensure_npm() {
  local dir=$1 stamp="$1/node_modules/.package-lock.json"
  if [[ -f $stamp && ! $dir/package-lock.json -nt $stamp ]] && cmp -s <(sed -n '1,3p' "$dir/package-lock.json") <(sed -n '1,3p' "$stamp"); then
    return
  fi
  log "npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
}

# schemathesis, for the contract test and the conformance kit, in the project's own venv.
ensure_schemathesis() {
  if .venv/bin/schemathesis --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then return; fi
  log "installing schemathesis $SCHEMATHESIS_VERSION in .venv"
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
}

what=${1:-all}
ensure_wasm_target
ensure_debian_packages
ensure_npm tools
ensure_trunk
ensure_wasm_bindgen
ensure_wasm_split
if [[ $what == all || $what == test ]]; then
  ensure_npm end2end
  ensure_schemathesis
fi
log "tools ready"
