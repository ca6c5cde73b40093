#!/usr/bin/env bash
# Installs what is missing, and nothing that is already there (idempotent):
# the wasm32 target, wasm-bindgen-cli 0.2.130 (same version as the crate), npm dependencies
# (including the npm `binaryen` for wasm-opt), and with --browser, Debian's chromium and
# chromium-driver for the browser tests. Run from anywhere; needs rustup, cargo, node ≥ 20, npm.
set -euo pipefail
cd "$(dirname "$0")/.."
WASM_BINDGEN_VERSION=0.2.130
browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) browser=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

need() { command -v "$1" >/dev/null 2>&1 || { echo "setup.sh: '$1' is required but not installed ($2)" >&2; exit 1; }; }
need cargo "install Rust with rustup"
need rustup "install Rust with rustup"
need node "install Node.js 20 or newer"
need npm "install npm"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' \
  || { echo "setup.sh: Node.js 20 or newer is required (found $(node --version))" >&2; exit 1; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "== adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  echo "== installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 8 minutes, once)"
  # Not --locked: its lock file pins a webpki-roots version the registry mirror does not serve.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# npm dependencies: reinstall only when package-lock.json changed since the last install.
lock_hash=$(cat package-lock.json package.json pkg/package.json web/package.json 2>/dev/null | sha256sum | cut -c1-64)
if [ ! -f node_modules/.madad-lock-hash ] || [ "$(cat node_modules/.madad-lock-hash)" != "$lock_hash" ]; then
  echo "== installing npm dependencies"
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.madad-lock-hash
fi

# poppler-utils: pdftotext and pdfinfo read the printed report's PDF in the browser tests.
if [ "$browser" = 1 ] && { ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; }; then
  echo "== installing Debian chromium, chromium-driver and poppler-utils"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver fonts-noto-core poppler-utils >/dev/null
fi
echo "setup: ok"
