#!/usr/bin/env bash
# Fails when a C++ source differs from what clang-format (Debian's
# clang-format-14, with the repository's .clang-format) makes of it.
# Usage: tools/check_format.sh        (check; exit 1 listing the files)
#        tools/check_format.sh --fix  (rewrite them in place)
set -euo pipefail
cd "$(dirname "$0")/.."
FORMAT=$(command -v clang-format-14 || true)
if [ -z "$FORMAT" ]; then
  echo "check_format: clang-format-14 is missing (tools/install-deps.sh installs it)" >&2
  exit 2
fi
mapfile -t files < <(git ls-files '*.h' '*.cc')
if [ "${1:-}" = "--fix" ]; then
  "$FORMAT" -i "${files[@]}"
  exit 0
fi
bad=()
for f in "${files[@]}"; do
  if ! "$FORMAT" --dry-run --Werror "$f" >/dev/null 2>&1; then bad+=("$f"); fi
done
if [ ${#bad[@]} -gt 0 ]; then
  printf 'not formatted: %s\n' "${bad[@]}"
  echo "check_format: ${#bad[@]} file(s) differ from clang-format; run tools/check_format.sh --fix" >&2
  exit 1
fi
echo "check_format: ${#files[@]} files formatted"
