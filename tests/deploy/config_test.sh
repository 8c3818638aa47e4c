#!/usr/bin/env bash
# The deploy configuration checked by the real tools:
#   config_test.sh SOURCE_DIR haproxy|prometheus|alertmanager|metrics
# haproxy       haproxy -c on the project's config (map path made absolute to the checkout)
# prometheus    promtool check config / check rules / test rules; every alert has a severity,
#               summary and a runbook_url whose section exists in docs/DEPLOY.md, and a unit test
# alertmanager  amtool check-config; amtool config routes test for each route; the inhibit rule
#               against a real prometheus-alertmanager
# metrics       every metric the rules and dashboards use is defined in libveza/ or apps/
set -euo pipefail
SRC=$1 WHAT=$2
source "$SRC/tests/deploy/lib.sh"
make_temp
D="$SRC/deploy"

case $WHAT in
haproxy)
  cp "$D/haproxy/haproxy.cfg" "$T/haproxy.cfg"
  cp "$D/haproxy/veza-live.map" "$T/veza-live.map"
  must_sed "$T/haproxy.cfg" '/etc/haproxy/veza-live\.map' "$T/veza-live.map"
  haproxy -c -f "$T/haproxy.cfg" || fail "haproxy -c rejects deploy/haproxy/haproxy.cfg"
  # The parts issue 9 requires.
  for b in api_blue api_green; do
    awk -v b="backend $b" '$0 == b { on = 1; next } /^[a-z]/ { on = 0 } on' "$D/haproxy/haproxy.cfg" >"$T/$b"
    grep -q 'option httpchk GET /readyz' "$T/$b" || fail "$b does not check GET /readyz"
    grep -q 'http-check expect status 200' "$T/$b" || fail "$b does not expect 200"
    grep -Eq 'inter [0-9.]+m?s .*fall [0-9]+ rise [0-9]+' "$T/$b" || fail "$b has no short inter/fall/rise"
  done
  grep -Eq '^ +use_backend %\[str\(live\),map\(/etc/haproxy/veza-live\.map' "$D/haproxy/haproxy.cfg" || fail "use_backend does not read veza-live.map"
  grep -Eq '^ +stats socket /run/haproxy/admin\.sock .*level admin' "$D/haproxy/haproxy.cfg" || fail "no admin runtime API socket"
  grep -q '^live api_blue$' "$D/haproxy/veza-live.map" || fail "veza-live.map has no 'live api_blue' entry"
  # It can fail: a config that names a backend that does not exist is rejected.
  sed 's/default_backend api_blue/default_backend api_nowhere/' "$T/haproxy.cfg" >"$T/bad.cfg"
  if haproxy -c -q -f "$T/bad.cfg" 2>/dev/null; then fail "haproxy -c accepts anything: the check proves nothing"; fi
  ;;

