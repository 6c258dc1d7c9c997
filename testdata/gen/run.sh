#!/usr/bin/env bash
# Regenerates the golden vectors with the real interpreters.
#   testdata/gen/run.sh OUTDIR    (OUTDIR defaults to testdata)
# Needs java (17+), node and npm, php and ruby on PATH; installs the pinned
# jsrsasign from package-lock.json into testdata/gen/node_modules.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/..}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

node "$here/cases.js" legacy >"$tmp/cases.tsv"
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

# Meeting SDK and Video SDK JWTs, signed with jsrsasign as Zoom's samples do.
if [ ! -d "$here/node_modules/jsrsasign" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --silent)
fi
for kind in meeting video video_2026; do
  node "$here/cases.js" "${kind/_/}" >"$tmp/$kind.tsv"
  title=$kind
  case $kind in
    meeting) columns='id\tkey\tsecret\tmeeting\trole\tnow_ms\tbackdate_s\texpiry_s\tvideo_webrtc_mode\ttoken' ;;
    video) columns='id\tkey\tsecret\trole\tsession\tnow_ms\tbackdate_s\texpiry_s\tuser_identity\tsession_key\tgeo_regions\tcloud_recording_option\tcloud_recording_election\tvideo_webrtc_mode\taudio_webrtc_mode\ttelemetry_tracking_id\taudio_compatible_mode\ttoken' ;;
    video_2026) title="video (Zoom's 2026 spec)" columns='id\tkey\tsecret\trole\tsession\tnow_ms\tbackdate_s\texpiry_s\tuser_key\tsession_key\tgeo_regions\tcloud_recording_option\tcloud_recording_election\tvideo_webrtc_mode\taudio_webrtc_mode\ttelemetry_tracking_id\tcloud_recording_transcript_option\ttoken' ;;
  esac
  {
    printf '# %s SDK JWTs made by testdata/gen/run.sh with jsrsasign. An empty column means not set.\n' "$title"
    printf "# $columns\n"
    node "$here/jwt.js" "${kind/_/}" <"$tmp/$kind.tsv"
  } >"$out/${kind}_jwt_vectors.tsv"
  if [ "$(grep -vc '^#' "$out/${kind}_jwt_vectors.tsv")" != "$(wc -l <"$tmp/$kind.tsv")" ]; then
    echo "run.sh: some $kind cases produced no token" >&2
    exit 1
  fi
done

# The broken recipes users write, each run for real, for the diagnosis tests.
{
  printf '# Broken signatures made by testdata/gen/broken.js, one recipe per mistake.\n'
  printf '# id\trecipe\tkey\tsecret\tmeeting\trole\tnow_ms\toutput\n'
  node "$here/broken.js" <"$tmp/cases.tsv"
} >"$out/broken_vectors.tsv"

# JavaScript's toLowerCase of some topics, for the Video SDK topic check.
node "$here/lower.js" >"$out/js_lower.tsv"
