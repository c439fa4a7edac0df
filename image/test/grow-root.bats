#!/usr/bin/env bats
# When the payload does not fit in the root file system, prepare-image.sh grows the last partition and its ext4
# file system (the file grows, the partition entry is rewritten, nothing moves), keeping what was there.

load helpers/common

setup() {
  D=$BATS_TEST_TMPDIR
  write_inputs "$D"
  # an 8 MiB root, 6 MiB of it taken by a file of random bytes: the payload cannot fit
  make_base_image "$D/tiny.img" 8 6
  debugfs -R "dump /var/filler $D/filler.before" "$(root_dev "$D/tiny.img")" 2>/dev/null
}

@test "a root partition too small for the payload is grown, keeping its contents and the disk id" {
  local before_sectors after_sectors block_size block_count
  before_sectors=$(sfdisk -J "$D/tiny.img" | jq '.partitiontable.partitions[1].size')
  run prepare "$D" "$D/tiny.img"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"growing the root partition by "*" MiB so the payload fits"* ]]
  local img=$D/out/vcpi.img
  after_sectors=$(sfdisk -J "$img" | jq '.partitiontable.partitions[1].size')
  [ "$after_sectors" -gt "$before_sectors" ]
  [ $(((after_sectors - before_sectors) % 16384)) -eq 0 ]  # in steps of 8 MiB
  # the start of the partition, the boot partition and the disk id (PARTUUID in cmdline.txt) are unchanged
  [ "$(sfdisk -J "$img" | jq -r '.partitiontable.id')" = 0x5e3da1b2 ]
  [ "$(partition_offset "$img" 2)" = "$(partition_offset "$D/tiny.img" 2)" ]
  [ "$(partition_offset "$img" 1)" = "$(partition_offset "$D/tiny.img" 1)" ]
  # the file system fills the grown partition, checks clean, and still holds what it held
  block_size=$(dumpe2fs -h "$(root_dev "$img")" 2>/dev/null | awk -F': *' '$1 == "Block size" { print $2 }')
  block_count=$(dumpe2fs -h "$(root_dev "$img")" 2>/dev/null | awk -F': *' '$1 == "Block count" { print $2 }')
  [ $((block_size * block_count)) -eq $((after_sectors * 512)) ]
  e2fsck -fn "$(root_dev "$img")"
  debugfs -R "dump /var/filler $D/filler.after" "$(root_dev "$img")" 2>/dev/null
  cmp "$D/filler.before" "$D/filler.after"
  [ "$(root_cat "$img" /etc/hostname)" = raspberrypi ]
  diff <(root_cat "$img" /opt/vcpi/image/setup.sh) <(git -C "$REPO_DIR" show "$(image_commit "$img"):image/setup.sh")
  [ "$(stat -c %s "$img")" -eq $(($(partition_offset "$img" 2) + after_sectors * 512)) ]
}

@test "a root partition with room is left at its size" {
  make_base_image "$D/roomy.img" 64
  run prepare "$D" "$D/roomy.img"
  [ "$status" -eq 0 ]
  [[ "$output" != *growing* ]]
  diff <(sfdisk -d "$D/roomy.img" | grep -o 'start=.*') <(sfdisk -d "$D/out/vcpi.img" | grep -o 'start=.*')
  [ "$(stat -c %s "$D/roomy.img")" -eq "$(stat -c %s "$D/out/vcpi.img")" ]
}
