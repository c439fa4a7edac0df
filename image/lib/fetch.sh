# Getting the Raspberry Pi OS image: download with a cache, checksum verification, and unpacking (.img, .xz, .zip)
# into a raw disk image. Sourced by prepare-image.sh, never run.
# shellcheck shell=bash

# Set by fetch_source: the archive or image to unpack, and whether it lives in our cache (then a damaged copy is
# ours to delete; a user's own file never is).
FETCHED_PATH=
FETCHED_IS_CACHE=0
# Where the last download really came from, after redirects (a "latest" link leads to the dated file, and the
# published checksum sits next to that one).
DOWNLOADED_FROM=
CHECKSUM_URL=

# cache_name URL: the file name a URL is cached under (its last path segment, without query or fragment).
cache_name() {
  local name=${1%%[?#]*}
  name=${name%/}
  name=${name##*/}
  name=$(printf '%s' "$name" | tr -c 'A-Za-z0-9._+-' '_')
  case "$name" in '' | . | ..) name=image ;; esac
  printf '%s\n' "$name"
}

# sha_from_file FILE: the 64-hex digest a .sha256 file holds ("<digest>  <name>" or the digest alone).
sha_from_file() {
  local digest
  digest=$(awk 'NF { print tolower($1); exit }' "$1")
  [[ "$digest" =~ ^[0-9a-f]{64}$ ]] || return 1
  printf '%s\n' "$digest"
}

# verify_sha FILE SHAFILE LABEL: compare FILE's SHA-256 with the digest in SHAFILE; returns 1 on mismatch,
# fails when SHAFILE holds no digest.
verify_sha() {
  local file=$1 shafile=$2 label=$3 expected actual
  expected=$(sha_from_file "$shafile") \
    || fail checksum "$shafile does not hold a SHA-256 digest (expected 64 hex digits first); delete or fix it"
  log "verifying SHA-256 of $label"
  actual=$(sha256sum -- "$file" | cut -d' ' -f1)
  if [ "$actual" != "$expected" ]; then
    warn "SHA-256 of $label is $actual, $shafile says $expected"
    return 1
  fi
}

# curl_exit_meaning CODE: a few words for curl's common exit codes
curl_exit_meaning() {
  case "$1" in
    6) echo "host not found" ;;
    7) echo "connection refused" ;;
    18) echo "transfer ended early: the file is truncated" ;;
    22) echo "the server answered with an HTTP error" ;;
    28) echo "timed out" ;;
    37) echo "cannot read the file" ;;
    *) echo "curl exit $1" ;;
  esac
}

# download URL DEST: fetch with retries; a progress bar when a person is watching (stderr is a terminal).
download() {
  local url=$1 dest=$2 rc=0
  local progress=(-sS)
  [ -t 2 ] && progress=(--progress-bar)
  log "downloading $url"
  DOWNLOADED_FROM=$(curl -fL --retry 3 --retry-delay 2 "${progress[@]}" -w '%{url_effective}' -o "$dest" -- "$url") \
    || rc=$?
  if [ "$rc" -ne 0 ]; then
    rm -f -- "$dest"
    fail download "could not download $url ($(curl_exit_meaning "$rc")); check the URL and the network, then run again"
  fi
}

