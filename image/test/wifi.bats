#!/usr/bin/env bats
# wpa_supplicant.conf → NetworkManager keyfiles (image/lib/wifi.sh), case by case, and the kernel command line edit.

# shellcheck source-path=SCRIPTDIR
load helpers/common

setup() {
  # shellcheck source=../lib/common.sh
  . "$IMAGE_DIR/lib/common.sh"
  # shellcheck source=../lib/wifi.sh
  . "$IMAGE_DIR/lib/wifi.sh"
  # shellcheck source=../lib/configure.sh
  . "$IMAGE_DIR/lib/configure.sh"
  D=$BATS_TEST_TMPDIR
  CONF=$D/wpa_supplicant.conf
  OUT=$D/nm
  mkdir -p "$OUT"
}

# conf NETWORK_LINES...: a wpa_supplicant.conf with country=DE and one network block of these lines
conf() {
  { printf 'country=DE\nnetwork={\n'; printf ' %s\n' "$@"; printf '}\n'; } >"$CONF"
}

# key FILE KEY: the value of KEY in a keyfile
key() { sed -n "s/^$2=//p" "$1"; }

@test "hex SSID and a 64-hex-digit key pass through as bytes and lower-case hex" {
  local k=0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789ABCDEF
  conf 'ssid=4d79004e6574' "psk=$k"
  wifi_parse "$CONF" "$OUT"
  [ "$WIFI_COUNTRY" = DE ]
  [ "$WIFI_NETWORKS" -eq 1 ]
  local f=$OUT/vcpi-wifi-1.nmconnection
  [ "$(key "$f" ssid)" = '77;121;0;78;101;116;' ]
  [ "$(key "$f" psk)" = "${k,,}" ]
  [ "$(key "$f" id)" = vcpi-wifi-1 ]  # not printable: a generic name
  [ "$(key "$f" key-mgmt)" = wpa-psk ]
  [ -z "$(key "$f" hidden)" ]
  [ "$(stat -c %a "$f")" = 600 ]
}

@test "P\"…\" SSIDs decode escapes; any byte survives, quotes and backslashes included" {
  conf 'ssid=P"a\"b\x00c\\d\xff"' 'psk="12345678"'
  wifi_parse "$CONF" "$OUT"
  [ "$(key "$OUT/vcpi-wifi-1.nmconnection" ssid)" = '97;34;98;0;99;92;100;255;' ]
}

@test "a printable SSID names the profile, escaped for the keyfile; UTF-8 bytes are kept" {
  conf 'ssid=" back\slash "' 'psk="12345678"'
  wifi_parse "$CONF" "$OUT"
  [ "$(key "$OUT/vcpi-wifi-1.nmconnection" id)" = '\sback\\slash\s' ]
  conf 'ssid="Café"' 'psk="12345678"'
  wifi_parse "$CONF" "$OUT"
  [ "$(key "$OUT/vcpi-wifi-1.nmconnection" ssid)" = '67;97;102;195;169;' ]
}

@test "passphrases of 8 and 63 characters pass; 7, 64 and non-ASCII fail; spaces and backslashes are escaped" {
  conf 'ssid="n"' 'psk="8 chars\"'
  wifi_parse "$CONF" "$OUT"
  # shellcheck disable=SC1003  # the backslashes are the expected text
  [ "$(key "$OUT/vcpi-wifi-1.nmconnection" psk)" = '8\schars\\' ]
  conf 'ssid="n"' "psk=\"$(printf 'a%.0s' {1..63})\""
  wifi_parse "$CONF" "$OUT"
  conf 'ssid="n"' 'psk="1234567"'
  run wifi_parse "$CONF" "$OUT"
  [ "$status" -ne 0 ]
  [[ "$output" == *"error[wifi]: $CONF:4: psk is 7 characters long"* ]]
  conf 'ssid="n"' "psk=\"$(printf 'a%.0s' {1..64})\""
  run wifi_parse "$CONF" "$OUT"
  [[ "$output" == *"psk is 64 characters long"* ]]
  conf 'ssid="n"' 'psk="pässwörd1"'
  run wifi_parse "$CONF" "$OUT"
  [[ "$output" == *"error[wifi]: $CONF:4: psk contains a character outside printable ASCII"* ]]
  conf 'ssid="n"' "psk=$(printf 'a%.0s' {1..63})"
  run wifi_parse "$CONF" "$OUT"
  [[ "$output" == *"psk must be a \"quoted passphrase\" of 8 to 63 characters or exactly 64 hex digits"* ]]
}

@test "scan_ssid=1 makes the network hidden; priority and power save are written" {
  conf 'ssid="n"' 'psk="12345678"' 'scan_ssid=1' 'priority=5'
  wifi_parse "$CONF" "$OUT"
  local f=$OUT/vcpi-wifi-1.nmconnection
  [ "$(key "$f" hidden)" = true ]
  [ "$(key "$f" autoconnect-priority)" = 5 ]
  [ "$(key "$f" powersave)" = 2 ]
}

