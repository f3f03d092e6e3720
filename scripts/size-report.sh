#!/usr/bin/env bash
# Prints each file of a built SPA (default dist/) with its raw, gzip -9 and brotli -q 11 bytes,
# and the total of the initial transfer (HTML + JS + wasm + CSS + fonts). A measurement:
#   scripts/size-report.sh [DIR]
set -euo pipefail
dir=${1:-dist}
command -v brotli >/dev/null || { echo "brotli is missing: scripts/setup.sh installs it" >&2; exit 1; }
printf '%-44s %10s %10s %10s\n' file raw gzip brotli
total_raw=0 total_gz=0 total_br=0
while IFS= read -r -d '' f; do
  raw=$(wc -c < "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=$(brotli -q 11 -c "$f" | wc -c)
  printf '%-44s %10d %10d %10d\n' "${f#"$dir"/}" "$raw" "$gz" "$br"
  case "$f" in
    *.html|*.js|*.wasm|*.css|*.woff2) total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br)) ;;
  esac
done < <(find "$dir" -maxdepth 1 -type f \( -name '*.html' -o -name '*.js' -o -name '*.wasm' -o -name '*.css' -o -name '*.woff2' -o -name '*.svg' \) -print0 | sort -z)
printf '%-44s %10d %10d %10d\n' "initial transfer (html+js+wasm+css+fonts)" "$total_raw" "$total_gz" "$total_br"
