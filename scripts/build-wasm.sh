#!/usr/bin/env bash
# Builds the core wasm module into pkg/wasm/: cargo (release, size-tuned) → wasm-bindgen
# (--target web: one build serves browsers, workers and Node) → wasm-opt from the npm
# `binaryen` package (Debian's binaryen 108 breaks wasm-bindgen 0.2.130 output).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -p madad-wasm --target wasm32-unknown-unknown --release --locked
wasm-bindgen --target web --typescript --out-dir pkg/wasm --out-name madad_core \
  target/wasm32-unknown-unknown/release/madad_wasm.wasm
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  pkg/wasm/madad_core_bg.wasm -o pkg/wasm/madad_core_bg.wasm
printf 'pkg/wasm/madad_core_bg.wasm: %s bytes, %s gzip\n' \
  "$(wc -c < pkg/wasm/madad_core_bg.wasm)" "$(gzip -9 -c pkg/wasm/madad_core_bg.wasm | wc -c)"
