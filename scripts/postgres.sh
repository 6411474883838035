#!/usr/bin/env bash
# Starts (start) or stops (stop) a throw-away PostgreSQL server on loopback for the tests.
# Prints the admin URL on start. The cluster lives in a temporary folder.
set -euo pipefail
PORT="${ENTRAIDE_TEST_PG_PORT:-55432}"
STATE=/tmp/entraide-test-pg.dir

bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  start)
    if [ -f "$STATE" ] && as_pg "$bin/pg_ctl" -D "$(cat "$STATE")" status >/dev/null 2>&1; then
      as_pg "$bin/pg_ctl" -D "$(cat "$STATE")" -m fast -w stop >/dev/null
    fi
    dir=$(mktemp -d /tmp/entraide-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-p $PORT -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
    echo "$dir/data" > "$STATE"
    echo "postgres://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    if [ -f "$STATE" ]; then
      data=$(cat "$STATE")
      as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
      rm -rf "$(dirname "$data")" "$STATE"
    fi
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
