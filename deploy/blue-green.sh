#!/usr/bin/env bash
# Blue-green switch for veza-server behind HAProxy (docs/DEPLOY.md, "Releases").
#
#   blue-green.sh status            live colour, each colour's readiness and HAProxy's view of it
#   blue-green.sh switch            flip to the other colour, if it is ready
#   blue-green.sh rollback          back to the previous colour (started again if it was stopped)
#   blue-green.sh deploy VERSION    migrate, start the idle colour, switch, drain and stop the old one
#
# Everything it touches is named by these variables (defaults: the production layout):
#   HAPROXY_SOCKET   /run/haproxy/admin.sock      runtime API (`set map`, `show map`, `show stat`)
#   HAPROXY_MAP      /etc/haproxy/veza-live.map   map file naming the live backend
#   BLUE_URL         http://127.0.0.1:8081        blue's own address (/readyz, /api/v1/health)
#   GREEN_URL        http://127.0.0.1:8082        green's own address
#   VEZA_START_CMD   systemctl start veza-server@{colour}
#   VEZA_STOP_CMD    systemctl stop veza-server@{colour}
#   VEZA_MIGRATE_CMD veza-cli migrate             run once by deploy, before the switch
#   DRAIN_WAIT       35                           seconds deploy waits for the old colour to drain
# and two timing knobs: READY_TIMEOUT (60 s: a started colour must be ready within it) and
# CHECK_TIMEOUT (2 s: each readiness request).
# Commands are run by bash with {colour} (and {version} for deploy/rollback) replaced.
# Exit status: 0 done, 1 refused or failed (with a message on stderr), 2 usage.
set -euo pipefail

