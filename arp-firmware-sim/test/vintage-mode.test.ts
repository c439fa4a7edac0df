// VintageMode as a unit (the same cases as firmware/tests/test_vintage_mode.py): constructor checks, status
// fields, calibration timing, playback across the 2^28 µs wrap, Stop's release, the GC hook's timing.
import {
  decodeCalibrationTiming,
  decodeStatus,
  encodeAppendBuffer,
  encodeCalibrationAck,
  encodeCalibrationTiming,
  encodeLoadBuffer,
  encodePlaybackStarted,
  encodeStatus,
  type BufferEvent,
} from '@vcpi/protocol';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RecordingHooks } from '../src/hooks.js';
import { VintageMode, type VintageModeOptions } from '../src/vintage-mode.js';
import { toHex } from '@vcpi/protocol';

class Recorder {
  writes: Uint8Array[] = [];
  write(b: Uint8Array): void {
    this.writes.push(b.slice());
  }
  hex(): string[] {
    return this.writes.map((w) => toHex(w));
  }
}

class StepClock {
  ns = 0;
  constructor(private readonly step = 1000) {}
  read = (): number => {
    const v = this.ns;
    this.ns += this.step;
    return v;
  };
}

const ev = (timeUs: number, note: number, velocity: number, on: boolean): BufferEvent => ({ timeUs, note, velocity, on });

function make(options: VintageModeOptions = {}, step = 1000) {
  const din = new Recorder();
  const usb = new Recorder();
  const clock = new StepClock(step);
  const hooks = new RecordingHooks();
  const vm = new VintageMode(din, usb, clock.read, { hooks, ...options });
  return { vm, din, usb, clock, hooks };
}

const sysex = (vm: VintageMode, bytes: Uint8Array): void => vm.handleSysex(bytes, bytes.length);

test('constructor checks name the value', () => {
  assert.throws(() => make({ dinChannel: 0 }), /din_channel must be an integer 1-16, got 0/);
  assert.throws(() => make({ dinChannel: 1.5 }), /got 1.5/);
  assert.throws(() => make({ spinMaxUs: 20001 }), /spinMaxUs must be an integer 0-20000, got 20001/);
});

test('Status fields, decoded by the protocol library', () => {
  const { vm, usb } = make();
  vm.enter();
  sysex(vm, encodeLoadBuffer([ev(0, 60, 100, true), ev(1000, 60, 0, false)]));
  vm.handleCc(23, 1);
  vm.handleCc(22, 9);
  sysex(vm, Uint8Array.of(0xf0, 0x7d, 0x05, 0xf7));
  const s = decodeStatus(usb.writes[usb.writes.length - 1] as Uint8Array);
  assert.equal(s, {
    type: 'Status',
    code: 'Ok',
    flags: { vintage: true, playing: false, latch: true, calibrating: false },
    pattern: 'Up',
    division: '1/8',
    octaves: 4,
    buffered: 2,
    free: 998,
    sum: (60 + 100 + 1 + 7 + 104 + 60) % 16384,
  });
});

test('calibration: note-on now, note-off from tick after 100 ms, then the ACK', () => {
  const { vm, din, usb, clock } = make();
  vm.enter();
  clock.ns = 5_000_000_000;
  vm.calibrate();
  assert.equal(din.hex(), ['90 3C 7F']);
  clock.ns += 50_000_000;
  vm.tick();
  assert.is(din.writes.length, 1);
  clock.ns += 60_000_000;
  vm.tick();
  assert.equal(din.hex(), ['90 3C 7F', '80 3C 00']);
  const t = 5_000_000 % 0x10000000;
  assert.equal([...(usb.writes[0] as Uint8Array)], [0xf0, 0x7d, 0x02, (t >>> 21) & 0x7f, (t >>> 14) & 0x7f, (t >>> 7) & 0x7f, t & 0x7f, 0xf7]);
  // Then the CalibrationTiming: t, r and e (no USB read yet: the clock at construction, 0), a at the finish.
  assert.is(usb.writes.length, 2);
  const timing = decodeCalibrationTiming(usb.writes[1] as Uint8Array);
  assert.equal([timing.timeUs, timing.readUs, timing.emptyUs], [t, 0, 0]);
  assert.ok(timing.ackUs - t >= 100_000 && timing.ackUs - t < 111_000, `a = ${timing.ackUs}`);
});

test('the USB read times go with the Calibrate they came with; Exit finishes early with them', () => {
  const { vm, usb, clock } = make();
  vm.enter();
  vm.usbWindow(7_000, 7_900);
  clock.ns = 8_000_000_000;
  vm.calibrate();
  vm.usbWindow(9_000, 9_500); // later reads (a StatusRequest, an Exit) do not move the calibration's times
  vm.exit();
  const timing = decodeCalibrationTiming(usb.writes[usb.writes.length - 1] as Uint8Array);
  assert.equal([timing.timeUs, timing.readUs, timing.emptyUs], [8_000_000, 7_900, 7_000]);
  assert.ok(timing.ackUs >= timing.timeUs, 'a finished early by Exit: still after t');
});

