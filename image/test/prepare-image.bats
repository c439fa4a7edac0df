#!/usr/bin/env bats
# prepare-image.sh on a synthetic Pi-like image (MBR, FAT32 boot at 8 MiB, ext4 root with an /etc skeleton), built
# once per file; the result is read back with e2tools, debugfs and mtools.

load helpers/common

setup_file() {
  export T=$BATS_FILE_TMPDIR
  mkdir -p "$T/src"
  make_base_image "$T/src/base.img" 64
  xz -T0 -0 -k "$T/src/base.img"
  (cd "$T/src" && zip -q base.zip base.img)
  write_inputs "$T"
  local rc=0
  prepare "$T" "file://$T/src/base.img.xz" >"$T/first.log" 2>&1 || rc=$?
  echo "$rc" >"$T/first.status"
  export IMG=$T/out/vcpi.img
}

@test "builds vcpi.img from a file:// URL of an .img.xz, caching the download" {
  cat "$T/first.log"
  [ "$(cat "$T/first.status")" -eq 0 ]
  [ -f "$IMG" ]
  [ -f "$T/cache/base.img.xz" ]
  cmp "$T/cache/base.img.xz" "$T/src/base.img.xz"
  e2fsck -fn "$(root_dev "$IMG")"
}

@test "the WiFi profile is a root-owned 0600 NetworkManager keyfile with the SSID as bytes" {
  local f=/etc/NetworkManager/system-connections/vcpi-wifi-1.nmconnection
  [ "$(root_mode "$IMG" "$f")" = 0600 ]
  [ "$(root_owner "$IMG" "$f")" = 0:0 ]
  run root_cat "$IMG" "$f"
  [ "$status" -eq 0 ]
  [[ "$(grep '^uuid=' <<<"$output")" =~ ^uuid=[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$ ]]
  # "Studio Wi-Fi" byte by byte; the passphrase's spaces escaped so that none is trimmed
  diff <(printf '%s\n' "${lines[@]}" | grep -v '^uuid=') - <<'EOF'
# Written by vcpi prepare-image.sh from wpa_supplicant.conf (network 1)
[connection]
id=Studio\sWi-Fi
type=wifi
autoconnect=true
[wifi]
mode=infrastructure
ssid=83;116;117;100;105;111;32;87;105;45;70;105;
hidden=true
powersave=2
[wifi-security]
key-mgmt=wpa-psk
psk=long\senough\spassphrase
[ipv4]
method=auto
[ipv6]
addr-gen-mode=default
method=auto
EOF
}

@test "cmdline.txt stays one line and gains the regulatory domain" {
  run boot_cat "$IMG" cmdline.txt
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq 1 ]
  [ "$output" = "console=serial0,115200 console=tty1 root=PARTUUID=5e3da1b2-02 rootfstype=ext4 fsck.repair=yes rootwait cfg80211.ieee80211_regdom=BG" ]
  [ "$(boot_cat "$IMG" cmdline.txt | wc -l)" -eq 1 ]
  run boot_cat "$IMG" config.txt
  [[ "$output" == *"dtparam=audio=on"* ]]
}

@test "WiFi is switched on and its power save is off" {
  [ "$(root_cat "$IMG" '/var/lib/systemd/rfkill/platform-3f300000.mmcnr:wlan')" = 0 ]
  [ "$(root_cat "$IMG" '/var/lib/systemd/rfkill/platform-soc:bluetooth')" = 0 ]
  diff <(root_cat "$IMG" /var/lib/NetworkManager/NetworkManager.state) - <<'EOF'
[main]
WirelessEnabled=true
NetworkingEnabled=true
WWANEnabled=true
EOF
  run root_cat "$IMG" /etc/NetworkManager/conf.d/vcpi-wifi-powersave-off.conf
  [[ "$output" == *$'[connection]\nwifi.powersave=2'* ]]
}

@test "userconf.txt and the ssh flag are on the boot partition" {
  [ "$(boot_cat "$IMG" userconf.txt)" = "$(cat "$T/userconf.txt")" ]
  mdir -b -i "$(boot_dev "$IMG")" ::/ssh
}

