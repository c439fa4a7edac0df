#!/usr/bin/env bash
# Builds native/: the engine addon (vcpi_engine.node), its plugin probe (vcpi-plugin-probe), the JACK test tool
# (vcpi-jack-capture) and the DPF test plugins, with cmake-js (Release, 2 jobs, ccache when installed). Quick when
# nothing changed: a hash of the sources (and of Node's version, which the addon is built against) is compared with
# the last build's stamp.
set -euo pipefail
VCPI_LOG_TAG=native
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../lib.sh"
cd "$VCPI_ROOT/native"

sources_sha() {
  {
    find CMakeLists.txt package.json common engine test-plugins -type f \
      \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' -o -name 'CMakeLists.txt' -o -name 'package.json' \) \
      -not -path '*/build/*' -print0 | sort -z | xargs -0 sha256sum
    node --version
  } | sha256sum | cut -d' ' -f1
}

stamp=build/.vcpi-sources.sha
wanted=$(sources_sha)
outputs=(build/Release/vcpi_engine.node build/Release/vcpi-plugin-probe build/Release/vcpi-jack-capture
  build/test-plugins/vst3/VcpiTestSynth.vst3 build/test-plugins/bin/VcpiTestSynth.lv2/manifest.ttl
  build/test-plugins/vst3/VcpiTestLatency.vst3 build/test-plugins/vst3/VcpiTestCrash.vst3
  build/test-plugins/vst3/VcpiTestTransport.vst3 build/test-plugins/bin/VcpiTestTransport.lv2/manifest.ttl)
up_to_date=1
for f in "${outputs[@]}"; do [ -e "$f" ] || up_to_date=0; done
if [ "$up_to_date" = 1 ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then
  log "up to date"
  exit 0
fi

log "building the engine addon, plugin probe and test plugins (cmake-js, Release, -j2)"
started=$(date +%s)
npx --no-install cmake-js build --directory . --out build --config Release --parallel 2 >build.log 2>&1 || {
  tail -n 40 build.log >&2
  die "native build failed (full log: native/build.log)"
}
for f in "${outputs[@]}"; do [ -e "$f" ] || die "native build finished without $f (log: native/build.log)"; done
echo "$wanted" >"$stamp"
log "built in $(( $(date +%s) - started )) s"
