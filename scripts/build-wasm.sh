#!/usr/bin/env bash
# Builds the three wasm modules: the core (pkg/wasm/madad_core*), the lazily loaded spreadsheet
# reader (pkg/wasm-xlsx/madad_xlsx*) and the lazily loaded statistics module
# (pkg/wasm-stats/madad_stats*: bundles, merging, pooling) and the report writer loaded only on
# an XLSX export (pkg/wasm-report/madad_report*: rust_xlsxwriter), each: cargo (release, size-tuned) → wasm-bindgen
# (--target web: one build serves browsers, workers and Node) → wasm-opt from the npm `binaryen`
# package (Debian's binaryen 108 breaks wasm-bindgen 0.2.130 output).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -p madad-wasm -p madad-xlsx-wasm -p madad-stats-wasm -p madad-report-wasm --target wasm32-unknown-unknown --release --locked
build() { # crate-file out-dir out-name
  wasm-bindgen --target web --typescript --out-dir "$2" --out-name "$3" \
    "target/wasm32-unknown-unknown/release/$1.wasm"
  node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$2/$3_bg.wasm" -o "$2/$3_bg.wasm"
  printf '%s/%s_bg.wasm: %s bytes, %s gzip\n' "$2" "$3" \
    "$(wc -c < "$2/$3_bg.wasm")" "$(gzip -9 -c "$2/$3_bg.wasm" | wc -c)"
}
build madad_wasm pkg/wasm madad_core
build madad_xlsx_wasm pkg/wasm-xlsx madad_xlsx
build madad_stats_wasm pkg/wasm-stats madad_stats
build madad_report_wasm pkg/wasm-report madad_report
