#!/usr/bin/env bash
# Builds the SPA in release mode into dist/ (wasm-opt -Oz, hashed file names). Extra
# arguments go to Trunk: `--features demo` adds the demo token panel (the run command and the
# tests use it; a production build leaves it out).
set -euo pipefail
cd "$(dirname "$0")/.."
# wasm-opt 132 from npm (tools/), found on PATH by Trunk.
export PATH="$PWD/tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
trunk build --release=true index.html "$@"
