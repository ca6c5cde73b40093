#!/usr/bin/env bash
# Builds everything the dashboard and the tests use: the wasm modules (pkg/wasm*), the native CLI
# (target/release-native/madad), the dashboard's embedded demo data (web/public/demo), the npm
# package (pkg/dist) and the dashboard (web/dist).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-wasm.sh
cargo build -p madad-cli --profile release-native --locked
rm -rf web/public/demo
target/release-native/madad demo --out web/public/demo --seed 7 --volunteers 300 --activities 6000 >/dev/null
rm -f web/public/demo/truth.json
npm run build:web --silent
