#!/usr/bin/env bash
# The district's backup with the server's own tools, tried once end to end:
#   scripts/pg-test.sh scripts/district-backup-check.sh
# Makes a district database with station RA and some cases, backs it up with pg_dump,
# restores the dump into a new database with pg_restore, and compares what station RA
# sees in both (cases, the register's first page, the rates). Then one station's backup
# with StationDesk itself: RA's login backs RA up into a folder, a case is added, the
# administrator restores the backup, and RA sees the register and rates of the backup
# again. See docs/district-backup.md.
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
# Seconds between two `date +%s.%N` readings (awk: bc is not on every fresh machine).
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
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
# One station's backup and restore, with StationDesk's own commands.
mkdir -m 700 "$work/usb"
want_list=$("$cli" --db "$station/$db" case list --page-size 5)
want_rates=$("$cli" --db "$station/$db" report rates --from 2000-01-01 --to 2100-12-31)
b0=$(date +%s.%N)
"$cli" --db "$station/$db" backup --to "$work/usb" >/dev/null
b1=$(date +%s.%N)
generation=$(find "$work/usb" -mindepth 1 -maxdepth 1 -name 'stationdesk-RA-*' | head -n 1)
[ -n "$generation" ] || { echo "district-backup: no station backup was written" >&2; exit 1; }
"$cli" --db "$station/$db" --staff 赵子坤 case add --channel 来访 --title 备份之后登记的诉求 >/dev/null
if "$cli" --db "$station/$db" restore "$generation" >/dev/null 2>"$work/refused"; then
  echo "district-backup: a station's own login restored onto the server" >&2
  exit 1
fi
grep -q 管理账号 "$work/refused" || { echo "district-backup: refusal not in words:" >&2; cat "$work/refused" >&2; exit 1; }
r0=$(date +%s.%N)
"$cli" --db "$server/$db" restore "$generation" >/dev/null
r1=$(date +%s.%N)
if [ "$("$cli" --db "$station/$db" case list --page-size 5)" != "$want_list" ] ||
  [ "$("$cli" --db "$station/$db" report rates --from 2000-01-01 --to 2100-12-31)" != "$want_rates" ]; then
  echo "district-backup: station RA's register or rates differ after restoring its backup" >&2
  exit 1
fi
"$cli" --db "$station/$db" audit verify >/dev/null

printf 'district-backup: pg_dump %.1f s, %s; pg_restore %.1f s; station RA sees the same register and rates\n' \
  "$(seconds "$started" "$dumped")" "$(du -h "$work/district.dump" | cut -f1)" "$(seconds "$dumped" "$done_at")"
printf 'district-backup: station RA alone (2 001 cases): backup %.1f s, %s; restore %.1f s; same register and rates\n' \
  "$(seconds "$b0" "$b1")" "$(du -sh "$generation" | cut -f1)" "$(seconds "$r0" "$r1")"
