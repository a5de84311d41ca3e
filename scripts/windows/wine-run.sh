#!/usr/bin/env bash
# Cargo's runner for x86_64-pc-windows-gnu (make test-windows):
#   CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=scripts/windows/wine-run.sh cargo test --target …
# runs each test .exe under Wine in the prefix $STATIONDESK_WINEPREFIX (made on first use,
# with the stand-in bcryptprimitives.dll; see wine-env.sh). Exits with the program's code.
set -euo pipefail
# shellcheck source=scripts/windows/wine-env.sh
. "$(dirname "${BASH_SOURCE[0]}")/wine-env.sh"

prefix="${STATIONDESK_WINEPREFIX:-/tmp/stationdesk-wine-$(id -u)}"
mkdir -p "$(dirname "$prefix")"
# One prefix set up at a time, however many runners start together.
exec 9>"$prefix.lock"
flock 9
wine_prefix_init "$prefix"
flock -u 9
exec 9>&-

exec wine "$@"
