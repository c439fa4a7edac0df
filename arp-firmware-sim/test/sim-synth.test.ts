// SimSynth: DIN notes in → audio out, with latency, envelope, noise floor; deterministic across block sizes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimSynth } from '../src/sim-synth.js';

const on = (note: number, vel: number, ch = 1): Uint8Array => Uint8Array.of(0x90 | (ch - 1), note, vel);
const off = (note: number, ch = 1): Uint8Array => Uint8Array.of(0x80 | (ch - 1), note, 0);

function firstAbove(x: Float32Array, threshold: number): number {
  return x.findIndex((v) => Math.abs(v) > threshold);
}

const rms = (x: Float32Array): number => Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length);

test('a note is heard at its arrival time plus the audio-path latency', () => {
  const s = new SimSynth({ sampleRate: 48_000, latencyMs: 5, noiseFloorDb: -Infinity, attackMs: 1 });
  s.midi(on(69, 127), 10_000);
  const out = s.process(0, 4800);
  const onset = s.onsetSample(10_000);
  assert.is(onset, 480 + 240);
  assert.is(firstAbove(out, 1e-6), onset + 1, 'level rises from 0 on the onset sample');
  assert.ok(out.slice(0, onset).every((v) => v === 0));
});

test('latency in samples; a slow attack reaches full level after attackMs', () => {
  const s = new SimSynth({ sampleRate: 1000, latencySamples: 7, attackMs: 100, decayMs: 1, sustain: 1, waveform: 'square', noiseFloorDb: -Infinity, gain: 1 });
  s.midi(on(60, 127), 0);
  const out = s.process(0, 200);
  assert.is(s.latencySamples, 7);
  assert.is(firstAbove(out, 0), 8);
  assert.ok(Math.abs(Math.abs(out[57] as number) - 0.5) < 0.02, `half way up the attack: ${out[57]}`);
  assert.ok(Math.abs(Math.abs(out[150] as number) - 1) < 1e-9);
});

test('note-off releases to silence; CC 123 releases everything', () => {
  const s = new SimSynth({ sampleRate: 1000, latencySamples: 0, attackMs: 1, releaseMs: 10, noiseFloorDb: -Infinity });
  s.midi(on(60, 100), 0);
  s.midi(on(64, 100), 0);
  s.midi(off(60), 50_000);
  s.process(0, 100);
  assert.is(s.activeVoices, 1);
  s.midi(Uint8Array.of(0xb0, 123, 0), 100_000);
  const tail = s.process(100, 30);
  assert.is(s.activeVoices, 0);
  assert.ok(tail.slice(15).every((v) => v === 0));
});

test('the noise floor has the configured RMS and is seeded', () => {
  const a = new SimSynth({ noiseFloorDb: -40, seed: 3 }).process(0, 48_000);
  const b = new SimSynth({ noiseFloorDb: -40, seed: 3 }).process(0, 48_000);
  const c = new SimSynth({ noiseFloorDb: -40, seed: 4 }).process(0, 48_000);
  assert.ok(Math.abs(20 * Math.log10(rms(a)) + 40) < 0.5, `rms ${20 * Math.log10(rms(a))} dBFS`);
  assert.equal(a, b);
  assert.not.equal(a, c);
});

test('any block size gives the same samples; a gap is rendered and skipped', () => {
  const make = (): SimSynth => {
    const s = new SimSynth({ noiseFloorDb: -60 });
    s.midi(on(48, 90), 1_000);
    s.midi(on(55, 90), 2_500);
    s.midi(off(48), 30_000);
    return s;
  };
  const whole = make().process(0, 4096);
  const s = make();
  const parts: number[] = [];
  for (let start = 0; start < 4096; ) {
    const n = Math.min(4096 - start, 1 + ((start * 7) % 300));
    parts.push(...s.process(start, n));
    start += n;
  }
  assert.equal(Float32Array.from(parts), whole);
  const skip = make();
  skip.process(0, 100);
  assert.equal(skip.process(1000, 96), whole.slice(1000, 1096));
  assert.throws(() => skip.process(500, 10), /before the next sample to render, 1096/);
});

test('a message that arrives after its sample was rendered is applied at once and counted', () => {
  const s = new SimSynth({ sampleRate: 1000, latencySamples: 0, noiseFloorDb: -Infinity, attackMs: 1 });
  s.process(0, 100);
  s.midi(on(60, 100), 50_000);
  assert.is(s.lateEvents, 1);
  assert.ok(Math.abs(s.process(100, 2)[1] as number) > 0);
});

test('channel filter, running status and note-on velocity 0', () => {
  const s = new SimSynth({ sampleRate: 1000, latencySamples: 0, channel: 2, noiseFloorDb: -Infinity, attackMs: 1 });
  s.midi(on(60, 127, 1), 0);
  assert.ok(s.process(0, 10).every((v) => v === 0), 'channel 1 is not heard');
  assert.is(s.activeVoices, 0);
  s.midi(Uint8Array.of(0x91, 60, 127, 62, 64), 10_000);
  s.process(10, 20);
  assert.is(s.activeVoices, 2, 'two note-ons, the second with running status');
  s.midi(Uint8Array.of(0x91, 60, 0, 62, 0), 30_000);
  s.process(30, 200);
  assert.is(s.activeVoices, 0, 'note-on velocity 0 ends both');
});

test('amplitude follows velocity', () => {
  const peak = (vel: number): number => {
    const s = new SimSynth({ sampleRate: 1000, latencySamples: 0, noiseFloorDb: -Infinity, waveform: 'square', attackMs: 1, decayMs: 1, sustain: 1, gain: 0.5 });
    s.midi(on(60, vel), 0);
    return Math.max(...s.process(0, 50).map(Math.abs));
  };
  assert.ok(Math.abs(peak(127) - 0.5) < 1e-6);
  assert.ok(Math.abs(peak(64) - (0.5 * 64) / 127) < 1e-6);
});

test('options out of range are refused naming the option', () => {
  assert.throws(() => new SimSynth({ sampleRate: 0 }), /sampleRate must be a finite number > 0, got 0/);
  assert.throws(() => new SimSynth({ latencyMs: 1, latencySamples: 2 }), /latencyMs or latencySamples/);
  assert.throws(() => new SimSynth({ sustain: 2 }), /sustain must be 0-1, got 2/);
  assert.throws(() => new SimSynth({ channel: 17 }), /channel must be 1-16 or 'omni', got 17/);
  assert.throws(() => new SimSynth({ attackMs: -1 }), /attackMs must be a finite number >= 0, got -1/);
});

test.run();
