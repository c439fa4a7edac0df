// MIDI clock received on a JACK MIDI port (by a separate JACK client that reads each event's frame time) follows the
// Link timeline: 24 ticks per beat at Link's beat times — the engine's own JACK output writes each tick at the frame
// of its time, handed over a period early, so a tick lands within 1 ms of it (RtMidi's JACK output, kept as the
// 'rtmidi' delivery, lands it at the next cycle's frame 0: up to a period late) —, a tempo change is followed, Start
// lands on a bar boundary of the quantum. Then the clock's own quirks: a timeline jump back, Stop vs a pending Start.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { newEngine } from './helpers.js';
import { JackCapture, sleep } from './jack-capture.js';
import { JackServer } from './jack-server.js';

const PERIOD_NS = (256 / 48000) * 1e9;
const TOLERANCE_NS = 1e6; // issue #5: ≤ 1 ms from the Link timeline on the port

// A run whose readers saw the server xrun is run again (up to twice, each retry printed): across a stalled server
// the ticks land where the stall put them, which says nothing of the clock.
test('clock ticks on a JACK MIDI port match the Link timeline; tempo changes follow; Start is on a bar', async () => {
  for (let attempt = 1; ; attempt++) {
    const xruns = await clockRun(attempt < 3);
    if (xruns === 0) return;
    console.log(`  run ${attempt} measured again: the readers saw ${xruns} xruns`);
  }
});

/** One run; returns the xruns its readers saw (checks nothing then, if `mayRetry`), or 0 after checking all. */
async function clockRun(mayRetry: boolean): Promise<number> {
  const jack = await JackServer.start();
  const engine = newEngine();
  try {
    engine.link.setTempo(120);
    const out = await engine.midi.createVirtualOutput('vcpi-test-clock');
    const old = await engine.midi.createVirtualOutput('vcpi-test-clock-rtmidi', { jackDelivery: 'rtmidi' });
    const [port] = jack.ports('vcpi-test-clock');
    const [oldPort] = jack.ports('vcpi-test-clock-rtmidi');
    assert.ok(port !== undefined && oldPort !== undefined);
    const capture = await JackCapture.start(jack, { midi: port, seconds: 10 });
    const oldCapture = await JackCapture.start(jack, { midi: oldPort, seconds: 10 });
    engine.clock.enable(out);
    engine.clock.enable(old);
    engine.clock.start();
    await sleep(1500);
    const phase1 = engine.link.status().app; // the 120 BPM timeline
    await sleep(500);
    engine.link.setTempo(150);
    const changedNs = engine.link.status().app.timeNs;
    await sleep(1000);
    const phase2 = engine.link.status().app;
    const received = await capture.stop();
    const oldReceived = await oldCapture.stop();
    engine.clock.stop();
    const xruns = received.xruns + oldReceived.xruns;
    if (xruns > 0 && mayRetry) return xruns;
    if (xruns > 0) console.log(`  last run: the readers saw ${xruns} xruns, checked as it is`);

    const beatAt = (s: typeof phase1, ns: number): number => s.beat + ((ns - s.timeNs) * s.tempo) / 60e9;
    const timeAt = (s: typeof phase1, beat: number): number => s.timeNs + ((beat - s.beat) * 60e9) / s.tempo;
    const ticks = received.midi.filter((m) => m[`bytes`][0] === 0xf8);
    const starts = received.midi.filter((m) => m.bytes[0] === 0xfa);
    assert.is(starts.length, 1, 'one Start');
    const startBeat = beatAt(phase1, starts[0]?.ns ?? 0);
    const fromBar = ((startBeat - Math.round(startBeat / 4) * 4) * 60e9) / 120;
    assert.ok(Math.abs(fromBar) <= TOLERANCE_NS, `Start at beat ${startBeat.toFixed(5)}: ${(fromBar / 1e6).toFixed(3)} ms from the bar`);

    const errors = (list: typeof ticks, s: typeof phase1, from: number, to: number, shiftNs: number): number[] =>
      // The error against the nearest tick time (for the old path: nearest to half a period before arrival).
      list.filter((t) => t.ns >= from && t.ns < to).map((t) => t.ns - timeAt(s, Math.round(beatAt(s, t.ns - shiftNs) * 24) / 24));
    const before = errors(ticks, phase1, 0, changedNs, 0);
    const after = errors(ticks, phase2, changedNs + 50e6, Infinity, 0);
    assert.ok(before.length > 60 && after.length > 40, `${before.length} ticks before, ${after.length} after`);
    for (const e of [...before, ...after]) assert.ok(Math.abs(e) <= TOLERANCE_NS, `tick off by ${(e / 1e6).toFixed(3)} ms`);
    // The same ticks through RtMidi's JACK output: 0..1 period late, and later than the frame-accurate ones.
    const oldTicks = oldReceived.midi.filter((m) => m.bytes[0] === 0xf8);
    const oldErrors = errors(oldTicks, phase1, 0, changedNs, PERIOD_NS / 2);
    assert.ok(oldErrors.length > 60, `${oldErrors.length} ticks on the RtMidi port`);
    for (const e of oldErrors) assert.ok(e >= -TOLERANCE_NS && e <= PERIOD_NS + 2e6, `RtMidi tick off by ${(e / 1e6).toFixed(3)} ms`);
    const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
    assert.ok(mean(oldErrors) > mean(before) + PERIOD_NS / 4, `mean lateness: RtMidi ${(mean(oldErrors) / 1e6).toFixed(3)} ms vs frame-accurate ${(mean(before) / 1e6).toFixed(3)} ms`);
    const afterTicks = ticks.filter((t) => t.ns >= changedNs + 50e6);
    const spanBeats = beatAt(phase2, afterTicks.at(-1)?.ns ?? 0) - beatAt(phase2, afterTicks[0]?.ns ?? 0);
    assert.ok(Math.abs(spanBeats * 24 - (afterTicks.length - 1)) < 1.5, 'the ticks after the change run at 150 BPM');
    const status = engine.clock.status();
    assert.ok(status.ticks >= ticks.length);
    assert.is(status.starts, 1);
    assert.is(status.sendErrors, 0);
    const ports = await engine.midi.states();
    assert.ok((ports.find((p) => p.id === out.id)?.sent ?? 0) >= ticks.length, 'every tick went through the frame-accurate port');
    return 0;
  } finally {
    await engine.close();
    await jack.stop();
  }
}

