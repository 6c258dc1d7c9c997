#!/usr/bin/env bash
# Installs, from Debian's packages, what testdata/gen/reports.sh needs to run
# the report recipes, and only what is missing: node and npm, Debian's
# /usr/bin/python3 with python3-jwt (PyJWT), ruby with ruby-jwt (the jwt gem),
# php-cli, and a JDK (java's single-file launch needs the compiler).
set -euo pipefail
need=()
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
if [ -x /usr/bin/python3 ]; then
  /usr/bin/python3 -c 'import jwt' 2>/dev/null || need+=(python3-jwt)
else
  need+=(python3 python3-jwt)
fi
if command -v ruby >/dev/null; then
  ruby -e 'require "jwt"' 2>/dev/null || need+=(ruby-jwt)
else
  need+=(ruby ruby-jwt)
fi
command -v php >/dev/null || need+=(php-cli)
if ! command -v java >/dev/null || ! java --list-modules 2>/dev/null | grep -q '^jdk\.compiler'; then
  need+=(default-jdk-headless)
fi
if [ ${#need[@]} -eq 0 ]; then
  echo "reports-deps.sh: nothing to install"
  exit 0
fi
echo "reports-deps.sh: installing ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
