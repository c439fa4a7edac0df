// Shared by the VintageCapture plugin tests: where setup builds and installs the plugin and its replay tool, an
// engine with a probe cache of its own, and the plugin's parameters by name.
import { mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, type EngineOptions, type ParameterInfo, type PluginRef } from '@vcpi/host';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
/** The native build folder (scripts/setup.d/20-native.sh and 35-plugin.sh). */
export const nativeBuild = join(root, 'native/build');
/** Where the plugin's targets were built: the native build folder, or VCPI_PLUGIN_BUILD (a build of its own). */
export const pluginBuild = process.env.VCPI_PLUGIN_BUILD ?? nativeBuild;

/** VcpiTestSynth (built by the native step): a deterministic instrument to feed the plugin's input. */
export const testSynthVst3 = join(nativeBuild, 'test-plugins/vst3/VcpiTestSynth.vst3');

export const artefacts = {
  /** the built bundles (what setup installs to ~/.vst3 and ~/.lv2) */
  vst3: join(pluginBuild, 'plugin/VintageCapture_artefacts/Release/VST3/VintageCapture.vst3'),
  lv2Bundle: join(pluginBuild, 'plugin/VintageCapture_artefacts/Release/LV2/VintageCapture.lv2'),
  lv2Uri: 'https://vcpi.invalid/plugins/vintage-capture',
  standalone: join(pluginBuild, 'plugin/VintageCapture_artefacts/Release/Standalone/VintageCapture'),
  replay: join(pluginBuild, 'Release/vcpi-qjs-replay'),
  bundle: join(root, 'capture-plugin/dist/vintage-capture.js'),
  replayScript: join(root, 'native/plugin/tools/replay-calibration.js'),
  installedVst3: join(homedir(), '.vst3/VintageCapture.vst3'),
  installedLv2: join(homedir(), '.lv2/VintageCapture.lv2'),
} as const;

/** The parameters in the order every format lists them. */
export const PARAMETER_NAMES = ['Mode', 'Calibrate', 'Record', 'Play', 'Abort', 'Monitor', 'Latency', 'Drift', 'Take error', 'Progress', 'Arp', 'Error', 'Send'];

/**
 * The plugin as each format is loaded in these tests: the VST3 from the build folder, the LV2 by its URI from ~/.lv2
 * (lilv always scans ~/.lv2, so loading the built bundle by path as well would give it two plugins with one URI).
 */
export const formats: readonly (readonly ['VST3' | 'LV2', string])[] = [
  ['VST3', artefacts.vst3],
  ['LV2', artefacts.lv2Uri],
];

/** An engine with a probe cache of its own, so the probe really loads the plugin in these tests. */
export function newEngine(options: EngineOptions = {}): Engine {
  const dir = mkdtempSync(join(tmpdir(), 'vcpi-plugin-test-'));
  return new Engine({ sampleRate: 48000, blockSize: 256, probeCachePath: join(dir, 'probe.json'), ...options });
}

/** The parameter called `name` (fails the test when missing). */
export function byName(params: readonly ParameterInfo[], name: string): ParameterInfo {
  const p = params.find((x) => x.name === name);
  if (!p) throw new Error(`no parameter '${name}' among: ${params.map((x) => x.name).join(', ')}`);
  return p;
}

/**
 * Polls `read` until `ok` holds (the plugin publishes results from its JS thread, and a hosted VST3 hears of a
 * parameter its plugin changed through the message thread), rendering a block between tries so that processing
 * moves on. Fails with the last value after `tries`.
 */
export async function eventually<T>(engine: Engine, read: () => Promise<T>, ok: (v: T) => boolean, what: string, tries = 200): Promise<T> {
  let last = await read();
  for (let i = 0; i < tries && !ok(last); i++) {
    await engine.render(256);
    await new Promise((r) => setTimeout(r, 10));
    last = await read();
  }
  if (!ok(last)) throw new Error(`${what}: still ${JSON.stringify(last)}`);
  return last;
}

export type { PluginRef };
