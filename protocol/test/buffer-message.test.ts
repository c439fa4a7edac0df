import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  MAX_EVENTS,
  decode,
  decodeBufferMessage,
  encodeAppendBuffer,
  encodeLoadBuffer,
  eventSum,
  fromHex,
  toHex,
  type BufferEvent,
} from '@vcpi/protocol';
import { throwsCode } from './helpers/expect.js';

const ev = (timeUs: number, note: number, velocity: number, on: boolean): BufferEvent => ({ timeUs, note, velocity, on });

// Provenance: the spec's example event (shared/seeds/004, "Example Event": 1000 µs, note 60 (0x3C), velocity 80 (0x50),
// note on), corrected to 7-bit groups as PROTOCOL.md §3.1 says: 1000 = 7·128 + 104 → 00 00 07 68.
const SPEC_EVENT = '00 00 07 68 3C 50 01';

test('the spec example event, v1 bytes', () => {
  assert.is(toHex(encodeLoadBuffer([ev(1000, 60, 80, true)])), `F0 7D 01 00 01 ${SPEC_EVENT} F7`);
});

// Provenance: the spec's Test 3 (C3, E3, G3). Notes 48, 52, 55 at 0, 250 ms, 500 ms, each 200 ms long.
const test3: BufferEvent[] = [
  ev(0, 48, 100, true),
  ev(200_000, 48, 0, false),
  ev(250_000, 52, 100, true),
  ev(450_000, 52, 0, false),
  ev(500_000, 55, 100, true),
  ev(700_000, 55, 0, false),
];
const TEST3_HEX =
  'F0 7D 01 00 06 ' +
  '00 00 00 00 30 64 01 ' + // 0 µs
  '00 0C 1A 40 30 00 00 ' + // 200000 = 12·16384 + 26·128 + 64
  '00 0F 21 10 34 64 01 ' + // 250000 = 15·16384 + 33·128 + 16
  '00 1B 3B 50 34 00 00 ' + // 450000 = 27·16384 + 59·128 + 80
  '00 1E 42 20 37 64 01 ' + // 500000 = 30·16384 + 66·128 + 32
  '00 2A 5C 60 37 00 00 ' + // 700000 = 42·16384 + 92·128 + 96
  'F7';

test('spec Test 3 buffer: exact bytes and length 6 + 7n', () => {
  const bytes = encodeLoadBuffer(test3);
  assert.is(toHex(bytes), TEST3_HEX);
  assert.is(bytes.length, 6 + 7 * 6);
  assert.equal(decode(bytes), { type: 'LoadBuffer', events: test3 });
});

test('28-bit extremes and the count split nH·128 + nL', () => {
  const max = encodeLoadBuffer([ev(268_435_455, 127, 127, true)]);
  assert.is(toHex(max), 'F0 7D 01 00 01 7F 7F 7F 7F 7F 7F 01 F7');
  const events = Array.from({ length: 1000 }, (_, i) => ev(i * 10, 60 + (i % 2), 64, i % 2 === 0));
  const big = encodeLoadBuffer(events);
  assert.is(big[3], 1000 >> 7); // 7
  assert.is(big[4], 1000 & 0x7f); // 104
  assert.is(big.length, 6 + 7000);
  assert.equal(decodeBufferMessage(big, 'LoadBuffer').events, events);
});

test('append uses command 04 and allows wrapping modulo 2^28', () => {
  const events = [ev(268_435_000, 60, 90, true), ev(100, 60, 0, false)];
  const bytes = encodeAppendBuffer(events);
  assert.is(bytes[2], 0x04);
  assert.equal(decode(bytes), { type: 'AppendBuffer', events });
  // Load does not wrap: the same order is out of order there.
  throwsCode(() => encodeLoadBuffer(events), 'OUT_OF_ORDER', 'event 1', 'not a forward step');
});

test('append checks its first step against the previous event held', () => {
  const bytes = encodeAppendBuffer([ev(500, 60, 90, true)]);
  decodeBufferMessage(bytes, 'AppendBuffer', ev(400, 61, 0, false));
  throwsCode(() => decodeBufferMessage(bytes, 'AppendBuffer', ev(600, 61, 0, false)), 'OUT_OF_ORDER', 'event 0', 'at byte 5');
});

