# Sourced by the Makefile and CI: picks the toolchain route and shared caches.
# Route "rustup": the default toolchain has the wasm32 target.
# Route "web": Debian's rustc-web with rust-src builds wasm std itself (-Zbuild-std),
# for machines where rustup cannot download the wasm32 standard library.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dealflow/target}"
# Leptos reads this at compile time (option_env!); cargo-leptos sets it too. Setting it
# for every cargo run keeps `cargo test` and app builds from recompiling each other's leptos.
export LEPTOS_OUTPUT_NAME=dealflow
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
# Every cargo-leptos build splits the wasm at the app's lazy routes (the automation
# screens): without `--split` their imports of the split loader would not resolve.
DEALFLOW_LIB_ARGS="--split"
if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  DEALFLOW_ROUTE=rustup
elif rustup toolchain list 2>/dev/null | grep -q '^web'; then
  DEALFLOW_ROUTE=web
  export RUSTUP_TOOLCHAIN=web RUSTC_BOOTSTRAP=1
  DEALFLOW_LIB_ARGS="--split --lib-cargo-args=-Zbuild-std=std,panic_abort"
else
  DEALFLOW_ROUTE=none
fi
# mold links the server several times faster; without it, link normally.
if ! command -v mold >/dev/null 2>&1; then
  export CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS="--cfg erase_components"
fi
export DEALFLOW_ROUTE DEALFLOW_LIB_ARGS
