#!/usr/bin/env bash
# Builds Entraide (release), creates the SQLite database with demo data if it is empty, and
# serves the app. Configuration: see README.md (all variables have defaults).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

step "building (release)"
cargo leptos build --release

export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
step "preparing the database"
./target/release/server seed
step "starting"
exec ./target/release/server serve
