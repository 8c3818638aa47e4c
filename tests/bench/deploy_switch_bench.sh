#!/usr/bin/env bash
# Blue-green benchmark (not a timed test; ctest does not run it). The blue-green test's stack (real
# HAProxy on the project's config, two veza-server on a shared SQLite DB) under a steady load of
# keep-alive and new connections, then measures:
#   - requests served during a `switch` and during a `deploy` (count, failed, p99), and
#   - how long a switch takes from the command to the point after which every new request is on
#     the new colour.
#   tests/bench/deploy_switch_bench.sh VEZA_SERVER VEZA_CLI [ROUNDS] [CLIENTS]
# e.g. tests/bench/deploy_switch_bench.sh build/deploy/apps/veza-server/veza-server build/deploy/apps/veza-cli/veza-cli
set -euo pipefail
SERVER=$(realpath "$1") CLI=$(realpath "$2") ROUNDS=${3:-5} CLIENTS=${4:-8}
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$SRC/tests/deploy/lib.sh"
BG="$SRC/deploy/blue-green.sh"
LOAD="$SRC/tests/deploy/load_client.py"
export DRAIN_WAIT=${DRAIN_WAIT:-2}
make_temp
start_stack "$SERVER" "$CLI" "$SRC"
"$DEPLOY_PY" "$LOAD" "http://127.0.0.1:$FRONT" "$T/load.csv" "$T/stop-load" --keepalive $((CLIENTS / 2)) \
  --fresh $((CLIENTS - CLIENTS / 2)) &
PIDS+=($!)
LOAD_PID=$!
sleep 2

stamp() { date +%s.%N; }
summ() { "$DEPLOY_PY" "$LOAD" summary "$T/load.csv" "$@" | head -n 1; }
echo "# $ROUNDS switches and 2 deploys, $CLIENTS clients (half keep-alive), path /api/v1/health"
live=blue
for r in $(seq 1 "$ROUNDS"); do
  to=$([ $live = blue ] && echo green || echo blue)
  t0=$(stamp)
  "$BG" switch >/dev/null
  t1=$(stamp)
  sleep 1
  t2=$(stamp)
  took=$("$DEPLOY_PY" "$LOAD" switch-time "$T/load.csv" "$t0" "$to")
  printf 'switch %d %s->%s: command %.3fs, all new requests on %s after %ss; during [command, +1s]: %s\n' \
    "$r" "$live" "$to" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')" "$to" "$took" "$(summ "$t0" "$t2")"
  live=$to
done
for v in v2 v3; do
  t0=$(stamp)
  "$BG" deploy "$v" >"$T/deploy-$v.out"
  t1=$(stamp)
  printf 'deploy %s: %.2fs; during it: %s\n' "$v" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')" "$(summ "$t0" "$t1")"
done
touch "$T/stop-load"
wait "$LOAD_PID"
echo "whole run: $(summ)"