@test "key_mgmt: NONE is an open network, SAE is WPA3, WPA-PSK SAE is the WPA2/3 transition" {
  conf 'ssid="open"' 'key_mgmt=NONE'
  wifi_parse "$CONF" "$OUT"
  refute_grep 'wifi-security' "$OUT/vcpi-wifi-1.nmconnection"
  conf 'ssid="w3"' 'key_mgmt=SAE' 'psk="wpa3 passphrase"'
  wifi_parse "$CONF" "$OUT"
  [ "$(key "$OUT/vcpi-wifi-1.nmconnection" key-mgmt)" = sae ]
  [ "$(key "$OUT/vcpi-wifi-1.nmconnection" psk)" = 'wpa3\spassphrase' ]
  conf 'ssid="w3"' 'key_mgmt=SAE' 'sae_password="from sae_password"'
  wifi_parse "$CONF" "$OUT"
  [ "$(key "$OUT/vcpi-wifi-1.nmconnection" psk)" = 'from\ssae_password' ]
  conf 'ssid="mixed"' 'key_mgmt=WPA-PSK SAE' 'psk="12345678"'
  wifi_parse "$CONF" "$OUT"
  [ "$(key "$OUT/vcpi-wifi-1.nmconnection" key-mgmt)" = wpa-psk ]
}

@test "unsupported or inconsistent security settings fail with the line" {
  conf 'ssid="open"' 'key_mgmt=NONE' 'psk="12345678"'
  run wifi_parse "$CONF" "$OUT"
  [[ "$output" == *"$CONF:5: key_mgmt=NONE (an open network) but a password is given"* ]]
  conf 'ssid="w3"' 'key_mgmt=SAE' "psk=$(printf 'a%.0s' {1..64})"
  run wifi_parse "$CONF" "$OUT"
  [[ "$output" == *"key_mgmt=SAE needs the passphrase in quotes"* ]]
  conf 'ssid="corp"' 'key_mgmt=WPA-EAP' 'identity="me"'
  run wifi_parse "$CONF" "$OUT"
  [[ "$output" == *"$CONF:4: key_mgmt=WPA-EAP is not supported"* ]]
  conf 'ssid="old"' 'key_mgmt=NONE' 'wep_key0="abcde"'
  run wifi_parse "$CONF" "$OUT"
  [[ "$output" == *"WEP keys are not supported"* ]]
  conf 'ssid="n"'
  run wifi_parse "$CONF" "$OUT"
  [[ "$output" == *"$CONF:2: the network has no psk="* ]]
}

@test "malformed files fail: no ssid, a long ssid, an open block, a bad country, no network, junk" {
  conf 'psk="12345678"'
  run wifi_parse "$CONF" "$OUT"
  [[ "$output" == *"$CONF:2: the network has no ssid"* ]]
  conf "ssid=\"$(printf 'x%.0s' {1..33})\"" 'psk="12345678"'
  run wifi_parse "$CONF" "$OUT"
  [[ "$output" == *"the ssid is 33 bytes; at most 32 are allowed"* ]]
  printf 'country=DE\nnetwork={\n ssid="n"\n' >"$CONF"
  run wifi_parse "$CONF" "$OUT"
  [[ "$output" == *"$CONF:2: network={ is never closed"* ]]
  printf 'country=Germany\n' >"$CONF"
  run wifi_parse "$CONF" "$OUT"
  [[ "$output" == *"$CONF:1: country=Germany is not a two-letter country code"* ]]
  printf 'country=DE\n' >"$CONF"
  run wifi_parse "$CONF" "$OUT"
  [[ "$output" == *"has no (enabled) network={ ... } block"* ]]
  printf 'country=DE\nwhat is this\n' >"$CONF"
  run wifi_parse "$CONF" "$OUT"
  [[ "$output" == *"$CONF:2: cannot read 'what is this'"* ]]
  conf 'ssid=zz' 'psk="12345678"'
  run wifi_parse "$CONF" "$OUT"
  [[ "$output" == *"ssid=zz is neither a \"quoted string\""* ]]
}

@test "several networks, disabled ones skipped, comments and CRLF line ends understood" {
  printf '%s\r\n' '# home and studio' 'country=fr' 'network={' ' ssid="home"' ' psk="pass#word1" # not part of it' \
    '}' 'network={' ' ssid="off"' ' psk="12345678"' ' disabled=1' '}' 'network={' '  ssid = "studio"' \
    ' psk="87654321"' '}' >"$CONF"
  wifi_parse "$CONF" "$OUT"
  [ "$WIFI_COUNTRY" = FR ]
  [ "$WIFI_NETWORKS" -eq 2 ]
  [ "$(key "$OUT/vcpi-wifi-1.nmconnection" psk)" = 'pass#word1' ]
  [ "$(key "$OUT/vcpi-wifi-2.nmconnection" id)" = studio ]
  [ ! -e "$OUT/vcpi-wifi-3.nmconnection" ]
  [ "$(key "$OUT/vcpi-wifi-1.nmconnection" uuid)" != "$(key "$OUT/vcpi-wifi-2.nmconnection" uuid)" ]
}

@test "profile UUIDs are stable: the same input gives the same file" {
  conf 'ssid="n"' 'psk="12345678"'
  wifi_parse "$CONF" "$OUT"
  cp "$OUT/vcpi-wifi-1.nmconnection" "$D/first"
  wifi_parse "$CONF" "$OUT"
  cmp "$D/first" "$OUT/vcpi-wifi-1.nmconnection"
}

@test "the regulatory domain is appended to the kernel command line, replacing an earlier one" {
  [ "$(cmdline_with_regdom 'console=tty1 root=PARTUUID=1-02 rootwait' BG)" = \
    'console=tty1 root=PARTUUID=1-02 rootwait cfg80211.ieee80211_regdom=BG' ]
  [ "$(cmdline_with_regdom 'a cfg80211.ieee80211_regdom=US  b *' DE)" = 'a b * cfg80211.ieee80211_regdom=DE' ]
}
