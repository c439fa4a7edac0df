import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decode, decodeStatus, encodeStatus, encodeStatusRequest, fromHex, toHex, type Status } from '@vcpi/protocol';
import { throwsCode } from './helpers/expect.js';

const base: Omit<Status, 'type'> = {
  code: 'Ok',
  flags: { vintage: true, playing: false, latch: false, calibrating: false },
  pattern: 'Up',
  division: '1/8',
  octaves: 2,
  buffered: 6,
  free: 994,
  sum: 1234,
};

// Provenance: PROTOCOL.md §4.3 field by field: code 0, flags 01 (vintage), pattern 0, division 1, octaves 1 (2 octaves),
// c = 6 → 00 06, f = 994 = 7·128 + 98 → 07 62, s = 1234 = 9·128 + 82 → 09 52.
test('Status: exact bytes', () => {
  assert.is(toHex(encodeStatus(base)), 'F0 7D 03 00 01 00 01 01 00 06 07 62 09 52 F7');
});

test('Status: every code and flag combination round-trips', () => {
  const codes = ['Ok', 'Malformed', 'TooManyEvents', 'NotInVintageMode', 'OutOfOrder', 'BufferEmpty', 'Busy'] as const;
  codes.forEach((code, value) => {
    for (let f = 0; f < 16; f++) {
      const flags = { vintage: !!(f & 1), playing: !!(f & 2), latch: !!(f & 4), calibrating: !!(f & 8) };
      const s: Status = { type: 'Status', ...base, code, flags, pattern: 'Random', division: '1/16', octaves: 4, buffered: 16383, free: 0, sum: 16383 };
      const bytes = encodeStatus(s);
      assert.is(bytes[3], value);
      assert.is(bytes[4], f);
      assert.equal(decode(bytes), s);
    }
  });
});

test('Status: decode errors', () => {
  throwsCode(() => decodeStatus(fromHex('F0 7D 03 07 01 00 01 01 00 06 07 62 09 52 F7')), 'OUT_OF_RANGE', 'code 7', 'at byte 3');
  throwsCode(() => decodeStatus(fromHex('F0 7D 03 00 11 00 01 01 00 06 07 62 09 52 F7')), 'OUT_OF_RANGE', 'flags 17', 'at byte 4');
  throwsCode(() => decodeStatus(fromHex('F0 7D 03 00 01 04 01 01 00 06 07 62 09 52 F7')), 'OUT_OF_RANGE', 'pattern 4', 'at byte 5');
  throwsCode(() => decodeStatus(fromHex('F0 7D 03 00 01 00 03 01 00 06 07 62 09 52 F7')), 'OUT_OF_RANGE', 'division 3', 'at byte 6');
  throwsCode(() => decodeStatus(fromHex('F0 7D 03 00 01 00 01 04 00 06 07 62 09 52 F7')), 'OUT_OF_RANGE', 'octaves 4', 'at byte 7');
  throwsCode(() => decodeStatus(fromHex('F0 7D 03 00 01 00 01 01 00 06 07 62 09 F7')), 'BAD_LENGTH', 'expected 15 bytes, got 14');
  throwsCode(() => decodeStatus(fromHex('F0 7D 03 00 01 00 01 01 00 86 07 62 09 52 F7')), 'HIGH_BIT', 'buffered', 'at byte 9');
});

test('Status: encode errors', () => {
  throwsCode(() => encodeStatus({ ...base, code: 'Fine' as never }), 'INVALID_ARGUMENT', 'code', '"Fine"');
  throwsCode(() => encodeStatus({ ...base, buffered: 16384 }), 'INVALID_ARGUMENT', 'buffered', '16384');
  throwsCode(() => encodeStatus({ ...base, octaves: 0 as never }), 'INVALID_ARGUMENT', 'octaves');
  throwsCode(() => encodeStatus({ ...base, pattern: 'up' as never }), 'INVALID_ARGUMENT', 'pattern', '"up"');
});

test('StatusRequest', () => {
  assert.is(toHex(encodeStatusRequest()), 'F0 7D 05 F7');
  assert.equal(decode(fromHex('F0 7D 05 F7')), { type: 'StatusRequest' });
  throwsCode(() => decode(fromHex('F0 7D 05 00 F7')), 'BAD_LENGTH', 'expected 4 bytes, got 5');
});

test.run();