test('order: equal times need the note-off first (same note only)', () => {
  encodeLoadBuffer([ev(0, 60, 90, true), ev(100, 60, 0, false), ev(100, 60, 90, true)]);
  encodeLoadBuffer([ev(0, 60, 90, true), ev(0, 62, 0, false)]); // other note: fine
  throwsCode(() => encodeLoadBuffer([ev(0, 60, 90, true), ev(0, 60, 0, false)]), 'OUT_OF_ORDER', 'note-off of note 60 follows its note-on at the same time 0');
  const bad = fromHex('F0 7D 01 00 02 00 00 00 00 3C 5A 01 00 00 00 00 3C 00 00 F7');
  throwsCode(() => decode(bad), 'OUT_OF_ORDER', 'decodeLoadBuffer', 'event 1', 'at byte 12');
  throwsCode(() => encodeLoadBuffer([ev(10, 60, 90, true), ev(5, 60, 0, false)]), 'OUT_OF_ORDER', 'time 5 µs is not a forward step from 10 µs');
});

test('decode errors name the field, the value and the byte', () => {
  throwsCode(() => decode(fromHex('F0 7D 01 09 30 F7')), 'TOO_MANY_EVENTS', 'decodeLoadBuffer: event count 1200 exceeds 1000', 'at byte 3');
  throwsCode(() => decode(fromHex('F0 7D 01 00 00 F7')), 'BAD_COUNT', 'event count 0', 'at byte 3');
  throwsCode(() => decode(fromHex('F0 7D 01 00 02 00 00 07 68 3C 50 01 F7')), 'BAD_LENGTH', '2 events need 20 bytes, got 13');
  throwsCode(() => decode(fromHex('F0 7D 01 00 01 00 00 07 68 3C 50 01')), 'BAD_TERMINATOR', 'expected F7', 'at byte 11');
  throwsCode(() => decode(fromHex('F0 7D 01 00 01 00 00 03 E8 3C 50 01 F7')), 'HIGH_BIT', 'event 0 time', '0xE8', 'at byte 8');
  throwsCode(() => decode(fromHex('F0 7D 01 00 01 00 00 07 68 3C 50 02 F7')), 'OUT_OF_RANGE', 'event 0 on must be 0 or 1, got 2', 'at byte 11');
  throwsCode(() => decode(fromHex('F0 7D 01 00 F7')), 'BAD_LENGTH');
  throwsCode(() => decodeBufferMessage(fromHex('F0 7D 04 00 01 00 00 07 68 3C 50 01 F7'), 'LoadBuffer'), 'UNKNOWN_COMMAND', 'command 0x04, expected 0x01');
  throwsCode(() => decodeBufferMessage(fromHex('F0 41 01 00 01 F7'), 'LoadBuffer'), 'WRONG_MANUFACTURER', 'manufacturer 0x41');
});

test('encode errors name the event and field', () => {
  throwsCode(() => encodeLoadBuffer([]), 'BAD_COUNT', 'at least 1 event');
  throwsCode(() => encodeLoadBuffer(Array.from({ length: MAX_EVENTS + 1 }, () => ev(0, 60, 0, false))), 'TOO_MANY_EVENTS', 'event count 1001 exceeds 1000');
  throwsCode(() => encodeLoadBuffer([ev(0, 128, 1, true)]), 'INVALID_ARGUMENT', 'event 0 note', 'got 128');
  throwsCode(() => encodeLoadBuffer([ev(0, 60, -1, true)]), 'INVALID_ARGUMENT', 'event 0 velocity', 'got -1');
  throwsCode(() => encodeLoadBuffer([ev(268_435_456, 60, 1, true)]), 'INVALID_ARGUMENT', 'event 0 timeUs', 'got 268435456');
  throwsCode(() => encodeLoadBuffer([ev(1.5, 60, 1, true)]), 'INVALID_ARGUMENT', 'got 1.5');
  throwsCode(() => encodeLoadBuffer([{ timeUs: 0, note: 60, velocity: 1, on: 1 } as never]), 'INVALID_ARGUMENT', 'event 0 on');
});

test('eventSum is the 14-bit sum of the event bytes as encoded', () => {
  const bytes = encodeLoadBuffer(test3);
  let sum = 0;
  for (let i = 5; i < bytes.length - 1; i++) sum += bytes[i] as number;
  assert.is(eventSum(test3), sum % 16384);
  const many = Array.from({ length: 1000 }, (_, i) => ev(268_000_000 + i, 127, 127, true));
  assert.ok(eventSum(many) < 16384);
  let big = 0;
  for (const e of many) big += ((e.timeUs >>> 21) & 127) + ((e.timeUs >>> 14) & 127) + ((e.timeUs >>> 7) & 127) + (e.timeUs & 127) + 127 + 127 + 1;
  assert.is(eventSum(many), big % 16384);
});

test.run();
