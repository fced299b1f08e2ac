#!/usr/bin/env bash
# Every test: unit and store/server tests (SQLite, plus PostgreSQL when TEST_POSTGRES_URL
# is set), then a build of the app and the end-to-end specs in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/env.sh
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "formatting and lints"
./.ci/lint.sh

step "unit, store and server tests${TEST_POSTGRES_URL:+ (SQLite and PostgreSQL)}"
cargo test -p app -p server

step "building the app (server + wasm)"
# shellcheck disable=SC2086
cargo leptos build $DEALFLOW_LIB_ARGS

step "end-to-end tests in Chromium${TEST_POSTGRES_URL:+ (SQLite and PostgreSQL)}"
(cd end2end && npx playwright test)
