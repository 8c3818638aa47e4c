#!/usr/bin/env bash
# Review reads at 1,000 and 1,000,000 reviews (issue 6's benchmark; not a timed test, ctest
# never runs it).
#
#   run_review_bench.sh VEZA_SERVER BEAST_HELLO_SERVER VEZA_REVIEW_BENCH
#
# For each size: seeds a fresh database with one product holding that many verified reviews
# (veza_review_bench seed), times ReviewService::summary and the first page of list() in each
# sort in-process (veza_review_bench time), then runs veza-server on it and wrk against
# GET …/reviews/summary and GET …/reviews?sort=newest|highest|lowest. The Beast hello reference
# is measured first by the same wrk settings.
# Goals (issue 6): every figure at the largest size within 1.5x of the smallest (flat cost), and
# the first page at the largest size >= 15% of the reference's req/s.
# Settings: BENCH_SIZES ("1000 1000000"), BENCH_DATABASE (sqlite | postgresql: a throwaway
# server from tests/integration/sql/postgres_fixture.sh, as root), BENCH_INPROC_SECONDS (3),
# BENCH_ROUNDS (2: every figure is the best of that many rounds, sizes interleaved),
# BENCH_DURATION (10s), BENCH_THREADS (2), BENCH_CONNECTIONS (32).
# Figures mean something only from a Release build on a quiet machine.
# Exit code: 0 when the runs completed (goals are reported, not enforced), non-zero on failure.
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 VEZA_SERVER BEAST_HELLO_SERVER VEZA_REVIEW_BENCH" >&2
  exit 2
fi
server_bin=$1
hello_bin=$2
review_bench_bin=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
sizes=(${BENCH_SIZES:-1000 1000000})
database=${BENCH_DATABASE:-sqlite}
inproc_seconds=${BENCH_INPROC_SECONDS:-3}
rounds=${BENCH_ROUNDS:-2}
duration=${BENCH_DURATION:-10s}
threads=${BENCH_THREADS:-2}
connections=${BENCH_CONNECTIONS:-32}
command -v wrk >/dev/null || { echo "wrk is not installed (bash cmake/install-deps.sh)" >&2; exit 1; }
[[ "$database" == sqlite || "$database" == postgresql ]] || { echo "BENCH_DATABASE is sqlite or postgresql" >&2; exit 2; }

work=$(mktemp -d /tmp/veza-review-bench.XXXXXX)
pids=()
pg_state="$work/postgres"
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [[ -d "$pg_state" ]] && bash "$here/../integration/sql/postgres_fixture.sh" stop "$pg_state" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

# port_of, request, bench, wait_ready
source "$here/bench_lib.sh"

if [[ "$database" == postgresql ]]; then
  bash "$here/../integration/sql/postgres_fixture.sh" start "$pg_state" >&2
  pg_admin=$(cat "$pg_state/url")
fi

# A fresh, empty database for SIZE; prints its URL.
new_database() {
  local size=$1
  if [[ "$database" == sqlite ]]; then
    echo "sqlite://$work/reviews-$size.db"
  else
    psql -q -v ON_ERROR_STOP=1 "$pg_admin" -c "CREATE DATABASE veza_review_bench_$size" >&2
    echo "${pg_admin%/*}/veza_review_bench_$size"
  fi
}

# Other work on the machine skews the figures: show the load (as run_server_bench.sh does).
echo "wrk -t$threads -c$connections -d$duration --latency, loopback, $(nproc) CPUs, $database;" \
     "in-process ${inproc_seconds}s per read; best of $rounds rounds; load average $(cut -d' ' -f1-3 /proc/loadavg)"
reads=(summary list_newest list_highest list_lowest)
declare -A product url inproc_mean inproc_p50 inproc_p99 http_rps http_p99 port
for size in "${sizes[@]}"; do
  url[$size]=$(new_database "$size")
  product[$size]=$("$review_bench_bin" seed "${url[$size]}" "$size")
  "$server_bin" --http-addr 127.0.0.1:0 --database-url "${url[$size]}" --blob-dir "$work/blobs" \
    2>"$work/server-$size.log" &
  server_pid=$!
  pids+=("$server_pid")
  port[$size]=$(port_of "$work/server-$size.log" "$server_pid")
  wait_ready "${port[$size]}"
  got=$(request "${port[$size]}" GET "/api/v1/products/${product[$size]}/reviews/summary")
  [[ "$got" == *"\"count\":$size"* ]] || { echo "the summary does not count $size reviews: $got" >&2; exit 1; }
done

