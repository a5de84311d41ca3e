#!/usr/bin/env bash
# Installs what building and checking StationDesk for Windows on Debian needs, only when
# missing: the mingw-w64 cross toolchain, NSIS (makensis), Wine, jq (reads tauri.conf.json),
# poppler-utils (reads the PDF back), and Rust's x86_64-pc-windows-gnu standard library.
set -euo pipefail

pkgs=(mingw-w64 nsis wine jq poppler-utils file binutils)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-windows: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  # Another build may hold the package lock for a while: wait for it rather than fail.
  $SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq "${missing[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx x86_64-pc-windows-gnu; then
  echo "setup-windows: rustup target add x86_64-pc-windows-gnu"
  rustup target add x86_64-pc-windows-gnu
fi