test('an accepted Start answers PlaybackStarted with the u28 start time before any event; a refused one only its Status', () => {
  const { vm, din, usb, clock } = make();
  vm.enter();
  vm.startPlayback();
  assert.equal(usb.writes.map((w) => decodeStatus(w).code), ['BufferEmpty']);
  sysex(vm, encodeLoadBuffer([ev(0, 60, 100, true), ev(1000, 60, 0, false)]));
  clock.ns = (0x10000000 + 12_345) * 1000; // past the wrap: the time is sent modulo 2^28
  vm.startPlayback();
  assert.is(vm.startedAtUs, 12_345);
  assert.equal(usb.hex().slice(2), [toHex(encodePlaybackStarted(12_345))]);
  assert.equal(din.writes, [], 'nothing played yet');
  vm.startPlayback();
  assert.equal(usb.writes.slice(3).map((w) => decodeStatus(w).code), ['Busy']);
});

test('CalibrationAck, Status, PlaybackStarted and CalibrationTiming sent to the Arp are ignored, whole or cut', () => {
  const { vm, usb } = make();
  vm.enter();
  const status = encodeStatus({ code: 'Ok', flags: { vintage: true, playing: false, latch: false, calibrating: false }, pattern: 'Up', division: '1/8', octaves: 2, buffered: 0, free: 1000, sum: 0 });
  const timing = encodeCalibrationTiming({ timeUs: 1, readUs: 2, emptyUs: 3, ackUs: 4 });
  for (const m of [encodeCalibrationAck(1), status, encodePlaybackStarted(2), timing, Uint8Array.of(0xf0, 0x7d, 0x07, 0xf7)]) {
    sysex(vm, m);
    vm.handleBrokenSysex(m, 4);
  }
  assert.equal(usb.writes, [], 'no reply');
  sysex(vm, Uint8Array.of(0xf0, 0x7d, 0x08, 0xf7));
  assert.equal(usb.writes.map((w) => decodeStatus(w).code), ['Malformed'], 'an unknown command is not');
});

test('a streamed take runs past the 2^28 µs wrap', () => {
  const { vm, din, usb, clock } = make();
  vm.enter();
  const near = 0x10000000 - 2_000_000;
  sysex(vm, encodeLoadBuffer([ev(0, 60, 100, true), ev(100_000_000, 60, 0, false), ev(200_000_000, 61, 100, true), ev(near, 61, 0, false)]));
  sysex(vm, encodeAppendBuffer([ev(1_000_000, 62, 100, true), ev(2_000_000, 62, 0, false)]));
  assert.equal(usb.writes.map((w) => w[3]), [0, 0]);
  clock.ns = 1_000_000_000;
  vm.startPlayback();
  const ends: [number, string][] = [];
  for (let i = 0; i < 543; i++) {
    clock.ns = 1_000_000_000 + i * 500_000_000;
    const before = din.writes.length;
    vm.tick();
    for (const h of din.hex().slice(before)) ends.push([i * 0.5, h]);
  }
  assert.equal(ends.map((e) => e[1]), ['90 3C 64', '80 3C 00', '90 3D 64', '80 3D 00', '90 3E 64', '80 3E 00', 'B0 7B 00']);
  assert.equal(ends.map((e) => e[0]), [0, 100, 200, 266.5, 269.5, 270.5, 270.5]);
});

test('Stop releases the sounding notes, lowest first, then CC 123; Stop again sends nothing', () => {
  const { vm, din } = make();
  vm.enter();
  sysex(vm, encodeLoadBuffer([ev(0, 64, 100, true), ev(0, 60, 100, true), ev(0, 67, 0, true), ev(5_000_000, 60, 0, false)]));
  vm.startPlayback();
  vm.tick();
  vm.stopPlayback();
  vm.stopPlayback();
  assert.equal(din.hex(), ['90 40 64', '90 3C 64', '90 43 00', '80 3C 00', '80 40 00', 'B0 7B 00']);
});

test('the GC hook runs only when no DIN deadline is within 20 ms', () => {
  let calls = 0;
  const { vm, clock } = make({ gcGuard: { maybeCollect: () => calls++ } }, 0);
  vm.enter();
  sysex(vm, encodeLoadBuffer([ev(0, 60, 100, true), ev(10_000, 60, 0, false), ev(100_000, 62, 100, true)]));
  vm.startPlayback();
  clock.ns += 1_000;
  vm.tick();
  assert.is(calls, 0);
  clock.ns += 20_000_000;
  vm.tick();
  assert.is(calls, 1);
});

test('spinning sends an event due before the next tick on time; without it, on the next tick', () => {
  for (const [spin, expectLate] of [[2000, false], [0, true]] as const) {
    const { vm, din, clock } = make({ spinMaxUs: spin }, 10_000);
    vm.enter();
    sysex(vm, encodeLoadBuffer([ev(0, 60, 100, true), ev(1_500, 60, 0, false)]));
    // ticks every 1 ms of the clock (each clock read also moves it 10 µs)
    vm.startPlayback();
    const sentAt: number[] = [];
    for (let i = 0; i < 6; i++) {
      const before = din.writes.length;
      vm.tick();
      for (let k = before; k < din.writes.length; k++) sentAt.push(clock.ns);
      clock.ns = (i + 1) * 1_000_000;
    }
    const offAt = (sentAt[1] as number) / 1000;
    assert.ok(expectLate ? offAt >= 2000 : offAt >= 1500 && offAt < 1600, `spin ${spin}: note-off sent at ${offAt} µs`);
  }
});

test.run();
