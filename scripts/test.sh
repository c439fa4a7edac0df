#!/usr/bin/env bash
# The README's test command: set up everything, then run every suite (TypeScript, Python firmware, shell) and end
# with one line "N passed, N failed[, N skipped]" over all of them. Exit status is non-zero when anything failed.
set -uo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$VCPI_ROOT" || exit 1

if ! bash scripts/setup.sh; then
  echo "set-up failed (see the error above); no suite was run"
  echo "0 passed, 1 failed"
  exit 1
fi
exec node scripts/run-suites.mjs "$@"
