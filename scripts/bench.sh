#!/usr/bin/env bash
# Runs every benchmark in bench/ (figures printed, never asserted): bench/*.bench.ts with tsx from sources, and
# bench/*.sh. `scripts/bench.sh NAME…` runs only benchmarks whose file name contains one of the NAMEs.
set -uo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$VCPI_ROOT" || exit 1
bash scripts/setup.sh >/dev/null || die "set-up failed; run scripts/setup.sh to see why"
status=0
for f in bench/*.bench.ts bench/*.sh; do
  [ -e "$f" ] || continue
  if [ "$#" -gt 0 ]; then
    keep=0
    for want in "$@"; do case "$f" in *"$want"*) keep=1 ;; esac; done
    [ "$keep" = 1 ] || continue
  fi
  echo "=== $f"
  case "$f" in
    *.ts) node --conditions=source --import tsx "$f" || status=1 ;;
    *.sh) bash "$f" || status=1 ;;
  esac
  echo
done
exit $status
