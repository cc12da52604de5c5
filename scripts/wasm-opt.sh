#!/usr/bin/env bash
# Shrinks a wasm-bindgen output in place with `wasm-opt -Oz` from npm's binaryen (a dev
# dependency: Debian's older binaryen writes a module that fails to load). -Oz takes about
# 7.5 CPU-minutes on this module, so results are cached by the SHA-256 of the input, the
# binaryen version and the flags, in $RETHINK_WASM_OPT_CACHE (default ~/.cache/rethink-wasm-opt).
# RETHINK_WASM_OPT=0 skips it (a quicker edit-build loop; the page works either way).
#   scripts/wasm-opt.sh pkg/rethink_bg.wasm
set -euo pipefail
cd "$(dirname "$0")/.."
wasm="$1"
flags=(-Oz)
if [ "${RETHINK_WASM_OPT:-1}" = 0 ]; then
  echo "wasm-opt skipped (RETHINK_WASM_OPT=0): $wasm stays unoptimized" >&2
  exit 0
fi
tool=node_modules/.bin/wasm-opt
[ -x "$tool" ] || { echo "wasm-opt: $tool is missing; run npm ci" >&2; exit 1; }
version=$(node -p "require('./node_modules/binaryen/package.json').version")
key=$( { sha256sum "$wasm" | cut -d' ' -f1; echo "binaryen $version ${flags[*]}"; } | sha256sum | cut -d' ' -f1)
cache="${RETHINK_WASM_OPT_CACHE:-$HOME/.cache/rethink-wasm-opt}"
mkdir -p "$cache"
if [ ! -f "$cache/$key.wasm" ]; then
  printf '\n== wasm-opt %s (binaryen %s): several minutes, cached afterwards\n' "${flags[*]}" "$version" >&2
  before=$(stat -c %s "$wasm")
  "$tool" "${flags[@]}" "$wasm" -o "$cache/$key.tmp"
  mv "$cache/$key.tmp" "$cache/$key.wasm"
  echo "wasm-opt: $before -> $(stat -c %s "$cache/$key.wasm") bytes" >&2
  # Keep the cache from growing without bound: the newest five results.
  ls -t "$cache"/*.wasm | tail -n +6 | xargs -r rm -f
fi
cp "$cache/$key.wasm" "$wasm"