test('Link setPlaying while Link is disabled moves the local timeline; the clock re-aims instead of stalling', async () => {
  const jack = await JackServer.start();
  const engine = newEngine();
  try {
    engine.link.setTempo(120);
    const out = await engine.midi.createVirtualOutput('vcpi-test-clock-jump');
    engine.clock.enable(out);
    await sleep(2500); // the local timeline is beats ahead of 0 by now
    const before = engine.clock.takeTicks();
    assert.ok(before.length > 24, `${before.length} ticks before`);
    engine.link.setPlaying(true); // alone: beat 0 lands now, the timeline jumps back by ~5 beats
    await sleep(600);
    const after = engine.clock.takeTicks();
    // 600 ms at 120 BPM is 28.8 ticks; a stalled thread would wait out the ~5 beats it jumped back (2.5 s)
    assert.ok(after.length >= 20, `${after.length} ticks in the 600 ms after the jump`);
    assert.ok((after[0]?.index ?? Infinity) < 24, `the first tick after the jump is on the new timeline (k ${after[0]?.index})`);
    assert.ok(engine.clock.status().skipped >= 1, 'the jump counts as skipped');
  } finally {
    await engine.close();
    await jack.stop();
  }
});

test('Stop cancels a pending Start (same tick or later); Stop then Start plays; requests keep their order', async () => {
  const jack = await JackServer.start();
  const engine = newEngine();
  try {
    engine.link.setTempo(240);
    engine.link.setQuantum(1); // a bar every 250 ms
    const out = await engine.midi.createVirtualOutput('vcpi-test-clock-stop');
    engine.clock.enable(out);
    await sleep(300);

    engine.clock.start();
    engine.clock.stop(); // the same tick: the Start must not go out at the bar
    await sleep(700);
    let s = engine.clock.status();
    assert.is(s.starts, 0, 'Start then Stop in one tick: no Start');
    assert.is(s.startPending, false);
    assert.is(s.playing, false);

    engine.clock.start();
    await sleep(30); // the Start is now pending for its bar (≤ 250 ms away)
    s = engine.clock.status();
    if (s.startPending) {
      engine.clock.stop();
      await sleep(700);
      s = engine.clock.status();
      assert.is(s.starts, 0, 'Stop before the bar cancels the pending Start');
      assert.is(s.startPending, false);
    }

    engine.clock.stop();
    engine.clock.start(); // Stop then Start in one tick: it plays from the next bar
    await sleep(700);
    s = engine.clock.status();
    assert.is(s.starts, 1, 'Stop then Start: one Start');
    assert.is(s.playing, true);
    assert.is(engine.transport().playing, true, 'the transport plays with the clock');

    engine.clock.stop();
    await sleep(100);
    s = engine.clock.status();
    assert.is(s.stops, 1);
    assert.is(s.playing, false);
    assert.is(engine.transport().playing, false, 'and stops with it');
  } finally {
    await engine.close();
    await jack.stop();
  }
});

test.run();
