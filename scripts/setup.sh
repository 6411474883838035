#!/usr/bin/env bash
# Installs what building (and, with --test, testing) Entraide needs, only when it is missing.
# Sourced by run.sh and test.sh; safe to run again: it is quick when everything is there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
CARGO_LEPTOS_VERSION=0.3.10

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root for: $*" >&2; return 1; fi
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

# The wasm-bindgen CLI must be exactly the version of the crate in Cargo.lock.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -qw "$WB_VERSION"; then
  step "installing wasm-bindgen-cli $WB_VERSION (a few minutes)"
  # --locked fails for this version: a locked dependency is no longer on the registry.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

if ! cargo leptos --version 2>/dev/null | grep -qw "$CARGO_LEPTOS_VERSION"; then
  step "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 20 minutes on 2 cores, once)"
  # no_downloads: use the wasm-bindgen and wasm-opt found on PATH instead of the internet.
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads --force
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing npm packages (Leaflet, wasm-opt, Playwright)"
  npm ci --no-audit --no-fund
fi

# Leaflet is served by the app itself, never from a CDN.
if [ ! -f public/vendor/leaflet/leaflet.js ] || [ node_modules/leaflet/dist/leaflet.js -nt public/vendor/leaflet/leaflet.js ]; then
  mkdir -p public/vendor/leaflet
  cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
    node_modules/leaflet/dist/images public/vendor/leaflet/
fi

if [ "${1:-}" = "--test" ]; then
  # The tests run one process per test (see test.sh); machines of this kind come with it.
  if ! cargo nextest --version >/dev/null 2>&1; then
    step "installing cargo-nextest (a few minutes, once)"
    cargo install cargo-nextest --locked
  fi
  # The open data API's fuzzer (PyPI), in a virtual environment of its own.
  SCHEMATHESIS_VERSION=4.32.5
  if ! target/schemathesis/bin/st --version 2>/dev/null | grep -qw "$SCHEMATHESIS_VERSION"; then
    step "installing schemathesis $SCHEMATHESIS_VERSION from PyPI (about a minute, once)"
    command -v python3 >/dev/null || as_root apt-get install -y -qq python3 python3-venv
    rm -rf target/schemathesis
    python3 -m venv target/schemathesis
    target/schemathesis/bin/pip install -q "schemathesis==$SCHEMATHESIS_VERSION"
  fi
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    step "installing ${missing[*]} from Debian"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}"
  fi
fi
