// The one-file ES2020 bundle the plugin embeds runs in a bare JS context (no Node globals: no require, process,
// Buffer, TextEncoder) and computes exactly what the TypeScript sources compute on the same recorded input.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import * as core from '@vcpi/capture-plugin';
import { coreOnRig } from './helpers/core-on-rig.js';

const bundlePath = fileURLToPath(new URL('../dist/vintage-capture.js', import.meta.url));

test('the bundle exists (scripts/setup.sh builds it) and loads in a bare context', () => {
  assert.ok(existsSync(bundlePath), `${bundlePath} missing: run scripts/setup.sh`);
  const sandbox: Record<string, unknown> = {};
  runInNewContext(readFileSync(bundlePath, 'utf8'), sandbox);
  const vc = sandbox.VintageCapture as typeof core;
  assert.type(vc.runCalibration, 'function');
  assert.type(vc.fitCalibration, 'function');
  assert.not.ok('require' in sandbox || 'process' in sandbox);
});

test('bundle and sources agree exactly on a recorded calibration', async () => {
  const c = coreOnRig({ seed: 11, usbJitterUs: 800, arpModel: { driftPpm: 42 }, synth: { latencyMs: 12.0, noiseFloorDb: -70 } });
  await c.rig.runUntil(50_000);
  const result = await c.rig.until(core.runCalibration({ io: c.io, link: c.link, audio: c.audio }), 60e6);
  // Recorded inputs: the raw pings (before refinement) and the audio around them.
  const sandbox: Record<string, unknown> = {};
  runInNewContext(readFileSync(bundlePath, 'utf8'), sandbox);
  const vc = sandbox.VintageCapture as typeof core;
  const rawPings = result.pings.map((p) => ({ ...p }));
  const timers = { setAt: () => 0, clear: () => undefined };
  const replay = (lib: typeof core): core.CalibrationResult => {
    const audio = new lib.AudioInput(48_000, timers);
    for (let s = 0; s < c.audio.buffer.end; s += 4096) audio.write(c.audio.read(s, 4096), s, (s / 48_000) * 1e6);
    return lib.fitCalibration(lib.refinePingOnsets(audio, rawPings).pings, 48_000, audio.clock);
  };
  const fromSources = replay(core);
  const fromBundle = replay(vc);
  assert.equal(JSON.parse(JSON.stringify(fromBundle)), JSON.parse(JSON.stringify(fromSources)));
  assert.is(fromBundle.latencySamples, fromSources.latencySamples);
  const wavA = core.encodeWav({ sampleRate: 48_000, channels: [c.audio.read(0, 1000)], metadata: { r: fromSources.driftPpm } });
  const wavB = vc.encodeWav({ sampleRate: 48_000, channels: [c.audio.read(0, 1000)], metadata: { r: fromBundle.driftPpm } });
  assert.equal(Array.from(wavB), Array.from(wavA));
});

test.run();
