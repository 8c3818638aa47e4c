#!/usr/bin/env bash
# A throwaway PostgreSQL 15 on loopback for the SQL integration tests (a ctest fixture).
#
#   postgres_fixture.sh start STATE_DIR   initdb + start on a free port; writes STATE_DIR/url
#                                         (postgresql://postgres@127.0.0.1:PORT/postgres)
#   postgres_fixture.sh stop STATE_DIR    fast shutdown; removes the server and STATE_DIR
#
# The server itself lives in a fresh directory under /tmp owned by `postgres`: initdb refuses
# root, and the postgres user cannot enter /root (TOOLCHAIN.md). Trust auth on 127.0.0.1 only.
set -euo pipefail

cmd="${1:-}"
state="${2:-}"
if [[ -z "$cmd" || -z "$state" ]]; then
  echo "usage: $0 start|stop STATE_DIR" >&2
  exit 2
fi
bin="${VEZA_PG_BIN:-/usr/lib/postgresql/15/bin}"

as_postgres() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop_server() {
  local server
  [[ -f "$state/server_dir" ]] || return 0
  server="$(cat "$state/server_dir")"
  if [[ -f "$server/data/postmaster.pid" ]]; then
    as_postgres "$bin/pg_ctl" -D "$server/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  [[ "$server" == /tmp/veza-pg.* ]] && rm -rf "$server"
  rm -f "$state/server_dir" "$state/url"
}

# A port nothing listens on now. pg_ctl fails if someone takes it first; the caller retries.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

case "$cmd" in
  start)
    if [[ ! -x "$bin/initdb" ]]; then
      echo "PostgreSQL 15 is not installed ($bin/initdb missing): install postgresql-15" >&2
      exit 1
    fi
    mkdir -p "$state"
    stop_server  # a previous run that was killed before its cleanup
    server="$(mktemp -d /tmp/veza-pg.XXXXXX)"
    echo "$server" >"$state/server_dir"
    chmod 0755 "$server"
    [[ "$(id -u)" == 0 ]] && chown postgres:postgres "$server"
    if ! as_postgres "$bin/initdb" -D "$server/data" -U postgres -A trust -E UTF8 --no-sync >"$server/initdb.log" 2>&1; then
      cat "$server/initdb.log" >&2
      exit 1
    fi
    for attempt in 1 2 3 4 5; do
      port="$(free_port)"
      if as_postgres "$bin/pg_ctl" -D "$server/data" -l "$server/log" \
          -o "-p $port -k $server -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
          -w -t 30 start >/dev/null; then
        echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$state/url"
        echo "PostgreSQL started on 127.0.0.1:$port (data in $server)"
        exit 0
      fi
      echo "start on port $port failed (attempt $attempt):" >&2
      tail -n 5 "$server/log" >&2 || true
    done
    exit 1
    ;;
  stop)
    stop_server
    rm -rf "$state"
    ;;
  *)
    echo "usage: $0 start|stop STATE_DIR" >&2
    exit 2
    ;;
esac
