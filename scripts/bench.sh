#!/usr/bin/env bash
# The browser benchmark (docs/benchmarks.md): Madad's production path (analyzeInWorker) against
# DuckDB-wasm and Papa Parse + Arquero in headless Chromium, the file through a real
# <input type=file>, every result checked before its time counts.
#
#   bash scripts/bench.sh           full run: the 1M-row bench log (Madad, DuckDB-wasm, Papa Parse +
#                                   Arquero, interleaved), the 1M windows-1255 demo log and a
#                                   100k-row .xlsx (Madad) × 3 launches × 7 reps, 10M once (Madad),
#                                   native reference (3 runs each); about 15-20 minutes
#   bash scripts/bench.sh --quick   CI smoke: a 5,000-row bench log, Madad and DuckDB-wasm, 1 launch,
#                                   2 reps (< 60 s); exits non-zero when a number is wrong
#   bash scripts/bench.sh -- ARGS   any other option of bench/run.mjs (--launches, --reps, --big none, …)
#
# Builds what is missing first (never while measuring): the native CLI, the wasm core, the
# npm package, bench/'s own node_modules (`npm ci` from bench/package-lock.json when a package is
# missing or the lock file changed: playwright-core (no browser download), esbuild, the peers;
# the only network use), openpyxl in bench/.venv (full run only), the workloads.
set -euo pipefail
cd "$(dirname "$0")/.."

args=()
for a in "$@"; do
  [[ "$a" == "--" ]] && continue
  args+=("$a")
done

if [[ ! -x /usr/bin/chromium && -z "${CHROMIUM_PATH:-}" ]]; then
  echo "bench: Debian chromium is missing (bash scripts/setup.sh installs it)" >&2
  exit 2
fi
if [[ ! -x target/release-native/madad ]]; then
  echo "bench: building the native CLI" >&2
  cargo build -p madad-cli --profile release-native --locked
fi
if [[ ! -f pkg/wasm/madad_core_bg.wasm ]]; then
  echo "bench: building the wasm core" >&2
  bash scripts/build-wasm.sh
fi
if [[ ! -f pkg/dist/index.js ]]; then
  echo "bench: building the npm package" >&2
  npm run build -w madad
fi
# bench/ is its own npm package (not a root workspace): the peers never enter the main install.
install=0
for p in playwright-core esbuild @duckdb/duckdb-wasm papaparse arquero; do
  [[ -f "bench/node_modules/$p/package.json" ]] || install=1
done
[[ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]] && install=1
if [[ $install == 1 ]]; then
  echo "bench: installing bench/ dependencies (npm ci)" >&2
  (cd bench && npm ci --no-audit --no-fund)
fi

# The full run also times a 100k-row .xlsx, written with openpyxl (PyPI) into bench/.venv.
if [[ " ${args[*]:-} " != *" --quick "* && ! -x bench/.venv/bin/python ]]; then
  echo "bench: installing openpyxl into bench/.venv (for the .xlsx workload)" >&2
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q -r bench/requirements.txt
fi

# The quick (CI) run also tests the correctness gate itself: the reference set on a
# hand-checked file and the comparison (bench/test/).
if [[ " ${args[*]:-} " == *" --quick "* ]]; then
  node --test bench/test/
fi

exec node bench/run.mjs "${args[@]}"
