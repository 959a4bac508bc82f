#!/usr/bin/env bash
# A single-node Apache Kafka broker (KRaft, broker+controller in one JVM) for the tests.
# Run `bash scripts/kafka.sh --help` for usage. Everything lives in .huiju/kafka/ (git-ignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
POM="$ROOT/services/kafka/pom.xml"
# The jars are shared by every instance of this tree; an instance's own state (config, data, logs,
# pid, TLS files) lives in KAFKA_HOME_DIR, so a second broker can run beside the first.
LIB="$ROOT/.huiju/kafka/lib"
HOME_DIR="${KAFKA_HOME_DIR:-$ROOT/.huiju/kafka}"
STAMP="$LIB/.huiju-stamp"
CONF_DIR="$HOME_DIR/config"
DATA="$HOME_DIR/data"
TEMPLATE="$HOME_DIR/data-template"
LOGS="$HOME_DIR/logs"
TLS_DIR="$HOME_DIR/tls"
PIDFILE="$HOME_DIR/kafka.pid"
CLUSTER_ID_FILE="$HOME_DIR/cluster-id"
STARTED_BY_FILE="$HOME_DIR/started-by"
LOCKFILE="$HOME_DIR/.lock"
# Class-data-sharing archive of the broker's classes: dumped when a broker without one stops
# cleanly, used by later starts (about 1-2 s faster on this 2-core machine). Lives in lib/, so a
# new fetch drops it. KAFKA_CDS=0 turns it off.
CDS_ARCHIVE="$LIB/kafka.jsa"

PORT="${KAFKA_PORT:-19092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
# Authenticated listeners: SASL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) in clear and over TLS.
SASL_PORT="${KAFKA_SASL_PORT:-19094}"
SASL_SSL_PORT="${KAFKA_SASL_SSL_PORT:-19095}"
# The test user, known to all three mechanisms (SCRAM credentials are written at format time).
SASL_USER="${KAFKA_TEST_SASL_USER:-huiju-test}"
SASL_PASSWORD="${KAFKA_TEST_SASL_PASSWORD:-huiju-test-password}"
HOST=127.0.0.1
START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx512m -Xms256m}"
# Fast JVM start for a short-lived test broker: C1 only, serial GC, class-data sharing.
JVM_OPTS="${KAFKA_JVM_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Djava.awt.headless=true -Djava.net.preferIPv4Stack=true}"

usage() {
  cat <<EOF
Usage: bash scripts/kafka.sh {fetch|start|stop|status|wait|env|--help}

A single-node Apache Kafka broker (KRaft mode) for integration tests, run from the
Apache Kafka jars that Maven fetches from Maven Central (services/kafka/pom.xml).

  fetch    copy kafka_2.13 and its runtime jars into .huiju/kafka/lib (skipped while the
           stamp there matches the pom's hash; needs Maven and, the first time, the network)
  start    fetch, format a fresh KRaft storage in .huiju/kafka/data, start the broker in the
           background (pid in .huiju/kafka/kafka.pid, log in .huiju/kafka/logs/) and wait until
           it serves metadata; if it is already running, just wait
  stop     SIGTERM the broker, SIGKILL after \$KAFKA_STOP_TIMEOUT s; fine if it is not running
  status   say whether the broker is up (exit 0) or not (exit 3)
  wait     wait until the broker answers on its port and serves metadata
  env      print the shell exports clients and tests use (eval "\$(bash scripts/kafka.sh env)")

Listeners:
  PLAINTEXT://127.0.0.1:\$KAFKA_PORT        no authentication (KAFKA_BROKERS)
  SASL_PLAINTEXT://127.0.0.1:\$KAFKA_SASL_PORT  PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 (KAFKA_SASL_BROKERS)
  SASL_SSL://127.0.0.1:\$KAFKA_SASL_SSL_PORT    the same over TLS (KAFKA_SASL_SSL_BROKERS); the server
           certificate (IP 127.0.0.1, DNS localhost) is signed by a CA made with openssl once per
           home dir: \$KAFKA_HOME_DIR/tls/ca.pem (KAFKA_TEST_CA_FILE). Without openssl: no TLS listener.
  One user, \$KAFKA_TEST_SASL_USER / \$KAFKA_TEST_SASL_PASSWORD, for all three mechanisms.

Environment:
  KAFKA_PORT (19092)             client listener, PLAINTEXT://127.0.0.1:\$KAFKA_PORT
  KAFKA_CONTROLLER_PORT (19093)  KRaft controller listener
  KAFKA_SASL_PORT (19094)        SASL_PLAINTEXT listener
  KAFKA_SASL_SSL_PORT (19095)    SASL_SSL listener
  KAFKA_TEST_SASL_USER (huiju-test), KAFKA_TEST_SASL_PASSWORD (huiju-test-password)  the SASL user
  KAFKA_HOME_DIR (.huiju/kafka)  this instance's config, data, logs, pid and TLS files (the jars
                                 stay in .huiju/kafka/lib): run a second broker beside the first
                                 with its own KAFKA_HOME_DIR and ports
  KAFKA_START_TIMEOUT (120)      seconds to wait for readiness
  KAFKA_STOP_TIMEOUT (30)        seconds between SIGTERM and SIGKILL
  KAFKA_HEAP_OPTS, KAFKA_JVM_OPTS  JVM options (defaults: $HEAP_OPTS; $JVM_OPTS)
  KAFKA_CDS=0                    no class-data-sharing archive (.huiju/kafka/lib/kafka.jsa; off by default under CI=true)
  KAFKA_KEEP_DATA=1              keep .huiju/kafka/data across starts (default: fresh storage)
  KAFKA_STARTED_BY               recorded in .huiju/kafka/started-by (the test setup uses it)
  JAVA_HOME                      Java 17+ to use (default: java on PATH)

Clients connect with KAFKA_BROKERS=127.0.0.1:$PORT.
EOF
}

