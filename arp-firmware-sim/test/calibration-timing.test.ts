// CalibrationTiming (PROTOCOL.md §3.5) on the simulated board: the times it carries against the true times of the run
// (the same cases as firmware/tests/test_calibration_timing.py). A board time is read back as true time like the
// scenario vectors' clock rule: (field − boot_us) mod 2^28, exact on a board without drift.
import { decodeCalibrationAck, decodeCalibrationTiming, encodeCalibrationTiming, fromHex, type CalibrationTiming } from '@vcpi/protocol';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ArpSimulator } from '../src/arp-simulator.js';
import { Replies } from '../src/replies.js';

const ENTER = fromHex('B0 66 7F');
const CALIBRATE = fromHex('B0 68 7F');
const U28 = 2 ** 28;
const STEP_US = 1e6 / 16384; // the model's clock step
const CLOCK_READ_US = 10;

const mod = (x: number): number => ((x % U28) + U28) % U28;
/** y is at or after x on the u28 clock. */
const notBefore = (x: number, y: number): boolean => mod(y - x) < U28 / 2;

/** The one calibration's ACK (time, when written) and CalibrationTiming (fields, when written). */
function replies(arp: ArpSimulator): { ackAt: number; ackTime: number; timing: CalibrationTiming; timingAt: number } {
  const i = arp.usbOut.findIndex((m) => m.bytes[2] === 0x02);
  assert.ok(i >= 0 && arp.usbOut.filter((m) => m.bytes[2] === 0x02).length === 1, 'one CalibrationAck');
  const ack = arp.usbOut[i]!;
  const next = arp.usbOut[i + 1];
  assert.ok(next !== undefined, 'a CalibrationTiming follows the ACK');
  return { ackAt: ack.atUs, ackTime: decodeCalibrationAck(ack.bytes).timeUs, timing: decodeCalibrationTiming(next.bytes), timingAt: next.atUs };
}

test('a Calibrate between two loop passes is bracketed by the reads around it', () => {
  for (const seed of [1, 2, 3]) {
    const arp = new ArpSimulator({ seed });
    const real = (field: number): number => mod(field - arp.board.model.bootUs);
    arp.hostSend(ENTER, { atUs: 0 });
    arp.runUntil(20_000);
    // The last pass has ended (its last read came back empty); the next starts at nextPass.
    const lastEnd = arp.board.t;
    const nextPass = arp.board.nextIteration;
    const arrival = Math.floor((lastEnd + nextPass) / 2000);
    arp.hostSend(CALIBRATE, { atUs: arrival });
    arp.runUntil(arrival + 200_000);
    const { ackAt, ackTime, timing, timingAt } = replies(arp);
    const { timeUs: t, readUs: r, emptyUs: e, ackUs: a } = timing;
    const where = `seed ${seed}: e ${real(e)}, arrival ${arrival}, r ${real(r)} µs`;
    assert.ok(real(e) < arrival, where);
    assert.ok(arrival - real(e) < 2000, `e is the last pass's empty read, ${where}`);
    assert.ok(arrival <= real(r), where);
    // r is the first read of the next pass, which reads the clock as the pass begins.
    assert.ok(nextPass / 1000 - STEP_US - 1 < real(r) && real(r) <= nextPass / 1000, `r at the next pass (${nextPass} ns), ${where}`);
    assert.is(t, ackTime, 't pairs the two messages');
    assert.ok(notBefore(r, t), 't >= r');
    assert.ok(mod(a - t) >= 100_000, 'a after the 100 ms note');
    assert.ok(real(a) <= ackAt, 'a is read before the ACK is written');
    assert.ok(ackAt - real(a) < STEP_US + CLOCK_READ_US + 1, 'right before it');
    assert.is(timingAt, ackAt, 'the CalibrationTiming goes out right after the ACK');
  }
});

test('a Calibrate in the very first read reports the start as e', () => {
  const arp = new ArpSimulator({ seed: 1 });
  const real = (field: number): number => mod(field - arp.board.model.bootUs);
  arp.hostSend(Uint8Array.of(...ENTER, ...CALIBRATE), { atUs: 0 });
  arp.runUntil(150_000);
  const { timeUs: t, readUs: r, emptyUs: e, ackUs: a } = replies(arp).timing;
  assert.ok(notBefore(e, r) && notBefore(r, t) && notBefore(t, a));
  assert.ok(notBefore(real(e), 0), 'e <= arrival (0)');
  assert.ok(real(e) <= real(r));
});

test('a Calibrate spread over reads before any empty read keeps e at the start', () => {
  // One byte per read, four reads per pass: Enter and the first byte of the Calibrate fill the first pass, the
  // second pass's second read completes it. No read has come back empty: e is the clock at construction.
  const arp = new ArpSimulator({ seed: 1 });
  const construction = arp.vintage.usbEmptyUs;
  arp.hostSend(Uint8Array.of(...ENTER, ...CALIBRATE), { atUs: 0, chunk: 1 });
  arp.runUntil(150_000);
  const { timeUs: t, readUs: r, emptyUs: e } = replies(arp).timing;
  assert.is(e, construction);
  assert.ok(mod(r - e) > 1000, 'r is in the second pass, a loop period later');
  assert.ok(notBefore(r, t));
});

test('the timing reply: the library\'s bytes, one preallocated buffer', () => {
  const writes: Uint8Array[] = [];
  const replies = new Replies({ write: (b) => writes.push(b) });
  replies.timing(1, 2, 3, U28 - 1);
  assert.equal([...(writes[0] as Uint8Array)], [...encodeCalibrationTiming({ timeUs: 1, readUs: 2, emptyUs: 3, ackUs: U28 - 1 })]);
  replies.timing(10_000, 0, 0, 0);
  assert.equal([...(writes[1] as Uint8Array)], [...encodeCalibrationTiming({ timeUs: 10_000, readUs: 0, emptyUs: 0, ackUs: 0 })]);
  assert.is(writes[0], writes[1], 'the same buffer each time');
});

test.run();
