#!/usr/bin/env bash
# The one publishing command: builds what is missing (scripts/setup.sh: pkg/ and the default data
# asset), then assembles the site into one self-contained folder (default site/) that any static
# host serves, at its root or under a sub-path. Copy the folder to the host, or let
# .github/workflows/pages.yml publish it on GitHub Pages.
#   scripts/build-site.sh [--out DIR] [--asset NAME ...]   (options go to scripts/site.mjs)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
printf '\n== [%s] %s\n' "$(date +%T)" "assembling the site" >&2
exec node scripts/site.mjs "$@"
