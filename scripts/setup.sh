#!/usr/bin/env bash
# Installs what is missing, builds the wasm into pkg/ and the data asset into www/data/.
# Needs rustup, Node.js 20+ and npm. Idempotent: a second run only rebuilds what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rethink-target}"
say() { printf '\n== [%s] %s\n' "$(date +%T)" "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "installing the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must match the wasm-bindgen crate exactly (pinned with = in Cargo.toml).
wb_version=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wb_version"; then
  say "installing wasm-bindgen-cli $wb_version"
  cargo install wasm-bindgen-cli --version "$wb_version"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi

# Profile `wasm` (Cargo.toml): optimized for size but for the CPU kernels; every visitor downloads it.
say "building the wasm (profile wasm)"
cargo build --profile wasm --lib --target wasm32-unknown-unknown
wasm-bindgen --target web --out-dir pkg "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm/rethink.wasm"
scripts/wasm-opt.sh pkg/rethink_bg.wasm
# The run settings' schema for the page's main thread (it builds its controls before the wasm loads).
node scripts/config-schema.mjs

# The threaded CPU module (pkg/threads/), which the page loads where it is cross-origin isolated
# (docs/ARCHITECTURE.md). Its own target directory: the flags differ, and so would every artifact.
source scripts/threads.env
if ! rustup run "$RETHINK_NIGHTLY" rustc --version >/dev/null 2>&1 \
  || ! rustup component list --toolchain "$RETHINK_NIGHTLY" --installed | grep -q '^rust-src'; then
  say "installing $RETHINK_NIGHTLY with rust-src (for the threaded module)"
  rustup toolchain install "$RETHINK_NIGHTLY" --profile minimal --component rust-src
fi
say "building the threaded CPU wasm ($RETHINK_NIGHTLY, -Z build-std, +atomics)"
threads_target="$CARGO_TARGET_DIR/threads"
RUSTFLAGS="-C target-feature=$THREADS_TARGET_FEATURES $(printf -- '-C link-arg=%s ' $THREADS_LINK_ARGS)" \
  cargo "+$RETHINK_NIGHTLY" build -Z build-std=panic_abort,std --profile wasm --lib \
  --target wasm32-unknown-unknown --target-dir "$threads_target"
wasm-bindgen --target web --out-dir pkg/threads "$threads_target/wasm32-unknown-unknown/wasm/rethink.wasm"
scripts/wasm-opt.sh pkg/threads/rethink_bg.wasm

# The data tool builds without Burn (--no-default-features): 3 min 7 s cold, build and asset
# included (README), not the ~37 minutes of a native Burn build. --keep-valid: only
# (re)build a missing or outdated asset.
say "the data asset (5,000 train + 1,000 test images, 16x16)"
cargo run --quiet --no-default-features --bin rethink -- data --keep-valid --out www/data/cifar10-16px.bin
say "set-up done in $((SECONDS / 60)) min $((SECONDS % 60)) s"
