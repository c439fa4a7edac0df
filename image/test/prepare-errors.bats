#!/usr/bin/env bats
# Bad inputs to prepare-image.sh: each fails with error[CODE] and a message saying what to fix, and leaves neither a
# vcpi.img nor its work directory behind.

load helpers/common

setup_file() {
  export T=$BATS_FILE_TMPDIR
  make_base_image "$T/base.img" 64
  xz -T0 -0 -k "$T/base.img"
}

setup() {
  D=$BATS_TEST_TMPDIR
  write_inputs "$D"
  mkdir -p "$D/out"
}

@test "a well-known password (SHA-512 'raspberry') is refused" {
  printf 'pi:%s\n' "$(openssl passwd -6 raspberry)" >"$D/userconf.txt"
  run prepare "$D" "$T/base.img"
  assert_failed_cleanly "$D" userconf-insecure
  [[ "$output" == *"well-known 'raspberry'"* ]]
  [[ "$output" == *"ALLOW_INSECURE_DEFAULTS=1"* ]]
}

@test "a well-known password is found in a yescrypt hash too, and 'vcpi' is known" {
  printf 'pi:%s\n' "$(mkpasswd -m yescrypt vcpi)" >"$D/userconf.txt"
  run prepare "$D" "$T/base.img"
  assert_failed_cleanly "$D" userconf-insecure
  [[ "$output" == *"well-known 'vcpi'"* ]]
}

@test "the user's own name as password is refused" {
  printf 'studio:%s\n' "$(openssl passwd -5 studio)" >"$D/userconf.txt"
  run prepare "$D" "$T/base.img"
  assert_failed_cleanly "$D" userconf-insecure
  [[ "$output" == *"well-known 'studio'"* ]]
}

@test "the shipped userconf.example.txt is refused as it is" {
  cp "$IMAGE_DIR/userconf.example.txt" "$D/userconf.txt"
  run prepare "$D" "$T/base.img"
  assert_failed_cleanly "$D" userconf-insecure
}

@test "ALLOW_INSECURE_DEFAULTS=1 accepts a well-known password, with a warning" {
  printf 'pi:%s\n' "$(openssl passwd -6 raspberry)" >"$D/userconf.txt"
  ALLOW_INSECURE_DEFAULTS=1 run prepare "$D" "$T/base.img"
  [ "$status" -eq 0 ]
  [[ "$output" == *"warning: "*"well-known 'raspberry' (allowed by ALLOW_INSECURE_DEFAULTS=1)"* ]]
  [ -f "$D/out/vcpi.img" ]
}

@test "no wpa_supplicant.conf fails and says how to make one" {
  rm "$D/wpa_supplicant.conf"
  run prepare "$D" "$T/base.img"
  assert_failed_cleanly "$D" wifi-missing
  [[ "$output" == *"no $D/wpa_supplicant.conf: create it (see wpa_supplicant.example.conf)"* ]]
}

@test "a psk shorter than 8 characters fails, naming the line" {
  sed -i 's/psk=.*/psk="short12"/' "$D/wpa_supplicant.conf"
  run prepare "$D" "$T/base.img"
  assert_failed_cleanly "$D" wifi
  [[ "$output" == *"wpa_supplicant.conf:8: psk is 7 characters long; a WPA passphrase has 8 to 63 characters"* ]]
}

@test "the example's placeholders and a missing country are refused" {
  cp "$IMAGE_DIR/wpa_supplicant.example.conf" "$D/wpa_supplicant.conf"
  run prepare "$D" "$T/base.img"
  assert_failed_cleanly "$D" wifi
  [[ "$output" == *"YOUR_SSID"* ]]
  write_inputs "$D"
  sed -i '/^country=/d' "$D/wpa_supplicant.conf"
  run prepare "$D" "$T/base.img"
  assert_failed_cleanly "$D" wifi
  [[ "$output" == *"no country=XX line"* ]]
}

@test "malformed userconf.txt files fail with what is wrong" {
  local hash
  hash=$(openssl passwd -6 "$STRONG_PASSWORD")
  local -a cases=(
    "pi $hash|expected 'user:hash'"
    "Pi:$hash|user name 'Pi' is not valid"
    "9pi:$hash|user name '9pi' is not valid"
    "pi:$STRONG_PASSWORD|is not a crypt hash"
    "pi:\$6\$salt\$tooshort|is not a crypt hash"
    "root:$hash|cannot be root"
    "|is empty"
  )
  local c
  for c in "${cases[@]}"; do
    printf '%s\n' "${c%%|*}" >"$D/userconf.txt"
    [ -n "${c%%|*}" ] || : >"$D/userconf.txt"
    run prepare "$D" "$T/base.img"
    assert_failed_cleanly "$D" userconf
    [[ "$output" == *"${c#*|}"* ]] || { echo "case '${c%%|*}': $output"; return 1; }
  done
  printf 'pi:%s\r\n' "$hash" >"$D/userconf.txt"
  run prepare "$D" "$T/base.img"
  assert_failed_cleanly "$D" userconf
  [[ "$output" == *"Windows (CRLF) line endings"* ]]
  rm "$D/userconf.txt"
  run prepare "$D" "$T/base.img"
  assert_failed_cleanly "$D" userconf-missing
}

