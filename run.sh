#!/usr/bin/env bash
# Installs what is missing, builds ticketd and starts it on an embedded
# RocksDB directory.
# Usage: ./run.sh [--data DIR]   (default ./data; BUILD_DIR overrides build/)
set -euo pipefail
cd "$(dirname "$0")"
./tools/install-deps.sh
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)" --target ticketctl
DATA=./data
if [ "${1:-}" = "--data" ] && [ -n "${2:-}" ]; then DATA=$2; fi
mkdir -p "$DATA"
# The HTTP server (ticketd) arrives with the API issue; until then this opens
# the event store, reports its head and verifies its hash chain.
exec "$BUILD_DIR/tools/ticketctl" --data "$DATA" status