HAPROXY_SOCKET=${HAPROXY_SOCKET:-/run/haproxy/admin.sock}
HAPROXY_MAP=${HAPROXY_MAP:-/etc/haproxy/veza-live.map}
BLUE_URL=${BLUE_URL:-http://127.0.0.1:8081}
GREEN_URL=${GREEN_URL:-http://127.0.0.1:8082}
# (not ${VAR:-default}: the first "}" of "{colour}" would end the expansion)
[ -n "${VEZA_START_CMD:-}" ] || VEZA_START_CMD='systemctl start veza-server@{colour}'
[ -n "${VEZA_STOP_CMD:-}" ] || VEZA_STOP_CMD='systemctl stop veza-server@{colour}'
VEZA_MIGRATE_CMD=${VEZA_MIGRATE_CMD:-veza-cli migrate}
DRAIN_WAIT=${DRAIN_WAIT:-35}
READY_TIMEOUT=${READY_TIMEOUT:-60}
CHECK_TIMEOUT=${CHECK_TIMEOUT:-2}

MAP_KEY=live

say() { printf 'blue-green: %s\n' "$*"; }
die() { printf 'blue-green: %s\n' "$*" >&2; exit 1; }
usage() {
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

is_number() { [[ $1 =~ ^[0-9]+([.][0-9]+)?$ ]]; }
for v in DRAIN_WAIT READY_TIMEOUT CHECK_TIMEOUT; do
  is_number "${!v}" || die "$v must be a number of seconds, got '${!v}'"
done

other() { [ "$1" = blue ] && echo green || echo blue; }
url_of() { [ "$1" = blue ] && echo "$BLUE_URL" || echo "$GREEN_URL"; }
now() { date +%s.%N; }
elapsed_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
before() { awk -v a="$(now)" -v d="$1" 'BEGIN { exit !(a < d) }'; }
deadline_in() { awk -v a="$(now)" -v s="$1" 'BEGIN { printf "%.3f", a + s }'; }

# --- HAProxy runtime API -------------------------------------------------------------------------
haproxy_cmd() {
  [ -S "$HAPROXY_SOCKET" ] || die "no HAProxy runtime API socket at $HAPROXY_SOCKET (HAPROXY_SOCKET)"
  printf '%s\n' "$1" | socat -t 5 - "UNIX-CONNECT:$HAPROXY_SOCKET" ||
    die "HAProxy runtime API at $HAPROXY_SOCKET did not answer '$1'"
}

# The live colour as HAProxy routes it now (the runtime map), or "" when the map has no entry.
runtime_live() {
  haproxy_cmd "show map $HAPROXY_MAP" | awk -v k="$MAP_KEY" '$2 == k { sub(/^api_/, "", $3); print $3 }' | tail -n 1
}

# The live colour recorded in the map file.
file_live() {
  [ -f "$HAPROXY_MAP" ] || { echo ""; return; }
  awk -v k="$MAP_KEY" '$1 == k { sub(/^api_/, "", $2); print $2 }' "$HAPROXY_MAP" | tail -n 1
}

# A value recorded by this script in a comment line of the map file ("# previous=green").
file_note() {
  [ -f "$HAPROXY_MAP" ] || return 0
  sed -n "s/^# $1=//p" "$HAPROXY_MAP" | tail -n 1
}

# "UP n/m" for a colour's backend as HAProxy's health checks see it.
haproxy_view() {
  haproxy_cmd "show stat" | awk -F, -v px="api_$1" '
    NR == 1 { for (i = 1; i <= NF; i++) { h = $i; sub(/^# /, "", h); col[h] = i }; next }
    $col["pxname"] == px && $col["svname"] != "FRONTEND" && $col["svname"] != "BACKEND" {
      total++; if ($col["status"] ~ /^UP/) up++
    }
    END { printf "%s %d/%d\n", (up > 0 ? "UP" : "DOWN"), up, total }'
}

# Requests the colour's servers are handling right now (HAProxy's current sessions).
haproxy_sessions() {
  haproxy_cmd "show stat" | awk -F, -v px="api_$1" '
    NR == 1 { for (i = 1; i <= NF; i++) { h = $i; sub(/^# /, "", h); col[h] = i }; next }
    $col["pxname"] == px && $col["svname"] == "BACKEND" { print $col["scur"] + 0 }'
}

# --- the instances ---------------------------------------------------------------------------------
# "ready", or a reason why not. Ready: /readyz 200 and /api/v1/health not "down".
readiness() {
  local base code body status
  base=$(url_of "$1")
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time "$CHECK_TIMEOUT" "$base/readyz" 2>/dev/null) || code=000
  case $code in
    200) ;;
    000) echo "not running (no answer from $base/readyz)"; return ;;
    *) echo "not ready (/readyz answered $code)"; return ;;
  esac
  body=$(curl -s --max-time "$CHECK_TIMEOUT" "$base/api/v1/health" 2>/dev/null) || body=
  status=$(printf '%s' "$body" | sed -n 's/^{"status":"\([a-z]*\)".*/\1/p')
  [ -n "$status" ] || status=$(printf '%s' "$body" | grep -o '"status":"[a-z]*"' | head -n 1 | cut -d'"' -f4)
  case $status in
    ok | degraded) echo ready ;;
    down) echo "not ready (health is down)" ;;
    *) echo "not ready (no health report from $base/api/v1/health)" ;;
  esac
}

run_cmd() {  # template colour [version]
  local cmd=$1 c='{colour}' v='{version}'
  cmd=${cmd//"$c"/$2}
  cmd=${cmd//"$v"/${3:-}}
  say "running: $cmd"
  bash -c "$cmd" 9<&-  # the lock stays here, not in a server the command starts
}

# Waits until the colour is ready and HAProxy has put its servers UP (else traffic sent to it
# would be answered 503 by HAProxy while its checks catch up).
wait_ready() {
  local colour=$1 until r view
  until=$(deadline_in "$READY_TIMEOUT")
  while :; do
    r=$(readiness "$colour")
    if [ "$r" = ready ]; then
      view=$(haproxy_view "$colour")
      [ "${view%% *}" = UP ] && return 0
      r="HAProxy sees it ${view}"
    fi
    before "$until" || { say "$colour: $r after ${READY_TIMEOUT}s"; return 1; }
    sleep 0.2
  done
}

# --- the switch ------------------------------------------------------------------------------------
write_map_file() {  # live previous
  local dir tmp
  dir=$(dirname "$HAPROXY_MAP")
  tmp=$(mktemp "$dir/.veza-live.map.XXXXXX") || die "cannot write in $dir (HAPROXY_MAP)"
  {
    echo "# The live backend of frontend veza. Written by deploy/blue-green.sh (which also sets it over the"
    echo "# runtime API); its comment lines record the previous colour for \`rollback\`."
    echo "# switched=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "# previous=$2"
    [ -z "${LIVE_VERSION:-}" ] || echo "# version=$LIVE_VERSION"
    [ -z "${PREVIOUS_VERSION:-}" ] || echo "# previous_version=$PREVIOUS_VERSION"
    echo "$MAP_KEY api_$1"
  } >"$tmp"
  if [ -f "$HAPROXY_MAP" ]; then
    chmod --reference="$HAPROXY_MAP" "$tmp" 2>/dev/null || true
    chown --reference="$HAPROXY_MAP" "$tmp" 2>/dev/null || true
  else
    chmod 644 "$tmp"
  fi
  mv -f "$tmp" "$HAPROXY_MAP"
}

# Sends new requests to `to` (already checked ready). Runtime first: that is the switch; the file
# follows so that a reload keeps it. If the file cannot be written the runtime map is put back.
do_switch() {
  local from=$1 to=$2 t0 got
  t0=$(now)
  say "switching: $from -> $to (set map $HAPROXY_MAP $MAP_KEY api_$to)"
  if [ -z "$(runtime_live)" ]; then
    haproxy_cmd "add map $HAPROXY_MAP $MAP_KEY api_$to" >/dev/null
  else
    haproxy_cmd "set map $HAPROXY_MAP $MAP_KEY api_$to" >/dev/null
  fi
  got=$(runtime_live)
  [ "$got" = "$to" ] || die "HAProxy still routes to '${got:-nothing}' after set map; check $HAPROXY_SOCKET"
  if ! (write_map_file "$to" "$from"); then
    haproxy_cmd "set map $HAPROXY_MAP $MAP_KEY api_$from" >/dev/null || true
    die "could not write $HAPROXY_MAP; HAProxy put back on $from"
  fi
  say "live: $to (was $from), switched in $(elapsed_since "$t0")s; $HAPROXY_MAP updated"
}

current_live() {
  local live
  live=$(runtime_live)
  [ -n "$live" ] || live=$(file_live)
  case $live in
    blue | green) echo "$live" ;;
    *) die "cannot tell the live colour: no '$MAP_KEY' entry in HAProxy's map $HAPROXY_MAP" ;;
  esac
}

# Only one run at a time: a lock on the map's directory (opened read-only, nothing is written).
take_lock() {
  exec 9<"$(dirname "$HAPROXY_MAP")" || die "no directory for $HAPROXY_MAP (HAPROXY_MAP)"
  flock -n 9 || die "another blue-green.sh is running (lock on $(dirname "$HAPROXY_MAP"))"
}

cmd_status() {
  local live file c prev
  live=$(runtime_live)
  file=$(file_live)
  echo "live: ${live:-none} (HAProxy runtime map), ${file:-none} (map file $HAPROXY_MAP)"
  [ "$live" = "$file" ] || echo "warning: the runtime map and the map file disagree; a reload would switch to ${file:-nothing}"
  for c in blue green; do
    printf '%-6s %-48s haproxy: %s  url: %s\n' "$c:" "$(readiness "$c")" "$(haproxy_view "$c")" "$(url_of "$c")"
  done
  prev=$(file_note previous)
  [ -z "$prev" ] || echo "previous: $prev $(file_note previous_version) (rollback target); live version: $(file_note version)"
}

cmd_switch() {
  local live target r
  take_lock
  live=$(current_live)
  target=$(other "$live")
  r=$(readiness "$target")
  [ "$r" = ready ] || die "refusing to switch to $target: $r; traffic stays on $live"
  wait_ready "$target" || die "refusing to switch to $target: HAProxy does not see it UP; traffic stays on $live"
  LIVE_VERSION=$(file_note previous_version) PREVIOUS_VERSION=$(file_note version) do_switch "$live" "$target"
}

cmd_rollback() {
  local live target version r
  take_lock
  live=$(current_live)
  target=$(file_note previous)
  [ -n "$target" ] || target=$(other "$live")
  [ "$target" != "$live" ] || die "nothing to roll back to: $live is live and was the previous colour"
  version=$(file_note previous_version)
  r=$(readiness "$target")
  if [ "$r" != ready ]; then
    say "$target is $r: starting it again"
    case $VEZA_START_CMD in
      *'{version}'*) [ -n "$version" ] || die "refusing to roll back: VEZA_START_CMD needs {version} and $HAPROXY_MAP records no previous version" ;;
    esac
    run_cmd "$VEZA_START_CMD" "$target" "$version" || die "refusing to roll back: starting $target failed; traffic stays on $live"
  fi
  wait_ready "$target" || die "refusing to roll back to $target: not ready; traffic stays on $live"
  LIVE_VERSION=$version PREVIOUS_VERSION=$(file_note version) do_switch "$live" "$target"
  local c='{colour}'
  say "rolled back to $target; $live keeps running (stop it with: ${VEZA_STOP_CMD//"$c"/$live})"
}

cmd_deploy() {
  local version=$1 live idle r t0 until n left
  [[ $version =~ ^[A-Za-z0-9._+-]+$ ]] || die "VERSION must be letters, digits and . _ + - (got '$version')"
  take_lock
  t0=$(now)
  live=$(current_live)
  idle=$(other "$live")
  r=$(readiness "$live")
  [ "$r" = ready ] || say "warning: the live colour $live is $r"
  say "deploy $version: live $live, deploying to $idle"
  r=$(readiness "$idle")
  if [ "$r" != "not running (no answer from $(url_of "$idle")/readyz)" ]; then
    say "$idle is running an older release ($r): stopping it first (it serves no traffic)"
    run_cmd "$VEZA_STOP_CMD" "$idle" "$version" || die "could not stop $idle; nothing changed"
  fi
  # Until HAProxy's checks have seen the stopped colour go, its "UP" is the old process's state, and
  # a check failing later (after the switch) could take the new process out of the pool.
  local until_down
  until_down=$(deadline_in "$READY_TIMEOUT")
  while [ "$(haproxy_view "$idle" | cut -d' ' -f1)" = UP ]; do
    before "$until_down" || die "HAProxy still sees the stopped $idle UP after ${READY_TIMEOUT}s; nothing switched"
    sleep 0.2
  done
  say "migrating (expand only: $live keeps serving on the new schema)"
  run_cmd "$VEZA_MIGRATE_CMD" "$idle" "$version" || die "migration failed; nothing switched, $live stays live"
  run_cmd "$VEZA_START_CMD" "$idle" "$version" || die "starting $idle failed; $live stays live"
  if ! wait_ready "$idle"; then
    run_cmd "$VEZA_STOP_CMD" "$idle" "$version" || true
    die "$idle $version did not become ready within ${READY_TIMEOUT}s; stopped it, $live stays live"
  fi
  LIVE_VERSION=$version PREVIOUS_VERSION=$(file_note version) do_switch "$live" "$idle"
  say "draining $live (up to ${DRAIN_WAIT}s for its requests to finish)"
  until=$(deadline_in "$DRAIN_WAIT")
  while :; do
    n=$(haproxy_sessions "$live")
    [ "${n:-0}" -eq 0 ] && break
    before "$until" || { say "warning: $live still has $n requests after ${DRAIN_WAIT}s; stopping anyway"; break; }
    sleep 0.2
  done
  left=${n:-0}
  say "$live drained ($left in flight); stopping it"
  run_cmd "$VEZA_STOP_CMD" "$live" "$version" || die "stopping $live failed; $idle is live with $version"
  say "deployed $version on $idle in $(elapsed_since "$t0")s; $live stopped (rollback: $0 rollback)"
}

case ${1:-} in
  status) [ $# -eq 1 ] || usage; cmd_status ;;
  switch) [ $# -eq 1 ] || usage; cmd_switch ;;
  rollback) [ $# -eq 1 ] || usage; cmd_rollback ;;
  deploy) [ $# -eq 2 ] || usage; cmd_deploy "$2" ;;
  -h | --help | help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) usage ;;
esac
