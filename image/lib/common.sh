# Shared helpers of prepare-image.sh: messages, failures with a stable code, tool checks. Sourced, never run.
# shellcheck shell=bash

PI_TAG=${PI_TAG:-prepare-image}
# A file that fail() creates, so the ERR trap of the main script stays quiet about failures already explained
# (set by the main script once it has a work directory).
PI_FAILED_MARK=

log()  { printf '[%s] %s\n' "$PI_TAG" "$*" >&2; }
warn() { printf '[%s] warning: %s\n' "$PI_TAG" "$*" >&2; }

# fail CODE MESSAGE...: print "error[CODE]: MESSAGE" and stop. The code is stable (tests and scripts match on it);
# the message says what is wrong, where, and what to do about it.
fail() {
  local code=$1
  shift
  printf '[%s] error[%s]: %s\n' "$PI_TAG" "$code" "$*" >&2
  [ -z "$PI_FAILED_MARK" ] || : >"$PI_FAILED_MARK"
  exit 1
}

# on_unexpected_error LINE COMMAND: for the ERR trap: a command failed that no check explained
on_unexpected_error() {
  [ -n "$PI_FAILED_MARK" ] && [ -e "$PI_FAILED_MARK" ] && return 0
  printf '[%s] error[internal]: %s: "%s" failed (see its message above); please report it if the cause' \
    "$PI_TAG" "$1" "$2" >&2
  printf ' is not clear (disk full? permissions?)\n' >&2
  [ -z "$PI_FAILED_MARK" ] || : >"$PI_FAILED_MARK"
}

# require_tools: every command prepare-image.sh runs, checked up front so a missing one is named before any work.
require_tools() {
  local missing=() tool
  for tool in sfdisk jq mcopy mtype mdir debugfs dumpe2fs e2fsck resize2fs curl xz unzip git tar perl \
    sha256sum sha1sum od dd truncate; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  [ "${#missing[@]}" -eq 0 ] || fail tools "missing commands: ${missing[*]}." \
    "On Debian/Ubuntu: apt-get install mtools e2fsprogs fdisk jq curl xz-utils unzip git perl" \
    "(or run scripts/setup.sh, which installs scripts/apt-packages-image.txt)"
}

# file_size PATH: size in bytes
file_size() { stat -c %s -- "$1"; }

# hex_bytes: stdin as lower-case hex, no separators
hex_bytes() { od -An -v -tx1 | tr -d ' \n'; }
