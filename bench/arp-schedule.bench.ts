// Schedule error of the Arp's DIN output (issue #3): the simulated M4 (arp-firmware-sim, default device model: 1 ms
// main loop ± 250 µs, 61 µs clock, 320 µs per DIN byte) plays a dense 1000-event buffer — 16ths with chords of 1-4
// notes, the tempo changing bar by bar between 120 and 180 BPM. For every buffer event's DIN message:
//   error = when it started on the wire − when it should have, where "should" is its timestamp on the board's
//   clock from the playback start, or later only by the intended serialisation (the messages before it still on the
//   wire: a 4-note chord takes 3.84 ms to send, which is not an error).
// Printed side by side, measured in one run: the firmware as it is (it spins for an event due before the next loop
// pass), the same with spinning off (events go out on the first pass after they are due, as the spec's tick() does),
// and the firmware while 200 more events stream in over USB during playback (the parse takes loop time).
import { performance } from 'node:perf_hooks';
import { ArpSimulator, M4_DEFAULTS, type DinRecord } from '@vcpi/arp-firmware-sim';
import { chunkEvents, encodeLoadBuffer, eventsFromNotes, type BufferEvent, type PerformanceNote } from '@vcpi/protocol';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const BYTE_US = 10e6 / M4_DEFAULTS.dinBaud;

/** 16ths with chords, tempo per bar from a fixed walk over 120-180 BPM: the first 1000 events. */
function denseBuffer(): BufferEvent[] {
  const notes: PerformanceNote[] = [];
  let t = 0;
  let rng = 12345;
  const next = (n: number): number => {
    rng = (Math.imul(rng, 1103515245) + 12345) >>> 0;
    return (rng >>> 8) % n;
  };
  for (let bar = 0; notes.length < 700; bar++) {
    const bpm = 120 + next(61);
    const step = 60e6 / bpm / 4;
    for (let s = 0; s < 16; s++) {
      const size = 1 + next(4);
      const root = 48 + next(24);
      for (let k = 0; k < size; k++) {
        notes.push({ note: root + [0, 4, 7, 11][k]!, velocity: 60 + next(60), start: Math.round(t), duration: Math.round(step * (0.4 + next(50) / 100)) });
      }
      t += step;
    }
  }
  const events = eventsFromNotes(notes).slice(0, 1000);
  if (events.length !== 1000) throw new Error(`bench set-up: expected 1000 events, got ${events.length}`);
  return events;
}

interface Run {
  errorsUs: number[];
  wallMs: number;
  simulatedMs: number;
}

/** Plays `events` on a simulated Arp; `stream` sends the last 200 as Appends during playback. */
function play(events: BufferEvent[], seed: number, spinMaxUs: number, stream: boolean): Run {
  const din: DinRecord[] = [];
  const sim = new ArpSimulator({ seed, spinMaxUs, record: false, onDin: (r) => din.push(r) });
  const wall = performance.now();
  sim.hostSend(Uint8Array.of(0xb0, 102, 127), { atUs: 0 });
  const loaded = stream ? events.slice(0, 800) : events;
  sim.hostSend(encodeLoadBuffer(loaded), { atUs: 1000 });
  const startAt = 200_000;
  sim.hostSend(Uint8Array.of(0xb0, 100, 127), { atUs: startAt });
  if (stream) {
    // 4 Appends of 50 events, sent while the first 800 play (each goes in well before its events are due).
    const appends = chunkEvents(events, 50).slice(16);
    appends.forEach((c, i) => sim.hostSend(c.bytes, { atUs: startAt + 2_000_000 + i * 1_000_000 }));
  }
  const last = events[events.length - 1]!.timeUs;
  sim.runUntil(startAt + last + 200_000);
  const start = sim.vintage.startedAtUs - M4_DEFAULTS.bootUs;
  const errors: number[] = [];
  let idealEnd = -Infinity;
  for (let i = 0; i < events.length; i++) {
    const r = din[i];
    if (!r) throw new Error(`seed ${seed}: only ${din.length} DIN messages for ${events.length} events`);
    const idealStart = Math.max(start + events[i]!.timeUs, idealEnd);
    idealEnd = idealStart + r.bytes.length * BYTE_US;
    errors.push(r.startUs - idealStart);
  }
  return { errorsUs: errors, wallMs: performance.now() - wall, simulatedMs: sim.nowUs / 1000 };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const events = denseBuffer();
const chords = new Set(events.filter((e) => e.on).map((e) => e.timeUs)).size;
console.log(`buffer: ${events.length} events (${events.filter((e) => e.on).length} note-ons in ${chords} steps), ${(events[999]!.timeUs / 1e6).toFixed(1)} s; ${SEEDS.length} seeds of loop jitter`);
const cases: [string, number, boolean][] = [
  ['firmware (spins for events due before the next pass)', 2000, false],
  ['naive: sent on the first loop pass after due (spin off)', 0, false],
  ['firmware, 200 events streaming in over USB meanwhile', 2000, true],
];
const rows = cases.map(([label, spin, stream]) => {
  const all: number[] = [];
  let wall = 0;
  let simulated = 0;
  for (const seed of SEEDS) {
    const r = play(events, seed, spin, stream);
    all.push(...r.errorsUs);
    wall += r.wallMs;
    simulated += r.simulatedMs;
  }
  all.sort((a, b) => a - b);
  return { label, p50: pct(all, 50) / 1000, p99: pct(all, 99) / 1000, max: all[all.length - 1]! / 1000, min: all[0]! / 1000, n: all.length, speed: simulated / wall };
});
const w = Math.max(...rows.map((r) => r.label.length));
console.log(`${'schedule error (ms)'.padEnd(w)}  ${'p50'.padStart(6)}  ${'p99'.padStart(6)}  ${'max'.padStart(6)}  ${'min'.padStart(6)}  messages  sim speed`);
for (const r of rows) {
  console.log(
    `${r.label.padEnd(w)}  ${r.p50.toFixed(3).padStart(6)}  ${r.p99.toFixed(3).padStart(6)}  ${r.max.toFixed(3).padStart(6)}  ${r.min.toFixed(3).padStart(6)}  ${String(r.n).padStart(8)}  ${r.speed.toFixed(0)}× real time`,
  );
}
const [ours, naive] = rows as [(typeof rows)[number], (typeof rows)[number]];
console.log(`target p99 ≤ 0.5 ms, max ≤ 1 ms: ${ours.p99 <= 0.5 && ours.max <= 1 ? 'met' : 'NOT met'}; naive / firmware: p99 ×${(naive.p99 / ours.p99).toFixed(1)}, max ×${(naive.max / ours.max).toFixed(1)}`);
