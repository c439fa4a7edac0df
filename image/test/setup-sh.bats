#!/usr/bin/env bats
# image/setup.sh, the first-boot set-up, run against a fake /opt/vcpi with stand-ins for apt-get, usermod, id,
# systemctl and sleep that record how they were called (no package is installed, nothing reboots, no time passes).

# shellcheck disable=SC2016  # '$' in single quotes is literal text here: stub bodies, expected values
load helpers/common

setup() {
  R=$BATS_TEST_TMPDIR
  export VCPI_DIR=$R/opt/vcpi VCPI_CONFIG=$R/default-vcpi CALLS=$R/calls
  mkdir -p "$VCPI_DIR/image" "$VCPI_DIR/scripts" "$R/bin"
  cp "$IMAGE_DIR/setup.sh" "$VCPI_DIR/image/setup.sh"
  printf 'VCPI_USER=pi\nLINKVST_ARGS=\n' >"$VCPI_CONFIG"
  : >"$CALLS"
  # stand-ins: each appends "name args" to $CALLS; failures are steered by files in $R
  stub apt-get 'echo "apt-config: $(tr "\n" " " <"$APT_CONFIG")" >>"$CALLS"; fail_if apt-get'
  stub usermod ''
  stub systemctl ''
  stub sleep ''
  stub id 'if [ "$1" = -u ] && [ $# -eq 1 ]; then echo "${FAKE_UID:-0}"; exit; fi
[ "$2" = pi ] && echo 1000 || exit 1'
  cat >"$VCPI_DIR/scripts/setup.sh" <<EOF
echo "project-setup VCPI_SETUP_FOR=\$VCPI_SETUP_FOR VCPI_PLUGIN_HOME=\$VCPI_PLUGIN_HOME" >>"$CALLS"
. "$R/bin/fail_if"
fail_if project-setup
EOF
  stub_at "$VCPI_DIR/scripts/linkvst" 'fail_if linkvst'
  # fail_if NAME: exit 1 while $R/fail-NAME holds "always" or a count above 0 (counting down)
  cat >"$R/bin/fail_if" <<EOF
fail_if() {
  local n
  n=\$(cat "$R/fail-\$1" 2>/dev/null || echo 0)
  [ "\$n" = always ] || [ "\$n" -gt 0 ] || return 0
  [ "\$n" = always ] || echo \$((n - 1)) >"$R/fail-\$1"
  echo "\$1 fails" >&2
  exit 1
}
EOF
  export PATH=$R/bin:$PATH VCPI_SETUP_RETRY_DELAY=30
}

# stub NAME BODY: a command on PATH that records its call, then runs BODY
stub() { stub_at "$R/bin/$1" "$2"; }
stub_at() {
  printf '#!/usr/bin/env bash\n. "%s/bin/fail_if"\necho "%s $*" >>"$CALLS"\n%s\n' "$R" "$(basename "$1")" "$2" >"$1"
  chmod 755 "$1"
}

run_setup() { run "$VCPI_DIR/image/setup.sh"; }

@test "a successful set-up adds the audio group, installs, checks, renames itself and reboots, in that order" {
  run_setup
  echo "$output"
  [ "$status" -eq 0 ]
  [ ! -e "$VCPI_DIR/image/setup.sh" ]
  [ -x "$VCPI_DIR/image/setup.sh.done" ]
  diff <(grep -v '^id ' "$CALLS") - <<'EOF'
usermod -a -G audio pi
apt-get -o Acquire::Check-Date=false update
apt-config: Acquire::Check-Date "false"; Acquire::Retries "3"; 
project-setup VCPI_SETUP_FOR=run VCPI_PLUGIN_HOME=/home/pi
linkvst deps --strict
systemctl --no-block reboot
EOF
  [[ "$output" == *"set-up complete"* ]]
}

@test "a failing step is retried, with growing pauses" {
  echo 2 >"$R/fail-project-setup"
  run_setup
  [ "$status" -eq 0 ]
  [ "$(grep -c '^project-setup' "$CALLS")" -eq 3 ]
  [ "$(grep '^sleep' "$CALLS" | tr '\n' ' ')" = 'sleep 30 sleep 60 ' ]
  [ -e "$VCPI_DIR/image/setup.sh.done" ]
}

@test "a set-up that keeps failing is not marked done, does not reboot, and succeeds when run again" {
  echo always >"$R/fail-project-setup"
  run_setup
  [ "$status" -ne 0 ]
  [[ "$output" == *"set-up failed during \"the project's set-up"*"runs again at the next boot"* ]]
  [ -e "$VCPI_DIR/image/setup.sh" ]
  [ ! -e "$VCPI_DIR/image/setup.sh.done" ]
  refute_grep '^systemctl' "$CALLS"
  refute_grep '^linkvst' "$CALLS"
  rm "$R/fail-project-setup"
  run_setup
  [ "$status" -eq 0 ]
  [ -e "$VCPI_DIR/image/setup.sh.done" ]
  [ "$(grep -c '^usermod' "$CALLS")" -eq 2 ]
}

@test "a failing dependency check leaves set-up to run again" {
  echo always >"$R/fail-linkvst"
  run_setup
  [ "$status" -ne 0 ]
  [[ "$output" == *"set-up failed during \"the dependency check"* ]]
  [ -e "$VCPI_DIR/image/setup.sh" ]
  refute_grep '^systemctl' "$CALLS"
}

@test "apt-get update is retried, then gives up" {
  echo always >"$R/fail-apt-get"
  VCPI_SETUP_ATTEMPTS=2 run_setup
  [ "$status" -ne 0 ]
  [ "$(grep -c '^apt-get' "$CALLS")" -eq 2 ]
  [[ "$output" == *"apt-get update failed 2 times; giving up"* ]]
  refute_grep '^project-setup' "$CALLS"
}

@test "the user from /etc/default/vcpi must exist" {
  printf 'VCPI_USER=ghost\n' >"$VCPI_CONFIG"
  run_setup
  [ "$status" -ne 0 ]
  [[ "$output" == *"user 'ghost' does not exist"* ]]
  [ -e "$VCPI_DIR/image/setup.sh" ]
}

@test "missing project pieces are named" {
  rm "$VCPI_DIR/scripts/linkvst"
  run_setup
  [ "$status" -ne 0 ]
  [[ "$output" == *"$VCPI_DIR/scripts/linkvst is missing or not executable"* ]]
  [ -e "$VCPI_DIR/image/setup.sh" ]
}

@test "VCPI_REBOOT=0 skips the reboot; a non-root run is refused" {
  VCPI_REBOOT=0 run_setup
  [ "$status" -eq 0 ]
  refute_grep '^systemctl' "$CALLS"
  mv "$VCPI_DIR/image/setup.sh.done" "$VCPI_DIR/image/setup.sh"
  FAKE_UID=1000 run_setup
  [ "$status" -ne 0 ]
  [[ "$output" == *"run as root"* ]]
}
