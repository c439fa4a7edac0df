#!/usr/bin/env bats
# userconf.txt validation (image/lib/userconf.sh): the format userconf-pi reads, the hash methods, and known
# default passwords found by re-hashing them with the file's own salt.

# shellcheck disable=SC2016  # '$' in single quotes is literal text here: stub bodies, expected values
# shellcheck source-path=SCRIPTDIR
load helpers/common

setup() {
  # shellcheck source=../lib/common.sh
  . "$IMAGE_DIR/lib/common.sh"
  # shellcheck source=../lib/userconf.sh
  . "$IMAGE_DIR/lib/userconf.sh"
  F=$BATS_TEST_TMPDIR/userconf.txt
  unset ALLOW_INSECURE_DEFAULTS
}

@test "strong passwords pass in every common hash: yescrypt, SHA-512 (with rounds), SHA-256, bcrypt" {
  local h
  for h in "$(mkpasswd -m yescrypt "$STRONG_PASSWORD")" "$(openssl passwd -6 "$STRONG_PASSWORD")" \
    "$(mkpasswd -m sha512crypt -R 10000 "$STRONG_PASSWORD")" "$(openssl passwd -5 "$STRONG_PASSWORD")" \
    "$(mkpasswd -m bcrypt "$STRONG_PASSWORD")"; do
    printf 'studio-2:%s\n' "$h" >"$F"
    userconf_check "$F"
    [ "$USERCONF_USER" = studio-2 ]
  done
}

@test "each known default is found, whatever the method" {
  local pw method
  for pw in "${KNOWN_DEFAULT_PASSWORDS[@]}"; do
    printf 'pi:%s\n' "$(openssl passwd -6 "$pw")" >"$F"
    run userconf_check "$F"
    [ "$status" -ne 0 ]
    [[ "$output" == *"error[userconf-insecure]"*"well-known '$pw'"* ]] || { echo "$pw: $output"; return 1; }
  done
  for method in yescrypt sha256crypt bcrypt; do
    printf 'pi:%s\n' "$(mkpasswd -m "$method" raspberry)" >"$F"
    run userconf_check "$F"
    [[ "$output" == *"well-known 'raspberry'"* ]] || { echo "$method: $output"; return 1; }
  done
}

@test "MD5 hashes are refused as weak unless ALLOW_INSECURE_DEFAULTS=1" {
  printf 'pi:%s\n' "$(openssl passwd -1 "$STRONG_PASSWORD")" >"$F"
  run userconf_check "$F"
  [[ "$output" == *"error[userconf-insecure]"*"MD5 password hashes"* ]]
  ALLOW_INSECURE_DEFAULTS=1 userconf_check "$F"
}

@test "only the first line counts; later lines bring a warning" {
  printf 'pi:%s\nsecond line\n' "$(openssl passwd -6 "$STRONG_PASSWORD")" >"$F"
  run userconf_check "$F"
  [ "$status" -eq 0 ]
  [[ "$output" == *"warning: $F: only the first line is read; the 1 other line(s) are ignored"* ]]
}

@test "a file without a final newline is read" {
  printf 'pi:%s' "$(openssl passwd -6 "$STRONG_PASSWORD")" >"$F"
  userconf_check "$F"
  [ "$USERCONF_USER" = pi ]
}

@test "user names follow userconf-pi's rule and a 32-character limit" {
  local h name
  h=$(openssl passwd -6 "$STRONG_PASSWORD")
  for name in a pi-2 z9; do
    printf '%s:%s\n' "$name" "$h" >"$F"
    userconf_check "$F"
  done
  for name in -pi pi_2 pi.2 "p i" PI "$(printf 'a%.0s' {1..33})" ''; do
    printf '%s:%s\n' "$name" "$h" >"$F"
    run userconf_check "$F"
    [[ "$output" == *"error[userconf]"* ]] || { echo "'$name' was accepted: $output"; return 1; }
  done
}

@test "hash_method names the crypt methods and rejects look-alikes" {
  [ "$(hash_method "$(mkpasswd -m yescrypt x)")" = yescrypt ]
  [ "$(hash_method "$(openssl passwd -6 x)")" = sha512crypt ]
  [ "$(hash_method "$(openssl passwd -5 x)")" = sha256crypt ]
  [ "$(hash_method "$(openssl passwd -1 x)")" = md5crypt ]
  [ "$(hash_method "$(mkpasswd -m bcrypt x)")" = bcrypt ]
  [ -z "$(hash_method 'abJnggxhB/yWI')" ]                 # DES: refused
  [ -z "$(hash_method '$6$salt$short')" ]
  [ -z "$(hash_method "$(openssl passwd -6 x)x")" ]       # one character too many
  [ -z "$(hash_method '!')" ]                             # a locked account
}
