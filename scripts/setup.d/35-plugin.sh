#!/usr/bin/env bash
# Builds the VintageCapture plugin (VST3, LV2, standalone) and vcpi-qjs-replay — targets of native/plugin in the
# native build folder that 20-native.sh configures — once 30-capture-bundle.sh has made the bundle they embed, and
# installs the plugin where hosts look: ~/.vst3/VintageCapture.vst3, ~/.lv2/VintageCapture.lv2, and the standalone
# app as ~/.local/bin/VintageCapture. VCPI_PLUGIN_HOME installs into another home (e.g. the service user's when
# set-up runs as root); the copies then belong to that home's owner. Quick when nothing changed: a hash of the
# plugin's sources, the bundle and QuickJS is compared with the last build's stamp, the installed copies with the build.
set -euo pipefail
VCPI_LOG_TAG=plugin
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../lib.sh"
cd "$VCPI_ROOT/native"

bundle=../capture-plugin/dist/vintage-capture.js
quickjs=../node_modules/qjsc/deps/quickjs_2021_03_27
[ -f "$bundle" ] || die "the capture bundle $bundle is missing (scripts/setup.d/30-capture-bundle.sh makes it)"
[ -f "$quickjs/quickjs.c" ] || die "the QuickJS sources ($quickjs) are missing: run npm ci"
[ -f build/CMakeCache.txt ] || die "native/build is not configured (scripts/setup.d/20-native.sh configures it)"

artefacts=build/plugin/VintageCapture_artefacts/Release
vst3=$artefacts/VST3/VintageCapture.vst3
lv2=$artefacts/LV2/VintageCapture.lv2
standalone=$artefacts/Standalone/VintageCapture
outputs=("$vst3" "$lv2/manifest.ttl" "$lv2/libVintageCapture.so" "$standalone" build/Release/vcpi-qjs-replay)

home=${VCPI_PLUGIN_HOME:-$HOME}
[ -d "$home" ] || die "VCPI_PLUGIN_HOME=$home is not a folder"
installed=("$home/.vst3/VintageCapture.vst3" "$home/.lv2/VintageCapture.lv2" "$home/.local/bin/VintageCapture")
built=("$vst3" "$lv2" "$standalone")

sources_sha() {
  {
    find CMakeLists.txt common plugin -type f -print0 | sort -z | xargs -0 sha256sum
    sha256sum "$bundle"
    cat "$quickjs/VERSION"
  } | sha256sum | cut -d' ' -f1
}

installed_matches() {
  local i
  for i in "${!built[@]}"; do
    diff -rq "${built[$i]}" "${installed[$i]}" >/dev/null 2>&1 || return 1
  done
}

# install_copy SRC DEST: DEST becomes a copy of SRC, swapped in whole (a host never sees half a bundle).
install_copy() {
  local src=$1 dest=$2
  local staging
  staging="$(dirname "$dest")/.$(basename "$dest").vcpi-new"
  mkdir -p "$(dirname "$dest")"
  rm -rf "$staging"
  cp -a "$src" "$staging"
  if [ "$(id -u)" -eq 0 ] && [ "$(stat -c %u "$home")" != 0 ]; then
    # root installing into a user's home: the copy, and any folder made for it, are the user's
    local owner dir
    owner=$(stat -c %u:%g "$home")
    chown -R "$owner" "$staging"
    dir=$(dirname "$dest")
    while [ "$dir" != "$home" ] && [ "$dir" != / ]; do
      [ "$(stat -c %u "$dir")" != 0 ] || chown "$owner" "$dir"
      dir=$(dirname "$dir")
    done
  fi
  rm -rf "$dest"
  mv "$staging" "$dest"
}

stamp=build/.vcpi-plugin-sources.sha
wanted=$(sources_sha)
up_to_date=1
for f in "${outputs[@]}"; do [ -e "$f" ] || up_to_date=0; done
[ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ] || up_to_date=0

if [ "$up_to_date" = 0 ]; then
  log "building VintageCapture (VST3, LV2, standalone) and vcpi-qjs-replay (Release, -j2)"
  started=$(date +%s)
  cmake --build build --target vcpi_capture_all --parallel 2 >plugin-build.log 2>&1 || {
    tail -n 40 plugin-build.log >&2
    die "plugin build failed (full log: native/plugin-build.log)"
  }
  for f in "${outputs[@]}"; do [ -e "$f" ] || die "the plugin build finished without $f (log: native/plugin-build.log)"; done
  echo "$wanted" >"$stamp"
  log "built in $(( $(date +%s) - started )) s"
fi

if installed_matches; then
  [ "$up_to_date" = 0 ] || log "up to date"
  exit 0
fi
for i in "${!built[@]}"; do install_copy "${built[$i]}" "${installed[$i]}"; done
log "installed ${installed[*]}"
