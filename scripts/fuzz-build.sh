#!/usr/bin/env bash
# Builds every cargo-fuzz target in fuzz/ (habit: "fuzzers always build"). Idempotent.
#
# - Installs cargo-fuzz when it is missing.
# - With a nightly toolchain: `cargo +nightly fuzz build` (AddressSanitizer, as `fuzz run` uses).
# - Without one: `cargo fuzz build -s none` on the default (stable) toolchain, with
#   RUSTC_BOOTSTRAP=1 so it accepts the unstable flags cargo-fuzz passes. Set
#   MADAD_FUZZ_TOOLCHAIN=stable to force this path.
#
# Fuzz for a minute with, e.g.:
#   cd fuzz && cargo +nightly fuzz run ingest_csv -- -max_total_time=60 -rss_limit_mb=2048
set -euo pipefail

cd "$(dirname "$0")/.."

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz-build: installing cargo-fuzz"
    cargo install cargo-fuzz --locked || cargo install cargo-fuzz
fi

toolchain="${MADAD_FUZZ_TOOLCHAIN:-}"
if [[ -z "$toolchain" ]]; then
    if rustup run nightly rustc --version >/dev/null 2>&1; then
        toolchain=nightly
    else
        toolchain=stable
    fi
fi

cd fuzz
started=$SECONDS
if [[ "$toolchain" == nightly ]]; then
    cargo +nightly fuzz build
else
    # Stable cannot build sanitizers; the targets still link against libFuzzer and run.
    RUSTC_BOOTSTRAP=1 cargo fuzz build -s none
fi
echo "fuzz-build: built $(cargo fuzz list | tr '\n' ' ')with $toolchain in $((SECONDS - started)) s"
