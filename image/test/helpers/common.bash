# Shared by image/test/*.bats: paths, the synthetic image and inputs, running prepare-image.sh, and readers of the
# image it writes (debugfs and e2tools for the ext4 root, mtools for the FAT boot partition).
# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154  # defines globals for the tests; reads bats' $status and $output

IMAGE_DIR=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
REPO_DIR=$(cd "$IMAGE_DIR/.." && pwd)
PREPARE=$IMAGE_DIR/prepare-image.sh
export MTOOLS_SKIP_CHECK=1 MTOOLSRC=/dev/null
STRONG_PASSWORD='Correct-Horse-Battery-9'

# make_base_image OUT [ROOT_MIB [FILLER_MIB]]
make_base_image() { bash "$BATS_TEST_DIRNAME/helpers/make-pi-image.sh" "$@"; }

# write_inputs DIR: a valid wpa_supplicant.conf and userconf.txt in DIR
write_inputs() {
  local dir=$1
  cat >"$dir/wpa_supplicant.conf" <<'EOF'
country=bg
update_config=1
ctrl_interface=/var/run/wpa_supplicant

network={
 scan_ssid=1
 ssid="Studio Wi-Fi"
 psk="long enough passphrase"
}
EOF
  printf 'pi:%s\n' "$(openssl passwd -6 -salt teststrongsalt "$STRONG_PASSWORD")" >"$dir/userconf.txt"
}

# prepare DIR ARGS...: run prepare-image.sh with DIR's inputs, cache DIR/cache, output DIR/out/vcpi.img
prepare() {
  local dir=$1
  shift
  mkdir -p "$dir/out"
  WPA_SUPPLICANT_PATH=$dir/wpa_supplicant.conf USERCONF_PATH=$dir/userconf.txt OUTPUT_IMAGE=$dir/out/vcpi.img \
    IMAGE_CACHE_DIR=$dir/cache "$PREPARE" "$@"
}

# assert_failed_cleanly DIR CODE: the last `run` failed with error[CODE], and left no image and no work directory
assert_failed_cleanly() {
  local dir=$1 code=$2
  if [ "$status" -eq 0 ]; then
    echo "expected a failure, got status 0: $output"
    return 1
  fi
  if [[ "$output" != *"error[$code]"* ]]; then
    echo "expected error[$code] in: $output"
    return 1
  fi
  [ ! -e "$dir/out/vcpi.img" ] || { echo "vcpi.img was left behind"; return 1; }
  [ -z "$(find "$dir/out" -maxdepth 1 -name '.vcpi-img-work.*')" ] || { echo "work directory left behind"; return 1; }
}

# image_commit IMG: the commit prepare-image.sh took the payload from (as recorded in /etc/default/vcpi); the
# tests compare against it rather than HEAD, which others may move while the tests run
image_commit() { root_cat "$1" /etc/default/vcpi | sed -n 's/.*(commit \([0-9a-f]\{40\}\)).*/\1/p'; }

# partition_offset IMG N: byte offset of partition N (from the table, as prepare-image.sh reads it)
partition_offset() {
  sfdisk -J "$1" | jq -r --argjson n "$2" '.partitiontable as $t | $t.partitions[$n - 1].start * ($t.sectorsize // 512)'
}

root_dev() { printf '%s?offset=%s' "$1" "$(partition_offset "$1" 2)"; }
boot_dev() { printf '%s@@%s' "$1" "$(partition_offset "$1" 1)"; }

# root_cat IMG PATH: a file of the image's root, read with e2tools (independent of the debugfs that wrote it)
# (e2cp, like debugfs, exits 0 when the file is missing: its stderr tells)
root_cat() {
  local err
  err=$(mktemp)
  e2cp "$(root_dev "$1"):$2" - 2>"$err"
  if [ -s "$err" ]; then
    cat "$err" >&2
    rm -f "$err"
    return 1
  fi
  rm -f "$err"
}

# root_stat IMG PATH: debugfs' stat of PATH (fails when PATH is missing)
root_stat() {
  local out
  out=$(debugfs -R "stat \"$2\"" "$(root_dev "$1")" 2>&1)
  [[ "$out" != *"File not found"* ]] || { echo "$2: not in the image"; return 1; }
  printf '%s\n' "$out"
}

# root_mode IMG PATH: permission bits, octal (e.g. 0600)
root_mode() { root_stat "$1" "$2" | sed -n 's/.*Mode: *\([0-7]*\).*/\1/p' | head -n 1; }

# root_owner IMG PATH: "uid:gid"
root_owner() { root_stat "$1" "$2" | sed -n 's/^User: *\([0-9]*\) *Group: *\([0-9]*\).*/\1:\2/p' | head -n 1; }

# root_link IMG PATH: the target of a symbolic link
root_link() { root_stat "$1" "$2" | sed -n 's/^Fast link dest: "\(.*\)"$/\1/p'; }

# boot_cat IMG FILE: a file of the FAT boot partition
boot_cat() { mtype -i "$(boot_dev "$1")" "::/$2"; }

# refute_grep PATTERN FILE: fail when FILE has a line matching PATTERN (bats ignores a bare `! cmd`)
refute_grep() {
  if grep -q -- "$1" "$2"; then
    echo "unexpected '$1' in $2:"
    grep -- "$1" "$2"
    return 1
  fi
}
