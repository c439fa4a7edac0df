// Host overhead of the native engine (issue #4): 8 slots (instrument + 2 inserts each) and a 2-effect master
// chain, 10 s of audio at 64 and 256 frames / 48 kHz. The engine measures the time inside plugins and the whole
// block; the overhead is the rest (mixing, MIDI scheduling, graph handling, latency compensation), given as a %
// of the plugins' own time. Printed, not asserted.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, type RenderEvent } from '@vcpi/host';

const SECONDS = 10;
const SR = 48000;
const synth = fileURLToPath(new URL('../native/build/test-plugins/vst3/VcpiTestSynth.vst3', import.meta.url));
const instruments = [synth, synth, synth, synth, 'http://distrho.sf.net/plugins/Kars', 'http://distrho.sf.net/plugins/Nekobi',
  'http://distrho.sf.net/plugins/Kars', 'http://distrho.sf.net/plugins/Nekobi'];
const inserts = [['ZamComp', 'ZamEQ2'], ['ZamAutoSat', 'ZamComp'], ['ZamEQ2', 'ZamGate'], ['ZamTube', 'ZamComp'],
  ['ZamComp', 'ZamEQ2'], ['ZamAutoSat', 'ZamGate'], ['ZamEQ2', 'ZamComp'], ['ZamTube', 'ZamAutoSat']];
const master = ['ZamCompX2', 'ZaMaximX2'];
const cache = join(mkdtempSync(join(tmpdir(), 'vcpi-bench-')), 'probe.json');

// A note on every slot each half second (channel n -> slot n), released after 300 ms.
const events: RenderEvent[] = [];
for (let t = 0; t < SECONDS * 2; t++) {
  for (let ch = 1; ch <= 8; ch++) {
    const offset = t * (SR / 2) + ch * 17;
    events.push({ offset, data: [0x90 | (ch - 1), 48 + ((t * 5 + ch * 7) % 24), 100] });
    events.push({ offset: offset + SR * 0.3, data: [0x80 | (ch - 1), 48 + ((t * 5 + ch * 7) % 24), 0] });
  }
}

async function run(blockSize: number): Promise<{ pluginMs: number; totalMs: number; wallMs: number }> {
  const engine = new Engine({ sampleRate: SR, blockSize, probeCachePath: cache });
  try {
    for (let slot = 1; slot <= 8; slot++) {
      await engine.load(instruments[slot - 1] ?? synth, { slot, as: 'instrument' });
      for (const fx of inserts[slot - 1] ?? []) await engine.load(`/usr/lib/vst3/${fx}.vst3`, { slot, as: 'insert' });
      engine.route(slot, slot);
      engine.setGain(slot, 0.3);
    }
    for (const fx of master) await engine.load(`/usr/lib/vst3/${fx}.vst3`, { master: true });
    await engine.render(SR); // warm-up
    engine.setMeasuring(true);
    engine.resetTiming();
    const started = process.hrtime.bigint();
    await engine.render(SECONDS * SR, events);
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const stats = engine.stats();
    return { pluginMs: stats.pluginNanos / 1e6, totalMs: stats.totalNanos / 1e6, wallMs };
  } finally {
    await engine.close();
  }
}

console.log(`\nEngine overhead: 8 slots x (instrument + 2 inserts) + 2 master effects, ${SECONDS} s of audio at ${SR / 1000} kHz`);
console.log('block   plugins (ms)   engine total (ms)   overhead beyond plugins   render wall (ms)   x real time');
for (const blockSize of [64, 256]) {
  const r = await run(blockSize);
  const overhead = r.totalMs - r.pluginMs;
  console.log(`${String(blockSize).padStart(5)}   ${r.pluginMs.toFixed(1).padStart(12)}   ${r.totalMs.toFixed(1).padStart(17)}   ` +
    `${overhead.toFixed(1).padStart(8)} ms = ${((overhead / r.pluginMs) * 100).toFixed(2).padStart(5)} %   ` +
    `${r.wallMs.toFixed(1).padStart(16)}   ${((SECONDS * 1000) / r.wallMs).toFixed(1).padStart(11)}`);
}
