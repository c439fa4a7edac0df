// Take alignment over random setups (issue #8): where the aligned take puts time 0, against the line through where
// the simulated synth really started every note of the take (at the Arp's true rate), in samples at 48 kHz.
//   staccato — notes after a silence exist: the notes measure the Arp's playback offset and rate;
//   legato   — a long release, no note after a silence: the Arp's start timestamp, anchor pings and the
//              calibration's playback probe alone place it.
import { ArpClock, playAndCapture, quantile, runCalibration, type RecordedTake } from '@vcpi/capture-plugin';
import { coreOnRig } from '../capture-plugin/test/helpers/core-on-rig.js';
import { seeded } from '@vcpi/arp-firmware-sim';

const SETUPS = Number(process.env.SETUPS ?? 12);
const fs = 48_000;
const r = seeded(0x7a4e);
const results: Record<'staccato' | 'legato', number[]> = { staccato: [], legato: [] };
const started = Date.now();
for (let k = 0; k < SETUPS; k++) {
  for (const style of ['staccato', 'legato'] as const) {
    const c = coreOnRig({
      seed: k * 2 + (style === 'legato' ? 1 : 0) + 1,
      usbJitterUs: r() * 2000,
      arpModel: { driftPpm: (r() * 2 - 1) * 100 },
      synth: { latencyMs: 1 + r() * 49, noiseFloorDb: -60 - r() * 30, releaseMs: style === 'legato' ? 300 : 25 },
    });
    await c.rig.runUntil(50_000);
    const cal = await c.rig.until(runCalibration({ io: c.io, link: c.link, audio: c.audio }), 60e6, 'calibration');
    const notes = Array.from({ length: 64 }, (_, i) => ({
      note: 40 + ((i * 7) % 30),
      velocity: 70 + (i % 50),
      start: i * 0.125,
      duration: style === 'staccato' && i % 4 === 0 ? 0.05 : 0.2,
    }));
    const take: RecordedTake = { sampleRate: fs, startSample: 0, notes, lengthSeconds: 8.5 };
    const before = c.rig.onsets.length;
    const cap = await c.rig.until(
      playAndCapture({ io: c.io, link: c.link, audio: c.audio, calibration: cal, clock: ArpClock.fromCalibration(cal), timeline: { sampleRate: fs, bpm: 120, beatsPerBar: 4, originSample: 0 } }, take),
      900e6,
      'take',
    );
    const truth = c.rig.onsets.slice(before).slice(-notes.length);
    const spu = fs / 1e6 / (1 + (c.rig.arp.board.model.driftPpm ?? 0) / 1e6);
    const sorted = [...notes].sort((a, b) => a.start - b.start || a.note - b.note);
    const offsets = truth.map((o, i) => o.sample - spu * Math.round((sorted[i] as { start: number }).start * 1e6)).sort((a, b) => a - b);
    results[style].push(Math.abs(cap.alignment.startSample - (offsets[offsets.length >> 1] as number)));
  }
}
console.log(`take alignment over ${SETUPS} random setups per style (${((Date.now() - started) / 1000).toFixed(1)} s of wall time)`);
for (const [style, v] of Object.entries(results)) {
  console.log(`${style.padEnd(9)} |time 0 error| median ${quantile(v, 0.5).toFixed(2)}  p99 ${quantile(v, 0.99).toFixed(2)}  max ${Math.max(...v).toFixed(2)} samples`);
}
