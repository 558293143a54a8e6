#!/usr/bin/env bash
# Starts the services the suite and the demo use: PostgreSQL on 127.0.0.1:5432
# (with a `test` database) and Redis on 127.0.0.1:6379. A service that already
# answers is left alone; one that is missing is installed from Debian's
# packages and started here, with its data outside the work tree.
#
# The PostgreSQL server started here is for development and tests only: it
# trusts connections from 127.0.0.1 and trades durability for speed (fsync off).
#
#   scripts/services.sh           start both (exit 1, saying why, if one can't)
#   scripts/services.sh stop      stop what this script started
set -euo pipefail

PG_PORT=5432
REDIS_PORT=6379
PG_DATA=${GOVCLUSTER_PG_DATA:-/var/lib/postgresql/govcluster}
REDIS_DIR=${GOVCLUSTER_REDIS_DIR:-/var/lib/redis/govcluster}

say() { echo "services: $*"; }
fail() { echo "services: $*" >&2; exit 1; }

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

apt_updated=0
apt_install() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
    || fail "$* missing, and apt-get is unavailable or this is not root: install $* yourself"
  if [ "$apt_updated" = 0 ]; then
    apt-get update -qq -o DPkg::Lock::Timeout=300 || fail "apt-get update failed"
    apt_updated=1
  fi
  say "installing $* from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 \
    "$@" >/dev/null || fail "could not install $*"
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  if answers "$PG_PORT"; then
    say "PostgreSQL already answers on 127.0.0.1:$PG_PORT"
  else
    [ -n "$(pg_bin)" ] || apt_install postgresql
    local bin
    bin=$(pg_bin)
    [ -x "$bin/initdb" ] || fail "no initdb under $bin"
    if [ ! -s "$PG_DATA/PG_VERSION" ]; then
      say "creating a PostgreSQL cluster in $PG_DATA"
      if [ "$(id -u)" = 0 ]; then
        install -d -o postgres -g postgres -m 700 "$PG_DATA"
      else
        install -d -m 700 "$PG_DATA"
      fi
      as_postgres "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust \
        --encoding=UTF8 --locale=C.UTF-8 >/dev/null || fail "initdb failed"
    fi
    say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    as_postgres "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=/tmp \
          -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
          -c max_connections=200" start >/dev/null \
      || fail "PostgreSQL did not start; see $PG_DATA/server.log"
  fi
  local psql=(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt)
  command -v psql >/dev/null 2>&1 || psql=("$(pg_bin)/psql" "${psql[@]:1}")
  "${psql[@]}" -c "select 1" >/dev/null \
    || fail "PostgreSQL answers on $PG_PORT but not as user postgres without a password"
  if [ -z "$("${psql[@]}" -c "select 1 from pg_database where datname = 'test'")" ]; then
    "${psql[@]}" -c "create database test" >/dev/null || fail "could not create database test"
    say "created database test"
  fi
}

start_redis() {
  if answers "$REDIS_PORT"; then
    say "Redis already answers on 127.0.0.1:$REDIS_PORT"
    return
  fi
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  # The Debian package may start its own server; if it did, that one will do.
  if answers "$REDIS_PORT"; then
    say "Redis answers on 127.0.0.1:$REDIS_PORT"
    return
  fi
  mkdir -p "$REDIS_DIR"
  say "starting Redis on 127.0.0.1:$REDIS_PORT"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
    --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" \
    --save "" --appendonly no >/dev/null || fail "Redis did not start"
  for _ in $(seq 50); do answers "$REDIS_PORT" && return; sleep 0.1; done
  fail "Redis did not answer on 127.0.0.1:$REDIS_PORT; see $REDIS_DIR/redis.log"
}

stop_services() {
  local bin
  bin=$(pg_bin)
  if [ -n "$bin" ] && [ -s "$PG_DATA/postmaster.pid" ]; then
    as_postgres "$bin/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null && say "PostgreSQL stopped"
  fi
  if [ -s "$REDIS_DIR/redis.pid" ]; then
    kill "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null && say "Redis stopped"
    rm -f "$REDIS_DIR/redis.pid"
  fi
}

case "${1:-start}" in
  start)
    start_postgres
    start_redis
    say "ready: DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/test REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
    ;;
  stop) stop_services ;;
  *) fail "usage: $0 [start|stop]" ;;
esac
