#!/usr/bin/env bash
# Builds the five wasm modules: the core (pkg/wasm/madad_core*), the lazily loaded spreadsheet
# reader for XLSX/ODS (pkg/wasm-xlsx/madad_xlsx*), the one for legacy XLS loaded only when such a
# file is met (pkg/wasm-xls/madad_xls*: calamine's BIFF reader and its code-page tables, kept out
# of the XLSX module's 300 KB gzip budget), the lazily loaded statistics module
# (pkg/wasm-stats/madad_stats*: bundles, merging, pooling) and the report writer loaded only on
# an XLSX export (pkg/wasm-report/madad_report*: rust_xlsxwriter), each: cargo (release, size-tuned) → wasm-bindgen
# (--target web: one build serves browsers, workers and Node) → wasm-opt from the npm `binaryen`
# package (Debian's binaryen 108 breaks wasm-bindgen 0.2.130 output).
set -euo pipefail
cd "$(dirname "$0")/.."
# The modules use wasm SIMD (`+simd128`, set for the wasm target in .cargo/config.toml, so tests
# run the same code): every evergreen browser and Node ≥ 16.4 have it (Safari from 16.4). It
# gives sha2 its wasm32_simd128 backend (the file hash was a third of the ingest time; that
# backend is also 6 KB smaller than the portable one) and memchr its vector search.
# `opt-level = "s"` (Cargo.toml): "z" makes the core 10 KB gzip smaller but ingest ≈ 60 % slower.
# wasm-opt: `--converge` repeats -Oz until it stops shrinking; `--zero-filled-memory` (the module
# defines its own memory, so its data starts zeroed) and `--low-memory-unused` (Rust's data and
# stack never use the first KB) let it drop zero data and fold address arithmetic: ≈ 1 KB gzip
# off the core module.
cargo build -p madad-wasm -p madad-xlsx-wasm -p madad-xls-wasm -p madad-report-wasm --target wasm32-unknown-unknown --release --locked
# The statistics module runs the analysis: profile `release-stats` (opt-level 3) and
# `wasm-opt -O3`, for speed rather than size (it is loaded lazily; run H in docs/benchmarks.md).
cargo build -p madad-stats-wasm --target wasm32-unknown-unknown --profile release-stats --locked
build() { # crate-file out-dir out-name [profile-dir] [wasm-opt level]
  local level=("${5:--Oz}")
  [ "${level[0]}" = -Oz ] && level+=(--converge)
  wasm-bindgen --target web --typescript --out-dir "$2" --out-name "$3" \
    "target/wasm32-unknown-unknown/${4:-release}/$1.wasm"
  node_modules/.bin/wasm-opt "${level[@]}" --low-memory-unused --zero-filled-memory --strip-debug --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-simd \
    "$2/$3_bg.wasm" -o "$2/$3_bg.wasm"
  printf '%s/%s_bg.wasm: %s bytes, %s gzip\n' "$2" "$3" \
    "$(wc -c < "$2/$3_bg.wasm")" "$(gzip -9 -c "$2/$3_bg.wasm" | wc -c)"
}
build madad_wasm pkg/wasm madad_core
build madad_xlsx_wasm pkg/wasm-xlsx madad_xlsx
build madad_xls_wasm pkg/wasm-xls madad_xls
build madad_stats_wasm pkg/wasm-stats madad_stats release-stats -O3
build madad_report_wasm pkg/wasm-report madad_report
