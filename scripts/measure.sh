#!/usr/bin/env bash
# make measure (run by hand, not part of make test): start-up, memory and installer size
# of the release app, each beside a reference measured in the same run on this machine.
#   1. first paint under Xvfb: the app on a 100 000-case database beside MiniBrowser (the
#      bare WebKitGTK window of libwebkit2gtk-4.1-0) on a static page. "First paint" is
#      the first frame in which the rectangle 0,60 1000×600 of the screen holds at least 16
#      distinct colours (drawn text or widgets; a blank window has one or two), found by
#      grabbing it with XGetImage every ~5 ms (scripts/measure/firstpaint.c), counted from
#      the fork of the program. The rectangle leaves out MiniBrowser's toolbar. Median and
#      fastest of MEASURE_RUNS (default 5) alternating runs, page cache warm.
#   2. memory: PSS (smaps_rollup) of the app and its WebKit processes with the register of
#      100 000 cases open (through tauri-driver, as the e2e tests drive it) beside MiniBrowser
#      showing the built UI bundle (ui/dist served on 127.0.0.1).
#   3. the installers' sizes (.deb, .rpm from `make bundle`; the .exe is built on Windows).
# Needs: `make bundle` (release app + installers) and the release CLI, Xvfb, a C compiler
# with libX11 headers, tauri-driver and tests/e2e/node_modules (npm ci there).
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-$PWD/target}"
APP="$TARGET/release/stationdesk"
CLI="${STATIONDESK_CLI:-$TARGET/release/stationdesk-cli}"
MINI=/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser
RUNS="${MEASURE_RUNS:-5}"
CASES="${MEASURE_CASES:-100000}"
RECT=(0 60 1000 600)
MIN_COLOURS=16

for f in "$APP" "$CLI" "$MINI"; do
  [ -x "$f" ] || { echo "measure: $f is missing (make bundle; cargo build --release -p stationdesk-cli; apt install libwebkit2gtk-4.1-0)"; exit 1; }
done
command -v Xvfb >/dev/null || { echo "measure: Xvfb is missing (apt install xvfb)"; exit 1; }
[ -d tests/e2e/node_modules ] || { echo "measure: run npm ci in tests/e2e first"; exit 1; }
[ -f ui/dist/index.html ] || { echo "measure: ui/dist is missing (make ui)"; exit 1; }

work="$(mktemp -d)"
xvfb=""
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cc -O2 -o "$work/firstpaint" scripts/measure/firstpaint.c -lX11
display=""
for n in $(seq 90 140); do
  if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then display=$n; break; fi
done
[ -n "$display" ] || { echo "measure: no free X display number in 90–140"; exit 1; }
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
export DISPLAY=":$display"
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done
export TZ=Asia/Shanghai XDG_DATA_HOME="$work/home"
mkdir -p "$XDG_DATA_HOME"

echo "measure: a database of $CASES demo cases…"
db="$work/station.db"
"$CLI" --db "$db" init --station-code RA --station-name 荣傲家园社区微言服务站 --staff 赵子坤 >/dev/null
"$CLI" --db "$db" demo --cases "$CASES" >/dev/null

cat > "$work/static.html" <<'HTML'
<!doctype html><meta charset="utf-8"><title>static</title>
<body style="font:24px sans-serif;margin:40px"><h1>StationDesk measure</h1>
<p>社区服务站工作台 — a static page for the bare WebKitGTK window.</p>
<p>The quick brown fox jumps over the lazy dog 0123456789.</p></body>
HTML

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "-"; else print a[int((NR+1)/2)]}'; }
fastest() { sort -n | head -1; }
: > "$work/app.txt"
: > "$work/mini.txt"
echo "measure: first paint, $RUNS runs each…"
for i in $(seq "$RUNS"); do
  t=$("$work/firstpaint" "${RECT[@]}" "$MIN_COLOURS" 30 "$MINI" "file://$work/static.html" || true)
  [ "$t" = timeout ] || echo "$t" >> "$work/mini.txt"
  t=$("$work/firstpaint" "${RECT[@]}" "$MIN_COLOURS" 30 "$APP" --db "$db" || true); echo "  run $i: StationDesk $t s" >&2
  [ "$t" = timeout ] || echo "$t" >> "$work/app.txt"
done
app_med=$(median < "$work/app.txt"); app_min=$(fastest < "$work/app.txt")
mini_med=$(median < "$work/mini.txt"); mini_min=$(fastest < "$work/mini.txt")

echo "measure: memory…"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory ui/dist "$port" >/dev/null 2>&1 &
server=$!
sleep 1
app_mem=$(STATIONDESK_APP="$APP" STATIONDESK_CLI="$CLI" node scripts/measure/pss.mjs app "$db")
bare_mem=$(node scripts/measure/pss.mjs bare "http://127.0.0.1:$port/")
kill "$server" 2>/dev/null || true
server=""

size() { [ -n "${1:-}" ] && [ -f "$1" ] && awk -v b="$(stat -L -c %s "$1")" 'BEGIN {printf "%.1f MB", b / 1048576}' || echo "not built here"; }
deb=$(ls -t "$TARGET"/release/bundle/deb/*.deb 2>/dev/null | head -1 || true)
rpm=$(ls -t "$TARGET"/release/bundle/rpm/*.rpm 2>/dev/null | head -1 || true)
exe=$(ls -t "$TARGET"/release/bundle/nsis/*.exe 2>/dev/null | head -1 || true)
fonts_in_deb="-"
if [ -n "$deb" ] && command -v dpkg >/dev/null; then
  fonts_in_deb=$(dpkg -c "$deb" | awk '/\/fonts\// {s += $3} END {printf "%.1f MB", s / 1048576}')
fi
bin_size=$(size "$APP")
total() { echo "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["totalMb"])'; }
parts() { echo "$1" | python3 -c 'import json,sys; print(", ".join(json.load(sys.stdin)["parts"]))'; }

echo
echo "== make measure ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores) =="
printf 'first paint under Xvfb (median / fastest of %s):\n' "$RUNS"
printf '  StationDesk on %s cases   %s s / %s s\n' "$CASES" "$app_med" "$app_min"
printf '  bare MiniBrowser, static   %s s / %s s   (reference)\n' "$mini_med" "$mini_min"
awk -v a="$app_med" -v m="$mini_med" 'BEGIN {if (a != "-" && m != "-") printf "  difference                 %+.2f s   (aim ≤ +0.15 s)\n", a - m}'
echo "memory, PSS with the register of $CASES cases open:"
printf '  StationDesk                %s MB   (%s)\n' "$(total "$app_mem")" "$(parts "$app_mem")"
printf '  bare MiniBrowser, ui/dist  %s MB   (%s)   (reference)\n' "$(total "$bare_mem")" "$(parts "$bare_mem")"
printf '  difference                 %+d MB   (aim ≤ +60 MB)\n' "$(( $(total "$app_mem") - $(total "$bare_mem") ))"
echo "installers (issue 13 reference before: 31 MB .deb, 58 MB binary):"
printf '  .deb  %s   (fonts inside, unpacked: %s)\n' "$(size "$deb")" "$fonts_in_deb"
printf '  .rpm  %s\n' "$(size "$rpm")"
printf '  .exe  %s\n' "$(size "$exe")"
printf '  stationdesk binary  %s\n' "$bin_size"
