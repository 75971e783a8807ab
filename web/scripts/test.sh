#!/usr/bin/env bash
# Compiles the console's unit tests (tsconfig.test.json) into OUT_DIR and runs
# them with Node's test runner. The ctest test web_client_test runs it with a
# directory in the build tree; `npm test` with a temporary one.
# Usage: scripts/test.sh [OUT_DIR]
# Needs src/api/schema.gen.d.ts (npm run gen:api, or the build's web_client).
set -euo pipefail
web=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-}
if [ -z "$out" ]; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
if [ ! -f "$web/src/api/schema.gen.d.ts" ]; then
  echo "web test: $web/src/api/schema.gen.d.ts is missing: build the web_client target (or npm run gen:api)" >&2
  exit 1
fi

# Only what tsc writes, so a deleted test does not linger and run.
rm -rf "$out/src" "$out/test"
"$web/node_modules/.bin/tsc" -p "$web/tsconfig.test.json" --outDir "$out"
# The compiled files are ES modules that import openapi-fetch: Node finds
# both through the nearest package.json and node_modules.
printf '{ "type": "module", "private": true }\n' > "$out/package.json"
ln -sfn "$web/node_modules" "$out/node_modules"

mapfile -t tests < <(find "$out/test" -name '*.test.js' | sort)
if [ ${#tests[@]} -eq 0 ]; then
  echo "web test: no *.test.js compiled into $out/test" >&2
  exit 1
fi
node --enable-source-maps --test "${tests[@]}"
