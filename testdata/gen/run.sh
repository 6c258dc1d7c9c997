#!/usr/bin/env bash
# Regenerates the golden vectors with the real interpreters.
#   testdata/gen/run.sh OUTDIR    (OUTDIR defaults to testdata)
# Needs java (17+), node, php and ruby on PATH.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/..}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

node "$here/cases.js" >"$tmp/cases.tsv"
{
  java "$here/Legacy.java" <"$tmp/cases.tsv"
  node "$here/legacy.js" <"$tmp/cases.tsv"
  php "$here/legacy.php" <"$tmp/cases.tsv"
  ruby "$here/legacy.rb" <"$tmp/cases.tsv"
} >"$tmp/vectors.tsv"
{
  printf '# Legacy Web SDK signatures made by testdata/gen/run.sh with the real interpreters.\n'
  printf '# id\tdialect\tkey\tsecret\tmeeting\trole\tunix_seconds\tnanoseconds\tsignature\n'
  sort -n "$tmp/vectors.tsv"
} >"$out/legacy_vectors.tsv"
if [ "$(grep -vc '^#' "$out/legacy_vectors.tsv")" != "$(wc -l <"$tmp/cases.tsv")" ]; then
  echo "run.sh: some cases produced no vector" >&2
  exit 1
fi
