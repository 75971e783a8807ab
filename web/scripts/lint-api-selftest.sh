#!/usr/bin/env bash
# Checks lint-api.mjs itself (the ctest test openapi_lint_selftest): it must
# pass a clean document and fail one whose only problem is a warning, on
# which Redocly alone exits 0. Guards the warning detection across Redocly
# upgrades.
set -uo pipefail
web=$(cd "$(dirname "$0")/.." && pwd)
fixtures=$web/test/openapi-lint

if ! node "$web/scripts/lint-api.mjs" "$fixtures/clean.yaml"; then
  echo "lint-api selftest: clean.yaml should pass" >&2
  exit 1
fi
node "$web/scripts/lint-api.mjs" "$fixtures/one-warning.yaml"
status=$?
if [ "$status" -ne 1 ]; then
  echo "lint-api selftest: one-warning.yaml should fail with status 1, got $status" >&2
  exit 1
fi
echo "lint-api selftest: a clean document passes, a warning fails"
