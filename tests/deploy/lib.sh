# Shared by the deploy tests and tests/bench/deploy_switch_bench.sh (sourced, bash).
# Every process started here is recorded and stopped by cleanup (an EXIT trap), and the temp dir
# is removed, whether the test passed or not.

set -euo pipefail

DEPLOY_PY=/usr/bin/python3  # Debian's, not a pyenv one: the stdlib is all we need
LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PIDS=()

fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
note() { printf '== %s\n' "$*"; }

cleanup() {
  local rc=$? p
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  # Servers started through the colour scripts record their pids in the temp dir.
  if [ -n "${T:-}" ] && [ -d "$T" ]; then
    for f in "$T"/*.pid; do [ -f "$f" ] && kill -TERM "$(cat "$f")" 2>/dev/null || true; done
  fi
  sleep 0.3
  for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  if [ -n "${T:-}" ] && [ -d "$T" ]; then
    for f in "$T"/*.pid; do [ -f "$f" ] && kill -KILL "$(cat "$f")" 2>/dev/null || true; done
    if [ $rc -ne 0 ]; then
      for f in "$T"/*.log; do
        [ -f "$f" ] || continue
        echo "--- tail of $f" >&2
        tail -n 15 "$f" >&2
      done
    fi
    rm -rf "$T"
  fi
  exit $rc
}

make_temp() {
  T=$(mktemp -d /tmp/veza-deploy.XXXXXX)
  trap cleanup EXIT
  trap 'exit 130' INT TERM
}

free_port() {
  "$DEPLOY_PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_http URL [seconds] [expected status]
wait_http() {
  local url=$1 secs=${2:-20} want=${3:-200} i
  for ((i = 0; i < secs * 10; i++)); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" 2>/dev/null)" = "$want" ] && return 0
    sleep 0.1
  done
  return 1
}

# sed that must change something: a pattern that no longer matches fails the test instead of
# silently testing a config that still points at production paths.
must_sed() {  # file pattern replacement
  grep -q -- "$2" "$1" || fail "pattern '$2' not found in $1 (the deploy config changed; update the test)"
  sed -i "s#$2#$3#g" "$1"
}

# The project's haproxy.cfg with loopback ports and temp paths, and one test-only line per backend
# (X-Colour) so that the client sees which colour served each request.
# rewrite_haproxy SRC DST FRONT_PORT BLUE_PORT GREEN_PORT STATS_PORT SOCKET MAP
rewrite_haproxy() {
  local dst=$2
  cp "$1" "$dst"
  must_sed "$dst" '^\( *\)bind :80$' "\1bind 127.0.0.1:$3"
  must_sed "$dst" '127\.0\.0\.1:8081' "127.0.0.1:$4"
  must_sed "$dst" '127\.0\.0\.1:8082' "127.0.0.1:$5"
  must_sed "$dst" '127\.0\.0\.1:8404' "127.0.0.1:$6"
  must_sed "$dst" '/run/haproxy/admin\.sock' "$7"
  must_sed "$dst" '/etc/haproxy/veza-live\.map' "$8"
  must_sed "$dst" '^ *chroot .*$' ''
  must_sed "$dst" '^ *log /dev/log .*$' '    log stderr format raw local0 notice'
  must_sed "$dst" '^backend api_blue$' 'backend api_blue\n    http-response set-header X-Colour blue'
  must_sed "$dst" '^backend api_green$' 'backend api_green\n    http-response set-header X-Colour green'
}

# Writes $T/start-colour.sh and $T/stop-colour.sh, the VEZA_START_CMD / VEZA_STOP_CMD of the tests:
# a colour runs veza-server on its port against the shared SQLite database; the stop script sends
# SIGTERM and waits for the exit status, which must be 0 (a graceful drain).
# make_colour_scripts SERVER_BIN BLUE_PORT GREEN_PORT DB_URL
make_colour_scripts() {
  cat >"$T/start-colour.sh" <<EOF
#!/usr/bin/env bash
# start-colour.sh COLOUR VERSION
set -euo pipefail
colour=\$1 version=\${2:-v1}
case \$colour in blue) port=$2 ;; green) port=$3 ;; *) echo "bad colour \$colour" >&2; exit 2 ;; esac
rm -f "$T/\$colour.rc"
setsid bash -c '"\$@" >>"$T/\$0.log" 2>&1 & echo \$! >"$T/\$0.pid"; wait \$!; echo \$? >"$T/\$0.rc"' "\$colour" \\
  "$1" --http-addr "127.0.0.1:\$port" --database-url "$4" --blob-dir "$T/blobs" \\
  --shutdown-timeout 10 --migrate false </dev/null >/dev/null 2>&1 &
for i in \$(seq 1 50); do [ -s "$T/\$colour.pid" ] && exit 0; sleep 0.1; done
echo "start-colour: \$colour did not start" >&2; exit 1
EOF
  cat >"$T/stop-colour.sh" <<EOF
#!/usr/bin/env bash
# stop-colour.sh COLOUR: SIGTERM, then wait for a clean exit (status 0)
set -euo pipefail
colour=\$1
[ -s "$T/\$colour.pid" ] || exit 0
kill -TERM "\$(cat "$T/\$colour.pid")" 2>/dev/null || true
for i in \$(seq 1 150); do
  if [ -s "$T/\$colour.rc" ]; then
    rc=\$(cat "$T/\$colour.rc"); rm -f "$T/\$colour.pid"
    echo "\$colour exited \$rc" >>"$T/stops.txt"
    exit "\$rc"
  fi
  sleep 0.1
done
echo "stop-colour: \$colour did not exit within 15 s" >&2; exit 1
EOF
  chmod +x "$T/start-colour.sh" "$T/stop-colour.sh"
}

# start_stack SERVER CLI SOURCE_DIR: migrated shared SQLite DB, blue and green running, HAProxy
# started on the rewritten config with blue live. Sets FRONT, BLUE_PORT, GREEN_PORT, STATS_PORT and
# exports the blue-green.sh variables.
start_stack() {
  local server=$1 cli=$2 src=$3
  FRONT=$(free_port) BLUE_PORT=$(free_port) GREEN_PORT=$(free_port) STATS_PORT=$(free_port)
  while [ "$BLUE_PORT" = "$FRONT" ] || [ "$GREEN_PORT" = "$FRONT" ] || [ "$GREEN_PORT" = "$BLUE_PORT" ] ||
    [ "$STATS_PORT" = "$FRONT" ] || [ "$STATS_PORT" = "$BLUE_PORT" ] || [ "$STATS_PORT" = "$GREEN_PORT" ]; do
    GREEN_PORT=$(free_port) STATS_PORT=$(free_port)
  done
  mkdir -p "$T/blobs" "$T/haproxy"
  local db="sqlite://$T/veza.db"
  "$cli" migrate --database-url "$db" >"$T/migrate.log" 2>&1 || fail "veza-cli migrate failed: $(cat "$T/migrate.log")"
  make_colour_scripts "$server" "$BLUE_PORT" "$GREEN_PORT" "$db"
  "$T/start-colour.sh" blue v1
  "$T/start-colour.sh" green v1
  wait_http "http://127.0.0.1:$BLUE_PORT/readyz" 20 || fail "blue did not become ready"
  wait_http "http://127.0.0.1:$GREEN_PORT/readyz" 20 || fail "green did not become ready"

  export HAPROXY_SOCKET="$T/haproxy/admin.sock" HAPROXY_MAP="$T/haproxy/veza-live.map"
  export BLUE_URL="http://127.0.0.1:$BLUE_PORT" GREEN_URL="http://127.0.0.1:$GREEN_PORT"
  export VEZA_START_CMD="$T/start-colour.sh {colour} {version}" VEZA_STOP_CMD="$T/stop-colour.sh {colour}"
  export VEZA_MIGRATE_CMD="'$cli' migrate --database-url '$db' >>'$T/migrate.log' 2>&1"
  export DRAIN_WAIT=${DRAIN_WAIT:-3} READY_TIMEOUT=${READY_TIMEOUT:-20}
  # As if v1 had been deployed by blue-green.sh (which records versions there, for rollback).
  { echo "# version=v1"; cat "$src/deploy/haproxy/veza-live.map"; } >"$HAPROXY_MAP"
  rewrite_haproxy "$src/deploy/haproxy/haproxy.cfg" "$T/haproxy/haproxy.cfg" "$FRONT" "$BLUE_PORT" "$GREEN_PORT" \
    "$STATS_PORT" "$HAPROXY_SOCKET" "$HAPROXY_MAP"
  haproxy -c -q -f "$T/haproxy/haproxy.cfg" || fail "the rewritten haproxy.cfg does not check"
  haproxy -db -f "$T/haproxy/haproxy.cfg" >"$T/haproxy.log" 2>&1 &
  PIDS+=($!)
  local i
  for ((i = 0; i < 100; i++)); do
    [ "$(curl -s -o /dev/null -D - --max-time 1 "http://127.0.0.1:$FRONT/readyz" 2>/dev/null | tr -d '\r' |
      sed -n 's/^[Xx]-[Cc]olour: //p')" = blue ] && break
    sleep 0.1
  done
  [ $i -lt 100 ] || fail "HAProxy did not serve blue on port $FRONT"
  # Both colours UP in HAProxy's checks before anything switches.
  for ((i = 0; i < 100; i++)); do
    [ "$(printf 'show stat\n' | socat -t 2 - "UNIX-CONNECT:$HAPROXY_SOCKET" | grep -E '^api_(blue,blue1|green,green1),' |
      grep -c ',UP,')" -eq 2 ] && break
    sleep 0.1
  done
  [ $i -lt 100 ] || fail "HAProxy did not see both colours UP"
}

# The colour that serves a request through the frontend now.
colour_now() {
  curl -s -o /dev/null -D - --max-time 2 "http://127.0.0.1:$FRONT/readyz" | tr -d '\r' | sed -n 's/^[Xx]-[Cc]olour: //p'
}
