#!/usr/bin/env bash
# Rebuilds the inputs of the public-report corpus with the real interpreters.
#   testdata/gen/reports.sh OUTDIR
# For each testdata/reports/<slug>/recipe.<ext> it runs the recipe with the
# clock pinned (ZOOMSIG_NOW_MS) and writes what it prints to
# OUTDIR/<slug>/input.txt. A recipe that fails or prints nothing fails the run,
# naming its case. Needs node and npm, /usr/bin/python3 (Debian's, with
# python3-jwt), ruby (with ruby-jwt), php and java 17+: testdata/gen/reports-deps.sh
# installs them. Installs testdata/reports' pinned npm packages with `npm ci`
# when testdata/reports/node_modules is absent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
reports=$(cd "$here/../reports" && pwd)
if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
mkdir -p "$1"
out=$(cd "$1" && pwd)

# The one clock every recipe reads; nothing else in a recipe may read the time.
export ZOOMSIG_NOW_MS=1796032536000
export TZ=UTC LC_ALL=C.UTF-8

if [ ! -d "$reports/node_modules" ]; then
  (cd "$reports" && npm ci --no-audit --no-fund --silent)
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
count=0
for recipe in "$reports"/*/recipe.*; do
  [ -e "$recipe" ] || continue
  dir=$(dirname "$recipe")
  slug=$(basename "$dir")
  case $recipe in
    *.js) run=(node "$recipe") ;;
    *.py) run=(/usr/bin/python3 "$recipe") ;;
    *.rb) run=(ruby "$recipe") ;;
    *.php) run=(php "$recipe") ;;
    *.java) run=(java "$recipe") ;;
    *)
      echo "reports.sh: case $slug: no interpreter for $(basename "$recipe")" >&2
      exit 1
      ;;
  esac
  if ! (cd "$dir" && "${run[@]}") >"$tmp/stdout" 2>"$tmp/stderr" </dev/null; then
    echo "reports.sh: case $slug: $(basename "$recipe") failed:" >&2
    cat "$tmp/stderr" >&2
    exit 1
  fi
  if [ ! -s "$tmp/stdout" ]; then
    echo "reports.sh: case $slug: $(basename "$recipe") printed nothing" >&2
    cat "$tmp/stderr" >&2
    exit 1
  fi
  mkdir -p "$out/$slug"
  cp "$tmp/stdout" "$out/$slug/input.txt"
  count=$((count + 1))
done
if [ "$count" -eq 0 ]; then
  echo "reports.sh: no recipes under $reports" >&2
  exit 1
fi
echo "reports.sh: $count cases written under $out" >&2
