#!/usr/bin/env bash
# vcpi first-boot set-up, run as root by firstboot.service (logs: journalctl -u firstboot).
#
# Adds the service user to the audio group, installs the system packages and Node dependencies and builds the
# native parts (the project's own scripts/setup.sh), runs the project's dependency check, and only when all of that
# succeeded renames itself to setup.sh.done (which starts payload.service from then on) and reboots.
# Safe to run again after a failure: every step is idempotent, and firstboot.service runs it at each boot until it
# has succeeded. To retry at once: sudo systemctl start firstboot
#
# Environment (for tests and manual runs): VCPI_DIR (/opt/vcpi), VCPI_CONFIG (/etc/default/vcpi),
# VCPI_SETUP_ATTEMPTS (3), VCPI_SETUP_RETRY_DELAY (seconds, 30), VCPI_REBOOT (1; 0 skips the reboot).
set -Eeuo pipefail

VCPI_DIR=${VCPI_DIR:-/opt/vcpi}
VCPI_CONFIG=${VCPI_CONFIG:-/etc/default/vcpi}
ATTEMPTS=${VCPI_SETUP_ATTEMPTS:-3}
RETRY_DELAY=${VCPI_SETUP_RETRY_DELAY:-30}
SELF=$(readlink -f -- "${BASH_SOURCE[0]}")
STEP=start

log() { printf 'firstboot: %s\n' "$*"; }
die() {
  printf 'firstboot: error: %s\n' "$*" >&2
  exit 1
}
on_error() {
  printf 'firstboot: error: set-up failed during "%s" (exit %s). Nothing was marked done: it runs again at the' \
    "$STEP" "$1" >&2
  printf ' next boot, or now with: sudo systemctl start firstboot\n' >&2
}
trap 'on_error $?' ERR

# retry DESCRIPTION CMD...: run CMD up to ATTEMPTS times, waiting RETRY_DELAY × attempt between tries (the network
# and the package mirrors are often not ready in the first minutes after boot).
retry() {
  local what=$1 attempt=1
  shift
  until "$@"; do
    if [ "$attempt" -ge "$ATTEMPTS" ]; then
      printf 'firstboot: %s failed %s times; giving up\n' "$what" "$attempt" >&2
      return 1
    fi
    log "$what failed (attempt $attempt of $ATTEMPTS); retrying in $((RETRY_DELAY * attempt)) s"
    sleep "$((RETRY_DELAY * attempt))"
    attempt=$((attempt + 1))
  done
}

[ "$(id -u)" -eq 0 ] || die "run as root (it is normally run by firstboot.service)"
case "$SELF" in
  */setup.sh) ;;
  *) die "expected to run as …/setup.sh, not $SELF" ;;
esac

STEP="reading $VCPI_CONFIG"
VCPI_USER=pi
# shellcheck source=/dev/null
[ ! -f "$VCPI_CONFIG" ] || . "$VCPI_CONFIG"
log "vcpi in $VCPI_DIR, service user '$VCPI_USER'"

STEP="adding $VCPI_USER to the audio group"
id -u "$VCPI_USER" >/dev/null 2>&1 || die "user '$VCPI_USER' does not exist; Raspberry Pi OS creates it from" \
  "userconf.txt on first boot — check journalctl -u userconfig"
usermod -a -G audio "$VCPI_USER"

# The Pi has no real-time clock: until NTP has synced, its date may be older than the package lists' "Date", which
# apt then rejects. Check-Date=false (and a few retries) for every apt run below, the project's set-up included.
STEP="configuring apt"
apt_conf=$(mktemp)
trap 'rm -f -- "$apt_conf"' EXIT
printf 'Acquire::Check-Date "false";\nAcquire::Retries "3";\n' >"$apt_conf"
export APT_CONFIG=$apt_conf DEBIAN_FRONTEND=noninteractive

STEP="updating the package lists"
retry "apt-get update" apt-get -o Acquire::Check-Date=false update

STEP="the project's set-up ($VCPI_DIR/scripts/setup.sh: packages, npm ci, builds)"
[ -f "$VCPI_DIR/scripts/setup.sh" ] || die "$VCPI_DIR/scripts/setup.sh is missing; the payload is incomplete"
# Set-up runs as root; the VintageCapture plugin belongs in the service user's plugin folders (~/.vst3, ~/.lv2).
user_home=$(getent passwd "$VCPI_USER" | cut -d: -f6) || user_home=""
retry "the project's set-up" env VCPI_SETUP_FOR=run VCPI_PLUGIN_HOME="${user_home:-/home/$VCPI_USER}" bash "$VCPI_DIR/scripts/setup.sh"

STEP="the dependency check ($VCPI_DIR/scripts/linkvst deps --strict)"
[ -x "$VCPI_DIR/scripts/linkvst" ] || die "$VCPI_DIR/scripts/linkvst is missing or not executable"
"$VCPI_DIR/scripts/linkvst" deps --strict

STEP="marking set-up done"
mv -f -- "$SELF" "$SELF.done"
sync
log "set-up complete; $SELF is now $SELF.done and payload.service starts after the reboot"

if [ "${VCPI_REBOOT:-1}" = 1 ]; then
  STEP="rebooting"
  log "rebooting"
  systemctl --no-block reboot
fi