log() { printf '[kafka] %s\n' "$*" >&2; }
die() { printf '[kafka] ERROR: %s\n' "$*" >&2; exit 1; }
now_ms() { date +%s%3N; }
secs_since() { local d=$(( $(now_ms) - $1 )); printf '%d.%01d' $((d / 1000)) $(((d % 1000) / 100)); }

java_bin() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then echo "$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then command -v java
  else die "Java 17+ not found (install a JDK 17, or set JAVA_HOME)"; fi
}

check_java() {
  local v
  v="$("$(java_bin)" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
  [[ "${v%%.*}" =~ ^[0-9]+$ ]] || die "cannot tell the Java version of $(java_bin)"
  (( ${v%%.*} >= 17 )) || die "Kafka 4.x needs Java 17+, found Java $v at $(java_bin)"
}

with_lock() {
  mkdir -p "$HOME_DIR"
  exec 9>"$LOCKFILE"
  flock -w 600 9 || die "could not take $LOCKFILE within 600 s"
}

pom_hash() { sha256sum "$POM" | cut -d' ' -f1; }

fetch() {
  local want; want="$(pom_hash)"
  if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]] && compgen -G "$LIB/kafka_2.13-*.jar" >/dev/null; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) not found: it fetches the Kafka jars (apt-get install maven)"
  local t0 tmp; t0="$(now_ms)"; tmp="$HOME_DIR/lib.tmp.$$"
  log "fetching Kafka jars with Maven (first time only) ..."
  rm -rf "$tmp"; mkdir -p "$tmp"
  if ! mvn -q -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies -Dhuiju.kafka.lib="$tmp" >"$HOME_DIR/fetch.log" 2>&1; then
    rm -rf "$tmp"; tail -n 30 "$HOME_DIR/fetch.log" >&2
    die "Maven could not fetch the Kafka jars (full output: $HOME_DIR/fetch.log)"
  fi
  compgen -G "$tmp/kafka_2.13-*.jar" >/dev/null || { rm -rf "$tmp"; die "Maven ran but kafka_2.13 is missing from $tmp"; }
  echo "$want" >"$tmp/.huiju-stamp"
  rm -rf "$LIB"; mv "$tmp" "$LIB"
  log "fetched $(find "$LIB" -name '*.jar' | wc -l) jars ($(du -sh "$LIB" | cut -f1)) in $(secs_since "$t0")s"
}

read_pid() { [[ -f "$PIDFILE" ]] && cat "$PIDFILE" || true; }

