#!/usr/bin/env bash
# The district's backup with the server's own tools, tried once end to end:
#   scripts/pg-test.sh scripts/district-backup-check.sh
# Makes a district database with station RA and some cases, backs it up with pg_dump,
# restores the dump into a new database with pg_restore, and compares what station RA
# sees in both (cases, the register's first page, the rates). See docs/district-backup.md.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${STATIONDESK_TEST_PG:?run under scripts/pg-test.sh}"
cli="${STATIONDESK_CLI:-target/debug/stationdesk-cli}"
server="$STATIONDESK_TEST_PG"            # postgres://role:password@127.0.0.1:port
host="${server##*@}"
db="sdt_backup_$$"
restored="sdt_restored_$$"
login="sdt_bk_ra_$$"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

psql -qAtX -v ON_ERROR_STOP=1 "$server/postgres" -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8'"
STATIONDESK_NEW_PASSWORD=station-pass-1 "$cli" --db "$server/$db" station add \
  --code RA --name 荣傲家园社区微言服务站 --first-staff 赵子坤 --login "$login" >/dev/null
station="postgres://$login:station-pass-1@$host"
"$cli" --db "$station/$db" --staff 赵子坤 demo --cases 2000 >/dev/null
"$cli" --db "$station/$db" --staff 赵子坤 case add --channel 来访 --title 南门广场积水 >/dev/null

started=$(date +%s.%N)
pg_dump --format=custom --file="$work/district.dump" "$server/$db"
dumped=$(date +%s.%N)
psql -qAtX -v ON_ERROR_STOP=1 "$server/postgres" -c "CREATE DATABASE $restored TEMPLATE template0 ENCODING 'UTF8'"
pg_restore --exit-on-error --no-owner --dbname="$server/$restored" "$work/district.dump"
done_at=$(date +%s.%N)

for what in "case list --page-size 5" "report rates --from 2000-01-01 --to 2100-12-31"; do
  # shellcheck disable=SC2086
  a=$("$cli" --db "$station/$db" $what)
  # shellcheck disable=SC2086
  b=$("$cli" --db "$station/$restored" $what)
  if [ "$a" != "$b" ]; then
    echo "district-backup: '$what' differs after pg_restore" >&2
    diff <(echo "$a") <(echo "$b") >&2 || true
    exit 1
  fi
done
printf 'district-backup: pg_dump %.1f s, %s; pg_restore %.1f s; station RA sees the same register and rates\n' \
  "$(echo "$dumped - $started" | bc)" "$(du -h "$work/district.dump" | cut -f1)" "$(echo "$done_at - $dumped" | bc)"
