#!/usr/bin/env bash
# Runs a command against this machine's PostgreSQL server with a throwaway role:
#   scripts/pg-test.sh cargo test -p stationdesk-core --test store
# Starts the local cluster if it is down (creates one if the package made none), creates
# a role that may create databases and logins, exports STATIONDESK_TEST_PG with its
# address, runs the command, then drops every database and login the run made, and the
# role. The server listens on 127.0.0.1 only (Debian's default). Needs root or sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! command -v pg_lsclusters >/dev/null 2>&1; then
  echo "pg-test: PostgreSQL is not installed; run scripts/setup.sh test" >&2
  exit 1
fi
cluster=$(pg_lsclusters -h | head -n 1)
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  echo "pg-test: creating PostgreSQL $version cluster main"
  as_root pg_createcluster "$version" main --locale C.UTF-8 >/dev/null
  cluster=$(pg_lsclusters -h | head -n 1)
fi
read -r version name port status _ <<<"$cluster"
if [ "$status" != online ]; then
  echo "pg-test: starting PostgreSQL $version/$name on port $port"
  as_root pg_ctlcluster "$version" "$name" start
fi

role="sdtest_$$"
password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
psql_admin() { as_postgres psql -p "$port" -qAtX -v ON_ERROR_STOP=1 "$@"; }
cleanup() {
  # Databases the fixtures made (owned by the run's role), then their station logins.
  for db in $(psql_admin -c "SELECT datname FROM pg_database WHERE datdba = (SELECT oid FROM pg_roles WHERE rolname = '$role')" 2>/dev/null); do
    psql_admin -c "DROP DATABASE \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
  done
  # Station logins are named sdt_…, not after the run: they are dropped only when no other
  # run (a live sdtest_<pid> role) may still be using its own.
  local other alive=0
  for other in $(psql_admin -c "SELECT rolname FROM pg_roles WHERE rolname LIKE 'sdtest\\_%' AND rolname <> '$role'" 2>/dev/null); do
    if kill -0 "${other#sdtest_}" 2>/dev/null; then alive=1; fi
  done
  if [ "$alive" -eq 0 ]; then
    for login in $(psql_admin -c "SELECT rolname FROM pg_roles WHERE rolname LIKE 'sdt\\_%'" 2>/dev/null); do
      psql_admin -c "DROP ROLE \"$login\"" >/dev/null 2>&1 || true
    done
  fi
  psql_admin -c "DROP ROLE IF EXISTS $role" >/dev/null 2>&1 || true
}
trap cleanup EXIT
psql_admin -c "CREATE ROLE $role LOGIN CREATEDB CREATEROLE PASSWORD '$password'"

export STATIONDESK_TEST_PG="postgres://$role:$password@127.0.0.1:$port"
# The cluster, for a test that restarts the server (scripts/load.sh).
export STATIONDESK_TEST_PG_CLUSTER="$version $name"
echo "pg-test: PostgreSQL $version on 127.0.0.1:$port as $role"
"$@"