# True when the pid file names a live broker started from this tree.
running() {
  local pid; pid="$(read_pid)"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "kafka.Kafka $CONF_DIR/server.properties"
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# A CA and a server certificate for the SASL_SSL listener, made once per home dir and kept across
# starts (EC P-256 keys: tens of milliseconds, where RSA key generation takes seconds on a busy
# machine). The broker reads the PEM key + chain directly (ssl.keystore.type=PEM, Kafka >= 2.7).
# Sets TLS_ON=1 when the files exist, 0 without openssl.
tls_files() {
  TLS_ON=0
  if [[ ! -s "$TLS_DIR/server.pem" || ! -s "$TLS_DIR/ca.pem" ]]; then
    command -v openssl >/dev/null 2>&1 || { log "openssl not found: no SASL_SSL listener"; return 0; }
    local tmp="$TLS_DIR.tmp.$$"
    rm -rf "$tmp"; mkdir -p "$tmp"
    if ! (
      cd "$tmp"
      openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 -subj "/CN=huiju test CA" \
        -keyout ca.key -out ca.pem -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
      openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr
      printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >server.ext
      openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 -extfile server.ext -out server.crt
      openssl pkcs8 -topk8 -nocrypt -in server.key -out server.pk8
      cat server.pk8 server.crt >server.pem
      rm -f ca.key server.csr server.ext ca.srl server.key
    ) >"$LOGS/tls.log" 2>&1; then
      rm -rf "$tmp"; cat "$LOGS/tls.log" >&2
      die "openssl could not make the test certificates"
    fi
    rm -rf "$TLS_DIR"; mv "$tmp" "$TLS_DIR"
  fi
  TLS_ON=1
}

write_config() {
  mkdir -p "$CONF_DIR" "$DATA" "$LOGS"
  tls_files
  local listeners="PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CONTROLLER_PORT,SASL_PLAINTEXT://$HOST:$SASL_PORT"
  local advertised="PLAINTEXT://$HOST:$PORT,SASL_PLAINTEXT://$HOST:$SASL_PORT"
  local tls=""
  if [[ "$TLS_ON" == 1 ]]; then
    listeners="$listeners,SASL_SSL://$HOST:$SASL_SSL_PORT"
    advertised="$advertised,SASL_SSL://$HOST:$SASL_SSL_PORT"
    tls="ssl.keystore.type=PEM
ssl.keystore.location=$TLS_DIR/server.pem
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$SASL_USER=\"$SASL_PASSWORD\";
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;"
  fi
  cat >"$CONF_DIR/server.properties" <<EOF
# Generated by scripts/kafka.sh: single-node KRaft broker for tests. Edits are overwritten.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$CONTROLLER_PORT
listeners=$listeners
advertised.listeners=$advertised
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$SASL_USER="$SASL_PASSWORD";
listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
$tls
log.dirs=$DATA
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=false
delete.topic.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
background.threads=2
log.retention.hours=24
log.segment.bytes=16777216
EOF
  cat >"$CONF_DIR/log4j2.properties" <<EOF
# Generated by scripts/kafka.sh: the broker logs to a file, never to the test output.
status = warn
# Keep logging through Kafka's own shutdown hooks (log4j's hook would end the context first).
shutdownHook = disable
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = $LOGS/server.log
appender.file.append = true
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.controller.name = org.apache.kafka.controller
logger.controller.level = INFO
logger.state.name = state.change.logger
logger.state.level = WARN
EOF
}

cluster_id() {
  if [[ ! -s "$CLUSTER_ID_FILE" ]]; then
    # A Kafka cluster id is 16 random bytes, base64url without padding (22 chars).
    head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$CLUSTER_ID_FILE"
  fi
  cat "$CLUSTER_ID_FILE"
}

# Waits for the port, then for the broker to serve metadata (a kafkajs admin client from the
# repo's node_modules; without it, the broker's own "Kafka Server started" log line).
wait_ready() {
  local t0="$1" deadline=$(( $1 + START_TIMEOUT * 1000 ))
  while ! port_open "$PORT"; do
    if [[ -f "$PIDFILE" ]] && ! running; then broker_died; fi
    (( $(now_ms) < deadline )) || timeout_out
    sleep 0.1
  done
  if [[ -d "$ROOT/node_modules/kafkajs" ]] && command -v node >/dev/null 2>&1; then
    while true; do
      if (cd "$ROOT" && KB="$HOST:$PORT" node -e '
          const { Kafka, logLevel } = require("kafkajs");
          const admin = new Kafka({ brokers: [process.env.KB], clientId: "huiju-kafka-sh", logLevel: logLevel.NOTHING,
            connectionTimeout: 2000, requestTimeout: 5000, retry: { retries: 0 } }).admin();
          (async () => {
            await admin.connect();
            const c = await admin.describeCluster();
            if (!c.brokers.length || c.controller == null) throw new Error("no broker/controller yet");
            await admin.listTopics();
            await admin.disconnect();
          })().then(() => process.exit(0), () => process.exit(1));' 2>/dev/null); then
        break
      fi
      if [[ -f "$PIDFILE" ]] && ! running; then broker_died; fi
      (( $(now_ms) < deadline )) || timeout_out
      sleep 0.3
    done
  else
    while ! grep -q 'Kafka Server started' "$LOGS/server.log" 2>/dev/null; do
      if [[ -f "$PIDFILE" ]] && ! running; then broker_died; fi
      (( $(now_ms) < deadline )) || timeout_out
      sleep 0.3
    done
  fi
}

broker_died() {
  tail -n 40 "$LOGS/kafka.out" "$LOGS/server.log" >&2 2>/dev/null || true
  rm -f "$PIDFILE"
  die "the broker exited during start (logs: $LOGS/)"
}

timeout_out() {
  tail -n 40 "$LOGS/server.log" >&2 2>/dev/null || true
  if [[ -n "${STARTING_PID:-}" ]]; then # our own half-started broker: do not leave it behind
    kill -KILL "$STARTING_PID" 2>/dev/null || true
    rm -f "$PIDFILE" "$STARTED_BY_FILE"
  fi
  die "the broker did not serve metadata on $HOST:$PORT within ${START_TIMEOUT}s (logs: $LOGS/)"
}

# A fresh KRaft storage in $DATA. Formatting costs a JVM start, so a pristine formatted copy is
# kept in $TEMPLATE and reused while the config, the jars and the cluster id are unchanged.
fresh_storage() {
  local java="$1" cid="$2" key
  key="$(cat "$CONF_DIR/server.properties" "$STAMP" <(echo "$cid") | sha256sum | cut -d' ' -f1)"
  if [[ ! -f "$TEMPLATE/.huiju-key" || "$(cat "$TEMPLATE/.huiju-key")" != "$key" ]]; then
    rm -rf "$TEMPLATE" "$DATA"; mkdir -p "$DATA"
    # shellcheck disable=SC2086
    if ! "$java" $HEAP_OPTS $JVM_OPTS -Dlog4j2.configurationFile="$CONF_DIR/log4j2.properties" \
        -cp "$LIB/*" kafka.tools.StorageTool format -t "$cid" -c "$CONF_DIR/server.properties" \
        --add-scram "SCRAM-SHA-256=[name=$SASL_USER,password=$SASL_PASSWORD]" \
        --add-scram "SCRAM-SHA-512=[name=$SASL_USER,password=$SASL_PASSWORD]" \
        >"$LOGS/format.log" 2>&1; then
      cat "$LOGS/format.log" >&2
      die "formatting the KRaft storage failed"
    fi
    cp -a "$DATA" "$TEMPLATE.tmp" && echo "$key" >"$TEMPLATE.tmp/.huiju-key" && mv "$TEMPLATE.tmp" "$TEMPLATE"
  else
    rm -rf "$DATA"; cp -a "$TEMPLATE" "$DATA"; rm -f "$DATA/.huiju-key"
  fi
}

start() {
  with_lock
  local t0; t0="$(now_ms)"
  if running; then
    log "already running (pid $(read_pid)); waiting for it"
    wait_ready "$t0"
    log "ready on $HOST:$PORT (pid $(read_pid))"
    return 0
  fi
  rm -f "$PIDFILE"
  local p; for p in "$PORT" "$CONTROLLER_PORT" "$SASL_PORT" "$SASL_SSL_PORT"; do
    if port_open "$p"; then
      die "port $p is taken by another process (not the broker of $HOME_DIR); free it or set KAFKA_PORT / KAFKA_CONTROLLER_PORT / KAFKA_SASL_PORT / KAFKA_SASL_SSL_PORT"
    fi
  done
  check_java
  fetch
  write_config
  local java cid t1; java="$(java_bin)"; cid="$(cluster_id)"
  if [[ "${KAFKA_KEEP_DATA:-}" != 1 || ! -f "$DATA/meta.properties" ]]; then
    fresh_storage "$java" "$cid"
  fi
  local f; for f in server.log kafka.out; do
    if [[ -f "$LOGS/$f" ]]; then mv -f "$LOGS/$f" "$LOGS/$f.1"; fi
  done
  local cds=()
  rm -f "$CDS_ARCHIVE".tmp-*
  # Under CI the clone is fresh every run, so an archive dumped at stop would never be used.
  local cds_default=1; [[ "${CI:-}" == true ]] && cds_default=0
  if [[ "${KAFKA_CDS:-$cds_default}" != 0 ]]; then
    if [[ -s "$CDS_ARCHIVE" ]]; then cds=(-XX:SharedArchiveFile="$CDS_ARCHIVE")
    else cds=(-XX:ArchiveClassesAtExit="$CDS_ARCHIVE.tmp-dump"); fi
  fi
  t1="$(now_ms)"
  # shellcheck disable=SC2086
  nohup "$java" $HEAP_OPTS $JVM_OPTS "${cds[@]}" \
    -Dlog4j2.configurationFile="$CONF_DIR/log4j2.properties" -Dkafka.logs.dir="$LOGS" \
    -cp "$LIB/*" kafka.Kafka "$CONF_DIR/server.properties" \
    >"$LOGS/kafka.out" 2>&1 </dev/null 9>&- &
  STARTING_PID=$!
  echo "$STARTING_PID" >"$PIDFILE"
  echo "${KAFKA_STARTED_BY:-manual}" >"$STARTED_BY_FILE"
  wait_ready "$t1"
  log "broker started in $(secs_since "$t1")s ($(secs_since "$t0")s with jars and storage): $HOST:$PORT, SASL $HOST:$SASL_PORT$([[ "$TLS_ON" == 1 ]] && echo ", SASL_SSL $HOST:$SASL_SSL_PORT"), pid $(read_pid), logs $LOGS/"
}

stop() {
  with_lock
  if ! running; then
    rm -f "$PIDFILE" "$STARTED_BY_FILE"
    log "not running"
    return 0
  fi
  local pid t0; pid="$(read_pid)"; t0="$(now_ms)"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$(( t0 + STOP_TIMEOUT * 1000 ))
  while kill -0 "$pid" 2>/dev/null && (( $(now_ms) < deadline )); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "still running after ${STOP_TIMEOUT}s; SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    rm -f "$CDS_ARCHIVE".tmp-*
  elif [[ -s "$CDS_ARCHIVE.tmp-dump" ]]; then
    mv -f "$CDS_ARCHIVE.tmp-dump" "$CDS_ARCHIVE"
  fi
  rm -f "$PIDFILE" "$STARTED_BY_FILE"
  log "stopped (pid $pid) in $(secs_since "$t0")s"
}

# The exports for clients and tests of this instance (SASL_SSL only when its certificate exists).
print_env() {
  echo "export KAFKA_BROKERS=$HOST:$PORT"
  echo "export KAFKA_SASL_BROKERS=$HOST:$SASL_PORT"
  if [[ -s "$TLS_DIR/ca.pem" ]]; then
    echo "export KAFKA_SASL_SSL_BROKERS=$HOST:$SASL_SSL_PORT"
    echo "export KAFKA_TEST_CA_FILE=$TLS_DIR/ca.pem"
  fi
  echo "export KAFKA_TEST_SASL_USER=$SASL_USER"
  echo "export KAFKA_TEST_SASL_PASSWORD=$SASL_PASSWORD"
}

status() {
  if running && port_open "$PORT"; then
    local sasl=""; grep -q "SASL_PLAINTEXT://" "$CONF_DIR/server.properties" 2>/dev/null && sasl=", SASL on $HOST:$SASL_PORT"
    echo "kafka: running on $HOST:$PORT$sasl (pid $(read_pid), started by $(cat "$STARTED_BY_FILE" 2>/dev/null || echo '?'))"
  elif running; then
    echo "kafka: starting (pid $(read_pid)), port $PORT not answering yet"; return 3
  else
    echo "kafka: not running"; return 3
  fi
}

case "${1:-}" in
  fetch) with_lock; fetch; log "jars ready in $LIB" ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  wait) t0="$(now_ms)"; wait_ready "$t0"; log "ready on $HOST:$PORT after $(secs_since "$t0")s" ;;
  env) print_env ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
