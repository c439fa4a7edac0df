// Soak (issue #5): the engine live on jackd -d dummy (48 kHz / 256 frames) for SOAK_SECONDS (default 600) under
// seeded random control traffic — plugin load/unload, parameters, gain, mute, solo, routing, input routing, MIDI
// notes — as a MIDI Mix and a CLI would produce it. Prints xruns (JACK's count and late callbacks), resident
// memory growth after a warm-up, and the longest callback. Goal: 0 xruns, no growth. Printed, not asserted.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, type PluginRef } from '@vcpi/host';
import { JackServer } from '../host/test/native/jack-server.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const cache = join(mkdtempSync(join(tmpdir(), 'vcpi-bench-')), 'probe.json');
const testPlugins = fileURLToPath(new URL('../native/build/test-plugins/', import.meta.url));
const instruments = [join(testPlugins, 'vst3/VcpiTestSynth.vst3'), join(testPlugins, 'bin/VcpiTestSynth.lv2')];
const effects = ['/usr/lib/vst3/ZamComp.vst3', '/usr/lib/vst3/ZamEQ2.vst3', '/usr/lib/vst3/ZamDelay.vst3', join(testPlugins, 'vst3/VcpiTestLatency.vst3')];

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
const random = lcg(55);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

const jack = await JackServer.start({ sampleRate: 48000, period: 256 });
const engine = new Engine({ sampleRate: 48000, blockSize: 256, probeCachePath: cache });
const counts = { loads: 0, removes: 0, params: 0, mixer: 0, routes: 0, notes: 0, errors: 0 };
try {
  for (let slot = 1; slot <= 4; slot++) {
    await engine.load(pick(instruments), { slot, as: 'instrument' });
    engine.route(slot, slot);
  }
  const started = await engine.audio.start({ type: 'jack' });
  console.log(`soak: ${SECONDS} s on ${started.type}/${started.device} ${started.sampleRate} Hz / ${started.bufferSize} frames, audio thread ${engine.audio.status().priority || '(first callback pending)'}`);
  const warmUp = Math.min(60, SECONDS / 5) * 1000;
  const t0 = Date.now();
  let baseline = 0;
  let peak = 0;
  let nextStructural = Date.now() + 1500;
  while (Date.now() - t0 < SECONDS * 1000) {
    // Fast traffic: a fader, a knob, a note per tick, like a controller being played.
    const slot = int(1, 8);
    try {
      switch (int(0, 5)) {
        case 0: engine.setGain(slot, random()); counts.mixer++; break;
        case 1: engine.setMute(slot, random() < 0.2); counts.mixer++; break;
        case 2: engine.setSolo(slot, random() < 0.1); counts.mixer++; break;
        case 3: engine.route(int(1, 16), int(1, 8)); counts.routes++; break;
        case 4: engine.audio.routeInput(slot, random() < 0.5 ? [1, 2] : null); counts.routes++; break;
        default: engine.sendMidi([0x90 | int(0, 15), int(36, 96), int(1, 127)]); engine.sendMidi([0x80 | int(0, 15), int(36, 96), 0]); counts.notes++;
      }
      const summary = counts.params % 5 === 0 ? await engine.summary() : undefined;
      const loaded = summary?.slots.filter((s) => s.instrument !== null).map((s) => s.slot) ?? [];
      if (loaded.length > 0) {
        const ref: PluginRef = { slot: pick(loaded) };
        await engine.setParameter(ref, 0, random(), { normalised: true });
      }
      counts.params++;
      if (Date.now() >= nextStructural) {
        // Slow traffic: load/unload an instrument or an effect every ~1.5 s.
        nextStructural = Date.now() + 1500;
        const target = int(1, 8);
        const current = await engine.summary();
        const s = current.slots[target - 1];
        if (random() < 0.5) {
          if (s?.instrument !== null) { await engine.remove({ slot: target }); counts.removes++; }
          else { await engine.load(pick(instruments), { slot: target, as: 'instrument' }); counts.loads++; }
        } else if ((s?.inserts.length ?? 0) > 1) {
          await engine.remove({ slot: target, insert: 0 }); counts.removes++;
        } else {
          await engine.load(pick(effects), { slot: target, as: 'insert' }); counts.loads++;
        }
      }
    } catch (error) {
      counts.errors++;
      if (counts.errors < 5) console.log(`  (control error: ${(error as Error).message})`);
    }
    const rss = process.memoryUsage().rss;
    if (Date.now() - t0 >= warmUp && baseline === 0) {
      baseline = rss;
      engine.audio.resetPeaks();
    }
    peak = Math.max(peak, rss);
    await sleep(20);
  }
  const status = engine.audio.status();
  const endRss = process.memoryUsage().rss;
  console.log(`  traffic: ${counts.loads} loads, ${counts.removes} removes, ${counts.params} parameter sets, ${counts.mixer} mixer and ${counts.routes} routing changes, ${counts.notes} note pairs, ${counts.errors} errors`);
  console.log(`  callbacks ${status.callbacks}, xruns ${status.xruns} (JACK ${status.deviceXruns}, late callbacks ${status.callbackGaps}), server gone ${status.serverGone}`);
  console.log(`  callback time after warm-up: mean ${status.callbackMeanUs.toFixed(1)} µs, max ${status.callbackMaxUs.toFixed(1)} µs of a ${status.periodUs.toFixed(0)} µs period (${((status.callbackMaxUs / status.periodUs) * 100).toFixed(1)}%), load ${status.loadPercent.toFixed(2)}%`);
  console.log(`  RSS after warm-up ${mb(baseline)} MB, at the end ${mb(endRss)} MB (growth ${mb(endRss - baseline)} MB), peak ${mb(peak)} MB`);
  const stats = engine.stats();
  console.log(`  engine: ${stats.graphSwaps} graph swaps, MIDI drops ${stats.midiQueueDrops + stats.midiOverflowDrops + stats.midiBlockDrops}, late ${stats.midiLate}`);
} finally {
  await engine.close();
  await jack.stop();
}
