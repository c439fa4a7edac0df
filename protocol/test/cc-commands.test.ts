import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { commands, decode, decodeCommand, encode, encodeCommand, fromHex, toHex, type ArpCommand } from '@vcpi/protocol';
import { throwsCode } from './helpers/expect.js';

// PROTOCOL.md §2, byte for byte. Provenance: the spec's CC table (shared/seeds/004, "MIDI CC Commands").
const table: [string, ArpCommand, string][] = [
  ['Pattern Up', commands.pattern('Up'), 'B0 14 00'],
  ['Pattern Down', commands.pattern('Down'), 'B0 14 01'],
  ['Pattern UpDown (spec Test 2)', commands.pattern('UpDown'), 'B0 14 02'],
  ['Pattern Random', commands.pattern('Random'), 'B0 14 03'],
  ['Division 1/4', commands.division('1/4'), 'B0 15 00'],
  ['Division 1/8 (spec Test 2)', commands.division('1/8'), 'B0 15 01'],
  ['Division 1/16', commands.division('1/16'), 'B0 15 02'],
  ['Octaves 1', commands.octaveRange(1), 'B0 16 00'],
  ['Octaves 4', commands.octaveRange(4), 'B0 16 03'],
  ['Latch off', commands.latch(false), 'B0 17 00'],
  ['Latch on', commands.latch(true), 'B0 17 01'],
  ['Start', commands.start(), 'B0 64 7F'],
  ['Stop', commands.stop(), 'B0 65 7F'],
  ['Enter', commands.enter(), 'B0 66 7F'],
  ['Exit', commands.exit(), 'B0 67 7F'],
  ['Calibrate', commands.calibrate(), 'B0 68 7F'],
  ['Start on channel 16', commands.start(16), 'BF 64 7F'],
  ['Pattern on channel 10', commands.pattern('Random', 10), 'B9 14 03'],
];

for (const [label, cmd, bytes] of table) {
  test(`encode ${label}`, () => {
    assert.is(toHex(encodeCommand(cmd)), bytes);
    assert.is(toHex(encode(cmd)), bytes);
  });
  test(`decode ${label} round trip`, () => {
    const d = decode(fromHex(bytes));
    const { raw, clamped, ...rest } = d as typeof d & { raw: number; clamped: boolean };
    assert.equal(rest, cmd);
    assert.is(clamped, false);
    assert.is(raw, fromHex(bytes)[2]);
  });
}

test('decoder reports the firmware clamp with min()', () => {
  assert.equal(decodeCommand(1, 20, 9), { type: 'Pattern', channel: 1, raw: 9, pattern: 'Random', clamped: true });
  assert.equal(decodeCommand(1, 21, 127), { type: 'Division', channel: 1, raw: 127, division: '1/16', clamped: true });
  assert.equal(decodeCommand(1, 22, 4), { type: 'OctaveRange', channel: 1, raw: 4, octaves: 4, clamped: true });
  assert.equal(decodeCommand(1, 23, 64), { type: 'Latch', channel: 1, raw: 64, latch: true, clamped: true });
  assert.equal(decodeCommand(1, 23, 0), { type: 'Latch', channel: 1, raw: 0, latch: false, clamped: false });
});

test('action CCs with a value other than 127 still act, raw value reported', () => {
  assert.equal(decodeCommand(3, 100, 0), { type: 'StartPlayback', channel: 3, raw: 0, clamped: false });
});

test('other controllers are not commands', () => {
  for (const cc of [0, 1, 7, 19, 24, 99, 105, 123, 127]) assert.is(decodeCommand(1, cc, 0), undefined, `CC ${cc}`);
  throwsCode(() => decode(fromHex('B0 07 64')), 'NOT_ARP_MESSAGE', 'CC 7');
});

test('encoders throw on anything untyped, naming field and value', () => {
  throwsCode(() => encodeCommand({ type: 'Pattern', channel: 1, pattern: 'Sideways' as never }), 'INVALID_ARGUMENT', 'encodePattern', 'pattern', '"Sideways"');
  throwsCode(() => encodeCommand({ type: 'Pattern', channel: 1, pattern: 2 as never }), 'INVALID_ARGUMENT', 'got 2');
  throwsCode(() => encodeCommand({ type: 'Division', channel: 1, division: '1/32' as never }), 'INVALID_ARGUMENT', 'division', '"1/32"');
  throwsCode(() => encodeCommand({ type: 'OctaveRange', channel: 1, octaves: 0 as never }), 'INVALID_ARGUMENT', 'octaves', 'got 0');
  throwsCode(() => encodeCommand({ type: 'OctaveRange', channel: 1, octaves: 5 as never }), 'INVALID_ARGUMENT', 'got 5');
  throwsCode(() => encodeCommand({ type: 'Latch', channel: 1, latch: 1 as never }), 'INVALID_ARGUMENT', 'latch', 'got 1');
  throwsCode(() => encodeCommand({ type: 'StartPlayback', channel: 0 }), 'INVALID_ARGUMENT', 'channel', '1-16', 'got 0');
  throwsCode(() => encodeCommand({ type: 'StartPlayback', channel: 17 }), 'INVALID_ARGUMENT', 'got 17');
  throwsCode(() => encodeCommand({ type: 'StartPlayback', channel: 1.5 }), 'INVALID_ARGUMENT', 'got 1.5');
  throwsCode(() => encodeCommand({ type: 'Jump', channel: 1 } as never), 'INVALID_ARGUMENT', 'unknown command type "Jump"');
});

test('strict decode of a CC checks length and data bytes', () => {
  throwsCode(() => decode(fromHex('B0 14')), 'BAD_LENGTH', '3 bytes', 'got 2');
  throwsCode(() => decode(fromHex('B0 14 80')), 'HIGH_BIT', 'value', '0x80', 'at byte 2');
});

test.run();
