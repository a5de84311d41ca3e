#!/usr/bin/env bash
# make bundle-windows: the per-user Windows installer, built on this Linux machine offline,
# then checked under Wine (check-installer.sh). Expects ui/dist (make ui) to be built.
#   1. the app (UI embedded, as `tauri build` does) and the CLI for x86_64-pc-windows-gnu,
#      release, in one cargo run;
#   2. a staging folder laid out as the install folder: stationdesk.exe,
#      stationdesk-cli.exe, WebView2Loader.dll (beside the app, which loads it),
#      LICENSE.txt, and fonts\ exactly as tauri.conf.json's bundle.resources lists;
#   3. packaging/windows/stationdesk.nsi through Debian's makensis (amd64 stub).
# Tauri's own NSIS bundling is not used: it downloads nsis_tauri_utils.dll from GitHub.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"

scripts/windows/setup.sh

target=x86_64-pc-windows-gnu
out="${CARGO_TARGET_DIR:-target}"
case "$out" in /*) ;; *) out="$root/$out" ;; esac
release="$out/$target/release"
version="$(jq -r .version src-tauri/tauri.conf.json)"

if [ ! -f ui/dist/index.html ]; then
  echo "bundle-windows: ui/dist is missing: run make ui first" >&2
  exit 1
fi

started=$(date +%s)
# tauri/custom-protocol is what `tauri build` adds: the app serves the embedded ui/dist
# instead of the dev server's address.
cargo build --release --locked --target "$target" -p stationdesk -p stationdesk-cli --features tauri/custom-protocol
echo "bundle-windows: release build took $(( $(date +%s) - started )) s"

# The UI must be inside the app: every built asset's name is in the .exe.
for asset in ui/dist/assets/*; do
  name="assets/$(basename "$asset")"
  if ! grep -aqF "$name" "$release/stationdesk.exe"; then
    echo "bundle-windows: $name is not embedded in stationdesk.exe (built without the UI?)" >&2
    exit 1
  fi
done

# webview2-com-sys's build script copies the loader DLL beside the binaries.
loader="$release/WebView2Loader.dll"
if [ ! -f "$loader" ]; then
  loader="$(find "$release/build" -path '*webview2-com-sys*' -path '*x64*' -name WebView2Loader.dll -print -quit)"
fi
if [ -z "$loader" ] || [ ! -f "$loader" ]; then
  echo "bundle-windows: WebView2Loader.dll not found under $release" >&2
  exit 1
fi

bundle="$release/bundle/nsis"
stage="$bundle/stage"
rm -rf "$stage"
mkdir -p "$stage"
cp "$release/stationdesk.exe" "$release/stationdesk-cli.exe" "$loader" "$stage/"
# The licence in Windows line endings, so Notepad on any Windows shows its lines.
sed 's/$/\r/' packaging/windows/LICENSE.txt >"$stage/LICENSE.txt"

# bundle.resources: source (relative to src-tauri) → place in the install folder.
while IFS=$'\t' read -r src dst; do
  case "$dst" in
    fonts/*) ;;
    *) echo "bundle-windows: resource $dst is outside fonts/: add it to packaging/windows/stationdesk.nsi" >&2; exit 1 ;;
  esac
  mkdir -p "$stage/$(dirname "$dst")"
  cp "src-tauri/$src" "$stage/$dst"
done < <(jq -r '.bundle.resources | to_entries[] | "\(.key)\t\(.value)"' src-tauri/tauri.conf.json)

setup="$bundle/StationDesk_${version}_x64-setup.exe"
rm -f "$setup"
makensis -V2 -INPUTCHARSET UTF8 \
  -DVERSION="$version" -DSTAGE="$stage" -DOUTFILE="$setup" -DICON="$root/icons/icon.ico" \
  "$root/packaging/windows/stationdesk.nsi"

size=$(stat -c %s "$setup")
echo "bundle-windows: $setup"
echo "bundle-windows: installer $(awk -v s="$size" 'BEGIN { printf "%.1f MiB (%d bytes)", s / 1048576, s }'); stationdesk.exe $(du -h "$stage/stationdesk.exe" | cut -f1), stationdesk-cli.exe $(du -h "$stage/stationdesk-cli.exe" | cut -f1), fonts $(du -sh "$stage/fonts" | cut -f1)"

scripts/windows/check-installer.sh "$setup" "$version" "$stage"
echo "bundle-windows: done in $(( $(date +%s) - started )) s"