@test "a truncated .xz download fails and is removed from the cache" {
  mkdir -p "$D/src"
  head -c "$(($(stat -c %s "$T/base.img.xz") / 2))" "$T/base.img.xz" >"$D/src/base.img.xz"
  run prepare "$D" "file://$D/src/base.img.xz"
  assert_failed_cleanly "$D" image-damaged
  [[ "$output" == *"$D/cache/base.img.xz is damaged or truncated (xz: "*"removed it from the cache"* ]]
  [ ! -e "$D/cache/base.img.xz" ]
  # a local file is reported but never deleted
  run prepare "$D" "$D/src/base.img.xz"
  assert_failed_cleanly "$D" image-damaged
  [[ "$output" == *"download the image again"* ]]
  [ -f "$D/src/base.img.xz" ]
}

@test "a raw image cut short inside its root partition fails as truncated; a cached copy is removed" {
  mkdir -p "$D/src"
  head -c $((100 * 1024 * 1024)) "$T/base.img" >"$D/src/short.img"
  run prepare "$D" "$D/src/short.img"
  assert_failed_cleanly "$D" image-damaged
  [[ "$output" == *"short.img is damaged or truncated (its partitions end at byte 142606336 but the unpacked image has only 104857600 bytes)"* ]]
  [ -f "$D/src/short.img" ]
  run prepare "$D" "file://$D/src/short.img"
  assert_failed_cleanly "$D" image-damaged
  [[ "$output" == *"removed it from the cache"* ]]
  [ ! -e "$D/cache/short.img" ]
}

@test "a local image whose .sha256 does not match fails" {
  cp "$T/base.img" "$D/base.img"
  printf '%064d  base.img\n' 1 >"$D/base.img.sha256"
  run prepare "$D" "$D/base.img"
  assert_failed_cleanly "$D" checksum
}

@test "a file that is no disk image fails" {
  printf 'not an image\n' >"$D/notes.img"
  run prepare "$D" "$D/notes.img"
  assert_failed_cleanly "$D" image-format
}

@test "an image without cmdline.txt fails late and still leaves nothing behind" {
  cp "$T/base.img" "$D/nocmd.img"
  mdel -i "$(boot_dev "$D/nocmd.img")" ::/cmdline.txt
  run prepare "$D" "$D/nocmd.img"
  assert_failed_cleanly "$D" image-format
  [[ "$output" == *"no cmdline.txt"* ]]
}

@test "a failed run leaves an earlier vcpi.img as it was and says so" {
  printf 'earlier image' >"$D/out/vcpi.img"
  sed -i 's/psk=.*/psk="short"/' "$D/wpa_supplicant.conf"
  run prepare "$D" "$T/base.img"
  [ "$status" -ne 0 ]
  [ "$(cat "$D/out/vcpi.img")" = 'earlier image' ]
  [[ "$output" == *"was not written"*"is from an earlier run"* ]]
}

@test "usage errors: no image, an unknown option, an unsupported URL scheme, a missing file" {
  run prepare "$D"
  assert_failed_cleanly "$D" usage
  [[ "$output" == *"Usage: "* ]]
  run prepare "$D" --frobnicate "$T/base.img"
  assert_failed_cleanly "$D" usage
  run prepare "$D" "ftp://example.invalid/x.img"
  assert_failed_cleanly "$D" source
  run prepare "$D" "$D/missing.img"
  assert_failed_cleanly "$D" source
  run "$PREPARE" --help
  [ "$status" -eq 0 ]
  [[ "$output" == *"IMAGE_CACHE_DIR"*"USERCONF_PATH"*"ALLOW_INSECURE_DEFAULTS"* ]]
}

@test "an unexpected failure (a full disk, say) is reported as internal and leaves nothing behind" {
  mkdir -p "$D/bin"
  printf '#!/bin/sh\necho "cp: error writing: No space left on device" >&2\nexit 1\n' >"$D/bin/cp"
  chmod 755 "$D/bin/cp"
  PATH=$D/bin:$PATH run prepare "$D" "$T/base.img"
  assert_failed_cleanly "$D" internal
  [[ "$output" == *"No space left on device"*"error[internal]: fetch.sh:"*"cp --sparse=always"* ]]
}
