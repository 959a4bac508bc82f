#!/usr/bin/env bash
# The distributed topology of compose.yaml as local processes: two API replicas (`huiju start` on
# two ports), two `huiju ingest` workers in one consumer group, one `huiju relay`, against the local
# PostgreSQL and Kafka broker. Run `bash scripts/cluster.sh --help` for usage.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${HUIJU_CLUSTER_DIR:-$ROOT/.huiju/cluster}"
PG_SERVER="${HUIJU_CLUSTER_PG:-postgres://postgres@127.0.0.1:5432}"
DB="${HUIJU_CLUSTER_DB:-huiju_cluster}"
BROKERS="${KAFKA_BROKERS:-127.0.0.1:19092}"
read -r -a API_PORTS <<<"${HUIJU_CLUSTER_API_PORTS:-4101 4102}"
read -r -a WORKER_PORTS <<<"${HUIJU_CLUSTER_WORKER_PORTS:-4111 4112}"
READY_TIMEOUT="${HUIJU_CLUSTER_READY_TIMEOUT:-120}"
PIDS="$DIR/pids"

usage() {
  cat <<USAGE
Usage: bash scripts/cluster.sh {start|stop|status|--help}

  start    build dist/ if it is out of date (a source checkout), create the database if it is
           missing, run \`huiju migrate\` once, then start
             api-1, api-2     huiju start --no-demo --port <port>   (HUIJU_CLUSTER_API_PORTS, "4101 4102")
             ingest-1, -2     huiju ingest --metrics-port <port>    (HUIJU_CLUSTER_WORKER_PORTS, "4111 4112"),
                              one consumer group (KAFKA_GROUP_ID, default huiju-ingest)
             relay            huiju relay
           and wait until every API replica and worker answers /readyz (HUIJU_CLUSTER_READY_TIMEOUT, 120 s).
  stop     stop them all (SIGTERM, then SIGKILL after 15 s)
  status   each process: pid, running or not, its port

Logs and pids: \$HUIJU_CLUSTER_DIR (default .huiju/cluster/): <name>.log, pids.
Store: HUIJU_CLUSTER_PG (postgres://postgres@127.0.0.1:5432) + HUIJU_CLUSTER_DB (huiju_cluster).
Broker: KAFKA_BROKERS (127.0.0.1:19092; \`bash scripts/kafka.sh start\` runs one).
Secrets: HUIJU_PII_KEY and HUIJU_JWT_SECRET from the environment, else generated once into the
cluster folder (0600) and reused. Every other hub variable (HUIJU_CONFIG for the sources,
KAFKA_GROUP_ID, HUIJU_CHANGES_TOPIC, LOG_LEVEL …) is passed through to all processes.
USAGE
}

log() { printf '[cluster] %s\n' "$*" >&2; }
die() { printf '[cluster] ERROR: %s\n' "$*" >&2; exit 1; }
huiju() { node "$ROOT/bin/huiju.mjs" "$@"; }
alive() { kill -0 "$1" 2>/dev/null; }

# A secret from the environment, else one generated once into the cluster folder.
secret() {
  local var="$1" file="$DIR/$2"
  if [[ -n "${!var:-}" ]]; then printf '%s' "${!var}"; return; fi
  if [[ ! -s "$file" ]]; then (umask 077; node -e 'process.stdout.write(require("node:crypto").randomBytes(32).toString("hex"))' >"$file"); fi
  cat "$file"
}

running() {
  [[ -f "$PIDS" ]] || return 1
  local name pid port
  while read -r name pid port; do alive "$pid" && return 0; done <"$PIDS"
  return 1
}

create_database() {
  ( cd "$ROOT" && PG_SERVER="$PG_SERVER" DB="$DB" node --input-type=module -e '
    import pg from "pg";
    const db = process.env.DB;
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(db)) { console.error(`HUIJU_CLUSTER_DB: not a plain database name: ${db}`); process.exit(2); }
    const c = new pg.Client({ connectionString: `${process.env.PG_SERVER}/postgres` });
    await c.connect();
    const { rowCount } = await c.query("select 1 from pg_database where datname = $1", [db]);
    if (!rowCount) { await c.query(`create database ${db}`); console.error(`[cluster] created database ${db}`); }
    await c.end();
  ' )
}

# launch <name> <port|-> <huiju args…>: in the background, output to <name>.log, pid recorded.
launch() {
  local name="$1" port="$2"; shift 2
  # the young generation `npm start` and the image give the hub (README, Deploy: "Young generation")
  nohup node --max-semi-space-size=64 "$ROOT/bin/huiju.mjs" "$@" </dev/null >"$DIR/$name.log" 2>&1 &
  echo "$name $! $port" >>"$PIDS"
}

# ready <port>: GET /readyz answers 200 (bash's /dev/tcp: no process per probe on a busy machine)
ready() {
  local status
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET /readyz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  read -r -t 5 status <&3 || status=''
  exec 3<&- 3>&-
  [[ "$status" == *" 200 "* ]]
}

wait_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT)) name pid port pending
  while :; do
    pending=""
    while read -r name pid port; do
      alive "$pid" || { tail -n 20 "$DIR/$name.log" >&2 || true; return 1; }
      [[ "$port" == "-" ]] && continue
      ready "$port" || pending+=" $name"
    done <"$PIDS"
    [[ -z "$pending" ]] && return 0
    (( SECONDS < deadline )) || { log "not ready after ${READY_TIMEOUT}s:$pending"; return 1; }
    sleep 0.5
  done
}

start() {
  [[ ${#API_PORTS[@]} -eq 2 && ${#WORKER_PORTS[@]} -eq 2 ]] || die 'HUIJU_CLUSTER_API_PORTS and HUIJU_CLUSTER_WORKER_PORTS take two ports each'
  mkdir -p "$DIR"
  if running; then die "already running (bash scripts/cluster.sh status); stop it first"; fi
  rm -f "$PIDS"
  export DATABASE_URL="$PG_SERVER/$DB" KAFKA_BROKERS="$BROKERS"
  HUIJU_PII_KEY="$(secret HUIJU_PII_KEY pii.key)"; export HUIJU_PII_KEY
  HUIJU_JWT_SECRET="$(secret HUIJU_JWT_SECRET jwt.secret)"; export HUIJU_JWT_SECRET
  export HOST="${HOST:-127.0.0.1}"
  # five processes: compile once rather than each running the sources through tsx
  [[ -d "$ROOT/src" ]] && node "$ROOT/scripts/build.mjs" --if-stale --soft
  create_database
  huiju migrate >"$DIR/migrate.log" 2>&1 || { cat "$DIR/migrate.log" >&2; die 'huiju migrate failed'; }
  launch api-1 "${API_PORTS[0]}" start --no-demo --port "${API_PORTS[0]}"
  launch api-2 "${API_PORTS[1]}" start --no-demo --port "${API_PORTS[1]}"
  # distinct member names in the group (KAFKA_INSTANCE_ID): both run on this host
  KAFKA_INSTANCE_ID="${DB}-ingest-1" launch ingest-1 "${WORKER_PORTS[0]}" ingest --metrics-port "${WORKER_PORTS[0]}"
  KAFKA_INSTANCE_ID="${DB}-ingest-2" launch ingest-2 "${WORKER_PORTS[1]}" ingest --metrics-port "${WORKER_PORTS[1]}"
  launch relay - relay
  if ! wait_ready; then log 'start failed: stopping what was started'; stop; exit 1; fi
  log "up: API http://127.0.0.1:${API_PORTS[0]}/graphql and http://127.0.0.1:${API_PORTS[1]}/graphql, store $DATABASE_URL, brokers $KAFKA_BROKERS, logs in $DIR"
}

stop() {
  [[ -f "$PIDS" ]] || { log 'not running'; return 0; }
  local name pid port deadline=$((SECONDS + 15)) left
  while read -r name pid port; do alive "$pid" && kill -TERM "$pid" 2>/dev/null || true; done <"$PIDS"
  while :; do
    left=0
    while read -r name pid port; do alive "$pid" && left=1; done <"$PIDS"
    (( left == 0 )) && break
    if (( SECONDS >= deadline )); then
      while read -r name pid port; do alive "$pid" && { log "$name ($pid) did not stop: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; }; done <"$PIDS"
      break
    fi
    sleep 0.2
  done
  rm -f "$PIDS"
  log 'stopped'
}

status() {
  [[ -f "$PIDS" ]] || { echo 'not running'; return 3; }
  local name pid port all=0
  while read -r name pid port; do
    if alive "$pid"; then printf '%-9s pid %-8s running  %s\n' "$name" "$pid" "${port/#-/}"; else printf '%-9s pid %-8s STOPPED  see %s\n' "$name" "$pid" "$DIR/$name.log"; all=1; fi
  done <"$PIDS"
  return "$all"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
