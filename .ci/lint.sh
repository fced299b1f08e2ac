#!/usr/bin/env bash
# rustfmt and clippy with warnings as errors. They come with rustup's toolchains
# (Debian's rustc-web has neither), so they run on rustup's stable, in their own target dir.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dealflow/target}/lint"
unset RUSTUP_TOOLCHAIN RUSTC_BOOTSTRAP
cargo +stable fmt --all -- --check
cargo +stable clippy -p app -p server --all-targets -- -D warnings
cargo +stable clippy -p frontend --features hydrate -- -D warnings
