#!/usr/bin/env bash
# README command 2 (and CI): install what is missing, then run every test layer, printing how
# long each stage took and a pass/fail summary. Exit code 0 only when every stage passed.
#
# Stages: setup · lint (fmt, clippy native + wasm) · core purity (no wasm-bindgen in madad-core's
# tree) · Rust tests (native) · the cargo-fuzz targets build · wasm tests in Node · wasm tests in headless Chromium · build
# (wasm, CLI, npm package, dashboard) · JS tests against the built package · the packed tarball
# installed into a Vite app, a Node script and a plain HTML page · the spreadsheet
# module with the core in Node · browser end-to-end · the benchmark harness on a tiny workload
# (so it keeps working; the full run is `bash scripts/bench.sh`, see docs/benchmarks.md).
set -uo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/crates/madad-wasm/webdriver.json"
export WASM_BINDGEN_TEST_TIMEOUT=120

names=(); results=(); times=()
failed=0
stage() {
  local name=$1; shift
  echo
  echo "=== stage: $name"
  local start=$SECONDS
  if "$@"; then results+=("pass"); else results+=("FAIL"); failed=$((failed + 1)); fi
  names+=("$name"); times+=($((SECONDS - start)))
  echo "=== $name: ${results[-1]} in ${times[-1]} s"
}

core_is_pure() {
  local tree
  tree=$(cargo tree -p madad-core -e normal --prefix none --locked) || return 1
  if grep -qE '^(wasm-bindgen|js-sys|web-sys|getrandom) ' <<<"$tree"; then
    echo "madad-core's default dependency tree must not contain wasm-bindgen, js-sys, web-sys or getrandom:"
    grep -E '^(wasm-bindgen|js-sys|web-sys|getrandom) ' <<<"$tree"
    return 1
  fi
  echo "madad-core: $(wc -l <<<"$tree") crates in the default tree, none of them wasm-bindgen"
}

lint() {
  cargo fmt --all --check &&
    cargo clippy --workspace --all-targets --locked -- -D warnings &&
    cargo clippy -p madad-core -p madad-js -p madad-wasm -p madad-xlsx -p madad-xlsx-wasm -p madad-xls-wasm -p madad-stats-wasm -p madad-report-xlsx -p madad-report-wasm \
      --target wasm32-unknown-unknown --locked -- -D warnings
}

stage "setup" bash scripts/setup.sh --browser
if [ "${results[0]}" != "pass" ]; then
  echo "setup failed; nothing else can run"
  exit 1
fi
stage "lint" lint
stage "core purity" core_is_pure
stage "rust tests (native)" cargo test --workspace --locked
stage "fuzz targets build" bash scripts/fuzz-build.sh
stage "wasm tests (node)" cargo test -p madad-wasm --target wasm32-unknown-unknown --locked
stage "wasm tests (chromium)" env WASM_BINDGEN_USE_BROWSER=1 \
  cargo test -p madad-wasm --target wasm32-unknown-unknown --locked
stage "build" bash scripts/build.sh
stage "js tests (built package)" npm run --silent test:js
stage "packaging (npm pack → Vite, Node, plain HTML)" node tests/packaging/run.mjs
stage "spreadsheet modules (node)" node crates/madad-xlsx-wasm/tests/node-smoke.mjs "$PWD/pkg/wasm-xlsx" "$PWD/pkg/wasm" "$PWD/pkg/wasm-stats" "$PWD/pkg/wasm-xls"
stage "browser end-to-end" npm run --silent test:e2e
stage "benchmark smoke (5k rows, Madad + DuckDB-wasm)" bash scripts/bench.sh --quick

echo
echo "=== summary"
total=0
for i in "${!names[@]}"; do
  printf '  %-28s %-5s %5d s\n' "${names[$i]}" "${results[$i]}" "${times[$i]}"
  total=$((total + times[i]))
done
printf '  %-28s %-5s %5d s\n' "total" "" "$total"
echo "stages: $(( ${#names[@]} - failed )) passed, $failed failed"
[ "$failed" = 0 ]
