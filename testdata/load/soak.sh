#!/usr/bin/env bash
# Soaks zoomsig serve: wrk at the comparison's concurrency for DURATION,
# resident memory (VmRSS) sampled every 10 s, then SIGTERM. Prints the
# samples, wrk's totals, the exit status and whether every request left
# exactly one log line; exits 1 if not, or on a status other than 0.
#   testdata/load/soak.sh [DURATION]     (default: 300s)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
dur=${1:-300s}
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

(cd "$repo" && go build -o "$tmp/zoomsig" ./cmd/zoomsig)
ZOOM_SDK_KEY=BdrX5jD_Rsagb902E7I15A ZOOM_SDK_SECRET=Zq3vT8mWp1LxR6yN0cKs4HfJ9gBd2EaUo7Vi PORT= \
  "$tmp/zoomsig" serve --addr 127.0.0.1:0 2>"$tmp/serve.log" &
pid=$!
for _ in $(seq 100); do
  addr=$(grep -o '"addr":"[^"]*"' "$tmp/serve.log" | head -1 | cut -d'"' -f4 || true)
  [ -n "$addr" ] && break
  sleep 0.05
done
rss() { awk '/^VmRSS:/ {printf "%.1f MB\n", $2 / 1024}' "/proc/$pid/status"; }
echo "zoomsig serve on $addr, pid $pid; wrk -t2 -c32 -d$dur"
echo "t=0s rss $(rss)"
wrk -t2 -c32 -d"$dur" --latency -s "$here/sign.lua" "http://$addr/" >"$tmp/wrk.txt" &
wrk=$!
t=0
while kill -0 "$wrk" 2>/dev/null; do
  sleep 10
  t=$((t + 10))
  kill -0 "$wrk" 2>/dev/null && echo "t=${t}s rss $(rss)"
done
wait "$wrk"
echo "end rss $(rss)"
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=
grep -E 'requests in|Requests/sec|99%|non-200' "$tmp/wrk.txt"
requests=$(awk '/requests in/ {print $1}' "$tmp/wrk.txt")
lines=$(grep -c '"msg":"request"' "$tmp/serve.log" || true)
echo "exit status $status; $lines request log lines for $requests requests counted by wrk"
# wrk does not count the requests in flight when it stops: up to one per
# connection is answered, and logged, beyond its count.
if [ "$status" -ne 0 ] || [ "$lines" -lt "$requests" ] || [ "$lines" -gt $((requests + 32)) ]; then
  echo "FAIL: an exit status other than 0, or not one log line per request"
  exit 1
fi
