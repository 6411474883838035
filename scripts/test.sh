#!/usr/bin/env bash
# Every check: formatting, clippy per package, unit and integration tests on SQLite and
# PostgreSQL, the release build of the front end, and the end-to-end tests in Chromium. Exits
# non-zero on the first failure. Prints how long each phase took and the total.
#
# What keeps it fast on a 2-core machine (where the time goes is printed at the end):
# - Nothing is compiled twice with different features. Cargo resolves features once per
#   invocation, and a dependency built with other features (or, through a changed proc-macro,
#   anything built on it) is built again. So the native packages build in one invocation and the
#   wasm packages in another.
# - Clippy lints the native packages while the tests are built, instead of in a check build of
#   its own: `RUSTC_WORKSPACE_WRAPPER=clippy-driver` is what `cargo clippy` sets, and it runs on
#   the workspace's crates only, so the dependencies are compiled once instead of checked and
#   then compiled (a separate `cargo clippy` took 500 s, mostly checking dependencies). The
#   tests' build covers what `clippy --all-targets` covers here (lib, tests, bins; no benches or
#   examples). The wasm is linted by `cargo clippy` proper (its check build is small), so the
#   front end users get is built by rustc alone.
# - The native build and the wasm build run at the same time: each spends long stretches on one
#   core (type-checking the `app` crate, linking, the wasm's link-time optimisation).
# - The tests build in the `ci` profile (Cargo.toml: release semantics, little optimisation, so
#   it builds in a fraction of the time of `release` and the tests still run in a couple of
#   minutes); the end-to-end tests run the server binary that this build made
#   (target/ci/server, the same code; `.cargo/config.toml` gives it the wasm's name as
#   cargo-leptos would; `hash.txt`, the hashed file names, is copied beside it), and
#   `cargo leptos build --release --frontend-only --precompress --split` builds the wasm, the CSS and
#   the assets, as users get them. `make run` builds both halves with
#   `cargo leptos build --release --precompress --split`.
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

# Native cargo commands: built and linted by clippy in one pass (see above).
native() {
  RUSTC_WORKSPACE_WRAPPER="$(command -v clippy-driver)" \
    CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__" cargo "$@"
}

phase "building: native tests linted by clippy (ci profile), and at the same time the wasm"
front_log=target/front-end-build.log
mkdir -p target
(
  set -e
  t0=$SECONDS
  cargo clippy -p app -p frontend --features app/hydrate --target wasm32-unknown-unknown \
    -- -D warnings
  echo "front end: clippy took $((SECONDS - t0)) s"
  t1=$SECONDS
  cargo leptos build --release --frontend-only --precompress --split
  echo "front end: release build (wasm, CSS, assets) took $((SECONDS - t1)) s"
) >"$front_log" 2>&1 &
front=$!
trap 'kill $front 2>/dev/null || true' INT TERM
if ! native test --profile ci -p app -p server --features app/ssr --no-run; then
  kill "$front" 2>/dev/null || true
  exit 1
fi
native_took=$((SECONDS - phase_start))
if ! wait "$front"; then
  echo "The front end's build failed; its log ($front_log):"
  tail -n 80 "$front_log"
  exit 1
fi
grep '^front end:' "$front_log"
echo "native: tests, server and clippy took ${native_took} s"
test -x target/ci/server
# The file names' hashes, where the server looks for them: beside its binary.
cp target/release/hash.txt target/ci/hash.txt

phase "starting PostgreSQL on loopback"
TEST_POSTGRES_URL=$(scripts/postgres.sh start)
export TEST_POSTGRES_URL

phase "unit and integration tests (SQLite and PostgreSQL), one process per test"
# cargo-nextest runs each test in its own process, so each HTTP test's server is alone in its
# process as in production. Several servers rendering pages at once in one process made some
# renders never finish (about one run in two of the page tests; never with one server per
# process, in 10 000 renders of a real server under load; see ARCHITECTURE.md). Same build,
# same profile and features as above.
native nextest run --cargo-profile ci -p app -p server --features app/ssr --no-fail-fast

phase "fuzzing the open data API from its OpenAPI document (schemathesis)"
scripts/fuzz_open_data.sh target/ci/server

phase "end-to-end tests (Chromium)"
E2E_SERVER=./target/ci/server npx playwright test --config end2end/playwright.config.ts