@test "firstboot and payload units are installed from the commit and enabled offline" {
  local unit commit
  commit=$(image_commit "$IMG")
  git -C "$REPO_DIR" merge-base --is-ancestor "$commit" HEAD
  for unit in firstboot.service payload.service; do
    diff <(root_cat "$IMG" "/etc/systemd/system/$unit") <(git -C "$REPO_DIR" show "$commit:image/systemd/$unit")
    [ "$(root_mode "$IMG" "/etc/systemd/system/$unit")" = 0644 ]
    [ "$(root_link "$IMG" "/etc/systemd/system/multi-user.target.wants/$unit")" = "/etc/systemd/system/$unit" ]
  done
  # the image's own links are kept
  [ "$(root_link "$IMG" /etc/systemd/system/multi-user.target.wants/ssh.service)" = /lib/systemd/system/ssh.service ]
  run root_cat "$IMG" /etc/systemd/system/payload.service.d/10-user.conf
  [[ "$output" == *$'[Service]\nUser=pi'* ]]
  run root_cat "$IMG" /etc/default/vcpi
  [[ "$output" == *$'\nVCPI_USER=pi\n'* ]]
  diff <(root_cat "$IMG" /etc/profile.d/vcpi.sh) "$IMAGE_DIR/vcpi-profile.sh"
}

@test "the payload in /opt/vcpi is the project at its commit, owned by root, with its modes" {
  local got=$BATS_TEST_TMPDIR/got want=$BATS_TEST_TMPDIR/want
  mkdir -p "$got" "$want"
  git -C "$REPO_DIR" archive "$(image_commit "$IMG")" | tar -x -C "$want"
  debugfs -R "rdump /opt/vcpi $got" "$(root_dev "$IMG")" 2>/dev/null
  diff -r "$got/vcpi" "$want"
  [ ! -e "$got/vcpi/node_modules" ]
  [ "$(root_mode "$IMG" /opt/vcpi/image/setup.sh)" = 0755 ]
  [ "$(root_mode "$IMG" /opt/vcpi/image/cpu-governor.sh)" = 0755 ]
  [ "$(root_mode "$IMG" /opt/vcpi/image/systemd/payload.service)" = 0644 ]
  [ "$(root_mode "$IMG" /opt/vcpi/image)" = 0755 ]
  [ "$(root_owner "$IMG" /opt/vcpi/image/setup.sh)" = 0:0 ]
  [ "$(root_owner "$IMG" /opt/vcpi)" = 0:0 ]
}

@test "a second run uses the cached download, even with the source gone" {
  local d=$BATS_TEST_TMPDIR
  write_inputs "$d"
  mkdir -p "$d/cache" "$d/gone"
  cp "$T/src/base.img.xz" "$d/gone/base.img.xz"
  run prepare "$d" "file://$d/gone/base.img.xz"
  [ "$status" -eq 0 ]
  [[ "$output" == *"downloading file://$d/gone/base.img.xz"* ]]
  rm -r "$d/out" "$d/gone"
  run prepare "$d" "file://$d/gone/base.img.xz"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"using the cached $d/cache/base.img.xz"* ]]
  [[ "$output" != *downloading* ]]
  [ -f "$d/out/vcpi.img" ]
}

@test "--refresh and -r download again and replace the cached copy" {
  local d=$BATS_TEST_TMPDIR
  write_inputs "$d"
  mkdir -p "$d/cache" "$d/src"
  printf 'stale' >"$d/cache/base.img.xz"
  # the stale cached copy is not used: the image is downloaded again
  cp "$T/src/base.img.xz" "$d/src/"
  run prepare "$d" --refresh "file://$d/src/base.img.xz"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"downloading file://$d/src/base.img.xz"* ]]
  cmp "$d/cache/base.img.xz" "$d/src/base.img.xz"
  # with the source gone, -r must fail (it does not fall back on the cache) and leaves nothing half-made
  rm -r "$d/out" "$d/src"
  run prepare "$d" -r "file://$d/src/base.img.xz"
  assert_failed_cleanly "$d" download
  [ ! -e "$d/cache/base.img.xz.part" ]
}

