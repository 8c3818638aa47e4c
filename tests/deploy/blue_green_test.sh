#!/usr/bin/env bash
# The zero-failure blue-green test: real HAProxy on the project's config (loopback ports, temp
# paths), two real veza-server instances on a shared SQLite database, a steady load of keep-alive
# and new connections through HAProxy, then deploy/blue-green.sh: switch (blue → green), switch
# (green → blue), a refused switch to a stopped colour, deploy v2 (green replaces blue), rollback.
# No request may fail (connection error or 5xx) and traffic must end on the expected colour.
#   blue_green_test.sh SOURCE_DIR VEZA_SERVER VEZA_CLI
set -euo pipefail
SRC=$1 SERVER=$2 CLI=$3
source "$SRC/tests/deploy/lib.sh"
BG="$SRC/deploy/blue-green.sh"
make_temp
start_stack "$SERVER" "$CLI" "$SRC"

note "load: 4 keep-alive + 4 new-connection clients through HAProxy on :$FRONT"
"$DEPLOY_PY" "$LIB_DIR/load_client.py" "http://127.0.0.1:$FRONT" "$T/load.csv" "$T/stop-load" &
PIDS+=($!)
LOAD_PID=$!
sleep 1

expect_live() {  # colour: the runtime map, the map file and new requests all say it
  local c=$1 i got
  for ((i = 0; i < 20; i++)); do got=$(colour_now); [ "$got" = "$c" ] && break; sleep 0.1; done
  [ "$got" = "$c" ] || fail "new requests go to '${got}', expected $c"
  grep -q "^live api_$c\$" "$HAPROXY_MAP" || fail "map file does not say api_$c: $(cat "$HAPROXY_MAP")"
  printf 'show map %s\n' "$HAPROXY_MAP" | socat -t 2 - "UNIX-CONNECT:$HAPROXY_SOCKET" | grep -q " live api_$c\$" ||
    fail "HAProxy's runtime map does not say api_$c"
}

note "the public frontend does not expose /metrics; the API is served"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$FRONT/metrics")
[ "$code" = 404 ] || fail "/metrics through HAProxy answered $code, expected 404"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$FRONT/api/v1/health")
[ "$code" = 200 ] || fail "/api/v1/health through HAProxy answered $code"

note "status"
"$BG" status | tee "$T/status.txt"
grep -q '^live: blue' "$T/status.txt" || fail "status does not report blue live"
grep -q '^green: *ready' "$T/status.txt" || fail "status does not report green ready"

note "switch blue -> green"
"$BG" switch
expect_live green
sleep 1
note "switch green -> blue"
"$BG" switch
expect_live blue
sleep 1

note "a switch to a stopped colour is refused"
"$T/stop-colour.sh" green || fail "green did not stop cleanly"
set +e
"$BG" switch >"$T/refused.out" 2>&1
rc=$?
set -e
cat "$T/refused.out"
[ $rc -ne 0 ] || fail "switch to a stopped green succeeded"
grep -q 'refusing to switch to green' "$T/refused.out" || fail "the refusal does not say why"
expect_live blue
sleep 0.5

note "deploy v2 (green replaces blue)"
"$BG" deploy v2
expect_live green
[ ! -e "$T/blue.pid" ] || fail "deploy left blue running"
grep -q '^blue exited 0$' "$T/stops.txt" || fail "blue did not drain and exit 0: $(cat "$T/stops.txt")"
grep -q '^# version=v2$' "$HAPROXY_MAP" || fail "the map file does not record v2"
sleep 1

note "rollback (blue started again, traffic back on blue)"
"$BG" rollback
expect_live blue
sleep 1
"$BG" status

touch "$T/stop-load"
wait "$LOAD_PID" || fail "the load client failed"
summary=$("$DEPLOY_PY" "$LIB_DIR/load_client.py" summary "$T/load.csv")
echo "$summary"
total=$(sed -n 's/^requests=\([0-9]*\).*/\1/p' <<<"$summary" | head -n 1)
failed=$(sed -n 's/.* failed=\([0-9]*\).*/\1/p' <<<"$summary" | head -n 1)
[ "${total:-0}" -ge 200 ] || fail "only ${total:-0} requests were made: the load did not run"
[ "$failed" = 0 ] || fail "$failed requests failed during the switches"
grep -q 'blue:' <<<"$summary" && grep -q 'green:' <<<"$summary" || fail "traffic did not reach both colours"
# The last requests were all served by blue.
tail_colours=$(tail -n 50 "$T/load.csv" | cut -d, -f4 | sort -u | tr '\n' ' ')
[ "$tail_colours" = "blue " ] || fail "the last requests were served by: $tail_colours"
note "PASS: $total requests, 0 failed, traffic ends on blue"
