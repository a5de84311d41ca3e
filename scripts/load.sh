#!/usr/bin/env bash
# Eight stations writing to one district server at once, then every acknowledged write
# checked through each station's own login (stationdesk-cli load). Run under
# scripts/pg-test.sh, which provides the server: scripts/pg-test.sh scripts/load.sh SECONDS [release]
# Half way through, the server is restarted (when this user may), and the writers must
# carry on by themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-120}"
profile="${2:-debug}"
: "${STATIONDESK_TEST_PG:?run under scripts/pg-test.sh}"
db="sdt_load_$$"
psql "$STATIONDESK_TEST_PG/postgres" -qAtX -v ON_ERROR_STOP=1 \
  -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
restart=()
if [ -n "${STATIONDESK_TEST_PG_CLUSTER:-}" ] && { [ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null; }; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  restart=(--restart "$sudo pg_ctlcluster $STATIONDESK_TEST_PG_CLUSTER restart -m fast")
fi
if [ "$profile" = release ]; then flags=(--release); else flags=(); fi
cargo run "${flags[@]}" --locked --quiet -p stationdesk-cli -- load --admin "$STATIONDESK_TEST_PG/$db" \
  --seconds "$seconds" --login-prefix "sdt_load_$$" "${restart[@]}"
