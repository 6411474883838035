#!/usr/bin/env bash
# The open data benchmark (issue 24): fills a fresh SQLite database with a year of synthetic
# activity (1 million listings and 300 000 completed exchanges by default: BENCH_LISTINGS,
# BENCH_EXCHANGES), times the job that computes the year's figures and its peak memory
# (`server bench-open-data`), then times the API's answers from the aggregate tables over HTTP:
# 400 requests of every measure, period, resolution, category and format, one at a time, and
# 200 by territory (the demo's 45 arrondissements, loaded with `server import-territories`).
# Report: target/bench/open_data.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
server=${BENCH_SERVER:-./target/release/server}
if [ -z "${BENCH_SERVER:-}" ]; then
  step "building the server (release)"
  cargo build --release -p server
fi
dir=$(mktemp -d /tmp/entraide-bench-od.XXXXXX)
port=${BENCH_PORT:-3151}
export DATABASE_URL="sqlite://$dir/od.db?mode=rwc" ENTRAIDE_DATA_DIR="$dir" ENTRAIDE_TILE_URL=""
export ENTRAIDE_ADDR="127.0.0.1:$port" ENTRAIDE_OPEN_DATA_PER_MINUTE=1000000
mkdir -p target/bench
step "filling the database and running the job (a few minutes at a million listings)"
job=$("$server" bench-open-data 2>/dev/null | grep -E '^(loaded|open data job)' | tee /dev/stderr)
"$server" serve >"$dir/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/health" >/dev/null && break
  sleep 0.2
done
step "loading the territories"
"$server" import-territories server/data/demo-territories.geojson
step "timing the API (400 requests by area, 200 by territory)"
periods=$(curl -fs "http://127.0.0.1:$port/open-data/v1/" | python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)["periods"]))')
python3 - "$port" "$periods" "$job" <<'PY'
import random, subprocess, sys, statistics
port, periods, job = sys.argv[1], sys.argv[2].split(), sys.argv[3]
measures = ["offers", "requests", "unmet", "exchanges", "hours", "events", "registrations", "members"]
categories = ["", "", "food", "tutoring", "repairs", "administrative_help"]
rng = random.Random(24)
territories = ["", "", "75118", "75111", "69387", "13201"]
def run(n, path):
    times, sizes, statuses = [], [], {}
    for _ in range(n):
        m = rng.choice(measures)
        c = "" if m == "members" else rng.choice(categories)
        q = f"measure={m}&period={rng.choice(periods)}&category={c}&territory={rng.choice(territories)}"
        fmt = rng.choice(["geojson", "csv"])
        if path == "areas":
            q += f"&resolution={rng.choice(['7', '8'])}"
        out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{time_total} %{size_download}",
                              f"http://127.0.0.1:{port}/open-data/v1/{path}.{fmt}?{q}"], capture_output=True, text=True).stdout.split()
        statuses[out[0]] = statuses.get(out[0], 0) + 1
        times.append(float(out[1]) * 1000)
        sizes.append(int(out[2]))
    times.sort()
    p90 = times[int(len(times) * 0.9)]
    return f"| {path} | {len(times)} | {statuses} | {statistics.median(times):.2f} | {p90:.2f} | {times[-1]:.2f} | {int(statistics.median(sizes))} |"
rows = [run(400, "areas"), run(200, "territories")]
report = f"""# Open data benchmark

{job}

| API | requests | statuses | median (ms) | p90 (ms) | max (ms) | median answer (bytes) |
|---|---|---|---|---|---|---|
{chr(10).join(rows)}
"""
open("target/bench/open_data.md", "w").write(report)
print(report)
PY
