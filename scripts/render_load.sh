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
export RUST_BACKTRACE=1 ENTRAIDE_AUTH_RATE_PER_MINUTE=1000
source scripts/seeded_server.sh 3177
node scripts/render_load.mjs "$base" "$total" "$clients"
panics=$(grep -c -E "panicked|already been disposed" "$log" || true)
echo "server log: $panics rendering panics in $total renders"
if [ "$panics" -ne 0 ]; then
  grep -E -m 5 -A 30 "panicked|already been disposed" "$log"
  exit 1
fi
