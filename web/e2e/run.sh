#!/usr/bin/env bash
# The console's browser tests: compiles web/e2e (tsconfig.e2e.json) into
# OUT_DIR and runs every *.test.js with Node's test runner, one file at a
# time (each starts its own ticketd and Chromium; two cores are enough).
#
# Usage: e2e/run.sh [--compile-only | --no-compile] [OUT_DIR] [FILTER]
#   FILTER: a substring of test file names, or one whole name ("agent.test.js").
#   --compile-only: only compile into OUT_DIR; --no-compile: run what an
#   earlier --compile-only left there. CTest compiles once (web_browser_compile)
#   and then runs one test per file (web_browser/<name>, e2e/CMakeLists.txt).
# Needs:  TICKETD_BIN      the ticketd to test (built with --console)
#         TICKETD_CONSOLE  the console's build (build/web/dist: index.html, assets/)
# Optional: TICKETD_ARTIFACTS  where screenshots and axe reports go (default: a
#             new temporary directory, printed), CHROMIUM_BIN (default
#             /usr/bin/chromium), E2E_CONCURRENCY (files at once, default 1).
set -euo pipefail
compile=yes
run=yes
case "${1:-}" in
  --compile-only) run=no; shift ;;
  --no-compile) compile=no; shift ;;
esac
e2e=$(cd "$(dirname "$0")" && pwd)
web=$(cd "$e2e/.." && pwd)
out=${1:-}
filter=${2:-}
: "${TICKETD_BIN:?set TICKETD_BIN to the ticketd binary (e.g. build/api/ticketd)}"
: "${TICKETD_CONSOLE:?set TICKETD_CONSOLE to the console build (e.g. build/web/dist)}"
if [ ! -x "$TICKETD_BIN" ]; then
  echo "browser test: TICKETD_BIN=$TICKETD_BIN is not an executable" >&2
  exit 1
fi
if [ ! -f "$TICKETD_CONSOLE/index.html" ]; then
  echo "browser test: no index.html in TICKETD_CONSOLE=$TICKETD_CONSOLE (build the web_console target)" >&2
  exit 1
fi
chromium=${CHROMIUM_BIN:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "browser test: no Chromium at $chromium (apt-get install chromium, or set CHROMIUM_BIN)" >&2
  exit 1
fi
if [ -z "$out" ]; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
export TICKETD_BIN=$(cd "$(dirname "$TICKETD_BIN")" && pwd)/$(basename "$TICKETD_BIN")
export TICKETD_CONSOLE=$(cd "$TICKETD_CONSOLE" && pwd)
export CHROMIUM_BIN=$chromium
if [ -z "${TICKETD_ARTIFACTS:-}" ]; then
  TICKETD_ARTIFACTS=$(mktemp -d -t ticketd-browser-artifacts.XXXXXX)
fi
mkdir -p "$TICKETD_ARTIFACTS"
export TICKETD_ARTIFACTS=$(cd "$TICKETD_ARTIFACTS" && pwd)

if [ $compile = yes ]; then
  # Only what tsc writes, so a deleted test does not linger and run.
  rm -rf "$out/e2e"
  "$web/node_modules/.bin/tsc" -p "$e2e/tsconfig.e2e.json" --outDir "$out/e2e"
  # ES modules importing playwright-core: Node finds them through the nearest
  # package.json and node_modules.
  printf '{ "type": "module", "private": true }\n' > "$out/package.json"
  ln -sfn "$web/node_modules" "$out/node_modules"
fi
[ $run = yes ] || exit 0

case "$filter" in
  *.test.js) pattern=$filter ;;  # one whole file name
  *) pattern="*${filter}*.test.js" ;;
esac
mapfile -t tests < <(find "$out/e2e" -maxdepth 1 -name "$pattern" 2>/dev/null | sort)
if [ ${#tests[@]} -eq 0 ]; then
  echo "browser test: no $pattern compiled into $out/e2e" >&2
  exit 1
fi
echo "browser test: screenshots and axe reports in $TICKETD_ARTIFACTS"
start=$(date +%s)
status=0
node --enable-source-maps --test --test-reporter=spec \
     --test-concurrency="${E2E_CONCURRENCY:-1}" "${tests[@]}" || status=$?
echo "browser test: $(( $(date +%s) - start )) s; screenshots and axe reports in $TICKETD_ARTIFACTS"
exit $status
