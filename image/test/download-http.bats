#!/usr/bin/env bats
# Downloads over HTTP from a server of the test's own on 127.0.0.1: redirects, the checksum published next to the
# redirect's target, a transfer cut short, a missing file.

load helpers/common

setup_file() {
  export T=$BATS_FILE_TMPDIR
  mkdir -p "$T/www"
  make_base_image "$T/base.img" 64
  xz -T0 -0 -c "$T/base.img" >"$T/www/base.img.xz"
  (cd "$T/www" && sha256sum base.img.xz >base.img.xz.sha256)
  cp "$T/www/base.img.xz" "$T/www/nosum.img.xz"
  python3 "$BATS_TEST_DIRNAME/helpers/http_server.py" "$T/www" --lifetime 300 >"$T/port" 2>"$T/server.log" 3>&- &
  echo $! >"$T/server.pid"
  local _
  for _ in $(seq 1 100); do
    [ -s "$T/port" ] && break
    sleep 0.05
  done
  [ -s "$T/port" ] || { cat "$T/server.log"; return 1; }
  BASE_URL="http://127.0.0.1:$(cat "$T/port")"
  export BASE_URL
}

teardown_file() {
  kill "$(cat "$T/server.pid")" 2>/dev/null || true
}

setup() {
  D=$BATS_TEST_TMPDIR
  write_inputs "$D"
}

@test "an http download through a redirect is verified against the checksum next to where it led" {
  run prepare "$D" "$BASE_URL/latest"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"downloading $BASE_URL/latest"* ]]
  [[ "$output" == *"verifying SHA-256 of latest"* ]]
  [[ "$output" == *"unpacking latest (xz)"* ]]
  cmp "$D/cache/latest" "$T/www/base.img.xz"
  cmp "$D/cache/latest.sha256" "$T/www/base.img.xz.sha256"
  [ -f "$D/out/vcpi.img" ]
}

@test "no published checksum is fine: the archive's own check still runs" {
  run prepare "$D" "$BASE_URL/images/nosum.img.xz"
  [ "$status" -eq 0 ]
  [[ "$output" == *"no checksum published at $BASE_URL/images/nosum.img.xz.sha256"* ]]
}

@test "a transfer cut short fails as truncated and caches nothing" {
  run prepare "$D" "$BASE_URL/truncated/nosum.img.xz"
  assert_failed_cleanly "$D" download
  [[ "$output" == *"transfer ended early: the file is truncated"* ]]
  [ -z "$(ls -A "$D/cache")" ]
}

@test "a missing file fails with the server's answer and caches nothing" {
  run prepare "$D" "$BASE_URL/images/missing.img.xz"
  assert_failed_cleanly "$D" download
  [[ "$output" == *"the server answered with an HTTP error"* ]]
  [ -z "$(ls -A "$D/cache")" ]
}
