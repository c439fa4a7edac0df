# wpa_supplicant.conf → NetworkManager keyfiles (Raspberry Pi OS Bookworm and later run NetworkManager).
# Sourced by prepare-image.sh and the tests, never run.
#
# Understood: country=XX; network={...} blocks with ssid ("text", hex bytes or P"escaped"), psk ("passphrase" or
# 64 hex digits), sae_password, key_mgmt (WPA-PSK, SAE, NONE), scan_ssid=1 (hidden network), priority, disabled=1.
# The SSID is written as a byte list so that any byte survives; the passphrase is checked as WPA requires.
# shellcheck shell=bash

WIFI_COUNTRY=
WIFI_NETWORKS=0

# wifi_fail LINE MESSAGE...: a wpa_supplicant.conf error, naming the file and line
wifi_fail() {
  local line=$1
  shift
  fail wifi "$WIFI_CONF:$line: $*"
}

# strip_comment TEXT: TEXT without a '#' comment outside double quotes, trimmed
strip_comment() {
  local text=$1 out='' quoted=0 i ch
  for ((i = 0; i < ${#text}; i++)); do
    ch=${text:i:1}
    [ "$ch" = '"' ] && quoted=$((1 - quoted))
    [ "$ch" = '#' ] && [ "$quoted" -eq 0 ] && break
    out+=$ch
  done
  out=${out#"${out%%[![:space:]]*}"}
  printf '%s' "${out%"${out##*[![:space:]]}"}"
}

# wpa_value_hex VALUE LINE FIELD: the bytes of a wpa_supplicant string value as hex: "text", P"escaped" or hex
wpa_value_hex() {
  local v=$1 line=$2 field=$3 body
  case "$v" in
    '"'*'"')
      body=${v#\"}
      printf '%s' "${body%\"}" | hex_bytes
      ;;
    'P"'*'"')
      body=${v#P\"}
      body=${body%\"}
      body=${body//\\\"/\\x22}
      printf '%b' "$body" | hex_bytes
      ;;
    *)
      [[ "$v" =~ ^([0-9a-fA-F]{2})+$ ]] || wifi_fail "$line" "$field=$v is neither a \"quoted string\"," \
        "P\"escaped string\" nor hex bytes"
      printf '%s' "${v,,}"
      ;;
  esac
}

# hex_to_byte_list HEX: "72;101;…;" as NetworkManager's keyfile writes an SSID byte list
hex_to_byte_list() {
  local hex=$1 i
  for ((i = 0; i < ${#hex}; i += 2)); do printf '%d;' "0x${hex:i:2}"; done
}

# hex_to_text HEX: the bytes themselves
hex_to_text() {
  local hex=$1 esc='' i
  for ((i = 0; i < ${#hex}; i += 2)); do esc+="\\x${hex:i:2}"; done
  printf '%b' "$esc"
}

# hex_is_printable HEX: every byte is printable ASCII (0x20-0x7e)
hex_is_printable() {
  local hex=$1 i b
  for ((i = 0; i < ${#hex}; i += 2)); do
    b=$((16#${hex:i:2}))
    [ "$b" -ge 32 ] && [ "$b" -le 126 ] || return 1
  done
}

# keyfile_escape TEXT: a GKeyFile string value (backslash doubled, spaces as \s so none is trimmed)
keyfile_escape() {
  local v=${1//\\/\\\\}
  printf '%s' "${v// /\\s}"
}

# stable_uuid NAME: a name-based UUID (SHA-1, version 5 layout), so the same input gives the same profile
stable_uuid() {
  local h
  h=$(printf 'vcpi-wifi/%s' "$1" | sha1sum | cut -c1-32)
  printf '%s-%s-5%s-%x%s-%s\n' "${h:0:8}" "${h:8:4}" "${h:13:3}" $(((16#${h:16:1} & 3) | 8)) "${h:17:3}" "${h:20:12}"
}

# check_passphrase TEXT LINE FIELD: WPA passphrases are 8-63 printable ASCII characters
check_passphrase() {
  local p=$1 hex
  local LC_ALL=C
  if [ "${#p}" -lt 8 ] || [ "${#p}" -gt 63 ]; then
    wifi_fail "$2" "$3 is ${#p} characters long; a WPA passphrase has 8 to 63 characters (or give the" \
      "64-hex-digit key unquoted)"
  fi
  hex=$(printf '%s' "$p" | hex_bytes)
  hex_is_printable "$hex" || wifi_fail "$2" "$3 contains a character outside printable ASCII, which WPA" \
    "passphrases cannot hold"
}

# Fields of the network block being read (reset by net_reset).
net_reset() {
  N_LINE=$1 N_SSID='' N_SSID_TEXT='' N_PSK='' N_PSK_LINE='' N_SAE='' N_SAE_LINE='' N_KEY_MGMT='' N_KEY_MGMT_LINE=''
  N_HIDDEN=0 N_PRIORITY='' N_DISABLED=0 N_WEP=0 N_MODE='' N_SECRET='' N_SECRET_IS_KEY=0 N_SECRET_LINE=$1
}

# net_field KEY VALUE LINE: record one key=value of a network block
net_field() {
  local key=$1 value=$2 line=$3
  case "$key" in
    ssid)
      N_SSID=$(wpa_value_hex "$value" "$line" ssid) || exit 1
      N_SSID_TEXT=''
      if [[ "$value" == '"'*'"' ]]; then
        N_SSID_TEXT=${value#\"}
        N_SSID_TEXT=${N_SSID_TEXT%\"}
      fi
      ;;
    psk) N_PSK=$value N_PSK_LINE=$line ;;
    sae_password) N_SAE=$value N_SAE_LINE=$line ;;
    key_mgmt) N_KEY_MGMT=$value N_KEY_MGMT_LINE=$line ;;
    scan_ssid) N_HIDDEN=$([ "$value" = 1 ] && echo 1 || echo 0) ;;
    priority)
      [[ "$value" =~ ^-?[0-9]+$ ]] || wifi_fail "$line" "priority=$value is not a whole number"
      N_PRIORITY=$value
      ;;
    disabled) N_DISABLED=$([ "$value" = 1 ] && echo 1 || echo 0) ;;
    wep_key[0-3] | wep_tx_keyidx) N_WEP=1 ;;
  esac
}

# net_security: set N_MODE (wpa-psk, sae or none) and N_SECRET for the block, checking the secret
net_security() {
  local mgmt=" ${N_KEY_MGMT:-WPA-PSK} "
  N_SECRET=
  [ "$N_WEP" -eq 0 ] || wifi_fail "$N_LINE" "WEP keys are not supported (WEP is broken); use WPA2 or WPA3"
  case "$mgmt" in
    *' WPA-PSK '* | *' WPA-PSK-SHA256 '*) N_MODE=wpa-psk ;;
    *' SAE '* | *' FT-SAE '*) N_MODE=sae ;;
    ' NONE ') N_MODE=none ;;
    *) wifi_fail "${N_KEY_MGMT_LINE:-$N_LINE}" "key_mgmt=$N_KEY_MGMT is not supported; use WPA-PSK, SAE or NONE" ;;
  esac
  case "$N_MODE" in
    none)
      [ -z "$N_PSK$N_SAE" ] || wifi_fail "${N_PSK_LINE:-$N_SAE_LINE}" "key_mgmt=NONE (an open network) but a" \
        "password is given; remove it or set key_mgmt=WPA-PSK"
      ;;
    wpa-psk)
      [ -n "$N_PSK" ] || wifi_fail "$N_LINE" "the network has no psk=\"passphrase\" (key_mgmt=NONE for an open one)"
      net_secret "$N_PSK" "$N_PSK_LINE" psk
      ;;
    sae)
      if [ -n "$N_SAE" ]; then
        net_secret "$N_SAE" "$N_SAE_LINE" sae_password
      elif [ -n "$N_PSK" ]; then
        net_secret "$N_PSK" "$N_PSK_LINE" psk
      else
        wifi_fail "$N_LINE" "key_mgmt=SAE needs psk=\"passphrase\" or sae_password=\"passphrase\""
      fi
      [ "$N_SECRET_IS_KEY" -eq 0 ] || wifi_fail "$N_SECRET_LINE" "key_mgmt=SAE needs the passphrase in quotes," \
        "not a 64-hex-digit key"
      ;;
  esac
}

# net_secret VALUE LINE FIELD: set N_SECRET from a quoted passphrase (checked) or an unquoted 64-hex-digit key
net_secret() {
  local v=$1 line=$2 field=$3 p
  N_SECRET_LINE=$line
  case "$v" in
    '"'*'"')
      p=${v#\"}
      p=${p%\"}
      [ "$p" != YOUR_PASSWORD ] || wifi_fail "$line" "$field is still the example's YOUR_PASSWORD; put your" \
        "network's password there"
      check_passphrase "$p" "$line" "$field"
      N_SECRET=$p
      N_SECRET_IS_KEY=0
      ;;
    *)
      [[ "$v" =~ ^[0-9a-fA-F]{64}$ ]] || wifi_fail "$line" "$field must be a \"quoted passphrase\" of 8 to 63" \
        "characters or exactly 64 hex digits (got ${#v} unquoted characters)"
      N_SECRET=${v,,}
      N_SECRET_IS_KEY=1
      ;;
  esac
}

# net_write OUTDIR: write the current block as OUTDIR/vcpi-wifi-N.nmconnection
net_write() {
  local out=$1 id file
  [ -n "$N_SSID" ] || wifi_fail "$N_LINE" "the network has no ssid"
  [ $((${#N_SSID} / 2)) -le 32 ] || wifi_fail "$N_LINE" "the ssid is $((${#N_SSID} / 2)) bytes; at most 32 are allowed"
  [ "$N_SSID_TEXT" != YOUR_SSID ] || wifi_fail "$N_LINE" "ssid is still the example's YOUR_SSID; put your" \
    "network's name there"
  net_security
  WIFI_NETWORKS=$((WIFI_NETWORKS + 1))
  id=vcpi-wifi-$WIFI_NETWORKS
  ! hex_is_printable "$N_SSID" || id=$(hex_to_text "$N_SSID")
  file=$out/vcpi-wifi-$WIFI_NETWORKS.nmconnection
  {
    printf '# Written by vcpi prepare-image.sh from wpa_supplicant.conf (network %s)\n' "$WIFI_NETWORKS"
    printf '[connection]\nid=%s\nuuid=%s\ntype=wifi\nautoconnect=true\n' "$(keyfile_escape "$id")" \
      "$(stable_uuid "$WIFI_NETWORKS/$N_SSID")"
    [ -z "$N_PRIORITY" ] || printf 'autoconnect-priority=%s\n' "$N_PRIORITY"
    printf '\n[wifi]\nmode=infrastructure\nssid=%s\n' "$(hex_to_byte_list "$N_SSID")"
    [ "$N_HIDDEN" -eq 0 ] || printf 'hidden=true\n'
    printf 'powersave=2\n'
    if [ "$N_MODE" != none ]; then
      printf '\n[wifi-security]\nkey-mgmt=%s\npsk=%s\n' "$N_MODE" "$(keyfile_escape "$N_SECRET")"
    fi
    printf '\n[ipv4]\nmethod=auto\n\n[ipv6]\naddr-gen-mode=default\nmethod=auto\n'
  } >"$file"
  chmod 600 "$file"
}

# wifi_parse CONF OUTDIR: read CONF, write one keyfile a network into OUTDIR, set WIFI_COUNTRY and WIFI_NETWORKS
wifi_parse() {
  WIFI_CONF=$1
  local out=$2 raw text key value n=0 in_block=0
  WIFI_COUNTRY=
  WIFI_NETWORKS=0
  [ -f "$WIFI_CONF" ] || fail wifi-missing "no $WIFI_CONF: create it (see wpa_supplicant.example.conf) with your" \
    "network's name and password, or set WPA_SUPPLICANT_PATH to where it is"
  while IFS= read -r raw || [ -n "$raw" ]; do
    n=$((n + 1))
    text=$(strip_comment "${raw%$'\r'}") || exit 1
    [ -n "$text" ] || continue
    if [ "$in_block" -eq 0 ]; then
      if [[ "$text" =~ ^network[[:space:]]*=[[:space:]]*\{$ ]]; then
        in_block=1
        net_reset "$n"
        continue
      fi
      [[ "$text" == *=* ]] || wifi_fail "$n" "cannot read '$text' (expected key=value or network={)"
      key=${text%%=*}
      value=${text#*=}
      if [ "$key" = country ]; then
        [[ "$value" =~ ^[A-Za-z]{2}$ ]] || wifi_fail "$n" "country=$value is not a two-letter country code (ISO 3166)"
        WIFI_COUNTRY=${value^^}
      fi
      continue
    fi
    if [ "$text" = '}' ]; then
      in_block=0
      [ "$N_DISABLED" -eq 1 ] || net_write "$out"
      continue
    fi
    [[ "$text" == *=* ]] || wifi_fail "$n" "cannot read '$text' inside network={ } (expected key=value)"
    key=${text%%=*}
    key=${key%"${key##*[![:space:]]}"}
    value=${text#*=}
    value=${value#"${value%%[![:space:]]*}"}
    net_field "$key" "$value" "$n"
  done <"$WIFI_CONF"
  [ "$in_block" -eq 0 ] || wifi_fail "$N_LINE" "network={ is never closed with }"
  [ "$WIFI_NETWORKS" -gt 0 ] || fail wifi "$WIFI_CONF has no (enabled) network={ ... } block"
  [ -n "$WIFI_COUNTRY" ] || fail wifi "$WIFI_CONF has no country=XX line; Raspberry Pi OS keeps WiFi off until" \
    "the country is set (e.g. country=BG)"
}
