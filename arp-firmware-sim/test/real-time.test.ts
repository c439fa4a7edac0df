// RealTimeArp with an injected clock and timers: the simulation follows the clock, host bytes arrive "now", the
// endpoints get the Arp's USB replies and DIN output. No wall-clock waiting.
import { encodeLoadBuffer, fromHex, toHex } from '@vcpi/protocol';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RealTimeArp, type Clock, type Timers } from '../src/real-time.js';
import { SimSynth } from '../src/sim-synth.js';
import type { DinRecord, UsbRecord } from '../src/virtual-board.js';

class FakeClock implements Clock {
  us = 5_000_000;
  nowUs(): number {
    return this.us;
  }
}

class FakeTimers implements Timers {
  pending: { fn: () => void; ms: number }[] = [];
  setTimeout(fn: () => void, ms: number): unknown {
    const t = { fn, ms };
    this.pending.push(t);
    return t;
  }
  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((t) => t !== handle);
  }
  /** Moves the clock on by each timer's period and fires it, `n` times. */
  run(clock: FakeClock, n: number): void {
    for (let i = 0; i < n; i++) {
      const t = this.pending.shift();
      if (!t) return;
      clock.us += t.ms * 1000;
      t.fn();
    }
  }
}

test('follows the clock, answers over USB and plays to a synth', () => {
  const clock = new FakeClock();
  const timers = new FakeTimers();
  const usb: UsbRecord[] = [];
  const din: DinRecord[] = [];
  const synth = new SimSynth({ noiseFloorDb: -Infinity });
  const arp = new RealTimeArp({ clock, timers, periodMs: 2, onUsbOut: (r) => usb.push(r), onDin: (r) => (din.push(r), synth.receive(r)) });
  arp.start();
  assert.is(timers.pending.length, 1);
  arp.send(fromHex('B0 66 7F'));
  arp.send(encodeLoadBuffer([{ timeUs: 0, note: 60, velocity: 100, on: true }, { timeUs: 50_000, note: 60, velocity: 0, on: false }]));
  timers.run(clock, 10);
  assert.is(usb.length, 1);
  assert.is(toHex((usb[0] as UsbRecord).bytes).slice(0, 11), 'F0 7D 03 00');
  arp.send(fromHex('B0 64 7F'));
  timers.run(clock, 50);
  assert.equal(din.map((r) => toHex(r.bytes)), ['90 3C 64', '80 3C 00', 'B0 7B 00']);
  const first = din[0] as DinRecord;
  assert.ok(first.startUs >= 20_000 && first.startUs <= 24_000, `note-on at ${first.startUs} µs after start`);
  assert.ok(Math.abs(arp.simulator.nowUs - arp.simulatedNowUs) < 3000, 'the simulation keeps up with the clock');
  const audio = synth.process(0, Math.ceil(synth.onsetSample(first.endUs)) + 10);
  assert.ok(audio.some((v) => v !== 0), 'the synth sounds');
  arp.stop();
  assert.is(timers.pending.length, 0);
  timers.run(clock, 5);
  assert.is(din.length, 3, 'nothing runs after stop');
});

test('periodMs is checked', () => {
  assert.throws(() => new RealTimeArp({ periodMs: 0 }), /periodMs must be in \(0, 1000\], got 0/);
});

test.run();
