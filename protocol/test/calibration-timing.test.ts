import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decode, decodeCalibrationTiming, encodeCalibrationTiming, fromHex, toHex } from '@vcpi/protocol';
import { throwsCode } from './helpers/expect.js';

// PROTOCOL.md §3.5: t, r, e, a, each four 7-bit groups big-endian. 10 000 = 00 00 4E 10 (the §3.3 example);
// 9 900 = 77·128 + 44 → 00 00 4D 2C; 9 000 = 70·128 + 40 → 00 00 46 28; 110 000 = 6·16384 + 91·128 + 48 → 00 06 5B 30.
const BYTES = 'F0 7D 07 00 00 4E 10 00 00 4D 2C 00 00 46 28 00 06 5B 30 F7';

test('CalibrationTiming: the fields in order, hand-worked bytes', () => {
  const m = { timeUs: 10_000, readUs: 9_900, emptyUs: 9_000, ackUs: 110_000 };
  assert.is(toHex(encodeCalibrationTiming(m)), BYTES);
  assert.equal(decode(fromHex(BYTES)), { type: 'CalibrationTiming', ...m });
});

test('CalibrationTiming round trip at the ends of the 28-bit range', () => {
  for (const t of [0, 127, 128, 2_097_152, 268_435_455]) {
    const m = { timeUs: t, readUs: 268_435_455 - t, emptyUs: t, ackUs: 1 };
    assert.equal(decodeCalibrationTiming(encodeCalibrationTiming(m)), { type: 'CalibrationTiming', ...m });
  }
});

test('CalibrationTiming errors name the field and the byte', () => {
  throwsCode(() => encodeCalibrationTiming({ timeUs: 0, readUs: 0, emptyUs: 2 ** 28, ackUs: 0 }), 'INVALID_ARGUMENT', 'emptyUs', '268435456');
  throwsCode(() => encodeCalibrationTiming({ timeUs: 0, readUs: -1, emptyUs: 0, ackUs: 0 }), 'INVALID_ARGUMENT', 'readUs');
  throwsCode(() => decode(fromHex('F0 7D 07 00 00 4E 10 F7')), 'BAD_LENGTH', 'expected 20 bytes, got 8');
  throwsCode(() => decode(fromHex(BYTES.replace('5B 30', '5B B0'))), 'HIGH_BIT', 'ackUs', 'at byte 18');
  throwsCode(() => decodeCalibrationTiming(fromHex('F0 7D 02 00 00 4E 10 F7')), 'UNKNOWN_COMMAND', 'command 0x02, expected 0x07');
});

test.run();
