# The two commands of the README, and a few more for people working on Dealflow.
SHELL := /bin/bash
ENV := source .ci/env.sh &&

.PHONY: run test setup release lint screenshots

## Install what is missing, build, migrate and serve on http://127.0.0.1:3000
run: setup
	$(ENV) cargo leptos serve $$DEALFLOW_LIB_ARGS

## Install what is missing and run every test
test:
	@./.ci/setup.sh test
	@./.ci/test.sh

setup:
	@./.ci/setup.sh

## Optimised build: server in release, wasm size-optimised (target/site, target dir's release/dealflow)
release: setup
	$(ENV) cargo leptos build --release $$DEALFLOW_LIB_ARGS

# rustfmt and clippy come with rustup's toolchains (Debian's rustc-web has neither).
lint:
	cargo +stable fmt --all -- --check && cargo +stable clippy -p app -p server --all-targets -- -D warnings

## Refresh the README's screenshots (end2end/screenshots/)
screenshots: setup
	$(ENV) cargo leptos build $$DEALFLOW_LIB_ARGS && cd end2end && DEALFLOW_SCREENSHOTS=1 npx playwright test screenshots --project=sqlite
