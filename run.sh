#!/usr/bin/env bash
# Installs what is missing, builds ticketd and its web console and starts it
# on an embedded RocksDB directory, printing where it listens (the console's
# URL) and an admin token.
# Usage: ./run.sh [--data DIR] [--listen HOST:PORT] [other ticketd flags]
#   defaults: --data ./data --listen 127.0.0.1:8080; BUILD_DIR overrides build/.
#   TICKETD_ADMIN_TOKEN, when set, is the admin token; otherwise a fresh one
#   is made for this run (it is never written to disk).
set -euo pipefail
cd "$(dirname "$0")"
./tools/install-deps.sh
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)" --target ticketd ticketctl web_console

DATA=./data
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --data) DATA=$2; shift 2 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
mkdir -p "$DATA"
if [ -z "${TICKETD_ADMIN_TOKEN:-}" ]; then
  TICKETD_ADMIN_TOKEN="adm_$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
fi
export TICKETD_ADMIN_TOKEN
echo "ticketd: data in $DATA"
echo "ticketd: admin token: $TICKETD_ADMIN_TOKEN"
echo "ticketd: open the URL below in a browser (sign in with the token under \"Use an API token\"),"
echo "ticketd: or try  curl -H \"Authorization: Bearer <token>\" <url>/admin/v1/tickets  (README: first steps)"
exec "$BUILD_DIR/api/ticketd" --data "$DATA" --console "$BUILD_DIR/web/dist" "${ARGS[@]}"
