#!/usr/bin/env bats
# The systemd units as installed in a prepared image pass `systemd-analyze verify` with an empty stderr, and carry
# the ordering, conditions and real-time settings the first boot and the service rely on. Also cpu-governor.sh.

# shellcheck disable=SC2016  # '$' in single quotes is literal text here: stub bodies, expected values
load helpers/common

setup_file() {
  export T=$BATS_FILE_TMPDIR
  make_base_image "$T/base.img" 64
  write_inputs "$T"
  prepare "$T" "$T/base.img" >"$T/prepare.log" 2>&1 || { cat "$T/prepare.log"; return 1; }
  # A root directory for `systemd-analyze --root`: the image's /etc/systemd/system and /opt/vcpi, and this
  # machine's stock units (the targets the units order against).
  export ROOT=$T/root
  local dev
  dev=$(root_dev "$T/out/vcpi.img")
  mkdir -p "$ROOT/etc/systemd" "$ROOT/etc/default" "$ROOT/opt" "$ROOT/usr/lib/systemd"
  debugfs -R "rdump /etc/systemd/system $ROOT/etc/systemd" "$dev" 2>/dev/null
  debugfs -R "rdump /opt/vcpi $ROOT/opt" "$dev" 2>/dev/null
  debugfs -R "dump /etc/default/vcpi $ROOT/etc/default/vcpi" "$dev" 2>/dev/null
  cp -a /usr/lib/systemd/system "$ROOT/usr/lib/systemd/"
  # scripts/linkvst comes with the host CLI; until the commit has it, an executable stands in for it.
  if [ ! -e "$ROOT/opt/vcpi/scripts/linkvst" ]; then
    mkdir -p "$ROOT/opt/vcpi/scripts"
    printf '#!/bin/sh\nexit 0\n' >"$ROOT/opt/vcpi/scripts/linkvst"
    chmod 755 "$ROOT/opt/vcpi/scripts/linkvst"
  fi
  # the first boot has not run yet, so setup.sh is there: payload's condition names the name it will have after
  cp "$ROOT/opt/vcpi/image/setup.sh" "$ROOT/opt/vcpi/image/setup.sh.done"
}

# verify UNIT...: systemd-analyze verify inside ROOT; status and stderr in $status/$stderr
verify() {
  local err=$BATS_TEST_TMPDIR/verify.err
  status=0
  systemd-analyze verify --man=no --root="$ROOT" "$@" 2>"$err" || status=$?
  stderr=$(cat "$err")
}

@test "firstboot.service and payload.service pass systemd-analyze verify with an empty stderr" {
  verify /etc/systemd/system/firstboot.service /etc/systemd/system/payload.service
  echo "$stderr"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
}

@test "the check can fail: a misspelt directive and a missing program are reported" {
  cp "$ROOT/etc/systemd/system/payload.service" "$ROOT/etc/systemd/system/broken.service"
  sed -i -e 's/^LimitRTPRIO=/LimitRTPRO=/' -e 's|/opt/vcpi/scripts/linkvst|/opt/vcpi/scripts/missing|' \
    "$ROOT/etc/systemd/system/broken.service"
  verify /etc/systemd/system/broken.service
  rm "$ROOT/etc/systemd/system/broken.service"
  [[ "$stderr" == *"Unknown key 'LimitRTPRO'"* ]]
  [[ "$stderr" == *"/opt/vcpi/scripts/missing"* ]]
}

# setting UNIT KEY: the values of KEY in the unit and its drop-ins, one a line
setting() {
  cat "$ROOT/etc/systemd/system/$1" "$ROOT/etc/systemd/system/$1.d/"*.conf 2>/dev/null | sed -n "s/^$2=//p"
}

