#!/usr/bin/env bash
# Checks a Windows installer as far as Linux can:
#   scripts/windows/check-installer.sh SETUP.exe VERSION STAGE_DIR
# - a 64-bit PE (PE32+) whose version resource carries VERSION;
# - in a throwaway Wine prefix (made here, removed after; with the stand-in
#   bcryptprimitives.dll, see wine-env.sh; drive Z: removed so nothing outside the prefix,
#   such as the source tree's fonts, can be reached): `setup.exe /S` installs silently
#   exactly the files of STAGE_DIR plus the uninstaller, the Start-menu and desktop
#   shortcuts and the Add/Remove programs entry with VERSION;
# - the installed stationdesk-cli.exe inits a station, adds a case, finds it, and renders
#   its 受理回执, whose PDF text (pdftotext, here on Linux) is the Chinese expected;
# - `uninstall.exe /S` removes the program, its shortcuts and its entry again.
# The window itself cannot be checked here: Wine has no WebView2 Runtime.
set -euo pipefail
setup="$(realpath "$1")"
version="$2"
stage="$(realpath "$3")"
# shellcheck source=scripts/windows/wine-env.sh
. "$(dirname "${BASH_SOURCE[0]}")/wine-env.sh"

fail() {
  echo "check-installer: FAILED: $*" >&2
  exit 1
}
step() { echo "check-installer: $*"; }

description="$(file -b "$setup")"
case "$description" in
  *PE32+*x86-64*) step "PE32+ x86-64: $description" ;;
  *) fail "not a 64-bit Windows program: $description" ;;
esac
strings -e l "$setup" | grep -qxF "$version" || fail "version $version not in the installer's version resource"
step "version resource says $version"

work="$(mktemp -d /tmp/stationdesk-setup-check.XXXXXX)"
cleanup() {
  cd /
  if [ -n "${WINEPREFIX:-}" ]; then wineserver -k 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
wine_prefix_init "$work/prefix"
c="$WINEPREFIX/drive_c"
rm -f "$WINEPREFIX/dosdevices/z:"
mkdir -p "$c/check"
# Wine starts programs in the current folder, which must be inside the prefix now.
cd "$c/check"
name="$(basename "$setup")"
cp "$setup" "$c/check/$name"

# A Windows folder of this prefix's user, as a Linux path.
winvar() {
  local value
  value="$(wine cmd /c echo "%$1%" </dev/null | tr -d '\r')"
  winepath -u "$value" 2>/dev/null | sed 's:/*$::'
}

started=$(date +%s)
wine "C:\\check\\$name" /S </dev/null || fail "$name /S exited with $?"
wineserver -w
step "$name /S installed in $(( $(date +%s) - started )) s"

install="$(winvar LOCALAPPDATA)/Programs/StationDesk"
programs="$(winvar APPDATA)/Microsoft/Windows/Start Menu/Programs/社区服务站工作台"
desktop="$(winvar USERPROFILE)/Desktop"
[ -d "$install" ] || fail "no install folder $install"

expected="$( (cd "$stage" && find . -type f; echo ./uninstall.exe) | sort)"
actual="$( (cd "$install" && find . -type f) | sort)"
if [ "$expected" != "$actual" ]; then
  diff <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") >&2 || true
  fail "the install folder does not hold exactly the staged files and uninstall.exe"
fi
for f in $(cd "$stage" && find . -type f); do
  cmp -s "$stage/$f" "$install/$f" || fail "$f differs from the staged file"
done
[ ! -e "$install/bcryptprimitives.dll" ] || fail "the Wine stand-in DLL must not be installed"
step "install folder: $(echo "$actual" | wc -l) files as staged (app, CLI, WebView2Loader.dll, LICENSE.txt, fonts/, uninstall.exe)"

for lnk in "$programs/社区服务站工作台.lnk" "$programs/卸载社区服务站工作台.lnk" "$desktop/社区服务站工作台.lnk"; do
  [ -f "$lnk" ] || fail "no shortcut $lnk"
done
step "Start-menu entries 社区服务站工作台 and 卸载社区服务站工作台, desktop shortcut"

key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\StationDesk'
wine reg query "$key" /v DisplayVersion </dev/null | tr -d '\r' | grep -q "REG_SZ[[:space:]]*$version\$" \
  || fail "Add/Remove programs entry without DisplayVersion $version"
wine reg query "$key" /v UninstallString </dev/null | grep -q 'uninstall.exe' || fail "no UninstallString"
step "Add/Remove programs entry, version $version"

# The installed CLI, as a station's IT person would use it (OS-level administrator mode).
db='C:\check\station.db'
run_cli() {
  wine "$(winepath -w "$install/stationdesk-cli.exe")" --db "$db" "$@" </dev/null
}
out="$(run_cli init --station-code RA --station-name 荣傲家园社区微言服务站 2>/dev/null)" || fail "cli init: $out"
case "$out" in *已初始化*荣傲家园社区微言服务站*) ;; *) fail "cli init printed: $out" ;; esac
number="$(run_cli case add --channel 来访 --title 南门广场路面坑洼，雨后积水 --category 市政设施 \
  --compound 润都荣园 --place 南门广场 | tr -d '\r')" || fail "cli case add"
[[ "$number" =~ ^RA-[0-9]{4}-0001$ ]] || fail "case add printed: $number"
found="$(run_cli case search 积水 | tr -d '\r')" || fail "cli case search"
case "$found" in *"$number"*南门广场路面坑洼*) ;; *) fail "case search 积水 printed: $found" ;; esac
run_cli notice render --case "$number" --kind receipt --out 'C:\check\受理回执.pdf' >/dev/null || fail "cli notice render"
pdf="$c/check/受理回执.pdf"
[ -f "$pdf" ] || fail "no PDF written"
text="$(pdftotext -enc UTF-8 "$pdf" - | tr -d ' \n')"
for want in 受理回执 荣傲家园社区微言服务站 "$number" 南门广场路面坑洼; do
  case "$text" in *"$want"*) ;; *) fail "the receipt's text lacks $want: $text" ;; esac
done
step "installed CLI under Wine: init, case add $number, case search, notice render → receipt PDF $(stat -c %s "$pdf") bytes, its text in Chinese"

wine "$(winepath -w "$install/uninstall.exe")" /S </dev/null || fail "uninstall.exe /S exited with $?"
# The uninstaller copies itself to %TEMP% and runs from there: wait for it.
wineserver -w
[ ! -e "$install" ] || fail "install folder still there: $(cd "$install" && find . | head)"
[ ! -e "$programs" ] || fail "Start-menu folder still there"
[ ! -e "$desktop/社区服务站工作台.lnk" ] || fail "desktop shortcut still there"
if wine reg query "$key" </dev/null >/dev/null 2>&1; then fail "Add/Remove programs entry still there"; fi
[ -f "$c/check/station.db" ] || fail "the uninstaller must not touch records"
step "uninstall.exe /S removed the program, its shortcuts and its entry (records elsewhere kept)"
step "all checks passed"
