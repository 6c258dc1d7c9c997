#!/usr/bin/env bash
# Measures zoomsig serve against a bare net/http handler (testdata/load/floor)
# answering the same request with a fixed body of the same size: the same
# wrk script, concurrency and machine, interleaved rounds. Prints each run,
# then the ratio of requests/s (zoomsig / floor) of each round and their
# median, and of the p99 latencies (worst round each). Ratios from one run,
# not a timed test.
#   testdata/load/compare.sh [DURATION] [ROUNDS]     (defaults: 8s, 2)
# MIN_RATIO=0.6 makes it exit 1 when the median is below that ratio; CONNS and THREADS set
# wrk's -c and -t (defaults 32, 2).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
dur=${1:-8s}
rounds=${2:-2}
conns=${CONNS:-32}
threads=${THREADS:-2}
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT

(cd "$repo" && go build -o "$tmp/zoomsig" ./cmd/zoomsig && go build -o "$tmp/floor" ./testdata/load/floor)

ZOOM_SDK_KEY=BdrX5jD_Rsagb902E7I15A ZOOM_SDK_SECRET=Zq3vT8mWp1LxR6yN0cKs4HfJ9gBd2EaUo7Vi PORT= \
  "$tmp/zoomsig" serve --addr 127.0.0.1:0 ${SERVE_FLAGS:-} 2>"$tmp/serve.log" &
pids+=($!)
for _ in $(seq 100); do
  zaddr=$(grep -o '"addr":"[^"]*"' "$tmp/serve.log" | head -1 | cut -d'"' -f4 || true)
  [ -n "$zaddr" ] && break
  sleep 0.05
done
size=$(curl -s -o /dev/null -w '%{size_download}' -H 'Content-Type: application/json' \
  -d '{"meetingNumber":"85823272833","role":0}' "http://$zaddr/")
"$tmp/floor" -size "$size" >"$tmp/floor.addr" &
pids+=($!)
for _ in $(seq 100); do [ -s "$tmp/floor.addr" ] && break; sleep 0.05; done
faddr=$(cat "$tmp/floor.addr")
echo "zoomsig serve on $zaddr, floor on $faddr, answers of $size bytes; wrk -t$threads -c$conns -d$dur, $rounds rounds"

run() { # name addr
  wrk -t"$threads" -c"$conns" -d"$dur" --latency -s "$here/sign.lua" "http://$2/" >"$tmp/wrk.txt"
  local rps p99 bad
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk.txt")
  p99=$(awk '$1 == "99%" {v = $2; if (v ~ /us$/) {sub(/us/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms/, "", v)} else if (v ~ /s$/) {sub(/s/, "", v); v *= 1000}; print v}' "$tmp/wrk.txt")
  bad=$(awk '/^non-200 answers:/ {print $3}' "$tmp/wrk.txt")
  printf '%-8s %10.0f req/s   p99 %7.2f ms   non-200 %s\n' "$1" "$rps" "$p99" "$bad"
  echo "$1 $rps $p99 $bad" >>"$tmp/results"
}
for r in $(seq "$rounds"); do
  run zoomsig "$zaddr"
  run floor "$faddr"
done
# Each round pairs zoomsig's run with the floor's run right after it; the
# ratio of requests/s is taken per round and the gate is on their median,
# so one slow run on a busy machine moves one ratio, not the verdict.
awk -v min="${MIN_RATIO:-0}" '
  function median(v, k,   i, j, t) {
    for (i = 2; i <= k; i++) for (j = i; j > 1 && v[j-1] > v[j]; j--) { t = v[j]; v[j] = v[j-1]; v[j-1] = t }
    return k % 2 ? v[(k+1)/2] : (v[k/2] + v[k/2+1]) / 2
  }
  $1 == "zoomsig" { z = $2; if ($3 > p99z) p99z = $3 }
  $1 == "floor" { n++; ratio[n] = z / $2; list = list sprintf(" %.2f", ratio[n]); if ($3 > p99f) p99f = $3 }
  $4 != 0 { bad = 1 }
  END {
    med = median(ratio, n)
    printf "zoomsig / floor, requests/s per round:%s; median %.2fx; p99 %.2fx the floor'"'"'s (worst rounds)\n", list, med, p99z / p99f
    if (bad) { print "a non-200 answer: the measurement is void"; exit 1 }
    if (min > 0 && med < min) { printf "under the gate of %.2fx\n", min; exit 1 }
  }' "$tmp/results"
