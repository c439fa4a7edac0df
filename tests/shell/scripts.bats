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
