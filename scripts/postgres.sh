#!/usr/bin/env bash
# Makes sure the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust auth) is up and has
# the test database. Run `bash scripts/postgres.sh --help` for usage.
set -euo pipefail

PGHOST_="${PGHOST_TEST:-127.0.0.1}"
PGPORT_="${PGPORT_TEST:-5432}"
PGUSER_="${PGUSER_TEST:-postgres}"
DB="${HUIJU_TEST_DB:-huiju_test}"
TIMEOUT="${PG_START_TIMEOUT:-60}"

usage() {
  cat <<USAGE
Usage: bash scripts/postgres.sh {ensure|--help}

  ensure   start the local PostgreSQL if it is down (pg_ctlcluster), wait until it accepts
           connections on $PGHOST_:$PGPORT_, and create the database '$DB' if it is missing.
           Then: DATABASE_URL=postgres://$PGUSER_@$PGHOST_:$PGPORT_/$DB

Environment: PGHOST_TEST (127.0.0.1), PGPORT_TEST (5432), PGUSER_TEST (postgres),
HUIJU_TEST_DB (huiju_test), PG_START_TIMEOUT (60 s).
USAGE
}

log() { printf '[postgres] %s\n' "$*" >&2; }
die() { printf '[postgres] ERROR: %s\n' "$*" >&2; exit 1; }

ready() { pg_isready -q -h "$PGHOST_" -p "$PGPORT_" -U "$PGUSER_" -t 2 >/dev/null 2>&1; }

ensure() {
  command -v pg_isready >/dev/null 2>&1 && command -v psql >/dev/null 2>&1 \
    || die "PostgreSQL client tools (pg_isready, psql) not found; this machine kind should have PostgreSQL 15 installed"
  local t0=$SECONDS
  if ready; then
    log "up on $PGHOST_:$PGPORT_"
  else
    command -v pg_ctlcluster >/dev/null 2>&1 || die "PostgreSQL is down on $PGHOST_:$PGPORT_ and pg_ctlcluster is not installed"
    local version
    version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)"
    [[ -n "$version" ]] || die "PostgreSQL is down and no cluster is configured under /etc/postgresql"
    log "down on $PGHOST_:$PGPORT_; starting cluster $version/main"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start \
      || log "pg_ctlcluster returned an error (it may already be starting); waiting anyway"
    until ready; do
      (( SECONDS - t0 < TIMEOUT )) || die "PostgreSQL did not accept connections on $PGHOST_:$PGPORT_ within ${TIMEOUT}s"
      sleep 0.5
    done
    log "started in $((SECONDS - t0))s"
  fi
  local psql=(psql -X -q -v ON_ERROR_STOP=1 -h "$PGHOST_" -p "$PGPORT_" -U "$PGUSER_" -d postgres -tA)
  if [[ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" == 1 ]]; then
    log "database $DB exists"
  else
    local out
    if ! out="$("${psql[@]}" -c "CREATE DATABASE \"$DB\"" 2>&1)"; then
      # A concurrent run may have created it in the meantime.
      [[ "$out" == *"already exists"* ]] || die "could not create database $DB: $out"
    fi
    log "created database $DB"
  fi
}

case "${1:-}" in
  ensure) ensure ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
