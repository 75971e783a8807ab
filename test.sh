#!/usr/bin/env bash
# Installs what is missing, builds ticketd and runs the whole test suite.
# Usage: ./test.sh            (build dir: build/, override with BUILD_DIR)
set -euo pipefail
cd "$(dirname "$0")"
./tools/install-deps.sh
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$BUILD_DIR" -j "$JOBS"
ctest --test-dir "$BUILD_DIR" -j "$JOBS" --output-on-failure
