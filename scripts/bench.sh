#!/usr/bin/env bash
# The ingest benchmark (docs/benchmarks.md): Madad's production browser path (analyzeInWorker
# in headless Chromium, the file through a real <input type=file>) against the native CLI.
#
#   bash scripts/bench.sh           full run: 1M rows and a 100k-row .xlsx × 3 launches × 7 reps,
#                                   10M once, native reference (3 runs each); about 6 minutes
#   bash scripts/bench.sh --quick   CI smoke: 20k rows, 1 launch, 2 reps (< 60 s); exits non-zero
#                                   when the browser's numbers differ from the CLI's
#   bash scripts/bench.sh -- ARGS   any other option of bench/run.mjs (--launches, --reps, …)
#
# Builds what is missing first (never while measuring): the native CLI, the wasm core, the
# npm package, bench/'s own node_modules (playwright-core; no browser download), openpyxl in
# bench/.venv (full run only), the workloads.
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
if [[ ! -f bench/node_modules/playwright-core/package.json ]]; then
  echo "bench: installing bench/ dependencies" >&2
  (cd bench && npm ci --no-audit --no-fund)
fi

# The full run also times a 100k-row .xlsx, written with openpyxl (PyPI) into bench/.venv.
if [[ " ${args[*]:-} " != *" --quick "* && ! -x bench/.venv/bin/python ]]; then
  echo "bench: installing openpyxl into bench/.venv (for the .xlsx workload)" >&2
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q -r bench/requirements.txt
fi

exec node bench/run.mjs "${args[@]}"
