# The payload: the vcpi project at the current commit (git archive HEAD), installed to /opt/vcpi with the first-boot
# set-up and the two systemd units, enabled offline. Sourced by prepare-image.sh, never run.
# shellcheck shell=bash disable=SC2034  # its globals are read by the scripts that source it

PAYLOAD_DIR=/opt/vcpi
PAYLOAD_COMMIT=
PAYLOAD_FILES=0
PAYLOAD_BYTES=0

# payload_export DEST: the committed tree of the repository holding this script, extracted into DEST
payload_export() {
  local dest=$1 repo
  repo=$(git -C "$SCRIPT_DIR" rev-parse --show-toplevel 2>/dev/null) || fail payload "$SCRIPT_DIR is not inside a" \
    "git checkout; the payload is the project at its current commit, so run prepare-image.sh from a clone"
  PAYLOAD_COMMIT=$(git -C "$repo" rev-parse HEAD 2>/dev/null) || fail payload "the repository $repo has no commit yet"
  if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    warn "uncommitted changes in $repo are not in the image: the payload is commit ${PAYLOAD_COMMIT:0:12}"
  fi
  mkdir -p -- "$dest"
  # tar.umask 022: files 0644 or 0755 whatever the builder's umask or git's default (0002)
  git -C "$repo" -c tar.umask=0022 archive --format=tar HEAD | tar -x -p --no-same-owner -C "$dest" \
    || fail payload "git archive of $repo failed"
  local f
  for f in image/setup.sh image/cpu-governor.sh image/systemd/firstboot.service image/systemd/payload.service \
    image/vcpi-profile.sh; do
    [ -f "$dest/$f" ] || fail payload "commit ${PAYLOAD_COMMIT:0:12} has no $f; commit the image/ folder first"
  done
  PAYLOAD_FILES=$(find "$dest" | wc -l)
  PAYLOAD_BYTES=$(du -s -B1 --apparent-size -- "$dest" | cut -f1)
}

# payload_space_needed DIR BLOCK_SIZE: bytes the tree takes in an ext4 file system of that block size, with
# room for extent blocks and the small files written besides it
payload_space_needed() {
  local dir=$1 bs=$2 blocks
  blocks=$(find "$dir" -printf '%s\n' | awk -v bs="$bs" '{ n += int(($1 + bs - 1) / bs) + 1 } END { print n + 0 }')
  echo $(((blocks + blocks / 20) * bs + 4 * 1024 * 1024))
}

# ensure_root_space IMG PAYLOAD_DIR: grow the root partition when the payload (and its inodes) will not fit
ensure_root_space() {
  local img=$1 dir=$2 bs free_blocks free_inodes block_count inode_count need need_inodes free extra=0
  bs=$(fs_field "$ROOT_DEV" 'Block size')
  free_blocks=$(fs_field "$ROOT_DEV" 'Free blocks')
  free_inodes=$(fs_field "$ROOT_DEV" 'Free inodes')
  block_count=$(fs_field "$ROOT_DEV" 'Block count')
  inode_count=$(fs_field "$ROOT_DEV" 'Inode count')
  need=$(payload_space_needed "$dir" "$bs")
  free=$((free_blocks * bs))
  [ "$need" -le "$free" ] || extra=$((need - free))
  need_inodes=$((PAYLOAD_FILES + 64))
  if [ "$need_inodes" -gt "$free_inodes" ]; then
    local per_inode=$((block_count * bs / inode_count))
    local for_inodes=$(((need_inodes - free_inodes) * per_inode))
    [ "$for_inodes" -le "$extra" ] || extra=$for_inodes
  fi
  if [ "$extra" -gt 0 ]; then
    log "the root file system has $((free / 1024)) KiB free; the payload needs $((need / 1024)) KiB"
    grow_root "$img" "$extra"
    filesystems_open "$img"
  fi
}

# payload_queue SRC_DIR: queue the whole tree under PAYLOAD_DIR (directories first, then files and links)
payload_queue() {
  local src=$1 rel mode target
  if root_exists "$PAYLOAD_DIR"; then
    fail payload "the image already has $PAYLOAD_DIR; start from a fresh Raspberry Pi OS image, not one" \
      "prepare-image.sh made"
  fi
  root_mkdir_p "$PAYLOAD_DIR"
  while IFS= read -r -d '' rel; do
    root_mkdir_p "$PAYLOAD_DIR/${rel#./}"
  done < <(cd "$src" && find . -mindepth 1 -type d -print0 | sort -z)
  while IFS= read -r -d '' rel; do
    rel=${rel#./}
    if [ -L "$src/$rel" ]; then
      target=$(readlink -- "$src/$rel")
      root_symlink "$PAYLOAD_DIR/$rel" "$target"
    else
      mode=$(stat -c %a -- "$src/$rel")
      root_put "$src/$rel" "$PAYLOAD_DIR/$rel" "$mode"
    fi
  done < <(cd "$src" && find . \( -type f -o -type l \) -print0 | sort -z)
}

# units_queue SRC_DIR USER: install firstboot.service and payload.service (from the payload) in /etc/systemd/system,
# enable them as `systemctl enable` would (links in multi-user.target.wants), and make the service run as USER.
units_queue() {
  local src=$1 user=$2 unit dropin=$WORK/payload-user.conf
  root_mkdir_p /etc/systemd/system/multi-user.target.wants
  for unit in firstboot.service payload.service; do
    root_put "$src/image/systemd/$unit" "/etc/systemd/system/$unit" 644
    root_symlink "/etc/systemd/system/multi-user.target.wants/$unit" "/etc/systemd/system/$unit"
  done
  printf '# Written by prepare-image.sh: the user named in userconf.txt runs linkvst.\n[Service]\nUser=%s\n' \
    "$user" >"$dropin"
  root_mkdir_p /etc/systemd/system/payload.service.d
  root_put "$dropin" /etc/systemd/system/payload.service.d/10-user.conf 644
}

# settings_queue SRC_DIR USER: /etc/default/vcpi (read by setup.sh and payload.service) and the login shell profile
settings_queue() {
  local src=$1 user=$2 defaults=$WORK/vcpi-defaults
  cat >"$defaults" <<EOF
# vcpi settings, written by prepare-image.sh (commit $PAYLOAD_COMMIT).
# The user that runs linkvst (from userconf.txt); setup.sh adds it to the audio group.
VCPI_USER=$user
# Extra flags for 'linkvst --daemon', e.g. LINKVST_ARGS="--link --bpm 128", then: sudo systemctl restart payload
LINKVST_ARGS=
EOF
  root_mkdir_p /etc/default
  root_put "$defaults" /etc/default/vcpi 644
  root_mkdir_p /etc/profile.d
  root_put "$src/image/vcpi-profile.sh" /etc/profile.d/vcpi.sh 644
}
