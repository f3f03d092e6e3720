#!/usr/bin/env bash
# The gallery's visual review: renders every story × language × width in two builds, compares
# them pixel by pixel and writes one HTML report of the states that changed (before / after /
# difference), the unchanged ones listed as such. No image is committed: the report is a build
# output (target/gallery-review/ unless --out DIR).
#
#   scripts/gallery-review.sh BEFORE AFTER [--out DIR] [--langs ja,en] [--widths 320,375,768,1280]
#
# BEFORE and AFTER are each a built gallery (a directory with index.html, e.g. dist/ after
# `scripts/build-spa.sh --features gallery`) or a git revision (built here in a worktree).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
(($# >= 2)) || { sed -n 2,11p "$0" >&2; exit 2; }
before=$1 after=$2; shift 2
out=target/gallery-review
args=()
while (($#)); do
  case $1 in
    --out) out=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  git worktree remove --force target/review-tree 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# built SIDE: sets built_dir to SIDE's gallery build, building a git revision when needed, in
# a worktree at one path for every revision (the path is in the build's RUSTFLAGS, so the
# dependencies built for one revision serve the next, and the next run).
built() {
  if [[ -f $1/index.html ]]; then built_dir=$1; return; fi
  local rev tree=$PWD/target/review-tree
  rev=$(git rev-parse --verify "$1^{commit}") || { echo "$1: neither a build nor a revision" >&2; return 1; }
  git worktree remove --force "$tree" 2>/dev/null || rm -rf "$tree"
  git worktree prune
  git worktree add --detach --quiet "$tree" "$rev" >&2
  # The tools (wasm-opt, esbuild) from this checkout, and its target directory; the
  # prerendering's server is this checkout's too (the revision's would be built again).
  ln -s "$PWD/tools/node_modules" "$tree/tools/node_modules"
  (cd "$tree" && CARGO_TARGET_DIR="$OLDPWD/target" OTP_SERVER="$OLDPWD/target/debug/otp-server" \
    scripts/build-spa.sh --features gallery >&2)
  built_dir=$work/dist-${rev:0:12}
  cp -r "$tree/dist" "$built_dir"
  git worktree remove --force "$tree"
}
cargo build -p otp-server --quiet
built "$before"; before_dir=$built_dir
built "$after"; after_dir=$built_dir
urls=()
for dir in "$before_dir" "$after_dir"; do
  port=$(free_port)
  target/debug/otp-server serve --listen "127.0.0.1:$port" --static "$dir" --demo \
    --database "$work/$port.sqlite3" > "$work/$port.log" 2>&1 &
  pids+=($!)
  wait_for_api "http://localhost:$port"
  urls+=("http://localhost:$port")
done
node scripts/gallery-review.mjs "${urls[0]}" "${urls[1]}" "$out" "${args[@]}"
