#!/usr/bin/env bash
# Fuzzes the open data API (issue 24) from its own OpenAPI document with schemathesis: every
# check schemathesis has (no server error, answers as documented: statuses, content types,
# headers, bodies; schema-valid queries accepted, invalid ones refused). Runs the server binary
# given (default: the tests' build) on a fresh SQLite database holding the demo's data and its
# published figures, so the fuzzer meets real areas. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
server="$root/${1:-target/ci/server}"
dir=$(mktemp -d /tmp/entraide-fuzz.XXXXXX)
port=${FUZZ_PORT:-3141}
export DATABASE_URL="sqlite://$dir/fuzz.db?mode=rwc" ENTRAIDE_DATA_DIR="$dir" ENTRAIDE_TILE_URL=""
export ENTRAIDE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site
# The fuzzer sends hundreds of requests a minute: the rate limit is tested elsewhere
# (server/tests/http/open_data_v1.rs).
export ENTRAIDE_OPEN_DATA_PER_MINUTE=1000000
"$server" seed >/dev/null
"$server" open-data-due
"$server" serve >"$dir/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/health" >/dev/null && break
  sleep 0.2
done
# From a folder of its own: schemathesis keeps what it found in `.schemathesis/` where it runs.
(cd "$dir" && "$root/target/schemathesis/bin/st" run "http://127.0.0.1:$port/open-data/v1/openapi.json" \
  --checks all --max-examples "${FUZZ_EXAMPLES:-500}" --no-color)
