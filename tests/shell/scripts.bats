#!/usr/bin/env bats
# The project's own scripts pass shellcheck.

@test "shellcheck: scripts/, scripts/setup.d/, .ci/run" {
  cd "$BATS_TEST_DIRNAME/../.."
  run shellcheck scripts/*.sh scripts/linkvst scripts/setup.d/*.sh .ci/run
  [ "$status" -eq 0 ] || { echo "$output"; false; }
}

@test "scripts/linkvst deps --strict passes on a set-up machine" {
  cd "$BATS_TEST_DIRNAME/../.."
  run scripts/linkvst deps --strict
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [[ "$output" == *"everything required is there"* ]]
}

@test "set-up for running leaves out the packages only the tests use; for tests it takes them all" {
  cd "$BATS_TEST_DIRNAME/../.."
  run env VCPI_SETUP_FOR=run bash scripts/setup.sh --list-packages
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  for pkg in jackd2 cmake juce-modules-source dpf-source zam-plugins fdisk nodejs; do [[ $'\n'"$output"$'\n' == *$'\n'"$pkg"$'\n'* ]] || { echo "run lacks $pkg"; false; }; done
  for pkg in bats shellcheck ableton-link-utils python3 e2tools; do [[ $'\n'"$output"$'\n' != *$'\n'"$pkg"$'\n'* ]] || { echo "run has $pkg"; false; }; done
  run bash scripts/setup.sh --list-packages
  [ "$status" -eq 0 ]
  for pkg in jackd2 bats shellcheck ableton-link-utils python3 e2tools; do [[ $'\n'"$output"$'\n' == *$'\n'"$pkg"$'\n'* ]] || { echo "all lacks $pkg"; false; }; done
  run env VCPI_SETUP_FOR=play bash scripts/setup.sh --list-packages
  [ "$status" -eq 1 ]
  [[ "$output" == *"VCPI_SETUP_FOR must be run or all, got 'play'"* ]]
}
