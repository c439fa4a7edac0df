#!/usr/bin/env bash
# Bundles VintageCapture's core for the plugin's QuickJS when its sources (or protocol's) changed.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=capture-plugin/dist/vintage-capture.js
if [ -f "$out" ] && [ -z "$(find capture-plugin/src protocol/src capture-plugin/tools -newer "$out" -type f | head -1)" ]; then
  exit 0
fi
node capture-plugin/tools/bundle.mjs "$out" >/dev/null
