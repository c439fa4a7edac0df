// The VintageCapture plugin's JS thread: how fast the capture core's bundle takes in input audio in QuickJS (the
// plugin's engine, through vcpi-qjs-replay) against Node, side by side on the same inputs. Input: a calibration
// recorded on the virtual studio, its audio tiled out to EXTRA_SECONDS more (256-frame blocks at 48 kHz), replayed
// by native/plugin/tools/replay-calibration.js (every block through AudioInput.write, then the fit). A run without
// the extra audio is subtracted, so process start and bundle evaluation do not count. Real time needs ≥ 1×.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runInNewContext } from 'node:vm';
import { runCalibration } from '@vcpi/capture-plugin';
import { coreOnRig } from '../capture-plugin/test/helpers/core-on-rig.js';

const EXTRA_SECONDS = Number(process.env.EXTRA_SECONDS ?? 120);
const root = new URL('..', import.meta.url).pathname;
const replayTool = join(root, 'native/build/Release/vcpi-qjs-replay');
const bundle = readFileSync(join(root, 'capture-plugin/dist/vintage-capture.js'), 'utf8');
const replayScript = readFileSync(join(root, 'native/plugin/tools/replay-calibration.js'), 'utf8');
const fs = 48_000;
const BLOCK = 256;

const c = coreOnRig({ seed: 21, usbJitterUs: 600, arpModel: { driftPpm: 33 }, synth: { latencyMs: 9, noiseFloorDb: -68 } });
await c.rig.runUntil(50_000);
const cal = await c.rig.until(runCalibration({ io: c.io, link: c.link, audio: c.audio }), 60e6, 'calibration');
const recorded = c.audio.read(0, c.audio.buffer.end);

function inputs(extraSeconds: number): { json: string; samples: Float32Array } {
  const total = recorded.length + Math.round(extraSeconds * fs);
  const samples = new Float32Array(total);
  for (let i = 0; i < total; i += recorded.length) samples.set(recorded.subarray(0, Math.min(recorded.length, total - i)), i);
  const blocks = [];
  for (let s = 0; s < total; s += BLOCK) blocks.push({ start: s, hostUs: (s / fs) * 1e6, offset: s, length: Math.min(BLOCK, total - s) });
  const pings = cal.pings.map((p) => ({ ...p, onset: Number.isFinite(p.onset) ? p.onset : null }));
  return { json: JSON.stringify({ sampleRate: fs, releaseMs: cal.releaseMs, noise: { rms: cal.noiseRms, peak: cal.noisePeak }, pings, blocks }), samples };
}

function inQuickJs(json: string, samples: Float32Array): number {
  const dir = mkdtempSync(join(tmpdir(), 'vcpi-qjs-bench-'));
  writeFileSync(join(dir, 'in.json'), json);
  writeFileSync(join(dir, 'in.f32'), new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
  const t = performance.now();
  execFileSync(replayTool, [join(dir, 'in.json'), join(dir, 'in.f32')], { maxBuffer: 64 << 20 });
  return (performance.now() - t) / 1000;
}

function inNode(json: string, samples: Float32Array): number {
  const t = performance.now();
  const sandbox: Record<string, unknown> = { json, samples };
  runInNewContext(bundle, sandbox);
  runInNewContext(replayScript, sandbox);
  runInNewContext('vcpiReplayCalibration(VintageCapture, JSON.parse(json), samples)', sandbox);
  return (performance.now() - t) / 1000;
}

const base = inputs(0);
const long = inputs(EXTRA_SECONDS);
const best = (f: () => number): number => Math.min(f(), f(), f());
const qjs = best(() => inQuickJs(long.json, long.samples)) - best(() => inQuickJs(base.json, base.samples));
const node = best(() => inNode(long.json, long.samples)) - best(() => inNode(base.json, base.samples));
console.log(`input audio taken in by the capture core, ${EXTRA_SECONDS} s at 48 kHz in ${BLOCK}-frame blocks (best of 3)`);
console.log(`QuickJS (the plugin)  ${(qjs * 1000).toFixed(0).padStart(6)} ms  = ${(EXTRA_SECONDS / qjs).toFixed(0)}× real time`);
console.log(`Node                  ${(node * 1000).toFixed(0).padStart(6)} ms  = ${(EXTRA_SECONDS / node).toFixed(0)}× real time`);
console.log(`QuickJS / Node        ${(qjs / node).toFixed(1)}× the time`);
