# The image's partition table: where the FAT boot and ext4 root partitions are (read with `sfdisk -J`, never
# assumed: newer images align to 8 MiB), and growing the root partition when the payload does not fit.
# Sourced by prepare-image.sh, never run.
# shellcheck shell=bash disable=SC2034  # its globals are read by the scripts that source it

# Set by read_partitions (bytes unless named _SECTORS).
SECTOR_SIZE=512
BOOT_OFFSET=0
ROOT_NUMBER=0
ROOT_START_SECTORS=0
ROOT_SIZE_SECTORS=0
ROOT_OFFSET=0
ROOT_SIZE=0
ROOT_IS_LAST=0

# read_partitions IMG: find the boot (FAT) and root (Linux) partitions of an MBR image.
read_partitions() {
  local img=$1 json label lines node start size type number boot_found=0 root_found=0 last_end=0 end
  json=$(sfdisk -J -- "$img" 2>/dev/null) || fail image-format "$img has no readable partition table (sfdisk -J failed)"
  label=$(jq -r '.partitiontable.label' <<<"$json")
  [ "$label" = dos ] || fail image-format "the image has a '$label' partition table; Raspberry Pi OS images use MBR (dos)"
  SECTOR_SIZE=$(jq -r '.partitiontable.sectorsize // 512' <<<"$json")
  lines=$(jq -r '.partitiontable.partitions[] | "\(.node) \(.start) \(.size) \(.type)"' <<<"$json")
  while read -r node start size type; do
    [ -n "$node" ] || continue
    number=${node##*[!0-9]}
    end=$((start + size))
    [ "$end" -gt "$last_end" ] && last_end=$end
    case "$type" in
      b | c | e | 6)
        if [ "$boot_found" -eq 0 ]; then
          BOOT_OFFSET=$((start * SECTOR_SIZE))
          boot_found=1
        fi
        ;;
      83)
        if [ "$root_found" -eq 0 ]; then
          ROOT_NUMBER=$number
          ROOT_START_SECTORS=$start
          ROOT_SIZE_SECTORS=$size
          root_found=1
        fi
        ;;
    esac
  done <<<"$lines"
  [ "$boot_found" -eq 1 ] || fail image-format "the image has no FAT boot partition (MBR type b, c, e or 6)"
  [ "$root_found" -eq 1 ] || fail image-format "the image has no Linux root partition (MBR type 83)"
  ROOT_OFFSET=$((ROOT_START_SECTORS * SECTOR_SIZE))
  ROOT_SIZE=$((ROOT_SIZE_SECTORS * SECTOR_SIZE))
  ROOT_IS_LAST=0
  [ $((ROOT_START_SECTORS + ROOT_SIZE_SECTORS)) -eq "$last_end" ] && ROOT_IS_LAST=1
  # A partition that ends past the end of the file means the image was cut short.
  local have need=$((last_end * SECTOR_SIZE))
  have=$(file_size "$img")
  [ "$have" -ge "$need" ] || damaged "its partitions end at byte $need but the unpacked image has only" \
    "$have bytes"
}

# fs_field DEVICE NAME: one field of dumpe2fs -h ("Block size", "Free blocks", …)
fs_field() {
  dumpe2fs -h "$1" 2>/dev/null | awk -F: -v k="$2" '$1 == k { gsub(/[[:space:]]/, "", $2); print $2; exit }'
}

# grow_root IMG EXTRA_BYTES: make the root partition and its ext4 file system EXTRA_BYTES larger (rounded up to
# 8 MiB). The root partition must be the last one, so nothing moves: the file grows, the partition entry is
# rewritten, and resize2fs runs on a copy of the partition (it truncates a regular file to the file system's size,
# so it cannot work in place at an offset), which is then written back.
grow_root() {
  local img=$1 extra=$2 step=$((8 * 1024 * 1024)) part new_size new_sectors rc=0
  [ "$ROOT_IS_LAST" -eq 1 ] || fail root-space "the root partition is not the last one, so it cannot grow;" \
    "use a Raspberry Pi OS image (root is its last partition)"
  extra=$(((extra + step - 1) / step * step))
  new_size=$((ROOT_SIZE + extra))
  new_sectors=$((new_size / SECTOR_SIZE))
  log "growing the root partition by $((extra / 1024 / 1024)) MiB so the payload fits"
  part=$WORK/root.ext4
  dd if="$img" of="$part" bs=4M iflag=skip_bytes,count_bytes skip="$ROOT_OFFSET" count="$ROOT_SIZE" conv=sparse \
    status=none
  truncate -s "$new_size" -- "$part"
  e2fsck -fp -- "$part" >"$WORK/e2fsck.log" 2>&1 || rc=$?
  [ "$rc" -le 1 ] || fail root-fs "the root file system has errors e2fsck cannot fix unattended:" \
    "$(tail -n 5 "$WORK/e2fsck.log" | tr '\n' ' ')"
  resize2fs -- "$part" >"$WORK/resize2fs.log" 2>&1 \
    || fail root-space "resize2fs could not grow the root file system: $(tr '\n' ' ' <"$WORK/resize2fs.log")"
  [ "$(file_size "$img")" -ge $((ROOT_OFFSET + new_size)) ] || truncate -s $((ROOT_OFFSET + new_size)) -- "$img"
  # Writing back sparsely is exact only over zeros, so punch the old region out first when the file system
  # allows it; otherwise write every byte.
  if fallocate -p -o "$ROOT_OFFSET" -l "$new_size" -- "$img" 2>/dev/null; then
    dd if="$part" of="$img" bs=4M oflag=seek_bytes seek="$ROOT_OFFSET" conv=notrunc,sparse status=none
  else
    dd if="$part" of="$img" bs=4M oflag=seek_bytes seek="$ROOT_OFFSET" conv=notrunc status=none
  fi
  rm -f -- "$part"
  printf 'size=%s\n' "$new_sectors" \
    | sfdisk -q --no-reread --no-tell-kernel -N "$ROOT_NUMBER" -- "$img" >"$WORK/sfdisk.log" 2>&1 \
    || fail root-space "sfdisk could not rewrite partition $ROOT_NUMBER: $(tr '\n' ' ' <"$WORK/sfdisk.log")"
  read_partitions "$img"
  [ "$ROOT_SIZE" -eq "$new_size" ] || fail root-space "partition $ROOT_NUMBER is $ROOT_SIZE bytes after growing," \
    "expected $new_size"
}