@test "firstboot runs setup.sh only while it exists, after the network, without a time limit" {
  [ "$(setting firstboot.service ConditionPathExists)" = /opt/vcpi/image/setup.sh ]
  [ "$(setting firstboot.service ExecStart)" = /opt/vcpi/image/setup.sh ]
  [ -x "$ROOT/opt/vcpi/image/setup.sh" ]
  [ "$(setting firstboot.service Type)" = oneshot ]
  [ "$(setting firstboot.service TimeoutStartSec)" = infinity ]
  [[ " $(setting firstboot.service After) " == *" network-online.target "* ]]
  [[ " $(setting firstboot.service Wants) " == *" network-online.target "* ]]
  [ "$(setting firstboot.service WantedBy)" = multi-user.target ]
}

@test "payload runs linkvst --daemon after set-up is done, as the userconf user, with real-time limits" {
  [ "$(setting payload.service ConditionPathExists)" = /opt/vcpi/image/setup.sh.done ]
  [[ " $(setting payload.service After) " == *" firstboot.service "* ]]
  [[ " $(setting payload.service After) " == *" sound.target "* ]]
  [ "$(setting payload.service ExecStart)" = '/opt/vcpi/scripts/linkvst --daemon $LINKVST_ARGS' ]
  [ "$(setting payload.service Restart)" = on-failure ]
  [ "$(setting payload.service LimitRTPRIO)" = 95 ]
  [ "$(setting payload.service LimitMEMLOCK)" = infinity ]
  [ "$(setting payload.service SupplementaryGroups)" = audio ]
  [ "$(setting payload.service User | tail -n 1)" = pi ]  # the drop-in's, from userconf.txt
  [ "$(setting payload.service ExecStartPre)" = '+/opt/vcpi/image/cpu-governor.sh performance' ]
  [ -x "$ROOT/opt/vcpi/image/cpu-governor.sh" ]
  [ "$(setting payload.service RuntimeDirectory)" = vcpi ]
  [ "$(setting payload.service Environment)" = LINKVST_SOCKET=/run/vcpi/linkvst.sock ]
  [ "$(setting payload.service EnvironmentFile)" = -/etc/default/vcpi ]
  grep -q '^LINKVST_ARGS=$' "$ROOT/etc/default/vcpi"
}

@test "the login profile points linkvst at the service's socket" {
  run env -i sh -c ". '$IMAGE_DIR/vcpi-profile.sh'; echo \"\$LINKVST_SOCKET|\$PATH\""
  [ "$output" = "/run/vcpi/linkvst.sock|$(env -i sh -c 'echo $PATH'):/opt/vcpi/scripts" ]
}

# fake_cpufreq DIR GOVERNORS...: a cpufreq tree with one policy per argument ("ondemand performance" …)
fake_cpufreq() {
  local dir=$1 i=0 available
  shift
  for available in "$@"; do
    mkdir -p "$dir/policy$i"
    echo "$available" >"$dir/policy$i/scaling_available_governors"
    echo ondemand >"$dir/policy$i/scaling_governor"
    i=$((i + 1))
  done
}

@test "cpu-governor.sh sets performance on every policy and never fails the service" {
  local c=$BATS_TEST_TMPDIR/cpufreq
  fake_cpufreq "$c" "ondemand performance powersave" "conservative ondemand userspace powersave performance"
  CPUFREQ_ROOT=$c run "$IMAGE_DIR/cpu-governor.sh" performance
  [ "$status" -eq 0 ]
  [ "$(cat "$c/policy0/scaling_governor")" = performance ]
  [ "$(cat "$c/policy1/scaling_governor")" = performance ]
  rm -r "$c"
  fake_cpufreq "$c" "ondemand powersave"
  CPUFREQ_ROOT=$c run "$IMAGE_DIR/cpu-governor.sh"
  [ "$status" -eq 0 ]
  [[ "$output" == *"policy0: no 'performance' governor (available: ondemand powersave)"* ]]
  [ "$(cat "$c/policy0/scaling_governor")" = ondemand ]
  CPUFREQ_ROOT=$BATS_TEST_TMPDIR/none run "$IMAGE_DIR/cpu-governor.sh"
  [ "$status" -eq 0 ]
  [[ "$output" == *"no cpufreq policies under"* ]]
}
