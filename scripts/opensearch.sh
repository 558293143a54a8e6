#!/usr/bin/env bash
# A single-node OpenSearch 2.19 on 127.0.0.1:9200, built from Maven Central
# artifacts only (deploy/opensearch: a small pom and launcher; no tarball from
# any other host), with a small heap and its data in var/opensearch/.
#
#   scripts/opensearch.sh [start]   build if needed, start, wait until green
#   scripts/opensearch.sh stop      stop the node this script started
# OPENSEARCH_PORT (9200; the transport port is 100 above it), OPENSEARCH_HEAP
# (512m) and OPENSEARCH_STATE (var/opensearch: data, log and pid file) change
# the defaults, so a second node can run beside the first (the outage test,
# tests/search/test_outage.py, starts one of its own).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${OPENSEARCH_PORT:-9200}
HEAP=${OPENSEARCH_HEAP:-512m}
PROJECT=deploy/opensearch
STATE=${OPENSEARCH_STATE:-var/opensearch}
PID_FILE=$STATE/node.pid
LOG=$STATE/node.log

say() { echo "opensearch: $*"; }
fail() { echo "opensearch: $*" >&2; exit 1; }
running() { [ -s "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }
health() { curl -s -m 5 "http://127.0.0.1:$PORT/_cluster/health?wait_for_status=${1:-green}&timeout=${2:-1s}"; }

start() {
  if running; then
    say "already running (pid $(cat "$PID_FILE")) on 127.0.0.1:$PORT"
    return
  fi
  command -v java >/dev/null 2>&1 || fail "java (17) is needed"
  command -v mvn >/dev/null 2>&1 || fail "Maven (mvn) is needed"
  if [ ! -s "$PROJECT/target/classpath.txt" ] || [ "$PROJECT/pom.xml" -nt "$PROJECT/target/classpath.txt" ] \
     || [ -n "$(find "$PROJECT/src" -newer "$PROJECT/target/classpath.txt" -type f | head -n 1)" ]; then
    say "building the launcher (Maven Central artifacts)"
    mvn -q -B -f "$PROJECT/pom.xml" package dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt >"$STATE.build.log" 2>&1 \
      || { tail -n 30 "$STATE.build.log" >&2; fail "the Maven build failed"; }
  fi
  mkdir -p "$STATE/home"
  say "starting on 127.0.0.1:$PORT (heap $HEAP, data in $STATE/home)"
  # A plain java process with one flat classpath (see deploy/opensearch/README.md).
  nohup java "-Xms$HEAP" "-Xmx$HEAP" -Djava.awt.headless=true -Djna.nosys=true \
    -Dlog4j2.disable.jmx=true -Dlog4j.shutdownHookEnabled=false \
    -Djava.locale.providers=SPI,COMPAT -XX:+UseSerialGC \
    -cp "$PROJECT/target/classes:$(cat "$PROJECT/target/classpath.txt")" \
    govcluster.EmbeddedOpenSearch "$STATE/home" "$PORT" >"$LOG" 2>&1 &
  echo $! >"$PID_FILE"
  for _ in $(seq 120); do
    if health green 1s | grep -q '"status":"green"'; then
      say "green on http://127.0.0.1:$PORT"
      return
    fi
    running || { tail -n 30 "$LOG" >&2; fail "the node exited; log: $LOG"; }
    sleep 1
  done
  tail -n 30 "$LOG" >&2
  fail "not green after 120 s; log: $LOG"
}

stop() {
  if running; then
    kill "$(cat "$PID_FILE")"
    for _ in $(seq 60); do running || break; sleep 0.5; done
    running && kill -9 "$(cat "$PID_FILE")"
    say "stopped"
  fi
  rm -f "$PID_FILE"
}

mkdir -p "$STATE"
case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) fail "usage: $0 [start|stop]" ;;
esac
