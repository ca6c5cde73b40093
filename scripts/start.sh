#!/usr/bin/env bash
# README command 1: install what is missing, build, and serve the dashboard on localhost.
# Prints a URL that opens the dashboard already showing the built-in demo municipality.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec node scripts/serve.mjs --dir web/dist --port "${PORT:-5173}"
