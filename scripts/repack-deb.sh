#!/usr/bin/env bash
# Repacks the .deb files `tauri build` wrote with xz instead of gzip: the same files, owners
# and modes, about a quarter smaller (the program and the fonts compress better), so the
# installer stays within issue 13's 25 MB. Every dpkg since Debian 6 reads xz packages (UOS
# and Kylin included). The file list of each package is compared before it is replaced.
set -euo pipefail
dir="${1:-${CARGO_TARGET_DIR:-target}/release/bundle/deb}"
shopt -s nullglob
debs=("$dir"/*.deb)
[ ${#debs[@]} -gt 0 ] || { echo "repack-deb: no .deb in $dir (run tauri build --bundles deb first)"; exit 1; }
# Mode, owner, size and path of every file; tauri writes `usr/…` owned 0/0, dpkg-deb
# `./usr/…/` owned root/root, which is the same.
listing() {
  dpkg-deb -c "$1" | awk '{o = ($2 == "root/root") ? "0/0" : $2; p = $6; sub(/^\.\//, "", p); sub(/\/$/, "", p); if (p != "") print $1, o, $3, p}' | sort
}
for deb in "${debs[@]}"; do
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  dpkg-deb -R "$deb" "$work/pkg"
  dpkg-deb --root-owner-group -Zxz -z6 -b "$work/pkg" "$work/new.deb" >/dev/null
  if ! diff <(listing "$deb") <(listing "$work/new.deb") >"$work/diff"; then
    echo "repack-deb: the repacked $deb differs from the original:"; cat "$work/diff"; exit 1
  fi
  # Every file's bytes as the package's own md5sums list them.
  dpkg-deb -x "$work/new.deb" "$work/check"
  dpkg-deb -e "$work/new.deb" "$work/control"
  (cd "$work/check" && md5sum --quiet -c "$work/control/md5sums") || { echo "repack-deb: md5sums do not match in the repacked $deb"; exit 1; }
  before=$(stat -c %s "$deb")
  mv "$work/new.deb" "$deb"
  echo "repack-deb: $(basename "$deb") $((before / 1024)) KiB (gzip) -> $(( $(stat -c %s "$deb") / 1024 )) KiB (xz)"
  rm -rf "$work"
  trap - EXIT
done
