#!/usr/bin/env bash
# make test-windows: the model, notice, core and CLI test suites cross-compiled for
# x86_64-pc-windows-gnu and run under Wine (scripts/windows/wine-run.sh as cargo's runner,
# in a throwaway prefix made here and removed after). The store's tests run on SQLite only
# (STATIONDESK_TEST_PG is cleared). Tests that need a Linux tool (poppler's pdftotext and
# pdffonts, sh, setpriv) are marked ignored on Windows with their reason, or are cfg(unix).
# Extra arguments go to the test binaries, e.g. scripts/windows/test.sh some_test_name.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"

scripts/windows/setup.sh

target=x86_64-pc-windows-gnu
packages=(-p stationdesk-model -p stationdesk-notice -p stationdesk-core -p stationdesk-cli)
work="$(mktemp -d /tmp/stationdesk-wine-test.XXXXXX)"
export STATIONDESK_WINEPREFIX="$work/prefix"
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$root/scripts/windows/wine-run.sh"
unset STATIONDESK_TEST_PG STATIONDESK_DB STATIONDESK_STAFF STATIONDESK_USER STATIONDESK_FONTS_DIR
# A program that dies of a stack overflow under Wine 8 is left half exited: its main
# thread gone, its other threads waiting forever, and the test that started it waiting too
# (how the CLI's 1 MiB main-thread stack showed up, see crates/cli/build.rs). This ends
# such a process of ours (our prefix in its environment) once seen stuck for 10 s, so the
# run goes on; the test that waited for it then fails and is listed below.
watchdog() {
  local stuck=" " stat pid state
  while sleep 10; do
    for stat in /proc/[0-9]*/stat; do
      pid="${stat#/proc/}"; pid="${pid%/stat}"
      state="$(sed 's/.*) //' "$stat" 2>/dev/null | cut -d' ' -f1)" || continue
      [ "$state" = Z ] && [ "$(ls "/proc/$pid/task" 2>/dev/null | wc -l)" -gt 1 ] || continue
      # The exited main thread has no environment left to read; the waiting ones do.
      grep -qaF "WINEPREFIX=$STATIONDESK_WINEPREFIX" "/proc/$pid/task/"*/environ 2>/dev/null || continue
      if [[ "$stuck" == *" $pid "* ]]; then
        kill -9 "$pid" 2>/dev/null && echo "test-windows: ended Wine process $pid, stuck after its main thread exited" >&2
      else
        stuck+="$pid "
      fi
    done
  done
}
watchdog &
watchdog_pid=$!
cleanup() {
  kill "$watchdog_pid" 2>/dev/null || true
  WINEPREFIX="$STATIONDESK_WINEPREFIX" wineserver -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

started=$(date +%s)
cargo test --locked --target "$target" "${packages[@]}" --no-run
built=$(date +%s)
echo "test-windows: build took $(( built - started )) s"

log="$work/test.log"
status=0
cargo test --locked --target "$target" "${packages[@]}" --no-fail-fast -- "$@" 2>&1 | tee "$log" || status=$?
ran=$(date +%s)

# Sum cargo's "test result:" lines over every test binary.
read -r passed failed ignored < <(awk '/^test result:/ {
    for (i = 1; i <= NF; i++) {
      if ($(i + 1) ~ /^passed;?/) p += $i
      if ($(i + 1) ~ /^failed;?/) f += $i
      if ($(i + 1) ~ /^ignored;?/) g += $i
    }
  } END { printf "%d %d %d\n", p, f, g }' "$log")
echo
echo "test-windows: ignored under Wine:"
grep -E '^test .* \.\.\. ignored' "$log" | sed 's/^test /  /' || echo "  (none)"
if [ "$failed" -gt 0 ]; then
  echo "test-windows: failed:"
  grep -E '^test .* \.\.\. FAILED' "$log" | sed 's/^test /  /' || true
fi
echo "test-windows: build $(( built - started )) s, run $(( ran - built )) s under Wine"
echo "test-windows: $passed passed, $failed failed, $ignored ignored"
exit "$status"
