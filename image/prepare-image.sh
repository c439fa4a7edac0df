#!/usr/bin/env bash
# Makes vcpi.img: a Raspberry Pi OS image with your WiFi and user, the vcpi project at the current commit in
# /opt/vcpi, and the first-boot set-up and linkvst service enabled. Needs neither root nor mounting: mtools edits the
# FAT boot partition and debugfs the ext4 root, in place inside the image file. See image/README.md.
set -Eeuo pipefail
shopt -s inherit_errexit nullglob

# shellcheck source-path=SCRIPTDIR
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$SCRIPT_DIR/lib/common.sh"
. "$SCRIPT_DIR/lib/fetch.sh"
. "$SCRIPT_DIR/lib/partitions.sh"
. "$SCRIPT_DIR/lib/rootfs.sh"
. "$SCRIPT_DIR/lib/wifi.sh"
. "$SCRIPT_DIR/lib/userconf.sh"
. "$SCRIPT_DIR/lib/payload.sh"
. "$SCRIPT_DIR/lib/configure.sh"

usage() {
  cat <<EOF
Usage: $(basename "$0") [--refresh|-r] IMAGE

IMAGE is a Raspberry Pi OS image: an http(s):// or file:// URL, or a local path, of an .img, .img.xz or .zip
(Raspberry Pi OS Lite, 64-bit, Bookworm or later). Downloads are cached in .image-cache/ next to this script.

  -r, --refresh   download again even when the image is cached (replaces the cached copy)
  -h, --help      show this help

Reads wpa_supplicant.conf and userconf.txt next to this script and writes vcpi.img next to it.
Environment:
  IMAGE_CACHE_DIR          cache directory (default: $SCRIPT_DIR/.image-cache)
  USERCONF_PATH            userconf.txt to use (default: $SCRIPT_DIR/userconf.txt)
  WPA_SUPPLICANT_PATH      wpa_supplicant.conf to use (default: $SCRIPT_DIR/wpa_supplicant.conf)
  OUTPUT_IMAGE             image to write (default: $SCRIPT_DIR/vcpi.img)
  ALLOW_INSECURE_DEFAULTS  1 to accept a well-known password in userconf.txt (not recommended)
  ENABLE_SSH               0 to leave SSH off (default 1: enabled, so you can log in and attach to linkvst)
EOF
}

REFRESH=0
SOURCE=
while [ "$#" -gt 0 ]; do
  case "$1" in
    -r | --refresh) REFRESH=1 ;;
    -h | --help) usage; exit 0 ;;
    --) shift; SOURCE=${1:-}; break ;;
    -*) usage >&2; fail usage "unknown option $1" ;;
    *)
      [ -z "$SOURCE" ] || { usage >&2; fail usage "one IMAGE only (got '$SOURCE' and '$1')"; }
      SOURCE=$1
      ;;
  esac
  shift
done
[ -n "$SOURCE" ] || { usage >&2; fail usage "no IMAGE given: pass the URL or path of a Raspberry Pi OS image"; }

IMAGE_CACHE_DIR=${IMAGE_CACHE_DIR:-$SCRIPT_DIR/.image-cache}
USERCONF_PATH=${USERCONF_PATH:-$SCRIPT_DIR/userconf.txt}
WPA_SUPPLICANT_PATH=${WPA_SUPPLICANT_PATH:-$SCRIPT_DIR/wpa_supplicant.conf}
OUTPUT_IMAGE=${OUTPUT_IMAGE:-$SCRIPT_DIR/vcpi.img}

require_tools

# Everything is built in a work directory beside the output and renamed into place only at the very end, so a
# failure at any step leaves no half-made image behind.
out_dir=$(dirname -- "$OUTPUT_IMAGE")
if [ ! -d "$out_dir" ] || [ ! -w "$out_dir" ]; then
  fail output "cannot write to $out_dir (the directory of OUTPUT_IMAGE)"
fi
WORK=$(mktemp -d "$out_dir/.vcpi-img-work.XXXXXX")
PI_FAILED_MARK=$WORK/.failed
trap 'on_unexpected_error "${BASH_SOURCE[0]##*/}:$LINENO" "$BASH_COMMAND"' ERR
finish() {
  local rc=$?
  rm -rf -- "$WORK"
  if [ "$rc" -ne 0 ]; then
    log "$OUTPUT_IMAGE was not written"
    [ ! -e "$OUTPUT_IMAGE" ] || log "(the $OUTPUT_IMAGE there is from an earlier run)"
  fi
}
trap finish EXIT
trap 'exit 130' INT TERM

# 1. The user's settings, checked before anything is downloaded.
userconf_check "$USERCONF_PATH"
mkdir -p "$WORK/wifi"
wifi_parse "$WPA_SUPPLICANT_PATH" "$WORK/wifi"
log "user '$USERCONF_USER', $WIFI_NETWORKS WiFi network(s), country $WIFI_COUNTRY"

# 2. The payload: the project at the current commit.
payload_export "$WORK/payload"
log "payload: commit ${PAYLOAD_COMMIT:0:12}, $PAYLOAD_FILES entries, $((PAYLOAD_BYTES / 1024)) KiB"

# 3. The base image, unpacked to a raw image in the work directory.
fetch_source "$SOURCE"
img=$WORK/vcpi.img
unpack_image "$img"
read_partitions "$img"
filesystems_open "$img"
root_exists /etc || fail image-format "the root partition has no /etc; is this a Raspberry Pi OS image?"
ensure_root_space "$img" "$WORK/payload"

# 4. Edits.
boot_configure "$USERCONF_PATH" "$WIFI_COUNTRY"
root_batch_begin
payload_queue "$WORK/payload"
root_batch_commit
units_queue "$WORK/payload" "$USERCONF_USER"
settings_queue "$WORK/payload" "$USERCONF_USER"
network_queue "$WORK/wifi"
root_batch_commit

# 5. A last look at the root file system before the image is handed out.
e2fsck -fn "$ROOT_DEV" >"$WORK/e2fsck-final.log" 2>&1 || fail root-fs "the edited root file system does not check" \
  "clean: $(tail -n 5 "$WORK/e2fsck-final.log" | tr '\n' ' ')"
# The image holds the WiFi password: readable by its owner only.
chmod 600 "$img"
mv -f -- "$img" "$OUTPUT_IMAGE"
log "wrote $OUTPUT_IMAGE ($(($(file_size "$OUTPUT_IMAGE") / 1024 / 1024)) MiB): flash it to an SD card" \
  "(e.g. with Raspberry Pi Imager, 'Use custom')"