prometheus)
  cp -r "$D/prometheus" "$T/prometheus"
  promtool check config "$T/prometheus/prometheus.yml" || fail "promtool check config"
  promtool check rules "$D"/prometheus/rules/*.yml || fail "promtool check rules"
  (cd "$D/prometheus/tests" && promtool test rules ./*.test.yml) || fail "promtool test rules"
  # Each alert: severity, summary, a runbook section in docs/DEPLOY.md, and firing and not-firing
  # cases in the unit tests.
  "$DEPLOY_PY" - "$D/prometheus" "$SRC/docs/DEPLOY.md" <<'EOF'
import glob, json, re, subprocess, sys
prom, deploy_md = sys.argv[1], sys.argv[2]
def load(path):  # YAML through promtool's own parser would be best; JSON via a tiny converter is not
    # available in the stdlib, so read the fields we need line by line (the files are ours).
    return open(path).read()
anchors = set()
for line in open(deploy_md):
    m = re.match(r"^#+\s+(.*?)\s*$", line)
    if m:
        a = re.sub(r"[^\w\- ]", "", m.group(1).lower()).replace(" ", "-")
        anchors.add(a)
alerts = []
for f in sorted(glob.glob(prom + "/rules/*.yml")):
    text = load(f)
    blocks = re.split(r"\n\s*- alert: ", text)
    for b in blocks[1:]:
        name = b.split("\n", 1)[0].strip()
        alerts.append(name)
        for need in ("severity:", "summary:", "runbook_url:"):
            if need not in b:
                sys.exit("FAIL: alert %s has no %s" % (name, need))
        sev = re.search(r"severity:\s*(\S+)", b).group(1)
        if sev not in ("critical", "warning"):
            sys.exit("FAIL: alert %s: severity %s is neither critical nor warning" % (name, sev))
        url = re.search(r'runbook_url:\s*"?([^"\n]+)', b).group(1)
        m = re.match(r"docs/DEPLOY\.md#(.+)$", url)
        if not m or m.group(1) not in anchors:
            sys.exit("FAIL: alert %s: runbook %s is not a section of docs/DEPLOY.md" % (name, url))
tests = "".join(open(f).read() for f in glob.glob(prom + "/tests/*.yml"))
for a in alerts:
    cases = re.findall(r"alertname: %s\n\s+exp_alerts:(.*?)(?=\n\s+- eval_time|\n\s+- name|\Z)" % re.escape(a), tests, re.S)
    fires = any(c.strip() and c.strip() != "[]" for c in cases)
    quiet = any(c.strip() == "[]" for c in cases)
    if not (fires and quiet):
        sys.exit("FAIL: alert %s lacks a %s unit test" % (a, "firing" if not fires else "not-firing"))
print("== %d alerts, each with severity, summary, runbook section and firing/not-firing tests: %s" % (len(alerts), ", ".join(alerts)))
EOF
  # It can fail: a rule test expecting the wrong thing is reported.
  mkdir -p "$T/neg"
  sed 's/exp_alerts: \[\]/exp_alerts: [{exp_labels: {severity: none}}]/' "$D/prometheus/tests/veza-alerts.test.yml" |
    sed 's#\.\./rules/#'"$D"'/prometheus/rules/#' >"$T/neg/neg.test.yml"
  if promtool test rules "$T/neg/neg.test.yml" >/dev/null 2>&1; then fail "promtool test rules passes a wrong expectation"; fi
  ;;

alertmanager)
  AM="$D/alertmanager/alertmanager.yml"
  amtool check-config "$AM" || fail "amtool check-config"
  grep -q "channel: '#alerts'" "$AM" || fail "no #alerts channel"
  grep -q 'slack_api_url_file:\|api_url_file:' "$AM" || fail "the Slack URL is not read from a file"
  ! grep -q '\${' "$AM" || fail "alertmanager.yml uses \${...}: Alertmanager does not expand variables"
  route() {  # expected-receiver labels...
    local want=$1; shift
    amtool config routes test --config.file="$AM" --verify.receivers="$want" "$@" >/dev/null 2>&1 ||
      fail "labels '$*' do not route to $want (got: $(amtool config routes test --config.file="$AM" "$@" 2>/dev/null))"
    note "route: $* -> $want"
  }
  route slack-critical alertname=VezaInstanceDown severity=critical
  route slack-critical alertname=VezaHighErrorRatio severity=critical
  route slack-warning alertname=VezaHighLatencyP99 severity=warning
  route slack-warning alertname=VezaHealthDegraded severity=warning
  route slack-critical alertname=VezaPaymentGatewayErrors severity=critical
  route slack-warning alertname=VezaRefundFailures severity=warning
  route slack-default alertname=Watchdog
  # It can fail: a warning is not routed as critical.
  if amtool config routes test --config.file="$AM" --verify.receivers=slack-critical severity=warning >/dev/null 2>&1; then
    fail "amtool accepts a wrong receiver: the route checks prove nothing"
  fi

  # The inhibit rule, on a real Alertmanager: VezaInstanceDown silences that instance's other
  # alerts, and only that instance's.
  cp "$AM" "$T/am.yml"
  must_sed "$T/am.yml" '/etc/prometheus/alertmanager-slack-webhook' "$T/slack-url"
  echo "http://127.0.0.1:9/unused" >"$T/slack-url"
  P=$(free_port) C=$(free_port)
  prometheus-alertmanager --config.file="$T/am.yml" --storage.path="$T/am-data" \
    --web.listen-address="127.0.0.1:$P" --cluster.listen-address="" >"$T/alertmanager.log" 2>&1 &
  PIDS+=($!)
  wait_http "http://127.0.0.1:$P/-/ready" 20 || fail "prometheus-alertmanager did not start"
  curl -sf -H 'Content-Type: application/json' "http://127.0.0.1:$P/api/v2/alerts" -d '[
    {"labels":{"alertname":"VezaInstanceDown","severity":"critical","instance":"a"}},
    {"labels":{"alertname":"VezaHighLatencyP99","severity":"warning","instance":"a"}},
    {"labels":{"alertname":"VezaHighLatencyP99","severity":"warning","instance":"b"}}]' >/dev/null ||
    fail "could not post alerts"
  ok=
  for i in $(seq 1 50); do
    curl -sf "http://127.0.0.1:$P/api/v2/alerts" >"$T/alerts.json"
    states=$("$DEPLOY_PY" -c 'import json,sys
a=json.load(open(sys.argv[1]))
print(" ".join(sorted("%s/%s=%s" % (x["labels"]["alertname"], x["labels"]["instance"], x["status"]["state"]) for x in a)))' "$T/alerts.json")
    if [ "$states" = "VezaHighLatencyP99/a=suppressed VezaHighLatencyP99/b=active VezaInstanceDown/a=active" ]; then ok=1; break; fi
    sleep 0.1
  done
  [ -n "$ok" ] || fail "inhibition: expected a's latency alert suppressed and b's active, got: $states"
  note "inhibit: VezaInstanceDown{instance=a} suppresses a's other alerts only"
  ;;

metrics)
  # A panel or rule over a metric the code does not define is a defect, not a placeholder.
  names=$(cat "$D"/prometheus/rules/*.yml "$D"/grafana/dashboards/*.json |
    grep -oE '(^|[^:a-z_])(veza|http_server)_[a-z_]+' | sed -E 's/^[^a-z]//; s/_(bucket|sum|count)$//' | sort -u)
  [ -n "$names" ] || fail "no metric names found in the rules and dashboards"
  for n in $names; do
    grep -rqF "\"$n\"" "$SRC/libveza" "$SRC/apps" || fail "metric $n is used by deploy/ but defined nowhere in libveza/ or apps/"
  done
  note "metrics used by the rules and dashboards, all defined in the code: $(echo $names)"
  ;;
*) fail "unknown check $WHAT" ;;
esac
note "PASS: $WHAT"
