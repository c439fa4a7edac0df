// Shared by the engine tests: plugin paths (Debian packages and the test plugins built by setup) and audio helpers.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, type EngineOptions } from '@vcpi/host';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const testPlugins = join(root, 'native/build/test-plugins');

export const plugins = {
  synthVst3: join(testPlugins, 'vst3/VcpiTestSynth.vst3'),
  synthLv2Bundle: join(testPlugins, 'bin/VcpiTestSynth.lv2'),
  latencyVst3: join(testPlugins, 'vst3/VcpiTestLatency.vst3'),
  crashVst3: join(testPlugins, 'vst3/VcpiTestCrash.vst3'),
  transportVst3: join(testPlugins, 'vst3/VcpiTestTransport.vst3'),
  transportLv2Bundle: join(testPlugins, 'bin/VcpiTestTransport.lv2'),
  kars: 'http://distrho.sf.net/plugins/Kars',
  nekobi: 'http://distrho.sf.net/plugins/Nekobi',
  zamComp: '/usr/lib/vst3/ZamComp.vst3',
  zamAutoSat: '/usr/lib/vst3/ZamAutoSat.vst3',
  zamEq2: '/usr/lib/vst3/ZamEQ2.vst3',
  zamDelay: '/usr/lib/vst3/ZamDelay.vst3',
} as const;

/** An engine with a probe cache of its own, so probes really run in these tests. */
export function newEngine(options: EngineOptions = {}): Engine {
  const dir = mkdtempSync(join(tmpdir(), 'vcpi-engine-test-'));
  return new Engine({ sampleRate: 48000, blockSize: 256, probeCachePath: join(dir, 'probe.json'), ...options });
}

export const noteOn = (note: number, velocity = 100, channel = 1): number[] => [0x90 | (channel - 1), note, velocity];
export const noteOff = (note: number, channel = 1): number[] => [0x80 | (channel - 1), note, 0];

/** Left channel of an interleaved stereo buffer. */
export function left(stereo: Float32Array): Float32Array {
  const out = new Float32Array(stereo.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = stereo[2 * i] ?? 0;
  return out;
}

export function rms(samples: Float32Array, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += (samples[i] ?? 0) ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
}

/** Index of the first sample whose magnitude exceeds threshold, or -1. */
export function onset(samples: Float32Array, threshold = 0, from = 0): number {
  for (let i = from; i < samples.length; i++) if (Math.abs(samples[i] ?? 0) > threshold) return i;
  return -1;
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) max = Math.max(max, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return max;
}

/** The code of a rejected promise's error (fails the test when it resolves). */
export async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? `no code: ${String(error)}`;
  }
  throw new Error('expected a rejection');
}

export function thrownCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code ?? `no code: ${String(error)}`;
  }
  throw new Error('expected a throw');
}
