# Writing the user's settings into the image: WiFi profiles and regulatory domain, WiFi switched on with power save
# off, the first user's credentials and SSH. Sourced by prepare-image.sh, never run.
# shellcheck shell=bash

# cmdline_with_regdom LINE COUNTRY: the kernel command line with cfg80211.ieee80211_regdom set to COUNTRY (an
# existing setting is replaced, everything else kept in order)
cmdline_with_regdom() {
  local word words=() out=()
  read -ra words <<<"$1"
  for word in "${words[@]}"; do
    case "$word" in cfg80211.ieee80211_regdom=*) continue ;; esac
    out+=("$word")
  done
  out+=("cfg80211.ieee80211_regdom=$2")
  printf '%s\n' "${out[*]}"
}

# boot_configure USERCONF COUNTRY: userconf.txt, the ssh flag file and the regulatory domain on the boot partition.
# cmdline.txt must stay one line: the firmware reads only the first.
boot_configure() {
  local userconf=$1 country=$2 cmdline lines
  boot_has cmdline.txt || fail image-format "the boot partition has no cmdline.txt; is this a Raspberry Pi OS image?"
  boot_cat cmdline.txt >"$WORK/cmdline.orig" || fail boot-fs "cannot read cmdline.txt from the boot partition"
  lines=$(grep -c -v '^[[:space:]]*$' "$WORK/cmdline.orig" || true)
  [ "$lines" -le 1 ] || fail image-format "cmdline.txt in the image has $lines lines; the firmware reads only the" \
    "first, so the image is not usable as it is"
  cmdline=$(tr -d '\r\n' <"$WORK/cmdline.orig")
  cmdline_with_regdom "$cmdline" "$country" >"$WORK/cmdline.txt"
  boot_put "$WORK/cmdline.txt" cmdline.txt
  head -n 1 -- "$userconf" >"$WORK/userconf.txt"
  boot_put "$WORK/userconf.txt" userconf.txt
  if [ "${ENABLE_SSH:-1}" = 1 ]; then
    : >"$WORK/ssh"
    boot_put "$WORK/ssh" ssh
  fi
}

# network_queue KEYFILE_DIR: the NetworkManager profiles (0600, root), power save off for every WiFi connection,
# and WiFi switched on: Raspberry Pi OS ships it rfkill-blocked until a country is set (as raspi-config does, the
# saved rfkill states of the wlan devices become 0) and NetworkManager's saved radio state is set to on.
network_queue() {
  local dir=$1 keyfile name state=$WORK/NetworkManager.state conf=$WORK/wifi-powersave.conf
  root_mkdir_p /etc/NetworkManager/system-connections
  for keyfile in "$dir"/*.nmconnection; do
    root_put "$keyfile" "/etc/NetworkManager/system-connections/$(basename -- "$keyfile")" 600
  done
  printf '# Written by vcpi prepare-image.sh: WiFi power save adds latency spikes; keep the radio awake.\n' >"$conf"
  printf '[connection]\nwifi.powersave=2\n' >>"$conf"
  root_mkdir_p /etc/NetworkManager/conf.d
  root_put "$conf" /etc/NetworkManager/conf.d/vcpi-wifi-powersave-off.conf 644
  if root_exists /var/lib/systemd/rfkill; then
    printf '0\n' >"$WORK/rfkill-unblocked"
    while IFS= read -r name; do
      case "$name" in *:wlan) root_put "$WORK/rfkill-unblocked" "/var/lib/systemd/rfkill/$name" 644 ;; esac
    done < <(root_ls /var/lib/systemd/rfkill)
  fi
  : >"$state.orig"
  if root_exists /var/lib/NetworkManager/NetworkManager.state; then
    root_cat /var/lib/NetworkManager/NetworkManager.state >"$state.orig"
  fi
  awk 'BEGIN { done = 0 }
    /^WirelessEnabled=/ { next }
    { print }
    /^\[main\]/ && !done { print "WirelessEnabled=true"; done = 1 }
    END { if (!done) print "[main]\nNetworkingEnabled=true\nWirelessEnabled=true" }' "$state.orig" >"$state"
  root_mkdir_p /var/lib/NetworkManager
  root_put "$state" /var/lib/NetworkManager/NetworkManager.state 644
}
