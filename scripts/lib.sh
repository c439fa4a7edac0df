# Shared helpers for the project's scripts. Sourced, never run.
# shellcheck shell=bash

VCPI_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export VCPI_ROOT

log()  { printf '[%s] %s\n' "${VCPI_LOG_TAG:-vcpi}" "$*" >&2; }
die()  { printf '[%s] error: %s\n' "${VCPI_LOG_TAG:-vcpi}" "$*" >&2; exit 1; }

# as_root CMD...: run CMD as root (directly, or through passwordless sudo); otherwise explain exactly what to run.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo "$@"
  else
    die "root is needed for: $* — run it yourself as root (e.g. 'sudo $*'), then run this script again"
  fi
}

# sha of a file, or empty when it does not exist
file_sha() { [ -f "$1" ] && sha256sum "$1" | cut -d' ' -f1; }
