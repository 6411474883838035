#!/usr/bin/env bash
# Builds Entraide (release), creates the SQLite database with demo data if it is empty, and
# serves the app. Configuration: see README.md (all variables have defaults).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

# cargo-leptos re-runs wasm-bindgen and wasm-opt on every build (over a minute); skip the
# build when no source changed since the last successful one.
stamp=target/.run-build-stamp
if [ -f "$stamp" ] && [ -f target/release/server ] && [ -f target/release/hash.txt ] \
  && [ -z "$(find Cargo.toml Cargo.lock app frontend server style public package-lock.json \
        -newer "$stamp" -not -path 'public/vendor/*' -print -quit)" ]; then
  step "build is up to date"
else
  step "building (release)"
  cargo leptos build --release --precompress --split
  touch "$stamp"
fi

export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
step "preparing the database"
./target/release/server seed
step "starting"
exec ./target/release/server serve