# keep_min ARRAY KEY VALUE / keep_max: the best figure over the rounds.
keep_min() {
  local -n best=$1
  if [[ -z "${best[$2]:-}" ]] || awk -v x="$3" -v y="${best[$2]}" 'BEGIN {exit !(x < y)}'; then best[$2]=$3; fi
}
keep_max() {
  local -n best=$1
  if [[ -z "${best[$2]:-}" ]] || awk -v x="$3" -v y="${best[$2]}" 'BEGIN {exit !(x > y)}'; then best[$2]=$3; fi
}

# Every size is measured back to back, round after round, and the best round is kept: on a
# shared machine a neighbour's load then hits the sizes alike instead of one of them.
for round in $(seq 1 "$rounds"); do
  for size in "${sizes[@]}"; do
    while read -r name _ mean p50 p99; do
      keep_min inproc_mean "$size,$name" "$mean"
      keep_min inproc_p50 "$size,$name" "$p50"
      keep_min inproc_p99 "$size,$name" "$p99"
    done < <("$review_bench_bin" time "${url[$size]}" "${product[$size]}" "$inproc_seconds")
  done
done

"$hello_bin" 127.0.0.1:0 2>"$work/hello.log" &
hello_pid=$!
pids+=("$hello_pid")
hello_port=$(port_of "$work/hello.log" "$hello_pid")
declare -A hello
for round in $(seq 1 "$rounds"); do
  read -r rps p99 < <(bench hello "http://127.0.0.1:$hello_port/")
  keep_max hello rps "$rps"
  keep_min hello p99 "$p99"
done
kill "$hello_pid"
hello_rps=${hello[rps]}
hello_p99=${hello[p99]}

for round in $(seq 1 "$rounds"); do
  for name in "${reads[@]}"; do
    for size in "${sizes[@]}"; do
      base="http://127.0.0.1:${port[$size]}/api/v1/products/${product[$size]}/reviews"
      case $name in
        summary) target="$base/summary" ;;
        list_*) target="$base?sort=${name#list_}" ;;
      esac
      read -r rps p99 < <(bench "$name-$size" "$target")
      keep_max http_rps "$size,$name" "$rps"
      keep_min http_p99 "$size,$name" "$p99"
    done
  done
done

echo "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
small=${sizes[0]}
large=${sizes[${#sizes[@]} - 1]}
printf '\n%-34s %12s %10s\n' "target" "req/s" "p99 (ms)"
printf '%-34s %12.0f %10.3f\n' "beast hello (reference) GET /" "$hello_rps" "$hello_p99"
printf '\n%-14s %9s %10s %10s %10s %11s %11s\n' "read" "reviews" "mean ms" "p50 ms" "p99 ms" "HTTP req/s" "HTTP p99 ms"
for name in "${reads[@]}"; do
  for size in "${sizes[@]}"; do
    printf '%-14s %9s %10.4f %10.4f %10.4f %11.0f %11.3f\n' "$name" "$size" "${inproc_mean[$size,$name]}" \
      "${inproc_p50[$size,$name]}" "${inproc_p99[$size,$name]}" "${http_rps[$size,$name]}" "${http_p99[$size,$name]}"
  done
done

echo
missed=0
for name in "${reads[@]}"; do
  # Cost ratios large/small: time per op up, throughput down; 1.5 is the goal for each. The
  # in-process median, not the mean: on a shared machine a few descheduled calls move the mean.
  verdict=$(awk -v name="$name" -v a="${inproc_p50[$small,$name]}" -v b="${inproc_p50[$large,$name]}" \
                -v r1="${http_rps[$small,$name]}" -v r2="${http_rps[$large,$name]}" \
                -v p1="${http_p99[$small,$name]}" -v p2="${http_p99[$large,$name]}" 'BEGIN {
    t = b / a; q = r1 / r2; p = p2 / p1;
    ok = (t <= 1.5 && q <= 1.5 && p <= 1.5);
    printf "%s %s: in-process p50 x%.2f, HTTP req/s /%.2f, HTTP p99 x%.2f (goal <= 1.5): %s",
           ok ? "ok" : "MISSED", name, t, q, p, ok ? "met" : "MISSED" }')
  [[ "$verdict" == MISSED* ]] && missed=1
  echo "$large vs $small reviews, ${verdict#* }"
done
for sort in newest highest lowest; do
  awk -v r="${http_rps[$large,list_$sort]}" -v h="$hello_rps" -v s="$sort" -v n="$large" 'BEGIN {
    printf "first page (%s) at %s reviews / reference req/s: %.2f (goal >= 0.15): %s\n", s, n, r / h,
           (r / h >= 0.15 ? "met" : "MISSED") }'
done
[[ $missed == 0 ]] && echo "flat-cost goal: met" || echo "flat-cost goal: MISSED"
