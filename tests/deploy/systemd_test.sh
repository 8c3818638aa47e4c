#!/usr/bin/env bash
# systemd: `systemd-analyze verify` on an instance (veza-server@blue.service) of the project's
# template, with ExecStart pointing at the real binary (a copy in a temp dir), any warning being a
# failure; then the keys issue 9 requires, and the colour env files against haproxy.cfg.
#   systemd_test.sh SOURCE_DIR VEZA_SERVER
set -euo pipefail
SRC=$1 SERVER=$2
source "$SRC/tests/deploy/lib.sh"
make_temp
UNIT="$SRC/deploy/systemd/veza-server@.service"

cp "$UNIT" "$T/veza-server@.service"
must_sed "$T/veza-server@.service" '^ExecStart=/opt/veza/%i/bin/veza-server ' "ExecStart=$SERVER "
if command -v systemd-analyze >/dev/null && systemd-analyze --version >/dev/null 2>&1; then
  set +e
  out=$(cd "$T" && SYSTEMD_LOG_COLOR=0 systemd-analyze verify "$T/veza-server@blue.service" 2>&1)
  rc=$?
  set -e
  [ $rc -eq 0 ] || fail "systemd-analyze verify failed ($rc): $out"
  [ -z "$out" ] || fail "systemd-analyze verify warned: $out"
  note "systemd-analyze verify veza-server@blue.service: clean"
  # The check can fail: a unit whose ExecStart does not exist is rejected.
  mkdir -p "$T/bad"
  sed "s#^ExecStart=$SERVER #ExecStart=$T/missing-binary #" "$T/veza-server@.service" >"$T/bad/veza-server@.service"
  if (cd "$T/bad" && systemd-analyze verify "$T/bad/veza-server@blue.service" >/dev/null 2>&1); then
    fail "systemd-analyze verify accepted a missing binary: this check proves nothing here"
  fi
else
  echo "NOTE: systemd-analyze is not usable in this environment; checking the unit's required keys only (no verify)"
fi

key() { sed -n "s/^$1=//p" "$UNIT"; }
expect_key() { [ "$(key "$1")" = "$2" ] || fail "$UNIT: expected $1=$2, got '$(key "$1")'"; }
expect_key KillSignal SIGTERM
expect_key Restart on-failure
expect_key NoNewPrivileges yes
expect_key ProtectSystem strict
expect_key ProtectHome yes
expect_key PrivateTmp yes
grep -q '^EnvironmentFile=/etc/veza/%i.env$' "$UNIT" || fail "no per-colour EnvironmentFile=/etc/veza/%i.env"
grep -q '^ExecStart=.*--migrate false' "$UNIT" || fail "ExecStart must not migrate (blue-green.sh deploy does, once)"
[ -n "$(key StateDirectory)$(key ReadWritePaths)" ] || fail "no writable data path (StateDirectory/ReadWritePaths)"
stop=$(key TimeoutStopSec)
shutdown=$(sed -n 's/^VEZA_SHUTDOWN_TIMEOUT=//p' "$SRC/deploy/systemd/veza.env.example")
[[ $stop =~ ^[0-9]+$ ]] || fail "TimeoutStopSec must be whole seconds, got '$stop'"
[ "$stop" -gt "$shutdown" ] || fail "TimeoutStopSec=$stop is not longer than VEZA_SHUTDOWN_TIMEOUT=$shutdown"

# Each colour's env file, HAProxy's server line and blue-green.sh's default URL name one address.
for c in blue green; do
  addr=$(sed -n 's/^VEZA_HTTP_ADDR=//p' "$SRC/deploy/systemd/$c.env")
  [ -n "$addr" ] || fail "$c.env sets no VEZA_HTTP_ADDR"
  grep -Eq "^ +server ${c}1 $addr check" "$SRC/deploy/haproxy/haproxy.cfg" || fail "haproxy.cfg api_$c is not $addr"
  up=$(tr '[:lower:]' '[:upper:]' <<<"$c")
  grep -q "^${up}_URL=\${${up}_URL:-http://$addr}" "$SRC/deploy/blue-green.sh" || fail "blue-green.sh ${up}_URL default is not $addr"
done
note "PASS: systemd unit and colour env files"
