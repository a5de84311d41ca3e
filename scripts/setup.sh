#!/usr/bin/env bash
# Installs what StationDesk needs to build, run and test, idempotently, on Debian 12
# (and the Debian-based UOS/Kylin). Usage: scripts/setup.sh [app|test]
#   app  — build dependencies (WebKitGTK, GTK, ...) and the UI's npm packages
#   test — also Xvfb, WebKitWebDriver, tauri-driver, poppler and the e2e npm packages
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-app}"

need_pkgs=(build-essential pkg-config file curl libssl-dev libwebkit2gtk-4.1-dev libsoup-3.0-dev
  libayatana-appindicator3-dev librsvg2-dev libxdo-dev fonts-noto-cjk)
if [ "$mode" = test ]; then
  need_pkgs+=(xvfb xauth webkit2gtk-driver imagemagick poppler-utils postgresql)
fi
if ! command -v node >/dev/null 2>&1; then need_pkgs+=(nodejs npm); fi

missing=()
for p in "${need_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages, reinstalled only when the lock file changed.
npm_install() {
  local dir="$1"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "setup: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_install ui

if [ "$mode" = test ]; then
  npm_install tests/e2e
  if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
    echo "setup: cargo install tauri-driver"
    cargo install tauri-driver --version 2.1.0 --locked --quiet
  fi
fi
