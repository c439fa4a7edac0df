#!/usr/bin/env bats
# Every shell script of image/ (the tools, the first-boot scripts, the libraries and these tests) passes shellcheck
# with no finding at any severity.

load helpers/common

# shell_files: the shell scripts under image/, by extension or by a sh/bash/bats shebang
shell_files() {
  cd "$IMAGE_DIR" && find . -type f ! -path './.vcpi-img-work.*' \( -name '*.sh' -o -name '*.bash' -o -name '*.bats' \
    -o -exec sh -c 'head -n 1 "$1" | grep -Eq "^#!.*[/ ](ba)?sh|bats"' _ {} \; \) -print | sort -u
}

@test "shellcheck finds nothing in image/" {
  local files
  mapfile -t files < <(shell_files)
  printf '%s\n' "${files[@]}"
  [ "${#files[@]}" -ge 20 ]
  [[ " ${files[*]} " == *" ./prepare-image.sh "* && " ${files[*]} " == *" ./setup.sh "* ]]
  [[ " ${files[*]} " == *" ./vcpi-profile.sh "* && " ${files[*]} " == *" ./test/shellcheck.bats "* ]]
  cd "$IMAGE_DIR"
  run shellcheck -x "${files[@]}"
  echo "$output"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
}

@test "the check can fail: shellcheck reports an unquoted expansion" {
  # shellcheck disable=SC2016  # the unquoted $1 is the point
  printf '#!/bin/bash\nrm -rf $1/tmp\n' >"$BATS_TEST_TMPDIR/bad.sh"
  run shellcheck "$BATS_TEST_TMPDIR/bad.sh"
  [ "$status" -ne 0 ]
  [[ "$output" == *SC2086* ]]
}
