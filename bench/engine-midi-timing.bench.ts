// MIDI timing of the native engine (issue #4): 1000 notes at seeded random arrival times, rendered through the
// same engine with our timestamp scheduling and with the seed's block-start flushing, side by side in one run.
// Each note gets its own 8192-frame window so its onset (first non-zero sample of the test synth, whose notes
// start at their peak) is unambiguous. Printed, not asserted.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, type MidiPolicy, type RenderEvent } from '@vcpi/host';

const NOTES = 1000;
const WINDOW = 8192;
const synth = fileURLToPath(new URL('../native/build/test-plugins/vst3/VcpiTestSynth.vst3', import.meta.url));
const cache = join(mkdtempSync(join(tmpdir(), 'vcpi-bench-')), 'probe.json');

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Row { policy: MidiPolicy; min: number; mean: number; max: number; jitter: number; maxError: number; missing: number }

async function run(sampleRate: number, blockSize: number): Promise<Row[]> {
  const engine = new Engine({ sampleRate, blockSize, probeCachePath: cache });
  try {
    await engine.load(synth, { slot: 1, as: 'instrument' });
    await engine.setParameter({ slot: 1 }, 'Decay', 10);
    engine.route(1, 1);
    const random = lcg(2024);
    const arrivals: number[] = []; // ns after the render's start
    const events: RenderEvent[] = [];
    for (let i = 0; i < NOTES; i++) {
      const frame = i * WINDOW + 64 + random() * (WINDOW / 4);
      const timeNs = Math.round((frame / sampleRate) * 1e9);
      arrivals.push(timeNs);
      events.push({ timeNs, data: [0x90, 69, 127] }, { timeNs: timeNs + 1_000_000, data: [0x80, 69, 0] });
    }
    const rows: Row[] = [];
    for (const policy of ['timestamp', 'block-start'] as const) {
      engine.setMidiPolicy(policy);
      const out = await engine.render(NOTES * WINDOW, events);
      const latencies: number[] = [];
      let maxError = 0;
      let missing = 0;
      for (let i = 0; i < NOTES; i++) {
        // Arrival on the sample grid (an event cannot be placed between samples: sub-sample rounding is not jitter).
        const arrival = Math.round(((arrivals[i] ?? 0) * sampleRate) / 1e9);
        let onset = -1;
        for (let f = i * WINDOW; f < (i + 1) * WINDOW; f++) if ((out[2 * f] ?? 0) !== 0) { onset = f; break; }
        if (onset < 0) { missing++; continue; }
        latencies.push(onset - arrival);
        // Error against the ideal: arrival (rounded to a sample) + one block, a constant latency.
        maxError = Math.max(maxError, Math.abs(onset - (arrival + blockSize)));
      }
      const min = Math.min(...latencies), max = Math.max(...latencies);
      const mean = latencies.reduce((a, b) => a + b, 0) / latencies.length;
      rows.push({ policy, min, mean, max, jitter: max - min, maxError, missing });
      await engine.render(WINDOW); // silence between the two runs
    }
    return rows;
  } finally {
    await engine.close();
  }
}

for (const [sampleRate, blockSize] of [[48000, 256], [44100, 512]] as const) {
  const rows = await run(sampleRate, blockSize);
  const ms = (samples: number): string => `${((samples / sampleRate) * 1000).toFixed(2)} ms`;
  console.log(`\nMIDI -> audio onset, ${NOTES} notes at random arrival times, ${sampleRate} Hz, ${blockSize}-frame blocks`);
  console.log('policy        latency min / mean / max (samples)   jitter (samples)   max |onset - (arrival + 1 block)|');
  for (const r of rows) {
    console.log(`${r.policy.padEnd(13)} ${r.min.toFixed(1).padStart(7)} / ${r.mean.toFixed(1).padStart(7)} / ${r.max.toFixed(1).padStart(7)}` +
      `      ${r.jitter.toFixed(1).padStart(6)} (${ms(r.jitter)})      ${String(r.maxError).padStart(5)} samples` +
      (r.missing > 0 ? `   (${r.missing} notes without onset)` : ''));
  }
}
