// The M4 device model: clock quantisation and drift, DIN serialisation (chord notes leave one after another), the
// blocking UART write, USB reads in chunks, seeded loop jitter; and the model's parameter checks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deviceModel, deviceModelFromSnake, M4_DEFAULTS } from '../src/device-model.js';
import { Mulberry32 } from '../src/rng.js';
import { VirtualBoard, type DinRecord } from '../src/virtual-board.js';

test('monotonic_ns advances in 1/16384 s steps from the boot offset', () => {
  const b = new VirtualBoard({ bootUs: 0, clockReadUs: 0 });
  b.t = 61_035;
  assert.is(b.monotonicNs(), 0);
  b.t = 61_036;
  assert.is(b.monotonicNs(), 61_035);
  const booted = new VirtualBoard({ bootUs: 1_000_000, clockReadUs: 0 });
  assert.is(booted.monotonicNs(), Math.floor(Math.floor(1e9 / (1e9 / 16384)) * (1e9 / 16384)));
});

test('each clock read costs clockReadUs; drift makes the clock fast', () => {
  const b = new VirtualBoard({ bootUs: 0, clockReadUs: 10 });
  b.monotonicNs();
  b.monotonicNs();
  assert.is(b.t, 20_000);
  const d = new VirtualBoard({ bootUs: 0, clockReadUs: 0, driftPpm: 100, clockHz: 1e9 });
  d.t = 10_000_000_000;
  assert.is(d.monotonicNs(), 10_001_000_000);
});

test('DIN: 320 µs per byte, a chord leaves note after note, the write blocks until 2 bytes remain', () => {
  const din: DinRecord[] = [];
  const b = new VirtualBoard({}, 1, { onDin: (r) => din.push(r) });
  b.uartWrite(Uint8Array.of(0x90, 60, 100));
  assert.is(b.t, 320_000);
  b.uartWrite(Uint8Array.of(0x90, 64, 100));
  b.uartWrite(Uint8Array.of(0x90, 67, 100));
  assert.equal(din.map((r) => [r.startUs, r.endUs]), [[0, 960], [960, 1920], [1920, 2880]]);
  assert.is(b.t, 2_240_000);
  assert.is(b.dinByteUs, 320);
});

test('USB: bytes arrive at their time, one chunk per read, and cost time to parse', () => {
  const b = new VirtualBoard({ usbReadUs: 5, usbByteUs: 6 });
  b.hostSend(Uint8Array.of(1, 2, 3, 4, 5), 100, 2);
  const buf = new Uint8Array(64);
  assert.is(b.usbReadinto(buf, 64), 0, 'not there yet');
  b.t = 100_000;
  assert.is(b.usbReadinto(buf, 64), 2);
  assert.is(b.t, 100_000 + 5_000 + 12_000);
  assert.is(b.usbReadinto(buf, 1), 1, 'a read may take part of a chunk');
  assert.is(b.usbReadinto(buf, 64), 1);
  assert.equal([...buf.subarray(0, 1)], [4]);
  assert.is(b.usbPending, 1);
  assert.throws(() => b.hostSend(Uint8Array.of(1), 0, 0), /chunk must be an integer >= 1, got 0/);
});

test('loop passes: period ± jitter from the seed', () => {
  const b = new VirtualBoard({ loopPeriodUs: 1000, loopJitterUs: 250 }, 42);
  const starts: number[] = [];
  b.runUntil(20_000, () => starts.push(b.t));
  const r = new Mulberry32(42);
  let t = 0;
  const expected = [0];
  while (expected.length < starts.length) {
    t += 1_000_000 + ((r.nextU32() % 500_001) - 250_000);
    expected.push(t);
  }
  assert.equal(starts, expected);
  const gaps = starts.slice(1).map((s, i) => s - (starts[i] as number));
  assert.ok(gaps.every((g) => g >= 750_000 && g <= 1_250_000));
});

test('model parameters are checked and named', () => {
  assert.equal(deviceModel(), { ...M4_DEFAULTS });
  assert.throws(() => deviceModel({ clockHz: 0 }), /clockHz is out of range: 0/);
  assert.throws(() => deviceModel({ loopJitterUs: Number.NaN }), /loopJitterUs must be a finite number/);
  assert.throws(() => deviceModel({ nope: 1 } as never), /unknown parameter "nope"/);
  assert.throws(() => deviceModelFromSnake({ loop_period: 1 }), /unknown parameter "loop_period"/);
  assert.is(deviceModelFromSnake({ drift_ppm: -20 }).driftPpm, -20);
});

test.run();
