#!/usr/bin/env bash
# Starts the release server for the end-to-end tests: a fresh SQLite database, no map tiles
# (tests never need the internet), a generous login rate limit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dir=$(mktemp -d /tmp/entraide-e2e.XXXXXX)
export DATABASE_URL="sqlite://$dir/e2e.db"
export ENTRAIDE_DATA_DIR="$dir"
export ENTRAIDE_TILE_URL=""
export ENTRAIDE_ADDR="127.0.0.1:${E2E_PORT:-3131}"
export ENTRAIDE_AUTH_RATE_PER_MINUTE=1000
export LEPTOS_SITE_ROOT=target/site
# Where this server's database is, for tests that run a server command beside it (draw-due).
printf 'DATABASE_URL=%s\nENTRAIDE_DATA_DIR=%s\n' "$DATABASE_URL" "$dir" >"target/e2e-${E2E_PORT:-3131}.env"
# E2E_SERVER: another build of the server (a debug build while working on a page).
server="${E2E_SERVER:-./target/release/server}"
# E2E_SEED: the demo's data and its published neighbourhood figures (the /insights tests).
if [ -n "${E2E_SEED:-}" ]; then
  "$server" seed
  "$server" open-data-due
fi
exec "$server" serve