@test "a local .img path and a local .zip both work; a local path is not cached; ENABLE_SSH=0 leaves SSH off" {
  local d=$BATS_TEST_TMPDIR
  write_inputs "$d"
  run prepare "$d" "$T/src/base.img"
  [ "$status" -eq 0 ]
  [[ "$output" == *"copying base.img"* ]]
  [ ! -e "$d/cache" ]
  mdir -b -i "$(boot_dev "$d/out/vcpi.img")" ::/ssh
  rm -r "$d/out"
  ENABLE_SSH=0 run prepare "$d" "$T/src/base.zip"
  [ "$status" -eq 0 ]
  [[ "$output" == *"unpacking base.zip (zip)"* ]]
  [ "$(root_cat "$d/out/vcpi.img" /etc/default/vcpi | grep -c '^VCPI_USER=pi$')" -eq 1 ]
  run mdir -b -i "$(boot_dev "$d/out/vcpi.img")" ::/ssh
  [ "$status" -ne 0 ]
}

@test "a .sha256 next to the image is verified: a match passes, a mismatch fails and is not cached" {
  local d=$BATS_TEST_TMPDIR
  write_inputs "$d"
  mkdir -p "$d/src"
  cp "$T/src/base.img.xz" "$d/src/"
  (cd "$d/src" && sha256sum base.img.xz >base.img.xz.sha256)
  run prepare "$d" "file://$d/src/base.img.xz"
  [ "$status" -eq 0 ]
  [[ "$output" == *"verifying SHA-256 of base.img.xz"* ]]
  [ -f "$d/cache/base.img.xz.sha256" ]
  rm -r "$d/out" "$d/cache"
  printf '%064d  base.img.xz\n' 0 >"$d/src/base.img.xz.sha256"
  run prepare "$d" "file://$d/src/base.img.xz"
  assert_failed_cleanly "$d" checksum
  [[ "$output" == *"does not match"* ]]
  [ ! -e "$d/cache/base.img.xz" ]
  [ ! -e "$d/cache/base.img.xz.part" ]
}

@test "an image that prepare-image.sh already made is refused" {
  local d=$BATS_TEST_TMPDIR
  write_inputs "$d"
  run prepare "$d" "$IMG"
  assert_failed_cleanly "$d" payload
  [[ "$output" == *"already has /opt/vcpi"* ]]
}

@test "runs as an unprivileged user, and what it writes into the image is still owned by root" {
  local d as_user=()
  # outside bats' own temporary directory, which only root may enter
  d=$(mktemp -d /tmp/vcpi-unprivileged.XXXXXX)
  echo "$d" >"$BATS_TEST_TMPDIR/unprivileged-dir"
  chmod 755 "$d"
  write_inputs "$d"
  cp --sparse=always "$T/src/base.img" "$d/"
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u nobody -- test -x "$PREPARE" || skip "the checkout is not readable by 'nobody'"
    chown -R nobody "$d"
    # git refuses a repository owned by someone else unless told it is safe
    as_user=(runuser -u nobody -- env HOME="$d" GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=safe.directory
      GIT_CONFIG_VALUE_0="*")
  fi
  run "${as_user[@]}" env WPA_SUPPLICANT_PATH="$d/wpa_supplicant.conf" USERCONF_PATH="$d/userconf.txt" \
    OUTPUT_IMAGE="$d/vcpi.img" IMAGE_CACHE_DIR="$d/cache" "$PREPARE" "$d/base.img"
  echo "$output"
  [ "$status" -eq 0 ]
  [ "$(stat -c %u "$d/vcpi.img")" -ne 0 ] || [ "$(id -u)" -ne 0 ]
  [ "$(root_owner "$d/vcpi.img" /opt/vcpi/image/setup.sh)" = 0:0 ]
  [ "$(root_owner "$d/vcpi.img" /etc/NetworkManager/system-connections/vcpi-wifi-1.nmconnection)" = 0:0 ]
  [ "$(root_mode "$d/vcpi.img" /etc/NetworkManager/system-connections/vcpi-wifi-1.nmconnection)" = 0600 ]
  [ "$(root_owner "$d/vcpi.img" /etc/systemd/system/multi-user.target.wants/payload.service)" = 0:0 ]
}

teardown() {
  [ ! -f "$BATS_TEST_TMPDIR/unprivileged-dir" ] || rm -rf -- "$(cat "$BATS_TEST_TMPDIR/unprivileged-dir")"
}

@test "vcpi.img holds the WiFi password, so only its owner may read it" {
  [ "$(stat -c %a "$IMG")" = 600 ]
}
