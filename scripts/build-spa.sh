#!/usr/bin/env bash
# Builds the SPA in release mode: wasm-opt -Oz, minified HTML, CSS and JS, hashed
# file names with subresource integrity, the loader in a file (CSP), .br and .gz beside each
# file. This is the production build (into dist/, or $SPA_DIST). Extra
# arguments go to Trunk: `--features demo` adds the demo token panel (the run command and the
# tests use it; a production build leaves it out).
set -euo pipefail
cd "$(dirname "$0")/.."
# wasm-opt 132 from npm (tools/), found on PATH by Trunk.
export PATH="$PWD/tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
# The wasm's RUSTFLAGS (this variable replaces .cargo/config.toml's): Leptos's
# `--cfg erase_components`, as in every wasm build; and panic locations without the registry's
# and the toolchain's absolute paths (shorter, and nothing about the build machine).
cargo_home=${CARGO_HOME:-$HOME/.cargo}
rustflags="--cfg erase_components"
for dir in "$cargo_home"/registry/src/*/ "$(rustc --print sysroot)/lib/rustlib/src/rust/" "$PWD/"; do
  [ -d "$dir" ] && rustflags="$rustflags --remap-path-prefix=$dir="
done
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$rustflags"
dist=${SPA_DIST:-dist}
# The post-build hook keeps the gallery's example theme only in a gallery build.
if [[ " $* " == *gallery* ]]; then export OTP_SPA_GALLERY=1; else export OTP_SPA_GALLERY=0; fi
trunk build --release=true --dist "$dist" index.html "$@"
scripts/prerender.sh "$dist"
# OTP_API_BASE=https://api.bank.example/api/v1: the SPA calls that API instead of /api/v1 on its
# own origin (docs/operating.md, "The static SPA against another bank's API"); written after the prerendering, which uses the local server.
if [[ -n ${OTP_API_BASE:-} ]]; then
  url_pattern='^https://[^[:space:]"<>#&'"'"']+$'
  [[ $OTP_API_BASE =~ $url_pattern ]] || { echo "OTP_API_BASE must be an https:// URL" >&2; exit 1; }
  sed -i -e "s#</title>#</title><meta name=\"otp-api-base\" content=\"$OTP_API_BASE\">#" \
    -e "s#href=\"/api/v1/config\"#href=\"$OTP_API_BASE/config\"#" "$dist/index.html" "$dist/app.html"
fi
# Precompressed variants beside each file: otp-server serves `name.br` / `name.gz` to browsers
# that accept them (brotli -q 11 and gzip -9 are too slow to run per request).
command -v brotli >/dev/null || { echo "brotli is missing: scripts/setup.sh installs it" >&2; exit 1; }
find "$dist" -maxdepth 1 -type f \( -name '*.html' -o -name '*.js' -o -name '*.wasm' -o -name '*.css' -o -name '*.svg' \) \
  -exec brotli -q 11 -f -k {} + -exec gzip -9 -n -f -k {} +
