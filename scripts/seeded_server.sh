# Sourced by the measuring scripts (lighthouse.sh, render_load.sh): seeds a fresh SQLite
# database in a temporary folder, starts a server on it and waits until it answers. Sets `dir`
# (the folder), `base` (the server's address), `log` (its log) and a trap that stops it and
# removes the folder. `SERVER` picks the binary (default: the release build).
#
#   source scripts/seeded_server.sh PORT
seeded_port=$1
dir=$(mktemp -d)
base="http://127.0.0.1:$seeded_port"
log="$dir/server.log"
export DATABASE_URL="sqlite://$dir/seeded.db" ENTRAIDE_DATA_DIR="$dir"
export ENTRAIDE_ADDR="127.0.0.1:$seeded_port"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}" ENTRAIDE_TILE_URL=""
server_bin=${SERVER:-./target/release/server}
"$server_bin" seed > "$log" 2>&1
"$server_bin" serve >> "$log" 2>&1 &
seeded_pid=$!
trap 'kill $seeded_pid 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 100); do
  curl -sf "$base/health" > /dev/null && break
  sleep 0.1
done
curl -sf "$base/health" > /dev/null || { echo "the server did not start:"; cat "$log"; exit 1; }
