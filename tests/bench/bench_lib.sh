# Shell helpers shared by the wrk benchmarks (run_server_bench.sh, run_review_bench.sh); sourced,
# never run. bench() writes wrk's output under $work and reads $duration, $threads and $connections,
# which the sourcing script sets.

# Waits for `listening on HOST:PORT` in a log file and prints PORT.
port_of() {
  local log=$1 pid=$2
  for _ in $(seq 1 500); do
    if line=$(grep -o 'listening on [0-9.]*:[0-9]*' "$log" | head -n 1) && [[ -n "$line" ]]; then
      echo "${line##*:}"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { echo "process $pid exited:" >&2; cat "$log" >&2; return 1; }
    sleep 0.02
  done
  echo "no 'listening on' line in $log" >&2
  return 1
}

# METHOD PATH on 127.0.0.1:PORT over bash's /dev/tcp (no curl needed), with an optional bearer
# token and JSON body; prints the whole response.
request() {
  local port=$1 method=$2 path=$3 token=${4:-} body=${5:-} head
  head="$method $path HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
  [[ -n "$token" ]] && head+="Authorization: Bearer $token\r\n"
  [[ -n "$body" ]] && head+="Content-Type: application/json\r\nContent-Length: ${#body}\r\n"
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf "$head\r\n%s" "$body" >&3
  cat <&3
  exec 3<&-
}

# Runs wrk; prints "REQ_PER_S P99_MS" (wrk's --latency distribution, converted to ms).
bench() {
  local name=$1 url=$2 out="$work/wrk-$1.txt"
  wrk -t"$threads" -c"$connections" -d"$duration" --latency "$url" >"$out"
  local rps p99 non2xx
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p99=$(awk '$1 == "99%" {v=$2; u=v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
          if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000;
          printf "%.3f", v}' "$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
  if [[ -z "$rps" || -z "$p99" ]]; then
    echo "could not read wrk's output for $name:" >&2
    cat "$out" >&2
    return 1
  fi
  if [[ -n "$non2xx" ]]; then
    echo "$name: $non2xx responses were not 2xx:" >&2
    cat "$out" >&2
    return 1
  fi
  echo "$rps $p99"
}

# Waits (up to ~5 s) until GET /readyz on 127.0.0.1:PORT answers 200.
wait_ready() {
  local port=$1
  for _ in $(seq 1 250); do
    [[ "$(request "$port" GET /readyz 2>/dev/null | head -n 1)" == *" 200 "* ]] && return 0
    sleep 0.02
  done
  echo "veza-server on port $port never became ready" >&2
  return 1
}
