#!/usr/bin/env bash
# Installs the Debian 12 packages ticketd needs to build, test and run.
# Idempotent and non-interactive; returns quickly when everything is present.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libboost1.81-all-dev
  librocksdb-dev
  libsimdjson-dev
  libssl-dev
  libsodium-dev
  libmagic-dev
  libjemalloc-dev
  libhowardhinnant-date-dev
  libbenchmark-dev
  libcurl4-openssl-dev libgmime-3.0-dev libxml2-dev python3-aiosmtpd python3-jsonschema
  tzdata curl python3
  wrk nginx-light
  clang-format-14
  chromium
)
# The web console's client and the OpenAPI lint (web/) need Node and npm.
# Only when npm is missing: NodeSource's nodejs brings its own npm and
# conflicts with Debian's separate npm package.
if ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
