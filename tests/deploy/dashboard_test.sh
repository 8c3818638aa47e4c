#!/usr/bin/env bash
# Grafana dashboards against real metrics: every dashboard JSON has a uid, a title, a data source
# variable and panels with targets; a real Prometheus (the project's prometheus.yml and rules, on
# loopback ports, scraping every second) scrapes a real veza-server that serves some traffic, and
# EVERY panel expression is evaluated through /api/v1/query: each must be accepted, and those of
# the API dashboard must return data. The recording rules must return data too.
#   dashboard_test.sh SOURCE_DIR VEZA_SERVER VEZA_CLI
set -euo pipefail
SRC=$1 SERVER=$2 CLI=$3
source "$SRC/tests/deploy/lib.sh"
make_temp
D="$SRC/deploy"

note "structure"
"$DEPLOY_PY" - "$D/grafana/dashboards" <<'EOF'
import glob, json, sys
files = sorted(glob.glob(sys.argv[1] + "/*.json"))
if not files:
    sys.exit("FAIL: no dashboards in " + sys.argv[1])
uids = set()
for f in files:
    d = json.load(open(f))
    for k in ("uid", "title", "panels", "templating"):
        if not d.get(k):
            sys.exit("FAIL: %s has no %s" % (f, k))
    if d["uid"] in uids:
        sys.exit("FAIL: duplicate uid " + d["uid"])
    uids.add(d["uid"])
    var = [v for v in d["templating"]["list"] if v.get("type") == "datasource" and v.get("query") == "prometheus"]
    if not var:
        sys.exit("FAIL: %s has no Prometheus data source variable" % f)
    ref = "${%s}" % var[0]["name"]
    for p in d["panels"]:
        if not p.get("title") or not p.get("targets"):
            sys.exit("FAIL: %s: panel %r has no title or no targets" % (f, p.get("title")))
        if p.get("datasource", {}).get("uid") != ref:
            sys.exit("FAIL: %s: panel %r does not use the data source variable %s" % (f, p["title"], ref))
        for t in p["targets"]:
            if not t.get("expr") or t.get("datasource", {}).get("uid") != ref:
                sys.exit("FAIL: %s: panel %r has a target without expr or data source variable" % (f, p["title"]))
    print("  %s: uid %s, %d panels" % (f.rsplit("/", 1)[1], d["uid"], len(d["panels"])))
EOF

note "a real veza-server with some traffic"
SP=$(free_port) PP=$(free_port)
"$CLI" migrate --database-url "sqlite://$T/veza.db" >"$T/migrate.log" 2>&1 || fail "migrate failed"
"$SERVER" --http-addr "127.0.0.1:$SP" --database-url "sqlite://$T/veza.db" --blob-dir "$T/blobs" \
  --migrate false >"$T/server.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$SP/readyz" 20 || fail "veza-server did not become ready"
(
  while :; do
    for p in /api/v1/health /readyz /healthz /api/v1/me /api/v1/products/nope /no-such-route; do
      curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$SP$p" || true
    done
    sleep 0.05
  done
) &
PIDS+=($!)

note "a real Prometheus on the project's configuration"
mkdir -p "$T/prom"
cp "$D/prometheus/prometheus.yml" "$T/prom/prometheus.yml"
cp -r "$D/prometheus/rules" "$T/prom/rules"
dead=$(free_port)
must_sed "$T/prom/prometheus.yml" 'scrape_interval: 15s' 'scrape_interval: 1s'
must_sed "$T/prom/prometheus.yml" 'evaluation_interval: 15s' 'evaluation_interval: 1s'
must_sed "$T/prom/prometheus.yml" '127\.0\.0\.1:8081' "127.0.0.1:$SP"
must_sed "$T/prom/prometheus.yml" '127\.0\.0\.1:8082' "127.0.0.1:$dead"
must_sed "$T/prom/prometheus.yml" '127\.0\.0\.1:8404' "127.0.0.1:$dead"
must_sed "$T/prom/prometheus.yml" '127\.0\.0\.1:9093' "127.0.0.1:$dead"
must_sed "$T/prom/prometheus.yml" '127\.0\.0\.1:9090' "127.0.0.1:$PP"
prometheus --config.file="$T/prom/prometheus.yml" --storage.tsdb.path="$T/prom/data" \
  --web.listen-address="127.0.0.1:$PP" >"$T/prometheus.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$PP/-/ready" 30 || fail "prometheus did not start"
# Enough scrapes for rate() windows and for the recording rules to have run a few times.
for i in $(seq 1 100); do
  n=$(curl -s "http://127.0.0.1:$PP/api/v1/query" --data-urlencode 'query=count_over_time(up{job="veza",colour="blue"}[1m])' |
    "$DEPLOY_PY" -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else 0)')
  [ "${n%.*}" -ge 8 ] && break
  sleep 0.25
done
[ "${n%.*}" -ge 8 ] || fail "Prometheus did not scrape veza-server (samples: $n)"

note "every panel expression through /api/v1/query"
"$DEPLOY_PY" - "$D/grafana/dashboards" "$D/prometheus/rules" "http://127.0.0.1:$PP" <<'EOF'
import glob, json, re, sys, urllib.parse, urllib.request
dash_dir, rules_dir, prom = sys.argv[1], sys.argv[2], sys.argv[3]
# Grafana's own variables, as Grafana would expand them for a short range.
GRAFANA = {"$__rate_interval": "20s", "$__interval": "1s", "$__range": "1m"}
def query(expr):
    url = prom + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    try:
        body = json.load(urllib.request.urlopen(url, timeout=10))
    except urllib.error.HTTPError as e:
        body = json.load(e)
    return body
failures = []
for f in sorted(glob.glob(dash_dir + "/*.json")):
    d = json.load(open(f))
    must_have_data = d["uid"] == "veza-api-overview"
    for p in d["panels"]:
        for t in p["targets"]:
            expr = t["expr"]
            for k, v in GRAFANA.items():
                expr = expr.replace(k, v)
            if "$" in expr:
                failures.append("%s / %s: unexpanded variable in %s" % (d["uid"], p["title"], expr))
                continue
            r = query(expr)
            if r.get("status") != "success":
                failures.append("%s / %s: rejected: %s (%s)" % (d["uid"], p["title"], r.get("error"), expr))
                continue
            n = len(r["data"]["result"])
            print("  %-4s %3d series  %s / %s [%s]" % ("ok" if n or not must_have_data else "NONE", n, d["uid"], p["title"], t["refId"]))
            if must_have_data and n == 0:
                failures.append("%s / %s: no data for %s" % (d["uid"], p["title"], expr))
for f in sorted(glob.glob(rules_dir + "/*.yml")):
    for name in re.findall(r"^\s*- record: (\S+)", open(f).read(), re.M):
        r = query(name)
        n = len(r.get("data", {}).get("result", []))
        print("  %-4s %3d series  recording rule %s" % ("ok" if n else "NONE", n, name))
        # No 5xx in this traffic: the per-route error ratio is 0/x, which is data too.
        if r.get("status") != "success" or n == 0:
            failures.append("recording rule %s: no data" % name)
if failures:
    print("\n".join("FAIL: " + x for x in failures))
    sys.exit(1)
EOF
note "PASS: dashboards structure and every panel query against real metrics"
