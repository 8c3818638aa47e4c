#!/usr/bin/env bash
# wrk over loopback against veza-server and a minimal Boost.Beast "hello" server, on this
# machine, one after the other (issue 4's benchmark; not a timed test, ctest never runs it).
#
#   run_server_bench.sh VEZA_SERVER BEAST_HELLO_SERVER VEZA_CLI
#
# Prints, per target, wrk's requests/s and p99 latency, then veza-server's peak RSS (VmHWM)
# and the health/reference ratio. Goal (issue 4): ratio >= 0.70 and health p99 < 5 ms at 32
# connections. Settings: BENCH_DURATION (10s), BENCH_THREADS (2), BENCH_CONNECTIONS (32).
# Figures mean something only from a Release build (cmake -DCMAKE_BUILD_TYPE=Release) on a quiet
# machine: wrk and both servers share the CPUs.
# Exit code: 0 when the runs completed (goals are reported, not enforced), non-zero on failure.
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 VEZA_SERVER BEAST_HELLO_SERVER VEZA_CLI" >&2
  exit 2
fi
server_bin=$1
hello_bin=$2
cli_bin=$3
duration=${BENCH_DURATION:-10s}
threads=${BENCH_THREADS:-2}
connections=${BENCH_CONNECTIONS:-32}
command -v wrk >/dev/null || { echo "wrk is not installed (bash cmake/install-deps.sh)" >&2; exit 1; }

work=$(mktemp -d /tmp/veza-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# port_of, request, bench, wait_ready
source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"

# --- the reference server
"$hello_bin" 127.0.0.1:0 2>"$work/hello.log" &
hello_pid=$!
pids+=("$hello_pid")
hello_port=$(port_of "$work/hello.log" "$hello_pid")

# --- veza-server on a fresh SQLite database (defaults otherwise), one user, one product
db="sqlite://$work/veza.db"
cli=("$cli_bin" --database-url "$db" --blob-dir "$work/blobs")
"${cli[@]}" migrate >/dev/null 2>&1
"${cli[@]}" users create --email bench@example.com --name Bench >/dev/null 2>&1
token=$("${cli[@]}" --json tokens create --user bench@example.com 2>/dev/null | grep -o '"token":"[^"]*"' | cut -d'"' -f4)
[[ -n "$token" ]] || { echo "could not create the benchmark user's token" >&2; exit 1; }
"$server_bin" --http-addr 127.0.0.1:0 --database-url "$db" --blob-dir "$work/blobs" 2>"$work/server.log" &
server_pid=$!
pids+=("$server_pid")
server_port=$(port_of "$work/server.log" "$server_pid")
wait_ready "$server_port"
created=$(request "$server_port" POST /api/v1/products "$token" \
  '{"title":"Bench","description":"","price_cents":990,"currency":"EUR","vat_rate_bp":2000}')
product_id=$(grep -o '"id":"[^"]*"' <<<"$created" | head -n 1 | cut -d'"' -f4)
[[ -n "$product_id" ]] || { echo "could not create the benchmark product: $created" >&2; exit 1; }
got=$(request "$server_port" GET "/api/v1/products/$product_id" | head -n 1)
[[ "$got" == *" 200 "* ]] || { echo "GET /api/v1/products/$product_id: $got" >&2; exit 1; }

# Other work on the machine skews both servers' figures (and the ratio less): show the load.
echo "wrk -t$threads -c$connections -d$duration --latency, loopback, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
read -r hello_rps hello_p99 < <(bench hello "http://127.0.0.1:$hello_port/")
read -r health_rps health_p99 < <(bench health "http://127.0.0.1:$server_port/api/v1/health")
read -r product_rps product_p99 < <(bench product "http://127.0.0.1:$server_port/api/v1/products/$product_id")
rss_kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$server_pid/status")
echo "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"

printf '%-34s %12s %10s\n' "target" "req/s" "p99 (ms)"
printf '%-34s %12.0f %10.3f\n' "beast hello (reference) GET /" "$hello_rps" "$hello_p99"
printf '%-34s %12.0f %10.3f\n' "veza-server GET /api/v1/health" "$health_rps" "$health_p99"
printf '%-34s %12.0f %10.3f\n' "veza-server GET /api/v1/products/{id}" "$product_rps" "$product_p99"
ratio=$(awk -v a="$health_rps" -v b="$hello_rps" 'BEGIN {printf "%.2f", a / b}')
printf 'veza-server peak RSS (VmHWM): %.1f MiB\n' "$(awk -v k="$rss_kb" 'BEGIN {print k / 1024}')"
echo "health/reference ratio: $ratio (goal >= 0.70)"
awk -v r="$ratio" -v p="$health_p99" 'BEGIN {
  print (r >= 0.70 ? "ratio goal: met" : "ratio goal: MISSED");
  print (p < 5 ? "health p99 goal (< 5 ms): met" : "health p99 goal (< 5 ms): MISSED") }'
