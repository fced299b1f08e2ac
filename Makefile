# The two commands of the README, and a few more for people working on Dealflow.
SHELL := /bin/bash
ENV := source .ci/env.sh &&

.PHONY: run test setup release serve-release lint screenshots

# `make run` builds and serves from target/site; `make release` writes its own bundle here,
# so building a release never replaces the files a running dev server sends.
RELEASE_SITE := target/release-site

## Install what is missing, build, migrate and serve on http://127.0.0.1:3000
run: setup
	$(ENV) LEPTOS_SITE_ADDR=$${DEALFLOW_ADDR:-127.0.0.1:3000} cargo leptos serve $$DEALFLOW_LIB_ARGS

## Install what is missing and run every test
test:
	@./.ci/setup.sh test
	@./.ci/test.sh

setup:
	@./.ci/setup.sh

## Optimised build: server in release (target dir's release/dealflow), wasm size-optimised ($(RELEASE_SITE))
release: setup
	$(ENV) LEPTOS_SITE_ROOT=$(RELEASE_SITE) cargo leptos build --release $$DEALFLOW_LIB_ARGS

## Serve the optimised build of `make release` (same address and data as `make run`)
serve-release:
	$(ENV) "$$CARGO_TARGET_DIR/release/dealflow" serve --site-root $(RELEASE_SITE)

## rustfmt and clippy (warnings are errors), on the server and browser sides
lint:
	@./.ci/lint.sh

## Refresh the README's screenshots (end2end/screenshots/)
screenshots: setup
	$(ENV) cargo leptos build $$DEALFLOW_LIB_ARGS && cd end2end && DEALFLOW_SCREENSHOTS=1 npx playwright test screenshots --project=sqlite
