// MIDI clock accuracy (issue #5): tick error against the Link timeline at 120 and 174 BPM, over CLOCK_SECONDS
// (default 60) each, measured in one run on two JACK outputs that get the same ticks side by side:
//   generator: when the clock thread sent tick k (to the RtMidi output) vs Link's time of beat k/24 (goal ≤ 0.1 ms);
//   port, frame: the engine's own JACK output writes each tick at the frame of its time (handed over a period
//              early); a separate JACK client reads each event's frame time (cycle start + frame, on the engine
//              clock) vs Link's time of its beat (goal ≤ 1 ms);
//   port, rtmidi: the same through RtMidi's JACK output, which hands a message to the next JACK cycle at frame 0
//              (0..1 period late, 5.3 ms here). "jitter" is the spread around the median.
// jackd -d dummy, 48 kHz, 256 frames.
// Link is left disabled: its local timeline is the same one a session would give (no network traffic).
// Printed, not asserted.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '@vcpi/host';
import { JackCapture } from '../host/test/native/jack-capture.js';
import { JackServer } from '../host/test/native/jack-server.js';

const SECONDS = Number(process.env.CLOCK_SECONDS ?? 60);
const PERIOD = 256;
const RATE = 48000;
const cache = join(mkdtempSync(join(tmpdir(), 'vcpi-bench-')), 'probe.json');

interface Stats { p50: number; p99: number; max: number; n: number }

function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN, n: sorted.length };
}

const ms = (ns: number): string => (ns / 1e6).toFixed(3).padStart(8);

async function run(jack: JackServer, bpm: number): Promise<void> {
  const engine = new Engine({ sampleRate: RATE, blockSize: PERIOD, probeCachePath: cache });
  try {
    engine.link.setTempo(bpm);
    const out = await engine.midi.createVirtualOutput(`vcpi-bench-clock-${bpm}`);
    const old = await engine.midi.createVirtualOutput(`vcpi-bench-rtmidi-${bpm}`, { jackDelivery: 'rtmidi' });
    const port = jack.ports(`vcpi-bench-clock-${bpm}`)[0];
    const oldPort = jack.ports(`vcpi-bench-rtmidi-${bpm}`)[0];
    if (port === undefined || oldPort === undefined) throw new Error('the clock ports are not on the JACK graph');
    const capture = await JackCapture.start(jack, { midi: port, seconds: SECONDS + 5 });
    const oldCapture = await JackCapture.start(jack, { midi: oldPort, seconds: SECONDS + 5 });
    engine.clock.takeTicks();
    engine.clock.enable(out);
    engine.clock.enable(old);
    const sent: { index: number; scheduledNs: number; sentNs: number }[] = [];
    const until = Date.now() + SECONDS * 1000;
    while (Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      sent.push(...engine.clock.takeTicks());
    }
    engine.clock.enable(out, false);
    engine.clock.enable(old, false);
    sent.push(...engine.clock.takeTicks());
    const received = (await capture.stop()).midi.filter((m) => m.bytes[0] === 0xf8);
    const oldReceived = (await oldCapture.stop()).midi.filter((m) => m.bytes[0] === 0xf8);
    const status = engine.clock.status();

    const generator = stats(sent.map((t) => Math.abs(t.sentNs - t.scheduledNs)));
    console.log(`${String(bpm).padStart(4)} BPM  generator     p50 ${ms(generator.p50)}  p99 ${ms(generator.p99)}  max ${ms(generator.max)} ms  (${generator.n} ticks, ${status.priority})`);
    // The tempo is constant, so Link's current timeline gives every tick's time.
    const periodNs = (PERIOD / RATE) * 1e9;
    const portFigures = (label: string, ticks: typeof received, shiftNs: number): Stats => {
      const errors = ticks.map((r) => {
        const k = Math.round(engine.link.beatAtTime(r.ns - shiftNs) * 24);
        return r.ns - engine.link.timeAtBeat(k / 24);
      });
      const abs = stats(errors.map(Math.abs));
      const median = stats(errors).p50;
      const jitter = stats(errors.map((e) => Math.abs(e - median)));
      console.log(`          port, ${label}  p50 ${ms(abs.p50)}  p99 ${ms(abs.p99)}  max ${ms(abs.max)} ms  (${abs.n} ticks received; jitter p99 ${ms(jitter.p99)} ms around a median of ${ms(median)} ms)`);
      return abs;
    };
    const frame = portFigures('frame ', received, 0);
    const rtmidi = portFigures('rtmidi', oldReceived, periodNs / 2);
    const states = await engine.midi.states();
    console.log(`          rtmidi / frame p99: ${(rtmidi.p99 / Math.max(1, frame.p99)).toFixed(1)}x; ticks skipped ${status.skipped}, send errors ${status.sendErrors}, sent ${states.find((p) => p.id === out.id)?.sent ?? 0} / ${states.find((p) => p.id === old.id)?.sent ?? 0}`);
  } finally {
    await engine.close();
  }
}

const jack = await JackServer.start({ sampleRate: RATE, period: PERIOD });
try {
  console.log(`MIDI clock vs the Link timeline, ${SECONDS} s per tempo, jackd dummy ${RATE} Hz / ${PERIOD} frames (goal: generator ≤ 0.1 ms, port ≤ 1 ms; frame = the engine's JACK output, rtmidi = RtMidi's)`);
  for (const bpm of [120, 174]) await run(jack, bpm);
} finally {
  await jack.stop();
}