# fetch_checksum URL DEST: fetch URL.sha256, or the .sha256 next to where URL redirected, when one is published;
# returns 1 when there is none.
fetch_checksum() {
  local url candidate
  for url in "$1" "$DOWNLOADED_FROM"; do
    candidate=${url%%[?#]*}
    [ -n "$candidate" ] || continue
    if curl -fsL --retry 2 -o "$2" -- "$candidate.sha256" 2>/dev/null; then
      CHECKSUM_URL=$candidate.sha256
      return 0
    fi
  done
  rm -f -- "$2"
  return 1
}

# fetch_url URL: download into the cache (or reuse the cached copy), verify its published checksum.
fetch_url() {
  local url=$1 name dest
  name=$(cache_name "$url")
  mkdir -p -- "$IMAGE_CACHE_DIR" || fail cache "cannot create the cache directory $IMAGE_CACHE_DIR (set IMAGE_CACHE_DIR)"
  dest=$IMAGE_CACHE_DIR/$name
  FETCHED_PATH=$dest
  FETCHED_IS_CACHE=1
  if [ -f "$dest" ] && [ "$REFRESH" -eq 0 ]; then
    log "using the cached $dest (--refresh downloads it again)"
    if [ -f "$dest.sha256" ] && ! verify_sha "$dest" "$dest.sha256" "the cached $name"; then
      rm -f -- "$dest" "$dest.sha256"
      fail checksum "the cached $dest does not match its checksum (a truncated or damaged download);" \
        "removed it from the cache — run again to download it afresh"
    fi
    return 0
  fi
  download "$url" "$dest.part"
  if fetch_checksum "$url" "$dest.sha256.part"; then
    if ! verify_sha "$dest.part" "$dest.sha256.part" "$name"; then
      rm -f -- "$dest.part" "$dest.sha256.part"
      fail checksum "the download of $url does not match $CHECKSUM_URL (truncated or damaged);" \
        "nothing was cached — run again, and check the URL if it keeps failing"
    fi
    mv -f -- "$dest.sha256.part" "$dest.sha256"
  else
    log "no checksum published at $url.sha256; relying on the archive's own integrity checks"
    rm -f -- "$dest.sha256"
  fi
  mv -f -- "$dest.part" "$dest"
}

# fetch_source SOURCE: a URL (http, https, file://) goes through the cache; a local path is used where it is.
fetch_source() {
  local src=$1
  case "$src" in
    http://* | https://* | file://*) fetch_url "$src" ;;
    *://*) fail source "unsupported URL scheme in '$src'; use http://, https://, file:// or a local path" ;;
    *)
      [ -f "$src" ] || fail source "no such image file: $src"
      FETCHED_PATH=$src
      FETCHED_IS_CACHE=0
      if [ -f "$src.sha256" ] && ! verify_sha "$src" "$src.sha256" "$src"; then
        fail checksum "$src does not match $src.sha256; the file is damaged or incomplete — download it again"
      fi
      ;;
  esac
}

# damaged WHAT: the fetched archive is unusable. A cache entry is removed so the next run downloads it afresh.
damaged() {
  if [ "$FETCHED_IS_CACHE" -eq 1 ]; then
    rm -f -- "$FETCHED_PATH" "$FETCHED_PATH.sha256"
    fail image-damaged "$FETCHED_PATH is damaged or truncated ($*); removed it from the cache —" \
      "run again to download it afresh"
  fi
  fail image-damaged "$FETCHED_PATH is damaged or truncated ($*); download the image again"
}

# write_sparse DEST: stdin to DEST, leaving runs of zeros as holes (an image is mostly empty space)
write_sparse() { dd of="$1" bs=1M iflag=fullblock conv=sparse status=none; }

# unpack_image DEST: turn FETCHED_PATH (raw image, .xz or .zip, recognised by content) into the raw image DEST.
unpack_image() {
  local src=$FETCHED_PATH dest=$1 magic err=$WORK/unpack.err entries
  magic=$(head -c 6 -- "$src" | hex_bytes)
  case "$magic" in
    fd377a585a00)
      log "unpacking $(basename -- "$src") (xz)"
      local verbose=()
      [ -t 2 ] && verbose=(-v)
      if ! xz -dc "${verbose[@]}" -- "$src" 2>"$err" | write_sparse "$dest"; then
        damaged "$(tr '\n' ' ' <"$err" | sed 's/ *$//')"
      fi
      ;;
    504b0304*)
      log "unpacking $(basename -- "$src") (zip)"
      unzip -tq -- "$src" >"$err" 2>&1 || damaged "unzip: $(tail -n 3 "$err" | tr '\n' ' ')"
      entries=$(unzip -Z1 -- "$src" | grep -E '\.img$' || true)
      [ -n "$entries" ] || fail image-format "$src holds no .img file"
      [ "$(printf '%s\n' "$entries" | wc -l)" -eq 1 ] || fail image-format "$src holds several .img files:" \
        "$(printf '%s ' "$entries")— unpack the one you want and pass its path"
      unzip -p -- "$src" "$entries" | write_sparse "$dest" || damaged "unzip could not extract $entries"
      ;;
    *)
      log "copying $(basename -- "$src")"
      cp --sparse=always -- "$src" "$dest"
      ;;
  esac
  [ "$(dd if="$dest" bs=1 skip=510 count=2 status=none | hex_bytes)" = 55aa ] \
    || fail image-format "$src is not a disk image with an MBR partition table (nor an .xz or .zip of one)"
}
