#!/usr/bin/env bash
# Installs what `make run` / `make test` need, skipping what is already present.
# Everything comes from package registries (crates.io, Debian); nothing else is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must equal the wasm-bindgen version locked in Cargo.lock.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if [ -z "$WB_VERSION" ]; then
  echo "setup: could not read wasm-bindgen's version from Cargo.lock" >&2
  exit 1
fi

# wasm-split-cli (the code splitter of `make app`, see scripts/build_wasm.sh)
# must read what this wasm_split_helpers version writes.
WS_VERSION=$(awk '/^name = "wasm_split_helpers"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if [ -z "$WS_VERSION" ]; then
  echo "setup: could not read wasm_split_helpers' version from Cargo.lock" >&2
  exit 1
fi

what=${1:-all}  # all | tools (no browser)
log() { echo "setup: $*"; }

need_apt=()
# wasm-opt, for the release build of the app (scripts/build_wasm.sh).
command -v wasm-opt >/dev/null 2>&1 || need_apt+=(binaryen)
if [ "$what" = all ] || [ "$what" = browser ]; then
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
fi

if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (takes several minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WB_VERSION"; then
  log "installing wasm-bindgen-cli $WB_VERSION (takes several minutes on 2 cores)"
  # --locked fails for some versions (a locked dependency was yanked); the
  # version itself is pinned, which is what must match.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi
if ! cargo install --list | grep -qx "wasm_split_cli_support v$WS_VERSION:"; then
  log "installing wasm-split-cli (wasm_split_cli_support $WS_VERSION, about 2 minutes)"
  cargo install wasm_split_cli_support --version "$WS_VERSION" --locked --features build-binary --force
fi
log "tools ready: trunk $(trunk --version | awk '{print $2}'), wasm-bindgen $WB_VERSION, wasm-split-cli $WS_VERSION"
