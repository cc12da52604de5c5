#!/usr/bin/env bash
# README command 2: every test. Lints, native tests (cargo test) and browser tests
# (Playwright driving Debian's headless Chromium, on WebGPU and on the CPU backend).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rethink-target}"
say() { printf '\n== %s\n' "$*" >&2; }

if [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get install -y chromium \
    || { $sudo_cmd apt-get update && $sudo_cmd apt-get install -y chromium; }
fi

scripts/setup.sh

say "formatting and lints (native and wasm32)"
cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings

say "test asset from the real CIFAR-10 tarball (500 train + 500 test, 16x16)"
[ -f www/data/e2e-16px.bin ] || cargo run --bin rethink -- data --train 500 --test 500 --out www/data/e2e-16px.bin

say "native tests"
cargo test

say "page logic tests (Node, no browser)"
node --test tests/web/ tests/bench/

say "browser tests (headless Chromium)"
node tests/e2e/run.mjs
