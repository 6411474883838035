#!/usr/bin/env bash
# Renders every page of a freshly seeded server many times at once (scripts/render_load.mjs:
# 16 clients, signed in and not) and fails if the server's log shows a rendering panic ("already
# been disposed", or any other) or an answer ≥ 500. Needs the release build.
#
#   scripts/render_load.sh [TOTAL=10000] [CLIENTS=16]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
total=${1:-10000}
clients=${2:-16}
dir=$(mktemp -d)
port=3177
log="$dir/server.log"
export DATABASE_URL="sqlite://$dir/load.db" ENTRAIDE_DATA_DIR="$dir" ENTRAIDE_ADDR="127.0.0.1:$port"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}" ENTRAIDE_TILE_URL="" RUST_BACKTRACE=1
export ENTRAIDE_AUTH_RATE_PER_MINUTE=1000
./target/release/server seed > "$log" 2>&1
./target/release/server serve >> "$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/health" > /dev/null && break
  sleep 0.1
done
node scripts/render_load.mjs "http://127.0.0.1:$port" "$total" "$clients"
panics=$(grep -c -E "panicked|already been disposed" "$log" || true)
echo "server log: $panics rendering panics in $total renders"
if [ "$panics" -ne 0 ]; then
  grep -E -m 5 -A 30 "panicked|already been disposed" "$log"
  exit 1
fi
