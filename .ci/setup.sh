#!/usr/bin/env bash
# Installs what Dealflow needs to build (and with `test`, to test), only what is missing.
# Idempotent: a second run checks versions and returns in seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
want_tests=${1:-}
say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

command -v cargo >/dev/null && command -v rustup >/dev/null \
  || die "Rust is not installed. Install it with rustup (https://rustup.rs), then run this again."

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
apt_updated=""
apt_install() {
  command -v apt-get >/dev/null || die "please install these packages with your package manager: $*"
  if [ -z "$apt_updated" ]; then $SUDO apt-get update -qq; apt_updated=1; fi
  say "installing $* (apt)"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

# 1. A Rust toolchain that can build wasm32-unknown-unknown.
if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  :
elif rustup toolchain list 2>/dev/null | grep -q '^web'; then
  :
elif timeout 120 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
  say "added the wasm32-unknown-unknown target with rustup"
else
  say "rustup cannot fetch the wasm32 standard library here; using Debian's rustc-web with rust-src instead"
  missing=()
  for pkg in rustc-web cargo-web rust-web-src lld-22; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
  rustup toolchain link web /usr
fi
command -v mold >/dev/null || { command -v apt-get >/dev/null && apt_install mold || say "mold not available; linking will be slower"; }

# shellcheck source=env.sh
source .ci/env.sh
[ "$DEALFLOW_ROUTE" != none ] || die "no toolchain with wasm32 support could be set up"

# 2. cargo-leptos, built without its own downloads of tools.
LEPTOS_VERSION=0.3.11
# It needs Rust 1.96 or newer to build; an older default toolchain gets a minimal
# 1.96 beside it (or, where rustup cannot fetch one, Debian's rustc-web) just for this.
rust_at_least() { # <toolchain or empty> <minor>
  local v
  v=$(cargo ${1:+"+$1"} --version 2>/dev/null | awk '{print $2}') || return 1
  [ "${v%%.*}" = 1 ] && [ "$(echo "$v" | cut -d. -f2)" -ge "$2" ]
}
if ! cargo leptos --version 2>/dev/null | grep -q "$LEPTOS_VERSION"; then
  installer=""
  if ! rust_at_least "${RUSTUP_TOOLCHAIN:-}" 96; then
    if rust_at_least 1.96 96 || timeout 300 rustup toolchain install 1.96 --profile minimal >/dev/null 2>&1; then
      installer=1.96
    else
      dpkg -s rustc-web cargo-web >/dev/null 2>&1 || apt_install rustc-web cargo-web
      rustup toolchain list | grep -q '^web' || rustup toolchain link web /usr
      installer=web
    fi
    say "the default Rust is older than 1.96; building cargo-leptos with toolchain '$installer'"
  fi
  say "installing cargo-leptos $LEPTOS_VERSION (one time, about 15 minutes on 2 cores)"
  RUSTUP_TOOLCHAIN=${installer:-${RUSTUP_TOOLCHAIN:-}} \
    cargo install cargo-leptos --version "$LEPTOS_VERSION" --locked --features no_downloads
fi

# 3. wasm-bindgen-cli at exactly the version Cargo.lock uses.
BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $BINDGEN_VERSION\$"; then
  say "installing wasm-bindgen-cli $BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$BINDGEN_VERSION" --locked 2>/dev/null \
    || cargo install wasm-bindgen-cli --version "$BINDGEN_VERSION" --force
fi

# 4. Node tools: wasm-opt (binaryen from npm; Debian's is too old) and, for tests, Playwright.
if ! command -v npm >/dev/null; then apt_install nodejs npm; fi
if [ ! -d end2end/node_modules ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  say "installing end2end npm packages"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

# 5. For tests: Debian's Chromium (never a downloaded browser) and psql for PostgreSQL runs.
if [ "$want_tests" = test ]; then
  [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || apt_install chromium
  command -v psql >/dev/null || apt_install postgresql-client
fi
say "ready (route: $DEALFLOW_ROUTE)"
