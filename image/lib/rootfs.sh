# Editing the image's file systems in place, without mounting and without root: mtools on the FAT boot partition
# ("image@@offset"), debugfs on the ext4 root ("image?offset=N"). Sourced by prepare-image.sh, never run.
#
# debugfs exits 0 even when a command fails, so every run's stderr is checked: anything but its version banner is
# an error. Writes to the root are queued into one debugfs script (root_batch_*) and run at once.
# shellcheck shell=bash

export MTOOLS_SKIP_CHECK=1 MTOOLSRC=/dev/null

BOOT_DEV=
ROOT_DEV=

# filesystems_open IMG: point the helpers at IMG's partitions (read_partitions first) and check both are readable.
filesystems_open() {
  BOOT_DEV="$1@@$BOOT_OFFSET"
  ROOT_DEV="$1?offset=$ROOT_OFFSET"
  mdir -i "$BOOT_DEV" :: >/dev/null 2>&1 || fail image-format "the boot partition (at byte $BOOT_OFFSET) is not a" \
    "readable FAT file system"
  [ -n "$(fs_field "$ROOT_DEV" 'Block size')" ] || fail image-format "the root partition (at byte $ROOT_OFFSET)" \
    "is not an ext2/3/4 file system"
}

# --- boot partition (FAT) ----------------------------------------------------------------------------------------
boot_has() { mdir -b -i "$BOOT_DEV" "::/$1" >/dev/null 2>&1; }
boot_cat() { mtype -i "$BOOT_DEV" "::/$1"; }
boot_put() {
  local out
  out=$(mcopy -D o -i "$BOOT_DEV" -- "$1" "::/$2" 2>&1) || fail boot-fs "cannot write $2 to the boot partition: $out"
}

# --- root partition (ext4) ---------------------------------------------------------------------------------------
# debugfs_errors FILE: the lines of a debugfs stderr that are not its banner
debugfs_errors() { grep -v -E '^debugfs [0-9.]+ \(' "$1" || true; }

# root_quote PATH: PATH quoted for a debugfs command line (which has no escapes, so '"', '\' and control
# characters cannot be expressed and are refused)
root_quote() {
  case "$1" in
    *'"'* | *\\* | *[[:cntrl:]]*) fail payload-name "cannot write '$1' into the image: its name contains a quote," \
      "backslash or control character; rename it" ;;
  esac
  printf '"%s"' "$1"
}

# root_run CMD: run one read-only debugfs command; stdout is its output, errors fail
root_run() {
  local err=$WORK/debugfs-run.err errors
  debugfs -R "$1" "$ROOT_DEV" 2>"$err"
  errors=$(debugfs_errors "$err")
  [ -z "$errors" ] || fail root-fs "debugfs '$1': $errors"
}

# root_exists PATH: whether PATH exists in the root file system (a symbolic link counts, not followed)
root_exists() {
  local err
  err=$(debugfs -R "stat $(root_quote "$1")" "$ROOT_DEV" 2>&1 >/dev/null)
  case "$err" in
    *'File not found'*) return 1 ;;
  esac
  [ -z "$(debugfs_errors <(printf '%s\n' "$err"))" ] || fail root-fs "debugfs cannot stat $1: $err"
}

root_cat() { root_run "cat $(root_quote "$1")"; }

# root_ls DIR: the names in DIR, one a line (without . and ..)
root_ls() { root_run "ls -p $(root_quote "$1")" | awk -F/ 'NF >= 7 && $6 != "." && $6 != ".." { print $6 }'; }

ROOT_BATCH=
declare -A ROOT_QUEUED_DIRS=()

root_batch_begin() {
  ROOT_BATCH=$WORK/debugfs-batch.txt
  : >"$ROOT_BATCH"
  ROOT_QUEUED_DIRS=()
}

# root_own PATH MODE: queue ownership root:root and MODE (octal, with the type bits) for PATH
root_own() {
  local q
  q=$(root_quote "$1")
  printf 'sif %s uid 0\nsif %s gid 0\nsif %s mode 0%s\n' "$q" "$q" "$q" "$2" >>"$ROOT_BATCH"
}

# root_mkdir_p DIR: queue the creation of DIR and its missing parents (mode 0755, root:root)
root_mkdir_p() {
  local dir=${1%/} prefix='' part parent_new=0 parts=()
  IFS=/ read -ra parts <<<"${dir#/}"
  for part in "${parts[@]}"; do
    [ -n "$part" ] || continue
    prefix=$prefix/$part
    if [ -n "${ROOT_QUEUED_DIRS[$prefix]:-}" ]; then
      [ "${ROOT_QUEUED_DIRS[$prefix]}" = new ] && parent_new=1 || parent_new=0
      continue
    fi
    if [ "$parent_new" -eq 0 ] && root_exists "$prefix"; then
      ROOT_QUEUED_DIRS[$prefix]=old
      continue
    fi
    printf 'mkdir %s\n' "$(root_quote "$prefix")" >>"$ROOT_BATCH"
    root_own "$prefix" 40755
    ROOT_QUEUED_DIRS[$prefix]=new
    parent_new=1
  done
}

# root_put SRC DEST MODE: queue writing the local file SRC to DEST (replacing a file there), root:root, MODE
# (octal permission bits, e.g. 644). The parent directory must exist or be queued.
root_put() {
  local src=$1 dest=$2 mode=$3 parent
  parent=$(dirname -- "$dest")
  if [ "${ROOT_QUEUED_DIRS[$parent]:-}" != new ] && root_exists "$dest"; then
    printf 'rm %s\n' "$(root_quote "$dest")" >>"$ROOT_BATCH"
  fi
  printf 'write %s %s\n' "$(root_quote "$src")" "$(root_quote "$dest")" >>"$ROOT_BATCH"
  root_own "$dest" "100$mode"
}

# root_symlink LINK TARGET: queue a symbolic link (replacing a link or file at LINK)
root_symlink() {
  local link=$1 target=$2 parent
  parent=$(dirname -- "$link")
  if [ "${ROOT_QUEUED_DIRS[$parent]:-}" != new ] && root_exists "$link"; then
    printf 'rm %s\n' "$(root_quote "$link")" >>"$ROOT_BATCH"
  fi
  printf 'symlink %s %s\n' "$(root_quote "$link")" "$(root_quote "$target")" >>"$ROOT_BATCH"
  printf 'sif %s uid 0\nsif %s gid 0\n' "$(root_quote "$link")" "$(root_quote "$link")" >>"$ROOT_BATCH"
}

# root_batch_commit: run the queued commands in one debugfs session; any error fails with debugfs' own words.
root_batch_commit() {
  local err=$WORK/debugfs-batch.err errors
  [ -s "$ROOT_BATCH" ] || return 0
  debugfs -w -f "$ROOT_BATCH" "$ROOT_DEV" >"$WORK/debugfs-batch.out" 2>"$err"
  errors=$(debugfs_errors "$err")
  [ -z "$errors" ] || fail root-fs "writing to the root file system failed: $(head -n 5 <<<"$errors" | tr '\n' ' ')"
  : >"$ROOT_BATCH"
}
