#!/usr/bin/env bash
# One idempotent set-up for everything: Debian packages, npm packages, TypeScript build, native builds.
# Used by both README commands (scripts/run.sh and scripts/test.sh). Quick when already set up: every step checks
# first and only does work when something is missing or changed.
set -euo pipefail
VCPI_LOG_TAG=setup
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$VCPI_ROOT"

# What for: VCPI_SETUP_FOR=run (scripts/run.sh, the Pi's first boot) leaves out the packages only the tests use (their
# comment starts with "[test]": bats, shellcheck, LinkHut, …); anything else (scripts/test.sh, a bare call) sets up all.
SETUP_FOR=${VCPI_SETUP_FOR:-all}
case "$SETUP_FOR" in run | all) ;; *) die "VCPI_SETUP_FOR must be run or all, got '$SETUP_FOR'" ;; esac

# --- Debian packages ---------------------------------------------------------------------------------------------
# Every scripts/apt-packages*.txt lists packages (one per line, '#' comments). Only missing ones are installed.
wanted_packages() {
  local lists
  if [ "$SETUP_FOR" = run ]; then lists=$(grep -hv '#[[:space:]]*\[test\]' scripts/apt-packages*.txt); else lists=$(cat scripts/apt-packages*.txt); fi
  printf '%s\n' "$lists" | sed -e 's/#.*//' -e 's/[[:space:]]//g' | grep -v '^$' | sort -u
}
# --list-packages: print what would be installed for this VCPI_SETUP_FOR (one per line) and stop.
if [ "${1:-}" = --list-packages ]; then
  wanted_packages
  exit 0
fi
missing=()
while read -r pkg; do
  case "$pkg" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$pkg")
done < <(wanted_packages)
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Refresh the lists when they are missing or older than a day; retry once on a transient mirror error.
  stamp=/var/lib/apt/periodic/update-success-stamp
  lists_age=$(( $(date +%s) - $(stat -c %Y /var/lib/apt/lists 2>/dev/null || echo 0) ))
  if [ ! -e "$stamp" ] || [ "$lists_age" -gt 86400 ] || ! apt-cache show "${missing[0]}" >/dev/null 2>&1; then
    as_root apt-get update -o Acquire::Check-Date=false || as_root apt-get update -o Acquire::Check-Date=false
  fi
  as_root apt-get install -y --no-install-recommends "${missing[@]}" \
    || { as_root apt-get update -o Acquire::Check-Date=false && as_root apt-get install -y --no-install-recommends "${missing[@]}"; }
fi

# --- Node ----------------------------------------------------------------------------------------------------------
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$node_major" -ge 18 ] || die "Node.js 18 or newer is needed (found: $(node --version 2>/dev/null || echo none))"

# --- npm packages (exact versions from package-lock.json) -------------------------------------------------------
lock_sha=$(file_sha package-lock.json)
stamp_file=node_modules/.vcpi-lock-sha
if [ ! -d node_modules ] || [ "$(cat "$stamp_file" 2>/dev/null)" != "$lock_sha" ]; then
  log "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sha" > "$stamp_file"
fi

# --- TypeScript build (incremental) -----------------------------------------------------------------------------
log "building TypeScript (tsc -b)"
npx --no-install tsc -b

# --- further steps (native builds, plugin installs, …), in name order -----------------------------------------------
for step in scripts/setup.d/*.sh; do
  [ -e "$step" ] || continue
  log "step: $(basename "$step")"
  bash "$step"
done
log "ready"
