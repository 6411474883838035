#!/usr/bin/env bash
# Lighthouse's mobile preset (simulated slow 4G, a 4x slower CPU) on the home page, a listing
# page, an activity page and the help pages of a freshly seeded release server, as a visitor on a cheap phone
# would load them. Prints per page: time to interactive, total blocking time, largest
# contentful paint, cumulative layout shift and the accessibility score; the full reports go
# to target/lighthouse/. Needs the release build (`make run` makes it) and installs Lighthouse
# from npm on first use. `SERVER` picks another server binary built from the same code (the
# test build's `target/ci/server`, with `hash.txt` beside it).
#
#   scripts/lighthouse.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/seeded_server.sh 3178
out=target/lighthouse
mkdir -p "$out"
# A listing and an activity of the demo data.
listing=$(sqlite3 "$dir/seeded.db" "SELECT id FROM listings ORDER BY id LIMIT 1" 2>/dev/null \
  || node -e "console.log(1)")
activity=$(sqlite3 "$dir/seeded.db" "SELECT id FROM activities ORDER BY id LIMIT 1" 2>/dev/null \
  || node -e "console.log(1)")
# LIGHTHOUSE: a Lighthouse installed elsewhere.
lighthouse=${LIGHTHOUSE:-node_modules/.bin/lighthouse}
[ -x "$lighthouse" ] || npm install --no-save --no-audit --no-fund lighthouse@12 >/dev/null
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
# And the light pages of help near me (issue 21): the list near a place, and a site's page.
for page in "home:/" "listing:/listings/$listing" "activity:/activities/$activity" \
  "help:/help?place=chapelle" "site:/help/sites/1"; do
  name=${page%%:*}
  path=${page#*:}
  "$lighthouse" "$base$path" --quiet --output=json --output-path="$out/$name.json" \
    --only-categories=performance,accessibility --form-factor=mobile \
    --chrome-flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const a = (id) => r.audits[id].numericValue;
    console.log(`${process.argv[2].padEnd(9)} ${process.argv[3].padEnd(16)} TTI ${(a("interactive")/1000).toFixed(1)} s  TBT ${Math.round(a("total-blocking-time"))} ms  LCP ${(a("largest-contentful-paint")/1000).toFixed(1)} s  CLS ${a("cumulative-layout-shift").toFixed(3)}  accessibility ${Math.round(r.categories.accessibility.score*100)}`);
  ' "$out/$name.json" "$name" "$path"
done
