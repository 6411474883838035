#!/usr/bin/env bash
# Every check: formatting, clippy per package, unit and integration tests on SQLite and
# PostgreSQL, the release build, and the end-to-end tests in Chromium. Exits non-zero on the
# first failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh --test

step "formatting"
cargo fmt --all -- --check

step "clippy (each package with its own features)"
cargo clippy -p app --features ssr --all-targets -- -D warnings
cargo clippy -p app --features hydrate --target wasm32-unknown-unknown -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
cargo clippy -p server --all-targets -- -D warnings

step "starting PostgreSQL on loopback"
TEST_POSTGRES_URL=$(scripts/postgres.sh start)
export TEST_POSTGRES_URL
trap 'scripts/postgres.sh stop' EXIT

# Release profile: the tests share compiled dependencies with the release build below.
step "unit tests"
cargo test --release -p app --features ssr
step "integration tests (SQLite and PostgreSQL)"
cargo test --release -p server

step "release build"
cargo leptos build --release

step "end-to-end tests (Chromium)"
npx playwright test --config end2end/playwright.config.ts
