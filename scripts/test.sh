#!/usr/bin/env bash
# Every check: formatting, clippy per package, unit and integration tests on SQLite and
# PostgreSQL, the release build of the front end, and the end-to-end tests in Chromium. Exits
# non-zero on the first failure. Prints how long each phase took and the total.
#
# What keeps it fast on a 2-core machine: nothing is compiled twice with different features.
# Cargo resolves features once per invocation, and a dependency built with other features (or,
# through a changed proc-macro, anything built on it) is built again. So:
# - clippy checks the native packages in one invocation and the wasm packages in another;
# - the unit tests (app) and the integration tests (server) build in one invocation, in the `ci`
#   profile (Cargo.toml: release semantics, little optimisation, so it builds in a fraction of
#   the time of `release` and the tests still run in a couple of minutes);
# - the end-to-end tests run the server binary that this test build made (target/ci/server, the
#   same code; `.cargo/config.toml` gives it the wasm's name as cargo-leptos would), and
#   `cargo leptos build --release --frontend-only` builds the wasm, the CSS and the assets, as
#   users get them. `make run` builds both halves with `cargo leptos build --release`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
start_all=$SECONDS
source scripts/setup.sh --test

phases=()
phase_name=""
phase_start=$SECONDS
phase() {
  if [ -n "$phase_name" ]; then
    local took=$((SECONDS - phase_start))
    phases+=("$(printf '%6ss  %s' "$took" "$phase_name")")
    printf '\033[2m    (%s: %ss)\033[0m\n' "$phase_name" "$took"
  fi
  phase_name="$*"
  phase_start=$SECONDS
  [ -n "$phase_name" ] && step "$phase_name"
  return 0
}
report() {
  local rc=$?
  phase ""
  echo "Time per phase (seconds):"
  printf '%s\n' "${phases[@]}"
  printf '%6ss  total%s\n' "$((SECONDS - start_all))" "$([ $rc = 0 ] || echo " (failed)")"
  [ -z "${TEST_POSTGRES_URL:-}" ] || scripts/postgres.sh stop
}
trap report EXIT

phase "formatting"
cargo fmt --all -- --check

phase "clippy, native (app with ssr, server; all targets)"
cargo clippy -p app -p server --features app/ssr --all-targets -- -D warnings
phase "clippy, wasm (app with hydrate, frontend)"
cargo clippy -p app -p frontend --features app/hydrate --target wasm32-unknown-unknown -- -D warnings

# The test build also makes the server binary of the end-to-end tests.
phase "building the unit and integration tests (ci profile)"
cargo test --profile ci -p app -p server --features app/ssr --no-run

phase "starting PostgreSQL on loopback"
TEST_POSTGRES_URL=$(scripts/postgres.sh start)
export TEST_POSTGRES_URL

phase "unit and integration tests (SQLite and PostgreSQL)"
cargo test --profile ci -p app -p server --features app/ssr

phase "release build of the front end (wasm, CSS, assets)"
cargo leptos build --release --frontend-only
test -x target/ci/server

phase "end-to-end tests (Chromium)"
E2E_SERVER=./target/ci/server npx playwright test --config end2end/playwright.config.ts
