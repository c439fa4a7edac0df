// "The same bundle's results in QuickJS and in Node agree exactly on recorded inputs": a calibration is recorded on
// the virtual studio (the simulated Arp, USB jitter, a drifting clock, a synth with latency and noise), then the same
// replay script runs on the same bundle in Node and, through vcpi-qjs-replay, in the QuickJS the plugin carries.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { VirtualStudio, type VirtualStudioOptions } from '@vcpi/arp-firmware-sim';
import * as core from '@vcpi/capture-plugin';
import { artefacts } from './helpers.js';

interface RecordedBlock {
  start: number;
  hostUs: number;
  offset: number;
  length: number;
}

/** Runs the calibration wizard on the virtual studio and keeps what the core was fed. */
async function recordCalibration(options: Partial<VirtualStudioOptions>): Promise<{ inputs: object; samples: Float32Array; result: core.CalibrationResult }> {
  const rig = new VirtualStudio(options);
  const io: core.CoreIo = {
    clock: rig.clock,
    timers: rig.timers,
    sendToArp: (bytes) => rig.sendToArp(bytes),
    storage: { read: () => undefined, write: () => undefined },
  };
  const link = new core.ArpLink(io);
  const audio = new core.AudioInput(rig.o.sampleRate, io.timers);
  const blocks: RecordedBlock[] = [];
  const chunks: Float32Array[] = [];
  let offset = 0;
  rig.onArpBytes = (bytes, t) => link.receive(bytes, t);
  rig.onAudio = (block, start, t) => {
    blocks.push({ start, hostUs: t, offset, length: block.length });
    chunks.push(Float32Array.from(block));
    offset += block.length;
    audio.write(block, start, t);
  };
  await rig.runUntil(50_000);
  const result = await rig.until(core.runCalibration({ io, link, audio }), 60e6);
  const samples = new Float32Array(offset);
  let at = 0;
  for (const c of chunks) {
    samples.set(c, at);
    at += c.length;
  }
  const pings = result.pings.map((p) => ({ ...p, onset: Number.isFinite(p.onset) ? p.onset : null }));
  const inputs = { sampleRate: rig.o.sampleRate, releaseMs: result.releaseMs, noise: { rms: result.noiseRms, peak: result.noisePeak }, pings, blocks };
  return { inputs, samples, result };
}

/** The replay in Node: the bundle and the replay script evaluated in one bare context, as QuickJS gets them. */
function replayInNode(inputsJson: string, samples: Float32Array): string {
  const sandbox: Record<string, unknown> = { Float32Array, inputsJson, samples };
  runInNewContext(readFileSync(artefacts.bundle, 'utf8'), sandbox, { filename: 'vintage-capture.js' });
  runInNewContext(readFileSync(artefacts.replayScript, 'utf8'), sandbox, { filename: 'replay-calibration.js' });
  return runInNewContext('vcpiReplayCalibration(VintageCapture, JSON.parse(inputsJson), samples)', sandbox) as string;
}

function replayInQuickJs(inputsJson: string, samples: Float32Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'vcpi-qjs-replay-'));
  writeFileSync(join(dir, 'inputs.json'), inputsJson);
  writeFileSync(join(dir, 'samples.f32'), new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
  return execFileSync(artefacts.replay, [join(dir, 'inputs.json'), join(dir, 'samples.f32')], { encoding: 'utf8', maxBuffer: 64 << 20 }).trim();
}

const setups: [string, Partial<VirtualStudioOptions>][] = [
  ['fast attack, drift +42 ppm, 800 µs USB jitter', { seed: 11, usbJitterUs: 800, arpModel: { driftPpm: 42 }, synth: { latencyMs: 12.0, noiseFloorDb: -70 } }],
  ['slow attack, drift −35 ppm, noisy', { seed: 5, usbJitterUs: 300, arpModel: { driftPpm: -35 }, synth: { latencyMs: 7.3, attackMs: 25, noiseFloorDb: -58 } }],
];

test('the replay tool is built (scripts/setup.sh)', () => {
  assert.ok(existsSync(artefacts.replay), `${artefacts.replay} missing: run scripts/setup.sh`);
});

for (const [name, options] of setups) {
  test(`QuickJS and Node agree exactly on a recorded calibration: ${name}`, async () => {
    const { inputs, samples, result } = await recordCalibration(options);
    const json = JSON.stringify(inputs);
    const node = replayInNode(json, samples);
    const qjs = replayInQuickJs(json, samples);
    assert.is(qjs, node);
    // The replay is a real calibration, not an empty agreement: it finds the latency the wizard found.
    const replayed = JSON.parse(node) as { correlated: number; result: core.CalibrationResult; wav: { bytes: number } };
    assert.ok(replayed.correlated >= 3, `pings aligned by correlation: ${replayed.correlated}`);
    assert.ok(Math.abs(replayed.result.latencySamples - result.latencySamples) < 1, `${replayed.result.latencySamples} vs ${result.latencySamples}`);
    assert.is(replayed.wav.bytes > 48000 * 4, true);
  });
}

test('a bad input file is refused with a reason', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vcpi-qjs-replay-'));
  writeFileSync(join(dir, 'inputs.json'), '{ not json');
  writeFileSync(join(dir, 'samples.f32'), new Uint8Array(6));
  let stderr = '';
  try {
    execFileSync(artefacts.replay, [join(dir, 'inputs.json'), join(dir, 'samples.f32')], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    stderr = String((error as { stderr?: string }).stderr);
  }
  assert.match(stderr, /6 bytes is not a whole number of float32 samples/);
});

test.run();
