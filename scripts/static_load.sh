#!/usr/bin/env bash
# Requests per second for the front end's files (the static route: `/pkg`, precompressed
# brotli, cached for a year) against the same wasm answered as before issue 19 (by the pages'
# fallback handler, compressed at every request: a copy put at the site's root), in the same
# run, with wrk (Debian's package; installed here if missing). Needs the release build and the front end
# (`make run` or `cargo leptos build --release`). Report: target/bench/static.md.
#
#   scripts/static_load.sh [SECONDS=10] [CONNECTIONS=32]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-10}
connections=${2:-32}
if ! command -v wrk > /dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y wrk > /dev/null
fi
site=$(mktemp -d)
cp -r "${LEPTOS_SITE_ROOT:-target/site}/." "$site/"
wasm=$(ls "$site"/pkg/*.wasm | head -1)
css=$(ls "$site"/pkg/*.css | head -1)
cp "$wasm" "$site/before.wasm"
export LEPTOS_SITE_ROOT=$site
source scripts/seeded_server.sh 3178
trap 'kill $seeded_pid 2>/dev/null || true; rm -rf "$dir" "$site"' EXIT
rps() {
  # wrk's "Requests/sec:" line, after checking that the path answers 200.
  local path=$1 encoding=$2
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Accept-Encoding: $encoding" "$base$path")
  [ "$status" = 200 ] || { echo "$path answered $status" >&2; exit 1; }
  wrk -t2 -c"$connections" -d"${seconds}s" -H "Accept-Encoding: $encoding" "$base$path" \
    | awk '/Requests\/sec/ {print $2}'
}
mkdir -p target/bench
{
  echo "| path | served by | encoding | requests per second |"
  echo "|---|---|---|---|"
  echo "| /before.wasm | fallback handler, compressed per request (before) | br | $(rps /before.wasm br) |"
  echo "| /pkg/$(basename "$css") | static route | br | $(rps "/pkg/$(basename "$css")" br) |"
  echo "| /pkg/$(basename "$wasm") | static route | br | $(rps "/pkg/$(basename "$wasm")" br) |"
  echo "| /favicon.svg | fallback handler | br | $(rps /favicon.svg br) |"
  echo "| /health | handler (ceiling) | none | $(rps /health identity) |"
} | tee target/bench/static.md
