#!/usr/bin/env bash
# README command 1: set everything up, then serve the page at http://127.0.0.1:8000/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec node scripts/serve.mjs --port "${PORT:-8000}" --host 127.0.0.1
