// Runs every scenario vector (tests/scenarios/arp/*.json) against the simulator, with each of its seeds. The
// firmware runs the same files on CPython (firmware/tests/test_scenarios.py).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeCalibrationAck, encodeCalibrationTiming, encodePlaybackStarted, toHex } from '@vcpi/protocol';
import type { Trace } from '../src/arp-simulator.js';
import { checkTrace, parseScenario, runScenario, type ScenarioVector, type Window } from '../src/scenario-format.js';
import { SCENARIO_DIR, staleFiles } from '../tools/generate-scenarios.js';

const files = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.json')).sort();

test('there are scenario vectors', () => {
  assert.ok(files.length >= 20, `found ${files.length} vector files in ${SCENARIO_DIR}`);
});

test('the vector files match their definitions (tools/generate-scenarios.ts)', () => {
  assert.equal(staleFiles(), []);
});

// The checker itself, on hand-made traces: `clock_us` and `after.from: "clock"` (the time a CalibrationAck or
// PlaybackStarted carries, read as true time: field − boot_us modulo 2^28).
const started = (field: number): string => toHex(encodePlaybackStarted(field));
function clockVector(bootUs: number, delta: Window, clock: Window): ScenarioVector {
  return {
    name: 'checker',
    description: '',
    source: '',
    seeds: [1],
    device: { boot_us: bootUs },
    steps: [],
    run_until_us: 0,
    expect: {
      usb_out: [{ hex: 'F0 7D 06 ?? ?? ?? ?? F7', label: 'started', clock_us: clock }],
      din: [{ hex: '90 3C 64', after: { label: 'started', from: 'clock', delta_us: delta } }],
    },
  };
}
const clockTrace = (field: number, dinEndUs: number, usbHex = started(field)): Trace => ({
  usbOut: [{ hex: usbHex, atNs: 0 }],
  din: [{ hex: '90 3C 64', startNs: (dinEndUs - 960) * 1000, endNs: dinEndUs * 1000 }],
  hooks: [],
  forwarded: [],
});

test('checkTrace: after a labelled message\'s clock, across the 2^28 wrap', () => {
  const boot = 0x10000000 - 100;
  // The field 400 is 500 µs of true time after boot (it wrapped); the DIN message ends 1960 µs after that.
  assert.equal(checkTrace(clockVector(boot, [1960, 1960], [400, 400]), clockTrace(400, 2460)), []);
  assert.equal(checkTrace(clockVector(boot, [1900, 1950], [0, 399]), clockTrace(400, 2460)), [
    'usb_out[0] (started): clock time 400 µs, expected 0 .. 399',
    "din[0]: 1.960 ms after started's clock, expected 1.900 ms .. 1.950 ms",
  ]);
  assert.equal(checkTrace(clockVector(boot, [0, 1e9], [0, 1e9]), clockTrace(400, 2460, 'F0 7D 03 00 F7')), [
    'usb_out[0] (started): expected F0 7D 06 ?? ?? ?? ?? F7, got F0 7D 03 00 F7',
    'usb_out[0] (started): clock time NaN µs, expected 0 .. 1000000000',
    'din[0]: started (F0 7D 03 00 F7) carries no clock time',
  ]);
});

// `timing`: a CalibrationTiming against its labelled CalibrationAck and when the host sent the Calibrate.
const BOOT = 1_000_000;
function timingVector(ack = 'cal_ack'): ScenarioVector {
  return {
    name: 'checker',
    description: '',
    source: '',
    seeds: [1],
    steps: [],
    run_until_us: 0,
    expect: {
      usb_out: [
        { hex: 'F0 7D 02 ?? ?? ?? ?? F7', label: 'cal_ack' },
        { hex: `F0 7D 07${' ??'.repeat(16)} F7`, timing: { ack, sent_us: 20_000 } },
      ],
      din: [],
    },
  };
}
/** Board-clock fields given as true µs (boot_us added here). */
const timingTrace = (t: number, r: number, e: number, a: number, timingHex?: string): Trace => ({
  usbOut: [
    { hex: toHex(encodeCalibrationAck(BOOT + 20_100)), atNs: 120_020_000 },
    { hex: timingHex ?? toHex(encodeCalibrationTiming({ timeUs: BOOT + t, readUs: BOOT + r, emptyUs: BOOT + e, ackUs: BOOT + a })), atNs: 120_020_000 },
  ],
  din: [],
  hooks: [],
  forwarded: [],
});

test('checkTrace: a CalibrationTiming against its ACK and the send', () => {
  // e before the send, r 72 µs before it (a clock step and a clock read, floored), t the ACK's, a before the ACK.
  assert.equal(checkTrace(timingVector(), timingTrace(20_100, 19_928, 19_000, 120_000)), []);
  assert.equal(checkTrace(timingVector(), timingTrace(20_101, 19_900, 20_001, 120_030)), [
    'usb_out[1]: t 1020101 µs, cal_ack carries 1020100 µs',
    'usb_out[1]: expected e <= r <= t <= a, got e 1020001 r 1019900 t 1020101 a 1120030 µs',
    'usb_out[1]: e at 20.001 ms, after the Calibrate was sent at 20.000 ms',
    'usb_out[1]: r at 19.900 ms, more than 0.072 ms before the Calibrate was sent at 20.000 ms',
    'usb_out[1]: a at 120.030 ms, after cal_ack was written at 120.020 ms',
  ]);
  assert.is(checkTrace(timingVector(), timingTrace(0, 0, 0, 0, 'F0 7D 07 F7')).at(-1), 'usb_out[1]: F0 7D 07 F7 is not a CalibrationTiming');
  assert.equal(checkTrace(timingVector('other'), timingTrace(20_100, 19_928, 19_000, 120_000)), ['usb_out[1]: no message labelled other']);
});

test('parseScenario refuses an expectation key it does not know (a check that would never run)', () => {
  const v = clockVector(0, [0, 0], [0, 0]);
  const withKey = (e: object): string => JSON.stringify({ ...v, expect: { ...v.expect, usb_out: [e] } });
  assert.throws(() => parseScenario(withKey({ hex: 'F7', ack_us: [0, 1] }), 'x.json'), /x\.json: expect\.usb_out\[0\]: unknown key ack_us/);
  assert.throws(() => parseScenario(withKey({ hex: 'F7', after: { label: 'a', delta_us: [0, 1], from: 'at' } }), 'x.json'), /after\.from must be "clock", got "at"/);
  assert.throws(() => parseScenario(withKey({ hex: 'F7', after: { label: 'a', delta: [0, 1] } }), 'x.json'), /after: unknown key delta/);
  assert.throws(() => parseScenario(withKey({ hex: 'F7', timing: { ack: 'a' } }), 'x.json'), /timing must have exactly the keys ack, sent_us, got ack$/);
  assert.throws(() => parseScenario(withKey({ hex: 'F7', timing: { ack: 'a', sent_us: 0, sent: 0 } }), 'x.json'), /timing must have exactly the keys ack, sent_us, got ack, sent_us, sent/);
});

for (const file of files) {
  const vector = parseScenario(readFileSync(join(SCENARIO_DIR, file), 'utf8'), file);
  for (const seed of vector.seeds) {
    test(`${vector.name} (seed ${seed})`, () => {
      const errors = checkTrace(vector, runScenario(vector, seed));
      assert.equal(errors, [], `${file}, seed ${seed}:\n  ${errors.join('\n  ')}`);
    });
  }
}

test.run();
