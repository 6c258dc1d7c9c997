#!/usr/bin/env bash
# Measures zoomsig serve against a bare net/http handler (testdata/load/floor)
# answering the same request with a fixed body of the same size: the same
# wrk script, concurrency and machine, interleaved rounds. Prints each run,
# then the ratio of requests/s (zoomsig / floor, summed over rounds) and of
# the p99 latencies (worst round each). A ratio from one run, not a timed test.
#   testdata/load/compare.sh [DURATION] [ROUNDS]     (defaults: 8s, 2)
# MIN_RATIO=0.75 makes it exit 1 below that ratio; CONNS and THREADS set
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
awk -v min="${MIN_RATIO:-0}" '
  { rps[$1] += $2; if ($3 > p99[$1]) p99[$1] = $3; if ($4 != 0) bad = 1 }
  END {
    ratio = rps["zoomsig"] / rps["floor"]; pr = p99["zoomsig"] / p99["floor"]
    printf "zoomsig / floor: %.2fx the requests/s, p99 %.2fx the floor'"'"'s\n", ratio, pr
    if (bad) { print "a non-200 answer: the measurement is void"; exit 1 }
    if (min > 0 && ratio < min) { printf "under the gate of %.2fx\n", min; exit 1 }
  }' "$tmp/results"
