#!/usr/bin/env bash
# The matching benchmark: fills SQLite and a throw-away PostgreSQL with synthetic listings
# (10 thousand, 100 thousand, 1 million by default; BENCH_SIZES=… to change; BENCH_SQLITE=0 for
# PostgreSQL only) and prints the time to match one new listing against a scan-all baseline,
# and the map's query at four zooms. Reports: target/bench/matching.md, target/bench/viewport.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh --test
step "building the server (release)"
cargo build --release -p server
step "starting PostgreSQL"
BENCH_POSTGRES_URL=$(bash scripts/postgres.sh start)
export BENCH_POSTGRES_URL
trap 'bash scripts/postgres.sh stop' EXIT
step "benchmark (a few minutes for 1 million listings)"
./target/release/server bench
