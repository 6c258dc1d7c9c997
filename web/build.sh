#!/bin/sh
# Builds the inspector page as a static site in web/dist/ (git-ignored):
# the page's own HTML, CSS and JavaScript, with the diagnosis compiled to
# WebAssembly from the same Go code `zoomsig inspect --web` runs (./wasm),
# and the wasm_exec.js of the Go toolchain that compiled it. Served from
# any static host, the page fetches its own files and then sends nothing.
#
# A static host sets no headers, so the page carries its policies as
# <meta>: the Content-Security-Policy (with 'wasm-unsafe-eval' for the
# WebAssembly) and the referrer policy. frame-ancestors and Cache-Control
# have no <meta> form: only a server sends them (README "In the browser").
#
#   web/build.sh            prints the .wasm's size
set -eu
cd "$(dirname "$0")"
out=dist
rm -rf "$out"
mkdir -p "$out"
GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o "$out/zoomsig.wasm" ./wasm
root=$(go env GOROOT)
for f in "$root/lib/wasm/wasm_exec.js" "$root/misc/wasm/wasm_exec.js"; do # Go 1.24+, then older
  if [ -f "$f" ]; then
    cp "$f" "$out/wasm_exec.js"
    break
  fi
done
[ -f "$out/wasm_exec.js" ] || { echo "build.sh: no wasm_exec.js under $root/lib/wasm or $root/misc/wasm" >&2; exit 1; }
cp style.css app.js timeline.js favicon.svg "$out/"
policy="default-src 'self' 'wasm-unsafe-eval'"
grep -q '<!-- static build: policies and WebAssembly engine -->' index.html || { echo "build.sh: index.html lacks its static-build marker" >&2; exit 1; }
sed "s|<!-- static build: policies and WebAssembly engine -->|<meta http-equiv=\"Content-Security-Policy\" content=\"$policy\">\n<script src=\"wasm_exec.js\" defer></script>|" index.html >"$out/index.html"
echo "web/dist: zoomsig.wasm $(wc -c <"$out/zoomsig.wasm") bytes ($(go env GOVERSION))"
