# userconf.txt: the first user's name and password hash, read by Raspberry Pi OS on first boot (userconf-pi).
# Validated as userconf-pi reads it, and refused when the password is a known default. Sourced, never run.
#
# Known defaults are found by hashing each candidate with the file's own salt and settings (crypt(3) through perl,
# whose crypt() is the system's libcrypt: yescrypt, SHA-512/256, bcrypt, MD5 all work on Debian bookworm).
# shellcheck shell=bash disable=SC2034  # its globals are read by the scripts that source it

USERCONF_USER=

# Passwords that ship in examples, tutorials and old images, checked besides the user name itself.
KNOWN_DEFAULT_PASSWORDS=(raspberry vcpi pi password changeme admin root toor default secret letmein qwerty
  123456 1234 12345678 123456789 raspberrypi vcpi123 linkvst your-strong-password YOUR_PASSWORD)

# crypt_with_setting PASSWORD HASH: PASSWORD hashed with HASH's method, cost and salt
crypt_with_setting() { perl -e 'print crypt($ARGV[0], $ARGV[1]) // "*"' -- "$1" "$2"; }

# hash_method HASH: a short name of the crypt method, or nothing when HASH is not a crypt hash we accept
hash_method() {
  local h=$1
  local b64='[./A-Za-z0-9]'
  if [[ "$h" =~ ^\$y\$$b64+\$$b64+\$$b64{43}$ ]]; then echo yescrypt
  elif [[ "$h" =~ ^\$gy\$$b64+\$$b64+\$$b64{43}$ ]]; then echo gost-yescrypt
  elif [[ "$h" =~ ^\$7\$$b64{11,}\$$b64{43}$ ]]; then echo scrypt
  elif [[ "$h" =~ ^\$6\$(rounds=[0-9]+\$)?[^\$:]{1,16}\$$b64{86}$ ]]; then echo sha512crypt
  elif [[ "$h" =~ ^\$5\$(rounds=[0-9]+\$)?[^\$:]{1,16}\$$b64{43}$ ]]; then echo sha256crypt
  elif [[ "$h" =~ ^\$2[aby]\$[0-9]{2}\$$b64{53}$ ]]; then echo bcrypt
  elif [[ "$h" =~ ^\$1\$[^\$:]{1,8}\$$b64{22}$ ]]; then echo md5crypt
  fi
}

# userconf_check FILE: validate FILE, set USERCONF_USER; refuse known default passwords and weak hashing unless
# ALLOW_INSECURE_DEFAULTS=1.
userconf_check() {
  local file=$1 first rest user hash method candidate
  local hint="create it with: printf 'pi:%s\\n' \"\$(openssl passwd -6)\" > userconf.txt"
  [ -f "$file" ] || fail userconf-missing "no $file; $hint (or set USERCONF_PATH to where it is)"
  IFS= read -r first <"$file" || [ -n "$first" ] || fail userconf "$file is empty; $hint"
  [[ "$first" != *$'\r' ]] || fail userconf "$file has Windows (CRLF) line endings, which userconf-pi would keep" \
    "in the password hash; convert it (e.g. sed -i 's/\\r\$//' $file)"
  rest=$(tail -n +2 -- "$file" | grep -c -v '^[[:space:]]*$' || true)
  [ "$rest" -eq 0 ] || warn "$file: only the first line is read; the $rest other line(s) are ignored"
  [[ "$first" == *:* ]] || fail userconf "$file:1: expected 'user:hash' (e.g. pi:\$6\$…); $hint"
  user=${first%%:*}
  hash=${first#*:}
  [[ "$user" =~ ^[a-z][a-z0-9-]*$ ]] || fail userconf "$file:1: user name '$user' is not valid (a lower-case" \
    "letter, then lower-case letters, digits or '-')"
  [ "${#user}" -le 32 ] || fail userconf "$file:1: user name '$user' is longer than 32 characters"
  [ "$user" != root ] || fail userconf "$file:1: the first user cannot be root; pick another name (e.g. pi)"
  [[ "$hash" != *:* ]] || fail userconf "$file:1: expected exactly one ':' between user and hash"
  method=$(hash_method "$hash")
  [ -n "$method" ] || fail userconf "$file:1: the password field is not a crypt hash (\$y\$…, \$6\$…, \$5\$…," \
    "\$2b\$…); a plain-text password does not work — $hint"
  [ "$(crypt_with_setting "" "$hash" | cut -c1-3)" = "${hash:0:3}" ] || fail userconf "$file:1: this machine's" \
    "crypt(3) does not support $method hashes, so the password cannot be checked; use openssl passwd -6"
  USERCONF_USER=$user
  if [ "$method" = md5crypt ] && [ "${ALLOW_INSECURE_DEFAULTS:-0}" != 1 ]; then
    fail userconf-insecure "$file:1: MD5 password hashes (\$1\$) are quick to crack; use openssl passwd -6" \
      "(or set ALLOW_INSECURE_DEFAULTS=1 to use it anyway)"
  fi
  for candidate in "${KNOWN_DEFAULT_PASSWORDS[@]}" "$user"; do
    [ "$(crypt_with_setting "$candidate" "$hash")" = "$hash" ] || continue
    if [ "${ALLOW_INSECURE_DEFAULTS:-0}" = 1 ]; then
      warn "$file: the password of '$user' is the well-known '$candidate' (allowed by ALLOW_INSECURE_DEFAULTS=1)"
      return 0
    fi
    fail userconf-insecure "$file: the password of '$user' is the well-known '$candidate'; anyone on your" \
      "network could log in. Choose your own: printf '$user:%s\\n' \"\$(openssl passwd -6)\" > userconf.txt" \
      "(or set ALLOW_INSECURE_DEFAULTS=1 to keep it)"
  done
}
